"""Checkers for lesson 20, A real project."""

import os

import httpx

from helpers.checks import Check, Report, exercise, json_difference
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer

CATALOGUE = [
    {"id": 1, "name": "tea", "price": 3.5},
    {"id": 2, "name": "coffee", "price": 4.0},
    {"id": 3, "name": "cake", "price": 2.5},
]


@checker
def predict_project(server: LiveServer, predicted: object) -> Report:
    """The learner's predicted status codes for five requests to the finished shop."""
    requests: dict[str, dict[str, object]] = {
        "GET /items/3/price": {},
        "GET /admin/stats": {},
        "GET /admin/nothing-here": {},
        "GET /legacy/docs": {},
        "GET /legacy/items/": {},
    }
    nudge = (
        "For each path, ask first who answers it: one of the routers (their prefixes), the app "
        "mounted under /legacy, or nobody. Dependencies run only once a route has matched."
    )
    hint = (
        "deprecated only marks the docs; a missing X-Admin-Key is APIKeyHeader's 401; an admin "
        "path with no route is a 404 before any dependency; the mounted app has its own /docs "
        "but none of the main app's routers."
    )
    with exercise("predict_project", server, nudge=nudge, hint=hint) as check:
        check.predictions(server, predicted, requests)
    return check.report


def _found(check: Check, response: httpx.Response) -> None:
    """The request (sent with the admin key) must answer 200; a 404 gets advice for a project."""
    request = f"{response.request.method} {response.request.url.raw_path.decode()}"
    if response.status_code == 404:
        check.fail(
            f"{request} answers 404, expected 200: the app that `server` serves has no such path. "
            "/openapi.json lists the paths it has; and after changing a file, did the cell load "
            "the project again and serve it?"
        )
    check.status(response, 200)


@checker
def admin_routes(server: LiveServer) -> Report:
    """GET /admin/stats and GET /admin/cheap?below=... answer with the admin key, and only with it."""
    nudge = (
        "Compare the paths listed in /openapi.json with the ones you call: a router's prefix goes "
        "in front of every path written in its decorators."
    )
    hint = (
        'Keep `prefix="/admin"` on the router and write the decorators\' paths without it: '
        '`@router.get("/stats")` and `@router.get("/cheap")`; then load and serve the project again.'
    )
    key = {"X-Admin-Key": os.environ.get("SHOP_ADMIN_KEY", "")}
    with exercise("admin_routes", server, nudge=nudge, hint=hint) as check:
        response = check.call(server, "GET", "/admin/stats", headers=key)
        _found(check, response)
        check.json(response, {"items": len(CATALOGUE)})
        # One line for each rule, whatever the number of requests that prove it.
        for below in (4, 2.75, 1):
            response = check.call(server, "GET", f"/admin/cheap?below={below}", headers=key)
            if response.status_code != 200:
                _found(check, response)
            expected = [item for item in CATALOGUE if item["price"] < below]
            if response.headers.get("content-type") != "application/json" or json_difference(response.json(), expected) is not None:
                check.json(response, expected)
        check.note("GET /admin/cheap?below=4, 2.75 and 1 answer 200 and the items cheaper than that")
        doubled = ("/admin/admin/stats", "/admin/admin/cheap?below=3")
        for path in doubled:
            response = check.call(server, "GET", path, headers=key)
            check.status(response, 404, line=False)
        check.note(f"GET {doubled[0]} and GET {doubled[1]} answer 404")
        for path in ("/admin/stats", "/admin/cheap?below=3"):
            for headers in ({}, {"X-Admin-Key": "guess"}):
                response = check.call(server, "GET", path, headers=headers)
                refused = "with a wrong key" if headers else "without a key"
                check.require(
                    response.status_code == 401,
                    f"GET {path} {refused} answers {response.status_code}, expected 401: the route must "
                    "still require the admin key (keep the router's dependencies on `require_admin`)",
                )
            check.note(f"GET {path} without a key, and with a wrong one, answers 401")
    return check.report
