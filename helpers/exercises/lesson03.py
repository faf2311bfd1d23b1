"""Checkers for lesson 03, Query parameters."""

from helpers.checks import Report, exercise
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer


@checker
def numbers(server: LiveServer) -> Report:
    """GET /numbers/ lists `count` numbers from `start`, reversed on request; count is 1..20."""
    hint = (
        "Declare `count: Annotated[int, Query(ge=1, le=20)] = 5` and `reverse: bool = False`, "
        "then build list(range(start, start + count)) and reverse it when asked."
    )
    with exercise("numbers", hint, server) as check:
        cases = [
            ({}, [0, 1, 2, 3, 4]),
            ({"start": 10, "count": 3}, [10, 11, 12]),
            ({"count": 3, "reverse": "yes"}, [2, 1, 0]),
            ({"start": -2, "count": 4, "reverse": "false"}, [-2, -1, 0, 1]),
            ({"start": 7, "count": 20, "reverse": "1"}, list(range(26, 6, -1))),
        ]
        for params, expected in cases:
            response = check.call(server, "GET", "/numbers/", params=params)
            check.status(response, 200)
            check.json(response, {"numbers": expected})
        for count in (0, 21):
            response = check.call(server, "GET", "/numbers/", params={"count": count})
            check.status(response, 422)
    return check.report


@checker
def greetings(server: LiveServer) -> Report:
    """GET /greetings/ greets every repeated `name` in the query, in order."""
    hint = (
        "Declare `name: Annotated[list[str] | None, Query()] = None` (without Query() FastAPI "
        "looks for the list in a body), then build one greeting per name."
    )
    with exercise("greetings", hint, server) as check:
        cases = [
            (["Ada", "Grace"], ["Hello, Ada!", "Hello, Grace!"]),
            (["Linus"], ["Hello, Linus!"]),
            (["Margaret", "Alan", "Barbara"], ["Hello, Margaret!", "Hello, Alan!", "Hello, Barbara!"]),
            ([], []),
        ]
        for names, expected in cases:
            response = check.call(server, "GET", "/greetings/", params={"name": names} if names else None)
            check.status(response, 200)
            check.json(response, {"greetings": expected})
    return check.report
