"""Answers a learner could write to lesson 13's exercises (see tests/test_checker_cases.py)."""

from checker_cases import stranger as shared_stranger
from checker_cases import ASYNC, add  # noqa: F401

LESSON_13 = """
import hmac
import secrets
from datetime import datetime, timedelta, timezone
from typing import Annotated
import jwt
from fastapi import Depends, FastAPI, Header, HTTPException, Security, status
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer, OAuth2PasswordRequestForm, SecurityScopes
from pydantic import BaseModel

SECRET_KEY = secrets.token_hex(32)
ROLE_SCOPES = {"reader": {"notes:read"}, "admin": {"notes:read", "notes:write", "admin"}}

class User(BaseModel):
    username: str
    role: str

users = {"alice": ("wonderland", "admin"), "bob": ("can-we-fix-it", "reader")}  # a stand-in for the hashes
notes = ["buy milk"]
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token", scopes={"notes:read": "", "notes:write": "", "admin": ""})
app = FastAPI()
# serve
@app.post("/token")
def login(form: Annotated[OAuth2PasswordRequestForm, Depends()]):
    password, role = users.get(form.username, (None, None))
    if password is None or not secrets.compare_digest(password.encode(), form.password.encode()):
        raise HTTPException(401, "Incorrect username or password")
    granted = set(form.scopes) & ROLE_SCOPES[role]
    expires = datetime.now(timezone.utc) + timedelta(minutes=30)
    token = jwt.encode({"sub": form.username, "scope": " ".join(sorted(granted)), "exp": expires}, SECRET_KEY, algorithm="HS256")
    return {"access_token": token, "token_type": "bearer", "scope": " ".join(sorted(granted))}

def get_current_user(security_scopes: SecurityScopes, token: Annotated[str, Depends(oauth2_scheme)]) -> User:
    try:
        claims = jwt.decode(token, SECRET_KEY, algorithms=["HS256"], options={"require": ["exp", "sub"]})
    except jwt.InvalidTokenError:
        raise HTTPException(401, "Could not validate credentials", headers={"WWW-Authenticate": "Bearer"})
    _, role = users[claims["sub"]]
    granted = set(claims.get("scope", "").split()) & ROLE_SCOPES[role]
    if any(needed not in granted for needed in security_scopes.scopes):
        raise HTTPException(403, "Not enough permissions")
    return User(username=claims["sub"], role=role)

@app.get("/notes")
def read_notes(user: Annotated[User, Security(get_current_user, scopes=["notes:read"])]):
    return notes

@app.post("/notes", status_code=201)
def add_note(text: str, user: Annotated[User, Security(get_current_user, scopes=["notes:write"])]):
    notes.append(text)
    return notes

@app.get("/admin/users")
def list_users(user: Annotated[User, Security(get_current_user, scopes=["admin"])]):
    return list(users)

@app.get("/users/me")
def read_me(user: Annotated[User, Depends(get_current_user)]) -> User:
    return user
"""

PREDICTED_13 = """predictions = {
    "GET /notes, Bob's token (he asked for notes:read notes:write)": 200,
    "POST /notes?text=hi, Bob's token (he asked for notes:read notes:write)": 403,
    "GET /admin/users, Alice's token (she asked for notes:read)": 403,
    "GET /users/me, Bob's token (he asked for no scope at all)": 200,
    "GET /admin/users, a token with sub alice and scope admin, signed with another key": 401,
}
"""

PARTNER = """
partner_key_header = APIKeyHeader(name="X-Partner-Key", scheme_name="PartnerKey", auto_error=False)
PARTNER_KEY = secrets.token_urlsafe(32)


def partner(key: Annotated[str | None, Security(partner_key_header)]) -> str:
    if key is None or not secrets.compare_digest(key.encode(), PARTNER_KEY.encode()):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Invalid partner key", headers={"WWW-Authenticate": "APIKey"})
    return "partner"


@app.get("/partner/prices")
def partner_prices(client: Annotated[str, Depends(partner)]) -> dict[str, str | dict[str, int]]:
    return {"client": client, "prices": {"tea": 3, "cake": 4}}
"""
CONDITION = "if key is None or not secrets.compare_digest(key.encode(), PARTNER_KEY.encode()):"

