"""Checkers for lesson 22, the capstone to-do service."""

import inspect
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from helpers.checks import Check, Report, exercise, same_json
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer

PASSWORD = "checker password"


def _new_user(check: Check, server: LiveServer, names: list[str]) -> dict[str, str]:
    """Register a fresh user through the service and return the headers with its token."""
    username = f"checker-{uuid.uuid4().hex[:12]}"
    names.append(username)
    account = {"username": username, "password": PASSWORD}
    response = check.call(server, "POST", "/users", json=account)
    if response.status_code != 201:
        check.fail(f"POST /users answers {response.status_code}: {_SET_UP}")
    response = check.call(server, "POST", "/token", data=account)
    if response.status_code != 200:
        check.fail(f"POST /token answers {response.status_code}: {_SET_UP}")
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _add_todos(check: Check, server: LiveServer, me: dict[str, str], titles: list[str], done: set[str]) -> None:
    """Create the to-dos through the service, and mark those in `done` as done."""
    for title in titles:
        response = check.call(server, "POST", "/todos", json={"title": title}, headers=me)
        if response.status_code != 201:
            check.fail(f"POST /todos answers {response.status_code}: {_SET_UP}")
        if title in done:
            todo_id = response.json()["id"]
            response = check.call(server, "PATCH", f"/todos/{todo_id}", json={"done": True}, headers=me)
            if response.status_code != 200:
                check.fail(f"PATCH /todos/{{id}} answers {response.status_code}: {_SET_UP}")


@contextmanager
def _leaving_no_trace(server: LiveServer) -> Iterator[list[str]]:
    """Yield a list for the names of the users a check registers; at the end, delete them and
    their to-dos from the service's database, through its own session dependency (the service
    has no route to delete a user). Nothing is deleted when that dependency cannot be found."""
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
    for route in server.app.routes:
        if getattr(route, "path", None) != "/users" or "POST" not in (getattr(route, "methods", None) or ()):
            continue
        for dependency in route.dependant.dependencies:
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


_SET_UP = "run the lesson's cells from the top (the set-up cell first), then this check again"


@checker
def filter_todos(server: LiveServer) -> Report:
    """GET /todos?done=... filters the current user's to-dos; without it, all of them."""
    hint = "Add `if done is not None: query = query.where(Todo.done == done)` before `session.scalars(query)`."
    with exercise("filter_todos", hint, server) as check, _leaving_no_trace(server) as names:
        me = _new_user(check, server, names)
        titles = ["wash up", "read", "run", "write"]
        _add_todos(check, server, me, titles, done={"read", "write"})
        someone_else = _new_user(check, server, names)
        _add_todos(check, server, someone_else, ["not yours"], done={"not yours"})
        check.expect(True, "two new users, with 4 and 1 to-dos, some done", "")
        for query, expected in (
            ("?done=true", ["read", "write"]),
            ("?done=false", ["wash up", "run"]),
            ("", titles),
        ):
            response = check.call(server, "GET", f"/todos{query}", headers=me)
            check.status(response, 200)
            got = [todo.get("title") for todo in response.json() if isinstance(todo, dict)]
            check.expect(
                same_json(got, expected),
                f"/todos{query} lists {expected}",
                f"/todos{query} lists {got}, expected {expected}",
            )
    return check.report


@checker
def todo_stats(server: LiveServer) -> Report:
    """GET /todos/stats counts the current user's to-dos: total, done, open; 401 without a token."""
    hint = (
        "Count with `.where(Todo.owner_id == user.id, Todo.done)` for the finished ones, and "
        "`total - done` for the open ones."
    )
    with exercise("todo_stats", hint, server) as check, _leaving_no_trace(server) as names:
        response = check.call(server, "GET", "/todos/stats")
        check.status(response, 401)
        me = _new_user(check, server, names)
        response = check.call(server, "GET", "/todos/stats", headers=me)
        check.status(response, 200)
        check.json(response, {"total": 0, "done": 0, "open": 0})
        _add_todos(check, server, me, ["a", "b", "c", "d", "e"], done={"b", "d"})
        someone_else = _new_user(check, server, names)
        _add_todos(check, server, someone_else, ["x"], done={"x"})
        check.expect(True, "the user adds 5 to-dos and finishes 2 (another user adds 1)", "")
        response = check.call(server, "GET", "/todos/stats", headers=me)
        check.status(response, 200)
        check.json(response, {"total": 5, "done": 2, "open": 3})
    return check.report
