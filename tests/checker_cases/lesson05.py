"""Answers a learner could write to lesson 05's exercises (see tests/test_checker_cases.py)."""

from checker_cases import ASYNC, add  # noqa: F401

add("05", "from fastapi import FastAPI, status\nfrom pydantic import BaseModel, EmailStr\napp = FastAPI()\n# serve\n", {
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
    },
    "wrong": {
        "placeholder": ([("    username: str\n    email: EmailStr\n\n@app", "    ...\n\n@app"), ("response_model=AccountOut, status_code=status.HTTP_201_CREATED", "")], "answers 200, expected 201"),
        "no status code": ([(", status_code=status.HTTP_201_CREATED", "")], "answers 200, expected 201"),
        "no response model": ([("response_model=AccountOut, ", "")], "the answer still holds the password"),
        "email: str": ([("EmailStr", "str")], "answers 201, expected 422"),
    },
}, {
    "name": "sparse_settings",
    "solution": (
        'class Settings(BaseModel):\n    theme: str = "light"\n    language: str = "en"\n    font_size: int = 12\n\n'
        'saved_settings = {"ada": {"theme": "dark"}, "grace": {"language": "fr", "font_size": 14}, "linus": {}}\n\n'
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
        "exclude_none": ([("response_model_exclude_unset", "response_model_exclude_none")], '"font_size": 12}, expected {"theme": "dark"}'),
        "include theme": ([("response_model_exclude_unset=True", 'response_model_include={"theme"}')], 'the body is {"theme": "light"}, expected {"language": "fr", "font_size": 14}'),
    },
})
