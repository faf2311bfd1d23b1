"""Hostile probes for lesson 09, dependencies (see tests/test_hostile.py)."""

PROBES = [
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
    # Orders: every missing or odd id is the route's own 404 (never the swallowed-error 500), a
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
]
