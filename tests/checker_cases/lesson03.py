"""Answers a learner could write to lesson 03's exercises (see tests/test_checker_cases.py)."""

from checker_cases import ASYNC, add  # noqa: F401

NUMBERS = (
    '@app.get("/numbers/")\ndef numbers(\n    start: int = 0,\n    count: Annotated[int, Query(ge=1, le=20)] = 5,\n'
    "    reverse: bool = False,\n):\n    result = list(range(start, start + count))\n    if reverse:\n"
    '        result.reverse()\n    return {"numbers": result}\n'
)

add("03", "from typing import Annotated, Literal\nfrom fastapi import FastAPI, Query\napp = FastAPI()\n# serve\n", {
    "name": "numbers",
    "solution": NUMBERS,
    "right": {
        "older = Query(5, ...)": [("count: Annotated[int, Query(ge=1, le=20)] = 5", "count: int = Query(5, ge=1, le=20)")],
        "async def, reversed range": [ASYNC, ("        result.reverse()", "        result = list(range(start + count - 1, start - 1, -1))")],
        "slicing, gt and lt": [("ge=1, le=20", "gt=0, lt=21"), ("        result.reverse()", "        result = result[::-1]")],
    },
    "wrong": {
        "count from 2": ([("ge=1", "ge=2")], "GET /numbers/?start=4&count=1 answers 422, expected 200"),
        "placeholder (the empty cell)": ([(NUMBERS, "# ✏️ Write GET /numbers/ here.\n")], "GET /numbers/ answers 404, expected 200"),
        "an empty list": ([("list(range(start, start + count))", "[]")], '{"numbers": []}, expected {"numbers": [0, 1, 2, 3, 4]}'),
        "no limit": ([("Annotated[int, Query(ge=1, le=20)]", "int")], "GET /numbers/?count=0 answers 200, expected 422"),
        "reverse as text": ([("reverse: bool = False", "reverse: str = ''")], 'the body is {"numbers": [1, 0, -1, -2]}, expected {"numbers": [-2, -1, 0, 1]}'),
        "no trailing slash": ([('"/numbers/"', '"/numbers"')], "The server redirects to /numbers"),
        "start forgotten": ([("list(range(start, start + count))", "list(range(count))")], 'the body is {"numbers": [0, 1, 2]}, expected {"numbers": [10, 11, 12]}'),
        "reverse as true or false only": ([("reverse: bool = False", 'reverse: Literal["true", "false"] = "false"'), ("    if reverse:\n", '    if reverse == "true":\n')],
                                          "GET /numbers/?count=3&reverse=yes answers 422, expected 200"),
        "reverse when it says true": ([("reverse: bool = False", 'reverse: str = "false"'), ("    if reverse:\n", '    if reverse == "true":\n')],
                                      'the body is {"numbers": [0, 1, 2]}, expected {"numbers": [2, 1, 0]}'),
        "no negative start": ([("start: int = 0", "start: Annotated[int, Query(ge=0)] = 0")], "GET /numbers/?start=-2&count=4&reverse=false answers 422, expected 200"),
        "count under 20 (lt=20)": ([("ge=1, le=20", "ge=1, lt=20")], "GET /numbers/?start=7&count=20&reverse=1 answers 422, expected 200"),
        "no upper limit": ([("Query(ge=1, le=20)", "Query(ge=1)")], "GET /numbers/?count=21 answers 200, expected 422"),
        "off by one": ([("start + count)", "start + count + 1)")], "expected {\"numbers\": [0, 1, 2, 3, 4]}"),
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
        "a str, not a list": ([("Annotated[list[str] | None, Query()]", "str | None"), ("for one in name or []]", "for one in [name] if name]")], 'the body is {"greetings": ["Hello, Grace!"]}, expected'),
        "first name only": ([("for one in name or []]", "for one in (name or [])[:1]]")], 'expected {"greetings": ["Hello, Ada!", "Hello, Grace!"]}'),
        "sorted": ([("for one in name or []]", "for one in sorted(name or [])]")], '"Hello, Alan!"'),
        "no trailing slash": ([('"/greetings/"', '"/greetings"')], "The server redirects to /greetings"),
        "a stranger greeted when no name": ([("for one in name or []]", 'for one in name or ["stranger"]]')], 'the body is {"greetings": ["Hello, stranger!"]}, expected {"greetings": []}'),
        "no names crashes": ([("for one in name or []]", "for one in name]")], "GET /greetings/ answers 500, expected 200. Your code raised TypeError"),
    },
})

ROUTES_03 = """
from typing import Annotated
from fastapi import FastAPI, Query, status
app = FastAPI()
FAKE_ITEMS = [{"item_name": name} for name in ("Foo", "Bar", "Baz")]

@app.get("/items/")
def read_items(
    q: Annotated[str | None, Query(min_length=2, max_length=10, pattern="^[A-Za-z]+$")] = None,
    skip: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=5)] = 3,
):
    return FAKE_ITEMS[skip : skip + limit]

@app.get("/items/{item_id}")
def read_item(item_id: str, needy: str, skip: int = 0, limit: int | None = None):
    return {"item_id": item_id, "needy": needy, "skip": skip, "limit": limit}

@app.get("/products/{product_id}")
def read_product(product_id: str, short: bool = False):
    return {"product_id": product_id}
# serve
"""

PREDICTED_03 = """predictions = {
    "GET /products/foo?short=Yes": 200,
    "GET /products/foo?short=2": 422,
    "GET /items/foo?skip=1": 422,
    "GET /items/?colour=red": 200,
    "GET /items/?q=fish+chips": 422,
}
"""

add("03", ROUTES_03, {
    "name": "predict_query",
    "arguments": ("predictions",),
    "solution": PREDICTED_03,
    "right": {
        "as text": [('"GET /products/foo?short=Yes": 200', '"GET /products/foo?short=Yes": "200"'), ('short=2": 422', 'short=2": "422"')],
        "status constants": [('"GET /items/?colour=red": 200', '"GET /items/?colour=red": status.HTTP_200_OK'),
                             ('"GET /items/foo?skip=1": 422', '"GET /items/foo?skip=1": status.HTTP_422_UNPROCESSABLE_CONTENT')],
    },
    "wrong": {
        "checked after a kernel restart, only the set-up cell run": ([("predictions = {", "from fastapi.routing import APIRoute as _R\napp.router.routes[:] = [r for r in app.router.routes if not isinstance(r, _R)]\n" "predictions = {")],
            "none of these requests reaches a route of your app: run the lesson's cells above first"),
        "placeholder": ([('short=Yes": 200', 'short=Yes": ...'), ('skip=1": 422', 'skip=1": ...')], "write down your prediction for GET /products/foo?short=Yes, GET /items/foo?skip=1 first"),
        "bool is case-sensitive": ([('short=Yes": 200', 'short=Yes": 422')], "GET /products/foo?short=Yes: you predicted 422, it answers 200"),
        "any number is true": ([('short=2": 422', 'short=2": 200')], "GET /products/foo?short=2: you predicted 200, it answers 422"),
        "needy is optional": ([('skip=1": 422', 'skip=1": 200')], "GET /items/foo?skip=1: you predicted 200, it answers 422"),
        "an unknown pair is an error": ([('colour=red": 200', 'colour=red": 422')], "GET /items/?colour=red: you predicted 422, it answers 200"),
        "+ is a letter": ([('chips": 422', 'chips": 200')], "GET /items/?q=fish+chips: you predicted 200, it answers 422"),
        "a line removed": ([('    "GET /items/?colour=red": 200,\n', "")], "no prediction for GET /items/?colour=red"),
    },
})
