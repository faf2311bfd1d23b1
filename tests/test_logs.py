"""`server.logs()`: bounded, kept out of the cells, and robust to what a learner's code does."""

from __future__ import annotations

import logging
import logging.config
from collections.abc import Iterator

import pytest
from fastapi import FastAPI, WebSocket
from websockets.sync.client import connect

import helpers.logs
import helpers.server
from helpers import serve


@pytest.fixture(autouse=True)
def no_server_left() -> Iterator[None]:
    yield
    for server in list(helpers.server._servers.values()):
        server.stop()


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """A learner's dictConfig changes the whole process: put the loggers back afterwards."""
    loggers = {name: logging.getLogger(name) for name in ["", *helpers.logs.CAUGHT_LOGGERS]}
    saved = {name: (lg.handlers[:], lg.filters[:], lg.level, lg.disabled, lg.propagate) for name, lg in loggers.items()}
    yield
    for name, (handlers, filters, level, disabled, propagate) in saved.items():
        logger = loggers[name]
        logger.handlers[:], logger.filters[:] = handlers, filters
        logger.setLevel(level)
        logger.disabled, logger.propagate = disabled, propagate


def test_the_log_keeps_the_newest_entries_and_says_how_many_were_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(helpers.logs, "MAX_ENTRIES", 5)
    app = FastAPI()

    @app.get("/n/{number}")
    def numbered(number: int) -> int:
        return number

    server = serve(app, name="bounded")
    for number in range(20):
        server.client.get(f"/n/{number}")
    lines = server.logs().splitlines()
    assert lines[0].startswith("(17 earlier log entries dropped; the newest 5 are kept)")
    assert lines[1:] == [f"INFO: GET /n/{number} -> 200" for number in range(15, 20)]


def test_logs_survive_a_learners_dict_config(capfd: pytest.CaptureFixture[str], restore_logging: None) -> None:
    server = serve(FastAPI(), name="configured")
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": True,  # the default: disables uvicorn's loggers
            "handlers": {"console": {"class": "logging.StreamHandler"}},
            "root": {"handlers": ["console"], "level": "WARNING"},
            "loggers": {"uvicorn.access": {"level": "ERROR", "handlers": ["console"]}},
        }
    )
    server.client.get("/nowhere")
    assert "INFO: GET /nowhere -> 404" in server.logs()
    assert capfd.readouterr() == ("", "")


def test_a_log_call_whose_message_is_not_a_string_never_fails_the_route() -> None:
    app = FastAPI()
    logger = logging.getLogger("uvicorn.error")

    @app.get("/odd")
    def odd() -> str:
        logger.warning({"user": "ada"}, "extra")  # a dict with an argument: cannot be formatted
        logger.warning({"user": "ada"})  # a dict: unhashable
        return "fine"

    server = serve(app, name="odd")
    assert server.client.get("/odd").json() == "fine"
    assert "WARNING: {'user': 'ada'} ('extra',)" in server.logs()
    assert "WARNING: {'user': 'ada'}" in server.logs()


@pytest.mark.parametrize("kind", ["def", "async def"])
def test_lines_logged_by_a_route_are_captured_not_printed(kind: str, capfd: pytest.CaptureFixture[str]) -> None:
    app = FastAPI()
    logger = logging.getLogger("uvicorn.error")

    if kind == "def":

        @app.get("/note")
        def note() -> str:  # runs in a worker thread, not the server's thread
            logger.warning("a note from a plain def route")
            return "ok"

    else:

        @app.get("/note")
        async def note() -> str:
            logger.warning("a note from an async def route")
            return "ok"

    server = serve(app, name="noting")
    server.client.get("/note")
    assert f"WARNING: a note from a{'n async' if kind != 'def' else ' plain'} def route" in server.logs()
    assert capfd.readouterr() == ("", "")


def test_logs_do_not_wait_for_an_open_websocket() -> None:
    app = FastAPI()

    @app.websocket("/ws")
    async def echo(websocket: WebSocket) -> None:
        await websocket.accept()
        async for text in websocket.iter_text():
            await websocket.send_text(text)

    @app.get("/fail")
    def fail() -> None:
        raise LookupError("nothing here")

    server = serve(app, name="socket")
    with connect(f"ws://127.0.0.1:{server.port}/ws") as websocket:
        websocket.send("hi")
        assert websocket.recv() == "hi"
        assert not server._handling_requests()  # so logs() does not wait for the WebSocket
        server.client.get("/fail")
        assert "LookupError: nothing here" in server.logs()  # a request's error is still waited for


def test_logs_of_one_server_never_land_in_another() -> None:
    first, second = serve(FastAPI(), name="first"), serve(FastAPI(), name="second")
    first.client.get("/one")
    second.client.get("/two")
    assert "/two" not in first.logs() and "/one" not in second.logs()
