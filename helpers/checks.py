"""Exercise checkers: call the learner's live route over HTTP and explain the result.

A checker is a small function in `helpers.exercises.lessonNN`, named after its exercise:

    @checker(  # from helpers.progress: a pass is remembered in the learner's progress
        nudge="A path parameter arrives as an argument of your function: build the text from it.",
        hint='Return {"message": f"Hello, {name}!"}',
    )
    def greeting(check: Check) -> None:
        response = check.get("/greet/Ada")
        check.status(response, 200)
        check.json(response, {"message": "Hello, Ada!"})

The notebook calls it as `check.greeting(server)` (a predict exercise: `check.name(server,
predictions)`, the predictions arriving after `check`). The older form, `def greeting(server)`
with `with exercise("greeting", server, ...) as check:` and `return check.report`, still works.

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

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NoReturn

import httpx
from starlette.routing import Match, Mount, Route

from helpers.client import AnswerBrokenOff, CourseError
from helpers.compare import json_difference, number, same_json, show
from helpers.diagnosis import (app_routes, errors_logged, has_route, learner_namespace, log_mark,
                               missing_fields, status_advice)
from helpers.server import LiveServer

__all__ = ["Check", "Hint", "Report", "errors_logged", "in_order_of", "exercise", "hint", "json_difference",
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


# Kinds of exceptions a failed step may come from: (is it one, words of a nudge that already
# speaks of it, the nudge that fits it).
_CAUSES: list[tuple[Callable[[str], bool], tuple[str, ...], str]] = [
    (lambda error: "coroutine" in error, ("await", "coroutine"),
     "A coroutine came back where a value was expected: calling an `async def` function only makes a "
     "coroutine; put `await` in front of the call (inside an `async def` route)."),
    (lambda error: error.startswith("TypeError"), ("TypeError",),
     "Your code raised {error}: a value of the wrong type reached an operation or a call (often None "
     "where a number or text was expected). Find the line in `server.logs()`, then ask where that value "
     "came from: a model that let it in, or a call with the wrong arguments."),
    (lambda error: "IntegrityError" in error, ("IntegrityError", "UNIQUE", "NOT NULL", "constraint"),
     "The database refused a row (an IntegrityError: a UNIQUE or NOT NULL rule): do not let such a "
     "value reach the database; answer the client with a 4xx instead of a 500."),
]


def asked_for_hint(name: str) -> bool:
    """Whether the learner asked for the code-level hint of exercise `name` in this kernel."""
    return name in _ASKED


class _StepFailed(Exception):
    """Ends a check at its first failed step."""


class Check:
    """The steps of one check. Each method records a line, and stops the check if it fails."""

    def __init__(self, report: Report, server: LiveServer | None = None) -> None:
        self.report = report
        self.server = server  # when known, a 500 is explained with the error it logged
        self.log_start = log_mark(server) if server is not None else 0
        self._call_start = self.log_start  # where the log stood before the last request
        self._last_response: httpx.Response | None = None
        self._expected_status: int | None = None  # of the last `status` step
        self.cause = ""  # a nudge for what made the first failed step fail, when it is known

    def fail(self, message: str) -> NoReturn:
        if not self.cause:
            self.cause = self._cause()
        self.report.steps.append((False, message))
        raise _StepFailed

    def expect(self, ok: bool, success: str, failure: str, line: bool = True) -> None:
        """A step: `failure` ends the check; when it holds, `success` is a passed line (none
        with `line=False`: a step an earlier one already implies, held all the same)."""
        if not ok:
            self.fail(failure)
        if line:
            self.report.steps.append((True, success))

    def require(self, ok: bool, failure: str) -> None:
        """A condition the check needs, worth no line of its own when it holds."""
        if not ok:
            self.fail(failure)

    def note(self, text: str) -> None:
        """A passed line for what the steps before it established together."""
        self.report.steps.append((True, text))

    def outcome(self, right: bool, text: str) -> None:
        """A line shown right or wrong without ending the check: every prediction is shown,
        then the check fails if any was wrong."""
        self.report.steps.append((right, text))

    def call(self, server: LiveServer, method: str, path: str, **options: Any) -> httpx.Response:
        """Send a request to the live server; a server that does not answer fails the step,
        with the reason: the route is slow or blocks, or the server is not running."""
        # Where the log stands now. After a 500, once that request has logged its error (just
        # after the answer was sent); never otherwise, so background tasks run on undisturbed.
        log = getattr(server, "_log", None)
        failed_before = self._last_response is not None and self._last_response.status_code >= 500
        if failed_before and isinstance(server, LiveServer) and server.running:
            self._call_start = server.log_count()
        else:
            self._call_start = log.count() if log is not None else self.log_start
        try:
            response = server.client.request(method, path, **options)
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
        self._last_response = response
        return response

    def request(self, method: str, path: str, **options: Any) -> httpx.Response:
        """`call` on the server this check was given."""
        if self.server is None:
            raise TypeError("this check has no server: pass it to exercise(name, server, ...)")
        return self.call(self.server, method, path, **options)

    def get(self, path: str, **options: Any) -> httpx.Response:
        return self.request("GET", path, **options)

    def post(self, path: str, **options: Any) -> httpx.Response:
        return self.request("POST", path, **options)

    def put(self, path: str, **options: Any) -> httpx.Response:
        return self.request("PUT", path, **options)

    def patch(self, path: str, **options: Any) -> httpx.Response:
        return self.request("PATCH", path, **options)

    def delete(self, path: str, **options: Any) -> httpx.Response:
        return self.request("DELETE", path, **options)

    def status(self, response: httpx.Response, expected: int, why: str = "", line: bool = True) -> None:
        """The response's status must be `expected`. `why` replaces the generic advice of a
        failure (what is wrong for this request in particular); `line` as in `expect`."""
        request = f"{response.request.method} {response.request.url.raw_path.decode()}"
        advice = ""
        self._expected_status = expected
        if response.status_code != expected and not why:
            route_exists = self.server is not None and has_route(
                self.server, response.request.method, response.request.url.path
            )
            error = self._last_error() if response.status_code >= 500 else ""
            routes = app_routes(self.server) if self.server else []
            paths = tuple(route.path for route in routes if isinstance(route.original_route, Route))  # not mounts
            advice = status_advice(response, error, route_exists, paths)
        ending = f": {why}" if why else "." + (f" {advice}" if advice else "")
        self.expect(
            response.status_code == expected,
            f"{request} answers {expected}",
            f"{request} answers {response.status_code}, expected {expected}{ending}",
            line,
        )

    def _cause(self) -> str:
        """A nudge for the failure at hand, when what made it fail is a known kind: an
        exception the server logged since the last request (a missing `await`, a TypeError,
        an IntegrityError), or a 422 for a query parameter, header or cookie the request
        leaves out on purpose (a missing default). "" when the exercise's own nudge already
        speaks of that kind (an exercise about it), or the kind is none of these."""
        errors: list[str] = []
        if self.server is not None and self.server.running:
            errors = errors_logged(self.server, self._call_start)
        for error in reversed(errors):
            for kind, words, nudge in _CAUSES:
                if kind(error):
                    return "" if any(word in self.report.nudge for word in words) else nudge.format(error=error)
        response = self._last_response
        if response is not None and response.status_code == 422 and self._expected_status not in (None, 422):
            missing = [field for field in missing_fields(response) if not field.startswith(("the body", "the path"))]
            if missing and "default" not in self.report.nudge:
                return (f"FastAPI answered 422 because {missing[0]} is missing, and this request leaves "
                        "it out on purpose: give it a default value so that it is optional.")
        return ""

    def _last_error(self) -> str:
        """The last exception the server logged since this check began, or "". (Reading the log
        waits for the server's running requests, background tasks included: only after a 500.)"""
        if self.server is None or not self.server.running:
            return ""
        errors = errors_logged(self.server, self.log_start)
        return errors[-1] if errors else ""

    def json(self, response: httpx.Response, expected: Any, line: bool = True) -> None:
        """The body must be `expected` as JSON, types included (see `json_difference`);
        `line` as in `expect`."""
        try:
            body = response.json()
        except ValueError:
            self.fail(f"the body is not JSON: {response.text[:200]!r}")
        self.same(body, expected, "the body", line)

    def predictions(self, *arguments: Any,
                    answer: Callable[[httpx.Response], Any] = lambda response: response.status_code) -> None:
        """Predict, then verify: `predicted` maps each label of `requests` ("GET /items/3") to
        what the learner wrote down before sending it; `requests` maps the same labels to the
        request's options (`json=...`, `headers=...`). A label that is not "METHOD /path" (say,
        the body itself, when several bodies go to one path) gives them as `method=`, `path=`. Every request is sent and every answer
        shown, right or wrong, so the learner sees what the server really says; then the
        check fails if any prediction was wrong. `answer` picks what is predicted from a
        response (by default its status code). A status code may be written as 200, "200" or
        `status.HTTP_200_OK`.

        Called as `check.predictions(predicted, requests)`, or, older, with the server first.
        Before sending anything it proves the lesson's routes are there: when no request matches
        a route of the app (a kernel restarted, only the set-up cell run), every answer would be
        a 404 that proves nothing, and the check fails.
        """
        if arguments and isinstance(arguments[0], LiveServer):
            server, *arguments = arguments
        else:
            if self.server is None:
                raise TypeError("this check has no server: pass it to exercise(name, server, ...)")
            server = self.server
        predicted, requests, *more = arguments
        if more:
            answer = more[0]
        self.written_down(predicted, requests)
        sent = []
        for label, options in requests.items():
            options = dict(options)
            method, path = (options.pop("method"), options.pop("path")) if "path" in options else label.split(" ", 1)
            sent.append((label, method, path, options))
        if server.running and not any(serves(server, method, path) for _, method, path, _ in sent):
            self.fail("none of these requests reaches a route of your app: run the lesson's cells above "
                      "first (after a restart, every cell from the top), then this check again")
        wrong = 0
        for label, method, path, options in sent:
            live = answer(self.call(server, method, path, **options))
            guess = predicted[label]
            if isinstance(live, int) and isinstance(guess, str) and guess.strip().isdigit():
                guess = int(guess)
            if isinstance(guess, int) and not isinstance(guess, bool):
                guess = int(guess)  # an HTTPStatus, such as status.HTTP_200_OK
            right = json_difference(guess, live) is None
            wrong += not right
            self.outcome(right, f"{label}: you predicted {show(guess)}, it answers {show(live)}")
        if wrong:
            self.fail(f"{wrong} of {len(requests)} predictions were off: read the real answers above")

    def written_down(self, predicted: Any, labels: Iterable[str]) -> None:
        """Fail unless `predicted` is the exercise's dict with a prediction (not `...`) for each
        of `labels`: the first steps of every predict check."""
        labels = list(labels)
        if not isinstance(predicted, dict):
            self.fail(f"your predictions are a {type(predicted).__name__}; keep the dict the exercise gives")
        missing = [label for label in labels if label not in predicted]
        if missing:
            self.fail(f"no prediction for {', '.join(missing)}: keep every line of the dict the exercise gives")
        unwritten = [label for label in labels if predicted[label] is Ellipsis]
        if unwritten and len(unwritten) == len(labels):
            self.fail("write down your predictions first (replace each ... with what you expect)")
        if unwritten:
            self.fail(f"write down your prediction for {', '.join(unwritten)} first (replace the ...)")

    def same(self, got: Any, expected: Any, what: str, line: bool = True) -> None:
        """`got` (parsed JSON) must be `expected`, types included; `what` names it in the report;
        `line` as in `expect`."""
        difference = json_difference(got, expected)
        message = f"{what} is {show(in_order_of(got, expected))}, expected {show(expected)}"
        self.expect(difference is None, f"{what} is {show(expected)}", f"{message}{difference or ''}", line)


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
        check.cause = check.cause or check._cause()
        check.report.steps.append((False, f"the check could not go on: {type(error).__name__}: {error}"))
    if check.cause and not check.report.passed:
        check.report.nudge = check.cause  # the nudge for what went wrong, not the exercise's
    failed = [text for ok, text in check.report.steps if not ok]
    if not failed:
        _LAST_FAILURE.pop(name, None)
        return
    check.report.stuck = name in _ASKED or _LAST_FAILURE.get(name) == failed[0]
    _LAST_FAILURE[name] = failed[0]


def serves(server: LiveServer, method: str, path: str) -> bool:
    """Whether a route of the app takes the request's path, for any method (a CORS preflight's
    OPTIONS is answered by the middleware, a 405 is a lesson's point), or a mount (static
    files, a sub-application) does: used to tell a lesson not run yet from a 404 it predicts."""
    prefix = httpx.URL(server.url).path.rstrip("/")
    url_path = httpx.URL(path).path
    if prefix and url_path.startswith(prefix):
        url_path = url_path[len(prefix):]
    scope = {"type": "http", "path": url_path, "method": method, "root_path": "", "headers": []}
    for route in app_routes(server):
        if isinstance(route.original_route, Mount):
            mount = getattr(route, "path", "").rstrip("/")
            if mount and (url_path == mount or url_path.startswith(mount + "/")):
                return True
        elif isinstance(route.original_route, Route) and route.matches(scope)[0] != Match.NONE:
            return True
    return False


def in_order_of(got: Any, expected: Any) -> Any:
    """`got` with its objects' keys in the order of `expected`'s (its other keys after), so
    that a report shows both sides of a difference in one order."""
    if isinstance(got, dict) and isinstance(expected, dict):
        ordered = {key: in_order_of(got[key], expected[key]) for key in expected if key in got}
        return ordered | {key: value for key, value in got.items() if key not in expected}
    if isinstance(got, list) and isinstance(expected, list):
        return [in_order_of(one, other) for one, other in zip(got, expected)] + got[len(expected):]
    return got


def _mark(ok: bool) -> str:
    return "✅" if ok else "❌"
