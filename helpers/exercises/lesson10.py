"""Checkers for lesson 10, Databases with SQLAlchemy 2.

The checkers add users of their own through the learner's routes, and delete them again,
also when a check fails, so the learner's table is left as it was. The SQL they cause is taken
back out of the lesson's `statements` list, so the learner's next `print_sql()` shows only
the learner's own requests.
"""

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

from helpers.checks import Check, Report, errors_logged, exercise, learner_namespace, log_mark, same_json
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer

_numbers = itertools.count(1)  # the checkers' own users get emails no one else uses


def _new_email() -> str:
    return f"checker-{next(_numbers)}@example.com"


@contextmanager
def _leaving_no_trace(server: LiveServer) -> Iterator[list[int]]:
    """Yield a list for the ids of the users a check creates; delete them at the end, and take
    the check's SQL out of the lesson's `statements` (what `print_sql()` prints)."""
    statements = learner_namespace(server, "/users", "POST").get("statements")
    mark = len(statements) if isinstance(statements, list) else None
    created: list[int] = []
    try:
        yield created
    finally:
        for user_id in created:
            try:
                server.client.delete(f"/users/{user_id}")
            except Exception:  # a stopped server: there is nothing more to clean
                break
        if mark is not None:
            del statements[mark:]


def _create(check: Check, server: LiveServer, created: list[int], name: str) -> tuple[int, str]:
    email = _new_email()
    response = check.call(server, "POST", "/users", json={"email": email, "name": name})
    check.status(response, 201)
    body = response.json()
    check.expect(isinstance(body, dict) and type(body.get("id")) is int, "", f"POST /users answered {response.text[:200]}")
    check.report.steps.pop()  # a helper step, not worth a line of its own
    created.append(body["id"])
    return body["id"], email


def _all_users(check: Check, server: LiveServer) -> list:
    users: list = []
    while True:
        response = check.call(server, "GET", "/users", params={"offset": len(users), "limit": 100})
        check.expect(
            response.status_code == 200,
            "",
            f"GET /users answers {response.status_code}: run the lesson's cells above first",
        )
        check.report.steps.pop()  # a helper step, not worth a line of its own
        page = response.json()
        users += page
        if len(page) < 100:
            return users


@checker
def count_users(server: LiveServer) -> Report:
    """GET /stats answers {"users": N}, the number of rows, and follows inserts and deletes."""
    hint = "total = session.scalar(select(func.count()).select_from(User))"
    with exercise("count_users", hint, server) as check, _leaving_no_trace(server) as created:
        rows = len(_all_users(check, server))
        response = check.call(server, "GET", "/stats")
        check.status(response, 200)
        check.json(response, {"users": rows})
        user_id, _ = _create(check, server, created, "Checker")
        response = check.call(server, "GET", "/stats")
        check.same(response.json(), {"users": rows + 1}, "after one more POST /users, GET /stats")
        check.call(server, "DELETE", f"/users/{user_id}")
        created.remove(user_id)
        response = check.call(server, "GET", "/stats")
        check.same(response.json(), {"users": rows}, "after a DELETE, GET /stats")
    return check.report


def _why_500(server: LiveServer, mark: int) -> str:
    """The real cause of a 500 from PATCH, read from the server's log."""
    errors = errors_logged(server, mark)
    error = errors[-1] if errors else ""
    if "ResponseValidationError" in error:
        return (
            "the IntegrityError was caught, but the route then returned something that is not a "
            "UserOut (a dict?), which FastAPI cannot send: raise HTTPException(409, ...) instead"
        )
    if "PendingRollbackError" in error:
        return "the IntegrityError was caught, but the session was not rolled back: call session.rollback()"
    if "IntegrityError" in error:
        return "the IntegrityError was not caught"
    return f"the route raised {error}" if error else "`server.logs()` shows why"


@checker
def taken_email(server: LiveServer) -> Report:
    """PATCH with another user's email answers 409 and changes nothing; other updates work."""
    hint = (
        "Wrap session.commit() in try/except IntegrityError: call session.rollback(), then "
        "raise HTTPException(status.HTTP_409_CONFLICT, ...)."
    )
    with exercise("taken_email", hint, server) as check, _leaving_no_trace(server) as created:
        _, first_email = _create(check, server, created, "First")
        second_id, second_email = _create(check, server, created, "Second")
        path = f"/users/{second_id}"
        mark = log_mark(server)
        response = check.call(server, "PATCH", path, json={"email": first_email})
        status = response.status_code
        check.expect(
            status == 409,
            f"PATCH {path} with another user's email answers 409",
            f"PATCH {path} with another user's email answers {status}, expected 409"
            + (f" ({_why_500(server, mark)})" if status == 500 else ""),
        )
        check.expect(
            isinstance(response.json().get("detail"), str),
            "the 409 has a detail message",
            f"the 409's body is {response.text[:200]}, expected a detail message",
        )
        after = check.call(server, "GET", path).json()
        check.expect(
            same_json(after.get("email"), second_email),
            "the user kept its email",
            "the user's email changed although the update was refused",
        )
        response = check.call(server, "PATCH", path, json={"name": "Renamed"})
        check.status(response, 200)
        check.same(
            response.json(),
            {"id": second_id, "email": second_email, "name": "Renamed"},
            "the answer to a PATCH of the name alone",
        )
        fresh = _new_email()
        response = check.call(server, "PATCH", path, json={"email": fresh})
        check.status(response, 200)
        check.same(response.json(), {"id": second_id, "email": fresh, "name": "Renamed"}, "the answer to a PATCH to a free email")
    return check.report
