"""Hostile probes for lesson 18, websockets (see tests/test_hostile.py)."""

PROBES = [
        # [input-bounds] Malformed messages, a duplicate name, a member whose send fails: the room goes on;
        # [resource-limits] a message of 1001 characters is an error event.
        '''
log_start = len(server.logs())
from websockets.exceptions import ConnectionClosed as _Closed


class FailingMember:
    """A member whose connection died half-way: every send fails."""

    async def send_json(self, message):
        raise WebSocketDisconnect(code=1006)


def events(client):
    return json.loads(client.recv(timeout=5))


with connect(f"{WS_URL}/chat/ada") as ada, connect(f"{WS_URL}/chat/bob") as bob:
    assert events(ada) == {"event": "joined", "name": "ada"}
    assert events(bob) == {"event": "joined", "name": "bob"}
    assert events(ada) == {"event": "joined", "name": "bob"}
    with connect(f"{WS_URL}/chat/bob") as second_bob:
        try:
            second_bob.recv(timeout=5)
            raise AssertionError("a second bob was let in")
        except _Closed as closed:
            assert closed.rcvd.code == 1008
    assert room.members["bob"] is not None and set(room.members) == {"ada", "bob"}
    for bad in ("not json", "[1, 2]", "null", json.dumps({"text": None}), json.dumps({"text": ""}),
                json.dumps({"txt": "hi"}), json.dumps({"text": "x" * 1001}), b"\\x00binary"):
        ada.send(bad)
        assert events(ada)["event"] == "error", bad
    room.members["ghost"] = FailingMember()
    ada.send(json.dumps({"text": "after the ghost"}))
    assert events(ada) == {"event": "message", "name": "ada", "text": "after the ghost"}
    assert events(bob) == {"event": "message", "name": "ada", "text": "after the ghost"}
    del room.members["ghost"]
    bob.send(json.dumps({"text": "still here"}))
    assert events(ada)["text"] == "still here" and events(bob)["text"] == "still here"
assert until(lambda: not room.members), room.members
assert "Exception in ASGI application" not in server.logs()[log_start:], server.logs()[log_start:]
''',
        # Many clients join and leave at once: the room ends empty, nobody is left behind.
        '''
log_start = len(server.logs())


def visit(client, i):
    with connect(f"{WS_URL}/chat/guest{i}") as websocket:
        websocket.recv(timeout=5)
        websocket.send(json.dumps({"text": f"hi from {i}"}))
    return True
assert all(concurrently(10, visit))
assert until(lambda: not room.members), room.members
assert "Exception in ASGI application" not in server.logs()[log_start:], server.logs()[log_start:]
''',
        # The token of /private-first never reaches the access log; a wrong or binary first message is refused.
        '''
for first in (b"open-sesame", "open-sesam", ""):
    with connect(f"{WS_URL}/private-first") as websocket:
        websocket.send(first)
        try:
            websocket.recv(timeout=5)
            raise AssertionError(f"{first!r} was let in")
        except _Closed as closed:
            assert closed.rcvd.code == 1008
with connect(f"{WS_URL}/private-first") as websocket:
    websocket.send("open-sesame")
    assert json.loads(websocket.recv(timeout=5)) == {"message": "welcome"}
assert not any("private-first" in line and "sesame" in line for line in server.logs().splitlines())
''',
]
PROBES += [
    # [websocket-origin] A cookie-authenticated socket refuses every origin but its own site's (cross-site
    # WebSocket hijacking), a client without an Origin, and a missing or near-miss session, before accept().
    '''
from websockets.exceptions import InvalidStatus as _InvalidStatus
from helpers.hostile import HOSTILE_ORIGINS as _HOSTILE_ORIGINS, near_misses as _near_misses


def _account(origin, cookie):
    headers = {} if cookie is None else {"Cookie": f"session={cookie}"}
    try:
        with connect(f"{WS_URL}/account", origin=origin, additional_headers=headers) as _socket:
            return json.loads(_socket.recv(timeout=5))
    except _InvalidStatus as error:
        return error.response.status_code


for _origin in (*_HOSTILE_ORIGINS, None, "https://SHOP.example", "https://shop.example/"):
    assert _account(_origin, SESSION) == 403, _origin
for _label, _cookie in {**_near_misses(SESSION), "none": None}.items():
    if _cookie is None or _cookie == _cookie.strip():
        assert _account("https://shop.example", _cookie) == 403, _label
assert _account("https://shop.example", SESSION) == {"message": "welcome, ada"}
''',
]
PROBES += [
    # [websocket-origin] The same socket also refuses an Origin that is upper-case, with an explicit
    # port or a look-alike host, and the allowed Origin without a cookie or with another user's session.
    '''
from websockets.exceptions import InvalidStatus as _InvalidStatus


def _account_with(headers):
    try:
        with connect(f"{WS_URL}/account", origin=None, additional_headers=headers) as _socket:
            return json.loads(_socket.recv(timeout=5))
    except _InvalidStatus as error:
        return error.response.status_code


_cookie = ("Cookie", f"session={SESSION}")
for _headers in ([("Origin", "HTTPS://SHOP.EXAMPLE"), _cookie], [("Origin", "https://shop.example:443"), _cookie],
                 [("Origin", "https://shop.example.evil.example"), _cookie], [("Origin", "https://shop.example")],
                 [("Origin", "https://shop.example"), ("Cookie", "session=bob-0000000")],
                 [("Origin", "https://shop.example"), ("Cookie", f"session={SESSION[:-1]}")],
                 [("Origin", "https://shop.example"), ("Cookie", f"session={SESSION}x")]):
    assert _account_with(_headers) == 403, _headers
assert _account_with([("Origin", "https://shop.example"), _cookie]) == {"message": "welcome, ada"}
''',
]
