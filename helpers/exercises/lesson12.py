"""Checkers for lesson 12, Authentication with OAuth2 and JWT."""

import functools
import json
import itertools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import jwt

from helpers.checks import Check, Report, errors_logged, exercise, learner_namespace, log_mark, same_json
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.hostile import forged_tokens
from helpers.progress import checker
from helpers.server import LiveServer

# The lesson's users and their passwords (defined in the notebook).
LESSON_USERS = {"alice": "wonderland", "bob": "can-we-fix-it"}
_numbers = itertools.count(1)  # the checker's own sign-ups get names no one else uses


def _token(check: Check, server: LiveServer, username: str, password: str, who: str = "", line: bool = True) -> str:
    """Log in; `line`: a line of the report for the login (else only a failure shows)."""
    who = who or username
    response = check.call(server, "POST", "/token", data={"username": username, "password": password})
    why = response.text[:200]
    if response.status_code == 500:
        errors = errors_logged(server, check.log_start)
        why = f"the login raised {errors[-1]}" if errors else why
        if errors and "hash" in errors[-1].lower():
            why += " (what was stored as hashed_password is not a hash)"
    failure = f"{who} could not log in at POST /token: {response.status_code}, {why}"
    if line:
        check.expect(response.status_code == 200, f"{who} can log in at POST /token", failure)
    else:
        check.require(response.status_code == 200, failure)
    return response.json()["access_token"]


def _body(response: httpx.Response) -> Any:
    """The JSON of an answer, or {} when it has none."""
    try:
        return response.json()
    except ValueError:
        return {}


@checker
def my_items(server: LiveServer) -> Report:
    """GET /users/me/items needs a token, and names its sender as the owner."""
    nudge = (
        "A route learns who sent the token by asking for the current user, the dependency that "
        "/users/me asks for; then the owner comes from that user, not from a fixed text."
    )
    hint = "Add a parameter `user: CurrentUser` and use user.username as the owner."
    with exercise("my_items", server, nudge=nudge, hint=hint) as check:
        response = check.call(server, "GET", "/users/me/items")
        if response.status_code == 200:
            check.fail("GET /users/me/items without a token answers 200, expected 401: anyone can read it")
        check.status(response, 401)
        for username, password in LESSON_USERS.items():
            token = _token(check, server, username, password, line=False)  # the lesson's login, not the exercise
            response = check.call(server, "GET", "/users/me/items", headers={"Authorization": f"Bearer {token}"})
            check.status(response, 200)
            check.json(response, [{"item": "notebook", "owner": username}])
        names: dict[str, Any] = learner_namespace(server, "/users/me/items")
        key, algorithm = names.get("SECRET_KEY"), names.get("ALGORITHM", "HS256")
        if not isinstance(key, str) or not isinstance(algorithm, str):
            check.fail("no SECRET_KEY next to GET /users/me/items: run the set-up cell, then the exercise cell")
        for what, forged in forged_tokens({"sub": "alice"}, key, algorithm).items():
            response = check.call(server, "GET", "/users/me/items", headers={"Authorization": f"Bearer {forged}"})
            check.require(
                response.status_code == 401,
                f"GET /users/me/items with alice's token {what} answers {response.status_code}, expected 401"
                + (": the token was accepted, so anyone can forge one" if response.status_code == 200 else ""),
            )
        check.note("every forged, expired or incomplete token gets a 401")
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
    nudge = (
        "Login verifies the password typed against a stored hash, so store a hash. A name "
        "is the same name whatever its letter case, so bring it to one case first. And a name "
        "must be checked and claimed in one step: a check first, then a store, lets two "
        "simultaneous sign-ups both pass the check."
    )
    hint = (
        "Take `username = new.username.casefold()`, store password_hash.hash(new.password) as "
        "hashed_password under that name with `users.setdefault(username, user)`, and raise "
        "HTTPException(status.HTTP_409_CONFLICT, ...) when what it returns is not your new user "
        "(the name was taken)."
    )
    with exercise("sign_up", server, nudge=nudge, hint=hint) as check:
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
        for field in ("username", "password"):
            response = check.call(server, "POST", "/users", json={k: v for k, v in new.items() if k != field})
            check.status(response, 422, why=f"a sign-up without a {field} must be refused (422): keep the field required, with no default",
                         line=False)
            check.note(f"a sign-up without a {field} answers 422")
        token = _token(check, server, username, password, "the new user")
        # The lesson's /users/me finds the user the lesson's login found: a condition of that line.
        response = check.call(server, "GET", "/users/me", headers={"Authorization": f"Bearer {token}"})
        me = _body(response)
        check.require(
            response.status_code == 200 and isinstance(me, dict) and same_json(me.get("username"), username),
            f"GET /users/me with the new user's token gave {response.status_code} {response.text[:200]}",
        )
        again = {"username": username, "full_name": "Someone Else", "password": "another passphrase"}
        response = check.call(server, "POST", "/users", json=again)
        check.status(response, 409)
        for other_case in (username.upper(), username.capitalize()):
            response = check.call(server, "POST", "/users", json=again | {"username": other_case})
            check.require(
                response.status_code == 409,
                f"POST /users for {other_case} answers {response.status_code}, expected 409: {username} "
                "exists, and a name that differs only in case is a look-alike of it",
            )
        check.note(f"{username.upper()} and {username.capitalize()}, the same name in other letters, answer 409")
        _token(check, server, username, password, "after that, the first user with the first password")
        _sign_up_at_once(check, server, f"checker{next(_numbers)}")
    return check.report


