"""Wherever a learner runs a lesson, the links it shows open there (tests/places.py simulates
Colab, Codespaces and a hub), and the tests themselves pass from a hub's terminal."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest
from fastapi import FastAPI

import places
from helpers import serve
from helpers.server import COLAB_DOCS_NOTE
from helpers.docs import browser_url, proxy_root_path
from notebook_runs import NOTEBOOKS, ROOT, code_cells, comparable, read, run, tags


def colab(monkeypatch: pytest.MonkeyPatch, eval_js: object) -> None:
    """Make `google.colab.output` importable in this process, with this `eval_js`."""
    output = types.ModuleType("google.colab.output")
    output.eval_js = eval_js  # type: ignore[attr-defined]
    colab_module = types.ModuleType("google.colab")
    colab_module.output = output  # type: ignore[attr-defined]
    google = types.ModuleType("google")
    google.colab = colab_module  # type: ignore[attr-defined]
    for name, module in [("google", google), ("google.colab", colab_module), ("google.colab.output", output)]:
        monkeypatch.setitem(sys.modules, name, module)


def test_locally_the_link_is_the_app_itself() -> None:
    assert browser_url("127.0.0.1", 8123) == "http://127.0.0.1:8123"
    assert proxy_root_path(8123) == ""


def test_on_colab_the_link_comes_from_colabs_kernel_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def eval_js(script: str, ignore_result: bool = False, timeout_sec: float | None = None) -> str:
        calls.append((script, timeout_sec))
        return "https://8123-m-s-1a2b3c-colab.googleusercontent.com/"

    colab(monkeypatch, eval_js)
    assert browser_url("127.0.0.1", 8123) == "https://8123-m-s-1a2b3c-colab.googleusercontent.com"
    assert calls == [("google.colab.kernel.proxyPort(8123)", 10)]  # bounded: never a hang
    assert proxy_root_path(8123) == ""  # Colab forwards to the root of the port


@pytest.mark.parametrize("failure", [TimeoutError("no answer"), RuntimeError("no browser")])
def test_on_colab_with_no_answer_from_the_browser_the_link_is_local(
    monkeypatch: pytest.MonkeyPatch, failure: Exception
) -> None:
    def eval_js(script: str, ignore_result: bool = False, timeout_sec: float | None = None) -> str:
        raise failure

    colab(monkeypatch, eval_js)
    assert browser_url("127.0.0.1", 8123) == "http://127.0.0.1:8123"


def test_in_a_codespace_the_link_is_the_forwarded_port(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in places.CODESPACE.items():
        monkeypatch.setenv(name, value)
    assert browser_url("127.0.0.1", 8123) == "https://ada-fastapi-course-x7g9-8123.app.github.dev"
    assert proxy_root_path(8123) == ""  # forwarded to the root of the port
    monkeypatch.delenv("GITHUB_CODESPACES_PORT_FORWARDING_DOMAIN")
    assert browser_url("127.0.0.1", 8123) == "http://127.0.0.1:8123"  # half a codespace is none


def test_a_hub_prefix_wins_over_the_other_places(monkeypatch: pytest.MonkeyPatch) -> None:
    """JupyterLab on a hub in a codespace: the browser is on the hub, so the hub's proxy."""
    for name, value in places.CODESPACE.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/ada/")
    assert browser_url("127.0.0.1", 8123) == "/user/ada/proxy/8123"


@pytest.mark.parametrize("place", ["colab", "codespaces"])
def test_at_the_root_of_a_forwarded_port_docs_find_the_schema(
    place: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if place == "colab":
        colab(monkeypatch, lambda script, ignore_result=False, timeout_sec=None: "https://x-colab.googleusercontent.com/")
    for name, value in places.environment(place, tmp_path).items():
        if name != "PYTHONPATH":
            monkeypatch.setenv(name, value)
    with serve(FastAPI(), name="places-test") as server:
        assert "url: '/openapi.json'" in server.client.get("/docs").text
        link = server.docs_link()
        assert link.url.startswith("https://")
        # Colab's proxy lets only GET through "Try it out" (googlecolab/colabtools#3925): the link says so there.
        assert (COLAB_DOCS_NOTE in link.text) == (place == "colab"), link.text


def test_locally_the_docs_link_has_no_colab_note() -> None:
    with serve(FastAPI(), name="places-test") as server:
        assert server.docs_link().text == "Open the interactive API docs (/docs)"


@pytest.mark.parametrize("place", ["colab", "codespaces", "hub"])
def test_lesson_00_shows_the_right_docs_link_and_otherwise_its_stored_outputs(
    place: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Lesson 00 in a real kernel that has the place's environment."""
    for name, value in places.environment(place, tmp_path).items():
        monkeypatch.setenv(name, value)
    notebook = read(NOTEBOOKS / "00-welcome.ipynb")
    stored = [comparable(cell) for cell in code_cells(notebook)]
    [fresh] = run(notebook)
    # doctor() names the place and the Python it finds: nbval does not compare it, nor do we.
    compared = ["nbval-ignore-output" not in tags(cell) for cell in code_cells(notebook)]
    stored = [text for text, keep in zip(stored, compared) if keep]
    fresh = [text for text, keep in zip(fresh, compared, strict=True) if keep]
    links = [match for text in fresh for match in re.findall(places.DOCS_LINKS[place], text)]
    assert len(links) == 2 and len(set(links)) == 1, fresh  # the link, as HTML and as text
    normalize = places.as_stored(place)
    if place == "colab":  # the link's text adds the note on Colab's proxy; the stored run was local
        assert all(COLAB_DOCS_NOTE in text for text in fresh if re.search(places.DOCS_LINKS[place], text)), fresh
        fresh = [text.replace(f". {COLAB_DOCS_NOTE}", "").replace(f". {html.escape(COLAB_DOCS_NOTE)}", "") for text in fresh]
    assert [normalize(text) for text in fresh] == stored


def test_the_tests_pass_in_a_hub_terminal(tmp_path: Path) -> None:
    """A JupyterHub or Binder terminal has the hub's variables set: they must not reach the
    tests that expect a local run (conftest.py clears them)."""
    env = {**os.environ, "JUPYTERHUB_SERVICE_PREFIX": "/user/ada/", "JUPYTERHUB_USER": "ada",
           "JUPYTERHUB_API_URL": "http://127.0.0.1:1/hub/api", **places.CODESPACE}  # fmt: skip
    command = [sys.executable, "-m", "pytest", "-n0", "-q",
               "tests/test_docs.py", "notebooks/00-welcome.ipynb"]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"\b1[0-9] passed\b", result.stdout), result.stdout[-500:]
