"""The live-editing rule, tested against plain FastAPI on random sequences of cells.

Hypothesis writes a notebook's history: cells defining routes (some methods of a path),
including routers under prefixes, mounting sub-applications and adding middleware, run, edited
and run again, in any order; some paths overlap (`/items/{x}` and `/items/me`), so a route
defined again must take the place of the first, as the rule says, not go last. Each cell's source is compiled and run as IPython would (a re-run
compiles new code), on a live app. The oracle is a plain FastAPI app built from the definitions
that survive the rule, written here independently of `helpers.live`: with cell ids, the cells
as they stand now, in the order they were last run; without them (nbclient), every run in
order. Both apps must give the same answers and the same /openapi.json.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI, Request
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers.cells
import helpers.server
from helpers import serve

# /v1/r clashes with a route of an included router; /items/{x} and /v1/{x} overlap the others.
ROUTE_PATHS = ["/a", "/items/{x}", "/items/me", "/v1/r", "/v1/{x}"]
PREFIXES = ["/v1", "/v2"]
MOUNTS = ["/m1", "/m2"]
MIDDLEWARE = ["mw0", "mw1"]
PROBES = ["/a", "/items/me", "/items/7", "/v1/r", "/v1/s", "/v1/7", "/v2/r", "/v2/s", "/m1/x", "/m2/x"]
CELLS = 3


def make_routers() -> list[APIRouter]:
    first, second = APIRouter(), APIRouter()

    @first.get("/r")
    def r0() -> dict[str, int]:
        return {"router": 0}

    @second.get("/r")
    def r1() -> dict[str, int]:
        return {"router": 1}

    @second.post("/s")
    def s1() -> dict[str, int]:
        return {"router": 1}

    return [first, second]


@dataclass(frozen=True)
class Route:
    path: str
    methods: tuple[str, ...]
    tag: int

    def source(self) -> str:
        parameter = "x: str" if "{x}" in self.path else ""
        return (
            f"@app.api_route({self.path!r}, methods={list(self.methods)!r})\n"
            f"def route_{self.tag}({parameter}):\n    return {{'tag': {self.tag}}}\n"
        )


@dataclass(frozen=True)
class Include:
    router: int
    prefix: str

    def source(self) -> str:
        return f"app.include_router(routers[{self.router}], prefix={self.prefix!r})\n"


@dataclass(frozen=True)
class Mount:
    path: str
    tag: int

    def source(self) -> str:
        return (
            "sub = FastAPI(openapi_url=None)\n"
            f"@sub.get('/x')\ndef x():\n    return {{'sub': {self.tag}}}\n"
            f"app.mount({self.path!r}, sub)\n"
        )


@dataclass(frozen=True)
class Middle:
    name: str
    tag: int

    def source(self) -> str:
        return (
            "@app.middleware('http')\n"
            f"async def {self.name}(request, call_next):\n"
            "    response = await call_next(request)\n"
            f"    response.headers.append('x-mw', '{self.name}:{self.tag}')\n"
            "    return response\n"
        )


Definition = Route | Include | Mount | Middle
tags = st.integers(0, 3)
definitions = st.one_of(
    st.builds(Route, st.sampled_from(ROUTE_PATHS), st.sampled_from([("GET",), ("POST",), ("GET", "POST")]), tags),
    st.builds(Include, st.integers(0, 1), st.sampled_from(PREFIXES)),
    st.builds(Mount, st.sampled_from(MOUNTS), tags),
    st.builds(Middle, st.sampled_from(MIDDLEWARE), tags),
)
# A step runs cell i with its content; None as content runs it again as it stands.
steps = st.lists(
    st.tuples(st.integers(0, CELLS - 1), st.none() | st.lists(definitions, max_size=3)), min_size=1, max_size=7
)


def surviving(runs: list[tuple[int, list[Definition]]], with_cell_ids: bool) -> list[tuple[int, Definition]]:
    """What a fresh kernel would have defined, in order, each with the run that defined it."""
    if not with_cell_ids:
        return [(run, d) for run, (_, content) in enumerate(runs) for d in content]
    last: dict[int, tuple[int, list[Definition]]] = {}
    for run, (cell, content) in enumerate(runs):
        last.pop(cell, None)  # a cell that runs again moves to the end
        last[cell] = (run, content)
    return [(run, d) for run, content in last.values() for d in content]


def leaves(definition: Definition, routers: list[APIRouter]) -> Iterator[tuple[Any, Any]]:
    """(key, what answers it) for each thing a definition answers."""
    if isinstance(definition, Route):
        for method in definition.methods:
            yield (definition.path, method), None
    elif isinstance(definition, Include):
        for route in routers[definition.router].routes:
            for method in route.methods:  # type: ignore[attr-defined]
                yield (definition.prefix + route.path, method), route  # type: ignore[attr-defined]
    elif isinstance(definition, Mount):
        yield (definition.path, "mount"), None
    else:
        yield ("middleware", definition.name), None


def plain_app(defined: list[tuple[int, Definition]], routers: list[APIRouter]) -> FastAPI:
    """A plain FastAPI app with only the newest definition of each key, in the place of the
    first definition it replaced (the routes a definition replaces all move to its place).
    Middleware of one name defined in one run are two middleware; a later run's replaces them."""
    slots: list[tuple[Definition, list[tuple[Any, Any]]]] = []  # (definition, its keys still alive)
    middleware: list[Middle | None] = []
    slot_of: dict[str, list[int]] = {}
    run_of: dict[str, int] = {}
    for run, definition in defined:
        if isinstance(definition, Middle):  # newest of a name, in the place of the first
            if definition.name in slot_of and run_of[definition.name] != run:
                places = slot_of[definition.name]
                for place in places[1:]:
                    middleware[place] = None
                middleware[places[0]] = definition
                slot_of[definition.name] = places[:1]
            else:
                slot_of.setdefault(definition.name, []).append(len(middleware))
                middleware.append(definition)
            run_of[definition.name] = run
            continue
        alive = list(leaves(definition, routers))
        keys = {key for key, _ in alive}
        replaced = [index for index, (_, old) in enumerate(slots) if keys & {key for key, _ in old}]
        slots = [(old, [(key, leaf) for key, leaf in leaves_alive if key not in keys]) for old, leaves_alive in slots]
        slots.insert(replaced[0] if replaced else len(slots), (definition, alive))
    app = FastAPI()
    for definition, alive in slots:
        if isinstance(definition, Route) and alive:
            namespace: dict[str, Any] = {"app": app}
            methods = [key[1] for key, _ in alive]
            exec(Route(definition.path, tuple(methods), definition.tag).source(), namespace)
        elif isinstance(definition, Include) and alive:
            router = APIRouter()
            for (_, method), route in alive:
                router.add_api_route(route.path, route.endpoint, methods=[method], name=route.name)
            app.include_router(router, prefix=definition.prefix)
        elif isinstance(definition, Mount) and alive:
            exec(definition.source(), {"app": app, "FastAPI": FastAPI})
    for definition in filter(None, middleware):
        exec(definition.source(), {"app": app})
    return app


