"""What a check reads beyond an HTTP answer: the server's log, the code behind a route, and
advice for a status code the learner did not expect.

Why: a route that fails after its answer was sent, or a WebSocket handler that crashes after
closing, looks fine to the client; only the log tells. And "404" means one thing when no route
matched and another when the learner's own route answered it.
"""

from __future__ import annotations

from typing import Any

import httpx
from fastapi.routing import iter_route_contexts
from starlette.routing import Match, Route

from helpers.server import LiveServer


def learner_namespace(server: LiveServer, path: str, method: str = "GET") -> dict[str, Any]:
    """The global names of the code that defined the route `method path` of the learner's app
    (in a notebook, the notebook's names), or {} when the app has no such route.

    Why: a few checks need what a lesson defined next to its routes and HTTP cannot reach: the
    learner's test function, or the list where the lesson records its SQL.
    """
    for route in app_routes(server):
        if getattr(route, "path", None) == path and method in (getattr(route, "methods", None) or ()):
            return getattr(getattr(route, "endpoint", None), "__globals__", {})
    return {}


def app_routes(server: LiveServer) -> list[Any]:
    """The app's routes, those of included routers among them, each with its whole path.

    Why: FastAPI 0.165 keeps an included router in `app.routes` as one entry; its routes, with
    the prefix, come from `fastapi.routing.iter_route_contexts`."""
    return list(iter_route_contexts(server.app.routes))


def log_mark(server: LiveServer) -> int:
    """Where the server's log ends now; `errors_logged(server, mark)` reads what came after."""
    return server.log_count()


def errors_logged(server: LiveServer, since: int) -> list[str]:
    """The exceptions the server logged after `since` (from `log_mark`), one line each, as
    "KeyError: 'pears'" (the exception that ended each failed request or connection).

    Why: a route that fails after its answer was sent, or a WebSocket handler that crashes
    after closing, looks fine to the client; only the log tells.
    """
    server.log_count()  # waits for the requests in flight, background tasks included
    return server._log.errors(since)  # each exception's type and message, recorded when logged


def has_route(server: LiveServer, method: str, url_path: str) -> bool:
    """Whether a route of the learner's app matches `method` and the URL's path (less the hub
    prefix the server sits behind): then a 404 came from their own code, not a missing route."""
    prefix = httpx.URL(server.url).path.rstrip("/")
    path = url_path[len(prefix):] if prefix and url_path.startswith(prefix) else url_path
    scope = {"type": "http", "path": path, "method": method, "root_path": "", "headers": []}
    routes = [route for route in app_routes(server) if isinstance(route.original_route, Route)]  # not mounts
    return any(route.matches(scope)[0] == Match.FULL for route in routes)


def _missing_query_parameters(response: httpx.Response) -> list[str]:
    """The query parameters a 422 says are missing, when the request sent no query at all."""
    try:
        errors = response.json().get("detail", [])
    except (ValueError, AttributeError):
        return []
    if response.request.url.query or not isinstance(errors, list):
        return []
    return [str(error["loc"][1]) for error in errors if isinstance(error, dict) and error.get("type") == "missing"
            and isinstance(error.get("loc"), list) and error["loc"][:1] == ["query"] and len(error["loc"]) > 1]


_PLACES = {"query": "the query parameter", "body": "the body's field", "header": "the header",
           "cookie": "the cookie", "path": "the path parameter"}


def missing_fields(response: httpx.Response) -> list[str]:
    """What a 422 says is missing, in words ("the query parameter 'limit'"), or []."""
    try:
        errors = response.json().get("detail", [])
    except (ValueError, AttributeError):
        return []
    if not isinstance(errors, list):
        return []
    found = []
    for error in errors:
        if isinstance(error, dict) and error.get("type") == "missing" and isinstance(error.get("loc"), list):
            place, *names = error["loc"] or ["body"]
            name = ".".join(str(name) for name in names)
            found.append(f"{_PLACES.get(str(place), str(place))} {name!r}" if name else "the body")
    return found


def status_advice(response: httpx.Response, error: str = "", route_exists: bool = False,
                  paths: tuple[str, ...] = ()) -> str:
    """Advice for an unexpected status: `error` is the exception the server logged, `route_exists`
    whether one of the app's routes matches the request, `paths` the app's route paths."""
    if response.status_code in (307, 308):
        target = httpx.URL(response.headers.get("location", "")).path or "another path"
        if target.rstrip("/") != response.request.url.path.rstrip("/"):
            return f"The server redirects to {target}."
        return (
            f"The server redirects to {target}: the path in your decorator differs from the "
            "request's by a trailing slash. Write the path exactly as the exercise does."
        )
    slashless = [path for path in paths if not path.startswith("/")]
    if response.status_code == 404 and slashless:
        return f"The path {slashless[0]!r} in your decorator does not start with '/': write '/{slashless[0]}'."
    if response.status_code == 404 and route_exists:
        return "Your route ran and answered 404 itself (an HTTPException?): that is for what does not exist."
    if response.status_code == 404:
        return "Is the path in your decorator spelled as the exercise says, and did its cell run?"
    if response.status_code == 405:
        return "The path exists, but not for this method: check the decorator (@app.get, @app.post...)."
    if response.status_code == 422:
        missing = _missing_query_parameters(response)
        also = (
            f" FastAPI looked for {missing[0]!r} in the query string: a parameter is read from the path only "
            "when the path names it in braces, spelled as in your function."
            if missing else ""
        )
        return f"FastAPI rejected the request: {response.text[:300]}{also}"
    if response.status_code >= 500 and error:
        text_needed = " (a header's value must be text: write str(...))" if "has no attribute 'encode'" in error else ""
        return f"Your code raised {error}{text_needed}: `server.logs()` shows the traceback."
    if response.status_code >= 500 and route_exists:
        return "No exception was logged: your code (a handler, a `JSONResponse`) answered this itself."
    if response.status_code >= 500:
        return "Your function raised an error: `server.logs()` shows the traceback."
    return ""
