"""Hostile probes: each lesson runs with its worked solutions, then its finished app is attacked.

First, every check of the lesson must accept its exercise's worked solution, run in the lesson
as a learner would (here behind a hub's prefix, as on Binder).

A learner copies the taught code into real services, so the code must hold against a careless or
hostile client: explicit nulls and wrong types, concurrent duplicates, tokens with missing or
ill-typed claims, malformed and duplicate WebSocket clients, unknown ids. Each lesson runs in a
kernel started as on Binder (JUPYTERHUB_SERVICE_PREFIX set), and every link the lesson shows is
followed the way a Binder browser would: through the proxy prefix, with each page's own
addresses resolved against it.

The probes run as extra cells in the lesson's own kernel, after its last cell, so they see the
lesson's `app`, `server` and the rest, exactly as a learner left them. A failed `assert` fails
the test with the probe's traceback. Then, in the same kernel, the finished app is fuzzed from its
OpenAPI schema (tests/test_fuzz.py says how): no input may make it answer 5xx.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import nbformat
import pytest
from nbclient import NotebookClient

from notebook_runs import CELL_TIMEOUT, NOTEBOOKS, lessons, read, tags, with_solutions

PREFIX = "/user/learner/"  # what JupyterHub sets for a learner's server on Binder
PROBE_KEY = "a-key-that-every-worker-reads-from-the-environment-0123456789"


@contextlib.contextmanager
def lesson_kernel(path: Path) -> Iterator[tuple[object, Callable[[str], str]]]:
    """Run the lesson with its worked solutions in a Binder-like kernel; yield the executed
    notebook and `probe(source)`, which runs more code in that kernel and returns its stdout."""
    notebook = with_solutions(read(path))
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    env = {**os.environ, "JUPYTERHUB_SERVICE_PREFIX": PREFIX, "TODO_SECRET_KEY": PROBE_KEY}
    with client.setup_kernel(env=env):
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code":
                client.execute_cell(cell, index)

        def probe(source: str) -> str:
            cell = nbformat.v4.new_code_cell(source)
            notebook.cells.append(cell)
            client.execute_cell(cell, len(notebook.cells) - 1)  # raises with the traceback
            return "".join(output.get("text", "") for output in cell.outputs if output.output_type == "stream")

        yield notebook, probe  # the kernel's shut-down ends its servers


# ---------------------------------------------------------------------------------------------
# Links: every link a lesson shows must open from a Binder browser.

LINK = re.compile(r'<a href="([^"]+)"')
REFERENCE = re.compile(r"""(?:href|src)=["']([^"']+)["']|fetch\(["']([^"']+)["']|\burl: ["']([^"']+)["']""")


def shown_links(notebook: object) -> list[str]:
    """The href of every clickable link (a `Link` or `docs_link()`) the lesson's cells show."""
    links = []
    for cell in notebook.cells:  # type: ignore[attr-defined]
        for output in cell.get("outputs", []):
            links += LINK.findall(output.get("data", {}).get("text/html", ""))
    return links


def through_proxy(url: str) -> str:
    """The address jupyter-server-proxy forwards a browser URL to: `{PREFIX}proxy/{port}/rest`
    goes to `http://127.0.0.1:{port}/rest`. Fails when the URL does not go through the proxy."""
    match = re.fullmatch(rf"{re.escape(PREFIX)}proxy/(\d+)(/.*)", urlsplit(url).path)
    assert match and not urlsplit(url).netloc, f"{url} does not open from a Binder browser (not under {PREFIX}proxy/PORT/)"
    query = f"?{urlsplit(url).query}" if urlsplit(url).query else ""
    return f"http://127.0.0.1:{match[1]}{match[2]}{query}"


def routes_named_in_prose(notebook: object) -> list[str]:
    """The paths a lesson's text lists as its routes ("the routes `/a`, `/b` and `/c`")."""
    named = []
    for cell in notebook.cells:  # type: ignore[attr-defined]
        if cell.cell_type == "markdown":
            for listing in re.findall(r"the routes\s+((?:`/[^`]*`(?:,\s+|\s+and\s+)?)+)", cell.source):
                named += re.findall(r"`(/[^`]*)`", listing)
    return named


def check_links(notebook: object) -> int:
    """Follow every shown link, and every address inside each page it opens; return the count."""
    followed = 0
    with httpx.Client(trust_env=False, timeout=10) as client:
        for link in shown_links(notebook):
            page = client.get(through_proxy(link))
            assert page.status_code == 200, f"{link}: {page.status_code}"
            followed += 1
            if "html" not in page.headers.get("content-type", ""):
                continue
            for groups in REFERENCE.findall(page.text):
                reference = next(group for group in groups if group)
                if reference.startswith(("https://", "data:", "#", "javascript:")):
                    continue  # another site, or not a request to the app
                target = urljoin(link, reference)
                answer = client.get(through_proxy(target))
                assert answer.status_code < 400, f"{link} refers to {reference!r}: {target} answers {answer.status_code}"
                followed += 1
    return followed


# ---------------------------------------------------------------------------------------------
# Probes, lesson by lesson. Each runs in the lesson's kernel after its last cell.

TOOLS = '''
import threading as _threading
import httpx as _httpx


def concurrently(count, call):
    """call(client, i) in `count` threads, each with its own connection, released together."""
    barrier, results = _threading.Barrier(count), [None] * count

    def run(i):
        with _httpx.Client(base_url=server.url, trust_env=False, timeout=60) as client:
            barrier.wait(timeout=20)
            results[i] = call(client, i)

    threads = [_threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    return results


def until(condition, timeout=5.0):
    import time as _time
    deadline = _time.perf_counter() + timeout
    while not condition():
        if _time.perf_counter() > deadline:
            return False
        _time.sleep(0.01)
    return True
'''

PROBES_DIR = Path(__file__).parent / "hostile_probes"


def probes(path: Path) -> list[str]:
    """A lesson's probes: `PROBES` in tests/hostile_probes/<the lesson's name without its number>.py."""
    module = PROBES_DIR / f"{path.stem[3:].replace('-', '_')}.py"
    if not module.exists():
        return []
    return importlib.import_module(f"hostile_probes.{module.stem}").PROBES


LESSONS = lessons()


@pytest.mark.parametrize("path", LESSONS, ids=[path.stem for path in LESSONS])
def test_the_finished_lesson_holds_against_hostile_clients(path: Path) -> None:
    with lesson_kernel(path) as (notebook, probe):
        refused = [cell.outputs for cell in notebook.cells if "check" in tags(cell) and not (
            len(cell.outputs) == 1 and re.match(r"✅ Exercise '[\w-]+': passed\n", cell.outputs[0].get("data", {}).get("text/plain", "")))]
        assert not refused, f"a check refused its exercise's worked solution: {refused[0]}"
        probe(TOOLS)
        for source in probes(path):
            probe(source)
        named = routes_named_in_prose(notebook)
        probe(f"missing = set({named!r}) - set(app.openapi()['paths'])\nassert not missing, missing")
        followed = check_links(notebook)
        from test_fuzz import KNOWN, fuzz_the_finished_lesson  # here: test_fuzz imports this module

        findings = fuzz_the_finished_lesson(path, probe)  # in the kernel already paid for
    if "docs_link()" in "".join(cell.source for cell in notebook.cells):
        assert followed, "the lesson shows a docs link, but none was found in its outputs"
    if path.stem in KNOWN and findings:
        pytest.xfail(f"a known finding of the fuzzer (tests/test_fuzz.py KNOWN): {KNOWN[path.stem]}")
    assert path.stem not in KNOWN, f"the fuzzer finds nothing in {path.stem} now: remove its KNOWN entry in test_fuzz.py"
    assert not findings, "the fuzzer (tests/fuzzing.py) found 5xx answers:\n\n" + "\n\n".join(findings)


def test_every_lesson_that_teaches_routes_with_data_has_probes() -> None:
    """From lesson 04 (request bodies) on, every lesson is attacked; every probe file has its lesson."""
    unprobed = [path.name for path in LESSONS if path.name >= "04" and not probes(path)]
    assert not unprobed, f"add tests/hostile_probes/<name>.py for {unprobed}"
    names = {path.stem[3:].replace("-", "_") for path in LESSONS}
    assert {module.stem for module in PROBES_DIR.glob("[a-z]*.py")} <= names
