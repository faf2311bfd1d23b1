"""Checkers for lesson 15, CORS."""

from helpers.checks import Check, Report, exercise
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.hostile import HOSTILE_ORIGINS
from helpers.progress import checker
from helpers.server import LiveServer

FRONT_ENDS = ("https://shop.example", "http://localhost:5173")


def _asking(origin: str, method: str, headers: str = "") -> dict[str, object]:
    """The options of the preflight a browser sends from `origin` before a `method` request."""
    sent = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers:
        sent["Access-Control-Request-Headers"] = headers
    return {"headers": sent}


@checker
def predict_preflights(server: LiveServer, predicted: object) -> Report:
    """The learner's predicted status (200 or 400) of six preflights to the lesson's CORS settings."""
    app = "https://app.example.com"
    requests = {
        "OPTIONS /products": _asking(app, "POST", "content-type"),
        "OPTIONS /products/7": _asking(app, "DELETE"),
        "OPTIONS /cart": _asking("http://app.example.com", "POST", "content-type"),
        "OPTIONS /search": _asking("https://www.app.example.com", "GET", "content-type"),
        "OPTIONS /orders": _asking(app, "POST", "content-type, authorization"),
        "OPTIONS /like": _asking(app, "POST", "content-type, accept-language"),
    }
    nudge = (
        "Compare each preflight with the three lists of the settings: is the origin in the list "
        "exactly as written, is the method, is every header? One miss is enough for a 400."
    )
    hint = (
        "Only https://app.example.com itself passes (not http://, not www.); DELETE and "
        "Authorization are not allowed; Starlette always allows Accept-Language, as it does "
        "Content-Type. The path plays no part."
    )
    with exercise("predict_preflights", server, nudge=nudge, hint=hint) as check:
        check.predictions(server, predicted, requests)
    return check.report


def _preflight(check: Check, server: LiveServer, origin: str, method: str, headers: str = "authorization"):
    return check.call(server, "OPTIONS", "/products", **_asking(origin, method, headers))  # type: ignore[arg-type]


@checker
def shop_cors(server: LiveServer) -> Report:
    """Both front ends may preflight GET/POST/DELETE with Authorization and credentials;
    other origins (look-alikes and "null" among them), other methods and other headers are
    refused."""
    nudge = (
        "A star trusts every website, and with credentials Starlette copies whatever origin asks. "
        "Name exactly the two front ends, and only the methods and header they need."
    )
    hint = (
        "Set allow_origins to the list of the two origins, allow_methods to GET, POST and DELETE, "
        "allow_headers to Authorization, and keep allow_credentials=True."
    )
    with exercise("shop_cors", server, nudge=nudge, hint=hint) as check:
        # One line for each front end: the three methods, the headers of the answer and a
        # simple GET are one setting each, which no answer gets right for one method and wrong
        # for another.
        for origin in FRONT_ENDS:
            for method in ("DELETE", "POST", "GET"):
                response = _preflight(check, server, origin, method)
                check.require(
                    response.status_code == 200,
                    f"a preflight from {origin} for {method} with Authorization answers "
                    f"{response.status_code} {response.text[:100]!r}",
                )
            headers = response.headers
            check.require(
                headers.get("access-control-allow-origin") == origin
                and headers.get("access-control-allow-credentials") == "true",
                f"a preflight from {origin} answers access-control-allow-origin: {headers.get('access-control-allow-origin')}, "
                f"access-control-allow-credentials: {headers.get('access-control-allow-credentials')}",
            )
            response = check.call(server, "GET", "/products", headers={"Origin": origin, "Cookie": "session=1"})
            check.require(
                response.headers.get("access-control-allow-origin") == origin,
                f"a GET from {origin} answers access-control-allow-origin: "
                f"{response.headers.get('access-control-allow-origin')}",
            )
            check.note(f"preflights from {origin} for DELETE, POST and GET with Authorization are allowed, "
                       "naming it and allowing credentials, and its GET with a cookie may be read by the page")
        for origin in HOSTILE_ORIGINS:
            response = _preflight(check, server, origin, "POST")
            check.expect(
                response.status_code == 400,
                f"a preflight from {origin} is refused",
                f"a preflight from {origin} answers {response.status_code}, expected 400: only the two "
                "front ends, exactly as written, may call with your users' cookies",
            )
        for origin in HOSTILE_ORIGINS:
            response = check.call(server, "GET", "/products", headers={"Origin": origin, "Cookie": "session=1"})
            allowed = response.headers.get("access-control-allow-origin")
            check.require(
                allowed is None,
                f"a GET from {origin} with a cookie gets access-control-allow-origin: {allowed}: "
                "its page could read your user's data",
            )
        check.note(f"a GET with a cookie from any of those {len(HOSTILE_ORIGINS)} origins gets no access-control-allow-origin")
        for method in ("PUT", "PATCH"):
            response = _preflight(check, server, FRONT_ENDS[0], method)
            check.expect(
                response.status_code == 400,
                f"a preflight for {method} is refused",
                f"a preflight for {method} answers {response.status_code}, expected 400",
            )
        response = _preflight(check, server, FRONT_ENDS[0], "POST", "x-debug")
        check.expect(
            response.status_code == 400,
            "a preflight with another header (X-Debug) is refused",
            f"a preflight with the header X-Debug answers {response.status_code}, expected 400",
        )
    return check.report
