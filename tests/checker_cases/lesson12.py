"""Answers a learner could write to lesson 12's exercises (see tests/test_checker_cases.py)."""

from checker_cases import stranger as shared_stranger
from checker_cases import ASYNC, add  # noqa: F401

LESSON_12 = """
from typing import Annotated
from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.responses import JSONResponse
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from pydantic import BaseModel, Field

class PasswordHash:  # a stand-in for pwdlib's Argon2, which is slow on purpose
    def hash(self, password):
        return "hashed:" + password[::-1]
    def verify(self, password, hashed):
        if not hashed.startswith("hashed:"):
            raise ValueError("not a hash")
        return hashed == self.hash(password)

password_hash = PasswordHash()

class User(BaseModel):
    username: str
    full_name: str

class UserInDB(User):
    hashed_password: str

users = {name: UserInDB(username=name, full_name=name.title(), hashed_password=password_hash.hash(password))
         for name, password in {"alice": "wonderland", "bob": "can-we-fix-it"}.items()}
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")
app = FastAPI()
# serve
@app.post("/token")
def login(form: Annotated[OAuth2PasswordRequestForm, Depends()]):
    user = users.get(form.username.casefold())
    if user is None or not password_hash.verify(form.password, user.hashed_password):
        raise HTTPException(401, "Incorrect username or password")
    return {"access_token": "token-" + user.username, "token_type": "bearer"}

def get_current_user(token: Annotated[str, Depends(oauth2_scheme)]) -> User:
    user = users.get(token.removeprefix("token-"))
    if not token.startswith("token-") or user is None:
        raise HTTPException(401, "Could not validate credentials")
    return user

CurrentUser = Annotated[User, Depends(get_current_user)]

@app.get("/users/me")
def read_me(user: CurrentUser) -> User:
    return user
"""

LESSON_12_ITEMS = """
import secrets
from datetime import datetime, timedelta, timezone
from typing import Annotated
import jwt
from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from pydantic import BaseModel

SECRET_KEY = secrets.token_hex(32)
ALGORITHM = "HS256"

class User(BaseModel):
    username: str
    full_name: str

PASSWORDS = {"alice": "wonderland", "bob": "can-we-fix-it"}
users = {name: User(username=name, full_name=name.title()) for name in PASSWORDS}
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")
credentials_error = HTTPException(401, "Could not validate credentials", headers={"WWW-Authenticate": "Bearer"})
app = FastAPI()
# serve
@app.post("/token")
def login(form: Annotated[OAuth2PasswordRequestForm, Depends()]):
    if not secrets.compare_digest(PASSWORDS.get(form.username, "").encode(), form.password.encode()):  # a stand-in for the hashes
        raise HTTPException(401, "Incorrect username or password")
    expires = datetime.now(timezone.utc) + timedelta(minutes=30)
    return {"access_token": jwt.encode({"sub": form.username, "exp": expires}, SECRET_KEY, algorithm=ALGORITHM),
            "token_type": "bearer"}

def get_current_user(token: Annotated[str, Depends(oauth2_scheme)]) -> User:
    try:
        payload = jwt.decode(token, SECRET_KEY, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]})
    except jwt.InvalidTokenError:
        raise credentials_error
    user = users.get(payload["sub"])
    if user is None:
        raise credentials_error
    return user

CurrentUser = Annotated[User, Depends(get_current_user)]

@app.get("/users/me")
def read_me(user: CurrentUser) -> User:
    return user
"""
add("12", LESSON_12_ITEMS, {
    "name": "my_items",
    "solution": '@app.get("/users/me/items")\ndef read_my_items(user: CurrentUser):\n    return [{"item": "notebook", "owner": user.username}]\n',
    "right": {
        "async def, another name": [("def read_my_items", "async def my_things")],
        "Annotated in place": [("user: CurrentUser", "me: Annotated[User, Depends(get_current_user)]"), ("user.username", "me.username")],
    },
    "wrong": {
        "placeholder": ([("user: CurrentUser", ""), ("user.username", '"?"')], "answers 200, expected 401: anyone can read it"),
        "no Depends": ([("user: CurrentUser", "user: User")], "answers 422, expected 401. FastAPI rejected"),
        "hard-coded owner": ([("user.username", '"alice"')], '"owner": "alice"}], expected [{"item": "notebook", "owner": "bob"}]'),
        "full name": ([("user.username", "user.full_name")], '"owner": "Alice"'),
        "a decoder that skips the signature": (
            [("def read_my_items(user: CurrentUser):\n    return [{\"item\": \"notebook\", \"owner\": user.username}]",
              "def read_my_items(token: Annotated[str, Depends(oauth2_scheme)]):\n"
              "    try:\n        payload = jwt.decode(token, options={'verify_signature': False, 'require': ['exp', 'sub']})\n"
              "    except jwt.InvalidTokenError:\n        raise credentials_error\n"
              "    if payload['sub'] not in users:\n        raise credentials_error\n"
              "    return [{'item': 'notebook', 'owner': payload['sub']}]")],
            "GET /users/me/items with alice's token signed with another key answers 200, expected 401: the token was accepted"),
    },
})

