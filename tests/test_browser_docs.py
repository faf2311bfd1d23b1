"""/docs in a real browser: rendered offline, "Try it out", Authorize, and through a hub's proxy."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from browser import BINDER_VENV, HUB_PREFIX, browser, jupyterlab, needs_chromium, open_docs, screenshot, try_it_out

__all__ = ["browser"]  # a fixture
pytestmark = needs_chromium


def check_docs_of_lesson_00(browser: object, lab: str, tmp_path: Path, name: str) -> str:
    docs, href = open_docs(browser, lab, "00-welcome.ipynb")
    paths = docs.locator(".swagger-ui .opblock-summary-path").all_text_contents()  # type: ignore[attr-defined]
    assert paths == ["/", "/ping"]  # every route of the lesson, in order
    assert '"ping": "..."' in try_it_out(docs, "/ping")
    screenshot(docs, name, tmp_path)
    return href


def test_a_lessons_docs_render_offline_and_try_it_out_works(browser: object, tmp_path: Path) -> None:
    with jupyterlab(Path(sys.executable), ["00-welcome.ipynb"]) as lab:
        href = check_docs_of_lesson_00(browser, lab, tmp_path, "docs-local")
    assert href.startswith("http://127.0.0.1:")


def test_on_a_binder_style_hub_docs_open_through_the_proxy(browser: object, tmp_path: Path) -> None:
    python = BINDER_VENV / "bin" / "python"
    if not python.exists():
        pytest.skip("the Binder-like venv is missing: `python3 course.py test` builds it in .cache/venvs/binder")
    with jupyterlab(python, ["00-welcome.ipynb"], base_url=HUB_PREFIX, hub=True) as lab:
        href = check_docs_of_lesson_00(browser, lab, tmp_path, "docs-binder-proxy")
    assert href.startswith(f"{HUB_PREFIX}proxy/") and href.endswith("/docs")


def test_the_authorize_button_logs_in_to_lesson_09s_app(browser: object, tmp_path: Path) -> None:
    with jupyterlab(Path(sys.executable), ["12-authentication.ipynb"]) as lab:
        docs, _ = open_docs(browser, lab, "12-authentication.ipynb")
        docs.locator(".auth-wrapper button.authorize").click()  # type: ignore[attr-defined]
        docs.fill("#oauth_username", "alice")  # type: ignore[attr-defined]
        docs.fill("#oauth_password", "wonderland")  # type: ignore[attr-defined]
        docs.locator(".auth-btn-wrapper button.authorize").click()  # type: ignore[attr-defined]
        # The token request takes a moment (Argon2): logged in, the button says Logout.
        docs.locator(".auth-btn-wrapper button", has_text="Logout").wait_for(timeout=30_000)  # type: ignore[attr-defined]
        docs.locator(".auth-btn-wrapper button.btn-done").click()  # type: ignore[attr-defined]
        body = try_it_out(docs, "/users/me")
        screenshot(docs, "docs-authorized", tmp_path)
    assert '"username": "alice"' in body
