"""What the browser tests share: JupyterLab on copies of the lessons, Chromium, Swagger UI.

Playwright drives the system's Chromium (Debian's `chromium` package); it never downloads a
browser. Without Chromium the browser tests are skipped, and the skip says how to enable them.
Set COURSE_SCREENSHOTS=/some/folder to keep the screenshots they take.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest

from helpers.processes import run_server
from notebook_runs import NOTEBOOKS, ROOT, code_cells, read, sanitize, tags

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
BINDER_VENV = ROOT / ".cache" / "venvs" / "binder"
HUB_PREFIX = "/user/learner/"
TOKEN = "browser-test-token"

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed: install Debian's package (`sudo apt-get install chromium`) "
    "to run the browser tests; they never download a browser",
)


@contextmanager
def jupyterlab(
    python: Path, lessons: list[str], base_url: str = "/", hub: bool = False, interface: str = "lab"
) -> Iterator[str]:
    """JupyterLab (or, with interface="notebook", Notebook 7) on copies of `lessons` with their
    outputs cleared; yields its base URL.

    Copies, so JupyterLab's autosave never touches the repository; a fresh settings and
    workspace folder, so nothing from a learner's own JupyterLab leaks in.
    """
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        (work / "notebooks").mkdir()
        for name in lessons:
            notebook = read(NOTEBOOKS / name)
            for cell in code_cells(notebook):
                cell.outputs, cell.execution_count = [], None
            nbformat.write(notebook, work / "notebooks" / name)
        settings = work / "settings" / "@jupyterlab"
        (settings / "notebook-extension").mkdir(parents=True)
        (settings / "apputils-extension").mkdir(parents=True)
        # Render every cell (JupyterLab leaves cells out of view out of the page by default),
        # and do not ask about news: no internet here.
        (settings / "notebook-extension" / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
        (settings / "apputils-extension" / "notification.jupyterlab-settings").write_text(
            '{"fetchNews": "false", "checkForUpdates": false}'
        )
        env = {
            "JUPYTERLAB_SETTINGS_DIR": str(work / "settings"),
            "JUPYTER_CONFIG_DIR": str(work / "config"),
            "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
        }
        if hub:
            env["JUPYTERHUB_SERVICE_PREFIX"] = base_url
        command = [
            str(python), "-m", {"lab": "jupyterlab", "notebook": "notebook"}[interface], "--no-browser", "--allow-root",
            "--port={port}", "--ServerApp.port_retries=0", f"--ServerApp.base_url={base_url}",
            f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={work / 'notebooks'}",
            f"--LabApp.workspaces_dir={work / 'workspaces'}",
        ]  # fmt: skip
        # Stopping the process group at the end also stops the kernels JupyterLab started.
        ready = f"{base_url}api/status?token={TOKEN}"
        with run_server(command, cwd=work, env=env, ready_path=ready, timeout=60) as lab:
            yield f"{lab.url}{base_url}"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Chromium, for the tests of one module (import this fixture into the module)."""
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def screenshot(page: object, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("COURSE_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=False)  # type: ignore[attr-defined]


def run_all(browser: object, lab_url: str, lesson: str) -> object:
    """Open a lesson in JupyterLab, use Run > Run All Cells, wait until every cell has run."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{lab_url}lab/tree/{lesson}?token={TOKEN}")
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=60_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator('[data-command="runmenu:run-all"]').click()
    cells = len(code_cells(read(NOTEBOOKS / lesson)))
    last_prompt = f".jp-CodeCell .jp-InputPrompt:text-is('[{cells}]:')"
    page.wait_for_selector(last_prompt, state="attached", timeout=120_000)
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=60_000)
    return page


def shown_outputs(page: object) -> list[str]:
    cells = page.locator(".jp-CodeCell .jp-OutputArea")  # type: ignore[attr-defined]
    return [sanitize(cells.nth(i).text_content() or "") for i in range(cells.count())]


def stored_texts(lesson: str) -> list[list[str]]:
    """What each code cell's stored outputs say, as a learner reads them on the page."""
    texts = []
    for cell in code_cells(read(NOTEBOOKS / lesson)):
        parts = []
        if "nbval-ignore-output" in tags(cell):  # it says where it runs (helpers.doctor)
            texts.append([])
            continue
        for output in cell.outputs:
            if output.output_type == "stream":
                parts.append(output.text)
            elif "text/html" in output.get("data", {}):
                parts.append(output.data["text/html"].split(">", 1)[1].rsplit("<", 1)[0])  # a link's text
            elif "text/plain" in output.get("data", {}):
                parts.append(output.data["text/plain"])
        texts.append([sanitize(part).strip() for part in parts if part.strip()])
    return texts


def try_it_out(page: object, path: str) -> str:
    """Swagger UI: open an operation, Try it out, Execute; return the response body shown."""
    operation = page.locator(".opblock", has=page.locator(f".opblock-summary-path[data-path='{path}']"))  # type: ignore[attr-defined]
    operation.locator(".opblock-summary").click()
    operation.locator("button.try-out__btn").click()
    operation.locator("button.execute").click()
    body = operation.locator(".live-responses-table .response-col_description pre").first
    body.wait_for(timeout=30_000)
    body.scroll_into_view_if_needed()
    return body.text_content() or ""


def open_docs(browser: object, lab: str, lesson: str) -> tuple[object, str]:
    """Run a lesson in JupyterLab, then follow the docs link it shows; returns the page and link."""
    page = run_all(browser, lab, lesson)
    link = page.locator(".jp-OutputArea a", has_text="Open the interactive API docs")  # type: ignore[attr-defined]
    href = link.get_attribute("href") or ""
    docs = page.context.new_page()  # type: ignore[attr-defined]
    docs.goto(href if href.startswith("http") else lab.split("/user/")[0] + href)
    docs.wait_for_selector(".swagger-ui .opblock-summary-path", timeout=30_000)
    return docs, href
