"""A page a lesson serves, opened in a real browser through a Binder-style hub's proxy.

Lesson 14's Greeter page loads a stylesheet and a logo and calls the API with `fetch`: on
Binder the browser reaches the app only under `{prefix}proxy/{port}/`, so every address in the
page must resolve there. tests/test_hostile.py follows the same addresses without a browser;
this test clicks the button.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import BINDER_VENV, HUB_PREFIX, browser, jupyterlab, needs_chromium, run_all, screenshot

__all__ = ["browser"]  # a fixture
pytestmark = needs_chromium


def test_lesson_19s_page_works_through_the_hub_proxy(browser: object, tmp_path: Path) -> None:
    python = BINDER_VENV / "bin" / "python"
    if not python.exists():
        pytest.skip("the Binder-like venv is missing: `python3 course.py test` builds it in .cache/venvs/binder")
    with jupyterlab(python, ["19-static-files.ipynb"], base_url=HUB_PREFIX, hub=True) as lab:
        notebook = run_all(browser, lab, "19-static-files.ipynb")
        link = notebook.locator(".jp-OutputArea a", has_text="Open the Greeter page")  # type: ignore[attr-defined]
        href = link.get_attribute("href") or ""
        assert href.startswith(f"{HUB_PREFIX}proxy/") and href.endswith("/site/"), href
        failed: list[str] = []
        site = notebook.context.new_page()  # type: ignore[attr-defined]
        site.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
        site.goto(lab.split(HUB_PREFIX)[0] + href)
        assert "sans-serif" in site.evaluate("getComputedStyle(document.body).fontFamily")  # the stylesheet
        assert site.evaluate("document.querySelector('h1 img').naturalWidth") == 40  # the logo
        site.click("#go")
        site.wait_for_function("document.getElementById('answer').textContent.startsWith('Hello')", timeout=10_000)
        assert site.text_content("#answer") == "Hello, Ada!"  # the fetch reached the API
        screenshot(site, "greeter-binder-proxy", tmp_path)
    assert not failed, failed