add("12", LESSON_12, {
    "name": "sign_up",
    "solution": (
        "class NewUser(BaseModel):\n    username: str = Field(min_length=3, max_length=30)\n"
        "    full_name: str = Field(min_length=1, max_length=100)\n"
        "    password: str = Field(min_length=8, max_length=1024)\n\n"
        '@app.post("/users", status_code=status.HTTP_201_CREATED)\ndef sign_up(new: NewUser) -> User:\n'
        "    username = new.username.casefold()  # Carol and carol are one name\n"
        "    user = UserInDB(\n        username=username,\n        full_name=new.full_name,\n"
        "        hashed_password=password_hash.hash(new.password),\n    )\n"
        "    # Check and store in one step: with `if new.username in users:` first, two requests for the\n"
        "    # same name (plain def routes run in parallel threads) could both pass the check during the\n"
        "    # slow hash, and the second would overwrite the first. setdefault stores only if the name\n"
        "    # is free, and returns what is stored. (A database does this with a UNIQUE constraint.)\n"
        "    if users.setdefault(username, user) is not user:\n"
        '        raise HTTPException(status.HTTP_409_CONFLICT, f"The username {username} is taken")\n'
        "    return user\n"
    ),
    "right": {
        "response_model=User, async def": [ASYNC, ("status_code=status.HTTP_201_CREATED)", "status_code=201, response_model=User)"), (") -> User:", "):")],
        "JSONResponse 409": [('raise HTTPException(status.HTTP_409_CONFLICT, f"The username {username} is taken")', 'return JSONResponse({"detail": "taken"}, status_code=409)')],
        "a lock around check and store": [
            ("    if users.setdefault(username, user) is not user:\n        raise HTTPException(status.HTTP_409_CONFLICT, f\"The username {username} is taken\")\n",
             "    with SIGN_UP_LOCK:\n        if username in users:\n            raise HTTPException(409, 'taken')\n        users[username] = user\n"),
            ("class NewUser(BaseModel):", "import threading\nSIGN_UP_LOCK = threading.Lock()\n\nclass NewUser(BaseModel):")],
    },
    "wrong": {
        "placeholder": ([("    if users.setdefault(username, user) is not user:\n        raise HTTPException(status.HTTP_409_CONFLICT, f\"The username {username} is taken\")\n", "    users[username] = user\n"), ("password_hash.hash(new.password)", "new.password")], "the new user could not log in at POST /token: 500"),
        "no 409": ([("    if users.setdefault(username, user) is not user:\n        raise HTTPException(status.HTTP_409_CONFLICT, f\"The username {username} is taken\")\n", "    users[username] = user\n")], "answers 201, expected 409"),
        "the hash in the answer": ([(") -> User:", ") -> UserInDB:"), ("    return user\n", "    return users[username]\n")], "the answer shows the password or its hash"),
        "check, then a slow store": ([("    if users.setdefault(username, user) is not user:\n        raise HTTPException(status.HTTP_409_CONFLICT, f\"The username {username} is taken\")\n",
                                       "    if username in users:\n        raise HTTPException(409, 'taken')\n    __import__('time').sleep(0.3)  # a slow store\n    users[username] = user\n")],
                                     "sign-ups for one name at the same moment answered [201, 201"),
        "a conflict that overwrites first": ([("    if users.setdefault(username, user) is not user:\n",
                                                "    taken = users.get(username)\n    users[username] = user\n    if taken is not None:\n")],
                                               "after that, the first user with the first password could not log in"),
        "no full name in the answer": ([(") -> User:", ") -> dict:"), ("    return user\n", '    return {"username": user.username}\n')],
                                       "expected the username and the full name"),
        "200 instead of 201": ([("status_code=status.HTTP_201_CREATED", "status_code=status.HTTP_200_OK")], "POST /users answers 200, expected 201"),
        "the name in the case it was sent": ([("    username = new.username.casefold()  # Carol and carol are one name\n",
                                               "    username = new.username\n")],
                                             "POST /users for CHECKER"),
        # one for each step (`python3 course.py mutate 12 --steps`)
        "claimed with setdefault, then the first draft's store left in": (
            [("    if users.setdefault(username, user) is not user:\n        raise HTTPException(status.HTTP_409_CONFLICT, f\"The username {username} is taken\")\n",
              "    if username in users:\n        raise HTTPException(status.HTTP_409_CONFLICT, f\"The username {username} is taken\")\n"
              "    __import__('time').sleep(0.3)  # a slow hash\n"
              "    won = users.setdefault(username, user) is user\n"
              "    users[username] = user  # the first draft's store, left in\n"
              "    if not won:\n        raise HTTPException(status.HTTP_409_CONFLICT, f\"The username {username} is taken\")\n")],
            "the one whose sign-up got the 201 could not log in at POST /token"),
    },
})

