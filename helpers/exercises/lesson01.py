"""Checkers for lesson 01, Your first app."""

import contextlib
import contextvars
import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from helpers.checks import Check, Report, exercise, show
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer, loop_holds
from helpers.thread_server import Hold


@checker
def greeting(server: LiveServer) -> Report:
    """GET /greet/{name} answers {"message": "Hello, <name>!"} for any name."""
    nudge = (
        "The `{name}` in the path arrives as your function's argument of the same name: build "
        "the message from that argument, so that every name gets its own greeting, comma and "
        "exclamation mark included."
    )
    hint = 'Use an f-string that puts the argument between "Hello, " and "!": f"Hello, {name}!".'
    with exercise("greeting", server, nudge=nudge, hint=hint) as check:
        for name in ("Ada", "Grace"):
            response = check.call(server, "GET", f"/greet/{name}")
            check.status(response, 200)
            check.json(response, {"message": f"Hello, {name}!"})
    return check.report


@checker
def square(server: LiveServer) -> Report:
    """GET /square/{number} squares a whole number and rejects anything else with a 422."""
    nudge = (
        "Write it as you wrote the greeting: a decorator with the path, then a function. A path "
        "parameter is text until its annotation says otherwise: give it the type of a whole "
        "number, as `/items/{item_id}` does above, and FastAPI converts it and rejects what is "
        "not one; then compute the square from the argument."
    )
    hint = (
        'Decorate with `@app.get("/square/{number}")`, annotate the parameter as `number: int`, '
        'and return a dict with "number" and "square" (number * number).'
    )
    with exercise("square", server, nudge=nudge, hint=hint) as check:
        for number in (7, -3):
            response = check.call(server, "GET", f"/square/{number}")
            check.status(response, 200)
            check.json(response, {"number": number, "square": number * number})
        for text in ("seven", "2.5"):
            response = check.call(server, "GET", f"/square/{text}")
            check.status(response, 422)
    return check.report


# Exercises 3 and 4: a blocking call inside `async def` holds the event loop, and every other
# request waits. The second request of each pair starts WAIT_BEFORE_SECOND after the first.
WAIT_BEFORE_SECOND = 0.2
WAITS = {  # label: (the first request's path, the second request's path)
    "GET /fast while GET /blocking runs": ("/blocking", "/fast"),
    "GET /fast while GET /threaded runs": ("/threaded", "/fast"),
    "GET /threaded while GET /threaded runs": ("/threaded", "/threaded"),
    "GET /blocking while GET /blocking runs": ("/blocking", "/blocking"),
}


@contextlib.contextmanager
def _holds_reported() -> Iterator[list[Hold]]:
    """While a check runs, the watchdog's findings go to its report, not into the check cell."""
    holds: list[Hold] = []
    token = loop_holds.set(holds)
    try:
        yield holds
    finally:
        loop_holds.reset(token)


def _second_of_two(check: Check, server: LiveServer, first: str, second: str) -> float:
    """Send GET `first`, then, while it runs, GET `second`: how long the second took (seconds)."""
    context = contextvars.copy_context()  # the thread reports holds to the same check
    with ThreadPoolExecutor(max_workers=1) as pool:
        earlier = pool.submit(context.run, check.call, server, "GET", first)
        time.sleep(WAIT_BEFORE_SECOND)
        started = time.perf_counter()
        check.call(server, "GET", second)
        took = time.perf_counter() - started
        earlier.result()
    return took


_GUESS = re.compile(r"(?:about|around|roughly|~|≈)?\s*(\d+(?:\.\d*)?|\.\d+)\s*(ms|s|secs?|seconds?)?", re.IGNORECASE)


def _seconds(guess: object) -> float | None:
    """A predicted number of seconds: 1, 1.0 or "1", also as a learner writes it in words:
    "1 s", "about 1 s", "~2s", "2 seconds", "1000 ms"."""
    if isinstance(guess, bool):
        return None
    if isinstance(guess, int | float):
        return float(guess)
    if isinstance(guess, str) and (match := _GUESS.fullmatch(guess.strip())):
        number = float(match.group(1))
        return number / 1000 if (match.group(2) or "").lower() == "ms" else number
    return None


