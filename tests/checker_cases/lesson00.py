"""Answers a learner could write to lesson 00's exercises (see tests/test_checker_cases.py)."""

from checker_cases import ASYNC, add  # noqa: F401

add("00", "from fastapi import FastAPI\nfrom fastapi.responses import JSONResponse\napp = FastAPI()\n# serve\n", {
    "name": "ping",
    "solution": '@app.get("/ping")\ndef ping():\n    return {"ping": "pong"}\n',
    "right": {
        "a response model": [('@app.get("/ping")', 'from pydantic import BaseModel\n\n\nclass Pong(BaseModel):\n    ping: str\n\n\n@app.get("/ping", response_model=Pong)')],
        "async def": [ASYNC],
        "another name, dict()": [("def ping", "def answer"), ('{"ping": "pong"}', 'dict(ping="pong")')],
        "JSONResponse": [('{"ping": "pong"}', 'JSONResponse({"ping": "pong"})')],
    },
    "wrong": {
        "a trailing slash": ([('"/ping"', '"/ping/"')], "answers 307, expected 200"),
        "Pong in capitals": ([('"pong"}', '"Pong"}')], 'the body is {"ping": "Pong"}, expected {"ping": "pong"}'),
        "placeholder": ([('"pong"}', '"..."}')], 'the body is {"ping": "..."}, expected {"ping": "pong"}'),
        "a string": ([('{"ping": "pong"}', '"pong"')], 'the body is "pong", expected {"ping": "pong"}'),
        "capital key": ([('{"ping"', '{"Ping"')], 'the body is {"Ping": "pong"}'),
        "POST": ([("@app.get", "@app.post")], "answers 405, expected 200"),
    },
})
