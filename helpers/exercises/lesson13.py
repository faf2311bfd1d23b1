"""Checkers for lesson 13, Authorization: scopes, HTTP Basic and API keys."""

import secrets
from datetime import datetime, timedelta, timezone
from typing import Any

import jwt

from helpers.checks import Check, Report, exercise, learner_namespace
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.hostile import near_misses, non_ascii_near_misses
from helpers.progress import checker
from helpers.server import LiveServer

LESSON_USERS = {"alice": "wonderland", "bob": "can-we-fix-it"}  # as the lesson defines them


def _log_in(check: Check, server: LiveServer, username: str, scope: str) -> dict[str, str]:
    """Log in as a lesson user asking for `scope`; the Authorization header of the token."""
    form = {"username": username, "password": LESSON_USERS[username], "scope": scope}
    response = check.call(server, "POST", "/token", data=form)
    check.require(
        response.status_code == 200 and "access_token" in response.text,
        f"{username} could not log in at POST /token ({response.status_code}): run the lesson's cells above first",
    )
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@checker
def predict_scopes(server: LiveServer, predicted: object) -> Report:
    """The learner's predicted status codes for five requests with different tokens."""
    nudge = (
        "Follow each request through the first picture of the lesson: is the token valid at all "
        "(who signed it)? If it is, does it carry the scope the route needs, as granted at login?"
    )
    hint = (
        "An invalid token is a 401 before any scope is looked at. A valid token without the "
        "route's scope is a 403. The token holds the scopes asked for AND allowed by the role "
        "(reader: notes:read only); /users/me needs none."
    )
    with exercise("predict_scopes", server, nudge=nudge, hint=hint) as check:
        bob = _log_in(check, server, "bob", "notes:read notes:write")
        alice = _log_in(check, server, "alice", "notes:read")
        bob_bare = _log_in(check, server, "bob", "")
        later = datetime.now(timezone.utc) + timedelta(minutes=5)
        forged = jwt.encode({"sub": "alice", "scope": "admin", "exp": later}, secrets.token_hex(32), algorithm="HS256")
        requests: dict[str, tuple[str, str, dict[str, Any]]] = {
            "GET /notes, Bob's token (he asked for notes:read notes:write)": ("GET", "/notes", {"headers": bob}),
            "POST /notes?text=hi, Bob's token (he asked for notes:read notes:write)":
                ("POST", "/notes", {"params": {"text": "hi"}, "headers": bob}),
            "GET /admin/users, Alice's token (she asked for notes:read)": ("GET", "/admin/users", {"headers": alice}),
            "GET /users/me, Bob's token (he asked for no scope at all)": ("GET", "/users/me", {"headers": bob_bare}),
            "GET /admin/users, a token with sub alice and scope admin, signed with another key":
                ("GET", "/admin/users", {"headers": {"Authorization": f"Bearer {forged}"}}),
        }
        check.predictions(server, predicted, {label: {"method": method, "path": path, **options}
                                              for label, (method, path, options) in requests.items()})
    return check.report


@checker
def partner_key(server: LiveServer) -> Report:
    """GET /partner/prices answers 401 without the right key (missing, empty, wrong, not
    ASCII), 200 with it, and declares its API key scheme for /docs."""
    nudge = (
        "Read the condition as a client without a key: what is `key` then, and does the `if` "
        "refuse it? Then think of what `compare_digest` accepts, as in `metrics_client` above."
    )
    hint = (
        "Refuse a missing key (`key is None or ...`, or leave auto_error at True) and compare "
        "bytes: `secrets.compare_digest(key.encode(), PARTNER_KEY.encode())`."
    )
    with exercise("partner_key", server, nudge=nudge, hint=hint) as check:
        response = check.call(server, "GET", "/partner/prices")
        if response.status_code == 200:
            check.fail("GET /partner/prices with no key answers 200, expected 401: anyone without a key gets the prices")
        check.status(response, 401)
        key = learner_namespace(server, "/partner/prices").get("PARTNER_KEY")
        check.expect(
            isinstance(key, str) and len(key) > 0,
            "the partner's key, PARTNER_KEY, is defined",
            "no PARTNER_KEY next to GET /partner/prices: run the exercise cell, and keep its names",
        )
        # A header cannot carry spaces around its value (the server strips them): that near miss is left out.
        misses = {f"a near miss of the key ({what})": value for what, value in near_misses(key).items() if value.strip() == value}
        for what, value in {"a wrong key": "let-me-in", **misses}.items():
            response = check.call(server, "GET", "/partner/prices", headers={"X-Partner-Key": value.encode()})
            if response.status_code >= 500:
                check.status(response, 401)  # names the error the dependency raised
            failure = f"GET /partner/prices with {what} answers {response.status_code}, expected 401"
            if what == "a wrong key":
                check.expect(response.status_code == 401, f"{what} answers 401", failure)
            else:  # the near misses in one line: a sloppy comparison fails at the first it lets in
                check.require(response.status_code == 401, failure)
        check.note(f"{len(misses)} near misses of the key (empty, parts of it, more around it, in other letter case) answer 401")
        response = check.call(server, "GET", "/partner/prices", headers={"X-Partner-Key": "clé".encode()})
        check.expect(
            response.status_code == 401,
            "a key with a non-ASCII character answers 401",
            f"GET /partner/prices with the key 'clé' answers {response.status_code}, expected 401"
            + (": the comparison crashed on a non-ASCII character" if response.status_code == 500 else ""),
        )
        for what, value in non_ascii_near_misses(key).items():
            response = check.call(server, "GET", "/partner/prices", headers={"X-Partner-Key": value})
            check.require(
                response.status_code == 401,
                f"GET /partner/prices with the key, {what}, answers {response.status_code}, expected 401"
                + (": the comparison crashed on a non-ASCII character" if response.status_code >= 500 else
                   ": only the exact bytes of the key may pass; compare bytes, dropping nothing"),
            )
        response = check.call(server, "GET", "/partner/prices", headers={"X-Partner-Key": key})
        check.status(response, 200)
        check.json(response, {"client": "partner", "prices": {"tea": 3, "cake": 4}})
        schema = check.call(server, "GET", "/openapi.json").json()
        schemes = schema.get("components", {}).get("securitySchemes", {})
        required = schema.get("paths", {}).get("/partner/prices", {}).get("get", {}).get("security", [])
        declared = [name for requirement in required for name in requirement
                    if schemes.get(name, {}).get("type") == "apiKey" and schemes[name].get("name") == "X-Partner-Key"]
        check.expect(  # the last line, with the reminder of how to compare
            bool(declared),
            "/docs shows the X-Partner-Key scheme on the route (Authorize). (Over HTTP a check cannot time your "
            "code: compare secrets with secrets.compare_digest, never ==)",
            "the route declares no API key scheme for X-Partner-Key in /openapi.json: read the key with "
            "an APIKeyHeader dependency, not a plain Header parameter",
        )
    return check.report
