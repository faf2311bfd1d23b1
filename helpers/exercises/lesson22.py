"""Checkers for lesson 22, the capstone to-do service (a package written with helpers.project).

The checks call the learner's live service over HTTP with users of their own, and delete those
users and their to-dos at the end, pass or fail. `ownership_tests` runs the learner's pytest
file against a correct service and against broken ones (see helpers.broken_services).
"""

import inspect
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from fastapi.routing import iter_route_contexts
from sqlalchemy import text

from helpers.checks import Check, Report, exercise, json_difference, show
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer
from helpers.broken_services import BROKEN, package_of, run_tests

PASSWORD = "checker password"
_SET_UP = "run the lesson's cells from the top, then this check again"


def _new_user(check: Check, server: LiveServer, names: list[str]) -> tuple[str, dict[str, str]]:
    """Sign a fresh user up and log it in through the service; return its name and the
    headers that carry its token."""
    username = f"checker-{uuid.uuid4().hex[:12]}"
    names.append(username)
    account = {"username": username, "password": PASSWORD}
    response = check.call(server, "POST", "/users", json=account)
    if response.status_code != 201:
        check.fail(f"POST /users answers {response.status_code}: {_SET_UP}")
    response = check.call(server, "POST", "/users/token", data=account)
    if response.status_code != 200:
        check.fail(f"POST /users/token answers {response.status_code}: {_SET_UP}")
    return username, {"Authorization": f"Bearer {response.json()['access_token']}"}


@contextmanager
def _leaving_no_trace(server: LiveServer) -> Iterator[list[str]]:
    """Yield a list for the names of the users a check signs up; at the end, delete them and
    their to-dos from the service's database, through its own session dependency (the service
    has no route that deletes a user). Nothing is deleted when that dependency is not found."""
    names: list[str] = []
    try:
        yield names
    finally:
        if names:
            try:
                _delete_users(server, names)
            except Exception:  # noqa: S110 (a changed schema: cleaning is best effort, the verdict stands)
                pass


def _delete_users(server: LiveServer, names: list[str]) -> None:
    for context in iter_route_contexts(server.app.routes):  # the routes of included routers too
        if context.path != "/users" or "POST" not in (context.methods or ()):
            continue
        for dependency in context.original_route.dependant.dependencies:  # type: ignore[attr-defined]
            call = dependency.call
            if inspect.isgeneratorfunction(call) and not inspect.signature(call).parameters:
                sessions = call()
                session = next(sessions)
                try:
                    for name in names:
                        owner = "SELECT id FROM users WHERE username = :name"
                        session.execute(text(f"DELETE FROM todos WHERE owner_id IN ({owner})"), {"name": name})
                        session.execute(text("DELETE FROM users WHERE username = :name"), {"name": name})
                    session.commit()
                finally:
                    sessions.close()
                return


NOT_FOUND = {"detail": "To-do not found"}  # the rules: the same answer for a missing id and for someone else's

@checker
def predict_sign_up(server: LiveServer, predicted: object) -> Report:
    """The learner's predicted status codes for five requests a second user sends."""
    nudge = (
        "Read the given core as the request travels: schemas.py decides what is valid, the "
        "database's UNIQUE constraint decides what is taken, and security.py decides whose token "
        "it is (a token names its user; it does not know who sends it)."
    )
    hint = (
        "A taken name is a 409 and a too short password a 422; a UNIQUE constraint compares text "
        "exactly, capitals included; whoever holds a token is its user; a signature made with "
        "another key is refused with a 401."
    )
    with exercise("predict_sign_up", server, nudge=nudge, hint=hint) as check, _leaving_no_trace(server) as names:
        ada, ada_token = _new_user(check, server, names)
        names.append(ada.upper())
        later = datetime.now(UTC) + timedelta(minutes=5)
        forged = jwt.encode({"sub": ada, "exp": later}, "grace's own key, not the service's one", algorithm="HS256")
        requests: dict[str, dict[str, Any]] = {
            "grace signs up with the name ada": {
                "method": "POST", "path": "/users", "json": {"username": ada, "password": "grace's password"}},
            "grace signs up with the name Ada": {
                "method": "POST", "path": "/users", "json": {"username": ada.upper(), "password": "grace's password"}},
            "grace signs up with the password 'short'": {
                "method": "POST", "path": "/users", "json": {"username": f"{ada}-g", "password": "short"}},
            "grace sends GET /users/me with ada's token": {"method": "GET", "path": "/users/me", "headers": ada_token},
            "grace sends GET /users/me with a token she signed herself": {
                "method": "GET", "path": "/users/me", "headers": {"Authorization": f"Bearer {forged}"}},
        }
        check.predictions(server, predicted, requests)
    return check.report


