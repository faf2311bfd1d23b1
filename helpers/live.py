"""Make a FastAPI app editable while it serves, so that re-running a cell does what it says.

The rule: the live app answers as a fresh kernel would after running the notebook's cells as
they stand now, in the order they were last run. So a cell run again first takes away what it
defined before, and each path and method (WebSocket path, mount, middleware, exception handler)
answers with its newest definition, in the place of the first (a route of an included router
replaced by an app route: in that route's place, after the router's routes ahead of it). Two
alike middleware added in one run of a cell are two middleware; a later run's replaces them.

Plain FastAPI is built for code that runs once: a route defined again is appended after the
old one, which keeps answering (the first match wins); `add_middleware` raises once the app has
started; an exception handler added after the first request is ignored. `make_live(app)` keeps
a ledger of what is defined on this one app object (FastAPI's classes are only patched by
`helpers.held`, to note cells), each entry with the cell that defined it (see `helpers.cells`), and rebuilds the app's routes, middleware
and handlers from the ledger whenever it changes. Each `APIRouter` included in a live app gets
a ledger of its routes too: FastAPI reads an included router's routes on each request, so a
route cell run again changes the live app without running the `include_router` cell again; and
a router (or sub-app) that a name of the notebook holds, made again by its cell, is included
(mounted) in the old one's place (see `_take_over`).
What was defined before the app went live belongs to the cell that put it there
(`helpers.held` notes it, for apps made after `helpers` was imported; for an older app, the cell
whose code a route's endpoint runs, and the learner is told in one line). Where no cell id
arrives (nbclient), only the newest-definition part of the rule applies. A change of middleware or exception handlers rebuilds the middleware stack, which
loses the state kept in middleware objects.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import re
import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Host, Mount, Route, WebSocketRoute

import sys

from helpers import cells, held

# The router methods that add routes: the decorators (`@app.get`, `@app.websocket`...),
# `app.include_router` and `app.mount` all end up in one of them.
ROUTE_ADDERS = (
    "add_api_route",
    "add_route",
    "add_api_websocket_route",
    "add_websocket_route",
    "include_router",
    "mount",
)
PATH_PARAMETER = re.compile(r"\{[^}:]+(:[^}]+)?\}")
# Every live app's router and included router, by id (a router has no hash).
_routers: weakref.WeakValueDictionary[int, APIRouter] = weakref.WeakValueDictionary()


@dataclass(eq=False)
class Definition:
    """One thing a cell defined on the app: a route, a middleware or an exception handler."""

    cell: str | None
    value: Any  # BaseRoute, Middleware, or (exception class or status code, handler)
    pinned: bool = False  # the course's own pages, ahead of every other route
    run: int = field(default_factory=lambda: _run_number())  # which run of a cell defined it
    removed_in: str | None = None  # the cell that took it out of the app by hand, if any


_no_run_yet = itertools.count(-1, -1)


def _run_number() -> int:
    """Which cell run makes a definition; before any cell ran, each definition is a run of its own."""
    return cells.runs() or next(_no_run_yet)


@dataclass(eq=False)
class _Ledger:
    router: APIRouter  # an app's `app.router`, or an APIRouter included in a live app
    app: FastAPI | None = None  # for an app: its middleware and exception handlers too
    routes: list[Definition] = field(default_factory=list)
    middleware: list[Definition] = field(default_factory=list)
    handlers: list[Definition] = field(default_factory=list)
    base_handlers: dict[Any, Any] = field(default_factory=dict)
    built: list[tuple[Definition, BaseRoute]] = field(default_factory=list)  # the last rebuild


def make_live(app: FastAPI | APIRouter) -> None:
    """Patch `app` (or a router) so that routes, middleware and exception handlers follow the
    rule above. Safe to call again: each is patched once."""
    router = app.router if isinstance(app, FastAPI) else app
    if getattr(router, "_live", None) is not None:
        return
    ledger = _Ledger(router)
    router._live = ledger  # type: ignore[attr-defined]
    docs: set[str | None] = set()
    if isinstance(app, FastAPI):
        ledger.app = app
        docs = {app.openapi_url, app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url}
        for middleware in reversed(app.user_middleware):
            ledger.middleware.append(Definition(_cell_in(app.user_middleware, middleware), middleware))
        handlers = app.exception_handlers
        for key, handler in handlers.items():
            cell = handlers.cell(key) if isinstance(handlers, held.CellDict) else None
            if cell is None:
                ledger.base_handlers[key] = handler
            else:
                ledger.handlers.append(Definition(cell, (key, handler)))
        app.add_middleware = _recording_middleware(ledger)  # type: ignore[method-assign]
        app.add_exception_handler = _recording_handler(ledger)  # type: ignore[method-assign]
        if not held.noted(app) and cells.current() is not None and len(router.routes) > len(docs - {None}):
            print("helpers: this app was made before `helpers` was imported, so live editing cannot "
                  "tell which cell defined what: after editing a cell, re-run the set-up cell "
                  "(import `helpers` in the cell that makes the app).", file=sys.stderr)
    for route in router.routes:  # defined before it went live: the cell that put it there
        cell = _cell_in(router.routes, route)
        ledger.routes.append(Definition(cell, route, pinned=getattr(route, "path", None) in docs))
        ledger.built.append((ledger.routes[-1], route))
        _make_parts_live(route)
    for adder in ROUTE_ADDERS:
        setattr(router, adder, _rebuilding_after(ledger, getattr(router, adder)))
    _routers[id(router)] = router
    cells.on_cell_started(_forget_cell)
    held.on_remade(_take_over)
    cells.on_cell_finished(_say_what_is_left_behind)
    _rebuild(ledger, new=True)


def _cell_in(held_in: list[Any], item: Any) -> str | None:
    """The cell that put `item` in its list, if noted; else the cell whose code its endpoint
    runs (an app made before `helpers` was imported)."""
    if isinstance(held_in, held.CellList) and held_in.seen(item):
        return held_in.cell(item)
    return cells.cell_of(getattr(item, "endpoint", None))


def _make_parts_live(route: BaseRoute) -> None:
    """A FastAPI app mounted in a live app is live too, and so is an included router."""
    if isinstance(route, Mount) and isinstance(route.app, FastAPI):
        make_live(route.app)
    if isinstance(getattr(route, "original_router", None), APIRouter):
        make_live(route.original_router)  # type: ignore[attr-defined]


def _take_over(name: str, old: Any, new: Any) -> None:
    """The cell that made `old` (an app or router) ran again, or went into a new cell, and its
    name `name` now holds `new`: wherever an app or router includes, mounts or hosts `old` (or
    the old app's router), it now does so with `new`, with the same options, as a fresh kernel
    run top to bottom would. Routes other cells had put on `old` stay behind with it (the new
    one may have other settings), and a server keeps the app it serves: one line says so."""
    _hold_instead(old, new)
    if isinstance(old, FastAPI) and isinstance(new, FastAPI):
        _hold_instead(old.router, new.router)  # `app.include_router(api.router)`
    others = sorted({getattr(route, "path", None) or "an included router's routes"
                     for route, cell in _routes_with_cells(old) if cell not in (None, held.maker(old))})
    from helpers.server import _servers  # (here: helpers.server imports this module)

    served = next((server_name for server_name, server in _servers.items() if server.app is old), None)
    if served is not None:
        print(f"helpers: `{name}` is a new FastAPI app now, and server {served!r} still serves the old one: run "
              f"the cell with `serve({name}, ...)` again, then the cells that add its routes.", file=sys.stderr)
    elif others:
        print(f"helpers: `{name}` is a new {type(new).__name__} now, without the routes other cells put on "
              f"the old one ({', '.join(others)}): run those cells again.", file=sys.stderr)


def _hold_instead(old: Any, new: Any) -> None:
    for ledger in _ledgers():
        _adopt_hand_changes(ledger)  # (`app.host(...)` adds its route by hand)
        replaced = [d for d in ledger.routes if _holds(d.value, old)]
        for definition in replaced:
            definition.value = _now_holding(definition.value, new)
            _make_parts_live(definition.value)
        if replaced:
            _rebuild(ledger)
    for router in held.routers_not_live():  # an app under test (lesson 16's TestClient)...
        for index, route in enumerate(router.routes):
            if _holds(route, old):
                list.__setitem__(router.routes, index, _now_holding(route, new))
                router._mark_routes_changed()


def _say_what_is_left_behind() -> None:
    """When a cell has run: an APIRouter it made on an earlier run, which no name holds any
    more, may still be included in a live app, holding routes the app serves no more: one
    line says so (a fresh kernel would include what the cell makes now)."""
    cell = cells.current()
    if cell is None:
        return
    named = {id(value) for value in held.user_namespace().copy().values()}
    for ledger in _ledgers():
        for definition in ledger.routes:
            router = getattr(definition.value, "original_router", None)
            if (router is not None and held.maker(router) == cell and not held.made_in_this_run(router)
                    and id(router) not in named):  # (one a name still holds is kept on purpose)
                prefix = f"prefix {router.prefix!r}" if router.prefix else "no prefix"
                print(f"helpers: an app still includes the APIRouter ({prefix}) this cell made when it ran "
                      "before: run the cells that make it, add its routes and include it again.", file=sys.stderr)
                return


def _holds(route: BaseRoute, thing: Any) -> bool:
    """Whether `route` includes the router `thing`, or mounts or hosts the app `thing`."""
    if isinstance(route, Mount | Host):
        return route.app is thing and getattr(route, "_base_app", thing) is thing
    return getattr(route, "original_router", None) is thing


def _now_holding(route: BaseRoute, new: Any) -> BaseRoute:
    """A copy of `route` (an include, a mount or a host) that holds `new` instead."""
    if isinstance(route, Mount | Host):
        copied = copy.copy(route)
        copied.app = new
        if isinstance(copied, Mount):
            copied._base_app = new
        return copied
    context = dataclasses.replace(route.include_context, included_router=new)  # type: ignore[attr-defined]
    return type(route)(original_router=new, include_context=context)  # type: ignore[call-arg]


def _routes_with_cells(thing: Any) -> list[tuple[BaseRoute, str | None]]:
    """Each route an app or router holds, with the cell that put it there."""
    router = thing.router if isinstance(thing, FastAPI) else thing
    live = getattr(router, "_live", None)
    if live is not None:
        return [(d.value, d.cell) for d in live.routes]
    return [(route, _cell_in(router.routes, route)) for route in router.routes]


def _ledgers() -> list[_Ledger]:
    """Every live router's ledger, the included routers' before the apps'."""
    ledgers = [router._live for router in list(_routers.values())]  # type: ignore[attr-defined]
    return sorted(ledgers, key=lambda ledger: ledger.app is not None)


def _forget_cell(cell: str) -> None:
    """Take away from every live app and router what `cell` defined."""
    for ledger in _ledgers():
        _adopt_hand_changes(ledger)
        before = len(ledger.routes) + len(ledger.middleware) + len(ledger.handlers)
        for kind in ("routes", "middleware", "handlers"):
            setattr(ledger, kind, [d for d in getattr(ledger, kind) if d.cell != cell])
        put_back = [d for d in ledger.routes if d.removed_in == cell]  # its removals are taken back too
        for definition in put_back:
            definition.removed_in = None
        if put_back or len(ledger.routes) + len(ledger.middleware) + len(ledger.handlers) != before:
            _rebuild(ledger)


def route_keys(route: BaseRoute) -> set[Hashable]:
    """What a route answers: (path with parameter names left out, method or kind).

    `/items/{id}` and `/items/{item_id}` match the same requests, so they share a key. An
    included router has one key per route inside it.
    """
    return {key for _, keys in _keys_by_route(route) for key in keys}


def _keys_by_route(route: BaseRoute) -> list[tuple[BaseRoute, set[Hashable]]]:
    """The keys of each route in `route` (itself, or the routes of an included router)."""
    found = []
    for context in iter_route_contexts([route]):
        path = PATH_PARAMETER.sub(lambda m: "{" + (m.group(1) or ":str") + "}", context.path or "")
        original = context.original_route
        if isinstance(original, WebSocketRoute) or type(original).__name__ == "APIWebSocketRoute":
            keys: set[Hashable] = {(path, "websocket")}
        elif context.methods:
            keys = {(path, method) for method in context.methods}
        else:
            keys = {(path, type(original).__name__)}
        found.append((original, keys))
    return found


def effective_routes(definitions: list[Definition]) -> list[tuple[Definition, BaseRoute]]:
    """The routes that answer, each with its definition: each key goes to its newest definition,
    placed in the slot of the first one it replaces. A route left with some keys keeps those."""
    slots: list[tuple[Definition, set[Hashable]]] = []
    ordered = [d for d in definitions if d.pinned] + [d for d in definitions if not d.pinned]
    for definition in ordered:
        keys = route_keys(definition.value)
        place = None
        for index, (old, live_keys) in enumerate(slots):
            if live_keys & keys:
                place = (index + _kept_ahead(old.value, live_keys, keys)) if place is None else place
                live_keys -= keys
        slots.insert(len(slots) if place is None else place, (definition, set(keys)))
    return [(d, _narrowed(d.value, keys)) for d, keys in slots if keys]


def _kept_ahead(route: BaseRoute, live_keys: set[Hashable], keys: set[Hashable]) -> int:
    """1 when `route` (an included router) keeps a route ahead of the one `keys` replace: the
    replacement then answers after the router, as it would in the router's slot; else 0."""
    for _, leaf_keys in _keys_by_route(route):
        if leaf_keys & keys:
            return 0
        if leaf_keys & live_keys:
            return 1
    return 0


def _narrowed(route: BaseRoute, keys: set[Hashable]) -> BaseRoute:
    """`route`, or a copy that answers only `keys`, when later definitions took the others."""
    if keys >= route_keys(route):
        return route
    original_router = getattr(route, "original_router", None)
    if original_router is not None:  # an included router: a copy with the routes still its own
        kept = {id(leaf) for leaf, leaf_keys in _keys_by_route(route) if leaf_keys & keys}
        router = copy.copy(original_router)
        object.__setattr__(router, "routes", [  # (not through held: the original keeps its list)
            inner
            for inner in original_router.routes
            if any(id(leaf) in kept for leaf, _ in _keys_by_route(inner)) or not _keys_by_route(inner)
        ])
        return type(route)(original_router=router, include_context=route.include_context)  # type: ignore[call-arg, attr-defined]
    if not isinstance(route, Route) or not route.methods:
        return route
    narrowed = copy.copy(route)
    narrowed.methods = {key[1] for key in keys if isinstance(key, tuple)}
    if isinstance(narrowed, APIRoute) and not narrowed.operation_id:
        generate = narrowed.generate_unique_id_function
        narrowed.unique_id = getattr(generate, "value", generate)(narrowed)  # value: a default
    return narrowed


def middleware_clashes(earlier: Middleware, later: Middleware) -> bool:
    """Whether `later` looks like `earlier` defined anew: the same class (by name, as a re-run
    cell defines it anew), or `@app.middleware` functions with the same name but different code.
    Functions sharing their code were made by one factory (`make_timer("a")`, `make_timer("b")`):
    both run. Only applies where no cell is known (see `effective_middleware`)."""
    def name(thing: Any) -> tuple[Any, Any]:
        return getattr(thing, "__module__", None), getattr(thing, "__qualname__", None)

    first, second = earlier.kwargs.get("dispatch"), later.kwargs.get("dispatch")
    if name(earlier.cls) != name(later.cls):
        return False
    if first is None or second is None:
        return first is second
    same_code = getattr(first, "__code__", first) is getattr(second, "__code__", second)
    return name(first) == name(second) and not same_code


def effective_middleware(definitions: list[Definition]) -> list[Middleware]:
    """The middleware that runs, in the order added; a replacement takes the first's slot."""
    slots: list[Middleware | None] = []
    runs: list[int] = []  # the run that added each slot's middleware
    for definition in definitions:
        clashing = [
            i for i, old in enumerate(slots)
            if old and runs[i] != definition.run and middleware_clashes(old, definition.value)
        ]  # within one run of a cell, two alike are two middleware: both run
        for index in clashing:
            slots[index] = None
        if clashing:
            slots[clashing[0]], runs[clashing[0]] = definition.value, definition.run
        else:
            slots.append(definition.value)
            runs.append(definition.run)
    return [middleware for middleware in slots if middleware is not None]


def _adopt_hand_changes(ledger: _Ledger) -> None:
    """Take into the ledger what changed in `router.routes` since the last rebuild, other than
    through the adders: routes appended by other means (`app.router.host(...)`, a library) join
    it, and routes removed by hand leave it, until the cell that removed them runs again or is
    deleted (for good, where no cell is known)."""
    routes = ledger.router.routes
    present = {id(route) for route in routes}
    built = {id(route) for _, route in ledger.built}
    removals = getattr(routes, "removed_in", {})
    removed = {id(definition): removals.get(id(route)) for definition, route in ledger.built if id(route) not in present}
    for definition in ledger.routes:
        definition.removed_in = removed.get(id(definition), definition.removed_in)
    ledger.routes = [d for d in ledger.routes if id(d) not in removed or removed[id(d)] is not None]
    ledger.built = [(d, route) for d, route in ledger.built if id(route) in present]  # noted once
    following: Definition | None = None  # each new route goes before the built one after it
    by_route = {id(route): definition for definition, route in ledger.built}
    for route in reversed(routes):
        if id(route) in built:
            following = by_route[id(route)]
            continue
        cell = routes.cell(route) if isinstance(routes, held.CellList) and routes.seen(route) else cells.current()
        definition = Definition(cell, route, pinned=cells.pinning())
        at = ledger.routes.index(following) if following in ledger.routes else len(ledger.routes)
        ledger.routes.insert(at, definition)
        ledger.built.append((definition, route))  # adopted once, even before the next rebuild
        following = definition
        _make_parts_live(route)


def _rebuild(ledger: _Ledger, new: bool = False) -> None:
    """Set the routes (and an app's middleware and handlers) from the ledger. A router that
    changed makes every live app rebuild; a `new` one is being included by one already."""
    _adopt_hand_changes(ledger)
    ledger.built = effective_routes([d for d in ledger.routes if d.removed_in is None])
    ledger.router.routes[:] = [route for _, route in ledger.built]
    ledger.router._mark_routes_changed()  # FastAPI's own mark: apps including it look again
    app = ledger.app
    if app is None:  # an included router: the apps cut their own copies of it anew
        for other in _ledgers() if not new else []:
            if other.app is not None:
                _rebuild(other)
        return
    app.openapi_schema = None  # /openapi.json and /docs are generated again
    middleware = list(reversed(effective_middleware(ledger.middleware)))  # newest outermost
    handlers = dict(ledger.base_handlers)
    handlers.update(definition.value for definition in ledger.handlers)
    if [id(m) for m in middleware] != [id(m) for m in app.user_middleware] or handlers != app.exception_handlers:
        app.user_middleware[:] = middleware
        dict.clear(app.exception_handlers)  # (as they are: they carry their cells in the ledger)
        dict.update(app.exception_handlers, handlers)
        app.middleware_stack = None  # rebuilt on the next request, with the middleware and handlers


def _rebuilding_after(ledger: _Ledger, add: Callable[..., Any]) -> Callable[..., Any]:
    def add_then_rebuild(*args: Any, **kwargs: Any) -> Any:
        result = add(*args, **kwargs)  # appends to router.routes, as in plain FastAPI
        _rebuild(ledger)
        return result

    return add_then_rebuild


def _recording_middleware(ledger: _Ledger) -> Callable[..., None]:
    def add_middleware(middleware_class: Any, *args: Any, **kwargs: Any) -> None:
        """Like Starlette's `add_middleware` (newest outermost), but allowed while serving."""
        ledger.middleware.append(Definition(cells.current(), Middleware(middleware_class, *args, **kwargs)))
        _rebuild(ledger)

    return add_middleware


def _recording_handler(ledger: _Ledger) -> Callable[..., None]:
    def add_exception_handler(exc_class_or_status_code: Any, handler: Any) -> None:
        """Like Starlette's `add_exception_handler`, but it takes effect while serving."""
        ledger.handlers.append(Definition(cells.current(), (exc_class_or_status_code, handler)))
        _rebuild(ledger)

    return add_exception_handler
