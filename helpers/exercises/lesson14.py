"""Checkers for lesson 14, Middleware."""

from fastapi.testclient import TestClient

from helpers.checks import Check, Report, errors_logged, exercise, same_json
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.hostile import ROOT_PATHS, near_misses, non_ascii_near_misses
from helpers.progress import checker
from helpers.server import LiveServer

ADMIN_KEY = "open-sesame"
# A header value reaches the app without the spaces around it (HTTP trims them), so that
# near miss would be the key itself.
SENT_AS_HEADER: dict[str, str | bytes] = {label: key for label, key in near_misses(ADMIN_KEY).items() if key == key.strip()}
SENT_AS_HEADER.update(non_ascii_near_misses(ADMIN_KEY))


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
    for a missing, wrong or non-ASCII key alike, also when the app is served under a proxy
    prefix; other paths are untouched."""
    nudge = (
        "Each of the three requests crashes the middleware in its own way (`server.logs()` shows "
        "each error). A middleware sits outside the layer that turns HTTPException into an answer, "
        "a header may be missing, and the comparison must work for any bytes a client sends."
    )
    hint = (
        'Read the key with request.headers.get("x-admin-key", ""), compare '
        "key.encode() with ADMIN_KEY.encode() in secrets.compare_digest, and return "
        'JSONResponse({"detail": "Admin key required"}, status_code=401) instead of raising. '
        'Keep the first line, which takes request.scope["root_path"] off the path.'
    )
    with exercise("admin_guard", server, nudge=nudge, hint=hint) as check:
        refused = (("without a key", {}), ("with a key that is not ASCII", {"X-Admin-Key": "clé".encode("latin-1")}))
        for shown, headers in refused:
            _refused(check, server, shown, headers)
        for label, key in SENT_AS_HEADER.items():  # one line for all of them when they pass
            _refused(check, server, f"with a wrong key, {label} ({key!r})", {"X-Admin-Key": key}, report=False)
        check.note(f"GET /admin/stats with {len(SENT_AS_HEADER)} wrong keys (empty, parts of the key, "
                   "the key with more around it, in other letter case, with a non-ASCII character) answers 401")
        response = check.call(server, "GET", "/admin/stats", headers={"X-Admin-Key": ADMIN_KEY})
        check.expect(
            response.status_code == 200,
            "GET /admin/stats with the right key answers 200",
            f"GET /admin/stats with the right key answers {response.status_code}, expected 200."
            + _why(check, server, response.status_code)
            + " A request the guard lets through goes on: `return await call_next(request)`.",
        )
        try:
            passed_on = same_json(response.json(), {"products": 2})
        except ValueError:
            passed_on = False
        if not passed_on:  # the route's own answer, passed on: a line only when it is not
            check.json(response, {"products": 2})
        for path in ("/", "/products"):  # one line for both
            response = check.call(server, "GET", path)
            check.status(response, 200, line=False)
        check.note("GET / and GET /products, outside /admin, answer 200")
        # A path that only holds /admin further on is not the guard's business.
        response = check.call(server, "GET", "/help/admin")
        check.expect(
            response.status_code == 404,
            "GET /help/admin answers 404: a path that only holds /admin further on is untouched",
            f"GET /help/admin answers {response.status_code}, expected 404 (no such route): only paths that "
            "start with /admin are guarded." + _why(check, server, response.status_code),
        )
        for prefix in ROOT_PATHS:  # the last line ends with the reminder of how to compare
            _under_prefix(check, server, prefix, last=prefix == ROOT_PATHS[-1])
    return check.report


def _refused(check: Check, server: LiveServer, shown: str, headers: dict, report: bool = True) -> None:
    """GET /admin/stats with `headers` answers 401 {"detail": "Admin key required"}; `report`:
    a line for the success too."""
    response = check.call(server, "GET", "/admin/stats", headers=headers)
    failure = f"GET /admin/stats {shown} answers {response.status_code}, expected 401."
    if response.status_code != 401:
        check.fail(failure + _why(check, server, response.status_code))
    if report:
        check.note(f"GET /admin/stats {shown} answers 401")
        check.json(response, {"detail": "Admin key required"})
    else:
        try:
            body = response.json()
        except ValueError:
            body = None
        if body != {"detail": "Admin key required"}:
            check.json(response, {"detail": "Admin key required"})


def _under_prefix(check: Check, server: LiveServer, prefix: str, last: bool = False) -> None:
    """The app as a proxy serves it under `prefix` (JupyterHub, Binder): the request's ASGI scope
    carries `root_path`, and its path starts with it, as uvicorn's `--root-path` makes it."""
    where = f"under the proxy prefix {prefix} (as on JupyterHub or Binder)"
    client = TestClient(server.app, root_path=prefix, raise_server_exceptions=False)  # no `with`: no lifespan
    try:
        response = client.get(f"{prefix}/admin/stats")
        if response.status_code != 401:
            check.fail(
                f"GET /admin/stats without a key {where} answers {response.status_code}, expected 401: "
                "behind a proxy the path your middleware reads starts with the prefix, "
                '`request.scope["root_path"]`; take it off before you test the path.'
            )
        response = client.get(f"{prefix}/admin/stats", headers={"X-Admin-Key": ADMIN_KEY})
        if response.status_code != 200:
            check.fail(f"GET /admin/stats with the right key {where} answers {response.status_code}, expected 200")
        response = client.get(f"{prefix}/products")
        if response.status_code != 200:
            check.fail(f"GET /products {where} answers {response.status_code}, expected 200")
    finally:
        client.close()
    reminder = (" (no check over HTTP can see how a key is compared: keep `secrets.compare_digest`, "
                "whose time does not depend on how many characters match)") if last else ""
    check.note(f"{where}: /admin/stats answers 401 without the key and 200 with it; /products 200{reminder}")


def _why(check: Check, server: LiveServer, status: int) -> str:
    """For a 500, the exception the server logged since the check began (`server.logs()` has
    the traceback)."""
    if status < 500:
        return ""
    errors = errors_logged(server, check.log_start)
    return f" The middleware raised {errors[-1]}." if errors else " The middleware raised: `server.logs()` shows it."
