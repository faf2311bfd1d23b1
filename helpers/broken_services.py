"""Run a project's tests against its own service, a correct one, and deliberately broken ones.

    runs = run_tests(root, "todo", ["correct", "everyone", "yours"])
    runs["everyone"].failed     # the tests that failed there: good tests fail on a broken service

Why: a test suite is worth what it catches. Lesson 22's learner writes tests that should prove
the ownership rules of the to-dos service; the proof is that they pass on a service that keeps
the rules and fail on each service that breaks one. Each run copies the project into a
temporary folder, replaces its `routers/todos.py` (except for "yours") and runs pytest there as
a separate process, as a learner would in a terminal. The copies are deleted, and every pytest
process is ended, also when the check fails or is interrupted.

The runs go in parallel, and one timeout bounds them all: a learner's test that waits forever
costs RUN_TIMEOUT once, not once per service. What pytest found is read from its own JUnit XML
report, so a test is named as pytest names it: `test_edit[PATCH-body1]` for a parametrized
one, `TestOwnership::test_list` for one in a class.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RUN_TIMEOUT = 120.0  # seconds for all the pytest runs of one check; a test that hangs is a bug to report

CORRECT_ROUTER = '''\
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, status
from sqlalchemy import select

from ..database import SessionDep
from ..models import Todo
from ..schemas import TodoCreate, TodoOut, TodoUpdate
from ..security import CurrentUser

router = APIRouter(prefix="/todos", tags=["todos"])


TodoId = Annotated[int, Path(ge=1, le=2**63 - 1)]  # SQLite's INTEGER: a larger id would be a 500


def get_own_todo(todo_id: TodoId, user: CurrentUser, session: SessionDep) -> Todo:
    todo = session.scalar(select(Todo).where(Todo.id == todo_id, Todo.owner_id == user.id))
    if todo is None:  # someone else's to-do looks exactly like one that does not exist
        raise HTTPException(status.HTTP_404_NOT_FOUND, "To-do not found")
    return todo


OwnTodo = Annotated[Todo, Depends(get_own_todo)]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=TodoOut)
def create_todo(todo: TodoCreate, user: CurrentUser, session: SessionDep):
    row = Todo(title=todo.title, owner_id=user.id)
    session.add(row)
    session.commit()
    return row


@router.get("", response_model=list[TodoOut])
def list_todos(user: CurrentUser, session: SessionDep):
    return session.scalars(select(Todo).where(Todo.owner_id == user.id).order_by(Todo.id)).all()


@router.get("/{todo_id}", response_model=TodoOut)
def read_todo(todo: OwnTodo):
    return todo


@router.patch("/{todo_id}", response_model=TodoOut)
def update_todo(change: TodoUpdate, todo: OwnTodo, session: SessionDep):
    for field, value in change.model_dump(exclude_unset=True).items():
        setattr(todo, field, value)
    session.commit()
    return todo


@router.delete("/{todo_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_todo(todo: OwnTodo, session: SessionDep):
    session.delete(todo)
    session.commit()
'''

ANY_TODO = '''

def get_any_todo(todo_id: int, user: CurrentUser, session: SessionDep) -> Todo:
    todo = session.get(Todo, todo_id)  # the hole: whose it is never matters
    if todo is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "To-do not found")
    return todo


AnyTodo = Annotated[Todo, Depends(get_any_todo)]
'''

NULLABLE_UPDATE = '''

class TodoUpdate(BaseModel):  # the hole: null is allowed, and NOT NULL columns fail with a 500
    title: str | None = None
    done: bool | None = None
'''

# Each broken service: what it does wrong, and the edits of CORRECT_ROUTER that make it so.
BROKEN: dict[str, str] = {
    "everyone": "a service that lists everyone's to-dos",
    "anyone_edits": "a service that lets anyone change or delete any to-do",
    "nulls": "a service that lets a PATCH write null",
}
_EDITS: dict[str, list[tuple[str, str]]] = {
    "everyone": [("select(Todo).where(Todo.owner_id == user.id).order_by", "select(Todo).order_by")],
    "anyone_edits": [
        ("OwnTodo = Annotated[Todo, Depends(get_own_todo)]\n", "OwnTodo = Annotated[Todo, Depends(get_own_todo)]\n" + ANY_TODO),
        ("todo: OwnTodo, session: SessionDep):\n    for", "todo: AnyTodo, session: SessionDep):\n    for"),
        ("def delete_todo(todo: OwnTodo", "def delete_todo(todo: AnyTodo"),
    ],
    "nulls": [
        ("from ..schemas import TodoCreate, TodoOut, TodoUpdate\n",
         "from pydantic import BaseModel\n\nfrom ..schemas import TodoCreate, TodoOut\n" + NULLABLE_UPDATE),
    ],
}


def router_source(name: str) -> str:
    """The routers/todos.py of the service `name` ("correct", or a key of BROKEN)."""
    source = CORRECT_ROUTER
    for old, new in _EDITS.get(name, []):
        assert old in source, f"the edit {old!r} no longer applies"
        source = source.replace(old, new)
    return source


def package_of(app: Any) -> tuple[Path, str] | None:
    """(the project's root folder, the package's name) of the module that defines `app` as its
    `app` (a package loaded with helpers.project), or None when no such module is found."""
    for name, module in sys.modules.copy().items():  # (a copy: another thread may import meanwhile)
        if getattr(module, "app", None) is app and "." in name and getattr(module, "__file__", None):
            package = name.split(".")[0]
            depth = name.count(".")
            return Path(module.__file__).resolve().parents[depth], package
    return None


@dataclass
class Run:
    """What pytest said about one service."""

    returncode: int
    output: str
    failed: list[str] = field(default_factory=list)  # the tests that failed or erred
    summary: str = ""  # "3 passed", "1 failed, 2 passed"
    problem: str = ""  # pytest could not run the tests at all, and why

    def explain(self) -> str:
        """The failed tests, then the reasons pytest gave (an assertion, a missing fixture)."""
        reasons = re.findall(r"^(?:\S+\.py:\d+: |E\s+)(\S.*)$", self.output, re.M)
        reasons = list(dict.fromkeys(reasons))  # --tb=line may give a reason twice
        because = f": {'; '.join(reason[:160] for reason in reasons[:3])}" if reasons else ""
        return f"{', '.join(self.failed) or self.summary}{because}"


def _name(case: ElementTree.Element) -> str:
    """A test as pytest names it: `test_x`, `test_x[PATCH-body1]`, `TestClass::test_x`."""
    name = case.get("name", "?")
    owner = case.get("classname", "").rsplit(".", 1)[-1]
    return f"{owner}::{name}" if owner[:1].isupper() else name


def _read_report(report: Path) -> tuple[list[str], str] | None:
    """(the failed or erred tests, a summary such as "1 failed, 3 passed") from pytest's JUnit
    XML report, or None when pytest wrote none."""
    try:
        root = ElementTree.parse(report).getroot()
    except (OSError, ElementTree.ParseError):
        return None
    failed: list[str] = []
    counts = {"failed": 0, "passed": 0, "skipped": 0, "errors": 0}
    for case in root.iter("testcase"):
        outcome = "passed"
        for child in case:
            if child.tag == "failure":
                outcome = "failed"
            elif child.tag == "error":
                outcome = "errors"
            elif child.tag == "skipped" and outcome == "passed":
                outcome = "skipped"
        counts[outcome] += 1
        if outcome in ("failed", "errors") and _name(case) not in failed:
            failed.append(_name(case))
    summary = ", ".join(f"{count} {'error' if word == 'errors' and count == 1 else word}"
                        for word, count in counts.items() if count)
    return failed, summary


def _read(returncode: int, output: str, test_file: str, report: Path | None = None) -> Run:
    run = Run(returncode, output)
    found = _read_report(report) if report is not None else None
    if found is not None:
        run.failed, run.summary = found
    else:
        run.failed = [test for test, outcome in re.findall(r"::(\S+) (PASSED|FAILED|ERROR)", output) if outcome != "PASSED"]
        last = output.strip().splitlines()[-1] if output.strip() else ""
        run.summary = ", ".join(f"{count} {word}" for count, word in re.findall(r"(\d+) (passed|failed|errors?)", last))
    if returncode == 5:
        run.problem = f"{test_file} holds no test yet: pytest runs the functions whose names start with test_"
    elif returncode not in (0, 1):
        errors = [line[1:].strip() for line in output.splitlines() if line.startswith("E ")]
        named = [error for error in errors if re.match(r"\w*(Error|Exception)\b", error)]
        where = re.search(r'test_\w+\.py", line (\d+)', output)
        reason = (named or errors or output.strip().splitlines()[-1:] or ["no output"])[-1]
        run.problem = f"pytest could not run {test_file}: {reason}" + (f" (line {where[1]})" if where else "")
    return run


def run_tests(root: Path, package: str, services: list[str], test_file: str = "tests/test_todos.py",
              timeout: float | None = None) -> dict[str, Run]:
    """Run `test_file` of the project in `root` against each service of `services`: "yours"
    (the project as it is), "correct", or a key of BROKEN. Runs go in parallel, in copies, and
    all of them must finish within `timeout` seconds (RUN_TIMEOUT by default)."""
    timeout = RUN_TIMEOUT if timeout is None else timeout
    env = {name: value for name, value in os.environ.items() if not name.startswith("PYTEST_")}
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # only pytest itself: faster, and the same everywhere
    command = [sys.executable, "-m", "pytest", "-v", "--tb=line", "--color=no", "-p", "no:cacheprovider", test_file]
    ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache", "*.db", "*.db-journal")
    with tempfile.TemporaryDirectory(prefix="services-") as folder:
        started: dict[str, tuple[subprocess.Popen[bytes], Path, Path]] = {}
        try:
            for name in services:
                copy = Path(folder) / name
                shutil.copytree(root, copy, ignore=ignore)
                if name != "yours":
                    (copy / package / "routers" / "todos.py").write_text(router_source(name))
                report, log = Path(folder) / f"{name}.xml", Path(folder) / f"{name}.log"
                with log.open("wb") as output:  # a file, not a pipe: a run never waits for its reader
                    started[name] = (subprocess.Popen([*command, f"--junitxml={report}"], cwd=copy, env=env,
                                                      stdin=subprocess.DEVNULL, stdout=output,
                                                      stderr=subprocess.STDOUT), report, log)
            deadline = time.monotonic() + timeout
            runs = {}
            for name, (process, report, log) in started.items():
                try:
                    process.wait(timeout=max(0.0, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
                    runs[name] = Run(-1, log.read_text(errors="replace"),
                                     problem=f"the tests did not finish within {timeout:.0f} s: does one wait forever?")
                    continue
                runs[name] = _read(process.returncode, log.read_text(errors="replace"), test_file, report)
            return runs
        finally:
            for process, _, _ in started.values():
                if process.poll() is None:
                    process.kill()
                    process.wait()
