"""Hostile probes for lesson 15, cors (see tests/test_hostile.py)."""

PROBES = [
    # [csrf] What the lesson says: a text/plain POST is no preflight (CORS is no CSRF defence), and a
    # 500 has no CORS headers.
    '''
likes.clear()
answer = server.client.post("/like", content="x", headers={"Origin": "https://evil.example", "Content-Type": "text/plain"})
assert answer.status_code == 200 and likes == ["https://evil.example"]
allowed = "https://shop.example"  # the origin of the exercise's CORS settings, the last ones set
assert server.client.get("/products", headers={"Origin": allowed}).headers["access-control-allow-origin"] == allowed
broken = server.client.get("/broken", headers={"Origin": allowed})
assert broken.status_code == 500 and "access-control-allow-origin" not in broken.headers
''',
    # [cors-allowlist] Origins that look like the shop's are refused, and no answer ever trusts "*" with credentials.
    '''
from helpers.hostile import HOSTILE_ORIGINS as _HOSTILE_ORIGINS
lookalikes = (*_HOSTILE_ORIGINS, "https://evil-shop.example", "https://SHOP.example.", "https://shop.example/", "")
for origin in lookalikes:
    answer = server.client.options("/products", headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
    assert answer.status_code == 400, (origin, answer.status_code)
    answer = server.client.get("/products", headers={"Origin": origin, "Cookie": "session=1"})
    assert "access-control-allow-origin" not in answer.headers, origin
for origin in ("https://shop.example", "http://localhost:5173"):
    answer = server.client.options("/anything", headers={"Origin": origin, "Access-Control-Request-Method": "DELETE",
                                                         "Access-Control-Request-Headers": "authorization"})
    assert answer.status_code == 200 and answer.headers["access-control-allow-origin"] == origin
    assert answer.headers["access-control-allow-credentials"] == "true"
''',
    # CORS added last answers a preflight before a guard middleware, which would refuse it (no key).
    '''
for cors_last, expected in ((True, 200), (False, 401)):
    with serve(admin_app(cors_last), name="admin-probe") as _admin:
        answer = _admin.client.options("/stats", headers=asking)
        assert answer.status_code == expected, (cors_last, answer.status_code)
        assert _admin.client.get("/stats", headers={"Origin": "https://app.example.com"}).status_code == 401
        assert _admin.client.get("/stats", headers={"X-Admin-Key": "open-sesame"}).json() == {"products": 2}
''',
]
PROBES += [
    # [cors-allowlist] The allowed origin itself gets only what is listed: a method or a header
    # outside the lists fails the preflight; a repeated, upper-case, non-ASCII or listed-twice origin
    # (HTTP trims the spaces around a value) is no allowed one; no answer carries "*" or a wildcard.
    '''
allowed = "https://shop.example"
for method, headers in (("PUT", ""), ("PATCH", ""), ("DELETE", "x-admin-key"), ("POST", "authorization, x-evil")):
    asking = {"Origin": allowed, "Access-Control-Request-Method": method}
    if headers:
        asking["Access-Control-Request-Headers"] = headers
    assert server.client.options("/products", headers=asking).status_code == 400, (method, headers)
for origin in ("HTTPS://SHOP.EXAMPLE", "https://shop.example.", "https://shop.example:443",
               "https://shöp.example".encode(), "https://shop.example, https://evil.example", "*"):
    answer = server.client.options("/products", headers={"Origin": origin, "Access-Control-Request-Method": "GET"})
    assert answer.status_code == 400, (origin, answer.status_code)
    assert "access-control-allow-origin" not in server.client.get("/products", headers={"Origin": origin}).headers, origin
answer = server.client.get("/products", headers=[("Origin", "https://evil.example"), ("Origin", allowed)])
assert answer.headers.get("access-control-allow-origin") in (None, allowed), answer.headers
for path in ("/products", "/like", "/nowhere"):
    answer = server.client.get(path, headers={"Origin": "https://evil.example", "Cookie": "session=1"})
    assert answer.headers.get("access-control-allow-origin") not in ("*", "https://evil.example"), path
''',
]
