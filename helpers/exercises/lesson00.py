"""Checkers for lesson 00, Welcome."""

from helpers.checks import Report, exercise
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer


@checker
def ping(server: LiveServer) -> Report:
    """GET /ping answers {"ping": "pong"}."""
    hint = 'Return the dictionary {"ping": "pong"} from your function.'
    with exercise("ping", hint, server) as check:
        response = check.call(server, "GET", "/ping")
        check.status(response, 200)
        check.json(response, {"ping": "pong"})
    return check.report
