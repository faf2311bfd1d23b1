"""Hostile probes for lesson 09, dependencies (see tests/test_hostile.py)."""

PROBES = [
    # [error-leak] A failing route: the yield dependency rolls back, re-raises, and the client gets the real error.
    '''
events.clear()
response = server.client.get("/names-fail/")
assert until(lambda: "close session" in events)
assert response.status_code == 409, response.text
assert events == ["open session", "query", "rollback", "close session"], events
assert "Response not awaited" not in server.logs()
''',
    # [secret-compare] API keys: missing, wrong, non-ASCII (compare_digest on str would raise), right.
    '''
for headers in ({}, {"X-API-Key": "let-me-i"}, {"X-API-Key": b"\\xe9t\\xe9"}, {"X-API-Key": ""}):
    response = server.client.get("/vault/", headers=headers)
    assert response.status_code == 401, (headers, response.status_code)
    assert response.headers.get("www-authenticate"), (headers, response.headers)  # RFC 9110: a 401 says how
from helpers.hostile import near_misses
for key in ("let-me-in", "open-sesame"):
    for what, value in near_misses(key).items():
        if value.strip() == value:  # a header's surrounding spaces never reach the app
            assert server.client.get("/vault/", headers={"X-API-Key": value}).status_code == 401, (key, what)
assert server.client.get("/vault/", headers={"X-API-Key": "open-sesame"}).json() == {"gold": 100}
''',
    # Paging: sizes and pages out of bounds are a 422, never a slice that runs backwards or huge.
    '''
for query in ("size=0", "size=-1", "size=51", "size=1000000000", "page=0", "page=-3", "size=1e999", "page=nan"):
    assert server.client.get(f"/fruits/?{query}").status_code == 422, query
assert server.client.get("/fruits/?page=99").json() == []
''',
]
PROBES += [
    # [error-leak] Orders: every missing or odd id is the route's own 404 (never the swallowed-error 500), a
    # wrong type a 422; each request's connection is rolled back on failure and closed.
    '''
order_events.clear()
for order_id in ("7", "-1", "0", "99999999999"):
    response = server.client.get(f"/orders/{order_id}")
    assert response.status_code == 404, (order_id, response.status_code, response.text)
assert server.client.get("/orders/abc").status_code == 422
assert until(lambda: order_events.count("close") == 5), order_events  # the 422 too: the path is validated after the dependency opened
assert order_events == ["open", "rollback", "close"] * 5, order_events
codes = concurrently(6, lambda client, i: client.get(f"/orders/{1000 + i}").status_code)
assert codes == [404] * 6, codes
assert "Response not awaited" not in server.logs()
''',
    # [error-leak] Ids past 64 bits, far negative or non-ASCII, on every route that takes one: a 4xx
    # that shows no traceback, exception name or SQL, and every connection is still closed.
    '''
order_events.clear()
for order_id in (2**64, -(2**64), 10**30, "%C2%B9", "1e3", "1.5"):
    response = server.client.get(f"/orders/{order_id}")
    assert 400 <= response.status_code < 500, (order_id, response.status_code, response.text[:200])
    assert not any(word in response.text for word in ("Traceback", "Error:", "SELECT", 'File "')), response.text
assert until(lambda: order_events.count("close") == 6), order_events
failing = server.client.get("/names-fail/")
assert failing.status_code == 409 and "Traceback" not in failing.text, failing.text
''',
    # [secret-compare] The API key in a repeated header, with a space inside, in another letter case, or
    # a prefix or an extension of the right one: 401, never a 500.
    '''
for value in ("open-sesam", "open-sesame!", "OPEN-SESAME", "open sesame", "open\u2011sesame".encode(), "o" * 8_000):
    response = server.client.get("/vault/", headers={"X-API-Key": value})
    assert response.status_code in (401, 431), (value[:20], response.status_code)
response = server.client.get("/vault/", headers=[("X-API-Key", "wrong"), ("X-API-Key", "open-sesame")])
assert response.status_code in (200, 401), response.status_code
''',
]
