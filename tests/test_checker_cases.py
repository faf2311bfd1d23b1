"""Every exercise checker judged against answers a learner could write: right ones it must
accept (another function name, `async def`, the older `= Path(...)` style, what the worked
solutions mention) and wrong ones it must reject, with a report that names the real cause.

A case is the worked solution with a few edits, run like a notebook: the lesson's set-up code,
then `serve(app)`, then the exercise cell, then the checker. Each edit must find its text, so a
case can never silently test the worked solution again. One class per lesson, so that
`pytest -n auto --dist loadscope` spreads the lessons over the cores.
"""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from helpers import LiveServer, serve
from helpers.checks import Report

PASS = None  # the expected verdict of a right answer; a wrong one names a text of its report


@dataclass
class Exercise:
    lesson: str
    name: str
    setup: str  # the lesson's code before `serve(app)`, and after it (a line "# serve")
    solution: str
    right: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    wrong: dict[str, tuple[list[tuple[str, str]], str]] = field(default_factory=dict)


def edited(source: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        assert old in source, f"the edit does not apply: {old!r}"
        source = source.replace(old, new)
    return source


@pytest.fixture(autouse=True)
def own_progress_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FASTAPI_COURSE_PROGRESS", str(tmp_path / "progress.json"))


@dataclass
class Lesson:
    namespace: dict[str, Any]
    server: LiveServer


def run_cell(source: str, namespace: dict[str, Any]) -> None:
    """Run code as a notebook cell does (not under this module's `from __future__` imports)."""
    exec(compile(source, "<cell>", "exec", dont_inherit=True), namespace)


@contextmanager
def lesson_running(exercise: Exercise, source: str) -> Iterator[Lesson]:
    """The lesson's set-up, `serve(app)`, then `source` (the exercise cell), as in a notebook."""
    namespace: dict[str, Any] = {"__name__": f"lesson{exercise.lesson}_case"}
    before, _, after = exercise.setup.partition("# serve\n")
    run_cell(before, namespace)
    server = serve(namespace["app"], name=f"case-{exercise.lesson}-{exercise.name}")
    namespace["server"] = server
    try:
        run_cell(after + "\n" + source, namespace)
        yield Lesson(namespace, server)
    finally:
        server.stop()
        for value in namespace.values():
            if isinstance(value, Engine):
                value.dispose()
        for value in namespace.values():
            if isinstance(value, tempfile.TemporaryDirectory):
                value.cleanup()


def checker_of(exercise: Exercise) -> Callable[[LiveServer], Report]:
    return getattr(importlib.import_module(f"helpers.exercises.lesson{exercise.lesson}"), exercise.name)


def judge(exercise: Exercise, source: str, expected: str | None) -> None:
    with lesson_running(exercise, source) as lesson:
        report = repr(checker_of(exercise)(lesson.server))
    if expected is PASS:
        assert report.startswith("✅"), report
    else:
        assert report.startswith("❌"), report
        assert expected in report, report


EXERCISES: list[Exercise] = []


def cases(lesson: str) -> list[Any]:
    found = []
    for exercise in EXERCISES:
        if exercise.lesson != lesson:
            continue
        found.append(pytest.param(exercise, exercise.solution, PASS, id=f"{exercise.name}-worked solution"))
        for name, edits in exercise.right.items():
            found.append(pytest.param(exercise, edited(exercise.solution, edits), PASS, id=f"{exercise.name}-{name}"))
        for name, (edits, fragment) in exercise.wrong.items():
            found.append(pytest.param(exercise, edited(exercise.solution, edits), fragment, id=f"{exercise.name}-{name}"))
    return found


def add(lesson: str, setup: str, *exercises: dict[str, Any]) -> None:
    for exercise in exercises:
        EXERCISES.append(Exercise(lesson=lesson, setup=setup, **exercise))


ASYNC = ("def ", "async def ")

# ---------------------------------------------------------------- lesson 00
add("00", "from fastapi import FastAPI\nfrom fastapi.responses import JSONResponse\napp = FastAPI()\n# serve\n", {
    "name": "ping",
    "solution": '@app.get("/ping")\ndef ping():\n    return {"ping": "pong"}\n',
    "right": {
        "async def": [ASYNC],
        "another name, dict()": [("def ping", "def answer"), ('{"ping": "pong"}', 'dict(ping="pong")')],
        "JSONResponse": [('{"ping": "pong"}', 'JSONResponse({"ping": "pong"})')],
    },
    "wrong": {
        "placeholder": ([('"pong"}', '"..."}')], 'the body is {"ping": "..."}, expected {"ping": "pong"}'),
        "a string": ([('{"ping": "pong"}', '"pong"')], 'the body is "pong", expected {"ping": "pong"}'),
        "capital key": ([('{"ping"', '{"Ping"')], 'the body is {"Ping": "pong"}'),
        "POST": ([("@app.get", "@app.post")], "answers 405, expected 200"),
    },
})

# ---------------------------------------------------------------- lesson 01
add("01", "from typing import Annotated\nfrom fastapi import FastAPI, Path\napp = FastAPI()\n# serve\n", {
    "name": "greeting",
    "solution": '@app.get("/greet/{name}")\ndef greet(name: str):\n    return {"message": f"Hello, {name}!"}\n',
    "right": {
        "async def": [ASYNC],
        "another name, +": [("def greet(name", "def hello(name"), ('f"Hello, {name}!"', '"Hello, " + name + "!"')],
    },
    "wrong": {
        "placeholder": ([('f"Hello, {name}!"', '"..."')], 'the body is {"message": "..."}'),
        "no !": ([('{name}!"', '{name}"')], 'expected {"message": "Hello, Ada!"}'),
        "hard-coded": ([('f"Hello, {name}!"', '"Hello, Ada!"')], 'the body is {"message": "Hello, Ada!"}, expected {"message": "Hello, Grace!"}'),
        "wrong path": ([('"/greet/{name}"', '"/greeting/{name}"')], "answers 404, expected 200. Is the path"),
        "trailing slash": ([('"/greet/{name}"', '"/greet/{name}/"')], "The server redirects to /greet/Ada/"),
    },
}, {
    "name": "square",
    "solution": '@app.get("/square/{number}")\ndef square(number: int):\n    return {"number": number, "square": number * number}\n',
    "right": {
        "async def, **": [ASYNC, ("number * number", "number ** 2")],
        "Annotated Path": [("number: int", "number: Annotated[int, Path()]")],
        "older = Path(...)": [("number: int", "number: int = Path(...)")],
    },
    "wrong": {
        "placeholder": ([("number: int", "number"), ("number * number", "None")], '"7" is text where a whole number is expected'),
        "float": ([("number: int", "number: float")], '7.0 is a decimal number where a whole number is expected'),
        "int() by hand": ([("number: int", "number: str"), ('{"number": number, "square": number * number}', '{"number": int(number), "square": int(number) ** 2}')], "answers 500, expected 422. Your code raised ValueError: invalid literal for int()"),
        "square as text": ([('"square": number * number', '"square": str(number * number)')], '"49" is text where a whole number is expected'),
    },
})

# ---------------------------------------------------------------- lesson 02
add("02", "from enum import Enum, StrEnum\nfrom typing import Annotated, Literal\nfrom fastapi import FastAPI, Path\napp = FastAPI()\n# serve\n", {
    "name": "colors",
    "solution": (
        'HEX_CODES = {"red": "#ff0000", "green": "#00ff00", "blue": "#0000ff"}\n\n'
        'class Color(StrEnum):\n    red = "red"\n    green = "green"\n    blue = "blue"\n\n'
        '@app.get("/colors/{color}")\ndef read_color(color: Color):\n    return {"color": color, "hex": HEX_CODES[color]}\n'
    ),
    "right": {
        "str, Enum and .value": [("(StrEnum)", "(str, Enum)"), ("HEX_CODES[color]", "HEX_CODES[color.value]")],
        "async def, Literal": [ASYNC, ("color: Color", 'color: Literal["red", "green", "blue"]')],
    },
    "wrong": {
        "placeholder": ([('    green = "green"\n    blue = "blue"\n', ""), ("color: Color", "color: str"), ("HEX_CODES[color]", "None")], '"hex": null'),
        "red only": ([('    green = "green"\n    blue = "blue"\n', "")], "GET /colors/green answers 422, expected 200"),
        "a str and a lookup": ([("color: Color", "color: str")], "GET /colors/purple answers 500, expected 422. Your code raised KeyError: 'purple'"),
        "any case": ([("color: Color", "color: str"), ("HEX_CODES[color]", "HEX_CODES.get(color.lower())")], "GET /colors/purple answers 200, expected 422"),
    },
}, {
    "name": "pages",
    "solution": '@app.get("/pages/{number}")\ndef read_page(number: Annotated[int, Path(ge=1, le=500)]):\n    return {"page": number}\n',
    "right": {
        "older = Path(...)": [("number: Annotated[int, Path(ge=1, le=500)]", "number: int = Path(ge=1, le=500)")],
        "async def, gt and lt": [ASYNC, ("ge=1, le=500", "gt=0, lt=501")],
    },
    "wrong": {
        "placeholder": ([("Annotated[int, Path(ge=1, le=500)]", "int"), ('{"page": number}', '{"page": None}')], '{"page": null}, expected {"page": 12}'),
        "no limits": ([("Annotated[int, Path(ge=1, le=500)]", "int")], "GET /pages/0 answers 200, expected 422"),
        "le=499": ([("le=500", "le=499")], "GET /pages/500 answers 422, expected 200"),
        "page as text": ([('{"page": number}', '{"page": str(number)}')], '"12" is text where a whole number is expected'),
    },
})

# ---------------------------------------------------------------- lesson 03
add("03", "from typing import Annotated\nfrom fastapi import FastAPI, Query\napp = FastAPI()\n# serve\n", {
    "name": "numbers",
    "solution": (
        '@app.get("/numbers/")\ndef numbers(\n    start: int = 0,\n    count: Annotated[int, Query(ge=1, le=20)] = 5,\n'
        "    reverse: bool = False,\n):\n    result = list(range(start, start + count))\n    if reverse:\n"
        '        result.reverse()\n    return {"numbers": result}\n'
    ),
    "right": {
        "older = Query(5, ...)": [("count: Annotated[int, Query(ge=1, le=20)] = 5", "count: int = Query(5, ge=1, le=20)")],
        "async def, reversed range": [ASYNC, ("        result.reverse()", "        result = list(range(start + count - 1, start - 1, -1))")],
    },
    "wrong": {
        "placeholder": ([("list(range(start, start + count))", "[]")], '{"numbers": []}, expected {"numbers": [0, 1, 2, 3, 4]}'),
        "no limit": ([("Annotated[int, Query(ge=1, le=20)]", "int")], "GET /numbers/?count=0 answers 200, expected 422"),
        "reverse as text": ([("reverse: bool = False", "reverse: str = ''")], "?start=-2&count=4&reverse=false answers 200"),
        "no trailing slash": ([('"/numbers/"', '"/numbers"')], "The server redirects to /numbers"),
    },
}, {
    "name": "greetings",
    "solution": (
        '@app.get("/greetings/")\ndef greetings(name: Annotated[list[str] | None, Query()] = None):\n'
        '    return {"greetings": [f"Hello, {one}!" for one in name or []]}\n'
    ),
    "right": {
        "async def, default []": [ASYNC, ("Annotated[list[str] | None, Query()] = None", "Annotated[list[str], Query()] = []")],
        "older = Query([])": [("Annotated[list[str] | None, Query()] = None", "list[str] = Query([])")],
    },
    "wrong": {
        "placeholder": ([("Annotated[list[str] | None, Query()]", "str | None"), ('[f"Hello, {one}!" for one in name or []]', "[]")], '{"greetings": []}, expected'),
        "no Query()": ([("Annotated[list[str] | None, Query()]", "list[str] | None")], 'the body is {"greetings": []}, expected'),
        "first name only": ([("for one in name or []]", "for one in (name or [])[:1]]")], 'expected {"greetings": ["Hello, Ada!", "Hello, Grace!"]}'),
        "sorted": ([("for one in name or []]", "for one in sorted(name or [])]")], '"Hello, Alan!"'),
    },
})

# ---------------------------------------------------------------- lesson 04
add("04", "from fastapi import FastAPI\nfrom pydantic import BaseModel, Field, PositiveInt\napp = FastAPI()\n# serve\n", {
    "name": "orders",
    "solution": (
        "class Order(BaseModel):\n    product: str\n    quantity: int = Field(default=1, ge=1)\n    unit_price: float\n\n"
        '@app.post("/orders/")\ndef create_order(order: Order):\n    return {\n        "product": order.product,\n'
        '        "quantity": order.quantity,\n        "total": order.quantity * order.unit_price,\n    }\n'
    ),
    "right": {
        "PositiveInt, async def": [ASYNC, ("quantity: int = Field(default=1, ge=1)", "quantity: PositiveInt = 1")],
        "Field(1, gt=0), rounded": [("Field(default=1, ge=1)", "Field(1, gt=0)"), ('order.quantity * order.unit_price,', "round(order.quantity * order.unit_price, 2),")],
    },
    "wrong": {
        "placeholder": ([("    unit_price: float\n", ""), ('"quantity": order.quantity', '"quantity": None'), ("order.quantity * order.unit_price", "None")], '"quantity": null'),
        "no limit": ([("Field(default=1, ge=1)", "1")], 'got a 200, expected a 422'),
        "a whole price": ([("unit_price: float", "unit_price: int")], "answers 422, expected 200"),
        "total as text": ([("order.quantity * order.unit_price,", "str(order.quantity * order.unit_price),")], '"7.5" is text where a number is expected'),
    },
}, {
    "name": "playlists",
    "solution": (
        "class Song(BaseModel):\n    title: str\n    seconds: int = Field(gt=0)\n\n"
        "class Playlist(BaseModel):\n    name: str\n    songs: list[Song] = []\n\n"
        '@app.post("/playlists/")\ndef create_playlist(playlist: Playlist):\n    return {\n        "name": playlist.name,\n'
        '        "songs": len(playlist.songs),\n        "total_seconds": sum(song.seconds for song in playlist.songs),\n    }\n'
    ),
    "right": {
        "default_factory, PositiveInt": [("songs: list[Song] = []", "songs: list[Song] = Field(default_factory=list)"), ("seconds: int = Field(gt=0)", "seconds: PositiveInt")],
        "async def": [ASYNC],
    },
    "wrong": {
        "placeholder": ([('"songs": len(playlist.songs)', '"songs": 0'), ("sum(song.seconds for song in playlist.songs)", "0")], '"songs": 0, "total_seconds": 0}, expected'),
        "no limit": ([("seconds: int = Field(gt=0)", "seconds: int")], '"seconds": 0}]} got a 200, expected a 422'),
        "songs required": ([("songs: list[Song] = []", "songs: list[Song]")], "answers 422, expected 200"),
        "optional title": ([("    title: str\n", '    title: str = ""\n')], 'got a 200, expected a 422'),
    },
})

# ---------------------------------------------------------------- lesson 05
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

# ---------------------------------------------------------------- lesson 06
add("06", (
    "from fastapi import FastAPI, HTTPException, Request, status\nfrom fastapi.responses import JSONResponse\n"
    "app = FastAPI()\n# serve\n"
), {
    "name": "book_lookup",
    "solution": (
        'books = {1: "Dune", 2: "Emma"}\n\n@app.get("/books/{book_id}")\ndef read_book(book_id: int):\n'
        "    if book_id not in books:\n        raise HTTPException(\n            status_code=status.HTTP_404_NOT_FOUND,\n"
        '            detail=f"Book {book_id} not found",\n            headers={"X-Book-Id": str(book_id)},\n        )\n'
        '    return {"id": book_id, "title": books[book_id]}\n'
    ),
    "right": {
        "async def, .get() is None": [ASYNC, ("if book_id not in books:", "if books.get(book_id) is None:")],
        "JSONResponse with headers": [
            ('raise HTTPException(\n            status_code=status.HTTP_404_NOT_FOUND,\n            detail=f"Book {book_id} not found",',
             'return JSONResponse(\n            status_code=404,\n            content={"detail": f"Book {book_id} not found"},'),
        ],
    },
    "wrong": {
        "placeholder": ([("    if book_id not in books:\n        raise", "    if False:\n        raise"), ("books[book_id]", "books.get(book_id)")], "GET /books/7 answers 200, expected 404"),
        "no header": ([('            headers={"X-Book-Id": str(book_id)},\n', "")], "the X-Book-Id header is None, expected '7'"),
        "another detail": ([('f"Book {book_id} not found"', '"Book not found"')], 'the body is {"detail": "Book not found"}, expected {"detail": "Book 7 not found"}'),
        "header in words": ([('str(book_id)}', 'f"book {book_id}"}')], "the X-Book-Id header is 'book 7'"),
    },
}, {
    "name": "out_of_stock",
    "solution": (
        'stock = {"apples": 3, "pears": 0, "plums": 0}\n\nclass OutOfStock(Exception):\n    def __init__(self, item: str):\n'
        "        self.item = item\n\n@app.exception_handler(OutOfStock)\nasync def out_of_stock_handler(request: Request, exc: OutOfStock):\n"
        "    return JSONResponse(\n        status_code=status.HTTP_409_CONFLICT, content={\"message\": f\"Out of stock: {exc.item}\"}\n    )\n\n"
        '@app.get("/order/{item}")\ndef order(item: str):\n    if stock[item] == 0:\n        raise OutOfStock(item)\n'
        '    return {"item": item, "ordered": True}\n'
    ),
    "right": {
        "async route, stock.get": [("def order", "async def order"), ("stock[item] == 0", "not stock.get(item, 0)")],
        "status 409, another handler name": [("status_code=status.HTTP_409_CONFLICT", "status_code=409"), ("async def out_of_stock_handler", "async def handle_out_of_stock")],
    },
    "wrong": {
        "placeholder": ([("    if stock[item] == 0:\n        raise OutOfStock(item)\n", "")], "GET /order/pears answers 200, expected 409"),
        "ordered: 1": ([('"ordered": True', '"ordered": 1')], "1 is a whole number where a boolean is expected"),
        "400": ([("status.HTTP_409_CONFLICT", "400")], "GET /order/pears answers 400, expected 409"),
        "HTTPException": ([("raise OutOfStock(item)", 'raise HTTPException(409, f"Out of stock: {item}")')], 'the body is {"detail": "Out of stock: pears"}'),
    },
})

# ---------------------------------------------------------------- lesson 07
add("07", (
    "import secrets\nfrom typing import Annotated\nfrom fastapi import Depends, FastAPI, Header, HTTPException, Query, status\n"
    "from fastapi.security import APIKeyHeader\napp = FastAPI()\n# serve\n"
), {
    "name": "paging",
    "solution": (
        'fruits = ["apple", "banana", "cherry", "date", "elderberry", "fig", "grape"]\n\n'
        "def pagination(page: Annotated[int, Query(ge=1)] = 1, size: int = 3):\n"
        '    return {"skip": (page - 1) * size, "limit": size}\n\nPageDep = Annotated[dict, Depends(pagination)]\n\n'
        '@app.get("/fruits/")\ndef list_fruits(paging: PageDep):\n    return fruits[paging["skip"] : paging["skip"] + paging["limit"]]\n'
    ),
    "right": {
        "older = Query(1, ge=1)": [("page: Annotated[int, Query(ge=1)] = 1", "page: int = Query(1, ge=1)")],
        "async dependency and route": [("def pagination", "async def pagination"), ("def list_fruits", "async def list_fruits")],
    },
    "wrong": {
        "placeholder": ([("PageDep = Annotated[dict, Depends(pagination)]", "PageDep = dict")], "GET /fruits/ answers 422, expected 200. FastAPI rejected"),
        "skip = page * size": ([("(page - 1) * size", "page * size")], 'the body is ["date", "elderberry", "fig"], expected ["apple", "banana", "cherry"]'),
        "page from 0": ([("Annotated[int, Query(ge=1)]", "int")], "GET /fruits/?page=0 answers 200, expected 422"),
        "size 5": ([("size: int = 3", "size: int = 5")], '"elderberry"], expected ["apple", "banana", "cherry"]'),
    },
}, {
    "name": "api_key",
    "solution": (
        'API_KEYS = {"let-me-in", "open-sesame"}\n\ndef require_api_key(x_api_key: Annotated[str | None, Header()] = None):\n'
        "    if x_api_key not in API_KEYS:\n        raise HTTPException(\n"
        '            status_code=status.HTTP_401_UNAUTHORIZED, detail="Missing or invalid API key"\n        )\n\n'
        '@app.get("/vault/", dependencies=[Depends(require_api_key)])\ndef read_vault():\n    return {"gold": 100}\n'
    ),
    "right": {
        "a parameter, async def": [
            (', dependencies=[Depends(require_api_key)])\ndef read_vault():', ")\nasync def read_vault(_: Annotated[None, Depends(require_api_key)]):"),
        ],
        "APIKeyHeader and compare_digest": [
            ("def require_api_key(x_api_key: Annotated[str | None, Header()] = None):",
             'def require_api_key(x_api_key: Annotated[str | None, Depends(APIKeyHeader(name="X-API-Key", auto_error=False))]):'),
            ("if x_api_key not in API_KEYS:",
             "if not any(secrets.compare_digest((x_api_key or '').encode(), key.encode()) for key in API_KEYS):"),
        ],
    },
    "wrong": {
        "placeholder": ([("    if x_api_key not in API_KEYS:\n        raise", "    if False:\n        raise")], "GET /vault/ answers 200, expected 401"),
        "403": ([("status.HTTP_401_UNAUTHORIZED", "status.HTTP_403_FORBIDDEN")], "answers 403, expected 401"),
        "any key": ([("if x_api_key not in API_KEYS:", "if x_api_key is None:")], "GET /vault/ answers 200, expected 401"),
        "required header": ([("Annotated[str | None, Header()] = None", "Annotated[str, Header()]")], "answers 422, expected 401"),
    },
})

# ---------------------------------------------------------------- lesson 08
LESSON_08 = """
from contextlib import asynccontextmanager
from typing import Annotated
from fastapi import Depends, FastAPI, HTTPException, Query, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, EmailStr, Field
from sqlalchemy import String, create_engine, event, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
import tempfile

class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100))

folder = tempfile.TemporaryDirectory()  # one connection per thread, as with the lessons' files
engine = create_engine(f"sqlite:///{folder.name}/db.sqlite", connect_args={"check_same_thread": False})
Base.metadata.create_all(engine)
statements = []

@event.listens_for(engine, "before_cursor_execute")
def record_sql(connection, cursor, statement, parameters, context, executemany):
    statements.append((" ".join(statement.split()), parameters))

app = FastAPI()
# serve
def get_session():
    with Session(engine) as session:
        yield session

SessionDep = Annotated[Session, Depends(get_session)]

class UserCreate(BaseModel):
    email: EmailStr
    name: str = Field(min_length=1, max_length=100)

class UserUpdate(BaseModel):
    email: EmailStr | None = None
    name: str | None = Field(default=None, min_length=1, max_length=100)

class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    email: str
    name: str

@app.post("/users", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def create_user(new: UserCreate, session: SessionDep):
    user = User(**new.model_dump())
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise HTTPException(status.HTTP_409_CONFLICT, f"A user with email {new.email} already exists")
    session.refresh(user)
    return user

def get_user_or_404(session, user_id):
    user = session.get(User, user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"User {user_id} not found")
    return user

@app.get("/users/{user_id}", response_model=UserOut)
def read_user(user_id: int, session: SessionDep):
    return get_user_or_404(session, user_id)

@app.get("/users", response_model=list[UserOut])
def list_users(session: SessionDep, offset: Annotated[int, Query(ge=0)] = 0, limit: Annotated[int, Query(ge=1, le=100)] = 10):
    return session.scalars(select(User).order_by(User.id).offset(offset).limit(limit)).all()

@app.delete("/users/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_user(user_id: int, session: SessionDep):
    session.delete(get_user_or_404(session, user_id))
    session.commit()

for person in ("ada", "grace"):
    assert server.client.post("/users", json={"email": f"{person}@example.com", "name": person}).status_code == 201
statements.clear()
"""
UPDATE_USER = """
@app.patch("/users/{user_id}", response_model=UserOut)
def update_user(user_id: int, patch: UserUpdate, session: SessionDep):
    user = get_user_or_404(session, user_id)
    for field, value in patch.model_dump(exclude_unset=True).items():
        setattr(user, field, value)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise HTTPException(status.HTTP_409_CONFLICT, f"A user with email {patch.email} already exists")
    session.refresh(user)
    return user
"""
add("08", LESSON_08, {
    "name": "count_users",
    "solution": '@app.get("/stats")\ndef stats(session: SessionDep):\n    total = session.scalar(select(func.count()).select_from(User))\n    return {"users": total}\n',
    "right": {
        "count of ids": [("select(func.count()).select_from(User)", "select(func.count(User.id))")],
        "legacy query().count(), another name": [("def stats(", "def user_count("), ("session.scalar(select(func.count()).select_from(User))", "session.query(User).count()")],
    },
    "wrong": {
        "placeholder": ([("session.scalar(select(func.count()).select_from(User))", "0")], 'the body is {"users": 0}, expected {"users": 2}'),
        "hard-coded": ([("session.scalar(select(func.count()).select_from(User))", "2")], 'after one more POST /users, GET /stats is {"users": 2}, expected {"users": 3}'),
        "the first id": ([("select(func.count()).select_from(User)", "select(User.id)")], 'the body is {"users": 1}, expected {"users": 2}'),
        "as text": ([('{"users": total}', '{"users": str(total)}')], '"2" is text where a whole number is expected'),
    },
}, {
    "name": "taken_email",
    "solution": UPDATE_USER,
    "right": {
        "JSONResponse 409": [("        raise HTTPException(status.HTTP_409_CONFLICT, f\"A user with email {patch.email} already exists\")",
                              '        return JSONResponse({"detail": "That email is taken"}, status_code=409)')],
        "look first, then change": [("    user = get_user_or_404(session, user_id)\n", "    user = get_user_or_404(session, user_id)\n    if patch.email and session.scalar(select(User).where(User.email == patch.email, User.id != user_id)):\n        raise HTTPException(409, 'taken')\n")],
    },
    "wrong": {
        "placeholder": ([("    try:\n        session.commit()\n    except IntegrityError:\n        session.rollback()\n        raise HTTPException(status.HTTP_409_CONFLICT, f\"A user with email {patch.email} already exists\")\n", "    session.commit()\n")], "(the IntegrityError was not caught)"),
        "caught, a dict returned": ([('        raise HTTPException(status.HTTP_409_CONFLICT, f"A user with email {patch.email} already exists")', '        return {"detail": "taken"}')], "returned something that is not a UserOut"),
        "caught, no rollback": ([("        session.rollback()\n        raise HTTPException(status.HTTP_409_CONFLICT, f\"A user with email {patch.email} already exists\")", "        pass")], "the session was not rolled back"),
        "400": ([("status.HTTP_409_CONFLICT", "400")], "answers 400, expected 409"),
        "look after the change": ([("    try:\n        session.commit()", "    if patch.email and session.scalar(select(User).where(User.email == patch.email, User.id != user_id)):\n        raise HTTPException(409, 'taken')\n    try:\n        session.commit()")],
                                  "(the IntegrityError was not caught)"),
    },
})

# ---------------------------------------------------------------- lesson 09
LESSON_09 = """
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
add("09", LESSON_09, {
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

# ---------------------------------------------------------------- lesson 10
LESSON_10 = """
import secrets
from typing import Annotated
from fastapi import Depends, FastAPI, Header, HTTPException, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader
app = FastAPI()

@app.get("/")
async def root():
    return {"message": "Hello"}

@app.get("/products")
async def list_products():
    return [{"id": 1, "name": "Teapot"}, {"id": 2, "name": "Kettle"}]
# serve
"""
add("10", LESSON_10, {
    "name": "shop_cors",
    "solution": (
        "app.add_middleware(\n    CORSMiddleware,\n"
        '    allow_origins=["https://shop.example", "http://localhost:5173"],\n'
        '    allow_methods=["GET", "POST", "DELETE"],\n    allow_headers=["Authorization"],\n    allow_credentials=True,\n)\n'
    ),
    "right": {
        "other order, lower-case header": [('["https://shop.example", "http://localhost:5173"]', '["http://localhost:5173", "https://shop.example"]'), ('["Authorization"]', '["authorization", "content-type"]')],
        "an origin regex": [('allow_origins=["https://shop.example", "http://localhost:5173"]', r'allow_origin_regex=r"https://shop\.example|http://localhost:5173"')],
    },
    "wrong": {
        "placeholder": ([('["https://shop.example", "http://localhost:5173"]', '["https://app.example.com"]'), ('"POST", "DELETE"', '"POST"'), ('["Authorization"]', '["Content-Type"]'), ("    allow_credentials=True,\n", "")],
                        "a preflight from https://shop.example for DELETE with Authorization answers 400"),
        "any origin": ([('["https://shop.example", "http://localhost:5173"]', '["*"]')], "a preflight from https://evil.example answers 200, expected 400"),
        "no credentials": ([("    allow_credentials=True,\n", "")], "access-control-allow-credentials: None"),
        "any method": ([('["GET", "POST", "DELETE"]', '["*"]')], "a preflight for PUT answers 200, expected 400"),
    },
}, {
    "name": "admin_guard",
    "solution": (
        'ADMIN_KEY = "open-sesame"\n\n@app.get("/admin/stats")\nasync def admin_stats():\n    return {"products": 2}\n\n'
        '@app.middleware("http")\nasync def admin_guard(request: Request, call_next):\n'
        '    path = request.url.path.removeprefix(request.scope.get("root_path", ""))\n'
        '    if path.startswith("/admin"):\n        key = request.headers.get("x-admin-key", "")\n'
        "        if not secrets.compare_digest(key.encode(), ADMIN_KEY.encode()):\n"
        '            return JSONResponse({"detail": "Admin key required"}, status_code=401)\n'
        "    return await call_next(request)\n"
    ),
    "right": {
        "== and another name": [("async def admin_guard", "async def guard"), ("not secrets.compare_digest(key.encode(), ADMIN_KEY.encode())", "key != ADMIN_KEY")],
        "a dependency on the route (APIKeyHeader)": [
            ('@app.middleware("http")\nasync def admin_guard(request: Request, call_next):\n    path = request.url.path.removeprefix(request.scope.get("root_path", ""))\n    if path.startswith("/admin"):\n        key = request.headers.get("x-admin-key", "")\n        if not secrets.compare_digest(key.encode(), ADMIN_KEY.encode()):\n            return JSONResponse({"detail": "Admin key required"}, status_code=401)\n    return await call_next(request)\n', ""),
            ('@app.get("/admin/stats")\nasync def admin_stats():', 'def admin_key(key: Annotated[str | None, Depends(APIKeyHeader(name="X-Admin-Key", auto_error=False))]):\n    if not secrets.compare_digest((key or "").encode(), ADMIN_KEY.encode()):\n        raise HTTPException(401, "Admin key required")\n\n@app.get("/admin/stats", dependencies=[Depends(admin_key)])\nasync def admin_stats():'),
        ],
    },
    "wrong": {
        "placeholder": ([('    if path.startswith("/admin"):', "    if False:")], "GET /admin/stats without a key answers 200, expected 401"),
        "HTTPException in middleware": ([('return JSONResponse({"detail": "Admin key required"}, status_code=401)', 'raise HTTPException(401, "Admin key required")')], "answers 500, expected 401"),
        "any case": ([("key.encode(), ADMIN_KEY.encode()", "key.lower().encode(), ADMIN_KEY.encode()")], "with X-Admin-Key: OPEN-SESAME answers 200, expected 401"),
        "every path": ([('    if path.startswith("/admin"):', '    if True:')], "GET / answers 401, expected 200"),
        "403": ([("status_code=401", "status_code=403")], "answers 403, expected 401"),
    },
})

# ---------------------------------------------------------------- lesson 11
LESSON_11 = """
import pytest
from fastapi import FastAPI, HTTPException
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field
app = FastAPI()
# serve
client = TestClient(app)
"""
add("11", LESSON_11, {
    "name": "missing_book",
    "solution": (
        'BOOKS = {\n    1: {"title": "Dune", "author": "Frank Herbert"},\n    2: {"title": "Emma", "author": "Jane Austen"},\n}\n\n'
        '@app.get("/books/{book_id}")\ndef read_book(book_id: int):\n    if book_id not in BOOKS:\n'
        '        raise HTTPException(status_code=404, detail="Book not found")\n    return BOOKS[book_id]\n\n'
        'def test_missing_book():\n    response = client.get("/books/99")\n    assert response.status_code == 404\n'
        '    assert response.json() == {"detail": "Book not found"}\n'
    ),
    "right": {
        "another id, detail only": [('client.get("/books/99")', 'client.get("/books/3")'), ('response.json() == {"detail": "Book not found"}', 'response.json()["detail"] == "Book not found"')],
        "its own TestClient, async route": [("def read_book", "async def read_book"), ("    response = client.get", "    response = TestClient(app).get")],
        "the live server": [("    response = client.get", "    response = server.client.get")],
        "pytest.fail": [("    assert response.status_code == 404\n", "    if response.status_code != 404:\n        pytest.fail(f'got {response.status_code}')\n")],
    },
    "wrong": {
        "placeholder": ([("    if book_id not in BOOKS:\n        raise HTTPException(status_code=404, detail=\"Book not found\")\n    return BOOKS[book_id]", "    return BOOKS.get(book_id)"),
                         ("assert response.status_code == 404", "assert response.status_code == 200"), ('    assert response.json() == {"detail": "Book not found"}\n', "")],
                        "GET /books/99 answers 200, expected 404"),
        "a test that asserts nothing": ([("    assert response.status_code == 404\n    assert response.json() == {\"detail\": \"Book not found\"}\n", "    print(response)\n")],
                                        "test_missing_book also passes against an app that answers 200 with null"),
        "status only": ([('    assert response.json() == {"detail": "Book not found"}\n', "")], 'also passes against an app that answers 404 with {"detail": "Not Found"}'),
        "body only": ([("    assert response.status_code == 404\n", "")], "also passes against an app that answers 200 with {\"detail\": \"Book not found\"}"),
        "a test that fails": ([("== 404", "== 200")], "test_missing_book fails against your app: AssertionError"),
        "renamed test": ([("def test_missing_book", "def test_book")], "there is no function test_missing_book"),
    },
}, {
    "name": "signups",
    "solution": (
        "class Signup(BaseModel):\n    username: str = Field(min_length=3, max_length=20)\n    age: int = Field(ge=13)\n\n"
        '@app.post("/signups", status_code=201)\ndef create_signup(signup: Signup):\n    return signup\n\n'
        'def test_too_young():\n    response = client.post("/signups", json={"username": "ada", "age": 12})\n'
        '    assert response.status_code == 422\n    assert response.json()["detail"][0]["loc"] == ["body", "age"]\n'
    ),
    "right": {
        "all the locations": [('response.json()["detail"][0]["loc"] == ["body", "age"]', '[e["loc"] for e in response.json()["detail"]] == [["body", "age"]]')],
        "async def, another body": [("def create_signup", "async def create_signup"), ('{"username": "ada", "age": 12}', '{"username": "bobby", "age": 5}')],
    },
    "wrong": {
        "placeholder": ([("username: str = Field(min_length=3, max_length=20)", "username: str"), ("age: int = Field(ge=13)", "age: int"), (", status_code=201", ""), ("== 422", "== 201"), ('    assert response.json()["detail"][0]["loc"] == ["body", "age"]\n', "")],
                        "POST /signups answers 200, expected 201"),
        "status only": ([('    assert response.json()["detail"][0]["loc"] == ["body", "age"]\n', "")], "also passes against an app that checks the age with an `if`"),
        "location only": ([("    assert response.status_code == 422\n", "")], "also passes against an app that answers 400 instead of 422"),
        "no max_length": ([("min_length=3, max_length=20", "min_length=3")], "a 21-character username"),
    },
})

# ---------------------------------------------------------------- lesson 12
LESSON_12 = """
import itertools
import time
from fastapi import BackgroundTasks, FastAPI, status
app = FastAPI()
# serve
"""
add("12", LESSON_12, {
    "name": "receipts",
    "solution": (
        "RECEIPTS = []\n\ndef write_receipt(item: str):\n    time.sleep(0.05)\n    RECEIPTS.append(item)\n\n"
        '@app.get("/receipts")\ndef read_receipts():\n    return RECEIPTS\n\n'
        '@app.post("/orders/{item}")\ndef place_order(item: str, background_tasks: BackgroundTasks):\n'
        "    background_tasks.add_task(write_receipt, item)\n"
        '    return {"item": item, "status": "accepted"}\n'
    ),
    "right": {
        "async def, a keyword argument": [("def place_order", "async def place_order"), ("add_task(write_receipt, item)", "add_task(write_receipt, item=item)")],
        "another parameter name": [("background_tasks: BackgroundTasks", "tasks: BackgroundTasks"), ("background_tasks.add_task", "tasks.add_task")],
    },
    "wrong": {
        "placeholder": ([(", background_tasks: BackgroundTasks", ""), ("background_tasks.add_task(write_receipt, item)", "write_receipt(item)")], "was already written when the response came"),
        "another status": ([('"status": "accepted"', '"status": "done"')], '"status": "done"}, expected'),
        "the wrong item": ([("add_task(write_receipt, item)", 'add_task(write_receipt, "tea")')], "no receipt for 'scone'"),
    },
}, {
    "name": "reports",
    "solution": (
        "REPORTS = {}\nreport_ids = itertools.count(1)\n\ndef build_report(report_id: int, numbers: list[float]):\n"
        "    time.sleep(0.05)\n"
        '    REPORTS[report_id] = {"report_id": report_id, "status": "done", "total": sum(numbers)}\n\n'
        '@app.post("/reports", status_code=202)\ndef start_report(numbers: list[float], background_tasks: BackgroundTasks):\n'
        "    report_id = next(report_ids)\n"
        '    REPORTS[report_id] = {"report_id": report_id, "status": "pending"}\n'
        "    background_tasks.add_task(build_report, report_id, numbers)\n    return REPORTS[report_id]\n\n"
        '@app.get("/reports/{report_id}")\ndef read_report(report_id: int):\n'
        '    return REPORTS.get(report_id, {"report_id": report_id, "status": "unknown"})\n'
    ),
    "right": {
        "whole or decimal numbers, async def": [("def start_report(numbers: list[float]", "async def start_report(numbers: list[int | float]")],
        "the status constant": [("status_code=202", "status_code=status.HTTP_202_ACCEPTED")],
    },
    "wrong": {
        "placeholder": ([("status_code=202", "status_code=200"), ("    background_tasks.add_task(build_report, report_id, numbers)\n", "")], "POST /reports answers 200, expected 202"),
        "built before answering": ([("background_tasks.add_task(build_report, report_id, numbers)", "build_report(report_id, numbers)")], 'the body is {"report_id": 1, "status": "done"'),
        "one id for all": ([("report_id = next(report_ids)", "report_id = 1")], "has no new whole-number report_id"),
        "total as text": ([('"total": sum(numbers)', '"total": str(sum(numbers))')], '"6.0" is text where a number is expected'),
    },
})

# ---------------------------------------------------------------- lesson 13
LESSON_13 = """
from collections import defaultdict
from typing import Annotated
from fastapi import Depends, FastAPI, Query, WebSocket, WebSocketDisconnect, WebSocketException, status
app = FastAPI()
# serve
"""
add("13", LESSON_13, {
    "name": "shout",
    "solution": (
        '@app.websocket("/shout")\nasync def shout(websocket: WebSocket):\n    await websocket.accept()\n    try:\n'
        "        while True:\n            text = await websocket.receive_text()\n            await websocket.send_text(text.upper())\n"
        '            if text == "bye":\n                await websocket.close()\n                return\n'
        "    except WebSocketDisconnect:\n        pass\n"
    ),
    "right": {
        "break, another name": [("async def shout", "async def loud"), ("                return\n", "                break\n")],
        "iter_text": [("        while True:\n            text = await websocket.receive_text()\n", "        async for text in websocket.iter_text():\n")],
    },
    "wrong": {
        "placeholder": ([("text.upper()", "text"), ('            if text == "bye":\n                await websocket.close()\n                return\n', "")], "'hello' gets 'hello', expected 'HELLO'"),
        "close without return": ([("                await websocket.close()\n                return\n", "                await websocket.close()\n")], "went on to receive: `return` right after closing"),
        "never closes": ([("                await websocket.close()\n                return\n", "                pass\n")], "after 'bye' the connection is still open"),
        "another close code": ([("websocket.close()", "websocket.close(code=1001)")], "closed with code 1001, expected 1000"),
        "no WebSocketDisconnect": ([("    except WebSocketDisconnect:\n        pass\n", "    finally:\n        pass\n")], "when a client leaves without 'bye', the handler raised"),
    },
}, {
    "name": "scores",
    "solution": (
        'def get_score_token(token: Annotated[str | None, Query()] = None) -> str | None:\n    if token != "let-me-in":\n'
        '        raise WebSocketException(code=status.WS_1008_POLICY_VIOLATION, reason="Invalid token")\n    return token\n\n'
        '@app.websocket("/scores")\nasync def scores(websocket: WebSocket, token: Annotated[str | None, Depends(get_score_token)]):\n'
        "    await websocket.accept()\n    totals: dict[str, int] = {}\n    try:\n        while True:\n"
        "            message = await websocket.receive_json()\n            player = message[\"player\"]\n"
        "            totals[player] = totals.get(player, 0) + message[\"points\"]\n"
        '            await websocket.send_json({"player": player, "total": totals[player]})\n'
        "    except WebSocketDisconnect:\n        pass\n"
    ),
    "right": {
        "close before accept, defaultdict": [
            ('async def scores(websocket: WebSocket, token: Annotated[str | None, Depends(get_score_token)]):\n    await websocket.accept()',
             'async def scores(websocket: WebSocket, token: str | None = None):\n    if token != "let-me-in":\n        await websocket.close(code=1008)\n        return\n    await websocket.accept()'),
            ("totals: dict[str, int] = {}", "totals = defaultdict(int)"), ("totals.get(player, 0)", "totals[player]"),
        ],
        "another name": [("async def scores", "async def scoreboard")],
    },
    "wrong": {
        "placeholder": ([('    if token != "let-me-in":\n        raise WebSocketException(code=status.WS_1008_POLICY_VIOLATION, reason="Invalid token")\n', ""), ("totals.get(player, 0) + ", "")], "a connection with no token was accepted"),
        "shared totals": ([("    totals: dict[str, int] = {}\n", ""), ('@app.websocket("/scores")', 'totals = {}\n\n@app.websocket("/scores")')], "a new connection"),
        "refused after accepting": ([('    if token != "let-me-in":\n        raise WebSocketException(code=status.WS_1008_POLICY_VIOLATION, reason="Invalid token")\n', ""),
                                     ("    await websocket.accept()\n", '    await websocket.accept()\n    if token != "let-me-in":\n        await websocket.close(code=1008)\n        return\n')], "a connection with no token was accepted"),
        "points replace the total": ([("totals.get(player, 0) + ", "")], 'gets {"player": "ada", "total": 2}, expected {"player": "ada", "total": 5}'),
    },
})

# ---------------------------------------------------------------- lesson 14
LESSON_14 = """
import tempfile
from pathlib import Path
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from fastapi.staticfiles import StaticFiles
site_folder = tempfile.TemporaryDirectory()
root = Path(site_folder.name)
app = FastAPI()
# serve
"""
add("14", LESSON_14, {
    "name": "assets",
    "solution": (
        'assets = root / "assets"\nassets.mkdir(exist_ok=True)\n(assets / "hello.txt").write_text("Hello, static world!")\n'
        '(assets / "course.json").write_text(\'{"course": "FastAPI, live"}\')\n\n'
        'app.mount("/assets", StaticFiles(directory=assets), name="assets")\n'
    ),
    "right": {
        "a str directory, another name": [("StaticFiles(directory=assets), name=\"assets\"", "StaticFiles(directory=str(assets)), name=\"files\"")],
        "json.dumps": [("write_text('{\"course\": \"FastAPI, live\"}')", "write_text(__import__('json').dumps({'course': 'FastAPI, live'}))")],
    },
    "wrong": {
        "placeholder": ([('write_text("Hello, static world!")', 'write_text("...")'), ("(assets / \"course.json\").write_text('{\"course\": \"FastAPI, live\"}')\n", ""), ('app.mount("/assets", StaticFiles(directory=assets), name="assets")\n', "")],
                        "GET /assets/hello.txt answers 404, expected 200"),
        "a route": ([('app.mount("/assets", StaticFiles(directory=assets), name="assets")\n', '@app.get("/assets/{name}", response_class=PlainTextResponse)\ndef asset(name: str):\n    return (assets / name).read_text()\n')], "it has no etag header"),
        "no course.json": ([("(assets / \"course.json\").write_text('{\"course\": \"FastAPI, live\"}')\n", "")], "GET /assets/course.json answers 404, expected 200"),
        "another text": ([('"Hello, static world!"', '"Hello, static world"')], "hello.txt holds 'Hello, static world'"),
    },
}, {
    "name": "shop",
    "solution": (
        'shop = root / "shop"\nshop.mkdir(exist_ok=True)\n(shop / "index.html").write_text("<!doctype html><h1>Shop</h1>")\n'
        '(shop / "404.html").write_text("<!doctype html><h1>Page not found</h1>")\n\n'
        'app.mount("/shop", StaticFiles(directory=shop, html=True), name="shop")\n'
    ),
    "right": {
        "another 404 page, another name": [("<h1>Page not found</h1>", "<p>Sorry! Page not found.</p>"), ('name="shop"', 'name="site"')],
        "a str directory": [("directory=shop,", "directory=str(shop),")],
    },
    "wrong": {
        "placeholder": ([('(shop / "404.html").write_text("<!doctype html><h1>Page not found</h1>")\n', ""), (", html=True", "")], "GET /shop/ answers 404, expected 200"),
        "no 404.html": ([('(shop / "404.html").write_text("<!doctype html><h1>Page not found</h1>")\n', "")], "expected the HTML page with 'Page not found'"),
        "no html=True": ([(", html=True", "")], "GET /shop/ answers 404, expected 200"),
        "404 page as text": ([('(shop / "404.html").write_text("<!doctype html><h1>Page not found</h1>")\n', ""), ('app.mount("/shop"', '@app.exception_handler(404)\nasync def text_404(request, error):\n    return PlainTextResponse("Page not found", status_code=404)\n\napp.mount("/shop"')],
                             "answers text/plain"),
    },
})

# ---------------------------------------------------------------- lesson 15
LESSON_15 = """
from functools import lru_cache
from typing import Annotated
from fastapi import Depends, FastAPI, Request
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
app = FastAPI()
# serve
"""
add("15", LESSON_15, {
    "name": "page_size",
    "solution": (
        'class ShopSettings(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix="SHOP_")\n\n    page_size: int = 10\n\n'
        "def get_shop_settings() -> ShopSettings:\n    return ShopSettings()\n\n"
        '@app.get("/page-size")\ndef page_size(settings: Annotated[ShopSettings, Depends(get_shop_settings)]):\n'
        '    return {"page_size": settings.page_size}\n'
    ),
    "right": {
        "@lru_cache": [("def get_shop_settings", "@lru_cache\ndef get_shop_settings")],
        "Field, lower-case prefix, async def": [ASYNC, ("page_size: int = 10", "page_size: int = Field(default=10)"), ('"SHOP_"', '"shop_"')],
    },
    "wrong": {
        "placeholder": ([('env_prefix="SHOP_"', ""), ("    page_size: int = 10\n", ""), ("settings.page_size}", "None}")], 'the body is {"page_size": null}, expected {"page_size": 10}'),
        "no prefix": ([('env_prefix="SHOP_"', "")], "with SHOP_PAGE_SIZE=25 the body is {'page_size': 10}: is the prefix SHOP_"),
        "text": ([("page_size: int = 10", 'page_size: str = "10"')], '"10" is text where a whole number is expected'),
        "read once": ([("def get_shop_settings() -> ShopSettings:\n    return ShopSettings()", "SETTINGS = ShopSettings()\n\ndef get_shop_settings() -> ShopSettings:\n    return SETTINGS")], "with SHOP_PAGE_SIZE=25 the body is {'page_size': 10}"),
    },
}, {
    "name": "whoami",
    "solution": '@app.get("/whoami")\ndef whoami(request: Request):\n    return {"client": request.client.host, "scheme": request.url.scheme}\n',
    "right": {
        "async def, another name": [("def whoami", "async def who_is_calling")],
        "the scope": [('request.client.host', 'request.scope["client"][0]'), ("request.url.scheme", 'request.scope["scheme"]')],
    },
    "wrong": {
        "placeholder": ([("request.client.host", "None"), ("request.url.scheme", "None")], '{"client": null, "scheme": null}'),
        "reads X-Forwarded-For itself": ([("request.client.host", 'request.headers.get("x-forwarded-for", request.client.host).split(",")[0].strip()')], "only the last address comes from a trusted proxy"),
        "the whole header": ([("request.client.host", 'request.headers.get("x-forwarded-for", request.client.host)')], '"client":"203.0.113.7, 10.0.0.1"'),
        "https always": ([("request.url.scheme", '"https"')], '{"client": "198.51.100.24", "scheme": "https"}, expected'),
    },
})

# ---------------------------------------------------------------- lesson 16
LESSON_16 = """
import itertools
from typing import Annotated
from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from pydantic import BaseModel, ConfigDict
from sqlalchemy import ForeignKey, String, create_engine, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
import tempfile

folder = tempfile.TemporaryDirectory()  # one connection per thread, as with the lessons' files
engine = create_engine(f"sqlite:///{folder.name}/db.sqlite", connect_args={"check_same_thread": False})

class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    password: Mapped[str]

class Todo(Base):
    __tablename__ = "todos"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    done: Mapped[bool] = mapped_column(default=False)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)

