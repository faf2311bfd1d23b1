"""Checkers for lesson 18, WebSockets: they talk to the learner's endpoint over a real
WebSocket connection, always in a `with` block and with timeouts, so nothing is left open."""

from __future__ import annotations

import json
import socket
import time
from typing import Any, NoReturn

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
    nudge = (
        "Answer each text changed to capitals; after answering \"bye\", the server itself closes "
        "the connection, and the handler must not go on reading from a closed connection."
    )
    hint = (
        "Send `text.upper()`; then `if text == \"bye\":` call `await websocket.close()` and "
        "`return`."
    )
    with exercise("shout", server, nudge=nudge, hint=hint) as check:
        mark = log_mark(server)
        with _open(check, server, "/shout") as websocket:
            check.note("/shout accepts a connection")
            texts = ("hello", "WebSockets are fun", "goodbye")  # a text that holds "bye" does not end it
            for text in texts:
                reply = _exchange(check, websocket, "/shout", text)
                check.require(reply == text.upper(), f"{text!r} gets {reply!r}, expected {text.upper()!r}")
            check.note(", ".join(repr(text) for text in texts) + " get the same in capitals")  # one rule, one line
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
            check.require(reply == "AGAIN", f"'again' gets {reply!r}")  # no line: the next one says it
        _no_errors_logged(check, server, mark, "when a client leaves without 'bye'", "a new connection works too, and ")
    return check.report


def _no_errors_logged(check: Check, server: LiveServer, mark: int, when: str, before: str = "") -> None:
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
        f"{before}{when}, the server logged no error",
        f"{when}, the handler raised {error} ({advice})",
    )


def _closed(check: Check, closed: ConnectionClosed, who: str, after: str) -> NoReturn:
    how = f"closed {who}'s connection (code {closed.rcvd.code})" if closed.rcvd else (
        f"dropped {who}'s connection (no close frame: the handler crashed?)")
    check.fail(f"{after}: the server {how} instead of sending an event. `server.logs()` shows why.")


def _send(check: Check, websocket: ClientConnection, who: str, label: str, message: str | bytes) -> None:
    """`who` sends `message`; a connection the server already dropped fails as `_event` does
    (which of the two notices first depends on timing)."""
    try:
        websocket.send(message)
    except ConnectionClosed as closed:
        _closed(check, closed, who, f"{who} sent {label}")


def _event(check: Check, websocket: ClientConnection, who: str, after: str) -> Any:
    """The next JSON event `who` receives; fails with what happened instead."""
    try:
        reply = websocket.recv(timeout=TIMEOUT)
    except TimeoutError:
        check.fail(f"{after}: {who} got nothing within {TIMEOUT:.0f} s")
    except ConnectionClosed as closed:
        _closed(check, closed, who, after)
    try:
        return json.loads(reply)
    except (TypeError, ValueError):
        check.fail(f"{after}: {who} got {reply!r}, which is not JSON")


def _hears(check: Check, websocket: ClientConnection, who: str, after: str, expected: dict[str, Any]) -> None:
    """`who` must receive `expected` next; only a failure adds a line to the report."""
    event = _event(check, websocket, who, after)
    if not same_json(event, expected):
        check.fail(f"{after}: {who} gets {show(event)}, expected {show(expected)}")


def _refused(check: Check, server: LiveServer, name: str) -> None:
    """A second client named `name` must be closed with 1008 (or refused before accept)."""
    try:
        with connect(_url(server, f"/chat/{name}"), open_timeout=TIMEOUT, close_timeout=TIMEOUT) as second:
            try:
                event = second.recv(timeout=TIMEOUT)
            except ConnectionClosed as closed:
                code = closed.rcvd.code if closed.rcvd else None
                check.expect(
                    code == 1008,
                    f"a second {name!r} is refused with the close code 1008",
                    f"a second {name!r} is closed with the code {code}, expected 1008",
                )
                return
            except TimeoutError:
                event = "nothing"
            check.fail(f"a second {name!r} was let into the room (it got {event!r}): refuse a name that is taken")
    except InvalidStatus as error:
        check.note(f"a second {name!r} is refused (HTTP {error.response.status_code})")


def _comes_back(check: Check, server: LiveServer, name: str) -> None:
    """`name` can join again once its member left (the server may need a moment to notice)."""
    deadline = time.perf_counter() + TIMEOUT
    while True:
        with _open(check, server, f"/chat/{name}") as again:
            try:
                event = json.loads(again.recv(timeout=TIMEOUT))
            except ConnectionClosed as closed:
                if time.perf_counter() < deadline and closed.rcvd and closed.rcvd.code == 1008:
                    time.sleep(0.05)
                    continue
                code = closed.rcvd.code if closed.rcvd else "none"
                check.fail(f"{name} left, but cannot join again (closed with code {code}): is her old entry still in the room?")
            except (TimeoutError, ValueError, TypeError):
                event = None
        if not same_json(event, {"event": "joined", "name": name}):
            check.fail(f"{name} comes back: gets {show(event)}, expected {show({'event': 'joined', 'name': name})}")
        return


