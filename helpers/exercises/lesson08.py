"""Checkers for lesson 08, Databases with SQLAlchemy 2."""

import itertools

from helpers.checks import Report, exercise
from helpers.progress import checker
from helpers.server import LiveServer

_numbers = itertools.count(1)  # the checkers' own users get emails no one else uses


def _new_email() -> str:
    return f"checker-{next(_numbers)}@example.com"


def _all_users(check, server: LiveServer) -> list:
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
    with exercise("count_users", hint) as check:
        rows = len(_all_users(check, server))
        response = check.call(server, "GET", "/stats")
        check.status(response, 200)
        check.json(response, {"users": rows})
        created = check.call(server, "POST", "/users", json={"email": _new_email(), "name": "Checker"})
        check.status(created, 201)
        response = check.call(server, "GET", "/stats")
        check.expect(
            response.json() == {"users": rows + 1},
            "after one more POST /users, the number is one more",
            f"after one more POST /users, GET /stats gives {response.json()}, expected {rows + 1}",
        )
        check.call(server, "DELETE", f"/users/{created.json()['id']}")
        response = check.call(server, "GET", "/stats")
        check.expect(
            response.json() == {"users": rows},
            "after a DELETE, the number is one less again",
            f"after a DELETE, GET /stats gives {response.json()}, expected {rows}",
        )
    return check.report


@checker
def taken_email(server: LiveServer) -> Report:
    """PATCH with another user's email answers 409 and changes nothing; other updates work."""
    hint = (
        "Wrap session.commit() in try/except IntegrityError: call session.rollback(), then "
        "raise HTTPException(status.HTTP_409_CONFLICT, ...)."
    )
    with exercise("taken_email", hint) as check:
        first_email, second_email = _new_email(), _new_email()
        first = check.call(server, "POST", "/users", json={"email": first_email, "name": "First"})
        check.status(first, 201)
        second = check.call(server, "POST", "/users", json={"email": second_email, "name": "Second"})
        check.status(second, 201)
        path = f"/users/{second.json()['id']}"
        try:
            response = check.call(server, "PATCH", path, json={"email": first_email})
            check.expect(
                response.status_code == 409,
                f"PATCH {path} with another user's email answers 409",
                f"PATCH {path} with another user's email answers {response.status_code}, "
                "expected 409" + (" (a 500: the IntegrityError was not caught)" if response.status_code == 500 else ""),
            )
            check.expect(
                isinstance(response.json().get("detail"), str),
                "the 409 has a detail message",
                f"the 409's body is {response.text[:200]}, expected a detail message",
            )
            after = check.call(server, "GET", path).json()
            check.expect(
                after.get("email") == second_email,
                "the user kept its email",
                "the user's email changed although the update was refused",
            )
            response = check.call(server, "PATCH", path, json={"name": "Renamed"})
            check.status(response, 200)
            check.expect(
                response.json().get("name") == "Renamed" and response.json().get("email") == second_email,
                "a PATCH of the name alone changes the name and keeps the email",
                f"a PATCH of the name alone gave {response.json()}",
            )
            fresh = _new_email()
            response = check.call(server, "PATCH", path, json={"email": fresh})
            check.status(response, 200)
            check.expect(
                response.json().get("email") == fresh,
                "a PATCH to a free email changes it",
                f"a PATCH to a free email gave {response.json()}",
            )
        finally:
            for user in (first, second):
                server.client.delete(f"/users/{user.json()['id']}")
    return check.report
