"""How fast the live server is for a learner, against baselines measured in the same run.

    python3 course.py bench            # everything (about a minute)
    python3 course.py bench --quick    # fewer repeats, no watchdog or notebooks: a smoke run

Figures are medians in milliseconds. Each comes with its baseline and the ratio between them,
because absolute times depend on the machine; the targets are the issue's. The watchdog's ratio
is the median of paired requests (see `watchdog_figure`), the others a ratio of medians.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import nbformat
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from notebook_runs import lessons, read, run  # noqa: E402

from helpers import serve  # noqa: E402


def make_app() -> FastAPI:
    app = FastAPI()

    @app.get("/")
    def root() -> dict[str, str]:
        return {"message": "Hello World"}

    return app


def median_ms(action: Callable[[], object], repeat: int, between: Callable[[], object] = lambda: None) -> float:
    """Median wall time of `action`, with untimed `between` after each run."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
        between()
    return statistics.median(times)


class NaiveServer:
    """The usual recipe: uvicorn's Server.serve() in a thread, poll `started`, set `should_exit`."""

    def __init__(self, app: FastAPI) -> None:
        self.server = uvicorn.Server(uvicorn.Config(app, port=0, log_config=None, log_level="warning"))
        self.thread = threading.Thread(target=asyncio.run, args=(self.server.serve(),), daemon=True)
        self.thread.start()
        while not self.server.started:
            time.sleep(0.001)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{port}", trust_env=False)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join()
        self.client.close()


def server_figures(repeat: int) -> list[tuple]:
    app = make_app()
    serve(app, name="bench").stop()  # imports and one-time set-up are not what we measure
    NaiveServer(app).stop()

    current: list[object] = []

    def first_serve() -> None:
        server = serve(app, name="bench")
        server.client.get("/")
        current[:] = [server]

    def naive_first_serve() -> None:
        server = NaiveServer(app)
        server.client.get("/")
        current[:] = [server]

    def stop_current() -> None:
        current.pop().stop()  # type: ignore[attr-defined]

    def naive_rerun() -> None:
        stop_current()
        naive_first_serve()

    figures = [
        ("serve(app) to first response", median_ms(first_serve, repeat, stop_current),
         "naive thread + poll", median_ms(naive_first_serve, repeat, stop_current), "< 50 ms"),
    ]
    first_serve()
    rerun = median_ms(first_serve, repeat)  # serve() again replaces the running server
    stop_current()
    naive_first_serve()
    naive = median_ms(naive_rerun, repeat)
    stop_current()
    figures.append(("re-run of the serve cell", rerun, "naive stop + start", naive, "< 30 ms"))

    server = serve(app, name="bench")
    with TestClient(app) as in_process:
        requests = repeat * 10
        live = median_ms(lambda: server.client.get("/"), requests)
        baseline = median_ms(lambda: in_process.get("/"), requests)
    server.stop()
    figures.append(("request round trip, live", live, "same request, TestClient", baseline, "ratio <= 1"))
    return figures


def watchdog_figure(app: FastAPI, requests: int) -> tuple[str, float, str, float, str, float]:
    """What the watchdog (the loop's heartbeat, the thread that watches it, the client's look at
    each answer) costs a live round trip: the same request to two servers, one without it, in
    alternating rounds so that a busy machine slows both alike."""
    watched, unwatched = serve(app, name="bench-watchdog"), serve(app, name="bench-no-watchdog", watchdog=None)
    times: dict[str, list[float]] = {"on": [], "off": []}
    pair = [("on", watched), ("off", unwatched)]
    try:
        for _ in range(requests):
            pair.reverse()  # neither always goes first
            for key, server in pair:
                started = time.perf_counter()
                server.client.get("/")
                times[key].append((time.perf_counter() - started) * 1000)
    finally:
        watched.stop()
        unwatched.stop()
    on, off = statistics.median(times["on"]), statistics.median(times["off"])
    # Each request with the watchdog against the one without it sent just before or after: the
    # median of those ratios, since a shared machine's load swings more than the cost measured.
    paired = statistics.median(a / b for a, b in zip(times["on"], times["off"], strict=True))
    return ("request round trip, watchdog on", on, "same server, watchdog off", off, "ratio < 1.05", paired)


def notebook_figures(repeat: int) -> list[tuple[str, float, str, float, str]]:
    empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
    floor = median_ms(lambda: run(empty), repeat)
    return [
        (f"run {path.name}", median_ms(lambda path=path: run(read(path)), repeat), "empty notebook", floor, "")
        for path in lessons()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repeats and no notebooks")
    options = parser.parse_args()
    repeat = 5 if options.quick else 30
    rows = server_figures(repeat)
    if not options.quick:
        rows.append(watchdog_figure(make_app(), 3000))
        rows += notebook_figures(3)
    print(f"{'measure':40} {'median':>9}   {'baseline':28} {'median':>9} {'ratio':>6}  target")
    for name, value, baseline_name, baseline, target, *paired in rows:
        ratio = paired[0] if paired else value / baseline
        print(f"{name:40} {value:7.1f}ms   {baseline_name:28} {baseline:7.1f}ms {ratio:6.2f}  {target}")


if __name__ == "__main__":
    main()
