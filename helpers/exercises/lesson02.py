"""Checkers for lesson 02, Path parameters."""

from helpers.checks import Report, exercise
from helpers.progress import checker
from helpers.server import LiveServer

HEX_CODES = {"red": "#ff0000", "green": "#00ff00", "blue": "#0000ff"}


@checker
def colors(server: LiveServer) -> Report:
    """GET /colors/{color} answers the hex code of red, green and blue, and 422 for others."""
    hint = (
        "Give the enum the members green and blue, annotate the parameter as `color: Color`, "
        "and return HEX_CODES[color] as the hex."
    )
    with exercise("colors", hint, server) as check:
        for color in ("red", "green", "blue"):
            response = check.call(server, "GET", f"/colors/{color}")
            check.status(response, 200)
            check.json(response, {"color": color, "hex": HEX_CODES[color]})
        for color in ("purple", "Red"):
            response = check.call(server, "GET", f"/colors/{color}")
            check.status(response, 422)
    return check.report


@checker
def pages(server: LiveServer) -> Report:
    """GET /pages/{number} answers {"page": number} for 1..500 and 422 outside."""
    hint = "Annotate the parameter as `number: Annotated[int, Path(ge=1, le=500)]` and return it."
    with exercise("pages", hint, server) as check:
        for number in (12, 1, 500):
            response = check.call(server, "GET", f"/pages/{number}")
            check.status(response, 200)
            check.json(response, {"page": number})
        for number in ("0", "501", "twelve", "-3"):
            response = check.call(server, "GET", f"/pages/{number}")
            check.status(response, 422)
    return check.report