def answers(call: Any) -> list[tuple[Any, ...]]:
    found = []
    for path in PROBES:
        for method in ("GET", "POST"):
            response = call(method, path)
            found.append((method, path, response.status_code, response.content, response.headers.get_list("x-mw")))
    with warnings.catch_warnings():  # FastAPI warns of the operation id shared by GET and POST
        warnings.simplefilter("ignore")
        found.append(("openapi", call("GET", "/openapi.json").json()))
    return found


@pytest.fixture(scope="module")
def live_server() -> Iterator[None]:
    """Each example serves its own app under one name (as a re-run set-up cell does); the last
    one is stopped at the end."""
    yield
    last = helpers.server._servers.get("differential")
    if last is not None:
        last.stop()


@pytest.mark.parametrize("with_cell_ids", [True, False])
@settings(
    max_examples=50,
    deadline=None,
    database=None,  # writes nothing into the repository
    derandomize=True,  # the same examples on every run
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=steps)
def test_the_live_app_answers_as_plain_fastapi_with_the_surviving_definitions(
    live_server: None, with_cell_ids: bool, history: list[tuple[int, list[Definition] | None]]
) -> None:
    app = FastAPI()
    routers = make_routers()
    server = serve(app, name="differential")
    cells: dict[int, list[Definition]] = {}
    runs: list[tuple[int, list[Definition]]] = []
    namespace: dict[str, Any] = {"app": app, "routers": routers, "FastAPI": FastAPI, "Request": Request}
    try:
        for cell, content in history:
            cells[cell] = cells.get(cell, []) if content is None else content
            runs.append((cell, cells[cell]))
            helpers.cells.cell_started(f"cell-{cell}" if with_cell_ids else None)
            source = "".join(d.source() for d in cells[cell]) or "pass\n"
            exec(compile(source, f"<cell {cell}>", "exec"), namespace)
        oracle = TestClient(plain_app(surviving(runs, with_cell_ids), make_routers()))
        assert answers(server.client.request) == answers(oracle.request)
    finally:
        helpers.cells.cell_started(None)
