"""Checkers for lesson 14, Middleware."""

from helpers.checks import Check, Report, errors_logged, exercise
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer


@checker
def predict_trail(server: LiveServer, predicted: object) -> Report:
    """The learner's prediction of the X-Trail header (the layers a response went through, on
    its way out) for three requests."""
    requests: dict[str, dict[str, object]] = {"GET /trail": {}, "GET /trail?day=sunday": {}, "GET /nowhere": {}}
    nudge = (
        "On the way out the innermost layer handles the response first, and the middleware added "
        "last is the outermost. A middleware that answers by itself hides every layer inside it."
    )
    hint = (
        "Each answer is a list of names, such as [\"route\", \"log_visit\", ...]. log_visit was "
        "added first (innermost), sign_response last (outermost); on Sunday the layers inside "
        "closed_on_sunday never run; a 404 is made by the router, inside every middleware."
    )
    if isinstance(predicted, dict):  # a tuple of names is as good as a list
        predicted = {label: list(guess) if isinstance(guess, tuple) else guess for label, guess in predicted.items()}
    with exercise("predict_trail", server, nudge=nudge, hint=hint) as check:
        check.predictions(server, predicted, requests, answer=lambda response: response.headers.get_list("x-trail"))
    return check.report


@checker
def admin_guard(server: LiveServer) -> Report:
    """/admin paths answer 401 {"detail": "Admin key required"} unless X-Admin-Key is open-sesame,
    for a missing, wrong or non-ASCII key alike; other paths are untouched."""
    nudge = (
        "Each of the three requests crashes the middleware in its own way (`server.logs()` shows "
        "each error). A middleware sits outside the layer that turns HTTPException into an answer, "
        "a header may be missing, and the comparison must work for any bytes a client sends."
    )
    hint = (
        'Read the key with request.headers.get("x-admin-key", ""), compare '
        "key.encode() with ADMIN_KEY.encode() in secrets.compare_digest, and return "
        'JSONResponse({"detail": "Admin key required"}, status_code=401) instead of raising.'
    )
    with exercise("admin_guard", server, nudge=nudge, hint=hint) as check:
        refused = (
            ("without a key", {}),
            ("with a wrong key", {"X-Admin-Key": "open-sesame!"}),
            ("with a key in capitals", {"X-Admin-Key": "OPEN-SESAME"}),
            ("with a key that is not ASCII", {"X-Admin-Key": "clé".encode("latin-1")}),
            ("with an empty key", {"X-Admin-Key": ""}),
        )
        for shown, headers in refused:
            response = check.call(server, "GET", "/admin/stats", headers=headers)
            check.expect(
                response.status_code == 401,
                f"GET /admin/stats {shown} answers 401",
                f"GET /admin/stats {shown} answers {response.status_code}, expected 401."
                + _why(check, server, response.status_code),
            )
            check.json(response, {"detail": "Admin key required"})
        response = check.call(server, "GET", "/admin/stats", headers={"X-Admin-Key": "open-sesame"})
        check.expect(
            response.status_code == 200,
            "GET /admin/stats with the right key answers 200",
            f"GET /admin/stats with the right key answers {response.status_code}, expected 200."
            + _why(check, server, response.status_code)
            + " A request the guard lets through goes on: `return await call_next(request)`.",
        )
        check.json(response, {"products": 2})
        for path in ("/", "/products"):
            check.status(check.call(server, "GET", path), 200)
    return check.report


def _why(check: Check, server: LiveServer, status: int) -> str:
    """For a 500, the exception the server logged since the check began (`server.logs()` has
    the traceback)."""
    if status < 500:
        return ""
    errors = errors_logged(server, check.log_start)
    return f" The middleware raised {errors[-1]}." if errors else " The middleware raised: `server.logs()` shows it."