def _sign_up_at_once(check: Check, server: LiveServer, username: str, count: int = 6) -> None:
    """`count` sign-ups for one new name, each with its own password, sent at the same moment:
    exactly one gets its 201, and its password is the one that logs in."""
    bodies = [{"username": username, "full_name": f"Twin {n}", "password": f"passphrase number {n}"} for n in range(count)]
    with ThreadPoolExecutor(count) as pool:
        answers = list(pool.map(lambda body: check.call(server, "POST", "/users", json=body), bodies))
    codes = sorted(answer.status_code for answer in answers)
    check.expect(
        codes == [201] + [409] * (count - 1),
        f"{count} sign-ups for one name at the same moment: one 201, then 409s",
        f"{count} sign-ups for one name at the same moment answered {codes}, expected one 201 and "
        f"{count - 1} 409s: the name must be checked and claimed in one step",
    )
    winner = bodies[[answer.status_code for answer in answers].index(201)]
    _token(check, server, username, winner["password"], "the one whose sign-up got the 201")


# The forgeries of helpers.hostile that the tokens of _bad_tokens already stand for.
_SAME_AS_BAD = {"signed with another key", "expired", "without exp", "without sub", "not a JWT"}


def _bad_tokens(key: str, algorithm: str, unknown: str) -> dict[str, str]:
    """Tokens that /whoami must refuse, each named for the report; `unknown` names no user."""
    soon = datetime.now(timezone.utc) + timedelta(minutes=5)
    bad = {
        'a token without "exp" (valid forever)': jwt.encode({"sub": "alice"}, key, algorithm=algorithm),
        'a token without "sub"': jwt.encode({"exp": soon}, key, algorithm=algorithm),
        'a token whose "sub" is the number 42': jwt.encode({"sub": 42, "exp": soon}, key, algorithm=algorithm),
        "an expired token": jwt.encode({"sub": "alice", "exp": soon - timedelta(minutes=6)}, key, algorithm=algorithm),  # a minute ago
        "a token signed with another key": jwt.encode({"sub": "alice", "exp": soon}, "another key " * 4, algorithm=algorithm),
        f'a token for the unknown user "{unknown}"': jwt.encode({"sub": unknown, "exp": soon}, key, algorithm=algorithm),
        "a text that is not a token": "not-a-token",
    }
    return bad


