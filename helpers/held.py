"""Whatever an app holds is credited to the cell that put it there, whenever and however.

Once `helpers` is imported, every FastAPI app and router made from then on keeps its parts in
containers that note the running cell (`helpers.cells.current()`) for each thing put in them:
routes (added by a decorator, `include_router`, `mount`, `host`, or `app.router.routes.insert`),
middleware, exception handlers, `dependency_overrides`, `app.state`, and the app's own
attributes (`app.title = ...`, `app.openapi = my_openapi`). `helpers.live` reads
the cell of each route, middleware and handler from here; the dictionaries
(`dependency_overrides`, `state`) and the attributes forget here what a cell run again or
deleted had set, giving back what an earlier cell had set under the same key, as a fresh kernel
would.

An app made before `helpers` was imported holds parts no one saw being put there: `noted` says
so, and `helpers.live` tells the learner in one line.

Each app and router also notes the cell that made it: when that cell runs again and a name of
the notebook (`shop = APIRouter(...)`) now holds a new one, `on_remade` listeners hear of the
pair, so that `helpers.live` can include or mount the new one wherever the old one was (a fresh
kernel, run top to bottom, would include the new one). Routers not served take back a cell's
routes here; `helpers.live` does it for those it serves.
"""

from __future__ import annotations

import functools
import re
import sys
import weakref
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, FastAPI
from starlette.datastructures import State
from starlette.routing import Router

from helpers import cells

_UNSEEN = object()  # the cell of something put in before anyone watched
_MISSING = object()  # the value of a key or attribute removed, or not there before


def _cell_now() -> str | None:
    """The running cell, to credit what is put in an app now. None for the course's own parts
    and for what a module's body adds while it is imported: an import runs a module once, so a
    cell run again would take such parts away for good (the import cache skips the body)."""
    if cells.pinning():
        return None
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "<module>":  # the nearest top level: a cell's, or a module's body
            imported = frame.f_globals.get("__spec__") is not None  # a cell's namespace has no spec
            return None if imported else cells.current()
        frame = frame.f_back
    return cells.current()


class CellList(list):  # type: ignore[type-arg]
    """A list that notes which cell put each item in it, and which cell last took it out (by
    identity: routes are unhashable)."""

    def __init__(self, items: Any = ()) -> None:
        super().__init__(items)
        self.cells: dict[int, Any] = {id(item): _UNSEEN for item in self}
        self.removed_in: dict[int, str | None] = {}
        self._keep: dict[int, Any] = {id(item): item for item in self}  # ids stay unique

    def _note_removed(self, items: Any) -> None:
        cell = _cell_now()
        for item in items:
            self.removed_in[id(item)] = cell
            self._keep[id(item)] = item

    def remove(self, item: Any) -> None:
        super().remove(item)
        self._note_removed([item])

    def pop(self, index: Any = -1) -> Any:
        item = super().pop(index)
        self._note_removed([item])
        return item

    def __delitem__(self, index: Any) -> None:
        self._note_removed(self[index] if isinstance(index, slice) else [self[index]])
        super().__delitem__(index)

    def clear(self) -> None:
        self._note_removed(list(self))
        super().clear()

    def cell(self, item: Any) -> str | None:
        """The cell that put `item` here, or None (no cell, or before anyone watched)."""
        found = self.cells.get(id(item), _UNSEEN)
        return None if found is _UNSEEN else found

    def seen(self, item: Any) -> bool:
        return self.cells.get(id(item), _UNSEEN) is not _UNSEEN

    def _note(self, items: Any) -> None:
        for item in items:
            if id(item) not in self.cells:
                self.cells[id(item)] = _cell_now()
                self._keep[id(item)] = item

    def append(self, item: Any) -> None:
        self._note([item])
        super().append(item)

    def insert(self, index: Any, item: Any) -> None:
        self._note([item])
        super().insert(index, item)

    def extend(self, items: Any) -> None:
        items = list(items)
        self._note(items)
        super().extend(items)

    def __iadd__(self, items: Any) -> CellList:
        self.extend(items)
        return self

    def __setitem__(self, index: Any, value: Any) -> None:
        value = list(value) if isinstance(index, slice) else value
        kept = {id(item) for item in (value if isinstance(index, slice) else [value])}
        self._note_removed([item for item in (self[index] if isinstance(index, slice) else [self[index]]) if id(item) not in kept])
        self._note(value if isinstance(index, slice) else [value])
        super().__setitem__(index, value)


