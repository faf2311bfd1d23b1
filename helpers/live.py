"""Make a FastAPI app editable while it serves, so that re-running a cell does what it says.

Plain FastAPI is built for code that runs once, top to bottom. A notebook re-runs cells, and
then plain FastAPI surprises a learner three ways:

- a route defined again with the same path and method is appended after the old one, and the
  old one keeps answering, because the first match wins;
- `add_middleware` raises "Cannot add middleware after an application has started";
- an exception handler added after the first request is silently ignored, because the
  middleware stack copied the handlers when it was built.

`make_live(app)` patches these methods on this one app object (FastAPI itself is untouched):
a definition that comes again replaces the earlier one in its original slot, so route order
and middleware order stay what the notebook says, and the middleware stack is rebuilt on the
next request. Rebuilding loses state kept inside middleware objects; routes keep theirs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from typing import Any

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, WebSocketRoute

# Route adders that append to `router.routes`. The decorators (`@app.get`, `@app.websocket`,
# ...), `app.include_router` and `app.mount` all end up in one of them.
ROUTE_ADDERS = (
    "add_api_route",
    "add_route",
    "add_api_websocket_route",
    "add_websocket_route",
    "include_router",
    "mount",
)
PATH_PARAMETER = re.compile(r"\{[^}:]+(:[^}]+)?\}")


def make_live(app: FastAPI) -> None:
    """Patch `app` so routes, middleware and exception handlers can be redefined live.

    Safe to call again: an app is patched once.
    """
    if getattr(app, "_live", False):
        return
    router = app.router
    for adder in ROUTE_ADDERS:
        setattr(router, adder, _replacing_route(app, getattr(router, adder)))
    app.add_middleware = _replacing_middleware(app)  # type: ignore[method-assign]
    app.add_exception_handler = _rebuilding_stack(app, app.add_exception_handler)  # type: ignore[method-assign]
    _keep_latest_routes(app)
    app._live = True  # type: ignore[attr-defined]


def route_keys(route: BaseRoute) -> set[Hashable]:
    """What a route answers: (path with parameter names left out, methods or kind).

    `/items/{id}` and `/items/{item_id}` match the same requests, so they share a key. An
    included router has one key per route inside it.
    """
    keys: set[Hashable] = set()
    for context in iter_route_contexts([route]):
        path = PATH_PARAMETER.sub(lambda m: "{" + (m.group(1) or ":str") + "}", context.path or "")
        original = context.original_route
        if isinstance(original, WebSocketRoute):
            keys.add((path, "websocket"))
        elif context.methods:
            keys.update((path, method) for method in context.methods)
        else:
            keys.add((path, type(original).__name__))
    return keys


def _same_definition(earlier: BaseRoute, later: BaseRoute) -> bool:
    earlier_router = getattr(earlier, "original_router", None)
    if earlier_router is not None and earlier_router is getattr(later, "original_router", None):
        return True  # the same APIRouter included again
    return bool(route_keys(earlier) & route_keys(later))


def _replace_last_route(routes: list[BaseRoute]) -> bool:
    """Move the route just appended into the slot of the first earlier route it redefines,
    dropping every earlier route it redefines. Returns whether anything was replaced."""
    newest = routes[-1]
    clashing = [i for i, route in enumerate(routes[:-1]) if _same_definition(route, newest)]
    if not clashing:
        return False
    routes[clashing[0]] = newest
    for index in reversed([*clashing[1:], len(routes) - 1]):
        del routes[index]
    return True


def _keep_latest_routes(app: FastAPI) -> None:
    """Apply the replacing rule to routes defined before `make_live` was called."""
    defined, app.router.routes[:] = list(app.router.routes), []
    for route in defined:
        app.router.routes.append(route)
        _replace_last_route(app.router.routes)
    _routes_changed(app)


def _routes_changed(app: FastAPI) -> None:
    app.openapi_schema = None  # /openapi.json and /docs are generated again


def _replacing_route(app: FastAPI, add: Callable[..., Any]) -> Callable[..., Any]:
    def add_then_replace(*args: Any, **kwargs: Any) -> Any:
        result = add(*args, **kwargs)
        if app.router.routes and _replace_last_route(app.router.routes):
            _routes_changed(app)
        return result

    return add_then_replace


def middleware_key(middleware: Middleware) -> Hashable:
    """Middleware counts as the same when it is the same class, or, for `@app.middleware`
    functions, a function with the same name."""
    dispatch = middleware.kwargs.get("dispatch")
    if dispatch is None:
        return middleware.cls
    return (middleware.cls, getattr(dispatch, "__module__", None), getattr(dispatch, "__qualname__", None))


def _replacing_middleware(app: FastAPI) -> Callable[..., None]:
    def add_middleware(middleware_class: Any, *args: Any, **kwargs: Any) -> None:
        """Like Starlette's `add_middleware` (newest outermost), but allowed while serving,
        and a middleware added again replaces its earlier copy in place."""
        new = Middleware(middleware_class, *args, **kwargs)
        stack = app.user_middleware
        same = [i for i, old in enumerate(stack) if middleware_key(old) == middleware_key(new)]
        if same:
            stack[same[0]] = new
            for index in reversed(same[1:]):
                del stack[index]
        else:
            stack.insert(0, new)
        app.middleware_stack = None  # rebuilt on the next request

    return add_middleware


def _rebuilding_stack(app: FastAPI, add: Callable[..., None]) -> Callable[..., None]:
    def add_then_rebuild(*args: Any, **kwargs: Any) -> None:
        add(*args, **kwargs)
        app.middleware_stack = None  # the stack copies the handlers when it is built

    return add_then_rebuild