LESSON_12_JWT = """
import secrets
from datetime import datetime, timedelta, timezone
from typing import Annotated
import jwt
from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.security import OAuth2PasswordBearer
from pydantic import BaseModel

SECRET_KEY = secrets.token_hex(32)
ALGORITHM = "HS256"

class User(BaseModel):
    username: str
    full_name: str

class UserInDB(User):
    hashed_password: str

users = {
    "alice": UserInDB(username="alice", full_name="Alice Liddell", hashed_password="x"),
    "bob": UserInDB(username="bob", full_name="Bob Builder", hashed_password="x"),
}
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")
credentials_error = HTTPException(
    status_code=status.HTTP_401_UNAUTHORIZED,
    detail="Could not validate credentials",
    headers={"WWW-Authenticate": "Bearer"},
)
app = FastAPI()
# serve
# the notebook logs in as alice before exercise 2; her token as /token would issue it
alice_token = jwt.encode({"sub": "alice", "exp": datetime.now(timezone.utc) + timedelta(minutes=30)}, SECRET_KEY, algorithm=ALGORITHM)
"""

STRICT_TOKENS = '''
def get_token_user(token: Annotated[str, Depends(oauth2_scheme)]) -> User:
    try:
        payload = jwt.decode(token, SECRET_KEY, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]})
    except jwt.InvalidTokenError:
        raise credentials_error
    user = users.get(payload["sub"])
    if user is None:
        raise credentials_error
    return User(**user.model_dump())


@app.get("/whoami")
def who_am_i(user: Annotated[User, Depends(get_token_user)]) -> User:
    return user
'''
REQUIRE = ', options={"require": ["exp", "sub"]}'

