"""The live server's watchdog: a request that holds the event loop is named, in `server.logs()`
and in one line of the cell that sent it; a quiet or merely busy server is never blamed.

A blocking call in an `async def` route (the top beginner confusion) makes every other request
wait. The watchdog must say so for that route, and for nothing else: a plain `def` route that
sleeps or computes runs in the thread pool, and thousands of fast requests keep the loop busy
without holding it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio
import pytest
from fastapi import APIRouter, BackgroundTasks, Depends, FastAPI, Request, WebSocket
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse
from jupyter_client.manager import KernelManager

from helpers import LiveServer, serve
from helpers.thread_server import Hold
from test_kernel import FrontEnd, run, text

NOTICE = "held the server's event loop"


def make_app() -> FastAPI:
    app = FastAPI()

    @app.get("/blocking")
    async def blocking() -> dict[str, int]:
        time.sleep(1)
        return {"slept": 1}

    @app.get("/items/{item_id}")
    async def blocking_item(item_id: int, seconds: float = 0.3) -> dict[str, int]:
        time.sleep(seconds)
        return {"item_id": item_id}

    @app.get("/sleeping")
    def sleeping() -> dict[str, int]:
        time.sleep(1)
        return {"slept": 1}

    @app.get("/awaiting")
    async def awaiting() -> dict[str, int]:
        await asyncio.sleep(1)
        return {"slept": 1}

    @app.get("/computing")
    def computing() -> dict[str, int]:
        return {"sum": sum(i * i for i in range(2_000_000))}

    @app.get("/fast")
    async def fast() -> dict[str, bool]:
        return {"fast": True}

    return app


@pytest.fixture
def server() -> Iterator[LiveServer]:
    with serve(make_app(), name="watchdog-test") as live:
        yield live


def warnings_in(server: LiveServer) -> list[str]:
    return [line for line in server.logs().splitlines() if line.startswith("WARNING:")]


def test_a_blocking_async_route_is_named_in_the_logs_and_in_one_line(server: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert server.client.get("/blocking").json() == {"slept": 1}
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 1 and printed[0].startswith(f"⚠️ GET /blocking {NOTICE} for about 1 s"), printed
    for fix in ("plain `def`", "await asyncio.sleep", "asyncio.to_thread", "run_in_threadpool"):
        assert fix in printed[0]
    assert len(warnings_in(server)) == 1
    assert warnings_in(server)[0].startswith("WARNING: GET /blocking held the event loop for about 1 s")
    server.client.get("/fast")
    assert capsys.readouterr().out == "", "a request is named once, by the request that held the loop"


def test_the_log_names_the_route_of_the_request(server: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    server.client.get("/items/7")
    assert "WARNING: GET /items/7 (route /items/{item_id}) held the event loop for less than a second" in server.logs()
    assert capsys.readouterr().out.startswith(f"⚠️ GET /items/7 {NOTICE} for less than a second")


def test_only_the_request_that_held_the_loop_is_named_not_the_one_that_waited(server: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    with ThreadPoolExecutor() as pool:
        slow = pool.submit(server.client.get, "/blocking")
        time.sleep(0.2)
        started = time.perf_counter()
        server.client.get("/fast")
        waited = time.perf_counter() - started
        slow.result()
    assert waited > 0.5, "the fast request waited for the blocking one"
    printed = capsys.readouterr().out.splitlines()
    assert [line.split(NOTICE)[0] for line in printed] == ["⚠️ GET /blocking "]
    assert len(warnings_in(server)) == 1


def test_two_blocking_requests_are_two_holds(server: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    with ThreadPoolExecutor() as pool:
        list(pool.map(lambda _: server.client.get("/items/1", params={"seconds": 0.5}), range(2)))
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert len(warnings_in(server)) == 2


@pytest.mark.parametrize("path", ["/sleeping", "/awaiting"])
def test_no_alarm_for_a_route_that_waits_without_holding_the_loop(server: LiveServer, capsys: pytest.CaptureFixture[str], path: str) -> None:
    with ThreadPoolExecutor() as pool:
        list(pool.map(lambda _: server.client.get(path), range(3)))
    assert capsys.readouterr().out == ""
    assert warnings_in(server) == []


def test_no_alarm_for_cpu_bound_work_in_plain_def_routes(server: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: server.client.get("/computing"), range(8)))
    assert capsys.readouterr().out == ""
    assert warnings_in(server) == []


def test_no_alarm_for_a_burst_of_fast_requests(server: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: server.client.get("/fast").status_code, range(2000)))
    assert answers == [200] * 2000
    assert capsys.readouterr().out == ""
    assert warnings_in(server) == []


def test_no_alarm_on_a_quiet_server(server: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    time.sleep(1.5)
    server.client.get("/fast")
    assert capsys.readouterr().out == ""
    assert warnings_in(server) == []


def test_the_threshold_is_set_in_serve(capsys: pytest.CaptureFixture[str]) -> None:
    with serve(make_app(), name="watchdog-lenient", watchdog=0.6) as lenient:
        lenient.client.get("/items/1", params={"seconds": 0.3})
        assert capsys.readouterr().out == "" and warnings_in(lenient) == []
        lenient.client.get("/blocking")
        assert capsys.readouterr().out.startswith(f"⚠️ GET /blocking {NOTICE}")
    with serve(make_app(), name="watchdog-strict", watchdog=0.05) as strict:
        strict.client.get("/items/1", params={"seconds": 0.1})
        assert capsys.readouterr().out.startswith(f"⚠️ GET /items/1 {NOTICE} for less than a second")
    with serve(make_app(), name="watchdog-off", watchdog=None) as off:
        off.client.get("/blocking")
        assert capsys.readouterr().out == "" and warnings_in(off) == []
    for wrong in (0, -1, "fast", True):
        with pytest.raises(ValueError, match="watchdog must be a number of seconds"):
            serve(make_app(), name="watchdog-wrong", watchdog=wrong)  # type: ignore[arg-type]


@pytest.mark.parametrize(("seconds", "described"), [(0.15, "less than a second"), (0.69, "less than a second"),
                                                     (0.8, "about 1 s"), (1.02, "about 1 s"), (1.6, "about 2 s"),
                                                     (2.1, "about 2 s")])
def test_a_hold_is_described_never_timed_to_the_millisecond(seconds: float, described: str) -> None:
    assert Hold("GET", "/x", "/x", 1, seconds).duration() == described


# ---------------------------------------------------------------------------------------------
# In a real kernel, as JupyterLab drives it: the line lands in the cell that sent the request.

@pytest.fixture(scope="module")
def kernel() -> Iterator[FrontEnd]:
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    front_end = FrontEnd("jupyterlab", client)
    front_end.pid = manager.provisioner.pid  # type: ignore[attr-defined, union-attr]  # to interrupt it as JupyterLab does
    try:
        client.wait_for_ready(timeout=60)
        run(front_end, "import asyncio, time\nfrom fastapi import FastAPI\nfrom helpers import serve\napp = FastAPI()\nserver = serve(app)\n", "setup")
        yield front_end
    finally:
        run(front_end, "server.stop()", "teardown")
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_in_a_kernel_the_calling_cell_shows_one_line_and_the_logs_keep_it(kernel: FrontEnd) -> None:
    run(kernel, "@app.get('/slow')\nasync def slow():\n    time.sleep(1)\n    return 'done'\n", "route")
    outputs = run(kernel, "print(server.client.get('/slow').json())", "call")
    assert [output["type"] for output in outputs] == ["stream"] * len(outputs)
    lines = text(outputs).splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"⚠️ GET /slow {NOTICE} for about 1 s") and lines[1] == "done", lines
    logs = text(run(kernel, "print(server.logs())", "logs"))
    assert "WARNING: GET /slow held the event loop for about 1 s" in logs
    # The fix: a plain def. The same call now shows only its answer.
    run(kernel, "@app.get('/slow')\ndef slow():\n    time.sleep(1)\n    return 'done'\n", "route")
    assert text(run(kernel, "print(server.client.get('/slow').json())", "call")) == "done\n"


def test_in_a_kernel_two_requests_at_once_name_only_the_blocking_one(kernel: FrontEnd) -> None:
    run(kernel, "@app.get('/hold')\nasync def hold():\n    time.sleep(1)\n    return 1\n\n@app.get('/quick')\nasync def quick():\n    return 2\n", "routes")
    code = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as pool:\n"
        "    slow = pool.submit(server.client.get, '/hold')\n"
        "    time.sleep(0.2)\n"
        "    started = time.perf_counter()\n"
        "    server.client.get('/quick')\n"
        "    waited = time.perf_counter() - started\n"
        "    slow.result()\n"
        "print('waited for the slow one:', waited > 0.5)\n"
    )
    lines = text(run(kernel, code, "two-at-once")).splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"⚠️ GET /hold {NOTICE}") and lines[1] == "waited for the slow one: True", lines


def test_an_async_route_that_computes_holds_the_loop_too() -> None:
    """Not only a blocking call: pure computation in `async def` runs on the loop as well."""
    app = FastAPI()

    @app.get("/crunch")
    async def crunch() -> dict[str, int]:
        return {"sum": sum(i * i for i in range(6_000_000))}

    server = serve(app)
    try:
        server.client.get("/crunch")
        assert "GET /crunch held the event loop" in str(server.logs())
    finally:
        server.stop()


def test_behind_a_hub_prefix_the_hold_names_the_apps_own_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """With `root_path` set (JupyterHub, Binder), uvicorn's scope path starts with the prefix;
    the line names the path the learner wrote (a checker compares it)."""
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/ada/")
    server = serve(make_app())
    try:
        server.client.get("/blocking")
        [warning] = [line for line in str(server.logs()).splitlines() if line.startswith("WARNING")]
        assert warning.startswith("WARNING: GET /blocking held the event loop")
    finally:
        server.stop()


def test_a_request_that_only_waits_for_a_cpu_is_not_blamed() -> None:
    """On a machine busier than its cores, the loop's thread can sit in a request's quick code
    without running: a hold counts only while the thread waits in a call (Linux tells which)."""
    from helpers.thread_server import _runs, _Sample

    scope = {"type": "http", "method": "GET", "path": "/", "client": ("127.0.0.1", 5)}
    waiting_for_cpu = [_Sample(scope, blocked=False, taken=t) for t in (0.1, 0.2, 0.3)]
    assert list(_runs(waiting_for_cpu, 0.0, 0.4)) == []
    sleeping = [_Sample(scope, blocked=True, taken=t) for t in (0.1, 0.2, 0.3)]
    assert [seconds for _, seconds, _ in _runs(sleeping, 0.0, 0.4)] == [0.4]


@pytest.mark.skipif(not __import__("os").path.exists("/proc/self/task"), reason="Linux only: /proc tells a thread's state")
def test_the_loop_threads_state_tells_a_sleep_from_a_wait_for_a_cpu() -> None:
    import threading

    from helpers.thread_server import LoopWatchdog

    def state_of(target: object) -> bool:
        ready, answer = threading.Event(), []

        def body() -> None:
            watchdog._loop_task = f"/proc/self/task/{threading.get_native_id()}/stat"
            ready.set()
            target()

        watchdog = LoopWatchdog(0.1, lambda hold: None)
        thread = threading.Thread(target=body, daemon=True)
        thread.start()
        ready.wait()
        time.sleep(0.05)
        answer.append(watchdog._blocked())
        thread.join()
        return answer[0]

    assert state_of(lambda: time.sleep(0.3)) is True
    deadline = time.monotonic() + 0.3
    assert state_of(lambda: [None for _ in iter(lambda: time.monotonic() > deadline, True)]) is False


# ---------------------------------------------------------------------------------------------
# A stranger's attacks: where else a blocking call can hide, and what must stay quiet.

def attack_app() -> FastAPI:
    app = FastAPI()

    async def slow_dependency() -> int:
        time.sleep(0.5)
        return 1

    def sleepy_dependency() -> int:  # a plain def dependency runs in the thread pool
        time.sleep(0.5)
        return 1

    @app.get("/dependency")
    async def dependency(x: int = Depends(slow_dependency)) -> int:
        return x

    @app.get("/def-dependency")
    async def def_dependency(x: int = Depends(sleepy_dependency)) -> int:
        return x

    @app.middleware("http")
    async def slow_middleware(request: Request, call_next: Any) -> Any:
        if request.url.path == "/through-middleware":
            time.sleep(0.5)
        return await call_next(request)

    @app.get("/through-middleware")
    async def through_middleware() -> int:
        return 1

    @app.get("/background")
    async def background(tasks: BackgroundTasks) -> int:
        async def later() -> None:
            time.sleep(0.5)

        tasks.add_task(later)
        return 1

    @app.get("/def-background")
    async def def_background(tasks: BackgroundTasks) -> int:
        tasks.add_task(time.sleep, 0.5)
        return 1

    class Boom(Exception):
        pass

    @app.exception_handler(Boom)
    async def boom_handler(request: Request, exc: Boom) -> JSONResponse:
        time.sleep(0.5)
        return JSONResponse({"boom": True}, status_code=418)

    @app.get("/boom")
    async def boom() -> None:
        raise Boom()

    router = APIRouter(prefix="/api")

    @router.get("/items/{item_id}")
    async def item(item_id: int) -> int:
        time.sleep(0.5)
        return item_id

    app.include_router(router)

    @app.get("/stream-blocking")
    async def stream_blocking() -> StreamingResponse:
        async def body() -> AsyncIterator[bytes]:
            for _ in range(3):
                time.sleep(0.2)
                yield b"x"

        return StreamingResponse(body())

    @app.get("/stream-awaiting")
    async def stream_awaiting() -> StreamingResponse:
        async def body() -> AsyncIterator[bytes]:
            for _ in range(10):
                await asyncio.sleep(0.1)
                yield b"x"

        return StreamingResponse(body())

    @app.get("/stream-def")
    def stream_def() -> StreamingResponse:
        def body() -> Iterator[bytes]:  # a sync iterator: Starlette runs it in the thread pool
            for _ in range(5):
                time.sleep(0.2)
                yield b"x"

        return StreamingResponse(body())

    @app.get("/to-thread")
    async def to_thread() -> int:
        await asyncio.to_thread(time.sleep, 0.5)
        return 1

    @app.get("/threadpool")
    async def threadpool() -> int:
        await run_in_threadpool(time.sleep, 0.5)
        return 1

    @app.get("/anyio-thread")
    async def anyio_thread() -> int:
        await anyio.to_thread.run_sync(time.sleep, 0.5)
        return 1

    @app.get("/anyio-sleep")
    async def anyio_sleep() -> int:
        await anyio.sleep(0.5)
        return 1

    @app.get("/blocking")
    async def blocking() -> int:
        time.sleep(0.5)
        return 1

    @app.get("/fast")
    async def fast() -> int:
        return 1

    @app.websocket("/ws-blocking")
    async def ws_blocking(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.receive_text()
        time.sleep(0.5)
        await websocket.send_text("done")
        await websocket.close()

    @app.websocket("/ws-waiting")
    async def ws_waiting(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.receive_text()
        await asyncio.sleep(0.6)
        await websocket.send_text("done")
        await websocket.close()

    return app


@pytest.fixture
def attacked() -> Iterator[LiveServer]:
    with serve(attack_app(), name="watchdog-attack") as live:
        yield live


@pytest.mark.parametrize("path", ["/dependency", "/through-middleware", "/boom", "/api/items/3"])
def test_a_blocking_call_outside_the_route_function_names_the_request(attacked: LiveServer, capsys: pytest.CaptureFixture[str], path: str) -> None:
    """In an `async def` dependency, an HTTP middleware, an exception handler, a route under a
    router's prefix: the request's cell says so, with the path the learner sent."""
    attacked.client.get(path)
    assert capsys.readouterr().out.startswith(f"⚠️ GET {path} {NOTICE}")
    assert len(warnings_in(attacked)) == 1


def test_a_stream_whose_body_blocks_is_named_in_the_logs_and_in_the_cell(attacked: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    """Starlette iterates a streaming body in a task of its own, with no request on its stack:
    the watchdog finds the request through the task that started it. The body holds the loop
    after the headers went out, so the cell's line comes once the body is read."""
    assert attacked.client.get("/stream-blocking").content == b"xxx"
    warnings = warnings_in(attacked)  # one hold per chunk, or one for the body: the loop decides
    assert warnings and all(line.startswith("WARNING: GET /stream-blocking held the event loop") for line in warnings)
    assert capsys.readouterr().out.startswith(f"⚠️ GET /stream-blocking {NOTICE}")
    with attacked.client.stream("GET", "/stream-blocking") as response:
        assert response.read() == b"xxx"
    assert capsys.readouterr().out.startswith(f"⚠️ GET /stream-blocking {NOTICE}")


