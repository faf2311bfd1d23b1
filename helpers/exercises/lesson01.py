"""Checkers for lesson 01, Your first app."""

from helpers.checks import Report, exercise
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer


@checker
def greeting(server: LiveServer) -> Report:
    """GET /greet/{name} answers {"message": "Hello, <name>!"} for any name."""
    hint = 'Build the message with an f-string: f"Hello, {name}!"'
    with exercise("greeting", hint, server) as check:
        for name in ("Ada", "Grace"):
            response = check.call(server, "GET", f"/greet/{name}")
            check.status(response, 200)
            check.json(response, {"message": f"Hello, {name}!"})
    return check.report


@checker
def square(server: LiveServer) -> Report:
    """GET /square/{number} squares a whole number and rejects anything else with a 422."""
    hint = "Annotate the parameter as `number: int`, then return number * number as the square."
    with exercise("square", hint, server) as check:
        for number in (7, -3):
            response = check.call(server, "GET", f"/square/{number}")
            check.status(response, 200)
            check.json(response, {"number": number, "square": number * number})
        response = check.call(server, "GET", "/square/seven")
        check.status(response, 422)
    return check.report
