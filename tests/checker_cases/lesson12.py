"""Answers a learner could write to lesson 12's exercises (see tests/test_checker_cases.py)."""

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
    user = users.get(form.username)
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
add("12", LESSON_12, {
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
    },
}, {
    "name": "sign_up",
    "solution": (
        "class NewUser(BaseModel):\n    username: str = Field(min_length=3, max_length=30)\n    full_name: str\n"
        "    password: str = Field(min_length=8)\n\n"
        '@app.post("/users", status_code=status.HTTP_201_CREATED)\ndef sign_up(new: NewUser) -> User:\n'
        "    if new.username in users:\n"
        '        raise HTTPException(status.HTTP_409_CONFLICT, f"The username {new.username} is taken")\n'
        "    users[new.username] = UserInDB(\n        username=new.username,\n        full_name=new.full_name,\n"
        "        hashed_password=password_hash.hash(new.password),\n    )\n    return users[new.username]\n"
    ),
    "right": {
        "response_model=User, async def": [ASYNC, ("status_code=status.HTTP_201_CREATED)", "status_code=201, response_model=User)"), (") -> User:", "):")],
        "JSONResponse 409": [('raise HTTPException(status.HTTP_409_CONFLICT, f"The username {new.username} is taken")', 'return JSONResponse({"detail": "taken"}, status_code=409)')],
    },
    "wrong": {
        "placeholder": ([("    if new.username in users:\n        raise HTTPException(status.HTTP_409_CONFLICT, f\"The username {new.username} is taken\")\n", ""), ("password_hash.hash(new.password)", "new.password")], "the new user could not log in at POST /token: 500"),
        "no 409": ([("    if new.username in users:\n        raise HTTPException(status.HTTP_409_CONFLICT, f\"The username {new.username} is taken\")\n", "")], "answers 201, expected 409"),
        "the hash in the answer": ([(") -> User:", ") -> UserInDB:")], "the answer shows the password or its hash"),
        "409 after overwriting": ([("    if new.username in users:\n        raise HTTPException(status.HTTP_409_CONFLICT, f\"The username {new.username} is taken\")\n", ""),
                                   ("    return users[new.username]", "    if new.full_name == 'Someone Else':\n        raise HTTPException(409, 'taken')\n    return users[new.username]")],
                                  "the first user with the first password could not log in"),
    },
})