add("12", LESSON_12_JWT, {
    "name": "strict_tokens",
    "solution": STRICT_TOKENS,
    "right": {
        "from None, async def": [("        raise credentials_error\n    user", "        raise credentials_error from None\n    user"), ("def who_am_i", "async def who_am_i")],
        "payload.get and a separate check of exp": [
            (REQUIRE, ""),
            ("    user = users.get(payload[\"sub\"])", "    if \"exp\" not in payload or not isinstance(payload.get(\"sub\"), str):\n"
                                                   "        raise credentials_error\n    user = users.get(payload.get(\"sub\"))"),
        ],
        "RFC 6750's invalid_token in the challenge": [("    except jwt.InvalidTokenError:\n        raise credentials_error",
                                                      "    except jwt.InvalidTokenError:\n        raise HTTPException(401, 'Invalid token', "
                                                      "headers={'WWW-Authenticate': 'Bearer error=\"invalid_token\"'})")],
        "carol signed up before (exercise 3 ran first)": [
            ("def get_token_user", 'users["carol"] = UserInDB(username="carol", full_name="Carol", hashed_password="x")\n\n\ndef get_token_user')],
        "an HTTPException written out": [("    except jwt.InvalidTokenError:\n        raise credentials_error",
                                           "    except jwt.PyJWTError:\n        raise HTTPException(401, 'Could not validate credentials', headers={'WWW-Authenticate': 'Bearer'})")],
    },
    "wrong": {
        "placeholder": ([(REQUIRE, ""), ("except jwt.InvalidTokenError", "except jwt.ExpiredSignatureError")],
                        'a token without "exp" (valid forever) answers 200, expected 401: the token was accepted'),
        "require only": ([("except jwt.InvalidTokenError", "except jwt.ExpiredSignatureError")],
                         'a token without "exp" (valid forever) answers 500, expected 401: your code raised MissingRequiredClaimError'),
        "except only": ([(REQUIRE, "")], 'a token without "exp" (valid forever) answers 200, expected 401'),
        "exp required, not sub": ([('["exp", "sub"]', '["exp"]')], 'a token without "sub" answers 500, expected 401: your code raised KeyError'),
        "a 403, no header": ([("    except jwt.InvalidTokenError:\n        raise credentials_error",
                               "    except jwt.InvalidTokenError:\n        raise HTTPException(403, 'Forbidden')")],
                             "answers 403, expected 401"),
        "no WWW-Authenticate": ([("    except jwt.InvalidTokenError:\n        raise credentials_error",
                                  "    except jwt.InvalidTokenError:\n        raise HTTPException(401, 'Could not validate credentials')")],
                                "has no header WWW-Authenticate: Bearer"),
        "a claim required that the tokens lack": ([('["exp", "sub"]', '["exp", "sub", "iat"]')], "alice's valid token answers 401, expected 200"),
        "an unknown user let in": ([("    if user is None:\n        raise credentials_error\n    return User(**user.model_dump())",
                                     "    if user is None:\n        return User(username=payload['sub'], full_name='')\n    return User(**user.model_dump())")],
                                   'a token for the unknown user "nobody1" answers 200, expected 401'),
        "a decoder that skips the signature": ([(REQUIRE, ', options={"verify_signature": False, "require": ["exp", "sub"]}')],
                                               "an expired token answers 200, expected 401: the token was accepted"),
        # one for each step (`python3 course.py mutate 12 --steps`)
        "the stored user, hash and all": ([("    return User(**user.model_dump())", "    return user"),
                                           ("def who_am_i(user: Annotated[User, Depends(get_token_user)]) -> User:",
                                            "def who_am_i(user: Annotated[User, Depends(get_token_user)]):")],
                                          '"hashed_password": "x"'),
        "the notebook's alice_token decoded": ([("payload = jwt.decode(token,", "payload = jwt.decode(alice_token,")],
                                               "bob's valid token answers 200 {\"username\":\"alice\""),
        "the three errors the lesson showed caught": ([("except jwt.InvalidTokenError", "except (jwt.ExpiredSignatureError, jwt.DecodeError, jwt.MissingRequiredClaimError)")],
                                                      'a token whose "sub" is the number 42 answers 500, expected 401: your code raised InvalidSubjectError'),
        "the signature check off, the expiry kept": ([(REQUIRE, ', options={"verify_signature": False, "verify_exp": True, "require": ["exp", "sub"]}')],
                                                     "a token signed with another key answers 200, expected 401: the token was accepted"),
        "each error the tests raised caught by name": ([("except jwt.InvalidTokenError", "except (jwt.ExpiredSignatureError, jwt.InvalidSignatureError, "
                                                         "jwt.MissingRequiredClaimError, jwt.exceptions.InvalidSubjectError)")],
                                                       "a text that is not a token answers 500, expected 401: your code raised DecodeError"),
        "the algorithm taken from the token's header": ([("algorithms=[ALGORITHM]", "algorithms=[jwt.get_unverified_header(token)[\"alg\"]]")],
                                                        "alice's token alg none answers 500, expected 401: your code raised InvalidKeyError"),
    },
})


