"""Checkers for lesson 10, Databases with SQLAlchemy 2.

The checkers add users of their own through the learner's routes, and delete them again,
also when a check fails, so the learner's table is left as it was. The SQL they cause is taken
back out of the lesson's SQL log (`helpers.sql_log`), so the learner's next `sql.show()`
shows only the learner's own requests.
"""

import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import httpx

from helpers.checks import Check, Report, errors_logged, exercise, learner_namespace, log_mark, same_json, show
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer
from helpers.sql_log import SQLLog

_numbers = itertools.count(1)  # the checkers' own users get emails no one else uses


def _new_email() -> str:
    return f"checker-{next(_numbers)}@example.com"


@contextmanager
def _leaving_no_trace(server: LiveServer) -> Iterator[list[int]]:
    """Yield a list for the ids of the users a check creates; delete them at the end, and keep
    the check's SQL out of the lesson's SQL log (what `sql.show()` prints)."""
    names = learner_namespace(server, "/users", "POST")
    logs = [value for value in names.values() if isinstance(value, SQLLog)]
    created: list[int] = []
    with logs[0].hidden() if logs else nullcontext():
        try:
            yield created
        finally:
            for user_id in created:
                try:
                    server.client.delete(f"/users/{user_id}")
                except Exception:  # a stopped server: there is nothing more to clean
                    break


def _create(check: Check, server: LiveServer, created: list[int], name: str) -> tuple[int, str]:
    email = _new_email()
    response = check.call(server, "POST", "/users", json={"email": email, "name": name})
    if response.status_code != 201:  # the lesson's route, which the check needs: a line only when it fails
        check.status(response, 201)
    body = response.json()
    check.require(isinstance(body, dict) and type(body.get("id")) is int, f"POST /users answered {response.text[:200]}")
    created.append(body["id"])
    return body["id"], email


def _all_users(check: Check, server: LiveServer) -> list:
    users: list = []
    while True:
        response = check.call(server, "GET", "/users", params={"offset": len(users), "limit": 100})
        check.require(
            response.status_code == 200,
            f"GET /users answers {response.status_code}: run the lesson's cells above first",
        )
        page = response.json()
        users += page
        if len(page) < 100:
            return users


@checker
def count_users(server: LiveServer) -> Report:
    """GET /stats answers {"users": N}, the number of rows, and follows inserts and deletes."""
    nudge = (
        "Let the database do the counting: build a query that selects a count over the users "
        "table, and run it with the session method that returns a single value."
    )
    hint = "total = session.scalar(select(func.count()).select_from(User))"
    with exercise("count_users", server, nudge=nudge, hint=hint) as check, _leaving_no_trace(server) as created:
        rows = len(_all_users(check, server))
        response = check.call(server, "GET", "/stats")
        check.status(response, 200)
        check.json(response, {"users": rows})
        user_id, _ = _create(check, server, created, "Checker")
        response = check.call(server, "GET", "/stats")
        check.same(response.json(), {"users": rows + 1}, "after one more POST /users, GET /stats")
        _create(check, server, created, "Checker too")
        check.call(server, "DELETE", f"/users/{user_id}")  # the first of the two: the highest id is not the count
        created.remove(user_id)
        response = check.call(server, "GET", "/stats")
        check.same(response.json(), {"users": rows + 1}, "after another POST /users and a DELETE of the first, GET /stats")
    return check.report


def _patch(check: Check, server: LiveServer, path: str, body: dict[str, Any], expected: int, mark: int) -> None:
    """PATCH `path` with `body` must answer `expected`; a wrong answer says what it means."""
    response = check.call(server, "PATCH", path, json=body)
    got = response.status_code
    why = ""
    if got == 500:
        errors = errors_logged(server, mark)
        why = f" Your code raised {errors[-1]}" if errors else " `server.logs()` shows why."
        if errors and "NOT NULL" in errors[-1]:
            why += ": the null reached the database, whose NOT NULL column refused it."
    elif expected == 422 and got == 409:
        why = " A NOT NULL failure is not a conflict with another user: refuse the null before any SQL."
    elif expected == 422 and got == 200:
        what = "The null was" if None in body.values() else "The value was"
        why = f" {what} let through or ignored: a client that asks for the impossible gets told so."
    check.expect(got == expected, f"PATCH {path} with {show(body)} answers {expected}",
                 f"PATCH {path} with {show(body)} answers {got}, expected {expected}.{why}")


def _documented(check: Check, server: LiveServer, method: str, path: str, code: str) -> None:
    """The app's OpenAPI document still names UserOut as the route's answer (its response_model)."""
    response = check.call(server, "GET", "/openapi.json")
    if response.status_code != 200:  # a line only when it fails
        check.status(response, 200)
    operation = response.json().get("paths", {}).get(path, {}).get(method, {})
    schema = operation.get("responses", {}).get(code, {}).get("content", {}).get("application/json", {}).get("schema", {})
    check.expect(str(schema.get("$ref", "")).endswith("/UserOut"),
                 f"{method.upper()} {path} still answers a UserOut (response_model)",
                 f"the docs of {method.upper()} {path} no longer say it answers a UserOut: keep "
                 "response_model=UserOut, which also filters what goes out")


