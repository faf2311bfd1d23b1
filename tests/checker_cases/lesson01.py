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
        "the example's name in the path": ([('"/greet/{name}")\ndef greet(name: str):', '"/greet/Ada")\ndef greet(name: str = "Ada"):')], "GET /greet/Grace answers 404, expected 200"),
    },
}, {
    "name": "square",
    "solution": '@app.get("/square/{number}")\ndef square(number: int):\n    return {"number": number, "square": number * number}\n',
    "right": {
        "pow(), another name": [("def square", "def squared"), ("number * number", "pow(number, 2)")],
        "async def, **": [ASYNC, ("number * number", "number ** 2")],
        "Annotated Path": [("number: int", "number: Annotated[int, Path()]")],
        "older = Path(...)": [("number: int", "number: int = Path(...)")],
    },
    "wrong": {
        "no negative numbers": ([("number: int", "number: Annotated[int, Path(ge=0)]")], "GET /square/-3 answers 422, expected 200"),
        "the number made positive": ([('"number": number,', '"number": abs(number),')], '"number": 3'),
        "placeholder (the empty cell)": ([('@app.get("/square/{number}")\ndef square(number: int):\n    return {"number": number, "square": number * number}\n', "# ✏️ Write GET /square/{number} here: the decorator, then the function.\n")], "GET /square/7 answers 404, expected 200"),
        "no annotation": ([("number: int", "number")], "GET /square/7 answers 500, expected 200. Your code raised TypeError"),
        "float": ([("number: int", "number: float")], '7.0 is a decimal number where a whole number is expected'),
        "int() by hand": ([("number: int", "number: str"), ('{"number": number, "square": number * number}', '{"number": int(number), "square": int(number) ** 2}')], "answers 500, expected 422. Your code raised ValueError: invalid literal for int()"),
        "square as text": ([('"square": number * number', '"square": str(number * number)')], '"49" is text where a whole number is expected'),
        "any number, int | float": ([("number: int", "number: int | float")], "GET /square/2.5 answers 200, expected 422"),
    },
})

ROUTES_01 = """
import asyncio
import time
from fastapi import FastAPI, status
from fastapi.concurrency import run_in_threadpool
app = FastAPI()

@app.get("/blocking")
async def blocking():
    time.sleep(1)
    return {"slept": 1}

@app.get("/threaded")
def threaded():
    time.sleep(1)
    return {"slept": 1}

@app.get("/fast")
async def fast():
    return {"fast": True}
# serve
"""

PREDICTED_WAITS = """predictions = {
    "GET /fast while GET /blocking runs": 1,
    "GET /fast while GET /threaded runs": 0,
    "GET /threaded while GET /threaded runs": 1,
    "GET /blocking while GET /blocking runs": 2,
}
"""

WEATHER = '''def fetch_forecast(city):
    time.sleep(1)  # the library waits for the weather service
    return {"city": city, "forecast": {"Oslo": "snow", "Lima": "sunny"}.get(city, "unknown")}


@app.get("/weather/{city}")
async def weather(city: str):
    return await asyncio.to_thread(fetch_forecast, city)
'''

