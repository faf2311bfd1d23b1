"""Answers a learner could write to lesson 05's exercises (see tests/test_checker_cases.py)."""

from checker_cases import ASYNC, add  # noqa: F401

add("05", "from fastapi import FastAPI, HTTPException, status\nfrom fastapi.responses import JSONResponse\nfrom pydantic import BaseModel, EmailStr\napp = FastAPI()\n# serve\n", {
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
        "the email left out of the answer": ([("class AccountOut(BaseModel):\n    username: str\n    email: EmailStr\n", "class AccountOut(BaseModel):\n    username: str\n")],
                                             'the body is {"username": "ada"}, expected {"username": "ada", "email": "ada@example.com"}'),
        "email: str": ([("EmailStr", "str")], "answers 201, expected 422"),
    },
}, {
    "name": "sparse_settings",
    "solution": (
        'class Settings(BaseModel):\n    theme: str = "light"\n    language: str = "en"\n    font_size: int = 12\n\n'
        'saved_settings = {"ada": {"theme": "dark"}, "grace": {"language": "fr", "font_size": "14"}, "linus": {}}\n\n'
        '@app.get("/settings/{user}", response_model=Settings, response_model_exclude_unset=True)\n'
        "def read_settings(user: str):\n    if user not in saved_settings:\n"
        '        raise HTTPException(status_code=404, detail="No such user")\n    return saved_settings[user]\n'
    ),
    "right": {
        "exclude_defaults, async def": [ASYNC, ("response_model_exclude_unset", "response_model_exclude_defaults")],
        "a 404 by .get()": [("    if user not in saved_settings:\n        raise HTTPException(status_code=404, detail=\"No such user\")\n    return saved_settings[user]",
                             "    found = saved_settings.get(user)\n    if found is None:\n        raise HTTPException(404)\n    return found")],
        "model_dump(exclude_unset=True)": [
            (", response_model=Settings, response_model_exclude_unset=True", ""),
            ("return saved_settings[user]", "return Settings(**saved_settings[user]).model_dump(exclude_unset=True)"),
        ],
    },
    "wrong": {
        "the defaults for who chose nothing": ([("return saved_settings[user]", "return saved_settings[user] or Settings().model_dump()")],
                                               'the body is {"theme": "light", "language": "en", "font_size": 12}, expected {}'),
        "defaults of None, exclude_none": ([('theme: str = "light"', "theme: str | None = None"), ('language: str = "en"', "language: str | None = None"),
                                            ("font_size: int = 12", "font_size: int | None = None"),
                                            ("response_model_exclude_unset", "response_model_exclude_none")],
                                           'the defaults of Settings (in /openapi.json) is {"theme": null, "language": null, "font_size": null}'),
        "a KeyError for an unknown user": ([("    if user not in saved_settings:\n        raise HTTPException(status_code=404, detail=\"No such user\")\n", "")], "GET /settings/nobody answers 500, expected 404"),
        "no default language": ([('language: str = "en"', "language: str")], "GET /settings/ada answers 500, expected 200"),
        "no default theme": ([('theme: str = "light"', "theme: str")], "GET /settings/grace answers 500, expected 200"),
        "nothing saved taken for no user": ([("    if user not in saved_settings:\n", "    if not saved_settings.get(user):\n")], "GET /settings/linus answers 404, expected 200"),
        "placeholder": ([(", response_model_exclude_unset=True", "")], 'the body is {"theme": "dark", "language": "en", "font_size": 12}'),
        "no response model": ([("response_model=Settings, ", "")], '"14" is text where a whole number is expected'),
        "exclude_none": ([("response_model_exclude_unset", "response_model_exclude_none")], '"font_size": 12}, expected {"theme": "dark"}'),
        "include theme": ([("response_model_exclude_unset=True", 'response_model_include={"theme"}')], 'the body is {"theme": "light"}, expected {"language": "fr", "font_size": 14}'),
    },
})

ROUTES_05 = """
from fastapi import FastAPI, status
from pydantic import BaseModel
app = FastAPI()

class Item(BaseModel):
    name: str
    description: str | None = None
    price: float
    tax: float = 10.5
    tags: list[str] = []

items = {
    "foo": {"name": "Foo", "price": 50.2},
    "bar": {"name": "Bar", "description": "The bartenders", "price": 62, "tax": 20.2, "cost": 31},
    "baz": {"name": "Baz", "description": None, "price": 50.2, "tax": 10.5, "tags": []},
}

@app.get("/items/{item_id}", response_model=Item, response_model_exclude_unset=True)
def read_item(item_id: str):
    return items[item_id]
# serve
"""

PREDICTED_05 = """predictions = {
    "GET /items/bar": {"name", "description", "price", "tax"},
    "GET /items/baz": {"name", "description", "price", "tax", "tags"},
}
"""

add("05", ROUTES_05, {
    "name": "predict_fields",
    "arguments": ("predictions",),
    "solution": PREDICTED_05,
    "right": {
        "lists in another order": [('{"name", "description", "price", "tax"}', '["tax", "price", "name", "description"]')],
        "tuples and a frozenset": [('{"name", "description", "price", "tax"}', '("name", "description", "price", "tax")'),
                                   ('{"name", "description", "price", "tax", "tags"}', 'frozenset({"tags", "tax", "price", "description", "name"})')],
    },
    "wrong": {
        "checked after a kernel restart, only the set-up cell run": ([("predictions = {", "from fastapi.routing import APIRoute as _R\napp.router.routes[:] = [r for r in app.router.routes if not isinstance(r, _R)]\n" "predictions = {")],
            "none of these requests reaches a route of your app: run the lesson's cells above first"),
        "placeholder": ([('{"name", "description", "price", "tax"}', "..."), ('{"name", "description", "price", "tax", "tags"}', "...")], "write down your predictions first (replace each ... with what you expect)"),
        "the cost goes out": ([('"tax"},', '"tax", "cost"},')], 'GET /items/bar: you predicted ["cost", "description", "name", "price", "tax"], it answers ["description", "name", "price", "tax"]'),
        "defaults go out": ([('"GET /items/bar": {"name", "description", "price", "tax"}', '"GET /items/bar": {"name", "description", "price", "tax", "tags"}')], 'GET /items/bar: you predicted ["description", "name", "price", "tags", "tax"], it answers ["description", "name", "price", "tax"]'),
        "equal to the default is unset": ([('{"name", "description", "price", "tax", "tags"}', '{"name", "price"}')], 'GET /items/baz: you predicted ["name", "price"], it answers ["description", "name", "price", "tags", "tax"]'),
        "the whole body": ([('{"name", "description", "price", "tax", "tags"}', '{"name": "Baz", "price": 50.2}')], 'GET /items/baz: you predicted {"name": "Baz", "price": 50.2}, it answers ['),
        "a line removed": ([('    "GET /items/baz": {"name", "description", "price", "tax", "tags"},\n', "")], "no prediction for GET /items/baz"),
    },
})
