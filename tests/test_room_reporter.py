"""helpers.room, the learner's side: silent off a hub; on a hub, one line once, the report sent
in the background with the learner's token, and never a wait or a word when the room is gone."""

from __future__ import annotations

import importlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType

import pytest

import helpers.room

HUB_ENV = ("JUPYTERHUB_API_TOKEN", "JUPYTERHUB_API_URL", "COURSE_ROOM_URL")


@pytest.fixture
def room_module(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    for name in HUB_ENV:
        monkeypatch.delenv(name, raising=False)
    yield importlib.reload(helpers.room)  # a fresh module: as in a new kernel
    importlib.reload(helpers.room)


def on_a_hub(monkeypatch: pytest.MonkeyPatch, room_url: str) -> None:
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "ada-token")
    monkeypatch.setenv("JUPYTERHUB_API_URL", "http://127.0.0.1:1/hub/api")
    monkeypatch.setenv("COURSE_ROOM_URL", room_url)


def test_off_a_hub_nothing_is_sent_or_printed(room_module: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    room_module.report_check("greeting", "01", False, "a step", False)
    assert capsys.readouterr() == ("", "")
    assert room_module._sender is None and room_module._queue.empty()


def test_on_a_hub_a_report_is_sent_with_the_learners_token(
    room_module: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    received: list[tuple[str, str, dict]] = []

    class Room(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["content-length"])))
            received.append((self.path, self.headers["authorization"], body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Room)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        on_a_hub(monkeypatch, f"http://127.0.0.1:{server.server_port}/services/room/")
        room_module.report_check("greeting", "01", False, "GET /greet/Ada is 404\nthe details", True)
        room_module.report_check("greeting", "01", True, None, False)
        deadline = time.monotonic() + 10
        while len(received) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        server.shutdown()
        server.server_close()
    assert capsys.readouterr().out == "This room's instructor sees your check results (passed or not, and the step that failed).\n"
    assert received == [
        ("/services/room/api/checks", "token ada-token",
         {"exercise": "greeting", "lesson": "01", "passed": False, "failed_step": "GET /greet/Ada is 404", "hint_asked": True}),
        ("/services/room/api/checks", "token ada-token",
         {"exercise": "greeting", "lesson": "01", "passed": True, "failed_step": None, "hint_asked": False}),
    ]  # fmt: skip


def test_a_room_that_is_gone_costs_the_learner_nothing(
    room_module: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    on_a_hub(monkeypatch, "http://127.0.0.1:1/services/room/")  # nothing listens on port 1
    started = time.perf_counter()
    for n in range(1000):  # more than the queue holds: the rest are dropped, not waited for
        room_module.report_check("greeting", "01", False, f"step {n}", False)
    assert time.perf_counter() - started < 5
    assert capsys.readouterr() == ("This room's instructor sees your check results (passed or not, and the step that failed).\n", "")


def test_every_check_is_reported_with_its_failing_step_and_the_hint_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The `checker` decorator hands each check to helpers.room: exercise, lesson, verdict, the
    first failing step, and whether the learner asked for the hint."""
    from fastapi import FastAPI

    from helpers import checks, serve
    from helpers.exercises import lesson00

    progress = importlib.import_module("helpers.progress")  # `helpers.progress` is also a function
    sent: list[tuple[object, ...]] = []
    monkeypatch.setattr(progress.room, "report_check", lambda *report: sent.append(report))
    monkeypatch.setenv("FASTAPI_COURSE_PROGRESS", "/nonexistent/progress.json")  # a pass is not kept
    server = serve(FastAPI())
    try:
        lesson00.ping(server)
        checks.hint("ping")
        lesson00.ping(server)
    finally:
        server.stop()
    [(exercise, lesson, passed, failed, asked), again] = sent
    assert (exercise, lesson, passed, asked) == ("ping", "00", False, False)
    assert failed.startswith("GET /ping answers 404")
    assert again[4] is True
