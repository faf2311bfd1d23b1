"""Hostile probes for lesson 14, middleware-cors (see tests/test_hostile.py)."""

PROBES = [
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
]
