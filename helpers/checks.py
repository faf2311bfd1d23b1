"""Exercise checkers: call the learner's live route over HTTP and explain the result.

A checker is a small function in `helpers.exercises.lessonNN`:

    @checker  # from helpers.progress: a pass is remembered in the learner's progress
    def greeting(server: LiveServer) -> Report:
        with exercise("greeting", hint="Use an f-string: f'Hello, {name}!'") as check:
            response = check.call(server, "GET", "/greet/Ada")
            check.status(response, 200)
            check.json(response, {"message": "Hello, Ada!"})
        return check.report

Each step adds a line to the report. The first step that fails ends the check, so the learner
sees what worked, the one thing that did not, and the hint.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NoReturn

import httpx

from helpers.server import LiveServer


@dataclass
class Report:
    """What a check found; a notebook displays it as readable lines."""

    exercise: str
    hint: str
    steps: list[tuple[bool, str]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return bool(self.steps) and all(ok for ok, _ in self.steps)

    def __repr__(self) -> str:
        verdict = "passed" if self.passed else "not yet"
        lines = [f"{_mark(self.passed)} Exercise {self.exercise!r}: {verdict}"]
        lines += [f"   {_mark(ok)} {text}" for ok, text in self.steps]
        if not self.passed:
            lines.append(f"   Hint: {self.hint}")
        return "\n".join(lines)


class _StepFailed(Exception):
    """Ends a check at its first failed step."""


class Check:
    """The steps of one check. Each method records a line, and stops the check if it fails."""

    def __init__(self, report: Report) -> None:
        self.report = report

    def fail(self, message: str) -> NoReturn:
        self.report.steps.append((False, message))
        raise _StepFailed

    def expect(self, ok: bool, success: str, failure: str) -> None:
        if not ok:
            self.fail(failure)
        self.report.steps.append((True, success))

    def call(self, server: LiveServer, method: str, path: str, **options: Any) -> httpx.Response:
        """Send a request to the live server; a server that does not answer fails the step,
        with the reason: the route is slow or blocks, or the server is not running."""
        try:
            return server.client.request(method, path, **options)
        except httpx.TimeoutException:
            self.fail(
                f"{method} {path}: no answer in time. Your route is slow, or it blocks the event "
                "loop (a blocking call such as `time.sleep` inside an `async def` route)."
            )
        except (httpx.HTTPError, RuntimeError) as error:  # RuntimeError: the client was closed
            self.fail(
                f"{method} {path}: the server did not answer ({type(error).__name__}). Run the "
                "set-up cell at the top of the notebook again, then your cells."
            )

    def status(self, response: httpx.Response, expected: int) -> None:
        request = f"{response.request.method} {response.request.url.raw_path.decode()}"
        self.expect(
            response.status_code == expected,
            f"{request} answers {expected}",
            f"{request} answers {response.status_code}, expected {expected}. "
            + _status_advice(response),
        )

    def json(self, response: httpx.Response, expected: Any) -> None:
        try:
            body = response.json()
        except ValueError:
            self.fail(f"the body is not JSON: {response.text[:200]!r}")
        self.expect(
            body == expected,
            f"the body is {show(expected)}",
            f"the body is {show(body)}, expected {show(expected)}",
        )


@contextmanager
def exercise(name: str, hint: str) -> Iterator[Check]:
    """Run the steps of one exercise's check; `check.report` holds the result after."""
    check = Check(Report(name, hint))
    try:
        yield check
    except _StepFailed:
        pass
    except Exception as error:  # an answer the check could not read, e.g. HTML instead of JSON
        check.report.steps.append((False, f"the check could not go on: {type(error).__name__}: {error}"))


def show(value: Any) -> str:
    """JSON as a learner would type it."""
    return json.dumps(value, ensure_ascii=False)


def _mark(ok: bool) -> str:
    return "✅" if ok else "❌"


def _status_advice(response: httpx.Response) -> str:
    if response.status_code == 404:
        return "Is the path in your decorator spelled as the exercise says, and did its cell run?"
    if response.status_code == 405:
        return "The path exists, but not for this method: check the decorator (@app.get, @app.post...)."
    if response.status_code == 422:
        return f"FastAPI rejected the request: {response.text[:300]}"
    if response.status_code >= 500:
        return "Your function raised an error: `server.logs()` shows the traceback."
    return ""
