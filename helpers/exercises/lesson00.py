"""Checkers for lesson 00, Welcome."""

from helpers.checks import Report, exercise
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer


@checker
def ping(server: LiveServer) -> Report:
    """GET /ping answers {"ping": "pong"}."""
    nudge = (
        "Whatever your function returns is sent back as JSON: make it return exactly the "
        "dictionary the exercise asks for, key and value, then run its cell again."
    )
    hint = (
        'Keep the decorator `@app.get("/ping")` as given, and return the dictionary '
        '{"ping": "pong"}: a dict, not the string "pong".'
    )
    with exercise("ping", server, nudge=nudge, hint=hint) as check:
        response = check.call(server, "GET", "/ping")
        check.status(response, 200)
        check.json(response, {"ping": "pong"})
    return check.report