def _titles(check: Check, server: LiveServer, headers: dict[str, str]) -> list[Any]:
    """The titles in GET /todos for the user of `headers` (a failed step if it is no list)."""
    response = check.call(server, "GET", "/todos", headers=headers)
    check.status(response, 200, line=False)
    body = response.json()
    if not isinstance(body, list):
        check.fail(f"GET /todos answers {show(body)[:200]}, expected a list of to-dos")
    return [todo.get("title") if isinstance(todo, dict) else todo for todo in body]


@checker
def todos(server: LiveServer) -> Report:
    """The to-dos resource, for two users: create, list, read, change and delete, each user's own."""
    nudge = (
        "Every route needs the current user, and every query asks for the user's own rows: an id "
        "that is someone else's must look exactly like one that does not exist. A dependency that "
        "finds the user's own to-do (or answers 404) serves the three routes with an id."
    )
    hint = (
        "Write `get_own_todo(todo_id: int, user: CurrentUser, session: SessionDep)` that selects "
        "`Todo` where `Todo.id == todo_id, Todo.owner_id == user.id` and raises a 404 when it finds "
        "none; use it as `todo: Annotated[Todo, Depends(get_own_todo)]` in GET, PATCH and DELETE "
        "`/{todo_id}`; PATCH applies `change.model_dump(exclude_unset=True)` with setattr."
    )
    with exercise("todos", server, nudge=nudge, hint=hint) as check, _leaving_no_trace(server) as names:
        paths = {context.path for context in iter_route_contexts(server.app.routes)}
        if not any(path.startswith("/todos") for path in paths):
            check.fail("the service has no /todos route yet: does your cell start with `%%project_file "
                       "routers/todos.py`, and did the cell after it (load and serve) run?")
        check.status(check.call(server, "GET", "/todos"), 401)
        _, ada = _new_user(check, server, names)
        _, grace = _new_user(check, server, names)
        created = {}
        for title, owner in (("wash up", ada), ("read", ada), ("write", ada), ("not yours", grace)):
            response = check.call(server, "POST", "/todos", json={"title": title}, headers=owner)
            check.status(response, 201, line=False)
            body = response.json()
            todo_id = body.get("id") if isinstance(body, dict) else None
            expected = {"id": todo_id if isinstance(todo_id, int) else 1, "title": title, "done": False}
            if body == {}:
                check.fail(f"the new to-do is {{}}, expected {show(expected)}: that is what FastAPI makes "
                           "of a database row it has no response model (TodoOut) to read with")
            if json_difference(body, expected) is not None:
                check.same(body, expected, "the new to-do")
            created[title] = body
        check.note('POST /todos answers 201 and {"id": ..., "title": ..., "done": false}, '
                   "for two new users: one with 3 to-dos, one with 1")
        check.same(_titles(check, server, ada), ["wash up", "read", "write"], "the first user's list")
        check.same(_titles(check, server, grace), ["not yours"], "the second user's list")
        read, write = f"/todos/{created['read']['id']}", f"/todos/{created['write']['id']}"
        response = check.call(server, "GET", read, headers=ada)
        if response.status_code != 200:  # a status, then its body: one line, the body's
            check.status(response, 200)
        check.json(response, created["read"])
        other = check.call(server, "GET", read, headers=grace)
        check.expect(other.status_code == 404, "GET of the first user's to-do by the second user answers 404",
                     f"GET of the first user's to-do by the second user answers {other.status_code}, expected 404: "
                     "someone else's to-do must look exactly like one that does not exist")
        check.json(other, NOT_FOUND)
        for method, body in (("PATCH", {"done": True}), ("DELETE", None)):
            answer = check.call(server, method, write if method == "DELETE" else read, json=body, headers=grace)
            check.expect(answer.status_code == 404, f"{method} of the first user's to-do by the second user answers 404",
                         f"{method} of the first user's to-do by the second user answers {answer.status_code}, expected 404")
        for method, body in (("GET", None), ("PATCH", {"done": True}), ("DELETE", None)):
            for todo_id in (0, 2**63, 2**64):  # the rules: an id outside 1..2**63 - 1 is a 422
                answer = check.call(server, method, f"/todos/{todo_id}", json=body, headers=ada)
                check.require(answer.status_code == 422,
                              f"{method} /todos/{todo_id} answers {answer.status_code}, expected 422: an id past "
                              "SQLite's 64-bit INTEGER cannot be looked up (it is a 500), so bound the path "
                              "parameter, e.g. `Path(ge=1, le=2**63 - 1)`")
            check.note(f"{method} /todos/0, /todos/{2**63} and /todos/{2**64} answer 422")  # one line a route
        largest = f"/todos/{2**63 - 1}"  # the bound is inclusive: the largest id SQLite stores is an id
        answer = check.call(server, "GET", largest, headers=ada)
        check.expect(answer.status_code == 404, f"GET {largest} (the largest id, no such to-do) answers 404",
                     f"GET {largest} answers {answer.status_code}, expected 404: it is the largest id SQLite "
                     "can store, so a valid id that names no to-do; bound the path parameter with `le=2**63 - 1`")
        for change in ({"done": True}, {"title": "read a book"}):
            response = check.call(server, "PATCH", read, json=change, headers=ada)
            check.status(response, 200, line=False)
            check.json(response, {**created["read"], "done": True, **change})
        nulls = ({"title": None}, {"done": None})
        for body in nulls:
            response = check.call(server, "PATCH", read, json=body, headers=ada)
            check.require(response.status_code == 422,
                          f"PATCH {show(body)} answers {response.status_code}, expected 422: a column that "
                          "is NOT NULL may be left out of a PATCH, but not set to null")
        check.note(" and ".join(f"PATCH {show(body)}" for body in nulls) + " answer 422")
        check.status(check.call(server, "DELETE", write, headers=ada), 204)
        response = check.call(server, "GET", write, headers=ada)
        check.status(response, 404)
        check.json(response, NOT_FOUND)
        check.same(_titles(check, server, ada), ["wash up", "read a book"], "the first user's list")
        titles = _titles(check, server, grace)
        if titles != ["not yours"]:  # as it was at the start: a line only when it changed
            check.same(titles, ["not yours"], "the second user's list")
    return check.report