add("13", LESSON_13, {
    "name": "predict_scopes",
    "arguments": ("predictions",),
    "solution": PREDICTED_13,
    "right": {
        "as text": [(": 200,\n    \"POST", ': "200",\n    "POST'), (": 401,", ': "401",')],
        "status constants": [(": 403,\n    \"GET /admin", ": status.HTTP_403_FORBIDDEN,\n    \"GET /admin"), (": 401,", ": status.HTTP_401_UNAUTHORIZED,")],
    },
    "wrong": {
        "placeholder": ([(": 200,", ": ...,"), (": 403,", ": ...,"), (": 401,", ": ...,")], "write down your predictions first (replace each ... with what you expect)"),
        "a missing scope is a 401": ([(": 403,\n    \"GET /admin", ": 401,\n    \"GET /admin")], "POST /notes?text=hi, Bob's token (he asked for notes:read notes:write): you predicted 401, it answers 403"),
        "an admin gets in with any token": ([("(she asked for notes:read)\": 403", "(she asked for notes:read)\": 200")], "Alice's token (she asked for notes:read): you predicted 200, it answers 403"),
        "a forged token is a 403": ([(": 401,", ": 403,")], "signed with another key: you predicted 403, it answers 401"),
        "no scope, no entry": ([("(he asked for no scope at all)\": 200", "(he asked for no scope at all)\": 403")], "you predicted 403, it answers 200"),
    },
})

add("13", LESSON_13, {
    "name": "partner_key",
    "solution": PARTNER,
    "right": {
        "auto_error left on": [(", auto_error=False)", ")"), ("str | None, Security", "str, Security"),
                               (CONDITION, "if not secrets.compare_digest(key.encode(), PARTNER_KEY.encode()):")],
        "async def, hmac, not key": [ASYNC, (CONDITION, "if not key or not hmac.compare_digest(key.encode('utf-8'), PARTNER_KEY.encode('utf-8')):")],
        "Depends instead of Security": [("Security(partner_key_header)", "Depends(partner_key_header)")],
    },
    "wrong": {
        "placeholder": ([(CONDITION, "if key and not secrets.compare_digest(key, PARTNER_KEY):")], "with no key answers 200, expected 401: anyone without a key gets the prices"),
        "None refused, strings compared": ([(CONDITION, "if key is None or not secrets.compare_digest(key, PARTNER_KEY):")], "the comparison crashed on a non-ASCII character"),
        "bytes compared, None let in": ([(CONDITION, "if key and not secrets.compare_digest(key.encode(), PARTNER_KEY.encode()):")], "with no key answers 200, expected 401"),
        "403 for a bad key": ([("status.HTTP_401_UNAUTHORIZED", "status.HTTP_403_FORBIDDEN")], "GET /partner/prices answers 403, expected 401"),
        "a plain Header": ([("key: Annotated[str | None, Security(partner_key_header)]", "key: Annotated[str | None, Header(alias='X-Partner-Key')] = None")],
                           "the route declares no API key scheme for X-Partner-Key"),
        "compared without case": ([(CONDITION, "if key is None or not secrets.compare_digest(key.lower().encode(), PARTNER_KEY.lower().encode()):")],
                                  "with a near miss of the key (it in other letter case) answers 200, expected 401"),
        "a prefix of the key is enough": ([(CONDITION, "if key is None or not PARTNER_KEY.encode().startswith(key.encode()):")],
                                          "with a near miss of the key (its first character) answers 200, expected 401"),
        "the key inside a longer one is enough": ([(CONDITION, "if key is None or PARTNER_KEY.encode() not in key.encode():")],
                                                  "with a near miss of the key (it with more after it) answers 200, expected 401"),
        "the key kept under another name": ([("PARTNER_KEY", "PARTNER_SECRET")], "no PARTNER_KEY next to GET /partner/prices"),
        "another answer with the right key": ([('return "partner"', 'return "Partner"')], '"client": "Partner"'),
    },
})


