"""Checkers for lesson 12, Authentication with OAuth2 and JWT."""

import functools
import itertools
from collections.abc import Callable

from helpers.checks import Check, Report, exercise, learner_namespace, same_json
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer

# The lesson's users and their passwords (defined in the notebook).
LESSON_USERS = {"alice": "wonderland", "bob": "can-we-fix-it"}
_numbers = itertools.count(1)  # the checker's own sign-ups get names no one else uses


def _token(check: Check, server: LiveServer, username: str, password: str, who: str = "") -> str:
    who = who or username
    response = check.call(server, "POST", "/token", data={"username": username, "password": password})
    check.expect(
        response.status_code == 200,
        f"{who} can log in at POST /token",
        f"{who} could not log in at POST /token: {response.status_code} {response.text[:200]}",
    )
    return response.json()["access_token"]


@checker
def my_items(server: LiveServer) -> Report:
    """GET /users/me/items needs a token, and names its sender as the owner."""
    hint = "Add a parameter `user: CurrentUser` and use user.username as the owner."
    with exercise("my_items", hint, server) as check:
        response = check.call(server, "GET", "/users/me/items")
        if response.status_code == 200:
            check.fail("GET /users/me/items without a token answers 200, expected 401: anyone can read it")
        check.status(response, 401)
        for username, password in LESSON_USERS.items():
            token = _token(check, server, username, password)
            response = check.call(server, "GET", "/users/me/items", headers={"Authorization": f"Bearer {token}"})
            check.status(response, 200)
            check.json(response, [{"item": "notebook", "owner": username}])
    return check.report


def _leaving_no_user(check_function: Callable[[LiveServer], Report]) -> Callable[[LiveServer], Report]:
    """Take the users a check signs up out of the lesson's `users` again: it leaves no data."""

    @functools.wraps(check_function)
    def check_then_clean(server: LiveServer) -> Report:
        users = learner_namespace(server, "/users", "POST").get("users")
        before = set(users) if isinstance(users, dict) else set()
        try:
            return check_function(server)
        finally:
            if isinstance(users, dict):
                for name in set(users) - before:
                    users.pop(name, None)

    return check_then_clean


@checker
@_leaving_no_user
def sign_up(server: LiveServer) -> Report:
    """POST /users registers a user who can log in; nothing about the password comes back."""
    hint = (
        "Store password_hash.hash(new.password) as hashed_password, with "
        "`users.setdefault(new.username, user)`, and raise HTTPException(status.HTTP_409_CONFLICT, ...) "
        "when what it returns is not your new user (the name was taken)."
    )
    with exercise("sign_up", hint) as check:
        username, password = f"checker{next(_numbers)}", "a long passphrase"
        new = {"username": username, "full_name": "Check Er", "password": password}
        response = check.call(server, "POST", "/users", json=new)
        check.status(response, 201)
        body = response.json()
        check.expect(
            isinstance(body, dict)
            and same_json(body.get("username"), username)
            and same_json(body.get("full_name"), "Check Er"),
            "the answer has the username and the full name",
            f"the answer is {response.text[:200]}, expected the username and the full name",
        )
        check.expect(
            not any("password" in key or "hash" in key for key in body) and password not in response.text,
            "the answer says nothing about the password",
            f"the answer shows the password or its hash: keys {sorted(body)}",
        )
        token = _token(check, server, username, password, "the new user")
        response = check.call(server, "GET", "/users/me", headers={"Authorization": f"Bearer {token}"})
        check.status(response, 200)
        check.expect(
            same_json(response.json().get("username"), username),
            "the new user's token works for GET /users/me",
            f"GET /users/me with the new user's token gave {response.text[:200]}",
        )
        again = {"username": username, "full_name": "Someone Else", "password": "another passphrase"}
        response = check.call(server, "POST", "/users", json=again)
        check.status(response, 409)
        _token(check, server, username, password, "after that, the first user with the first password")
    return check.report
