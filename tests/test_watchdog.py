"""The live server's watchdog: a request that holds the event loop is named, in `server.logs()`
and in one line of the cell that sent it; a quiet or merely busy server is never blamed.

A blocking call in an `async def` route (the top beginner confusion) makes every other request
wait. The watchdog must say so for that route, and for nothing else: a plain `def` route that
sleeps or computes runs in the thread pool, and thousands of fast requests keep the loop busy
without holding it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi import FastAPI
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
