"""Every lesson in JupyterLab in a real browser: Run All shows what the stored outputs say."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from browser import browser, jupyterlab, needs_chromium, run_all, screenshot, shown_outputs, stored_texts
from notebook_runs import lessons

__all__ = ["browser"]  # a fixture
pytestmark = needs_chromium


@pytest.mark.parametrize("lesson", [path.name for path in lessons()])
def test_run_all_in_jupyterlab_shows_the_stored_outputs(browser: object, lesson: str, tmp_path: Path) -> None:
    with jupyterlab(Path(sys.executable), [lesson]) as lab:
        page = run_all(browser, lab, lesson)
        shown = shown_outputs(page)
        first_output = page.locator(".jp-CodeCell:has(.jp-OutputArea-output)").first  # type: ignore[attr-defined]
        first_output.scroll_into_view_if_needed()
        screenshot(page, f"jupyterlab-{lesson.removesuffix('.ipynb')}", tmp_path)
    expected = stored_texts(lesson)
    assert len(shown) == len(expected)
    for index, (on_page, parts) in enumerate(zip(shown, expected, strict=True)):
        for part in parts:
            assert part in on_page, f"cell {index}: {part!r} is not on the page: {on_page!r}"
