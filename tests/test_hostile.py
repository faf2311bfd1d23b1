"""Hostile probes: each lesson runs with its worked solutions, then its finished app is attacked.

A learner copies the taught code into real services, so the code must hold against a careless or
hostile client: explicit nulls and wrong types, concurrent duplicates, tokens with missing or
ill-typed claims, malformed and duplicate WebSocket clients, unknown ids. Each lesson runs in a
kernel started as on Binder (JUPYTERHUB_SERVICE_PREFIX set), and every link the lesson shows is
followed the way a Binder browser would: through the proxy prefix, with each page's own
addresses resolved against it.

The probes run as extra cells in the lesson's own kernel, after its last cell, so they see the
lesson's `app`, `server` and the rest, exactly as a learner left them. A failed `assert` fails
the test with the probe's traceback.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import nbformat
import pytest
from nbclient import NotebookClient

from notebook_runs import CELL_TIMEOUT, NOTEBOOKS, lessons, read, with_solutions

PREFIX = "/user/learner/"  # what JupyterHub sets for a learner's server on Binder
PROBE_KEY = "a-key-that-every-worker-reads-from-the-environment-0123456789"


@contextlib.contextmanager
def lesson_kernel(path: Path) -> Iterator[tuple[object, Callable[[str], str]]]:
    """Run the lesson with its worked solutions in a Binder-like kernel; yield the executed
    notebook and `probe(source)`, which runs more code in that kernel and returns its stdout."""
    notebook = with_solutions(read(path))
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    env = {**os.environ, "JUPYTERHUB_SERVICE_PREFIX": PREFIX, "TODO_SECRET_KEY": PROBE_KEY}
    with client.setup_kernel(env=env):
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code":
                client.execute_cell(cell, index)

        def probe(source: str) -> str:
            cell = nbformat.v4.new_code_cell(source)
            notebook.cells.append(cell)
            client.execute_cell(cell, len(notebook.cells) - 1)  # raises with the traceback
            return "".join(output.get("text", "") for output in cell.outputs if output.output_type == "stream")

        yield notebook, probe  # the kernel's shut-down ends its servers


# ---------------------------------------------------------------------------------------------
# Links: every link a lesson shows must open from a Binder browser.

LINK = re.compile(r'<a href="([^"]+)"')
REFERENCE = re.compile(r"""(?:href|src)=["']([^"']+)["']|fetch\(["']([^"']+)["']|\burl: ["']([^"']+)["']""")


def shown_links(notebook: object) -> list[str]:
    """The href of every clickable link (a `Link` or `docs_link()`) the lesson's cells show."""
    links = []
    for cell in notebook.cells:  # type: ignore[attr-defined]
        for output in cell.get("outputs", []):
            links += LINK.findall(output.get("data", {}).get("text/html", ""))
    return links


def through_proxy(url: str) -> str:
    """The address jupyter-server-proxy forwards a browser URL to: `{PREFIX}proxy/{port}/rest`
    goes to `http://127.0.0.1:{port}/rest`. Fails when the URL does not go through the proxy."""
    match = re.fullmatch(rf"{re.escape(PREFIX)}proxy/(\d+)(/.*)", urlsplit(url).path)
    assert match and not urlsplit(url).netloc, f"{url} does not open from a Binder browser (not under {PREFIX}proxy/PORT/)"
    query = f"?{urlsplit(url).query}" if urlsplit(url).query else ""
    return f"http://127.0.0.1:{match[1]}{match[2]}{query}"


def routes_named_in_prose(notebook: object) -> list[str]:
    """The paths a lesson's text lists as its routes ("the routes `/a`, `/b` and `/c`")."""
    named = []
    for cell in notebook.cells:  # type: ignore[attr-defined]
        if cell.cell_type == "markdown":
            for listing in re.findall(r"the routes\s+((?:`/[^`]*`(?:,\s+|\s+and\s+)?)+)", cell.source):
                named += re.findall(r"`(/[^`]*)`", listing)
    return named


def check_links(notebook: object) -> int:
    """Follow every shown link, and every address inside each page it opens; return the count."""
    followed = 0
    with httpx.Client(trust_env=False, timeout=10) as client:
        for link in shown_links(notebook):
            page = client.get(through_proxy(link))
            assert page.status_code == 200, f"{link}: {page.status_code}"
            followed += 1
            if "html" not in page.headers.get("content-type", ""):
                continue
            for groups in REFERENCE.findall(page.text):
                reference = next(group for group in groups if group)
                if reference.startswith(("https://", "data:", "#", "javascript:")):
                    continue  # another site, or not a request to the app
                target = urljoin(link, reference)
                answer = client.get(through_proxy(target))
                assert answer.status_code < 400, f"{link} refers to {reference!r}: {target} answers {answer.status_code}"
                followed += 1
    return followed


# ---------------------------------------------------------------------------------------------
# Probes, lesson by lesson. Each runs in the lesson's kernel after its last cell.

TOOLS = '''
import threading as _threading
import httpx as _httpx


def concurrently(count, call):
    """call(client, i) in `count` threads, each with its own connection, released together."""
    barrier, results = _threading.Barrier(count), [None] * count

    def run(i):
        with _httpx.Client(base_url=server.url, trust_env=False, timeout=60) as client:
            barrier.wait(timeout=20)
            results[i] = call(client, i)

    threads = [_threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    return results


def until(condition, timeout=5.0):
    import time as _time
    deadline = _time.perf_counter() + timeout
    while not condition():
        if _time.perf_counter() > deadline:
            return False
        _time.sleep(0.01)
    return True
'''

PROBES: dict[str, list[str]] = {
    "04-request-body": [
        # Nulls and wrong types are a 422, never a 500; Pydantic 2 converts as the lesson says.
        '''
hostile = [
    ("/items/", {"name": None, "price": 1}), ("/items/", {"name": "x", "price": None}),
    ("/items/", {"name": 50, "price": 1}), ("/items/", {"name": "x", "price": [1]}),
    ("/products/", {"name": "x", "price": 0}), ("/products/", {"name": "", "price": 1}),
    ("/offers/", {"name": "x", "price": 1, "images": [{"url": "not a url", "name": "y"}]}),
    ("/offers/", {"name": "x", "price": 1, "tags": None}),
    ("/orders/", {"product": "p", "quantity": 0, "unit_price": 1}),
    ("/orders/", {"product": "p", "quantity": 1.5, "unit_price": 1}),
    ("/orders/", {"product": None, "unit_price": 1}),
    ("/playlists/", {"name": "x", "songs": None}), ("/playlists/", {"name": "x", "songs": [{"seconds": 3}]}),
    ("/playlists/", {"name": "x", "songs": [{"title": "t", "seconds": "long"}]}),
]
for path, body in hostile:
    answer = server.client.post(path, json=body)
    assert answer.status_code == 422, (path, body, answer.status_code, answer.text)
assert server.client.post("/items/", content="[", headers={"content-type": "application/json"}).status_code == 422
assert server.client.post("/items/", json={"name": "x", "price": "50.5"}).json()["price"] == 50.5
assert server.client.post("/orders/", json={"product": "p", "quantity": 2.0, "unit_price": 1}).json()["quantity"] == 2
''',
    ],
    "05-response-model": [
        # A body on a 204 breaks the response (the lesson says so); Response(status_code=204) does not.
        '''
from fastapi.responses import JSONResponse, Response


@app.delete("/probe-wrong-204")
def probe_wrong():
    return JSONResponse({"deleted": True}, status_code=204)


@app.delete("/probe-right-204")
def probe_right():
    return Response(status_code=204)


log_start = len(server.logs())
right = server.client.delete("/probe-right-204")
assert (right.status_code, right.content) == (204, b"")
try:
    server.client.delete("/probe-wrong-204")
except Exception:
    pass
assert until(lambda: "Content-Length" in server.logs()[log_start:]), "the lesson's claim: the wrong 204 fails"

''',
    ],
    "06-errors": [
        # A 404 handler on Starlette's HTTPException sees unknown paths; other codes keep FastAPI's answer.
        '''
with serve(shop_app, name="probe-shop") as shop:
    unknown = shop.client.get("/no/such/path")
    wrong_method = shop.client.post("/items/bar")
# Behind the hub's proxy, request.url.path is the path the browser asked for, prefix included.
assert unknown.status_code == 404 and unknown.json()["path"].endswith("/no/such/path"), unknown.text
assert unknown.json()["detail"] == "Not Found", unknown.text
assert (wrong_method.status_code, wrong_method.json()) == (405, {"detail": "Method Not Allowed"}), wrong_method.text
''',
        # Unknown ids and wrong types are client errors, never a 500.
        '''
assert server.client.get("/order/kiwis").status_code == 404, "an item not in stock at all"
for path in ("/books/abc", "/books/1.5", "/double/x"):
    assert server.client.get(path).status_code == 400, path
assert server.client.get("/books/7").headers["x-book-id"] == "7"
''',
    ],
    "07-dependencies": [
        # A failing route: the yield dependency rolls back, re-raises, and the client gets the real error.
        '''
events.clear()
response = server.client.get("/names-fail/")
assert until(lambda: "close session" in events)
assert response.status_code == 409, response.text
assert events == ["open session", "query", "rollback", "close session"], events
assert "Response not awaited" not in server.logs()
''',
        # API keys: missing, wrong, non-ASCII (compare_digest on str would raise), right.
        '''
for headers in ({}, {"X-API-Key": "let-me-i"}, {"X-API-Key": b"\\xe9t\\xe9"}, {"X-API-Key": ""}):
    response = server.client.get("/vault/", headers=headers)
    assert response.status_code == 401, (headers, response.status_code)
assert server.client.get("/vault/", headers={"X-API-Key": "open-sesame"}).json() == {"gold": 100}
''',
    ],
    "08-databases": [
        # Explicit nulls and wrong types in PATCH: 422, nothing written; never a 500 or a 409.
        '''
before = server.client.get("/users/1").json()
for body in ({"name": None}, {"email": None}, {"name": None, "email": None}, {"name": 5}, {"name": ""},
             {"email": "not-an-email"}, {"name": ["Ada"]}):
    response = server.client.patch("/users/1", json=body)
    assert response.status_code == 422, (body, response.status_code, response.text)
assert server.client.get("/users/1").json() == before
assert server.client.patch("/users/1", json={}).json() == before
assert server.client.post("/users", json={"email": None, "name": "x"}).status_code == 422
assert server.client.post("/users", json={"email": "x@example.com", "name": None}).status_code == 422
''',
        # Unknown ids: 404 for every verb.
        '''
for method in ("GET", "PATCH", "DELETE"):
    response = server.client.request(method, "/users/999999", json={"name": "X"} if method == "PATCH" else None)
    assert response.status_code == 404, (method, response.status_code)
assert server.client.get("/users/-1").status_code == 404
assert server.client.get("/users/abc").status_code == 422
''',
        # Concurrent creates of one email: exactly one 201, the others 409, never a 500.
        '''
codes = concurrently(8, lambda client, i: client.post("/users", json={"email": "race@example.com", "name": f"R{i}"}).status_code)
assert sorted(codes) == [201] + [409] * 7, codes
users_now = server.client.get("/users", params={"limit": 100}).json()
assert [user["email"] for user in users_now].count("race@example.com") == 1
''',
        # Concurrent PATCHes to one email: one wins, the others 409.
        '''
ids = [server.client.post("/users", json={"email": f"p{i}@example.com", "name": "P"}).json()["id"] for i in range(6)]
codes = concurrently(6, lambda client, i: client.patch(f"/users/{ids[i]}", json={"email": "taken@example.com"}).status_code)
assert sorted(codes) == [200] + [409] * 5, codes
''',
        # Only a unique violation is a 409: another IntegrityError is re-raised (a bug is a 500).
        '''
from sqlalchemy import text as _text
from sqlalchemy.exc import IntegrityError as _IntegrityError
with Session(engine) as _session:
    try:
        _session.execute(_text("INSERT INTO users (email, name) VALUES ('n@example.com', NULL)"))
    except _IntegrityError as error:
        assert not is_unique_violation(error), "NOT NULL is not a conflict"
        _session.rollback()
    else:
        raise AssertionError("NOT NULL was not enforced")
    try:
        _session.execute(_text("INSERT INTO users (email, name) VALUES ('ada@example.com', 'A')"))
    except _IntegrityError as error:
        assert is_unique_violation(error)
        _session.rollback()
    else:
        raise AssertionError("UNIQUE was not enforced")
''',
    ],
    "09-authentication": [
        # Tokens: correctly signed but without exp, without sub, with a numeric sub, alg none: 401.
        '''
import jwt as _jwt
from datetime import datetime as _dt, timedelta as _td, timezone as _tz
later = _dt.now(_tz.utc) + _td(minutes=5)
forged = {
    "no exp": _jwt.encode({"sub": "alice"}, SECRET_KEY, algorithm=ALGORITHM),
    "no sub": _jwt.encode({"exp": later}, SECRET_KEY, algorithm=ALGORITHM),
    "numeric sub": _jwt.encode({"sub": 1, "exp": later}, SECRET_KEY, algorithm=ALGORITHM),
    "list sub": _jwt.encode({"sub": ["alice"], "exp": later}, SECRET_KEY, algorithm=ALGORITHM),
    "unknown user": _jwt.encode({"sub": "mallory", "exp": later}, SECRET_KEY, algorithm=ALGORITHM),
    "alg none": _jwt.encode({"sub": "alice", "exp": later}, None, algorithm="none"),
    "HS512": _jwt.encode({"sub": "alice", "exp": later}, SECRET_KEY, algorithm="HS512"),
    "garbage": "a.b.c",
}
for case, token in forged.items():
    for path in ("/users/me", "/users/me/items"):
        response = server.client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, (case, path, response.status_code)
        assert response.headers["www-authenticate"] == "Bearer", case
good = create_access_token("alice")
assert server.client.get("/users/me", headers={"Authorization": f"Bearer {good}"}).status_code == 200
''',
        # Concurrent sign-ups of one name: one 201, the others 409, and the winner's password works.
        '''
def sign(client, i):
    return client.post("/users", json={"username": "racer", "full_name": f"R{i}", "password": f"password-{i}"})
answers = concurrently(6, sign)
codes = sorted(answer.status_code for answer in answers)
assert codes == [201] + [409] * 5, codes
winner = next(i for i, answer in enumerate(answers) if answer.status_code == 201)
assert users["racer"].full_name == f"R{winner}"
login = server.client.post("/token", data={"username": "racer", "password": f"password-{winner}"})
assert login.status_code == 200, login.text
''',
        # Wrong types and nulls in sign-up and login.
        '''
for body in ({"username": None, "full_name": "X", "password": "long enough"},
             {"username": 12345, "full_name": "X", "password": "long enough"},
             {"username": "zed", "full_name": None, "password": "long enough"},
             {"username": "zed", "full_name": "Z", "password": None}):
    assert server.client.post("/users", json=body).status_code == 422, body
assert server.client.post("/token", data={"username": "alice"}).status_code == 422
assert server.client.post("/token", json={"username": "alice", "password": "wonderland"}).status_code == 422
''',
    ],
    "10-middleware-cors": [
        # A client-supplied request id is kept only when it is short and plain.
        '''
import uuid as _uuid
for bad in ("x" * 65, "a b", "id;drop", "ünïcode".encode(), "<script>"):
    answer = server.client.get("/request-id", headers={"X-Request-ID": bad})
    assert _uuid.UUID(answer.headers["x-request-id"]).version == 4, bad
    assert answer.json()["request_id"] == answer.headers["x-request-id"]
assert server.client.get("/request-id", headers={"X-Request-ID": "order.42_A-b"}).headers["x-request-id"] == "order.42_A-b"
''',
        # Admin guards: 401 for a missing, wrong, empty or non-ASCII key, in the middleware and the dependency.
        '''
for path, key in (("/admin/stats", ADMIN_KEY), ("/reports/sales", REPORTS_KEY)):
    for headers in ({}, {"X-Admin-Key": ""}, {"X-Admin-Key": key[:-1]}, {"X-Admin-Key": b"\\xff\\xfe"}):
        answer = server.client.get(path, headers=headers)
        assert answer.status_code == 401, (path, headers, answer.status_code)
    assert server.client.get(path, headers={"X-Admin-Key": key}).status_code == 200, path
assert "APIKeyHeader" in app.openapi()["components"]["securitySchemes"]
''',
        # What the lesson says about CORS: a text/plain POST is no preflight, and a 500 has no CORS headers.
        '''
likes.clear()
answer = server.client.post("/like", content="x", headers={"Origin": "https://evil.example", "Content-Type": "text/plain"})
assert answer.status_code == 200 and likes == ["https://evil.example"]
allowed = "https://shop.example"  # the origin of the exercise's CORS settings, the last ones set
assert server.client.get("/products", headers={"Origin": allowed}).headers["access-control-allow-origin"] == allowed
broken = server.client.get("/broken", headers={"Origin": allowed})
assert broken.status_code == 500 and "access-control-allow-origin" not in broken.headers
''',
    ],
    "11-testing": [
        # TestClient does use a thread (the lesson says so): the app runs on an event loop in another one.
        '''
import threading as _threading
from fastapi.testclient import TestClient as _TestClient


@app.get("/probe-thread")
async def probe_thread():
    return {"thread": _threading.get_ident()}


assert _TestClient(app).get("/probe-thread").json()["thread"] != _threading.get_ident()
''',
    ],
    "12-background-tasks": [
        # Unknown ids answer 404; the document goes in the body; wrong types and nulls are 422.
        '''
for path in ("/jobs/999999", "/reports/999999", "/jobs/0", "/reports/-1"):
    answer = server.client.get(path)
    assert answer.status_code == 404, (path, answer.status_code)
assert server.client.get("/jobs/abc").status_code == 422
assert server.client.post("/jobs", params={"text": "in the url"}).status_code == 422
for body in ({"text": None}, {"text": 5}, {}, {"text": "x" * 100_001}):
    assert server.client.post("/jobs", json=body).status_code == 422, body
for body in (None, ["one"], [None], {"numbers": [1]}):
    assert server.client.post("/reports", json=body).status_code == 422, body
job = server.client.post("/jobs", json={"text": "a b c"}).json()
assert until(lambda: server.client.get(f"/jobs/{job['job_id']}").json()["status"] == "done")
''',
    ],
    "13-websockets": [
        # Malformed messages, a duplicate name, a member whose send fails: the room goes on.
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
    ],
    "14-static-files": [
        # html=True is no single-page-app fallback; an etag follows mtime and size, not content.
        '''
import os as _os
assert server.client.get("/site/settings").status_code == 404
first = server.client.get("/static/style.css").headers["etag"]
stat = (root / "style.css").stat()
_os.utime(root / "style.css", (stat.st_atime, stat.st_mtime + 60))
assert server.client.get("/static/style.css").headers["etag"] != first, "same content, new mtime"
page = server.client.get("/site/").text
assert "/static/" not in page.replace("../static/", ""), "an absolute /static/ address"
assert 'fetch("/' not in page
''',
    ],
    "15-deployment": [
        # Settings: overrides and cache_clear, as the lesson teaches.
        '''
import uvicorn as _uvicorn
app.dependency_overrides[get_shop_settings] = lambda: ShopSettings(page_size=3)
assert server.client.get("/page-size").json() == {"page_size": 3}
app.dependency_overrides.clear()
with mock.patch.dict(os.environ, {"SHOP_PAGE_SIZE": "abc"}):
    get_shop_settings.cache_clear()
    assert server.client.get("/page-size").status_code == 500  # bad settings fail loudly...
get_shop_settings.cache_clear()
assert server.client.get("/page-size").json() == {"page_size": 10}  # ...and a restart recovers
with mock.patch.dict(os.environ):
    os.environ.pop("FORWARDED_ALLOW_IPS", None)
    assert _uvicorn.Config(app).forwarded_allow_ips == "127.0.0.1,::1", "the default the lesson names"
''',
        # The Dockerfile's Python is one the course is tested on; requirements.txt is a lock.
        '''
dockerfile = (project / "Dockerfile").read_text()
assert re.search(r"^FROM python:3\\.1[123]-slim$", dockerfile, re.M), dockerfile.splitlines()[1]
locked = (project / "requirements.txt").read_text().split()
names = {line.split("==")[0] for line in locked}
assert all("==" in line for line in locked)
assert {"fastapi", "starlette", "pydantic", "pydantic-core", "anyio", "h11", "click"} <= names, names
''',
        # `fastapi run` and `fastapi dev`, as lessons 01 and 15 mention them, work in this environment.
        '''
for command in (["run", "main.py", "--workers", "2"], ["dev", "main.py"]):
    with run_server([sys.executable, "-m", "fastapi", *command, "--host", "127.0.0.1", "--port", "{port}"],
                    cwd=project, env={"GREETER_GREETING": "Salut"}) as process:
        body = process.client.get("/").json()
    assert body["message"].startswith("Salut from process"), (command, body)
''',
    ],
    "16-capstone": [
        # The signing key comes from the environment: every worker has the same one.
        '''
assert SECRET_KEY == os.environ["TODO_SECRET_KEY"]
''',
        # Concurrent registrations of one name: one 201, the others 409, never a 500.
        '''
codes = concurrently(6, lambda client, i: client.post("/users", json={"username": "racer", "password": f"password-{i}"}).status_code)
assert sorted(codes) == [201] + [409] * 5, codes
''',
        # PATCH with nulls and wrong types: 422, nothing changed. Unknown ids: 404.
        '''
me = log_in("ada")
todo = server.client.post("/todos", json={"title": "Keep me"}, headers=me).json()
for body in ({"title": None}, {"done": None}, {"title": None, "done": True}, {"title": 5}, {"done": "maybe"},
             {"title": ""}, {"done": [True]}):
    answer = server.client.patch(f"/todos/{todo['id']}", json=body, headers=me)
    assert answer.status_code == 422, (body, answer.status_code, answer.text)
mine = next(item for item in server.client.get("/todos", headers=me).json() if item["id"] == todo["id"])
assert mine == todo
for method in ("PATCH", "DELETE"):
    answer = server.client.request(method, "/todos/999999", json={"done": True} if method == "PATCH" else None, headers=me)
    assert answer.status_code == 404, (method, answer.status_code)
for body in ({"title": None}, {"title": 7}, {}):
    assert server.client.post("/todos", json=body, headers=me).status_code == 422, body
assert server.client.post("/users", json={"username": None, "password": "long enough"}).status_code == 422
''',
        # Tokens with missing or ill-typed claims: 401.
        '''
later = datetime.now(UTC) + timedelta(minutes=5)
for claims in ({"sub": "ada"}, {"exp": later}, {"sub": 1, "exp": later}, {"sub": None, "exp": later},
               {"sub": "nobody", "exp": later}):
    token = jwt.encode(claims, SECRET_KEY, algorithm=ALGORITHM)
    answer = server.client.get("/todos", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401, (claims, answer.status_code)
''',
    ],
}

LESSONS = lessons()


@pytest.mark.parametrize("path", LESSONS, ids=[path.stem for path in LESSONS])
def test_the_finished_lesson_holds_against_hostile_clients(path: Path) -> None:
    with lesson_kernel(path) as (notebook, probe):
        probe(TOOLS)
        for source in PROBES.get(path.stem, []):
            probe(source)
        named = routes_named_in_prose(notebook)
        probe(f"missing = set({named!r}) - set(app.openapi()['paths'])\nassert not missing, missing")
        followed = check_links(notebook)
    if "docs_link()" in "".join(cell.source for cell in notebook.cells):
        assert followed, "the lesson shows a docs link, but none was found in its outputs"


def test_every_lesson_with_a_pattern_has_probes() -> None:
    """The lessons whose code the issue names must stay probed."""
    named = {"04-request-body", "05-response-model", "06-errors", "11-testing", "07-dependencies", "08-databases", "09-authentication", "10-middleware-cors",
             "12-background-tasks", "13-websockets", "14-static-files", "15-deployment", "16-capstone"}
    assert named <= set(PROBES)
    assert set(PROBES) <= {path.stem for path in LESSONS}
