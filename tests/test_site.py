"""The course as a website: built from the stored outputs, offline, every page opened in Chromium.

The site is built once for this module, into a temporary folder, and served on 127.0.0.1.
"""

from __future__ import annotations

import functools
import html
import http.server
import re
import socket
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from browser import browser, needs_chromium, screenshot
from helpers.processes import run_server
from notebook_runs import ROOT, code_cells, lessons, read

sys.path[:0] = [str(ROOT / "site"), str(ROOT / "workshop")]
import tables  # noqa: E402
import website  # noqa: E402

__all__ = ["browser"]  # a fixture
HUB = "https://hub.example.org"  # the JupyterHub the test build's launch buttons open
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build folder: the site's html in html/, Sphinx's cache beside it. Built by the
    command `course.py site` runs, in its own process as there."""
    out = tmp_path_factory.mktemp("site")
    command = [sys.executable, str(ROOT / "site" / "website.py"), f"--out={out}", f"--hub={HUB}"]
    built = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    assert built.stderr == "", built.stderr  # no warning from Sphinx, the theme or a notebook
    return out


@pytest.fixture(scope="module")
def site(build: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 as `course.py site --serve` serves it; yields its URL."""
    handler = functools.partial(website.Handler, directory=str(build / "html"))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_address[1]}/"
        server.shutdown()
        thread.join(timeout=10)


def pages(build: Path) -> list[str]:
    """The site's pages (the theme's templates in _static/ are no pages)."""
    found = [path.relative_to(build / "html") for path in (build / "html").rglob("*.html")]
    return sorted(path.as_posix() for path in found if not path.parts[0].startswith("_"))


def stored(lesson: Path) -> tuple[int, int, int]:
    """What a lesson's page must show: its stored outputs, Mermaid diagrams, worked solutions."""
    notebook = read(lesson)
    outputs = sum(len(cell.outputs) for cell in code_cells(notebook))
    markdown = ["".join(cell.source) for cell in notebook.cells if cell.cell_type == "markdown"]
    diagrams = sum(text.count("```mermaid") for text in markdown)
    solutions = sum(text.startswith("<details><summary>Worked solution</summary>") for text in markdown)
    return outputs, diagrams, solutions