# --- answers written as a stranger would, from the exercise's text alone (issue 19, round 3) ---
from checker_cases import EXERCISES  # noqa: E402


def stranger(name: str, right: dict[str, str] | None = None, wrong: dict[str, tuple[str, str]] | None = None) -> None:
    shared_stranger("12", name, right, wrong)


stranger("my_items", right={
    "async, its own Annotated dependency": (
        '@app.get("/users/me/items")\n'
        "async def items_of_me(me: Annotated[User, Depends(get_current_user)]) -> list[dict[str, str]]:\n"
        '    return [{"item": "notebook", "owner": me.username}]\n'),
    "a dependency that gives the username": (
        "def current_username(user: CurrentUser) -> str:\n    return user.username\n\n\n"
        '@app.get("/users/me/items")\n'
        "def read_my_items(username: Annotated[str, Depends(current_username)]):\n"
        '    return [{"item": "notebook", "owner": username}]\n'),
}, wrong={
    "decodes without verifying the signature": (
        '@app.get("/users/me/items")\n'
        "def read_my_items(token: Annotated[str, Depends(oauth2_scheme)]):\n"
        "    try:\n"
        '        payload = jwt.decode(token, options={"verify_signature": False, "require": ["exp", "sub"]})\n'
        "    except jwt.InvalidTokenError:\n"
        "        raise credentials_error\n"
        '    if payload["sub"] not in users:\n'
        "        raise credentials_error\n"
        '    return [{"item": "notebook", "owner": payload["sub"]}]\n', "❌"),
    "accepts alg none": (
        '@app.get("/users/me/items")\n'
        "def read_my_items(token: Annotated[str, Depends(oauth2_scheme)]):\n"
        "    try:\n"
        '        header = jwt.get_unverified_header(token)\n'
        '        key = None if header.get("alg") == "none" else SECRET_KEY\n'
        '        payload = jwt.decode(token, key, algorithms=[ALGORITHM, "none"], options={"verify_signature": key is not None})\n'
        "    except jwt.InvalidTokenError:\n"
        "        raise credentials_error\n"
        '    if payload.get("sub") not in users:\n'
        "        raise credentials_error\n"
        '    return [{"item": "notebook", "owner": payload["sub"]}]\n', "❌"),
    "the owner from a query parameter": (
        '@app.get("/users/me/items")\n'
        'def read_my_items(username: str = "alice"):\n'
        '    return [{"item": "notebook", "owner": username}]\n', "❌"),
    "the owner fixed to alice": (
        '@app.get("/users/me/items")\n'
        "def read_my_items(user: CurrentUser):\n"
        '    return [{"item": "notebook", "owner": "alice"}]\n', "❌"),
    "no user asked for": (
        '@app.get("/users/me/items")\n'
        "def read_my_items(token: Annotated[str, Depends(oauth2_scheme)]):\n"
        '    return [{"item": "notebook", "owner": jwt.decode(token, SECRET_KEY, algorithms=[ALGORITHM])["sub"]}]\n', "❌"),
})

