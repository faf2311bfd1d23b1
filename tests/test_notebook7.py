"""A lesson in Jupyter Notebook 7's interface, in a real browser: Run All shows what the
stored outputs say, and the docs link opens the app's /docs."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import httpx

from browser import TOKEN, browser, jupyterlab, needs_chromium, screenshot, shown_outputs, stored_texts
from notebook_runs import NOTEBOOKS, code_cells, read

__all__ = ["browser"]  # a fixture
pytestmark = needs_chromium
LESSON = "00-welcome.ipynb"


def kernel_is_ready(server: str) -> None:
    """Wait until the notebook's session has a kernel that is idle (at most 60 s)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        sessions = httpx.get(f"{server}api/sessions", params={"token": TOKEN}, trust_env=False).json()
        if any(session["kernel"]["execution_state"] == "idle" for session in sessions):
            return
        time.sleep(0.2)
    raise AssertionError(f"Notebook 7 started no kernel for {LESSON} within 60 s")


def test_lesson_00_runs_in_notebook_7(browser: object, tmp_path: Path) -> None:
    with jupyterlab(Path(sys.executable), [LESSON], interface="notebook") as server:
        page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()  # type: ignore[attr-defined]
        page.goto(f"{server}notebooks/{LESSON}?token={TOKEN}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        kernel_is_ready(server)  # Notebook 7 shows "idle" before its kernel has even started
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator('[data-command="runmenu:run-all"]').click()
        cells = len(code_cells(read(NOTEBOOKS / LESSON)))
        page.wait_for_selector(f".jp-CodeCell .jp-InputPrompt:text-is('[{cells}]:')", state="attached", timeout=120_000)
        shown = shown_outputs(page)
        screenshot(page, "notebook7-00-welcome", tmp_path)
        link = page.locator(".jp-OutputArea a", has_text="Open the interactive API docs").get_attribute("href") or ""
        docs = page.context.new_page()
        docs.goto(link)
        docs.wait_for_selector(".swagger-ui .opblock-summary-path", timeout=30_000)
        paths = docs.locator(".swagger-ui .opblock-summary-path").all_text_contents()
    expected = stored_texts(LESSON)
    assert len(shown) == len(expected)
    for index, (on_page, parts) in enumerate(zip(shown, expected, strict=True)):
        for part in parts:
            assert part in on_page, f"cell {index}: {part!r} is not on the page: {on_page!r}"
    assert link.startswith("http://127.0.0.1:") and paths == ["/", "/ping"]
