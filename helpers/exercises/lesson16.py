"""Checkers for lesson 16, Testing your API.

The learner writes tests. The check runs them, as the lesson's `run_tests` does, against the
right app (each must pass) and against apps that are broken in one way each (for each, at least
one test must fail, and the report names every broken app a suite let through): a test that
cannot fail proves nothing. The check finds the test functions by name among the names of the
cell that defined the route (or as methods of a `Test...` class there), and runs them as pytest
would: once per `@pytest.mark.parametrize` case, with the fixtures they ask for. While a broken
app is tried, the learner's app object hands every request to it, so a test reaches it however
it calls the app: `client`, a helper function of its own, a fixture, a new `TestClient(app)`,
`ASGITransport`, or the live server. Where the learner writes the route too, it is checked over
HTTP.

(No `from __future__ import annotations` here: FastAPI must read the wrong apps' annotations.)
"""

import asyncio
import contextlib
import inspect
import io
import itertools
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import Field, create_model

from helpers.checks import Check, Report, exercise, json_difference, learner_namespace
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer

BOOKS = {1: {"title": "Dune", "author": "Frank Herbert"}, 2: {"title": "Emma", "author": "Jane Austen"}}


def _books_app(missing: Callable[[int], Any]) -> FastAPI:
    """GET /books/{book_id} with the right books, and `missing(book_id)` for the others."""
    app = FastAPI()

    @app.get("/books/{book_id}")
    def read_book(book_id: int) -> Any:
        return BOOKS[book_id] if book_id in BOOKS else missing(book_id)

    return app


def _not_found(book_id: int) -> None:
    raise HTTPException(status_code=404)  # detail: "Not Found"


def _bad_request(book_id: int) -> None:
    raise HTTPException(status_code=400, detail="Book not found")


WRONG_BOOK_APPS = [
    ("answers 200 with null for a missing book", _books_app(lambda book_id: None)),
    ('answers 200 with {"detail": "Book not found"} (the exception returned, not raised)',
     _books_app(lambda book_id: {"detail": "Book not found"})),
    ('answers 404 with {"detail": "Not Found"}', _books_app(_not_found)),
    ('answers 400 with {"detail": "Book not found"}', _books_app(_bad_request)),
]


USERNAME = Annotated[str, Field(min_length=3, max_length=20)]
AGE = Annotated[int, Field(ge=13)]


def _signups_app(age: Any = AGE, too_young: bool = False, status_400: bool = False,
                 created: int = 201, echo: bool = True) -> FastAPI:
    """POST /signups with `age` as the age's type. `too_young`: an `if` answers 422 "Too young"
    for an age under 13; `status_400`: validation errors answer 400 instead of 422; `created`:
    the status of a signup; `echo`: whether the answer holds the whole signup (else its username only)."""

    Signup = create_model("Signup", username=(USERNAME, ...), age=(age, ...))
    app = FastAPI()

    @app.post("/signups", status_code=created)
    def create_signup(signup: Signup) -> Any:  # type: ignore[valid-type]
        if too_young and signup.age < 13:
            raise HTTPException(status_code=422, detail="Too young")
        return signup if echo else {"username": signup.username}

    if status_400:

        @app.exception_handler(RequestValidationError)
        async def as_400(request: Request, error: RequestValidationError) -> JSONResponse:
            return JSONResponse({"detail": jsonable_encoder(error.errors())}, status_code=400)

    return app


WRONG_SIGNUP_APPS = [
    ("answers 200 instead of 201", _signups_app(created=200)),
    ("answers 201 with the username only, no age", _signups_app(echo=False)),
    ("accepts an age of 12", _signups_app(age=int)),
    ('checks the age with an `if` and answers 422 {"detail": "Too young"}', _signups_app(age=int, too_young=True)),
    ('answers 400 instead of 422, with the error at ["body", "age"]', _signups_app(status_400=True)),
]


