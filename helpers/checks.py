"""Exercise checkers: call the learner's live route over HTTP and explain the result.

A checker is a small function in `helpers.exercises.lessonNN`:

    @checker  # from helpers.progress: a pass is remembered in the learner's progress
    def greeting(server: LiveServer) -> Report:
        nudge = "A path parameter arrives as an argument of your function: build the text from it."
        with exercise("greeting", server, nudge=nudge, hint='Return {"message": f"Hello, {name}!"}') as check:
            response = check.call(server, "GET", "/greet/Ada")
            check.status(response, 200)
            check.json(response, {"message": "Hello, Ada!"})
        return check.report

Each step adds a line to the report. The first step that fails ends the check, so the learner
sees what worked, the one thing that did not, and a hint ladder:

1. the first "not yet" gives a nudge about the idea, never the code;
2. the code-level hint comes when the learner asks (`check.hint("greeting")`), or when the same
   step fails twice in a row: re-running a check that fails the same way means they are stuck.

The worked solution stays folded in the notebook; the learner opens it, never a checker.

JSON is compared with its types (`helpers.compare`): `1` is not `true`, `7.0` is not `7`. Use
`number(x)` in an expected value where a whole or a decimal number are both right.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NoReturn

import httpx
from starlette.routing import Route

from helpers.client import AnswerBrokenOff, CourseError
from helpers.compare import json_difference, number, same_json, show
from helpers.diagnosis import app_routes, errors_logged, has_route, learner_namespace, log_mark, status_advice
from helpers.server import LiveServer

__all__ = ["Check", "Hint", "Report", "errors_logged", "exercise", "hint", "json_difference",
           "learner_namespace", "log_mark", "number", "same_json", "show"]

_HINTS: dict[str, str] = {}  # exercise -> its code-level hint, once its check has run
_ASKED: set[str] = set()  # exercises whose code-level hint the learner asked for
_LAST_FAILURE: dict[str, str] = {}  # exercise -> the step that failed in its last check


@dataclass
class Report:
    """What a check found; a notebook displays it as readable lines. `stuck` adds the
    code-level hint under the nudge."""

    exercise: str
    nudge: str
    hint: str
    steps: list[tuple[bool, str]] = field(default_factory=list)
    stuck: bool = False

    @property
    def passed(self) -> bool:
        return bool(self.steps) and all(ok for ok, _ in self.steps)

    def __repr__(self) -> str:
        verdict = "passed" if self.passed else "not yet"
        lines = [f"{_mark(self.passed)} Exercise {self.exercise!r}: {verdict}"]
        lines += [f"   {_mark(ok)} {text}" for ok, text in self.steps]
        if not self.passed:
            lines.append(f"   Nudge: {self.nudge}")
            if self.stuck:
                lines.append(f"   Hint: {self.hint}")
            else:
                lines.append(f'   Still stuck? check.hint("{self.exercise}") shows a code-level hint.')
        return "\n".join(lines)


class UnknownExercise(CourseError, KeyError):
    """`hint(name)` for an exercise whose check has not run in this kernel."""

    def __str__(self) -> str:  # a KeyError would show its message in quotes
        return str(self.args[0])


@dataclass(frozen=True)
class Hint:
    """The code-level hint of one exercise, as `check.hint(name)` shows it."""

    exercise: str
    text: str

    def __repr__(self) -> str:
        return f"Hint for {self.exercise!r}: {self.text}"


def hint(name: str) -> Hint:
    """The code-level hint of exercise `name` (the second rung of the ladder, after the nudge);
    from now on its failing checks show it too. Each lesson's checkers module re-exports this,
    so a notebook calls `check.hint("pages")`.

    Raises UnknownExercise (a KeyError that a notebook shows as one line), with what to do,
    when no check of that name has run in this kernel.
    """
    if name not in _HINTS:
        known = ", ".join(repr(known) for known in _HINTS) or "none yet"
        raise UnknownExercise(
            f"no exercise {name!r} has been checked in this kernel (checked: {known}). Run its "
            "check cell first: the name is the one in `check.name(server)`."
        )
    _ASKED.add(name)
    return Hint(name, _HINTS[name])


class _StepFailed(Exception):
    """Ends a check at its first failed step."""


class Check:
    """The steps of one check. Each method records a line, and stops the check if it fails."""

    def __init__(self, report: Report, server: LiveServer | None = None) -> None:
        self.report = report
        self.server = server  # when known, a 500 is explained with the error it logged
        self.log_start = log_mark(server) if server is not None else 0

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
        except AnswerBrokenOff:
            errors = errors_logged(server, self.log_start) if server.running else []
            raised = f", because your code raised {errors[-1]}" if errors else ""
            self.fail(f"{method} {path}: the answer broke off half-way{raised} (`server.logs()` shows the traceback).")
        except (httpx.HTTPError, RuntimeError) as error:  # RuntimeError: the client was closed
            self.fail(
                f"{method} {path}: the server did not answer ({type(error).__name__}). Run the "
                "set-up cell at the top of the notebook again, then your cells."
            )

    def status(self, response: httpx.Response, expected: int) -> None:
        request = f"{response.request.method} {response.request.url.raw_path.decode()}"
        advice = ""
        if response.status_code != expected:
            route_exists = self.server is not None and has_route(
                self.server, response.request.method, response.request.url.path
            )
            error = self._last_error() if response.status_code >= 500 else ""
            routes = app_routes(self.server) if self.server else []
            paths = tuple(route.path for route in routes if isinstance(route.original_route, Route))  # not mounts
            advice = status_advice(response, error, route_exists, paths)
        self.expect(
            response.status_code == expected,
            f"{request} answers {expected}",
            f"{request} answers {response.status_code}, expected {expected}." + (f" {advice}" if advice else ""),
        )

    def _last_error(self) -> str:
        """The last exception the server logged since this check began, or "". (Reading the log
        waits for the server's running requests, background tasks included: only after a 500.)"""
        if self.server is None or not self.server.running:
            return ""
        errors = errors_logged(self.server, self.log_start)
        return errors[-1] if errors else ""

    def json(self, response: httpx.Response, expected: Any) -> None:
        """The body must be `expected` as JSON, types included (see `json_difference`)."""
        try:
            body = response.json()
        except ValueError:
            self.fail(f"the body is not JSON: {response.text[:200]!r}")
        self.same(body, expected, "the body")

    def predictions(
        self,
        server: LiveServer,
        predicted: Any,
        requests: dict[str, dict[str, Any]],
        answer: Callable[[httpx.Response], Any] = lambda response: response.status_code,
    ) -> None:
        """Predict, then verify: `predicted` maps each label of `requests` ("GET /items/3") to
        what the learner wrote down before sending it; `requests` maps the same labels to the
        request's options (`json=...`, `headers=...`). A label that is not "METHOD /path" (say,
        the body itself, when several bodies go to one path) gives them as `method=`, `path=`. Every request is sent and every answer
        shown, right or wrong, so the learner sees what the server really says; then the
        check fails if any prediction was wrong. `answer` picks what is predicted from a
        response (by default its status code). A status code may be written as 200, "200" or
        `status.HTTP_200_OK`.
        """
        if not isinstance(predicted, dict):
            self.fail(f"your predictions are a {type(predicted).__name__}; keep the dict the exercise gives")
        missing = [label for label in requests if label not in predicted]
        if missing:
            self.fail(f"no prediction for {', '.join(missing)}: keep every line of the dict the exercise gives")
        unwritten = [label for label in requests if predicted[label] is Ellipsis]
        if unwritten and len(unwritten) == len(requests):
            self.fail("write down your predictions first (replace each ... with what you expect)")
        if unwritten:
            self.fail(f"write down your prediction for {', '.join(unwritten)} first (replace the ...)")
        wrong = 0
        for label, options in requests.items():
            options = dict(options)
            method, path = (options.pop("method"), options.pop("path")) if "path" in options else label.split(" ", 1)
            live = answer(self.call(server, method, path, **options))
            guess = predicted[label]
            if isinstance(live, int) and isinstance(guess, str) and guess.strip().isdigit():
                guess = int(guess)
            if isinstance(guess, int) and not isinstance(guess, bool):
                guess = int(guess)  # an HTTPStatus, such as status.HTTP_200_OK
            right = json_difference(guess, live) is None
            wrong += not right
            self.report.steps.append((right, f"{label}: you predicted {show(guess)}, it answers {show(live)}"))
        if wrong:
            self.fail(f"{wrong} of {len(requests)} predictions were off: read the real answers above")

    def same(self, got: Any, expected: Any, what: str) -> None:
        """`got` (parsed JSON) must be `expected`, types included; `what` names it in the report."""
        difference = json_difference(got, expected)
        message = f"{what} is {show(got)}, expected {show(expected)}"
        self.expect(difference is None, f"{what} is {show(expected)}", f"{message}{difference or ''}")


@contextmanager
def exercise(name: str, server: LiveServer | None = None, *, nudge: str, hint: str) -> Iterator[Check]:
    """Run the steps of one exercise's check; `check.report` holds the result after. Given the
    `server`, a step that gets a 500 names the error the server logged.

    `nudge` is the first rung of the hint ladder: the idea, no code. `hint` is the second: the
    code, shown once the learner asks (`hint(name)`) or the same step fails twice in a row.
    """
    _HINTS[name] = hint
    check = Check(Report(name, nudge, hint), server)
    try:
        yield check
    except _StepFailed:
        pass
    except Exception as error:  # an answer the check could not read, e.g. HTML instead of JSON
        check.report.steps.append((False, f"the check could not go on: {type(error).__name__}: {error}"))
    failed = [text for ok, text in check.report.steps if not ok]
    if not failed:
        _LAST_FAILURE.pop(name, None)
        return
    check.report.stuck = name in _ASKED or _LAST_FAILURE.get(name) == failed[0]
    _LAST_FAILURE[name] = failed[0]


def _mark(ok: bool) -> str:
    return "✅" if ok else "❌"