@checker
def ownership_tests(server: LiveServer) -> Report:
    """The learner's tests/test_todos.py passes on a correct service and fails on each broken one."""
    nudge = (
        "A test that proves a rule sets up two users and makes the second one try what it must "
        "not: see the first one's to-dos, change or delete them, or write a null. Then it asserts "
        "the answer a correct service gives."
    )
    hint = (
        "Use the fixtures: `ada, grace = make_user(\"ada\"), make_user(\"grace\")`; create a to-do "
        "as ada; assert grace's GET /todos is `[]`, grace's PATCH and DELETE of it answer 404, and "
        "ada's PATCH with `{\"title\": None}` answers 422."
    )
    with exercise("ownership_tests", server, nudge=nudge, hint=hint) as check:
        found = package_of(server.app)
        if found is None:
            check.fail("the server does not serve the project's app: " + _SET_UP)
        root, package = found
        tests = root / "tests" / "test_todos.py"
        if not tests.exists():
            check.fail("the project has no tests/test_todos.py yet: the first line of your cell writes it")
        runs = run_tests(root, package, ["correct", *BROKEN, "yours"])
        for name, run in runs.items():
            if run.problem:
                check.fail(run.problem)
            service = "a correct service" if name == "correct" else "your service" if name == "yours" else BROKEN[name]
            # pytest's exit code says whether a test failed, whatever the tests look like
            # (parametrized, in classes, with fixtures and helpers of their own); the names are
            # for the learner to read.
            if name in BROKEN:
                check.expect(run.returncode == 1, f"on {service}, your tests fail ({', '.join(run.failed) or run.summary})",
                             f"on {service}, your tests pass ({run.summary}): they do not test that rule yet")
            else:
                check.expect(run.returncode == 0, f"on {service}, your tests pass ({run.summary})",
                             f"on {service}, these tests fail: {run.explain()}")
    return check.report



@checker
def close_account(server: LiveServer) -> Report:
    """DELETE /users/me closes the account with its to-dos: the next user sees none of them."""
    nudge = (
        "Follow the closed account's to-dos: where are they once the user row is gone, and which "
        "id do they still point to? The next user to sign up gets an id too. Closing an account "
        "must take its own to-dos with it, and nobody else's."
    )
    hint = (
        "Before `session.delete(user)`, delete the user's rows in one statement: "
        "`session.execute(delete(Todo).where(Todo.owner_id == user.id))` (import `delete` from "
        "sqlalchemy and `Todo` from ..models)."
    )
    with exercise("close_account", server, nudge=nudge, hint=hint) as check, _leaving_no_trace(server) as names:
        _, other = _new_user(check, server, names)
        response = check.call(server, "POST", "/todos", json={"title": "someone else's"}, headers=other)
        if response.status_code == 404:
            check.fail("POST /todos answers 404: this check needs the to-dos router of exercise 2, solve that one first")
        if response.status_code != 201:  # the line is the note below
            check.status(response, 201)
        _, leaving = _new_user(check, server, names)
        for title in ("diary", "bank details"):
            response = check.call(server, "POST", "/todos", json={"title": title}, headers=leaving)
            check.status(response, 201, line=False)
        check.note("two users: one with 1 to-do, then one with 2 who closes the account")
        check.status(check.call(server, "DELETE", "/users/me", headers=leaving), 204)
        check.status(check.call(server, "GET", "/users/me", headers=leaving), 401)
        _, newcomer = _new_user(check, server, names)
        got = _titles(check, server, newcomer)
        check.expect(got == [], "the next user to sign up lists no to-dos",
                     f"the next user to sign up lists {show(got)}, expected []: the closed account's "
                     "to-dos are still in the table, and the newcomer was given its id")
        check.same(_titles(check, server, other), ["someone else's"], "the other user's list")
    return check.report
