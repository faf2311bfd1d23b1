"""Hostile probes for lesson 21, deployment (see tests/test_hostile.py)."""

PROBES = [
    # [secret-config] Settings: overrides and cache_clear, as the lesson teaches; bad settings fail loudly.
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
    # The Dockerfile's Python is one the course is tested on; requirements.txt is a lock; the
    # image has a health check on a route that exists, a bounded graceful shut-down, and trusts
    # the proxy headers of a listed network, never of "*" (under which a client forges its address):
    # [proxy-headers].
    '''
import ipaddress
dockerfile = (project / "Dockerfile").read_text()
assert re.search(r"^FROM python:3\\.1[123]-slim$", dockerfile, re.M), dockerfile.splitlines()[1]
assert re.search(r"^HEALTHCHECK .*\\n\\s+CMD .*/health", dockerfile, re.M), "HEALTHCHECK on /health"
shutdown = re.search(r'"--timeout-graceful-shutdown", "(\\d+)"', dockerfile)
assert shutdown and int(shutdown[1]) < 10, "a graceful shut-down shorter than docker stop's 10 s"
allowed = re.search(r'"--forwarded-allow-ips", "([^"]+)"', dockerfile)[1]
assert "*" not in allowed and all(ipaddress.ip_network(net).is_private for net in allowed.split(",")), allowed
locked = (project / "requirements.txt").read_text().split()
names = {line.split("==")[0] for line in locked}
assert all("==" in line for line in locked)
assert {"fastapi", "starlette", "pydantic", "pydantic-core", "anyio", "h11", "click"} <= names, names
''',
    # [secret-config] `fastapi run` and `fastapi dev`, as lessons 01, 20 and 21 use them, work here, and
    # every worker reads its settings from the environment.
    '''
for command in (["run", "main.py", "--workers", "2"], ["dev", "main.py"]):
    with run_server([sys.executable, "-m", "fastapi", *command, "--host", "127.0.0.1", "--port", "{port}"],
                cwd=project, env={"GREETER_GREETING": "Salut"}) as process:
        body = process.client.get("/").json()
        health = process.client.get("/health")
    assert body["message"].startswith("Salut from process"), (command, body)
    assert health.status_code == 200 and health.json() == {"status": "ok"}, (command, health.text)
''',
    # Logging: no secret the client sent lands in a line the app logs, whatever the route; a
    # hostile request id is replaced; concurrent requests each keep their own id.
    '''
import uuid as _uuid
SECRET = "hostile-s3cret-value"
shop_log.lines.clear()
auth = {"Authorization": f"Bearer {SECRET}", "Cookie": f"session={SECRET}"}
for path in ("/orders/7", "/orders/0", "/orders/99999999999999999999", "/callbacks/payment", "/whoami", "/nowhere"):
    server.client.get(path, params={"token": SECRET, "order": "5", "password": SECRET, "api_key": SECRET}, headers=auth)
server.client.get("/callbacks/payment", params=[("order", "5"), ("token", SECRET), ("TOKEN", SECRET)])
for body in ({"username": "mallory", "password": SECRET}, {"username": "x", "password": SECRET},
             {"username": None, "password": SECRET}, {"username": "mallory", "password": [SECRET]}):
    status_code = server.client.post("/signups", json=body, headers=auth).status_code
    assert status_code in (201, 422), (body, status_code)
leaks = [line for line in shop_log.lines if SECRET in line]
assert not leaks, leaks
assert any("mallory" in line for line in shop_log.lines), shop_log.lines

shop_log.lines.clear()
for hostile in ("x" * 500, "two words", "id\u00e9", ""):
    server.client.get("/orders/7", headers={"X-Request-ID": hostile.encode("utf-8")})
for line in shop_log.lines:
    shown = line.split("[", 1)[1].split("]", 1)[0]
    assert _uuid.UUID(shown).version == 4, line

shop_log.lines.clear()
answers = concurrently(8, lambda client, i: client.get(f"/orders/{i + 1}", headers={"X-Request-ID": f"c-{i + 1}"}).status_code)
assert answers == [200] * 8, answers
read = [line for line in shop_log.lines if " read" in line]
assert len(read) == 8 and all(f"[c-{line.split('order ')[1].split(' ')[0]}]" in line for line in read), read
shop_log.lines.clear()
''',
    # The production file, run as its own process under `fastapi run --workers 2`: every line
    # the app writes is JSON, uvicorn's lines still come, and no secret reaches any line.
    '''
import json as _json
SECRET = "hostile-s3cret-value"
command = [sys.executable, "-m", "fastapi", "run", "main.py", "--workers", "2", "--host", "127.0.0.1", "--port", "{port}"]
with run_server(command, cwd=project / "service") as process:
    for path in ("/orders/7", "/orders/0", "/orders/abc", "/nowhere"):
        answer = process.client.get(path, params={"token": SECRET, "password": SECRET},
                                    headers={"Authorization": f"Bearer {SECRET}", "X-Request-ID": "probe-1"})
        assert answer.status_code in (200, 404, 422), (path, answer.status_code)
output = process.output()
assert SECRET not in output, [line for line in output.splitlines() if SECRET in line]
app_lines = [_json.loads(line) for line in output.splitlines() if line.startswith("{")]
assert {(entry["level"], entry["request_id"], entry["message"]) for entry in app_lines} == {
    ("INFO", "probe-1", "order 7 read"), ("WARNING", "probe-1", "order 0 not found")}, app_lines
assert output.count("Application startup complete.") == 2, output[-2000:]
assert output.count("GET /orders/7?token=[REDACTED]&password=[REDACTED]") == 1, output[-2000:]
''',
]
PROBES += [
    # [proxy-headers] Forwarded headers from a peer that is not a listed proxy change nothing: the
    # lesson's app served with the Dockerfile's --forwarded-allow-ips (10.0.0.0/8) answers this
    # notebook's own address and scheme, whatever the client wrote, repeated or not. From a
    # trusted proxy, the address a client wrote itself (leftmost) is never taken.
    '''
from helpers.hostile import FORWARDED_HEADERS as _FORWARDED_HEADERS
lies = [dict(_FORWARDED_HEADERS), {"X-Forwarded-For": "1.2.3.4, 198.51.100.24", "X-Forwarded-Proto": "https"},
        [("X-Forwarded-For", "1.2.3.4"), ("X-Forwarded-For", "198.51.100.24")], {"X-Forwarded-For": "127.0.0.1"},
        {"X-Forwarded-For": "not an address", "X-Forwarded-Proto": "javascript"}, {"X-Forwarded-For": ""}]
with mock.patch.dict(os.environ, {"FORWARDED_ALLOW_IPS": "10.0.0.0/8"}), serve(app, name="untrusted-peer") as _peer:
    for headers in lies:
        answer = _peer.client.get("/whoami", headers=headers)
        assert answer.json() == {"client": "127.0.0.1", "scheme": "http"}, (headers, answer.text)
for headers in lies:
    answer = server.client.get("/whoami", headers=headers)
    assert answer.status_code == 200 and answer.json()["client"] != "1.2.3.4", (headers, answer.text)
''',
]
