"""Checkers for lesson 03, Query parameters."""


from helpers.checks import Report, exercise
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer


@checker
def greetings(server: LiveServer) -> Report:
    """GET /greetings/ greets every repeated `name` in the query, in order."""
    nudge = (
        "A repeated key arrives as a list only when the parameter is declared as a list that "
        "comes from the query, as the `/tagged/` route above does; then build one greeting per "
        "name, and an empty list when there is none."
    )
    hint = (
        "Declare `name: Annotated[list[str] | None, Query()] = None` (without Query() FastAPI "
        'looks for the list in a body), then return one f"Hello, {...}!" per name, looping '
        "over `name or []`."
    )
    with exercise("greetings", server, nudge=nudge, hint=hint) as check:
        # (names, greetings, a line for the status, a line for the body): the other steps are held
        # to the same without a line, since no answer fails there that passed the lines before.
        cases = [
            (["Ada", "Grace"], ["Hello, Ada!", "Hello, Grace!"], True, True),
            (["Linus"], ["Hello, Linus!"], False, False),
            (["Margaret", "Alan", "Barbara"], ["Hello, Margaret!", "Hello, Alan!", "Hello, Barbara!"], False, True),
            ([], [], True, True),
        ]
        for names, expected, status_line, body_line in cases:
            response = check.call(server, "GET", "/greetings/", params={"name": names} if names else None)
            check.status(response, 200, line=status_line)
            check.json(response, {"greetings": expected}, line=body_line)
    return check.report


@checker
def predict_query(server: LiveServer, predicted: object) -> Report:
    """The learner's predicted status codes for five requests to the lesson's routes."""
    requests: dict[str, dict[str, object]] = {
        "GET /products/foo?short=Yes": {},
        "GET /products/foo?short=2": {},
        "GET /items/foo?skip=1": {},
        "GET /items/?colour=red": {},
        "GET /items/?q=fish+chips": {},
    }
    nudge = (
        "For each request, find the route its path picks, then go through that function's "
        "parameters one by one: is each present or does it have a default, and does its text "
        "fit its type and rules? A pair that no parameter declares plays no part."
    )
    hint = (
        "A bool takes true/false, 1/0, yes/no, on/off in any case, and nothing else; a parameter "
        "with no default is required; an undeclared pair is ignored; in a query string `+` is a "
        "space, and the pattern of `q` allows letters only."
    )
    with exercise("predict_query", server, nudge=nudge, hint=hint) as check:
        check.predictions(server, predicted, requests)
    return check.report


@checker
def numbers(server: LiveServer) -> Report:
    """GET /numbers/ lists `count` numbers from `start`, reversed on request; count is 1..20."""
    nudge = (
        "Each setting is a query parameter with a default; the limits on `count` belong in its "
        "type (as `limit` got them above), so FastAPI answers the 422; `range` builds the numbers."
    )
    hint = (
        "Declare `start: int = 0`, `count: Annotated[int, Query(ge=1, le=20)] = 5` and "
        "`reverse: bool = False`, then build list(range(start, start + count)) and reverse it "
        "when asked."
    )
    with exercise("numbers", server, nudge=nudge, hint=hint) as check:
        # (query, numbers, a line for the status, a line for the body): the other steps are held
        # to the same without a line, since no answer fails there that passed the lines before.
        cases = [
            ({}, [0, 1, 2, 3, 4], True, True),
            ({"start": 10, "count": 3}, [10, 11, 12], False, True),
            ({"start": 4, "count": 1}, [4], True, False),
            ({"count": 3, "reverse": "yes"}, [2, 1, 0], True, True),
            ({"start": -2, "count": 4, "reverse": "false"}, [-2, -1, 0, 1], True, True),
            ({"start": 7, "count": 20, "reverse": "1"}, list(range(26, 6, -1)), True, False),
        ]
        for params, expected, status_line, body_line in cases:
            response = check.call(server, "GET", "/numbers/", params=params)
            check.status(response, 200, line=status_line)
            check.json(response, {"numbers": expected}, line=body_line)
        for count in (0, 21):
            response = check.call(server, "GET", "/numbers/", params={"count": count})
            check.status(response, 422)
    return check.report


