"""Editing an app while it serves: what a learner does when re-running cells."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator

import pytest
from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.base import BaseHTTPMiddleware

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
    for version in ("v1", "v2"):  # the same cell, run twice

        @app.middleware("http")
        async def tag_response(request: Request, call_next: Next) -> Response:
            calls.append(version)
            response = await call_next(request)
            response.headers["X-Version"] = version
            return response

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
    app.add_middleware(Label, text="one")
    app.add_middleware(Label, text="two")
    assert server.client.get("/").headers.get_list("X-Label") == ["two"]
    assert len(app.user_middleware) == 1


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
