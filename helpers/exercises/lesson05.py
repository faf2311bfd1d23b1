"""Checkers for lesson 05, Response models and status codes."""

from helpers.checks import Report, exercise
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer


@checker
def public_account(server: LiveServer) -> Report:
    """POST /accounts/ answers 201 with the username and email only, never the password."""
    hint = (
        "Give AccountOut the fields username (str) and email (EmailStr), then add "
        "`response_model=AccountOut, status_code=201` to the decorator."
    )
    with exercise("public_account", hint, server) as check:
        for username, email in (("ada", "ada@example.com"), ("grace", "grace@example.org")):
            sent = {"username": username, "password": f"{username}-secret", "email": email}
            response = check.call(server, "POST", "/accounts/", json=sent)
            check.status(response, 201)
            body = response.json()
            check.expect(
                "password" not in body,
                "the password stays on the server",
                f"the answer still holds the password: {response.text[:200]}",
            )
            check.json(response, {"username": username, "email": email})
        response = check.call(
            server, "POST", "/accounts/", json={"username": "x", "password": "y", "email": "not-an-email"}
        )
        check.status(response, 422)
    return check.report


@checker
def sparse_settings(server: LiveServer) -> Report:
    """GET /settings/{user} answers only the settings that were stored for that user."""
    hint = "Add `response_model_exclude_unset=True` to the decorator."
    stored = {
        "ada": {"theme": "dark"},
        "grace": {"language": "fr", "font_size": 14},
        "linus": {},
    }
    with exercise("sparse_settings", hint, server) as check:
        for user, expected in stored.items():
            response = check.call(server, "GET", f"/settings/{user}")
            check.status(response, 200)
            check.json(response, expected)
    return check.report
