"""The live server: ready means ready, failures are clear, re-runs replace, nothing leaks."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import httpx
import pytest
import uvicorn
from fastapi import APIRouter, FastAPI
from fastapi.responses import StreamingResponse

import helpers.server
from helpers import ServerError, serve
from helpers.processes import free_port


def hello_app(message: str = "hello") -> FastAPI:
    app = FastAPI()

    @app.get("/")
    def root() -> dict[str, str]:
        return {"message": message}

    return app


def answers(url: str) -> bool:
    try:
        httpx.get(url, timeout=1, trust_env=False)
    except httpx.TransportError:
        return False
    return True


@pytest.fixture(autouse=True)
def no_server_left() -> Iterator[None]:
    yield
    for server in list(helpers.server._servers.values()):
        server.stop()


def test_serve_returns_only_when_the_app_answers() -> None:
    server = serve(hello_app())
    assert server.url.startswith("http://127.0.0.1:")
    assert server.client.get("/").json() == {"message": "hello"}


def test_the_server_listens_on_loopback_only() -> None:
    server = serve(hello_app())
    assert server._uvicorn is not None
    [listener] = server._uvicorn.servers[0].sockets
    assert listener.getsockname()[0] == "127.0.0.1"


def test_a_taken_port_fails_at_once_and_says_what_to_do() -> None:
    with socket.socket() as other_program:
        other_program.bind(("127.0.0.1", 0))
        other_program.listen()
        port = other_program.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(ServerError, match=rf"Port {port} on 127.0.0.1 is already in use.*Leave out `port=`"):
            serve(hello_app(), port=port)
        assert time.monotonic() - started < 2


def test_a_failed_start_does_not_leave_the_old_app_answering() -> None:
    old = serve(hello_app("old"))
    with socket.socket() as other_program:
        other_program.bind(("127.0.0.1", 0))
        other_program.listen()
        with pytest.raises(ServerError):
            serve(hello_app("new"), port=other_program.getsockname()[1])
    assert not answers(old.url)


def test_a_port_used_by_another_of_your_servers_is_named() -> None:
    first = serve(hello_app(), name="first")
    with pytest.raises(ServerError, match="in use by your server 'first'"):
        serve(hello_app(), port=first.port, name="second")


def test_a_failing_lifespan_raises_with_its_traceback() -> None:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        raise ValueError("the database is not there")
        yield

    started = time.monotonic()
    with pytest.raises(ServerError, match=r"(?s)failed to start.*ValueError: the database is not there"):
        serve(FastAPI(lifespan=lifespan))
    assert time.monotonic() - started < 5


def test_a_hanging_lifespan_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(helpers.server, "START_TIMEOUT", 0.5)
    release = asyncio.Event()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await release.wait()  # never set: start-up never ends
        yield

    with pytest.raises(ServerError, match="did not finish starting within 0 s"):
        serve(FastAPI(lifespan=lifespan), name="hanging")


def test_serving_again_replaces_the_earlier_server_on_its_port() -> None:
    first = serve(hello_app("first"))
    second = serve(hello_app("second"))
    assert second.url == first.url  # an open /docs tab keeps working
    assert httpx.get(first.url, trust_env=False).json() == {"message": "second"}
    assert not first.running and first.state() == "replaced"


def test_serving_again_takes_a_new_port_when_the_old_one_was_taken() -> None:
    server = helpers.server.LiveServer(hello_app(), 0, "app")
    with socket.socket() as other_program:
        other_program.bind(("127.0.0.1", 0))
        other_program.listen()
        taken = other_program.getsockname()[1]
        with helpers.server._bind([taken, 0], server, restarting=False) as listener:
            assert listener.getsockname()[1] not in (taken, 0)


def test_serving_again_on_a_fixed_port_reuses_it() -> None:
    port = free_port()
    first = serve(hello_app("first"), port=port)
    first.client.get("/")  # an open keep-alive connection must not block the port
    second = serve(hello_app("second"), port=port)
    assert second.url == first.url
    assert second.client.get("/").json() == {"message": "second"}


def test_an_app_with_a_lifespan_shuts_down_before_its_replacement_starts() -> None:
    events: list[str] = []

    def app_with_lifespan(label: str) -> FastAPI:
        @asynccontextmanager
        async def lifespan(app: FastAPI) -> AsyncIterator[None]:
            events.append(f"{label} start")
            yield
            events.append(f"{label} stop")

        return FastAPI(lifespan=lifespan)

    serve(app_with_lifespan("old"))
    serve(app_with_lifespan("new"))
    assert events == ["old start", "old stop", "new start"]


def test_fifty_serve_cycles_leak_no_threads_or_file_descriptors() -> None:
    def settled(count: int) -> bool:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if threading.active_count() <= count and open_fds() <= fds:
                return True
            time.sleep(0.05)
        return False

    def open_fds() -> int:
        return len(os.listdir("/proc/self/fd"))

    app = hello_app()
    serve(app).stop()  # imports and first-time set-up are not leaks
    threads, fds = threading.active_count(), open_fds()
    for _ in range(25):
        server = serve(app)  # as when a learner re-runs the cell
        server.client.get("/")
    server.stop()
    for _ in range(25):
        with serve(app) as server:
            server.client.get("/")
    assert settled(threads), threading.enumerate()
    assert open_fds() <= fds


def test_restart_keeps_the_url_and_with_stops() -> None:
    with serve(hello_app()) as server:
        url = server.url
        server.restart()
        assert server.url == url
        assert server.client.get("/").status_code == 200
    assert not answers(url)
    assert not server.running


def test_serving_again_after_a_restart_replaces_the_restarted_server() -> None:
    first = serve(hello_app("first"))
    first.restart()
    second = serve(hello_app("second"))
    assert not first.running and second.url == first.url
    assert httpx.get(first.url, trust_env=False).json() == {"message": "second"}


def test_stop_ends_an_endless_streaming_response() -> None:
    app = FastAPI()

    @app.get("/forever")
    async def forever() -> StreamingResponse:
        async def ticks() -> AsyncIterator[bytes]:
            while True:
                yield b"tick\n"
                await asyncio.sleep(0.01)

        return StreamingResponse(ticks())

    server = serve(app)
    with httpx.stream("GET", f"{server.url}/forever", trust_env=False) as response:
        next(response.iter_lines())
        started = time.monotonic()
        server.stop()
    assert time.monotonic() - started < 5


def test_logs_stay_out_of_the_output_and_are_there_on_demand(capfd: pytest.CaptureFixture[str]) -> None:
    app = FastAPI()

    @app.get("/divide")
    def divide() -> float:
        return 1 / 0

    server = serve(app)
    assert server.client.get("/divide").status_code == 500
    server.stop()
    assert capfd.readouterr() == ("", "")
    logs = server.logs()
    assert "GET /divide -> 500" in logs
    assert "Traceback (most recent call last)" in logs
    assert "ZeroDivisionError: division by zero" in logs
    assert repr(logs) == str(logs)  # a notebook shows lines, not a quoted string


@pytest.mark.parametrize(
    ("app", "port", "error", "message"),
    [
        (42, 0, TypeError, "serve\\(\\) needs a FastAPI app.*got int 42"),
        (hello_app, 0, TypeError, "needs a FastAPI app.*got function"),
        (hello_app(), -1, ValueError, "port must be a whole number from 1024 to 65535, or 0"),
        (hello_app(), 70000, ValueError, "got 70000"),
        (hello_app(), "8000", ValueError, "got '8000'"),
        (hello_app(), True, ValueError, "got True"),
        (hello_app(), 80, ValueError, "from 1024 to 65535.*got 80"),
        (APIRouter(), 0, TypeError, "got APIRouter.*app.include_router\\(router\\)"),
    ],
)
def test_misuse_gets_a_clear_message(app: object, port: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message) as raised:
        serve(app, port=port)  # type: ignore[arg-type]
    assert raised.value._render_traceback_() == [f"{type(raised.value).__name__}: {raised.value}"]  # one line


def test_the_client_keeps_working_after_a_route_raises() -> None:
    app = FastAPI()

    @app.get("/fail")
    def fail() -> None:
        raise RuntimeError("a bug in the route")

    server = serve(app)
    statuses = [server.client.get("/fail").status_code for _ in range(20)]
    assert statuses == [500] * 20


def test_logs_stay_out_after_uvicorn_sets_up_its_default_logging(capfd: pytest.CaptureFixture[str]) -> None:
    server = serve(hello_app())
    uvicorn.Config(FastAPI())  # as `uvicorn.run(app)` in a cell does: handlers to stdout, globally
    server.client.get("/")
    assert capfd.readouterr() == ("", "")
    assert "GET / -> 200" in server.logs()


def test_requests_are_logged_in_a_fresh_process_with_no_logging_set_up() -> None:
    """As in a notebook kernel, where (unlike under pytest) no logging handler exists."""
    script = (
        "from fastapi import FastAPI\n"
        "from helpers import serve\n"
        "app = FastAPI()\n"
        "server = serve(app)\n"
        "server.client.get('/nowhere')\n"
        "server.stop()\n"
        "print(server.logs())\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.stderr == ""
    assert "INFO: GET /nowhere -> 404" in result.stdout.splitlines()


def test_logs_include_the_error_of_the_request_just_made() -> None:
    app = FastAPI()

    @app.get("/fail")
    def fail() -> None:
        raise LookupError("nothing here")

    server = serve(app)
    for attempt in range(20):  # the traceback is logged after the client got its 500
        server.client.get("/fail")
        assert server.logs().count("LookupError: nothing here") == attempt + 1
