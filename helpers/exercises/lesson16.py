"""Checkers for lesson 16, Testing your API.

Each exercise has a route and a test. The route is checked over HTTP, as in every lesson. The
test is run, as the lesson's `run_tests` does, against the learner's app (it must pass) and
against apps that are wrong in one way each (it must fail): a test that cannot fail proves
nothing. The check finds the test function by name among the names of the cell that defined
the route, and runs it with the app it uses (`client`, `app`, `server`) swapped for a wrong one.

(No `from __future__ import annotations` here: FastAPI must read the wrong apps' annotations.)
"""

import contextlib
import io
import types
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient
from pydantic import Field, create_model

from helpers.checks import Check, Report, exercise, same_json
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


def _signups_app(username: Any = str, age: Any = int, too_young: bool = False, status_400: bool = False) -> FastAPI:
    """POST /signups with the given field types; `too_young`: an `if` answers 422 "Too young"
    for an age under 13; `status_400`: validation errors answer 400 instead of 422."""

    Signup = create_model("Signup", username=(username, ...), age=(age, ...))
    app = FastAPI()

    @app.post("/signups", status_code=201)
    def create_signup(signup: Signup) -> Any:  # type: ignore[valid-type]
        if too_young and signup.age < 13:
            raise HTTPException(status_code=422, detail="Too young")
        return signup

    if status_400:

        @app.exception_handler(RequestValidationError)
        async def as_400(request: Request, error: RequestValidationError) -> JSONResponse:
            return JSONResponse({"detail": jsonable_encoder(error.errors())}, status_code=400)

    return app


USERNAME = Annotated[str, Field(min_length=3, max_length=20)]
AGE = Annotated[int, Field(ge=13)]


WRONG_SIGNUP_APPS = [
    ("accepts an age of 12", _signups_app(USERNAME, int)),
    ('checks the age with an `if` and answers 422 {"detail": "Too young"}', _signups_app(USERNAME, int, too_young=True)),
    ("rejects the username 'ada' (5 characters at least) but not the age",
     _signups_app(Annotated[str, Field(min_length=5)], int)),
    ('answers 400 instead of 422, with the error at ["body", "age"]', _signups_app(USERNAME, AGE, status_400=True)),
]


def _run(test: Callable[[], Any], names: dict[str, Any]) -> str | None:
    """Run the learner's test with some of its global names replaced; None when it passes,
    else its error in one line. Its prints are kept out of the check's output."""
    function = types.FunctionType(test.__code__, {**test.__globals__, **names}, test.__name__,
                                  test.__defaults__, test.__closure__)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            function()
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # a test fails by raising: an assert, pytest.fail(), any error
            return f"{type(error).__name__}: {error}".strip().removesuffix(":")[:200]
    return None


def _names_read(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            names |= _names_read(constant)
    return names


def _swapped(test: Callable[[], Any], mine: Any, other: FastAPI) -> dict[str, Any]:
    """The names `test` reads that lead to the learner's app, each replaced by one for `other`."""
    names: dict[str, Any] = {}
    for name in _names_read(test.__code__):
        value = test.__globals__.get(name)
        if value is mine:
            names[name] = other
        elif isinstance(value, TestClient) and value.app is mine:
            names[name] = TestClient(other)
        elif isinstance(value, LiveServer) and value.app is mine:
            names[name] = types.SimpleNamespace(app=other, client=TestClient(other))
    return names


def _check_test(check: Check, server: LiveServer, path: str, name: str, wrong_apps: list, advice: str) -> None:
    """The learner's test `name` passes against their app and fails against each wrong app."""
    test = _find(server, path, name)
    if not callable(test):
        check.fail(f"there is no function {name}: keep the name the exercise gives it, and run its cell")
    error = _run(test, {})
    check.expect(error is None, f"{name} passes against your app", f"{name} fails against your app: {error}")
    for what, app in wrong_apps:
        names = _swapped(test, server.app, app)
        if not names:
            check.fail(
                f"{name} does not call your app through `client` (the TestClient of the lesson), "
                "so the check cannot run it against other apps"
            )
        check.expect(
            _run(test, names) is not None,
            f"{name} fails against an app that {what}",
            f"{name} also passes against an app that {what}: {advice}",
        )


def _find(server: LiveServer, path: str, name: str) -> Any:
    for route in server.app.routes:
        if getattr(route, "path", None) == path:
            found = getattr(getattr(route, "endpoint", None), "__globals__", {}).get(name)
            if found is not None:
                return found
    return None


@checker
def missing_book(server: LiveServer) -> Report:
    """GET /books/{book_id} answers a known book, and a 404 {"detail": "Book not found"};
    test_missing_book tells this apart from wrong answers."""
    hint = (
        'In read_book: `if book_id not in BOOKS: raise HTTPException(status_code=404, '
        'detail="Book not found")`, then return BOOKS[book_id]. In the test, assert the status '
        "and the JSON body."
    )
    with exercise("missing_book", hint, server) as check:
        for book_id, book in BOOKS.items():
            response = check.call(server, "GET", f"/books/{book_id}")
            check.status(response, 200)
            check.json(response, book)
        for book_id in (99, 3):
            response = check.call(server, "GET", f"/books/{book_id}")
            check.status(response, 404)
            check.json(response, {"detail": "Book not found"})
        response = check.call(server, "GET", "/books/one")
        check.status(response, 422)
        _check_test(check, server, "/books/{book_id}", "test_missing_book", WRONG_BOOK_APPS,
                    "assert both the status code (404) and the JSON body")
    return check.report


@checker
def signups(server: LiveServer) -> Report:
    """POST /signups answers 201 with the body, and 422 for a bad username or age;
    test_too_young tells this apart from wrong answers."""
    hint = (
        "Declare `username: str = Field(min_length=3, max_length=20)` and "
        "`age: int = Field(ge=13)`, and add `status_code=201` to the decorator. In the test, "
        'assert the status (422) and the error\'s "loc".'
    )
    with exercise("signups", hint, server) as check:
        for body in ({"username": "ada", "age": 36}, {"username": "grace_hopper", "age": 13}):
            response = check.call(server, "POST", "/signups", json=body)
            check.status(response, 201)
            check.json(response, body)
        bad = [
            ({"username": "al", "age": 30}, ["body", "username"], "a 2-character username"),
            ({"username": "x" * 21, "age": 30}, ["body", "username"], "a 21-character username"),
            ({"username": "bob", "age": 12}, ["body", "age"], "an age of 12"),
        ]
        for body, loc, what in bad:
            response = check.call(server, "POST", "/signups", json=body)
            check.expect(
                response.status_code == 422,
                f"{what} answers 422",
                f"{what} answers {response.status_code}, expected 422",
            )
            locations = [error.get("loc") for error in response.json().get("detail", [])]
            check.expect(
                same_json(locations, [loc]),
                f"{what} is rejected at {loc}",
                f"{what} is rejected, but at {locations}, expected only {loc}",
            )
        _check_test(check, server, "/signups", "test_too_young", WRONG_SIGNUP_APPS,
                    'assert both the status code (422) and the error\'s "loc"')
    return check.report
