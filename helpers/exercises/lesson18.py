"""Checkers for lesson 18, WebSockets: they talk to the learner's endpoint over a real
WebSocket connection, always in a `with` block and with timeouts, so nothing is left open."""

from __future__ import annotations

import json
from typing import Any

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from helpers.checks import Check, Report, errors_logged, exercise, log_mark, same_json, show
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer

TIMEOUT = 2.0  # seconds to wait for a connection or a message


def _url(server: LiveServer, path: str) -> str:
    return server.url.replace("http://", "ws://", 1) + path


def _open(check: Check, server: LiveServer, path: str) -> ClientConnection:
    try:
        return connect(_url(server, path), open_timeout=TIMEOUT, close_timeout=TIMEOUT)
    except InvalidStatus as error:
        status = error.response.status_code
        advice = " Is the path in @app.websocket(...) right, and did its cell run?" if status in (403, 404) else ""
        check.fail(f"connecting to {path} was refused with HTTP {status}.{advice}")
    except (OSError, TimeoutError, InvalidHandshake) as error:
        check.fail(
            f"could not connect to {path} ({type(error).__name__}). Run the set-up cell at the "
            "top of the notebook again, then your cells."
        )


def _exchange(check: Check, websocket: ClientConnection, path: str, sent: str) -> str:
    websocket.send(sent)
    try:
        reply = websocket.recv(timeout=TIMEOUT)
    except TimeoutError:
        check.fail(f"{path}: no answer to {sent!r} within {TIMEOUT:.0f} s")
    except ConnectionClosed as closed:
        code = closed.rcvd.code if closed.rcvd else "none"
        check.fail(
            f"{path}: the server closed the connection (code {code}) instead of answering "
            f"{sent!r}. `server.logs()` may show an error."
        )
    if not isinstance(reply, str):
        check.fail(f"{path}: the answer to {sent!r} is bytes, expected text")
    return reply


@checker
def shout(server: LiveServer) -> Report:
    """/shout answers each text in upper case; after "bye" it answers "BYE" and closes."""
    hint = (
        "Send `text.upper()`; then `if text == \"bye\":` call `await websocket.close()` and "
        "`return`."
    )
    with exercise("shout", hint, server) as check:
        mark = log_mark(server)
        with _open(check, server, "/shout") as websocket:
            check.expect(True, "/shout accepts a connection", "")
            for text in ("hello", "WebSockets are fun"):
                reply = _exchange(check, websocket, "/shout", text)
                check.expect(
                    reply == text.upper(),
                    f"{text!r} gets {text.upper()!r}",
                    f"{text!r} gets {reply!r}, expected {text.upper()!r}",
                )
            reply = _exchange(check, websocket, "/shout", "bye")
            check.expect(reply == "BYE", "'bye' gets 'BYE'", f"'bye' gets {reply!r}, expected 'BYE'")
            try:
                extra = websocket.recv(timeout=TIMEOUT)
            except TimeoutError:
                check.fail(f"after 'bye' the connection is still open {TIMEOUT:.0f} s later")
            except ConnectionClosed as closed:
                code = closed.rcvd.code if closed.rcvd else None
                check.expect(
                    code == 1000,
                    "after 'bye' the server closes the connection normally (code 1000)",
                    f"after 'bye' the server closed with code {code}, expected 1000",
                )
            else:
                check.fail(f"after 'BYE' the server sent {extra!r} instead of closing")
        _no_errors_logged(check, server, mark, "after 'bye'")
        # a client that leaves without "bye" must not break the endpoint
        with _open(check, server, "/shout") as websocket:
            reply = _exchange(check, websocket, "/shout", "again")
            check.expect(reply == "AGAIN", "a new connection works too", f"'again' gets {reply!r}")
        _no_errors_logged(check, server, mark, "when a client leaves without 'bye'")
    return check.report


def _no_errors_logged(check: Check, server: LiveServer, mark: int, when: str) -> None:
    """A handler that crashes after the client got its answers looks fine to the client:
    only the server's log shows the error."""
    errors = errors_logged(server, mark)
    error = errors[-1] if errors else ""
    if "accept" in error or "not connected" in error:
        advice = "after `await websocket.close()` the handler went on to receive: `return` right after closing"
    elif "WebSocketDisconnect" in error:
        advice = "catch WebSocketDisconnect around the loop: a client may leave at any time"
    else:
        advice = "`server.logs()` shows the traceback"
    check.expect(
        not errors,
        f"{when}, the server logged no error",
        f"{when}, the handler raised {error} ({advice})",
    )


def _send_json(check: Check, websocket: ClientConnection, message: dict[str, Any]) -> Any:
    reply = _exchange(check, websocket, "/scores", json.dumps(message))
    try:
        return json.loads(reply)
    except ValueError:
        check.fail(f"/scores: the answer {reply!r} is not JSON")


@checker
def scores(server: LiveServer) -> Report:
    """/scores refuses a wrong token with 403, and keeps per-connection totals."""
    hint = (
        'In get_score_token: `if token != "let-me-in": raise WebSocketException('
        "code=status.WS_1008_POLICY_VIOLATION)`. In the loop: "
        "`totals[player] = totals.get(player, 0) + message[\"points\"]`."
    )
    with exercise("scores", hint, server) as check:
        for path, what in (("/scores", "no token"), ("/scores?token=guess", "a wrong token")):
            try:
                with connect(_url(server, path), open_timeout=TIMEOUT, close_timeout=TIMEOUT):
                    pass
            except InvalidStatus as error:
                status = error.response.status_code
                check.expect(
                    status == 403,
                    f"a connection with {what} is refused (HTTP 403)",
                    f"a connection with {what} is refused with HTTP {status}, expected 403",
                )
            except (OSError, TimeoutError, InvalidHandshake) as error:
                check.fail(f"could not connect to {path} ({type(error).__name__})")
            else:
                check.fail(f"a connection with {what} was accepted; it must be refused")
        plays = [("ada", 3, 3), ("bob", 4, 4), ("ada", 2, 5), ("ada", -1, 4)]
        with _open(check, server, "/scores?token=let-me-in") as websocket:
            check.expect(True, "the right token is accepted", "")
            for player, points, total in plays:
                message = {"player": player, "points": points}
                expected = {"player": player, "total": total}
                reply = _send_json(check, websocket, message)
                check.expect(
                    same_json(reply, expected),
                    f"{show(message)} gets {show(expected)}",
                    f"{show(message)} gets {show(reply)}, expected {show(expected)}",
                )
        with _open(check, server, "/scores?token=let-me-in") as websocket:
            message, expected = {"player": "ada", "points": 1}, {"player": "ada", "total": 1}
            reply = _send_json(check, websocket, message)
            check.expect(
                same_json(reply, expected),
                "a new connection starts from zero",
                f"on a new connection {show(message)} gets {show(reply)}, expected {show(expected)}",
            )
    return check.report