@checker
def chat_room(server: LiveServer) -> Report:
    """/chat/{name} answers malformed messages with an error event, refuses a name that is
    taken (1008), and removes whoever leaves, however they leave; nothing is logged as an error."""
    nudge = (
        "Make each handler defend its own connection: validate every message before using it, "
        "look up the name before taking it, and remove the member however its handler ends, "
        "never a namesake. A broadcast must go on when one send fails."
    )
    hint = (
        "Validate with a Pydantic model (`ChatMessage.model_validate_json(await "
        "websocket.receive_text())`, catching ValidationError and KeyError) and answer an error "
        "event; close a taken name with code 1008 and return; remove the member in `finally` if "
        "`room.members.get(name) is websocket`; in broadcast, catch WebSocketDisconnect (and "
        "starlette's WebSocketDisconnected) around each send."
    )
    with exercise("chat_room", server, nudge=nudge, hint=hint) as check:
        mark = log_mark(server)
        with _open(check, server, "/chat/ada") as ada:
            _hears(check, ada, "ada", "ada joins", {"event": "joined", "name": "ada"})
            with _open(check, server, "/chat/bob") as bob:
                _hears(check, bob, "bob", "bob joins", {"event": "joined", "name": "bob"})
                _hears(check, ada, "ada", "bob joins", {"event": "joined", "name": "bob"})
                too_long = json.dumps({"text": "x" * 1001})
                texts = ("hello?", '{"text": 42}', '{"txt": "hi"}', '{"text": ""}', "null", "[1, 2]")
                bad: dict[str, str | bytes] = {repr(text): text for text in texts}
                bad |= {"a text of 1001 characters": too_long, "a binary frame": b"\x00binary"}
                check.note("ada and bob join, and each hears who joined")
                for label, message in bad.items():
                    _send(check, ada, "ada", label, message)
                    event = _event(check, ada, "ada", f"ada sent {label}")
                    if not (isinstance(event, dict) and event.get("event") == "error"):
                        check.fail(f"ada sent {label}: she gets {show(event)}, expected an event \"error\"")
                    if not (isinstance(event.get("detail"), str) and event["detail"].strip()):
                        check.fail(f"ada sent {label}: she gets {show(event)}, expected a \"detail\" that says what was wrong")
                check.note(f"{len(bad)} malformed messages each get an error event with a \"detail\"")
                _send(check, ada, "ada", "'still here'", json.dumps({"text": "still here"}))
                said = {"event": "message", "name": "ada", "text": "still here"}
                _hears(check, ada, "ada", "then ada says 'still here'", said)
                _hears(check, bob, "bob", "then ada says 'still here'", said)
                check.note("after them ada's connection still works")
                _refused(check, server, "bob")
                bob.send(json.dumps({"text": "me again"}))
                said = {"event": "message", "name": "bob", "text": "me again"}
                _hears(check, ada, "ada", "the first bob says 'me again'", said)
                _hears(check, bob, "bob", "the first bob says 'me again'", said)
                check.note("the first bob keeps his place")
                with _open(check, server, "/chat/carol") as carol:
                    _hears(check, carol, "carol", "carol joins", {"event": "joined", "name": "carol"})
                    _hears(check, ada, "ada", "carol joins", {"event": "joined", "name": "carol"})
                    _hears(check, bob, "bob", "carol joins", {"event": "joined", "name": "carol"})
                    carol.socket.shutdown(socket.SHUT_RDWR)  # her connection drops: no goodbye
                    _hears(check, ada, "ada", "carol's connection drops", {"event": "left", "name": "carol"})
                    _hears(check, bob, "bob", "carol's connection drops", {"event": "left", "name": "carol"})
                    check.note("when carol's connection drops, the others hear that she left")
            _hears(check, ada, "ada", "bob leaves", {"event": "left", "name": "bob"})
        for name in ("ada", "bob", "carol"):  # everyone left: each name is free again
            _comes_back(check, server, name)
        # One line: bob's leaving is carol's, with a close frame, and frees his name as theirs
        check.note("when bob leaves, ada hears it; once everyone left, each name is free again")
        _no_errors_logged(check, server, mark, "while they chatted")
    return check.report
