"""Answers a learner could write to lesson 05's exercises (see tests/test_checker_cases.py)."""

from checker_cases import ASYNC, add  # noqa: F401

add("05", "from fastapi import FastAPI, status\nfrom fastapi.responses import JSONResponse\nfrom pydantic import BaseModel, EmailStr\napp = FastAPI()\n# serve\n", {
    "name": "public_account",
    "solution": (
        "class AccountIn(BaseModel):\n    username: str\n    password: str\n    email: EmailStr\n\n"
        "class AccountOut(BaseModel):\n    username: str\n    email: EmailStr\n\n"
        '@app.post("/accounts/", response_model=AccountOut, status_code=status.HTTP_201_CREATED)\n'
        "def create_account(account: AccountIn):\n    return account\n"
    ),
    "right": {
        "a subclass and -> AccountOut": [
            ("class AccountIn(BaseModel):\n    username: str\n    password: str\n    email: EmailStr\n\n", ""),
            ("    email: EmailStr\n\n@app", "    email: EmailStr\n\nclass AccountIn(AccountOut):\n    password: str\n\n@app"),
            ("response_model=AccountOut, status_code=status.HTTP_201_CREATED", "status_code=201"),
            ("(account: AccountIn):", "(account: AccountIn) -> AccountOut:"),
        ],
        "async def, a dict": [ASYNC, ("    return account", "    return account.model_dump()")],
        "a JSONResponse built from AccountOut": [("    return account", "    return JSONResponse(AccountOut(**account.model_dump()).model_dump(), status_code=201)")],
    },
    "wrong": {
        "placeholder (the bug)": ([("    return account", "    return JSONResponse(account.model_dump())")], "the answer holds the password"),
        "the JSONResponse filtered by hand, a 200": ([("    return account", "    return JSONResponse(AccountOut(**account.model_dump()).model_dump())")], "answers 200, expected 201"),
        "no status code": ([(", status_code=status.HTTP_201_CREATED", "")], "answers 200, expected 201"),
        "no response model": ([("response_model=AccountOut, ", "")], "the answer holds the password"),
        "email: str": ([("EmailStr", "str")], "answers 201, expected 422"),
    },
}, {
    "name": "sparse_settings",
    "solution": (
        'class Settings(BaseModel):\n    theme: str = "light"\n    language: str = "en"\n    font_size: int = 12\n\n'
        'saved_settings = {"ada": {"theme": "dark"}, "grace": {"language": "fr", "font_size": "14"}, "linus": {}}\n\n'
        '@app.get("/settings/{user}", response_model=Settings, response_model_exclude_unset=True)\n'
        "def read_settings(user: str):\n    return saved_settings[user]\n"
    ),
    "right": {
        "exclude_defaults, async def": [ASYNC, ("response_model_exclude_unset", "response_model_exclude_defaults")],
        "model_dump(exclude_unset=True)": [
            (", response_model=Settings, response_model_exclude_unset=True", ""),
            ("return saved_settings[user]", "return Settings(**saved_settings[user]).model_dump(exclude_unset=True)"),
        ],
    },
    "wrong": {
        "placeholder": ([(", response_model_exclude_unset=True", "")], 'the body is {"theme": "dark", "language": "en", "font_size": 12}'),
        "no response model": ([("response_model=Settings, ", "")], '"14" is text where a whole number is expected'),
        "exclude_none": ([("response_model_exclude_unset", "response_model_exclude_none")], '"font_size": 12}, expected {"theme": "dark"}'),
        "include theme": ([("response_model_exclude_unset=True", 'response_model_include={"theme"}')], 'the body is {"theme": "light"}, expected {"language": "fr", "font_size": 14}'),
    },
})

ROUTES_05 = """
from fastapi import FastAPI, status
from pydantic import BaseModel, EmailStr
app = FastAPI()

class UserOut(BaseModel):
    username: str
    email: EmailStr
    full_name: str | None = None

class UserInDB(UserOut):
    hashed_password: str

users = {"grace": UserInDB(username="grace", email="grace@example.org", full_name="Grace Hopper", hashed_password="x")}

@app.get("/users/{username}")
def read_user(username: str) -> UserOut:
    return users[username]

class Item(BaseModel):
    name: str
    description: str | None = None
    price: float
    tax: float = 10.5
    tags: list[str] = []

items = {
    "foo": {"name": "Foo", "price": 50.2},
    "bar": {"name": "Bar", "description": "The bartenders", "price": 62, "tax": 20.2},
    "baz": {"name": "Baz", "description": None, "price": 50.2, "tax": 10.5, "tags": []},
}

@app.get("/items/{item_id}", response_model=Item, response_model_exclude_unset=True)
def read_item(item_id: str):
    return items[item_id]
# serve
"""

PREDICTED_05 = """predictions = {
    "GET /users/grace": {"username", "email", "full_name"},
    "GET /items/foo": {"name", "price"},
    "GET /items/baz": {"name", "description", "price", "tax", "tags"},
}
"""

add("05", ROUTES_05, {
    "name": "predict_fields",
    "arguments": ("predictions",),
    "solution": PREDICTED_05,
    "right": {
        "lists in another order": [('{"name", "price"}', '["price", "name"]'), ('{"username", "email", "full_name"}', '["email", "full_name", "username"]')],
        "tuples and a frozenset": [('{"name", "price"}', '("name", "price")'),
                                   ('{"name", "description", "price", "tax", "tags"}', 'frozenset({"tags", "tax", "price", "description", "name"})')],
    },
    "wrong": {
        "placeholder": ([('{"username", "email", "full_name"}', "..."), ('{"name", "price"}', "...")], "write down your prediction for GET /users/grace, GET /items/foo first"),
        "the hash goes out": ([('"full_name"}', '"full_name", "hashed_password"}')], 'GET /users/grace: you predicted ["email", "full_name", "hashed_password", "username"], it answers ["email", "full_name", "username"]'),
        "unset None is dropped": ([('"GET /users/grace": {"username", "email", "full_name"}', '"GET /users/grace": {"username", "email"}')], 'you predicted ["email", "username"], it answers ["email", "full_name", "username"]'),
        "defaults go out": ([('"GET /items/foo": {"name", "price"}', '"GET /items/foo": {"name", "description", "price", "tax", "tags"}')], 'GET /items/foo: you predicted ["description", "name", "price", "tags", "tax"], it answers ["name", "price"]'),
        "equal to the default is unset": ([('{"name", "description", "price", "tax", "tags"}', '{"name", "price"}')], 'GET /items/baz: you predicted ["name", "price"]'),
        "the whole body": ([('{"name", "price"}', '{"name": "Foo", "price": 50.2}')], 'GET /items/foo: you predicted {"name": "Foo", "price": 50.2}, it answers ["name", "price"]'),
    },
})
