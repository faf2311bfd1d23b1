"""Checkers for lesson 01, Your first app."""

from helpers.checks import Report, exercise
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer


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