Base.metadata.create_all(engine)

def get_session():
    with Session(engine) as session:
        yield session

SessionDep = Annotated[Session, Depends(get_session)]
app = FastAPI()
# serve
class Account(BaseModel):
    username: str
    password: str

class TodoIn(BaseModel):
    title: str | None = None
    done: bool | None = None

class TodoOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    title: str
    done: bool

@app.post("/users", status_code=201)
def register(account: Account, session: SessionDep):
    session.add(User(username=account.username, password=account.password))
    session.commit()
    return {"username": account.username}

@app.post("/token")
def login(form: Annotated[OAuth2PasswordRequestForm, Depends()], session: SessionDep):
    user = session.scalar(select(User).where(User.username == form.username))
    if user is None or user.password != form.password:
        raise HTTPException(401, "Incorrect username or password")
    return {"access_token": user.username, "token_type": "bearer"}

def get_current_user(token: Annotated[str, Depends(OAuth2PasswordBearer(tokenUrl="token"))], session: SessionDep) -> User:
    user = session.scalar(select(User).where(User.username == token))
    if user is None:
        raise HTTPException(401, "Could not validate credentials")
    return user

CurrentUser = Annotated[User, Depends(get_current_user)]

@app.post("/todos", status_code=201, response_model=TodoOut)
def create_todo(todo: TodoIn, user: CurrentUser, session: SessionDep):
    row = Todo(title=todo.title, owner_id=user.id)
    session.add(row)
    session.commit()
    return row