add("01", ROUTES_01, {
    "name": "predict_waits",
    "arguments": ("predictions",),
    "solution": PREDICTED_WAITS,
    "right": {
        "as decimals and text": [('runs": 1,\n    "GET /fast while GET /threaded', 'runs": 1.0,\n    "GET /fast while GET /threaded'),
                                 ('threaded runs": 0,', 'threaded runs": "0 s",')],
        "as text": [('blocking runs": 2,', 'blocking runs": "2",')],
        "in milliseconds, as text": [('blocking runs": 2,', 'blocking runs": "2000 ms",')],
        "as text with a unit and a tilde": [('blocking runs": 2,', 'blocking runs": "~2s",'), ('"GET /fast while GET /blocking runs": 1', '"GET /fast while GET /blocking runs": "about 1 s"')],
    },
    "wrong": {
        "placeholder": ([(": 1,", ": ...,"), (": 0,", ": ...,"), (": 2,", ": ...,")], "write down your predictions first (replace each ... with what you expect)"),
        "async def never waits": ([('"GET /fast while GET /blocking runs": 1', '"GET /fast while GET /blocking runs": 0')], "GET /fast while GET /blocking runs: you predicted 0, it takes about 1 s"),
        "a def route holds the loop too": ([('"GET /fast while GET /threaded runs": 0', '"GET /fast while GET /threaded runs": 1')], "GET /fast while GET /threaded runs: you predicted 1, it takes about 0 s"),
        "threads queue up": ([('"GET /threaded while GET /threaded runs": 1', '"GET /threaded while GET /threaded runs": 2')], "GET /threaded while GET /threaded runs: you predicted 2, it takes about 1 s"),
        "blocking side by side": ([('"GET /blocking while GET /blocking runs": 2', '"GET /blocking while GET /blocking runs": 1')], "GET /blocking while GET /blocking runs: you predicted 1, it takes about 2 s"),
        "nothing waits (all async)": ([(": 1,", ": 0,"), (": 2,", ": 0,")], "3 of 4 predictions were off"),
        "milliseconds": ([('"GET /fast while GET /blocking runs": 1', '"GET /fast while GET /blocking runs": 1000')], "you predicted 1000, it takes about 1 s"),
        "words": ([('blocking runs": 1,', 'blocking runs": "a while",')], "write a number of seconds (0, 1 or 2) for GET /fast while GET /blocking runs"),
        "a line removed": ([('    "GET /fast while GET /threaded runs": 0,\n', "")], "no prediction for GET /fast while GET /threaded runs"),
    },
}, {
    "name": "weather",
    "solution": WEATHER,
    "right": {
        "a plain def": [("async def weather", "def weather"), ("return await asyncio.to_thread(fetch_forecast, city)", "return fetch_forecast(city)")],
        "run_in_threadpool": [("await asyncio.to_thread(fetch_forecast, city)", "await run_in_threadpool(fetch_forecast, city)")],
        "await asyncio.sleep in an async library": [
            ("def fetch_forecast(city):\n    time.sleep(1)", "async def fetch_forecast(city):\n    await asyncio.sleep(1)"),
            ("await asyncio.to_thread(fetch_forecast, city)", "await fetch_forecast(city)"),
        ],
        "anyio's thread": [("return await asyncio.to_thread(fetch_forecast, city)", "import anyio\n    return await anyio.to_thread.run_sync(fetch_forecast, city)")],
        "a def route that calls a def helper": [("async def weather", "def weather"), ("return await asyncio.to_thread(fetch_forecast, city)", "return dict(fetch_forecast(city))")],
        "the event loop's executor, another name": [
            ("return await asyncio.to_thread(fetch_forecast, city)", "return await asyncio.get_running_loop().run_in_executor(None, fetch_forecast, city)"),
            ("async def weather(city: str)", "async def forecast(city: str)"),
        ],
    },
    "wrong": {
        "placeholder (the bug)": ([("return await asyncio.to_thread(fetch_forecast, city)", "return fetch_forecast(city)")], "GET /weather/Oslo held the server's event loop: every other request waited for it"),
        "a time limit too short": ([("await asyncio.to_thread(fetch_forecast, city)", "await asyncio.wait_for(asyncio.to_thread(fetch_forecast, city), 0.5)")], "GET /weather/Oslo answers 500"),
        "a yield first, then blocking": ([("return await asyncio.to_thread(fetch_forecast, city)", "await asyncio.sleep(0)\n    return fetch_forecast(city)")], "held the server's event loop"),
        "called before the thread": ([("await asyncio.to_thread(fetch_forecast, city)", "await run_in_threadpool(lambda: None) or fetch_forecast(city)")], "held the server's event loop"),
        "the executor's future not awaited": ([("return await asyncio.to_thread(fetch_forecast, city)", "return asyncio.get_running_loop().run_in_executor(None, fetch_forecast, city)")], "GET /weather/Oslo answers 500"),
        "the work left running, an answer at once": ([("return await asyncio.to_thread(fetch_forecast, city)", 'asyncio.ensure_future(asyncio.to_thread(fetch_forecast, city))\n    return {"city": city, "forecast": "unknown"}')], '"forecast": "unknown"}, expected {"city": "Oslo", "forecast": "snow"}'),
        "blocking in a threadpool-free helper awaited": ([("def fetch_forecast(city):\n    time.sleep(1)", "async def fetch_forecast(city):\n    time.sleep(1)"), ("await asyncio.to_thread(fetch_forecast, city)", "await fetch_forecast(city)")], "held the server's event loop"),
        "hard-coded forecast": ([("return await asyncio.to_thread(fetch_forecast, city)", 'await asyncio.sleep(1)\n    return {"city": city, "forecast": "sunny"}')], '"forecast": "sunny"}, expected {"city": "Oslo", "forecast": "snow"}'),
        "only the city tried, looked up by hand": ([("return await asyncio.to_thread(fetch_forecast, city)", 'await asyncio.sleep(1)\n    return {"city": city, "forecast": {"Oslo": "snow"}[city]}')],
                                                   "GET /weather/Lima answers 500, expected 200"),
        "hard-coded snow": ([("return await asyncio.to_thread(fetch_forecast, city)", 'await asyncio.sleep(1)\n    return {"city": city, "forecast": "snow"}')],
                            '"forecast": "snow"}, expected {"city": "Lima", "forecast": "sunny"}'),
        "fixed only for the city tried": ([("return await asyncio.to_thread(fetch_forecast, city)", 'if city == "Oslo":\n        return await asyncio.to_thread(fetch_forecast, city)\n    return fetch_forecast(city)')],
                                          "GET /weather/Lima held the server's event loop"),
        "the forecasts copied into the route": ([("return await asyncio.to_thread(fetch_forecast, city)", 'await asyncio.sleep(1)\n    return {"city": city, "forecast": {"Oslo": "snow", "Lima": "sunny"}[city]}')],
                                               "GET /weather/Cairo answers 500, expected 200"),
        "the forecasts copied, without the library's default": ([("return await asyncio.to_thread(fetch_forecast, city)", 'await asyncio.sleep(1)\n    return {"city": city, "forecast": {"Oslo": "snow", "Lima": "sunny"}.get(city)}')],
                                                                '"forecast": null}, expected {"city": "Cairo", "forecast": "unknown"}'),
        "the library's wait removed": ([("    time.sleep(1)  # the library waits for the weather service\n", "")],
                                       "before the library's 1 s wait could end: leave `fetch_forecast` as it is"),
    },
})
