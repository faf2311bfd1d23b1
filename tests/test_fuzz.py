"""No input makes a taught app answer 5xx: every lesson's finished app, fuzzed from its schema.

"Finished" is the lesson run with its worked solutions in, in the kernel test_hostile.py starts
(`lesson_kernel`, as on Binder): test_hostile.py fuzzes it right after its probes, in the kernel
it has already paid for, with `fuzz_the_finished_lesson` below. The kernel's live server is
fuzzed over HTTP by tests/fuzzing.py (Schemathesis, deterministic and bounded, plus non-finite
numbers in every JSON body and ids past 64 bits). The capstone's package, which lesson 22 writes
with %%project_file, is fuzzed again as its own process under `fastapi run`, as a learner deploys
it. The "As a main.py" boxes are fuzzed in tests/test_main_boxes.py, where each runs as a file.

Every finding is a bug in a lesson: fix the lesson at its cause, never the check. A lesson with
a known, reported finding is listed in KNOWN below, with the finding as the reason: its test is
an expected failure while the finding lasts, and fails once the lesson is fixed, so that the
entry must go.

The tests in this file prove the fuzzer itself: each kind of 5xx it exists to find is planted in
a small app, and the same app written the way the course teaches gives no finding.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path


from fuzzing import fuzz

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
# entry goes when its finding is fixed (test_hostile.py fails a listed lesson that has none).
N4589 = "500 to 1e999, NaN or -Infinity in a JSON body (FastAPI #4589: the 422 echoes what JSON cannot encode)"
KNOWN: dict[str, str] = {}


def kernel_value(probe, expression: str) -> object:  # noqa: ANN001 (the probe of lesson_kernel)
    """The value of a Python literal that `expression` evaluates to in the lesson's kernel."""
    return ast.literal_eval(probe(f"print(repr({expression}))").strip())


def fuzz_the_finished_lesson(path: Path, probe) -> list[str]:  # noqa: ANN001 (the probe of lesson_kernel)
    """Every finding against the lesson's live app (and the capstone's package), from a kernel in
    which the lesson ran with its worked solutions; test_hostile.py calls it after its probes."""
    url = kernel_value(probe, "server.url")
    headers = kernel_value(probe, LOGGED_IN[path.stem]) if path.stem in LOGGED_IN else None
    findings = [f"the lesson's app: {finding}" for finding in fuzz(url, headers)]
    if path.stem == "22-capstone":
        findings += [f"the package under `fastapi run`: {finding}" for finding in fuzz_the_package(probe)]
    return findings


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


PLANTED = """
import sqlite3

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Reading(BaseModel):
    value: float


@app.post("/readings")
def add_reading(reading: Reading) -> Reading:
    return reading


@app.post("/squared")
def square(reading: Reading) -> float:
    return reading.value ** 2  # OverflowError past 1.3e154


class Counter(BaseModel):
    count: int


@app.post("/counters")
def add_counter(counter: Counter) -> dict[str, int]:
    with sqlite3.connect(":memory:") as connection:
        return {"count": connection.execute("SELECT ?", (counter.count,)).fetchone()[0]}


@app.get("/rows/{row_id}")
def read_row(row_id: int) -> dict[str, int]:
    with sqlite3.connect(":memory:") as connection:
        return {"row_id": connection.execute("SELECT ?", (row_id,)).fetchone()[0]}


@app.get("/ratio/{a}/{b}")
def ratio(a: int, b: int) -> float:
    return a / b
"""

# The same app as the course teaches it: finite floats and lesson 04's handler, bounded ids, a
# divisor that cannot be 0.
TAUGHT = (
    PLANTED.replace("from fastapi import FastAPI", "from fastapi import FastAPI, Path, Request, Response\n"
                    "from fastapi.encoders import jsonable_encoder\n"
                    "from fastapi.exceptions import RequestValidationError\n"
                    "from pydantic_core import to_json")
    .replace("from pydantic import BaseModel", "from pydantic import BaseModel, Field, FiniteFloat")
    .replace("value: float", "value: FiniteFloat = Field(ge=-1e150, le=1e150)")
    .replace("count: int\n", "count: int = Field(ge=-(2**63), lt=2**63)\n")

    .replace("row_id: int)", "row_id: int = Path(ge=1, le=2**63 - 1))")
    .replace("b: int)", "b: int = Path(gt=0))")
    + """

@app.exception_handler(RequestValidationError)
async def validation_error(request: Request, exc: RequestValidationError) -> Response:
    content = to_json({"detail": jsonable_encoder(exc.errors())}, inf_nan_mode="strings")
    return Response(content, status_code=422, media_type="application/json")
"""
)


def fuzz_app(code: str, folder: Path) -> list[str]:
    (folder / "main.py").write_text(code)
    command = [sys.executable, "-m", "uvicorn", "main:app", "--host", "127.0.0.1", "--port", "{port}"]
    with run_server(command, cwd=folder, ready_path="/openapi.json") as process:
        return fuzz(process.url)


def test_the_fuzzer_finds_each_kind_of_5xx_it_exists_for(tmp_path: Path) -> None:
    found = "\n".join(fuzz_app(PLANTED, tmp_path))
    assert "POST /readings: 5xx to numbers JSON cannot answer with" in found, found
    assert "POST /squared: 5xx" in found and "1.7e308" in found, found
    assert "POST /counters: 5xx" in found and str(2**64) in found, found
    assert "GET /rows/{row_id}: 500 to row_id=18446744073709551616" in found, found
    assert re.search(r"^Schemathesis \(exit 1\): .*GET /ratio/\{a\}/\{b\}: ST101 Server error", found, re.M), found


def test_the_fuzzer_finds_nothing_in_the_same_app_written_as_taught(tmp_path: Path) -> None:
    assert fuzz_app(TAUGHT, tmp_path) == []