_DECODE = 'payload = jwt.decode(token, SECRET_KEY, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]})'
stranger("strict_tokens", right={
    "PyJWTError, async, claims checked by hand": STRICT_TOKENS.replace(
        _DECODE, 'payload = jwt.decode(token, SECRET_KEY, algorithms=["HS256"])\n'
        '        if not {"exp", "sub"} <= payload.keys():\n            raise credentials_error').replace(
        "except jwt.InvalidTokenError:", "except jwt.PyJWTError:").replace("def who_am_i", "async def who_am_i"),
    "the user looked up with get(), its own exception": STRICT_TOKENS.replace(
        "raise credentials_error", 'raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Bad token", headers={"WWW-Authenticate": "Bearer"})'),
    "after exercise 3 signed carol up": STRICT_TOKENS + (
        '\nusers["carol"] = UserInDB(username="carol", full_name="Carol", hashed_password="x")\n'
        'users["checker"] = UserInDB(username="checker", full_name="Checker", hashed_password="x")\n'),
}, wrong={
    "verify_signature False": (STRICT_TOKENS.replace(
        'options={"require"', 'options={"verify_signature": False, "require"'), "❌"),
    "403 for a bad token": (STRICT_TOKENS.replace(
        "raise credentials_error", 'raise HTTPException(403, "Could not validate credentials", headers={"WWW-Authenticate": "Bearer"})'), "❌"),
    "401 without WWW-Authenticate": (STRICT_TOKENS.replace(
        "raise credentials_error", 'raise HTTPException(401, "Could not validate credentials")'), "❌"),
    "only exp required": (STRICT_TOKENS.replace('["exp", "sub"]', '["exp"]'), "❌"),
    "catches only DecodeError and expiry": (STRICT_TOKENS.replace(
        "except jwt.InvalidTokenError:", "except (jwt.DecodeError, jwt.ExpiredSignatureError):"), "❌"),
    "a missing user is fine": (STRICT_TOKENS.replace(
        "    if user is None:\n        raise credentials_error\n    return User(**user.model_dump())",
        '    return User(**user.model_dump()) if user else User(username=payload["sub"], full_name="")'), "❌"),
})

_SIGN_UP = next(e for e in EXERCISES if e.lesson == "12" and e.name == "sign_up").solution
_STORE = ("    if users.setdefault(username, user) is not user:\n"
          '        raise HTTPException(status.HTTP_409_CONFLICT, f"The username {username} is taken")\n')
stranger("sign_up", right={
    "async def: check then store with no await between": _SIGN_UP.replace("def sign_up", "async def sign_up").replace(
        _STORE, '    if username in users:\n        raise HTTPException(409, "taken")\n    users[username] = user\n'),
    "keyed in one case, the name shown as sent": _SIGN_UP.replace("        username=username,", "        username=new.username,"),
    "Annotated fields, plain numbers for the statuses": _SIGN_UP.replace(
        "username: str = Field(min_length=3, max_length=30)", "username: Annotated[str, Field(min_length=3, max_length=30)]").replace(
        "status.HTTP_201_CREATED", "201").replace("status.HTTP_409_CONFLICT", "409"),
}, wrong={
    "the password stored as it came": (_SIGN_UP.replace("password_hash.hash(new.password)", "new.password"), "❌"),
    "400 for a taken name": (_SIGN_UP.replace("status.HTTP_409_CONFLICT", "status.HTTP_400_BAD_REQUEST"), "❌"),
    "lower() on the check only": (_SIGN_UP.replace("username = new.username.casefold()", "username = new.username"), "❌"),
})

stranger("sign_up", wrong={
    "a username that may be left out": (_SIGN_UP.replace("username: str = Field(min_length=3, max_length=30)", "username: str = None"),
                                        "POST /users answers 500, expected 422"),
    "a password that may be left out": (_SIGN_UP.replace("password: str = Field(min_length=8, max_length=1024)", "password: str | None = None"),
                                        "POST /users answers 500, expected 422"),
})

# Wrong answers that only one step of a checker rejects (`python3 course.py mutate 12 --steps`).
_ITEMS = next(e for e in EXERCISES if e.lesson == "12" and e.name == "my_items").solution
stranger("my_items", wrong={
    "201 for a read": (_ITEMS.replace('@app.get("/users/me/items")', '@app.get("/users/me/items", status_code=201)'),
                       "GET /users/me/items answers 201, expected 200"),
    "alice's items only": (_ITEMS.replace("    return [", '    if user.username != "alice":\n        raise HTTPException(404, "No items")\n    return ['),
                           "GET /users/me/items answers 404, expected 200"),
})
