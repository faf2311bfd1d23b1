"""Answers a learner could write to lesson 01's exercises (see tests/test_checker_cases.py)."""

from checker_cases import ASYNC, add  # noqa: F401

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
        "placeholder (the empty cell)": ([('@app.get("/square/{number}")\ndef square(number: int):\n    return {"number": number, "square": number * number}\n', "# ✏️ Write GET /square/{number} here: the decorator, then the function.\n")], "GET /square/7 answers 404, expected 200"),
        "no annotation": ([("number: int", "number")], "GET /square/7 answers 500, expected 200. Your code raised TypeError"),
        "float": ([("number: int", "number: float")], '7.0 is a decimal number where a whole number is expected'),
        "int() by hand": ([("number: int", "number: str"), ('{"number": number, "square": number * number}', '{"number": int(number), "square": int(number) ** 2}')], "answers 500, expected 422. Your code raised ValueError: invalid literal for int()"),
        "square as text": ([('"square": number * number', '"square": str(number * number)')], '"49" is text where a whole number is expected'),
    },
})