@app.patch("/todos/{todo_id}", response_model=TodoOut)
def update_todo(todo_id: int, change: TodoIn, user: CurrentUser, session: SessionDep):
    row = session.scalar(select(Todo).where(Todo.id == todo_id, Todo.owner_id == user.id))
    for key, value in change.model_dump(exclude_unset=True).items():
        setattr(row, key, value)
    session.commit()
    return row
"""
add("16", LESSON_16, {
    "name": "filter_todos",
    "solution": (
        '@app.get("/todos", response_model=list[TodoOut])\ndef list_todos(user: CurrentUser, session: SessionDep, done: bool | None = None):\n'
        "    query = select(Todo).where(Todo.owner_id == user.id).order_by(Todo.id)\n"
        "    if done is not None:\n        query = query.where(Todo.done == done)\n    return session.scalars(query).all()\n"
    ),
    "right": {
        "is_(), another name": [("def list_todos", "def my_todos"), ("Todo.done == done", "Todo.done.is_(done)")],
        "filtered in Python": [("    if done is not None:\n        query = query.where(Todo.done == done)\n    return session.scalars(query).all()\n",
                                "    return [t for t in session.scalars(query) if done is None or t.done == done]\n")],
    },
    "wrong": {
        "placeholder": ([("    if done is not None:\n        query = query.where(Todo.done == done)\n", "")], "/todos?done=true lists ['wash up', 'read', 'run', 'write'], expected ['read', 'write']"),
        "if done:": ([("if done is not None:", "if done:")], "/todos?done=false lists ['wash up', 'read', 'run', 'write'], expected ['wash up', 'run']"),
        "everyone's": ([("select(Todo).where(Todo.owner_id == user.id)", "select(Todo)")], "'not yours'"),
        "newest first": ([(".order_by(Todo.id)", ".order_by(Todo.id.desc())")], "/todos?done=true lists ['write', 'read']"),
    },
}, {
    "name": "todo_stats",
    "solution": (
        '@app.get("/todos/stats")\ndef todo_stats(user: CurrentUser, session: SessionDep):\n'
        "    total = session.scalar(select(func.count()).select_from(Todo).where(Todo.owner_id == user.id))\n"
        "    done = session.scalar(select(func.count()).select_from(Todo).where(Todo.owner_id == user.id, Todo.done))\n"
        '    return {"total": total, "done": done, "open": total - done}\n'
    ),
    "right": {
        "counted in Python": [("    total = session.scalar(select(func.count()).select_from(Todo).where(Todo.owner_id == user.id))\n    done = session.scalar(select(func.count()).select_from(Todo).where(Todo.owner_id == user.id, Todo.done))\n",
                               "    todos = session.scalars(select(Todo).where(Todo.owner_id == user.id)).all()\n    total, done = len(todos), sum(t.done for t in todos)\n")],
        "another name": [("def todo_stats", "def statistics")],
    },
    "wrong": {
        "placeholder": ([("    done = session.scalar(select(func.count()).select_from(Todo).where(Todo.owner_id == user.id, Todo.done))\n", "    done = 0\n"), ('"open": total - done', '"open": 0')], '{"total": 5, "done": 0, "open": 0}, expected {"total": 5, "done": 2, "open": 3}'),
        "everyone's done": ([("where(Todo.owner_id == user.id, Todo.done)", "where(Todo.done)")], '"done": 3'),
        "no token needed": ([("user: CurrentUser, session", "session")], "answers 500, expected 401"),
        "done as true": ([('"done": done,', '"done": bool(done),')], "is a boolean where a whole number is expected"),
    },
})


def _lesson_class(lesson: str) -> type:
    @pytest.mark.parametrize(("exercise", "source", "expected"), cases(lesson))
    def test_case(self: Any, exercise: Exercise, source: str, expected: str | None) -> None:
        judge(exercise, source, expected)

    return type(f"TestLesson{lesson}", (), {"test_case": test_case})


for _lesson in sorted({exercise.lesson for exercise in EXERCISES}):
    globals()[f"TestLesson{_lesson}"] = _lesson_class(_lesson)


def test_every_checker_has_enough_cases() -> None:
    from helpers.progress import EXERCISES as REGISTERED
    from helpers.progress import progress

    progress()  # imports every lesson's checkers
    tested = {(exercise.lesson, exercise.name) for exercise in EXERCISES}
    assert tested == {(lesson, name) for lesson, names in REGISTERED.items() for name in names}
    for exercise in EXERCISES:
        assert len(exercise.right) >= 2 and len(exercise.wrong) >= 3, exercise.name


def exercise_named(name: str) -> Exercise:
    return next(exercise for exercise in EXERCISES if exercise.name == name)


class TestNoTrace:
    """A checker leaves no data of its own in the learner's app, whether the check passes or not."""

    @pytest.mark.parametrize("case", ["worked solution", "hard-coded", "placeholder"])
    @pytest.mark.parametrize("name", ["count_users", "taken_email"])
    def test_lesson_08_keeps_the_table_and_the_recorded_sql(self, name: str, case: str) -> None:
        exercise = exercise_named(name)
        source = exercise.solution if case == "worked solution" else edited(exercise.solution, exercise.wrong.get(case, ([], ""))[0])
        with lesson_running(exercise, source) as lesson:
            client, statements = lesson.server.client, lesson.namespace["statements"]
            checker_of(exercise)(lesson.server)
            assert statements == [], "the checker's SQL would show in print_sql()"
            assert [user["name"] for user in client.get("/users").json()] == ["ada", "grace"]
            new = client.post("/users", json={"email": "alan@example.com", "name": "Alan"}).json()
            assert new["id"] == 3, "the ids the checker used are free again"

    @pytest.mark.parametrize("case", ["worked solution", "placeholder"])
    def test_lesson_09_removes_its_user(self, case: str) -> None:
        exercise = exercise_named("sign_up")
        source = exercise.solution if case == "worked solution" else edited(exercise.solution, exercise.wrong[case][0])
        with lesson_running(exercise, source) as lesson:
            checker_of(exercise)(lesson.server)
            assert sorted(lesson.namespace["users"]) == ["alice", "bob"]

    @pytest.mark.parametrize("name", ["filter_todos", "todo_stats"])
    def test_lesson_16_removes_its_users_and_their_todos(self, name: str) -> None:
        exercise = exercise_named(name)
        with lesson_running(exercise, exercise.solution) as lesson:
            client = lesson.server.client
            assert client.post("/users", json={"username": "ada", "password": "pw"}).status_code == 201
            ada = {"Authorization": "Bearer ada"}
            assert client.post("/todos", json={"title": "mine"}, headers=ada).status_code == 201
            assert repr(checker_of(exercise)(lesson.server)).startswith("✅")
            with lesson.namespace["Session"](lesson.namespace["engine"]) as session:
                tables = {table: session.scalar(text(f"SELECT count(*) FROM {table}")) for table in ("users", "todos")}
            assert tables == {"users": 1, "todos": 1}

    def test_lesson_15_does_not_leave_its_settings_cached(self) -> None:
        exercise = exercise_named("page_size")
        with lesson_running(exercise, edited(exercise.solution, exercise.right["@lru_cache"])) as lesson:
            assert repr(checker_of(exercise)(lesson.server)).startswith("✅")
            assert lesson.server.client.get("/page-size").json() == {"page_size": 10}

    @pytest.mark.parametrize(("name", "data"), [("receipts", "RECEIPTS"), ("reports", "REPORTS")])
    @pytest.mark.parametrize("case", ["worked solution", "placeholder"])
    def test_lesson_12_takes_its_orders_and_reports_out(self, name: str, data: str, case: str) -> None:
        exercise = exercise_named(name)
        source = exercise.solution if case == "worked solution" else edited(exercise.solution, exercise.wrong[case][0])
        with lesson_running(exercise, source) as lesson:
            lesson.server.client.post("/orders/tea" if name == "receipts" else "/reports", json=[1])
            lesson.server.logs()  # the learner's own task has finished
            before = repr(lesson.namespace[data])
            checker_of(exercise)(lesson.server)
            assert repr(lesson.namespace[data]) == before