@checker
def predict_waits(server: LiveServer, predicted: object) -> Report:
    """The learner's predictions of how long the second of two requests takes, in whole seconds."""
    nudge = (
        "Ask of each pair: where does the first route run, on the event loop (`async def`) or in "
        "the thread pool (`def`)? Does its `time.sleep` hold the loop, so that the second request "
        "cannot even start? And does the second request sleep a second of its own?"
    )
    hint = (
        "An `async def` route that calls `time.sleep(1)` holds the loop: whatever comes next waits "
        "for it, then takes its own time. Two `def` routes sleep side by side in two threads."
    )
    with _holds_reported(), exercise("predict_waits", server, nudge=nudge, hint=hint) as check:
        check.written_down(predicted, WAITS)
        unreadable = [label for label in WAITS if _seconds(predicted[label]) is None]
        if unreadable:
            check.fail(f"write a number of seconds (0, 1 or 2) for {', '.join(unreadable)}")
        wrong = 0
        for label, (first, second) in WAITS.items():
            live = round(_second_of_two(check, server, first, second))
            guess = _seconds(predicted[label])
            right = guess == live
            wrong += not right
            check.outcome(right, f"{label}: you predicted {show(predicted[label])}, it takes about {live} s")
        if wrong:
            check.fail(f"{wrong} of {len(WAITS)} predictions were off: read the real answers above")
    return check.report


FORECASTS = {"Oslo": "snow", "Lima": "sunny"}
UNKNOWN_CITY = "Cairo"  # the library answers "unknown" for it
LIBRARY_WAIT = 1.0  # seconds fetch_forecast sleeps, as the exercise gives it


@checker
def weather(server: LiveServer) -> Report:
    """GET /weather/{city} answers the blocking library's forecast without holding the event loop."""
    nudge = (
        "The route is `async def`, so it runs on the event loop, and the library call inside it "
        "blocks: the whole server waits with it. Any of the three fixes of the section above will "
        "do: keep the library call, but not on the loop."
    )
    hint = (
        "Make the route a plain `def weather(city: str):`, or keep `async def` and write "
        "`return await asyncio.to_thread(fetch_forecast, city)` (or `await run_in_threadpool(fetch_forecast, city)`, "
        "from `fastapi.concurrency`)."
    )
    with _holds_reported() as holds, exercise("weather", server, nudge=nudge, hint=hint) as check:
        answered_in: dict[str, float] = {}  # path: how long its answer took
        for city, forecast in FORECASTS.items():
            started = time.perf_counter()
            response = check.call(server, "GET", f"/weather/{city}")
            answered_in[f"/weather/{city}"] = time.perf_counter() - started
            check.status(response, 200)
            check.json(response, {"city": city, "forecast": forecast})
        for city in FORECASTS:
            took = _second_of_two(check, server, f"/weather/{city}", "/openapi.json")
            held = [hold for hold in holds if hold.path == f"/weather/{city}"]
            waited = held or (server.watchdog is None and took > 0.5)  # no watchdog: time it
            check.expect(
                not waited,
                f"while GET /weather/{city} waits for the weather service, other requests go on",
                (f"GET /weather/{city} held the server's event loop" if held
                 else f"GET /openapi.json waited for GET /weather/{city}")
                + ": every other request waited for it",
            )
        # The same answer for any city: the library's own, "unknown" for a city it does not know.
        started = time.perf_counter()
        response = check.call(server, "GET", f"/weather/{UNKNOWN_CITY}")
        answered_in[f"/weather/{UNKNOWN_CITY}"] = time.perf_counter() - started
        check.status(response, 200, why=f"for a city the library does not know, answer what `fetch_forecast({UNKNOWN_CITY!r})` returns")
        check.json(response, {"city": UNKNOWN_CITY, "forecast": "unknown"})
        # Each answer waits for the library's one second: a route that skips the library's
        # wait has not fixed the route. Only a lower bound: nothing answers faster than its own
        # sleep, while a busy machine may make any answer slower.
        quick = [path for path, seconds in answered_in.items() if seconds < LIBRARY_WAIT * 0.9]
        check.expect(
            not quick,
            f"each answer waits for the library's {LIBRARY_WAIT:.0f} s",
            (f"GET {quick[0]} answered before the library's {LIBRARY_WAIT:.0f} s wait could end" if quick else "")
            + ": leave `fetch_forecast` as it is (it stands for the library, which you cannot change), and fix the route",
        )
    return check.report
