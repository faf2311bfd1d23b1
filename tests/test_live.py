"""Editing an app while it serves: what a learner does when re-running cells."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator

import pytest
from fastapi import APIRouter, FastAPI, Request, Response, WebSocket
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.routing import Route

import helpers.cells
import helpers.server
from helpers import LiveServer, serve

Next = Callable[[Request], Awaitable[Response]]


@pytest.fixture
def app() -> FastAPI:
    return FastAPI()


@pytest.fixture
def server(app: FastAPI) -> Iterator[LiveServer]:
    with serve(app, name="live-test") as live:
        yield live


def test_a_route_defined_again_replaces_the_old_one(app: FastAPI, server: LiveServer) -> None:
    @app.get("/items/{item_id}")
    def read_item(item_id: int) -> dict[str, int]:
        return {"item_id": item_id}

    assert server.client.get("/items/3").json() == {"item_id": 3}

    @app.get("/items/{item_id}")
    def read_item_again(item_id: int) -> dict[str, int]:
        return {"item_id": item_id, "double": item_id * 2}

    assert server.client.get("/items/3").json() == {"item_id": 3, "double": 6}
    assert len([r for r in app.routes if getattr(r, "path", "") == "/items/{item_id}"]) == 1
    operation = server.client.get("/openapi.json").json()["paths"]["/items/{item_id}"]["get"]
    assert operation["operationId"].startswith("read_item_again")


def test_a_replaced_route_keeps_its_place(app: FastAPI, server: LiveServer) -> None:
    @app.get("/users/me")
    def me() -> dict[str, str]:
        return {"user": "me, first version"}

    @app.get("/users/{user_id}")
    def user(user_id: str) -> dict[str, str]:
        return {"user": user_id}

    @app.get("/users/me")
    def me_again() -> dict[str, str]:
        return {"user": "me, second version"}

    assert server.client.get("/users/me").json() == {"user": "me, second version"}
    assert server.client.get("/users/ada").json() == {"user": "ada"}


def test_renaming_a_path_parameter_replaces_the_route(app: FastAPI, server: LiveServer) -> None:
    @app.get("/things/{id}")
    def by_id(id: str) -> str:
        return f"id {id}"

    @app.get("/things/{thing_id}")
    def by_thing_id(thing_id: str) -> str:
        return f"thing_id {thing_id}"

    assert server.client.get("/things/7").json() == "thing_id 7"


def test_other_methods_on_the_same_path_are_kept(app: FastAPI, server: LiveServer) -> None:
    @app.get("/notes")
    def list_notes() -> list[str]:
        return ["a note"]

    @app.post("/notes")
    def add_note() -> str:
        return "added"

    assert server.client.get("/notes").json() == ["a note"]
    assert server.client.post("/notes").json() == "added"


def test_routes_defined_twice_before_serving_keep_the_latest(app: FastAPI) -> None:
    @app.get("/")
    def first() -> str:
        return "first"

    @app.get("/")
    def second() -> str:
        return "second"

    with serve(app, name="live-test") as server:
        assert server.client.get("/").json() == "second"


def test_middleware_added_while_serving_takes_effect_once(app: FastAPI, server: LiveServer) -> None:
    @app.get("/")
    def root() -> str:
        return "ok"

    assert server.client.get("/").status_code == 200
    calls: list[str] = []
    cell = (
        "@app.middleware('http')\n"
        "async def tag_response(request, call_next):\n"
        "    calls.append(version)\n"
        "    response = await call_next(request)\n"
        "    response.headers['X-Version'] = version\n"
        "    return response\n"
    )
    for version in ("v1", "v2"):  # the same cell, run twice: compiled anew each time
        helpers.cells.cell_started(None)  # (as IPython's pre_run_cell does, with no cell id)
        exec(compile(cell, "<cell>", "exec"), {"app": app, "calls": calls, "version": version})

    response = server.client.get("/")
    assert response.headers["X-Version"] == "v2"
    assert calls == ["v2"]


def test_add_middleware_again_replaces_it_in_place(app: FastAPI, server: LiveServer) -> None:
    class Label(BaseHTTPMiddleware):
        def __init__(self, app: object, text: str) -> None:
            super().__init__(app)  # type: ignore[arg-type]
            self.text = text

        async def dispatch(self, request: Request, call_next: Next) -> Response:
            response = await call_next(request)
            response.headers.append("X-Label", self.text)
            return response

    @app.get("/")
    def root() -> str:
        return "ok"

    server.client.get("/")
    helpers.cells.cell_started(None)  # a cell with no id, run, then run again edited
    app.add_middleware(Label, text="one")
    helpers.cells.cell_started(None)
    app.add_middleware(Label, text="two")
    assert server.client.get("/").headers.get_list("X-Label") == ["two"]
    assert len(app.user_middleware) == 1


def test_two_alike_middleware_in_one_cell_run_both_run(app: FastAPI, server: LiveServer) -> None:
    """FAULT 5: counted "the same" by class within one run; a fresh kernel runs both."""
    class Label(BaseHTTPMiddleware):
        def __init__(self, app: object, text: str) -> None:
            super().__init__(app)  # type: ignore[arg-type]
            self.text = text

        async def dispatch(self, request: Request, call_next: Next) -> Response:
            response = await call_next(request)
            response.headers.append("X-Label", self.text)
            return response

    @app.get("/")
    def root() -> str:
        return "ok"

    server.client.get("/")
    helpers.cells.cell_started(None)
    app.add_middleware(Label, text="one")
    app.add_middleware(Label, text="two")
    assert server.client.get("/").headers.get_list("X-Label") == ["one", "two"]


def test_an_exception_handler_added_while_serving_takes_effect(app: FastAPI, server: LiveServer) -> None:
    class Teapot(Exception):
        pass

    @app.get("/tea")
    def tea() -> None:
        raise Teapot

    assert server.client.get("/tea").status_code == 500

    @app.exception_handler(Teapot)
    async def teapot(request: Request, error: Teapot) -> JSONResponse:
        return JSONResponse({"detail": "I am a teapot"}, status_code=418)

    response = server.client.get("/tea")
    assert (response.status_code, response.json()) == (418, {"detail": "I am a teapot"})


def make_router(text: str) -> APIRouter:
    router = APIRouter(prefix="/shop")

    @router.get("/hours")
    def hours() -> str:
        return text

    return router


def test_include_router_again_replaces_the_earlier_copy(app: FastAPI, server: LiveServer) -> None:
    routes_before = len(app.router.routes)
    router = make_router("9 to 5")
    app.include_router(router)
    app.include_router(router)  # the include cell run twice
    assert server.client.get("/shop/hours").json() == "9 to 5"
    app.include_router(make_router("8 to 8"))  # the router cell edited, then both re-run
    assert server.client.get("/shop/hours").json() == "8 to 8"
    assert len(app.router.routes) == routes_before + 1


def test_a_different_router_with_other_paths_is_kept(app: FastAPI, server: LiveServer) -> None:
    app.include_router(make_router("9 to 5"))
    other = APIRouter()

    @other.get("/contact")
    def contact() -> str:
        return "mail us"

    app.include_router(other)
    assert server.client.get("/shop/hours").json() == "9 to 5"
    assert server.client.get("/contact").json() == "mail us"


def test_mount_again_replaces_the_earlier_mount(app: FastAPI, server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> None:
    for text in ("old", "new"):
        folder = tmp_path_factory.mktemp(text)
        (folder / "page.txt").write_text(text)
        app.mount("/static", StaticFiles(directory=folder))
    assert server.client.get("/static/page.txt").text == "new"


def test_an_app_is_made_live_once(app: FastAPI, server: LiveServer) -> None:
    patched = app.add_middleware
    serve(app, name="live-test")
    assert app.add_middleware is patched
    assert helpers.server._servers["live-test"].client.get("/docs").status_code == 200


def test_plain_text_routes_added_with_add_route_are_replaced(app: FastAPI, server: LiveServer) -> None:
    async def v1(request: Request) -> PlainTextResponse:
        return PlainTextResponse("v1")

    async def v2(request: Request) -> PlainTextResponse:
        return PlainTextResponse("v2")

    app.add_route("/plain", v1)
    app.add_route("/plain", v2)
    assert server.client.get("/plain").text == "v2"


# The faults the issue found, and cells that own what they define.


def run_cell(source: str, namespace: dict[str, object], cell_id: str | None = None) -> None:
    """Run `source` as IPython runs a cell: the pre_run_cell event first, then fresh code."""
    helpers.cells.cell_started(cell_id)
    exec(compile(source, f"<cell {cell_id}>", "exec"), namespace)


def test_a_method_redefined_leaves_the_other_methods_of_an_api_route(app: FastAPI, server: LiveServer) -> None:
    @app.api_route("/x", methods=["GET", "POST"])
    def both() -> str:
        return "first"

    @app.post("/x")
    def post_only() -> str:
        return "second"

    assert server.client.get("/x").json() == "first"
    assert server.client.post("/x").json() == "second"


def test_one_router_included_under_two_prefixes_answers_under_both(app: FastAPI, server: LiveServer) -> None:
    router = APIRouter()

    @router.get("/items")
    def items() -> list[int]:
        return [1]

    app.include_router(router, prefix="/v1")
    app.include_router(router, prefix="/v2")
    assert server.client.get("/v1/items").json() == [1]
    assert server.client.get("/v2/items").json() == [1]
    assert {"/v1/items", "/v2/items"} <= set(server.client.get("/openapi.json").json()["paths"])


def test_a_route_redefined_in_a_mounted_app_answers_anew(app: FastAPI, server: LiveServer) -> None:
    sub = FastAPI()

    @sub.get("/hello")
    def hello() -> str:
        return "old"

    app.mount("/sub", sub)
    assert server.client.get("/sub/hello").json() == "old"

    @sub.get("/hello")
    def hello_again() -> str:
        return "new"

    assert server.client.get("/sub/hello").json() == "new"


def test_middleware_from_one_factory_all_run_in_order(app: FastAPI, server: LiveServer) -> None:
    """Two different middlewares made by one function both run; outermost is the newest."""
    seen: list[str] = []

    def make_tagger(tag: str) -> Callable[[Request, Next], Awaitable[Response]]:
        async def tagger(request: Request, call_next: Next) -> Response:
            seen.append(tag)
            response = await call_next(request)
            response.headers.append("X-Tag", tag)
            return response

        return tagger

    @app.get("/")
    def root() -> str:
        return "ok"

    app.middleware("http")(make_tagger("inner"))
    app.middleware("http")(make_tagger("outer"))
    response = server.client.get("/")
    assert seen == ["outer", "inner"]
    assert response.headers.get_list("X-Tag") == ["inner", "outer"]


def test_two_middleware_classes_keep_the_order_plain_fastapi_gives(app: FastAPI, server: LiveServer) -> None:
    seen: list[str] = []

    def middleware_class(tag: str) -> type:
        async def dispatch(self: BaseHTTPMiddleware, request: Request, call_next: Next) -> Response:
            seen.append(tag)
            return await call_next(request)

        return type(tag, (BaseHTTPMiddleware,), {"dispatch": dispatch})

    @app.get("/")
    def root() -> str:
        return "ok"

    app.add_middleware(middleware_class("First"))
    app.add_middleware(middleware_class("Second"))
    server.client.get("/")
    plain = FastAPI()
    plain.get("/")(root)
    plain.add_middleware(middleware_class("First"))
    plain.add_middleware(middleware_class("Second"))
    expected = seen[:]
    seen.clear()
    with serve(plain, name="plain") as other:  # a plain app would be the same; serve keeps order
        other.client.get("/")
    assert expected == seen == ["Second", "First"]


def test_a_rerun_cell_takes_away_what_it_defined_before(app: FastAPI, server: LiveServer) -> None:
    namespace: dict[str, object] = {"app": app}
    run_cell("@app.get('/old')\ndef old():\n    return 'old'\n", namespace, cell_id="c1")
    assert server.client.get("/old").json() == "old"
    run_cell("@app.get('/new')\ndef new():\n    return 'new'\n", namespace, cell_id="c1")  # renamed
    assert server.client.get("/old").status_code == 404
    assert server.client.get("/new").json() == "new"
    assert "/old" not in server.client.get("/openapi.json").json()["paths"]


def test_a_redefinition_taken_away_brings_back_the_earlier_definition(app: FastAPI, server: LiveServer) -> None:
    namespace: dict[str, object] = {"app": app}
    run_cell("@app.get('/x')\ndef x():\n    return 'cell A'\n", namespace, cell_id="A")
    run_cell("@app.get('/x')\ndef x():\n    return 'cell B'\n", namespace, cell_id="B")
    assert server.client.get("/x").json() == "cell B"
    run_cell("pass\n", namespace, cell_id="B")  # the learner deleted the decorator in cell B
    assert server.client.get("/x").json() == "cell A"


def test_a_rerun_cell_takes_away_its_middleware_and_handlers(app: FastAPI, server: LiveServer) -> None:
    namespace: dict[str, object] = {"app": app}
    run_cell("@app.get('/fail')\ndef fail():\n    raise KeyError('x')\n", namespace, cell_id="routes")
    cell = (
        "from fastapi.responses import JSONResponse\n"
        "@app.middleware('http')\n"
        "async def tag(request, call_next):\n"
        "    response = await call_next(request)\n"
        "    response.headers['X-Tag'] = 'on'\n"
        "    return response\n"
        "@app.exception_handler(KeyError)\n"
        "async def missing(request, error):\n"
        "    return JSONResponse({'detail': 'missing'}, status_code=404)\n"
    )
    run_cell(cell, namespace, cell_id="extras")
    response = server.client.get("/fail")
    assert (response.status_code, response.headers.get("X-Tag")) == (404, "on")
    run_cell("pass\n", namespace, cell_id="extras")
    response = server.client.get("/fail")
    assert (response.status_code, response.headers.get("X-Tag")) == (500, None)


def test_a_deleted_cell_takes_its_routes_away(app: FastAPI, server: LiveServer) -> None:
    namespace: dict[str, object] = {"app": app}
    run_cell("@app.get('/gone')\ndef gone():\n    return 'here'\n", namespace, cell_id="doomed")
    helpers.cells.cell_started("another", deleted=["doomed"])
    assert server.client.get("/gone").status_code == 404


def test_without_cell_ids_the_newest_definition_wins(app: FastAPI, server: LiveServer) -> None:
    namespace: dict[str, object] = {"app": app}
    run_cell("@app.get('/a')\ndef a():\n    return 1\n", namespace)
    run_cell("@app.get('/b')\ndef b():\n    return 2\n", namespace)
    run_cell("@app.get('/a')\ndef a():\n    return 3\n", namespace)
    assert [server.client.get(p).json() for p in ("/a", "/b")] == [3, 2]


@pytest.mark.parametrize("before_serving", [False, True])
def test_a_static_site_at_the_root_leaves_the_docs_working(
    tmp_path_factory: pytest.TempPathFactory, before_serving: bool
) -> None:
    folder = tmp_path_factory.mktemp("site")
    (folder / "index.html").write_text("<h1>my site</h1>")
    app = FastAPI()
    if before_serving:
        app.mount("/", StaticFiles(directory=folder, html=True))
    with serve(app, name="static-root") as live:
        if not before_serving:
            app.mount("/", StaticFiles(directory=folder, html=True))
        docs = live.client.get("/docs").text
        asset = docs.split('<script src="')[1].split('"')[0]
        assert live.client.get(asset).status_code == 200
        assert live.client.get("/openapi.json").status_code == 200
        assert "my site" in live.client.get("/").text


def test_the_cell_hook_is_registered_once_in_ipython() -> None:
    shell = pytest.importorskip("IPython.core.interactiveshell").InteractiveShell.instance()
    try:
        helpers.cells.watch_cells()
        helpers.cells.watch_cells()
        assert shell.events.callbacks["pre_run_cell"].count(helpers.cells._pre_run_cell) == 1
    finally:
        shell.events.unregister("pre_run_cell", helpers.cells._pre_run_cell)
        shell.events.unregister("post_run_cell", helpers.cells._post_run_cell)
        type(shell).clear_instance()


def test_a_route_redefined_after_its_router_was_included_answers_alone(app: FastAPI, server: LiveServer) -> None:
    router = APIRouter()

    @router.get("/hours")
    def hours() -> str:
        return "router"

    @router.get("/contact")
    def contact() -> str:
        return "router"

    app.include_router(router, prefix="/shop")

    @app.get("/shop/hours")
    def new_hours() -> str:
        return "app"

    assert server.client.get("/shop/hours").json() == "app"
    assert server.client.get("/shop/contact").json() == "router"
    paths = server.client.get("/openapi.json").json()["paths"]
    assert paths["/shop/hours"]["get"]["operationId"].startswith("new_hours")
    assert paths["/shop/contact"]["get"]["operationId"].startswith("contact")


def test_routes_changed_by_hand_are_kept_in_the_ledger(app: FastAPI, server: LiveServer) -> None:
    async def hello(request: Request) -> PlainTextResponse:
        return PlainTextResponse("by hand")

    app.router.routes.append(Route("/by-hand", hello))  # not through an adder

    @app.get("/other")
    def other() -> str:  # a rebuild must keep the route appended by hand
        return "other"

    assert server.client.get("/by-hand").text == "by hand"
    [removed] = [r for r in app.router.routes if getattr(r, "path", "") == "/other"]
    app.router.routes.remove(removed)

    @app.get("/third")
    def third() -> str:  # nor bring back the route removed by hand
        return "third"

    assert server.client.get("/other").status_code == 404


def test_a_websocket_defined_again_answers_with_the_newest(app: FastAPI, server: LiveServer) -> None:
    from websockets.sync.client import connect

    for greeting in ("old", "new"):

        async def greet(websocket: WebSocket, greeting: str = greeting) -> None:
            await websocket.accept()
            await websocket.send_text(greeting)
            await websocket.close()

        app.add_api_websocket_route("/ws", greet)
    with connect(f"ws://127.0.0.1:{server.port}/ws") as websocket:
        assert websocket.recv() == "new"


def test_defining_a_route_keeps_the_state_of_middleware(app: FastAPI, server: LiveServer) -> None:
    class Counter(BaseHTTPMiddleware):
        def __init__(self, app: object) -> None:
            super().__init__(app)  # type: ignore[arg-type]
            self.count = 0

        async def dispatch(self, request: Request, call_next: Next) -> Response:
            self.count += 1
            response = await call_next(request)
            response.headers["X-Count"] = str(self.count)
            return response

    app.add_middleware(Counter)

    @app.get("/one")
    def one() -> int:
        return 1

    server.client.get("/one")

    @app.get("/two")
    def two() -> int:
        return 2

    assert server.client.get("/two").headers["X-Count"] == "2"


def test_a_route_redefined_on_an_included_router_takes_the_old_ones_place(app: FastAPI, server: LiveServer) -> None:
    namespace: dict[str, object] = {"app": app, "APIRouter": APIRouter}
    run_cell("router = APIRouter()\n", namespace, cell_id="router")
    routes = "@router.get('/me')\ndef me():\n    return 'me 1'\n@router.get('/{name}')\ndef user(name: str):\n    return name\n"
    run_cell("app.include_router(router, prefix='/users')\n", namespace, cell_id="include")
    run_cell(routes, namespace, cell_id="routes")  # (before the include, IPython tells their cell)
    run_cell("@router.get('/me')\ndef me():\n    return 'me 2'\n", namespace, cell_id="another")
    assert server.client.get("/users/me").json() == "me 2"  # ahead of /users/{name}, as before
    run_cell("pass\n", namespace, cell_id="another")
    assert server.client.get("/users/me").json() == "me 1"
    run_cell("pass\n", namespace, cell_id="routes")
    assert server.client.get("/users/ada").status_code == 404
    assert not [path for path in server.client.get("/openapi.json").json()["paths"] if path.startswith("/users")]