def _teapot_app() -> FastAPI:
    """An app that answers 418 to every request: a test that passes against it calls no app."""
    app = FastAPI()

    @app.api_route("/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
    def teapot(path: str) -> JSONResponse:
        return JSONResponse({"detail": "I'm a teapot"}, status_code=418)

    return app


@contextlib.contextmanager
def _serving(app: FastAPI, other: Any) -> Iterator[None]:
    """Meanwhile every request to `app` (through a TestClient, ASGITransport or the live server)
    is handled by `other`: Starlette calls `app.middleware_stack` for each one."""
    before = app.middleware_stack
    app.middleware_stack = other
    try:
        yield
    finally:
        app.middleware_stack = before


def _globals(test: Callable[..., Any]) -> dict[str, Any]:
    return getattr(test, "__globals__", None) or getattr(getattr(test, "__func__", None), "__globals__", {})


def _parametrized(test: Callable[..., Any]) -> list[dict[str, Any]]:
    """The arguments of each run pytest makes of `test`: one per `parametrize` case."""
    runs: list[dict[str, Any]] = [{}]
    for mark in getattr(test, "pytestmark", []):
        if getattr(mark, "name", "") != "parametrize" or not mark.args:
            continue
        names = mark.args[0]
        names = [name.strip() for name in names.split(",") if name.strip()] if isinstance(names, str) else list(names)
        values = mark.args[1] if len(mark.args) > 1 else mark.kwargs.get("argvalues", [])
        cases = []
        for value in values:
            if type(value).__name__ == "ParameterSet":  # pytest.param(...)
                value = tuple(value.values)
            elif len(names) == 1:
                value = (value,)
            cases.append(dict(zip(names, value)))
        runs = [{**run, **case} for run, case in itertools.product(runs, cases)]
    return runs


def _call(function: Callable[..., Any], given: dict[str, Any], stack: contextlib.ExitStack) -> Any:
    """Call `function` with `given`, and each other parameter as pytest would: a fixture of that
    name among the notebook's names (set up now, torn down by `stack`), or that name's value."""
    arguments = dict(given)
    for name, parameter in inspect.signature(function).parameters.items():
        if name in arguments or parameter.default is not inspect.Parameter.empty:
            continue
        if parameter.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            continue
        value = _globals(function).get(name, _MISSING)
        if value is _MISSING:
            raise TypeError(f"it asks for `{name}`, which is no fixture or name of the notebook")
        wrapped = getattr(value, "_get_wrapped_function", None)  # a @pytest.fixture
        if wrapped is not None:
            value = _fixture_value(wrapped(), stack)
        arguments[name] = value
    return function(**arguments)


def _fixture_value(fixture: Callable[..., Any], stack: contextlib.ExitStack) -> Any:
    if inspect.isgeneratorfunction(fixture):
        generator = _call(fixture, {}, stack)
        value = next(generator)
        stack.callback(lambda: next(generator, None))
        return value
    return _call(fixture, {}, stack)


_MISSING = object()


def _await(awaitable: Any) -> None:
    """Run an async test to its end on an event loop of its own (the notebook's is busy running
    this check), and raise what it raised."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(awaitable)
        except BaseException as error:
            failure.append(error)

    thread = threading.Thread(target=run, name="lesson16-async-test")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def _run(test: Callable[..., Any]) -> str | None:
    """Run the learner's test as pytest would (each parametrize case, its fixtures); None when
    every run passes, else the first error in one line. Its prints are kept out of the check's
    output."""
    for arguments in _parametrized(test):
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            try:
                with contextlib.ExitStack() as stack:
                    result = _call(test, arguments, stack)
                    if inspect.isawaitable(result):  # an `async def` test, as @pytest.mark.anyio runs it
                        _await(result)
            except KeyboardInterrupt:
                raise
            except BaseException as error:  # a test fails by raising: an assert, pytest.fail(), any error
                frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.name == test.__name__]
                where = f" at `{frames[-1].line}`" if frames and frames[-1].line else ""
                case = f" (with {arguments})" if arguments else ""
                return (f"{type(error).__name__}: {error}".strip().removesuffix(":")[:200] + where + case)[:300]
    return None


def _find_test(names: dict[str, Any], name: str) -> Callable[..., Any] | None:
    """The test `name`: a function of the notebook, or a method of a `Test...` class there."""
    test = names.get(name)
    if callable(test):
        return test
    for value in list(names.values()):
        if inspect.isclass(value) and value.__name__.startswith("Test") and callable(getattr(value, name, None)):
            with contextlib.suppress(Exception):
                return getattr(value(), name)
    return None


def _check_tests(check: Check, server: LiveServer, route: tuple[str, str], test_names: list[str], wrong_apps: list,
                 advice: str, mine: str = "your app") -> None:
    """The learner's tests `test_names` all pass against their app, and at least one of them
    fails against each wrong app: a test suite that cannot fail proves nothing."""
    method, path = route  # the learner's tests live beside this route, in the notebook's names
    names = learner_namespace(server, path, method)
    tests = {name: _find_test(names, name) for name in test_names}
    for name, test in tests.items():
        if test is None:
            check.fail(f"there is no function {name}: keep the name the exercise gives it, and run its cell")
    for name, test in tests.items():
        error = _run(test)
        check.expect(error is None, f"{name} passes against {mine}", f"{name} fails against {mine}: {error}")
    with _serving(server.app, _teapot_app()):
        idle = [name for name, test in tests.items() if _run(test) is None]
    check.expect(
        not idle,
        "each test fails against an app that answers 418 to everything",
        f"{' and '.join(idle)} also {'passes' if len(idle) == 1 else 'pass'} against an app that answers 418 "
        "to every request: does each test call the app (through `client`) and assert the status it answers?",
    )
    let_through, caught_by = [], []
    passes = f"{test_names[0]} also passes" if len(tests) == 1 else "your tests all pass"
    for what, app in wrong_apps:
        with _serving(server.app, app):
            caught = [name for name, test in tests.items() if _run(test) is not None]
        if caught:
            verb = "fails" if len(caught) == 1 else "fail"
            caught_by.append(f"{' and '.join(caught)} {verb} against an app that {what}")
        else:
            let_through.append(f"{passes} against an app that {what}")
    # One line for all the broken apps, passed or failed: which one a suite lets through is
    # the learner's choice of asserts, not an order of steps.
    if let_through:  # every broken app that got through, in one failed line
        check.fail("; ".join(let_through) + f" ({len(let_through)} of {len(wrong_apps)} broken apps got through: {advice})")
    check.note(f"against each of the {len(wrong_apps)} broken apps a test fails: " + "; ".join(caught_by))


@checker
def missing_book(server: LiveServer) -> Report:
    """GET /books/{book_id} answers a known book, and a 404 {"detail": "Book not found"};
    test_missing_book tells this apart from wrong answers."""
    nudge = (
        "A missing book is an error the route raises, not a value it returns. And a test must "
        "be able to fail: assert the status code and the body a client relies on."
    )
    hint = (
        'In read_book: `if book_id not in BOOKS: raise HTTPException(status_code=404, '
        'detail="Book not found")`, then return BOOKS[book_id]. In the test, assert the status '
        "and the JSON body."
    )
    with exercise("missing_book", server, nudge=nudge, hint=hint) as check:
        for book_id, book in BOOKS.items():  # the known books: one line for both
            response = check.call(server, "GET", f"/books/{book_id}")
            check.status(response, 200, line=False)
            if response.headers.get("content-type") != "application/json" or json_difference(response.json(), book) is not None:
                check.json(response, book)
        check.note("GET /books/1 and GET /books/2 answer 200 and their book")
        for book_id in (99, 3):
            response = check.call(server, "GET", f"/books/{book_id}")
            if book_id == 99 or response.status_code != 404:  # for 3, one line: its body's
                check.status(response, 404)
            check.json(response, {"detail": "Book not found"})
        response = check.call(server, "GET", "/books/one")
        check.status(response, 422)
        _check_tests(check, server, ("GET", "/books/{book_id}"), ["test_missing_book"], WRONG_BOOK_APPS,
                     "assert both the status code (404) and the JSON body")
    return check.report


@checker
def signup_tests(server: LiveServer) -> Report:
    """test_signup and test_too_young pass against the lesson's POST /signups, and at least one
    of them fails against each of several broken versions of it."""
    nudge = (
        "Each test pins one rule down: send a request, then assert the status code AND the part "
        "of the body that shows the rule was applied (for a 422, where the error is, not its "
        "wording). A test that would also pass against a broken app proves nothing."
    )
    hint = (
        "test_signup: post a valid body, `assert response.status_code == 201` and "
        "`assert response.json() == body`. test_too_young: post an age of 12, assert 422 and "
        '`[error["loc"] for error in response.json()["detail"]] == [["body", "age"]]`.'
    )
    with exercise("signup_tests", server, nudge=nudge, hint=hint) as check:
        body = {"username": "grace_hopper", "age": 13}
        response = check.call(server, "POST", "/signups", json=body)
        check.require(  # the lesson's own route, not the learner's: no line of its own
            response.status_code == 201,
            f"POST /signups answers {response.status_code}: run the cell that defines it, above the exercise",
        )
        _check_tests(check, server, ("POST", "/signups"), ["test_signup", "test_too_young"], WRONG_SIGNUP_APPS,
                     "which assert would have caught it?", mine="the app under test (which is right)")
    return check.report
