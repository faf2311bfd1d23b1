"""Checkers for lesson 14, Middleware and CORS."""

from helpers.checks import Check, Report, exercise
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer

FRONT_ENDS = ("https://shop.example", "http://localhost:5173")


def _preflight(check: Check, server: LiveServer, origin: str, method: str, headers: str = "authorization"):
    return check.call(
        server,
        "OPTIONS",
        "/products",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": headers,
        },
    )


@checker
def shop_cors(server: LiveServer) -> Report:
    """Both front ends may preflight GET/POST/DELETE with Authorization and credentials;
    other origins and other methods are refused."""
    hint = (
        'allow_origins=["https://shop.example", "http://localhost:5173"], '
        'allow_methods=["GET", "POST", "DELETE"], allow_headers=["Authorization"], '
        "allow_credentials=True"
    )
    with exercise("shop_cors", hint) as check:
        for origin in FRONT_ENDS:
            for method in ("DELETE", "POST"):
                response = _preflight(check, server, origin, method)
                check.expect(
                    response.status_code == 200,
                    f"a preflight from {origin} for {method} with Authorization is allowed",
                    f"a preflight from {origin} for {method} with Authorization answers "
                    f"{response.status_code} {response.text[:100]!r}",
                )
            headers = response.headers
            check.expect(
                headers.get("access-control-allow-origin") == origin
                and headers.get("access-control-allow-credentials") == "true",
                f"it names {origin} and allows credentials",
                f"it answers access-control-allow-origin: {headers.get('access-control-allow-origin')}, "
                f"access-control-allow-credentials: {headers.get('access-control-allow-credentials')}",
            )
        response = _preflight(check, server, "https://evil.example", "POST")
        check.expect(
            response.status_code == 400,
            "a preflight from https://evil.example is refused",
            f"a preflight from https://evil.example answers {response.status_code}, expected 400",
        )
        response = _preflight(check, server, FRONT_ENDS[0], "PUT")
        check.expect(
            response.status_code == 400,
            "a preflight for PUT is refused",
            f"a preflight for PUT answers {response.status_code}, expected 400",
        )
        response = check.call(server, "GET", "/products", headers={"Origin": FRONT_ENDS[1], "Cookie": "session=1"})
        check.expect(
            response.headers.get("access-control-allow-origin") == FRONT_ENDS[1],
            f"a GET from {FRONT_ENDS[1]} with a cookie may be read by the page",
            f"a GET from {FRONT_ENDS[1]} answers access-control-allow-origin: "
            f"{response.headers.get('access-control-allow-origin')}",
        )
    return check.report


@checker
def admin_guard(server: LiveServer) -> Report:
    """/admin paths need X-Admin-Key: open-sesame; other paths are untouched."""
    hint = (
        'if path.startswith("/admin") (the path without request.scope["root_path"]) and the key does not match: '
        'return JSONResponse({"detail": "Admin key required"}, status_code=401)'
    )
    with exercise("admin_guard", hint) as check:
        for headers in ({}, {"X-Admin-Key": "open-sesame!"}, {"X-Admin-Key": "OPEN-SESAME"}):
            response = check.call(server, "GET", "/admin/stats", headers=headers)
            shown = f"with X-Admin-Key: {headers['X-Admin-Key']}" if headers else "without a key"
            check.expect(
                response.status_code == 401,
                f"GET /admin/stats {shown} answers 401",
                f"GET /admin/stats {shown} answers {response.status_code}, expected 401",
            )
            check.json(response, {"detail": "Admin key required"})
        response = check.call(server, "GET", "/admin/stats", headers={"X-Admin-Key": "open-sesame"})
        check.status(response, 200)
        check.json(response, {"products": 2})
        for path in ("/", "/products"):
            check.status(check.call(server, "GET", path), 200)
    return check.report
