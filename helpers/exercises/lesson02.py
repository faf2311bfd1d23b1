"""Checkers for lesson 02, Path parameters."""

from helpers.checks import Report, exercise
from helpers.compare import same_json, show
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer

HEX_CODES = {"red": "#ff0000", "green": "#00ff00", "blue": "#0000ff"}


@checker
def predict_routes(server: LiveServer, predicted: object) -> Report:
    """The learner's predicted status codes for five requests to the lesson's routes."""
    requests: dict[str, dict[str, object]] = {
        "GET /models/AlexNet": {},
        "GET /grid/3/-4": {},
        "GET /grid/3/4.0": {},
        "GET /documents/notes/2024.txt": {},
        "GET /items/007": {},
    }
    nudge = (
        "Follow each request through the diagram above: does a route's path match it (a "
        "parameter stops at a slash)? If one does, does the text convert to the parameter's type?"
    )
    hint = (
        "A 404 means no path matched; a 422 means a path matched but the value failed. Enum values "
        "compare exactly; an int may be negative; Pydantic reads '4.0' as the whole number 4."
    )
    with exercise("predict_routes", server, nudge=nudge, hint=hint) as check:
        check.predictions(server, predicted, requests)
    return check.report


@checker
def colors(server: LiveServer) -> Report:
    """GET /colors/{color} answers the hex code of red, green and blue, and 422 for others."""
    nudge = (
        "Let the type of the parameter say which colours exist, as the models' route does above; "
        "then the function only looks the colour up."
    )
    hint = (
        "Give the enum the members green and blue, annotate the parameter as `color: Color`, "
        "and return HEX_CODES[color] as the hex."
    )
    with exercise("colors", server, nudge=nudge, hint=hint) as check:
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
    nudge = (
        "A path parameter can carry limits as well as a type, and then FastAPI answers the 422 "
        "for you: look at how the second `/items/{item_id}` route was declared."
    )
    hint = (
        'Write `@app.get("/pages/{number}")` over a function whose parameter is '
        "`number: Annotated[int, Path(ge=1, le=500)]`, returning `{\"page\": number}`."
    )
    with exercise("pages", server, nudge=nudge, hint=hint) as check:
        for number in (12, 1, 500):
            response = check.call(server, "GET", f"/pages/{number}")
            check.status(response, 200)
            if number != 500:
                check.json(response, {"page": number})
            else:  # held to the same without a line: no answer echoes 12 and 1 but not 500
                check.require(response.headers.get("content-type", "").startswith("application/json")
                              and same_json(response.json(), {"page": number}),
                              f"the body is {response.text[:200]}, expected {show({'page': number})}")
        for number in ("0", "501", "twelve", "-3"):
            response = check.call(server, "GET", f"/pages/{number}")
            check.status(response, 422)
    return check.report