# --- answers written as a stranger would, from the exercise's text alone (issue 19, round 3) ---
from checker_cases import EXERCISES  # noqa: E402


def stranger(name: str, right: dict[str, str] | None = None, wrong: dict[str, tuple[str, str]] | None = None) -> None:
    shared_stranger("13", name, right, wrong)


def solution_of(name: str) -> str:
    return next(e for e in EXERCISES if e.lesson == "13" and e.name == name).solution


stranger("predict_scopes", right={
    "ints as HTTPStatus": PREDICTED_13.replace(": 200,", ": __import__('http').HTTPStatus.OK,"),
}, wrong={
    "a scope for everything": (PREDICTED_13.replace("(he asked for no scope at all)\": 200", "(he asked for no scope at all)\": 401"), "❌"),
    "a forged admin token gets in": (PREDICTED_13.replace(": 401,", ": 200,"), "❌"),
    "bob may write": (PREDICTED_13.replace("notes:write)\": 403", "notes:write)\": 200"), "❌"),
})

stranger("partner_key", right={
    # APIKeyHeader gives None for an empty header, so letting "" through changes nothing.
    "an empty key let through, which APIKeyHeader turns into None": PARTNER.replace(
        CONDITION, "if key is None or key and not secrets.compare_digest(key.encode(), PARTNER_KEY.encode()):"),
    "TypeError caught, str compared": PARTNER.replace(
        CONDITION, "try:\n        ok = key is not None and secrets.compare_digest(key, PARTNER_KEY)\n"
        "    except TypeError:  # a non-ASCII str\n        ok = False\n    if not ok:"),
    "an empty default, a status number, a class dependency": PARTNER.replace(
        CONDITION, 'if not secrets.compare_digest((key or "").encode(), PARTNER_KEY.encode()):').replace(
        "status.HTTP_401_UNAUTHORIZED", "401"),
}, wrong={
    "the key's hash compared, None let in": (PARTNER.replace(
        CONDITION, "if key is not None and not secrets.compare_digest(key.encode(), PARTNER_KEY.encode()):"), "❌"),
    "a missing key is 403": (PARTNER.replace(
        CONDITION, 'if key is None:\n        raise HTTPException(403, "No key")\n    if not secrets.compare_digest(key.encode(), PARTNER_KEY.encode()):'), "❌"),
    "the key's end is enough": (PARTNER.replace(
        CONDITION, "if key is None or not PARTNER_KEY.endswith(key):"), "a near miss of the key (all but its first character) answers 200"),
    "non-ASCII dropped before comparing": (PARTNER.replace(
        CONDITION, 'if key is None or not secrets.compare_digest(key.encode("ascii", "ignore"), PARTNER_KEY.encode()):'),
                                           "with the key, it with a non-ASCII character after it (UTF-8), answers 200"),
})

# A kernel restarted, then only the set-up cell run: the app has none of the lesson's routes, and
# every answer would be a 404 that proves nothing.
_RESTART = ("\napp.router.routes[:] = [route for route in app.router.routes\n"
            "                      if getattr(route, 'path', '') in ('/openapi.json', '/docs', '/docs/oauth2-redirect', '/redoc')]\n")
for _exercise in EXERCISES:
    if _exercise.lesson == __name__[-2:] and _exercise.name.startswith("predict"):
        _exercise.wrong["stranger: after a restart, the set-up cell only"] = (
            [(_exercise.solution, _exercise.solution + _RESTART)], "run the lesson's cells")

stranger("partner_key", wrong={
    "any key will do": (PARTNER.replace(CONDITION, "if key is None:"), "with a wrong key answers 200, expected 401"),
})