def test_a_background_task_that_blocks_is_named_in_the_logs_not_in_a_waiting_cell(attacked: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    """The response has gone before the task runs, so no cell can show the line for it; the
    request that waited for it is not blamed, and the logs name the request that added it."""
    attacked.client.get("/background")
    attacked.client.get("/fast")
    time.sleep(0.7)
    attacked.client.get("/fast")
    assert NOTICE not in capsys.readouterr().out
    [warning] = warnings_in(attacked)
    assert warning.startswith("WARNING: GET /background held the event loop")


@pytest.mark.parametrize("path", ["/def-dependency", "/def-background", "/stream-awaiting", "/stream-def",
                                  "/to-thread", "/threadpool", "/anyio-thread", "/anyio-sleep"])
def test_no_alarm_for_work_that_leaves_the_loop_free(attacked: LiveServer, capsys: pytest.CaptureFixture[str], path: str) -> None:
    """Each right fix, and each place where FastAPI or Starlette already uses the thread pool."""
    with ThreadPoolExecutor() as pool:
        list(pool.map(lambda _: attacked.client.get(path), range(2)))
    time.sleep(0.6)  # a background task ends after its response
    assert capsys.readouterr().out == ""
    assert warnings_in(attacked) == []


def test_a_blocking_route_served_twice_is_named_twice(attacked: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    attacked.client.get("/blocking")
    attacked.client.get("/blocking")
    assert [line.split(NOTICE)[0] for line in capsys.readouterr().out.splitlines()] == ["⚠️ GET /blocking "] * 2
    assert len(warnings_in(attacked)) == 2


def test_a_websocket_that_blocks_is_named_and_one_that_waits_is_not(attacked: LiveServer) -> None:
    from websockets.sync.client import connect

    base = attacked.url.replace("http", "ws", 1).rstrip("/")
    for path in ("/ws-waiting", "/ws-blocking"):
        with connect(base + path) as websocket:
            websocket.send("go")
            assert websocket.recv() == "done"
    time.sleep(0.2)
    assert [line.split(" held")[0] for line in warnings_in(attacked)] == ["WARNING: WEBSOCKET /ws-blocking"]


def test_a_blocking_lifespan_is_not_a_request() -> None:
    """Start-up runs before the server takes requests: nothing to name, and nothing else waits."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        time.sleep(0.3)
        yield
        time.sleep(0.3)

    app = FastAPI(lifespan=lifespan)
    live = serve(app, name="watchdog-lifespan")
    try:
        assert warnings_in(live) == []
    finally:
        live.stop()


def test_stopping_the_server_during_a_hold_ends_it_and_its_watchdog() -> None:
    live = serve(attack_app(), name="watchdog-stopped")
    with ThreadPoolExecutor() as pool:
        answer = pool.submit(live.client.get, "/blocking")
        time.sleep(0.2)
        started = time.monotonic()
        live.stop()
        assert time.monotonic() - started < 5
        assert answer.result().status_code == 200  # the request under way is answered
    time.sleep(0.2)
    assert not [thread for thread in threading.enumerate() if thread.name == "helpers-watchdog"]


def test_in_a_kernel_an_interrupt_during_a_hold_leaves_no_line_for_the_next_cell(kernel: FrontEnd) -> None:
    run(kernel, "@app.get('/long')\nasync def long():\n    time.sleep(1.5)\n    return 1\n\n@app.get('/short')\nasync def short():\n    return 2\n", "routes")
    timer = threading.Timer(0.5, os.kill, (kernel.pid, signal.SIGINT))  # type: ignore[attr-defined]
    timer.start()
    interrupted = run(kernel, "server.client.get('/long')", "interrupted")
    timer.join()
    assert [output["ename"] for output in interrupted if output["type"] == "error"] == ["Interrupted"]  # helpers.client: one line
    time.sleep(1.2)  # the hold ends on the server
    assert text(run(kernel, "print(server.client.get('/short').json())", "next")) == "2\n"
    assert "WARNING: GET /long held the event loop" in text(run(kernel, "print(server.logs())", "logs"))