def open_offline(browser: object, url: str) -> tuple[object, list[str], list[str]]:
    """Open `url` in a fresh context where every request to another host is aborted.

    Returns the page, the outside requests it tried, and its console errors and page errors.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    outside: list[str] = []
    errors: list[str] = []

    def route(request_route: object) -> None:
        request_url = request_route.request.url  # type: ignore[attr-defined]
        host = urllib.parse.urlsplit(request_url).hostname or ""
        if request_url.startswith(("http:", "https:", "ws:", "wss:")) and host not in LOOPBACK:
            outside.append(request_url)
            request_route.abort()  # type: ignore[attr-defined]
        else:
            request_route.continue_()  # type: ignore[attr-defined]

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    page.goto(url, wait_until="networkidle")
    return page, outside, errors


@needs_chromium
def test_the_offline_check_catches_outside_requests_and_console_errors(browser: object, tmp_path: Path) -> None:
    """The checks the page tests rely on can fail: a page with a web font and an error fails them."""
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="https://fonts.example.org/font.css">'
        '<img src="//images.example.org/badge.svg"><script>console.error("broken")</script>'
    )
    handler = functools.partial(website.Handler, directory=str(tmp_path))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        page, outside, errors = open_offline(browser, f"http://127.0.0.1:{server.server_address[1]}/")
        page.context.close()  # type: ignore[attr-defined]
        server.shutdown()
    assert sorted(outside) == ["http://images.example.org/badge.svg", "https://fonts.example.org/font.css"]
    assert "broken" in errors


def test_the_site_has_a_page_per_lesson_the_index_and_the_guide(build: Path) -> None:
    found = pages(build)
    assert [f"notebooks/{lesson.stem}.html" for lesson in lessons()] == [p for p in found if p.startswith("notebooks/")]
    assert {"index.html", "workshop/README.html", "search.html"} <= set(found)
    index = html.unescape((build / "html" / "index.html").read_text()).replace("\u2019", "'")  # smart quotes
    for lesson in tables.lessons():  # the README's table, each lesson linked to its page
        assert f'href="notebooks/{Path(lesson.file).stem}.html"' in index
        assert f">{lesson.title}<" in index.replace(f">{lesson.number} ", ">")
        assert lesson.goals[0].split("`")[0].strip() in index
    assert "badge_logo.svg" not in index  # the README's badge image would load from mybinder.org
    guide = (build / "html" / "workshop" / "README.html").read_text()
    assert guide.count('class="task-list-item-checkbox"') == tables.GUIDE.read_text().count("- [ ]")
    assert guide.count("<table") == tables.GUIDE.read_text().count("\n|---") >= 2  # schedules, sizing


@needs_chromium
@pytest.mark.parametrize("lesson", lessons(), ids=lambda path: path.stem[:2])
def test_a_lesson_page_shows_its_outputs_diagrams_folded_solutions_and_launch_buttons(
    browser: object, build: Path, site: str, lesson: Path, tmp_path: Path
) -> None:
    outputs, diagrams, solutions = stored(lesson)
    page, outside, errors = open_offline(browser, f"{site}notebooks/{lesson.stem}.html")
    diagram_svgs = "document.querySelectorAll('.mermaid[data-processed=\"true\"] > svg').length"
    page.wait_for_function(f"{diagram_svgs} >= {diagrams}", timeout=30_000)  # type: ignore[attr-defined]

    # One look at every output area and diagram (a round trip each would be slow): its size,
    # whether it is displayed, its text; for a diagram, its labels and mermaid's error mark.
    shown = page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".cell_output > .output",
        "areas => areas.map(a => [a.checkVisibility({visibilityProperty: true}), a.offsetHeight, a.textContent.trim()])",
    )
    assert len(shown) == outputs, "each stored output is one output area on the page"
    for i, (visible, height, text) in enumerate(shown):
        assert visible and height > 5 and text, f"output {i} is hidden or empty"
    drawn = page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".mermaid",
        """diagrams => diagrams.map(d => {
            const svg = d.querySelector(':scope > svg');
            if (!svg) return null;
            const box = svg.getBoundingClientRect();
            return [svg.checkVisibility(), box.width, box.height, svg.querySelectorAll('text, foreignObject').length,
                    svg.getAttribute('aria-roledescription')];
        })""",
    )
    assert len(drawn) == diagrams
    for i, diagram in enumerate(drawn):
        assert diagram is not None, f"diagram {i} was not drawn"
        visible, width, height, labels, role = diagram
        assert visible and width > 50 and height > 20, f"diagram {i} is hidden or too small to see"
        assert labels > 0 and role != "error", f"diagram {i} has no labels, or is mermaid's syntax-error picture"
    folded = page.locator("details", has=page.locator("summary", has_text="Worked solution"))  # type: ignore[attr-defined]
    assert folded.count() == solutions
    for i in range(solutions):
        solution = folded.nth(i)
        assert solution.get_attribute("open") is None, "a worked solution shows before it is asked for"
        assert not solution.locator("pre").first.is_visible()
        solution.locator("summary").click()
        assert solution.locator("pre").first.is_visible()
    if lesson.stem[:2] in ("01", "02"):
        page.locator(".mermaid > svg").first.scroll_into_view_if_needed()  # type: ignore[attr-defined]
        screenshot(page, f"site-lesson-{lesson.stem[:2]}-diagram", tmp_path)
        page.evaluate("window.scrollTo(0, 0)")  # type: ignore[attr-defined]
        page.locator(".dropdown-launch-buttons button").click()  # type: ignore[attr-defined]
        screenshot(page, f"site-lesson-{lesson.stem[:2]}", tmp_path)
    assert launch_links(page) == {name: normalized(url) for name, url in expected_launch_links(lesson).items()}
    assert outside == [] and errors == []
    page.context.close()  # type: ignore[attr-defined]


def launch_links(page: object) -> dict[str, str]:
    links = page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".dropdown-launch-buttons a", "links => links.map(a => [a.textContent.trim(), a.href])"
    )
    return {name: normalized(url) for name, url in links}


def normalized(url: str) -> tuple[str, list[tuple[str, str]]]:
    """A URL as its address and its decoded query parameters: `%2F` and `/` are the same."""
    parts = urllib.parse.urlsplit(url)
    return parts._replace(query="").geturl(), sorted(urllib.parse.parse_qsl(parts.query))


def expected_launch_links(lesson: Path) -> dict[str, str]:
    """Binder's is the README's link; the hub's is nbgitpuller's: clone the course, open the lesson."""
    path = f"notebooks/{lesson.name}"
    hub = urllib.parse.urlencode(
        {"repo": f"https://github.com/{tables.BINDER_REPOSITORY}", "branch": tables.BINDER_BRANCH,
         "urlpath": f"lab/tree/{tables.BINDER_REPOSITORY.split('/')[1]}/{path}"}
    )  # fmt: skip
    return {
        "Binder": f"{tables.BINDER}?urlpath=lab/tree/{path}",
        "Colab": f"https://colab.research.google.com/github/{tables.BINDER_REPOSITORY}/blob/{tables.BINDER_BRANCH}/{path}",
        "JupyterHub": f"{HUB}/hub/user-redirect/git-pull?{hub}",
    }


def test_stored_outputs_are_shown_as_stored(build: Path) -> None:
    """The build never runs a notebook: each page holds exactly the text of its stored outputs."""
    for lesson in lessons():
        page = (build / "html" / "notebooks" / f"{lesson.stem}.html").read_text()
        text = re.sub(r"<[^>]+>", "", page).replace("&quot;", '"').replace("&#39;", "'").replace("&lt;", "<")
        text = text.replace("&gt;", ">").replace("&amp;", "&")
        for cell in code_cells(read(lesson)):
            for output in cell.outputs:
                if output.output_type == "stream":
                    for line in output.text.splitlines():
                        assert line.strip() in text, f"{lesson.name}: stored output line missing: {line!r}"


@needs_chromium
def test_the_other_pages_load_offline_without_errors(browser: object, build: Path, site: str, tmp_path: Path) -> None:
    others = [page for page in pages(build) if not page.startswith("notebooks/")]
    for name in others:
        page, outside, errors = open_offline(browser, site + name)
        assert outside == [] and errors == [], name
        if name in ("index.html", "workshop/README.html"):
            screenshot(page, f"site-{name.split('/')[0].removesuffix('.html')}", tmp_path)
        page.context.close()  # type: ignore[attr-defined]


@needs_chromium
def test_search_finds_a_lesson_by_a_word_in_it(browser: object, site: str, tmp_path: Path) -> None:
    page, outside, errors = open_offline(browser, f"{site}search.html?q=WebSocketDisconnect")
    results = page.locator("#search-results li a")  # type: ignore[attr-defined]
    results.first.wait_for(timeout=30_000)
    assert any(href and "notebooks/18-websockets.html" in href for href in [a.get_attribute("href") for a in results.all()])
    screenshot(page, "site-search", tmp_path)
    assert outside == [] and errors == []
    page.context.close()  # type: ignore[attr-defined]


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
        for attribute in ("href", "src"):
            if found.get(attribute) and tag in ("a", "link", "script", "img"):
                self.links.append(found[attribute] or "")


def test_every_internal_link_resolves_and_every_page_is_reachable(build: Path, site: str) -> None:
    """Crawl from the home page: every link within the site answers 200, every #anchor exists."""
    seen: dict[str, Links] = {}
    queue, anchors = [site], []
    with httpx.Client(trust_env=False) as client:
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            response = client.get(url)
            assert response.status_code == 200, f"broken link: {url}"
            seen[url] = Links()
            if response.headers["content-type"].startswith("text/html"):
                seen[url].feed(response.text)
            for link in seen[url].links:
                target, _, anchor = urllib.parse.urljoin(url, link).partition("#")
                if target.startswith(site):
                    queue.append(target)
                    if anchor:
                        anchors.append((url, target, urllib.parse.unquote(anchor)))
                else:
                    assert urllib.parse.urlsplit(target).hostname not in LOOPBACK, f"{url} links a live server: {link}"
    for source, target, anchor in anchors:
        assert anchor in seen[target].ids, f"{source} links #{anchor}, which {target} does not have"
    reached = {url.removeprefix(site) or "index.html" for url in seen}
    assert set(pages(build)) <= reached


