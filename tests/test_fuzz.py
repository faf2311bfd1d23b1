"""No input makes a taught app answer 5xx: every lesson's finished app, fuzzed from its schema.

"Finished" is the lesson run with its worked solutions in, in the kernel test_hostile.py starts
(`lesson_kernel`, as on Binder). The kernel's live server is then fuzzed over HTTP by
tests/fuzzing.py (Schemathesis, deterministic and bounded, plus non-finite numbers in every JSON
body). The capstone's package, which lesson 22 writes with %%project_file, is fuzzed again as
its own process under `fastapi run`, as a learner deploys it. The "As a main.py" boxes are
fuzzed in tests/test_main_boxes.py, where each runs as a file.

Every finding is a bug in a lesson: fix the lesson at its cause, never the check. A lesson with
a known, reported finding is marked `xfail(strict=True)` below, with the finding as the reason,
so that the mark must go once the lesson is fixed.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from fuzzing import fuzz
from notebook_runs import lessons
from test_hostile import lesson_kernel

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from helpers.processes import run_server  # noqa: E402

# Headers that let the fuzzer past a lesson's login, made by kernel code that evaluates to a
# dict: without them the fuzzer would only ever meet the 401 of a protected route.
LOGGED_IN = {
    "12-authentication": '{"Authorization": f"Bearer {create_access_token(\'alice\')}"}',
    "13-authorization": '{"Authorization": f"Bearer {create_access_token(\'alice\', set(ROLE_SCOPES[\'admin\']))}"}',
    "22-capstone": "dict(ada)",
}

# Findings of the first run in lessons this test's author does not own (issue 18): each lesson's
# mark goes when its finding is fixed (strict: a fixed lesson turns the xfail into a failure).
N4589 = "500 to 1e999, NaN or -Infinity in a JSON body (FastAPI #4589: the 422 echoes what JSON cannot encode)"
KNOWN: dict[str, str] = {
    "06-errors": "GET /divide/0/0: 500 (ZeroDivisionError)",
    "10-databases": f"POST /users, PATCH /users/{{user_id}}, POST /register: {N4589}",
}


def cases() -> list[object]:
    found = []
    for path in lessons():
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN[path.stem])] if path.stem in KNOWN else []
        found.append(pytest.param(path, id=path.stem, marks=marks))
    return found


def kernel_value(probe, expression: str) -> object:  # noqa: ANN001 (the probe of lesson_kernel)
    """The value of a Python literal that `expression` evaluates to in the lesson's kernel."""
    return ast.literal_eval(probe(f"print(repr({expression}))").strip())


def fuzz_the_finished_lesson(path: Path, probe) -> list[str]:  # noqa: ANN001 (the probe of lesson_kernel)
    """Every finding against the lesson's live app (and the capstone's package), from a kernel in
    which the lesson ran with its worked solutions. test_hostile.py could call it after its probes,
    in the kernel it has already paid for: this module would then have nothing left to do."""
    url = kernel_value(probe, "server.url")
    headers = kernel_value(probe, LOGGED_IN[path.stem]) if path.stem in LOGGED_IN else None
    findings = [f"the lesson's app: {finding}" for finding in fuzz(url, headers)]
    if path.stem == "22-capstone":
        findings += [f"the package under `fastapi run`: {finding}" for finding in fuzz_the_package(probe)]
    return findings


@pytest.mark.parametrize("path", cases())
def test_no_input_makes_the_finished_lesson_answer_5xx(path: Path) -> None:
    with lesson_kernel(path) as (_, probe):
        findings = fuzz_the_finished_lesson(path, probe)
    assert not findings, "\n\n".join(findings)


def fuzz_the_package(probe) -> list[str]:  # noqa: ANN001
    """Lesson 22's package, as its own process: `fastapi run todo/main.py`, with a signed-up user."""
    root = kernel_value(probe, "str(project.root)")
    env = kernel_value(probe, "dict(service_env)")
    command = [sys.executable, "-m", "fastapi", "run", "todo/main.py", "--host", "127.0.0.1", "--port", "{port}"]
    with run_server(command, cwd=root, env=env, ready_path="/openapi.json") as process:
        account = {"username": "fuzzer", "password": "a long enough password"}
        assert process.client.post("/users", json=account).status_code in (201, 409)
        token = process.client.post("/users/token", data=account).json()["access_token"]
        return fuzz(process.url, {"Authorization": f"Bearer {token}"})
