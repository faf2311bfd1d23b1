"""The live server under interrupts and faults, and what a failing call shows in the cell."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import os
import signal
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI, Request

import helpers.server
from helpers import ServerError, serve
from helpers.checks import exercise
from helpers.client import NotJSON, RouteTimeout, ServerNotRunning
from helpers.processes import free_port


@pytest.fixture(autouse=True)
def no_server_left() -> Iterator[None]:
    yield
    for server in list(helpers.server._servers.values()):
        server.stop()


def threads_named(part: str) -> list[threading.Thread]:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        alive = [t for t in threading.enumerate() if part in t.name]
        if not alive:
            return []
        time.sleep(0.01)
    return alive


def blocking_app(release: threading.Event, entered: threading.Event) -> FastAPI:
    app = FastAPI()

    @app.get("/wait")
    def wait() -> str:  # a plain def: it blocks a worker thread, not the event loop
        entered.set()
        release.wait(30)
        return "done"

    @app.get("/")
    def root() -> str:
        return "ok"

    return app


def test_an_interrupted_start_leaves_nothing_running() -> None:
    started = threading.Event()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        started.set()
        await asyncio.Event().wait()  # a start-up that never ends
        yield

    def interrupt() -> None:
        started.wait(10)
        os.kill(os.getpid(), signal.SIGINT)  # what "Interrupt the kernel" does

    threading.Thread(target=interrupt).start()
    with pytest.raises(KeyboardInterrupt):
        serve(FastAPI(lifespan=lifespan), name="interrupted")
    assert "interrupted" not in helpers.server._servers
    assert threads_named("helpers-serve-interrupted") == []


def test_stopping_one_server_never_waits_for_another() -> None:
    release, entered = threading.Event(), threading.Event()
    slow = serve(blocking_app(release, entered), name="slow")
    def call() -> None:
        with contextlib.suppress(httpx.HTTPError):
            slow.client.get("/wait")

    caller = threading.Thread(target=call)
    caller.start()
    try:
        assert entered.wait(10)
        serve(FastAPI(), name="slow")  # the cell run again: the old server winds down alone
        other = serve(FastAPI(), name="other")
        other.stop()  # returns at once, and blames no one
        assert slow._thread is not None and slow._thread.is_alive()  # still waiting for its request
    finally:
        release.set()
        caller.join(10)


def test_a_request_in_flight_when_its_server_is_replaced_fails_plainly() -> None:
    release, entered = threading.Event(), threading.Event()
    server = serve(blocking_app(release, entered), name="replaced")
    errors: list[BaseException] = []

    def call() -> None:
        try:
            server.client.get("/wait")
        except BaseException as error:
            errors.append(error)

    caller = threading.Thread(target=call)
    caller.start()
    try:
        assert entered.wait(10)
        serve(FastAPI(), name="replaced")
        caller.join(10)  # the old server gives its request 2 s, then closes the connection
    finally:
        release.set()
    [error] = errors
    assert isinstance(error, ServerNotRunning)
    assert str(error).startswith("GET /wait: server 'replaced' was replaced by a new one while this request")
    assert "Errno" not in str(error)


def test_calling_a_stopped_server_says_so() -> None:
    server = serve(FastAPI(), name="stopped")
    server.stop()
    with pytest.raises(ServerNotRunning, match=r"^GET /: server 'stopped' was stopped\. Use the `server`"):
        server.client.get("/")


def test_a_route_that_blocks_the_event_loop_times_out_with_advice() -> None:
    release = threading.Event()
    app = FastAPI()

    @app.get("/block")
    async def block() -> str:
        release.wait(30)  # the learner's mistake: a blocking wait inside async def
        return "late"

    server = serve(app, name="blocking")
    try:
        with pytest.raises(RouteTimeout, match="no answer within 0.5 s.*blocks the event loop") as raised:
            server.client.get("/block", timeout=0.5)
        assert isinstance(raised.value, httpx.TimeoutException)  # `except httpx.HTTPError` still works
        assert raised.value._render_traceback_() == [f"RouteTimeout: {raised.value}"]
    finally:
        release.set()


def test_json_of_a_route_that_raised_is_one_clear_error() -> None:
    app = FastAPI()

    @app.get("/fail")
    def fail() -> None:
        raise ZeroDivisionError

    server = serve(app, name="raising")
    response = server.client.get("/fail")
    with pytest.raises(NotJSON, match=r"^GET /fail answered 500 .*'Internal Server Error'.*server.logs\(\)") as raised:
        response.json()
    assert isinstance(raised.value, ValueError)
    assert len(raised.value._render_traceback_()) == 1


def test_a_check_whose_call_times_out_says_the_route_is_slow_or_blocking() -> None:
    release = threading.Event()
    app = FastAPI()

    @app.get("/slow")
    async def slow() -> str:
        release.wait(30)
        return "late"

    server = serve(app, name="slow-check")
    try:
        with exercise("slow", nudge="...", hint="...") as check:
            check.call(server, "GET", "/slow", timeout=0.5)
    finally:
        release.set()
    [(ok, message)] = check.report.steps
    assert not ok and "slow, or it blocks the event loop" in message
    assert "set-up cell" not in message


def test_restart_on_a_port_taken_meanwhile_gives_advice_that_fits() -> None:
    server = serve(FastAPI(), name="restarting")
    server.stop()
    with socket.socket() as other_program:
        other_program.bind(("127.0.0.1", server.port))
        other_program.listen()
        with pytest.raises(ServerError) as raised:
            server.restart()
    message = str(raised.value)
    assert f"Port {server.port}, where server 'restarting' ran, was taken meanwhile" in message
    assert "Run the set-up cell again" in message and "port=" not in message


def test_a_fixed_port_cannot_be_taken_while_the_lifespan_starts() -> None:
    port = free_port()
    taken: list[int] = []

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with socket.socket() as other_program:  # another program, as eager as uvicorn itself
            other_program.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                other_program.bind(("127.0.0.1", port))
                other_program.listen()
            except OSError as error:
                taken.append(error.errno)
        yield

    app = FastAPI(lifespan=lifespan)

    @app.get("/")
    def root() -> str:
        return "mine"

    server = serve(app, port=port, name="fixed")
    assert taken == [errno.EADDRINUSE]
    assert server.client.get("/").json() == "mine"


@pytest.mark.parametrize("prefix", ["/user/josé/", "/user/jos%C3%A9/", "/user/ada/"])
def test_behind_a_hub_redirects_and_url_for_work_for_the_client_and_the_browser(
    prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", prefix)
    app = FastAPI()

    @app.get("/items/")
    def items() -> list[str]:
        return ["an item"]

    @app.get("/link")
    def link(request: Request) -> str:
        return str(request.url_for("items"))

    server = serve(app, name="hub")
    encoded = prefix.replace("é", "%C3%A9").rstrip("/")
    assert server.client.get("/items", follow_redirects=True).json() == ["an item"]
    assert server.client.get(server.client.get("/link").json()).json() == ["an item"]
    # The browser, through jupyter-server-proxy: the proxy strips the prefix, keeps the Host.
    with httpx.Client(base_url=server.url, trust_env=False, headers={"Host": "hub.example"}) as proxy:
        location = proxy.get("/items").headers["location"]
        assert location == f"http://hub.example{encoded}/proxy/{server.port}/items/"
        assert proxy.get("/link").json() == f"http://hub.example{encoded}/proxy/{server.port}/items/"
        assert proxy.get("/docs").status_code == 200


def test_lesson_00_says_what_to_do_for_each_of_these_messages() -> None:
    lesson = json.loads((Path(__file__).parent.parent / "notebooks" / "00-welcome.ipynb").read_text())
    [table] = ["".join(c["source"]) for c in lesson["cells"] if "## When you are stuck" in "".join(c["source"])]
    for seen in [
        "NameError: name 'app' is not defined",
        "ServerNotRunning: ... was stopped",
        "was replaced by a new one",
        "NotJSON: GET /x answered 500",
        "RouteTimeout: GET /x: no answer within 10 s",
        "ServerError: Port ... is already in use",
    ]:
        assert f"{seen}" in table