def test_the_serve_command_serves_mermaid_as_javascript(build: Path) -> None:
    """`course.py site --serve` runs website.py: browsers run ES modules served as JavaScript only."""
    command = [sys.executable, str(ROOT / "site" / "website.py"), "--serve", "--port={port}", f"--out={build}", f"--hub={HUB}"]
    with run_server(command, cwd=ROOT, timeout=120) as server:
        assert "FastAPI, live" in server.client.get("/").text
        module = server.client.get("/_static/mermaid/mermaid.esm.min.mjs")
        assert module.status_code == 200 and module.headers["content-type"].startswith("text/javascript")


def test_mermaid_is_fetched_only_when_it_matches_its_pinned_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Download:
        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def __enter__(self) -> Download:
            return self

        def __exit__(self, *args: object) -> None:
            pass

        def read(self) -> bytes:
            return b"not the package"

    monkeypatch.setattr(website.urllib.request, "urlopen", Download)
    with pytest.raises(SystemExit, match="does not match its pinned hash"):
        website.vendor_mermaid(tmp_path / "mermaid")
    assert list(tmp_path.iterdir()) == []

    def offline(*args: object, **kwargs: object) -> None:
        raise OSError("no network")

    monkeypatch.setattr(website.urllib.request, "urlopen", offline)
    with pytest.raises(SystemExit, match="run this command again with internet access"):
        website.vendor_mermaid(tmp_path / "mermaid")



def test_serving_on_a_busy_port_says_what_to_do(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with pytest.raises(SystemExit, match="choose another port with --port"):
            website.serve(tmp_path, busy.getsockname()[1])


def test_a_page_gone_since_the_last_build_is_noticed(tmp_path: Path) -> None:
    """A removed or renamed lesson must not stay on the site: the build then starts anew."""
    assert website.stage(tmp_path) is False
    (tmp_path / "notebooks" / "99-removed.ipynb").write_text("{}")
    assert website.stage(tmp_path) is True
    assert not (tmp_path / "notebooks" / "99-removed.ipynb").exists()
    assert website.stage(tmp_path) is False
