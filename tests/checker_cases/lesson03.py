"""Answers a learner could write to lesson 03's exercises (see tests/test_checker_cases.py)."""

from checker_cases import ASYNC, add  # noqa: F401

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
