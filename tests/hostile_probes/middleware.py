"""Hostile probes for lesson 14, middleware (see tests/test_hostile.py)."""

PROBES = [
    # [log-injection] A client-supplied request id is kept only when it is short and plain.
    '''
import uuid as _uuid
for bad in ("x" * 65, "a b", "id;drop", "ünïcode".encode(), "<script>"):
    answer = server.client.get("/request-id", headers={"X-Request-ID": bad})
    assert _uuid.UUID(answer.headers["x-request-id"]).version == 4, bad
    assert answer.json()["request_id"] == answer.headers["x-request-id"]
assert server.client.get("/request-id", headers={"X-Request-ID": "order.42_A-b"}).headers["x-request-id"] == "order.42_A-b"
''',
    # [secret-compare] Admin guards: 401 for a missing, wrong, empty or non-ASCII key, in the middleware and the dependency.
    '''
for path, key in (("/admin/stats", ADMIN_KEY), ("/reports/sales", REPORTS_KEY)):
    for headers in ({}, {"X-Admin-Key": ""}, {"X-Admin-Key": key[:-1]}, {"X-Admin-Key": b"\\xff\\xfe"},
                    {"X-Admin-Key": key * 2}, {"X-Admin-Key": key.upper()}):
        answer = server.client.get(path, headers=headers)
        assert answer.status_code == 401, (path, headers, answer.status_code)
        assert answer.json() == {"detail": "Admin key required"}, answer.text
    assert server.client.get(path, headers={"X-Admin-Key": key}).status_code == 200, path
assert "APIKeyHeader" in app.openapi()["components"]["securitySchemes"]
''',
    # The middleware guard also covers paths without a route under /admin (no 404 that tells what exists),
    # and leaves every other path, a 404 included, as it was.
    '''
for path in ("/admin", "/admin/", "/admin/stats/", "/admin/users/1", "/admin/stats?x=1"):
    assert server.client.get(path).status_code == 401, path
assert server.client.get("/no-such-page").status_code == 404
assert server.client.get("/products").status_code == 200
''',
    # The exercise's layers: a short-circuit hides the inner layers on every path, a 404 goes through all.
    '''
for path in ("/trail?day=sunday", "/products?day=sunday", "/nowhere?day=sunday"):
    answer = server.client.get(path)
    assert answer.status_code == 503 and answer.headers.get_list("x-trail") == ["closed_on_sunday", "sign_response"], path
assert server.client.get("/trail?day=SUNDAY").headers.get_list("x-trail")[0] == "route"
''',
    # [proxy-headers] Under a proxy prefix (JupyterHub, Binder: the ASGI scope's root_path, the path starting
    # with it) both guards still refuse; [secret-compare] and every near miss of each key is refused.
    '''
from fastapi.testclient import TestClient as _TestClient
from helpers.hostile import ROOT_PATHS as _ROOT_PATHS, near_misses as _near_misses
for _prefix in _ROOT_PATHS:
    _client = _TestClient(app, root_path=_prefix, raise_server_exceptions=False)
    for path in ("/admin/stats", "/admin", "/admin/users/1", "/reports/sales"):
        assert _client.get(_prefix + path).status_code == 401, (_prefix, path)
    assert _client.get(_prefix + "/admin/stats", headers={"X-Admin-Key": ADMIN_KEY}).status_code == 200
    assert _client.get(_prefix + "/reports/sales", headers={"X-Admin-Key": REPORTS_KEY}).status_code == 200
    assert _client.get(_prefix + "/products").status_code == 200
for path, key in (("/admin/stats", ADMIN_KEY), ("/reports/sales", REPORTS_KEY)):
    for label, wrong in _near_misses(key).items():
        if wrong == wrong.strip():  # HTTP trims the spaces around a header value
            assert server.client.get(path, headers={"X-Admin-Key": wrong}).status_code == 401, (path, label)
''',
]
PROBES += [
    # [proxy-headers] Headers a client writes itself (forwarded addresses, URL rewrites, a prefix) never
    # open a guard, and no spelling of an admin path reaches its data; [secret-compare] a repeated key
    # header whose first value is wrong is refused.
    '''
from helpers.hostile import FORWARDED_HEADERS as _FORWARDED_HEADERS
lies = {**_FORWARDED_HEADERS, "X-Original-URL": "/products", "X-Rewrite-URL": "/products",
        "X-Forwarded-Prefix": "/user/ada/proxy/8000", "X-Forwarded-For": "127.0.0.1", "X-Real-IP": "127.0.0.1"}
for path in ("/admin/stats", "/reports/sales"):
    assert server.client.get(path, headers=lies).status_code == 401, path
for path in ("//admin/stats", "/admin%2Fstats", "/./admin/stats", "/products/../admin/stats", "/ADMIN/stats",
             "/admin/stats%00", "/%61dmin/stats", "/admin/stats#x", "/admin;x/stats"):
    answer = server.client.get(path)
    assert answer.status_code in (400, 401, 404), (path, answer.status_code)
    assert "products" not in answer.text, (path, answer.text)
for path, key in (("/admin/stats", ADMIN_KEY), ("/reports/sales", REPORTS_KEY)):
    answer = server.client.get(path, headers=[("X-Admin-Key", "wrong"), ("X-Admin-Key", key)])
    assert answer.status_code == 401, (path, answer.status_code)
    for method in ("POST", "PUT", "DELETE", "PATCH", "HEAD"):
        assert server.client.request(method, path).status_code in (401, 405), (method, path)
''',
]