class CellDict(dict):  # type: ignore[type-arg]
    """A dict that remembers, per key, each cell that set it and the value it set, so that a
    cell's settings can be taken back (the key then holds an earlier cell's value, or none)."""

    def __init__(self, items: Any = (), forgets: bool = True) -> None:
        super().__init__(items)
        self.history: dict[Any, list[tuple[Any, Any]]] = {key: [(_UNSEEN, value)] for key, value in self.items()}
        if forgets:  # (an app's exception handlers are taken back by `helpers.live` instead)
            _dicts.add(self)

    def __hash__(self) -> int:  # type: ignore[override]
        return id(self)  # for the weak set of every CellDict

    def cell(self, key: Any) -> str | None:
        found = self.history.get(key, [(_UNSEEN, None)])[-1][0]
        return None if found is _UNSEEN else found

    def __setitem__(self, key: Any, value: Any) -> None:
        self.history.setdefault(key, []).append((_cell_now(), value))
        super().__setitem__(key, value)

    def __delitem__(self, key: Any) -> None:
        super().__delitem__(key)
        self._removed(key)

    def _removed(self, key: Any) -> None:
        """A removal is a setting too: taking it back gives the value back."""
        self.history.setdefault(key, []).append((_cell_now(), _MISSING))

    def setdefault(self, key: Any, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def __ior__(self, other: Any) -> CellDict:  # `overrides |= {...}`: each key as if set alone
        self.update(other)
        return self

    def replace(self, items: Any) -> None:
        """`app.dependency_overrides = {...}`: the cell removes what was there and sets these, so
        that taking the cell back gives back what was there."""
        for key in [key for key in self if key not in items]:
            self.pop(key)
        self.update(items)

    def pop(self, key: Any, *default: Any) -> Any:
        if key in self:
            self._removed(key)
        return super().pop(key, *default)

    def clear(self) -> None:
        for key in list(self):
            self._removed(key)
        super().clear()

    def forget(self, cell: str) -> bool:
        """Take back what `cell` set; whether anything changed."""
        changed = False
        for key in list(self.history):
            kept = [entry for entry in self.history[key] if entry[0] != cell]
            if len(kept) == len(self.history[key]):
                continue
            changed = True
            if kept and kept[-1][1] is not _MISSING:
                self.history[key] = kept
                super().__setitem__(key, kept[-1][1])
            elif kept:
                self.history[key] = kept
                super().pop(key, None)
            else:
                del self.history[key]
                super().pop(key, None)
        return changed


_dicts: weakref.WeakSet[CellDict] = weakref.WeakSet()
# An app's own attributes a cell may set (`app.title = ...`, `app.openapi = my_openapi`), per app:
# what it held before, then each cell's value. Those FastAPI sets while serving are left out.
_attributes: weakref.WeakKeyDictionary[FastAPI, dict[str, list[tuple[Any, Any]]]] = weakref.WeakKeyDictionary()
_NOT_FOLLOWED = {"middleware_stack", "openapi_schema", "router", "user_middleware", "exception_handlers",
                 "dependency_overrides", "state"}


def _set_attribute(app: FastAPI, name: str, value: Any) -> None:
    history = _attributes.get(app)
    kept = app.__dict__.get(name)
    if history is not None and isinstance(kept, CellDict) and isinstance(value, dict) and value is not kept:
        kept.replace(value)  # a whole new `dependency_overrides`: kept in the one that notes cells
        return
    if history is not None and name == "state" and isinstance(value, State) and isinstance(app.state, State):
        app.state._state.replace(value._state)  # likewise a whole new `app.state`
        return
    cell = _cell_now()
    if history is not None and cell is not None and not name.startswith("_") and name not in _NOT_FOLLOWED:
        entries = history.setdefault(name, [(_UNSEEN, app.__dict__.get(name, _MISSING))])
        entries.append((cell, value))
        object.__setattr__(app, "openapi_schema", None)  # the schema cached before is out of date
    object.__setattr__(app, name, value)


def noted(app: FastAPI) -> bool:
    """Whether `app` was made after `helpers` was imported (its parts carry their cells)."""
    return isinstance(app.router.routes, CellList)


# Which cell made each app and router, and the names the user's namespace gave them when the
# running cell started: a name that now holds a new one the same cell made is a router (or app)
# made again, which takes over from the old one (see `settle`).
# (Kept on the objects themselves: an APIRouter cannot be hashed.)
_named_before: dict[str, Any] = {}
_run = 0  # counts the cells started, so that a thing knows in which run it was made
_gone: set[str] = set()  # the running cell and the cells deleted as it started
_starts = 0  # `cells.runs()` when they were noted
_routers: weakref.WeakValueDictionary[int, Router] = weakref.WeakValueDictionary()  # live or not
_remade_listeners: list[Callable[[str, Any, Any], None]] = []
_inside_app_init = 0  # above 0 while FastAPI() makes its own router (part of the app)


def on_remade(listener: Callable[[str, Any, Any], None]) -> None:
    """Call `listener(name, old, new)` when a name of the user's namespace that held an app or
    router made by the running cell (`old`) now holds another one (`new`), new in this run."""
    if listener not in _remade_listeners:
        _remade_listeners.append(listener)


def _note_made(thing: Any) -> None:
    cell = _cell_now()
    if cell is not None:
        object.__setattr__(thing, "_helpers_made", (cell, _run))


def maker(thing: Any) -> str | None:
    """The cell that made an app or router, if a cell did."""
    return getattr(thing, "_helpers_made", (None, 0))[0]


def made_in_this_run(thing: Any) -> bool:
    """Whether the running cell made `thing` (an app or router) in this run of it."""
    return getattr(thing, "_helpers_made", (None, 0)) == (cells.current(), _run)


def user_namespace() -> dict[str, Any]:
    """The notebook's namespace (empty outside IPython)."""
    shell = cells.ipython_shell()
    return getattr(shell, "user_ns", None) or {}


_IPYTHON_NAMES = re.compile(r"_+\d*|_i.*|_[oi]h|_dh")  # the outputs and inputs IPython keeps


def _cell_starts(cell: str) -> None:
    """Before a cell runs (and for each deleted cell, first): note which names hold apps and
    routers, and which cells went (merging or splitting cells makes new ones)."""
    global _run, _starts
    if _starts != cells.runs():
        _starts = cells.runs()
        _gone.clear()
    _gone.add(cell)
    _run += 1
    _named_before.clear()
    _named_before.update({name: value for name, value in user_namespace().copy().items()
                          if isinstance(value, FastAPI | APIRouter) and not _IPYTHON_NAMES.fullmatch(name)})


def settle() -> None:
    """Tell `on_remade` listeners of each name whose app or router the running cell made again.
    Called when the cell ends, and before each request `server.client` sends (a cell that makes
    a router, then calls it)."""
    cell = cells.current()
    if cell is None or not _named_before:
        return
    namespace = user_namespace()
    before = {id(value) for value in _named_before.values()}
    for name, old in list(_named_before.items()):
        new = namespace.get(name)
        if new is old or type(new) is not type(old) or id(new) in before:
            continue
        if maker(old) in _gone:  # this cell's, or a deleted one's; the new one may be imported
            _named_before[name] = new  # once
            for listener in _remade_listeners:
                listener(name, old, new)


def routers_not_live() -> list[Router]:
    """Every router and app router made since `helpers` was imported that no live app holds."""
    return [router for router in list(_routers.values()) if getattr(router, "_live", None) is None]


def _take_back_from_routers_not_live(cell: str) -> None:
    """A router (or app) not served and not included in a served app: the routes `cell` put in
    it go, as they do from a live one (`helpers.live` rebuilds those)."""
    for router in routers_not_live():
        routes = router.__dict__.get("routes")
        if not isinstance(routes, CellList):
            continue
        kept = [route for route in routes if routes.cell(route) != cell]
        if len(kept) != len(routes):
            list.__setitem__(routes, slice(None), kept)
            if isinstance(router, APIRouter):
                router._mark_routes_changed()  # an app including it looks again


def _forget_cell(cell: str) -> None:
    _cell_starts(cell)
    _take_back_from_routers_not_live(cell)
    for held in list(_dicts):
        held.forget(cell)
    for app, history in list(_attributes.items()):
        for name, entries in history.items():
            kept = [entry for entry in entries if entry[0] != cell]
            if len(kept) != len(entries):
                history[name] = kept
                value = kept[-1][1]
                if value is _MISSING:
                    app.__dict__.pop(name, None)
                else:
                    object.__setattr__(app, name, value)
                app.openapi_schema = None  # (a title, or `app.openapi`, changes the schema)


def _watch_router(init: Any) -> Any:
    @functools.wraps(init)
    def __init__(self: Router, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        self.routes = CellList(self.routes)  # what the constructor was given: no cell
        _routers[id(self)] = self

    return __init__


def _set_router_attribute(router: Router, name: str, value: Any) -> None:
    """`app.router.routes = [...]`: kept in the list that notes cells, as a change of its items."""
    routes = router.__dict__.get("routes")
    if name == "routes" and isinstance(routes, CellList) and not isinstance(value, CellList) and value is not routes:
        routes[:] = value
        return
    object.__setattr__(router, name, value)


def _watch_api_router(init: Any) -> Any:
    @functools.wraps(init)
    def __init__(self: APIRouter, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        if not _inside_app_init:  # (an app's own router is part of the app)
            _note_made(self)

    return __init__


def _watch_app(init: Any) -> Any:
    @functools.wraps(init)
    def __init__(self: FastAPI, *args: Any, **kwargs: Any) -> None:
        global _inside_app_init
        _inside_app_init += 1
        try:
            init(self, *args, **kwargs)
        finally:
            _inside_app_init -= 1
        # What FastAPI itself put in (its /docs pages, its default handlers) belongs to no cell.
        self.router.routes = CellList(list(self.router.routes))
        self.user_middleware = CellList(self.user_middleware)
        self.exception_handlers = CellDict(self.exception_handlers, forgets=False)
        self.dependency_overrides = CellDict(self.dependency_overrides)
        object.__setattr__(self.state, "_state", CellDict(self.state._state))
        _attributes[self] = {}  # from now on, what a cell sets on the app is noted
        _note_made(self)

    return __init__


def watch() -> None:
    """Make apps and routers made from now on note the cells (doing it again does nothing)."""
    if getattr(Router.__init__, "_helpers_watch", False):
        return
    Router.__init__ = _watch_router(Router.__init__)  # type: ignore[method-assign]
    Router.__init__._helpers_watch = True  # type: ignore[attr-defined]
    Router.__setattr__ = _set_router_attribute  # type: ignore[method-assign, assignment]
    APIRouter.__init__ = _watch_api_router(APIRouter.__init__)  # type: ignore[method-assign]
    FastAPI.__init__ = _watch_app(FastAPI.__init__)  # type: ignore[method-assign]
    FastAPI.__setattr__ = _set_attribute  # type: ignore[method-assign, assignment]
    cells.on_cell_started(_forget_cell)
    cells.on_cell_finished(settle)


watch()