def _forged(key: str, algorithm: str) -> dict[str, str]:
    """alice's token forged as helpers.hostile forges it, less the flaws _bad_tokens has: what a
    decoder that checks signatures with the app's key and algorithm refuses all together."""
    return {f"alice's token {what}": token for what, token in forged_tokens({"sub": "alice"}, key, algorithm).items()
            if what not in _SAME_AS_BAD}


def _refused(check: Check, server: LiveServer, what: str, token: str, mark: int, line: bool = True) -> None:
    response = check.call(server, "GET", "/whoami", headers={"Authorization": f"Bearer {token}"})
    got = response.status_code
    why = ""
    if got == 200:
        why = ": the token was accepted"
    elif got == 500:
        errors = errors_logged(server, mark)
        why = f": your code raised {errors[-1] if errors else 'an error'} (a bad token is the client's fault: a 401)"
    if line:
        check.expect(got == 401, f"{what} gets a 401", f"{what} answers {got}, expected 401{why}")
    else:
        check.require(got == 401, f"{what} answers {got}, expected 401{why}")
    check.require(
        response.headers.get("www-authenticate", "").startswith("Bearer"),  # error="invalid_token" may follow
        f"the 401 for {what} has no header WWW-Authenticate: Bearer (raise credentials_error)",
    )


@checker
def strict_tokens(server: LiveServer) -> Report:
    """GET /whoami answers the user named by a valid token, and a 401 with WWW-Authenticate for
    every token that lacks exp or sub, is expired, forged, not a JWT, or names no user."""
    nudge = (
        "PyJWT checks a claim only when the token has it, unless you tell it which claims are "
        "required. And every refusal must be the same 401: catch the whole family of token "
        "errors, not one of them, and never read a claim that a token may lack."
    )
    hint = (
        'Decode with `options={"require": ["exp", "sub"]}` and catch `jwt.InvalidTokenError` (the '
        "parent of all PyJWT's token errors), raising credentials_error, as get_current_user does."
    )
    with exercise("strict_tokens", server, nudge=nudge, hint=hint) as check:
        names: dict[str, Any] = learner_namespace(server, "/whoami")
        key, algorithm = names.get("SECRET_KEY"), names.get("ALGORITHM")
        if not isinstance(key, str) or not isinstance(algorithm, str):
            check.fail("GET /whoami is not defined (or SECRET_KEY is missing): run the set-up cell and the exercise cell")
        soon = datetime.now(timezone.utc) + timedelta(minutes=5)
        for username, full_name in (("alice", "Alice Liddell"), ("bob", "Bob Builder")):
            token = jwt.encode({"sub": username, "exp": soon}, key, algorithm=algorithm)
            response = check.call(server, "GET", "/whoami", headers={"Authorization": f"Bearer {token}"})
            expected = {"username": username, "full_name": full_name}
            if username == "alice":
                check.expect(
                    response.status_code == 200,
                    f"{username}'s valid token gets a 200",
                    f"{username}'s valid token answers {response.status_code}, expected 200: {response.text[:200]}",
                )
                check.json(response, expected)
            else:  # the second user in one line: their own answer, not the first's
                check.expect(
                    response.status_code == 200 and same_json(_body(response), expected),
                    f"{username}'s valid token gets a 200 with {username}'s own name",
                    f"{username}'s valid token answers {response.status_code} {response.text[:200]}, expected 200 "
                    f"{json.dumps(expected)}",
                )
        users = names.get("users")
        known = set(users) if isinstance(users, dict) else set()
        unknown = next(name for name in (f"nobody{n}" for n in itertools.count(1)) if name not in known)
        mark = log_mark(server)
        for what, token in _bad_tokens(key, algorithm, unknown).items():
            _refused(check, server, what, token, mark)
        forged = _forged(key, algorithm)
        for what, token in forged.items():
            _refused(check, server, what, token, mark, line=False)
        check.note("alice's token forged (" + ", ".join(what.removeprefix("alice's token ") for what in forged) + ") gets a 401")
    return check.report