@checker
def null_patch(server: LiveServer) -> Report:
    """PATCH /users/{id} refuses an explicit null with a 422 and writes nothing; leaving a field
    out, a real change and a taken email (409) still work."""
    nudge = (
        "The columns are NOT NULL, so a null can never be stored: refuse it before any SQL runs. "
        "Leaving a field out must still mean \"keep it\", and a validator of a Pydantic field runs "
        "only for the fields the client sent."
    )
    hint = (
        'Add to UserUpdate a `@field_validator("email", "name")` classmethod that raises '
        "ValueError when the value is None (and returns it otherwise), then run the cell again, "
        "so that update_user is defined with the new UserUpdate."
    )
    with exercise("null_patch", server, nudge=nudge, hint=hint) as check, _leaving_no_trace(server) as created:
        _, other_email = _create(check, server, created, "Other")
        user_id, email = _create(check, server, created, "Nully")
        path = f"/users/{user_id}"
        mark = log_mark(server)
        for body in ({"name": None}, {"email": None}, {"name": "Changed", "email": None}):
            _patch(check, server, path, body, 422, mark)
        after = check.call(server, "GET", path).json()
        check.same(after, {"id": user_id, "email": email, "name": "Nully"}, f"after them, GET {path}")
        _patch(check, server, path, {"name": 5}, 422, mark)
        for body in ({"name": ""}, {"name": "x" * 101}):  # the 1 to 100 characters it had before
            _patch(check, server, path, body, 422, mark)
        _patch(check, server, path, {"email": other_email}, 409, mark)
        for name in ("R", "r" * 100):  # the shortest and the longest names it took before
            _patch(check, server, path, {"name": name}, 200, mark)
        # A PATCH of the name alone, as the two above: its answer is a condition of the next line.
        response = check.call(server, "PATCH", path, json={"name": "Renamed"})
        check.status(response, 200, line=False)
        renamed = {"id": user_id, "email": email, "name": "Renamed"}
        check.require(same_json(response.json(), renamed),
                      f"the answer to a PATCH of the name alone is {response.text[:200]}, expected {show(renamed)}")
        response = check.call(server, "PATCH", path, json={})
        check.status(response, 200, line=False)
        check.same(response.json(), renamed, "the answer to an empty PATCH")
        _documented(check, server, "patch", "/users/{user_id}", "200")
    return check.report


def _at_once(server: LiveServer, count: int, path: str, body: dict[str, Any]) -> list[httpx.Response | None]:
    """POST `body` to `path` from `count` threads, each with its own connection, released
    together by a barrier; the answers in thread order (None where no answer came)."""
    barrier, answers = threading.Barrier(count), [None] * count

    def send(index: int) -> None:
        with httpx.Client(base_url=server.url, trust_env=False, timeout=30) as client:
            try:
                barrier.wait(timeout=10)
                answers[index] = client.post(path, json=body)
            except (httpx.HTTPError, threading.BrokenBarrierError):
                pass

    threads = [threading.Thread(target=send, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers  # type: ignore[return-value]


@checker
def race(server: LiveServer) -> Report:
    """POST /register creates a user (201); the same email again is a 409, also when several
    registrations with one email arrive at the same moment: exactly one wins."""
    nudge = (
        "Two requests can both look for the email, both find nothing, and both insert: a look "
        "first decides nothing. The database's UNIQUE constraint does decide, atomically; turn "
        "its refusal into the 409, as POST /users does."
    )
    hint = (
        "Wrap session.commit() in try/except IntegrityError: session.rollback(), re-raise unless "
        "is_unique_violation(error), else raise HTTPException(status.HTTP_409_CONFLICT, ...). The "
        "SELECT before it may go."
    )
    with exercise("race", server, nudge=nudge, hint=hint) as check, _leaving_no_trace(server) as created:
        email = _new_email()
        response = check.call(server, "POST", "/register", json={"email": email, "name": "First"})
        check.status(response, 201)
        created.append(response.json()["id"])
        response = check.call(server, "POST", "/register", json={"email": email, "name": "Again"})
        check.status(response, 409)
        email, count = _new_email(), 6
        mark = log_mark(server)
        answers = _at_once(server, count, "/register", {"email": email, "name": "Racer"})
        for answer in answers:
            if answer is not None and answer.status_code == 201:
                created.append(answer.json()["id"])
        codes = sorted(answer.status_code if answer is not None else 0 for answer in answers)
        why = ""
        if 500 in codes:
            errors = [error for error in errors_logged(server, mark) if "IntegrityError" in error]
            if errors:
                why = (f" Each 500 is an {errors[-1]}. The requests all found the email free, and "
                       "the database refused every INSERT but one.")
        check.expect(
            codes == [201] + [409] * (count - 1),
            f"{count} registrations at once with one email: one 201, {count - 1} 409",
            f"{count} registrations at once with one email answer {codes}, expected one 201 and a 409 "
            f"for each of the {count - 1} others.{why}",
        )
        same = [user for user in _all_users(check, server) if user.get("email") == email]
        check.require(len(same) == 1, f"the table holds that email {len(same)} times")  # the UNIQUE column's doing: no line
        _documented(check, server, "post", "/register", "201")
    return check.report
