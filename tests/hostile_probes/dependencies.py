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
assert server.client.get("/vault/", headers={"X-API-Key": "open-sesame"}).json() == {"gold": 100}
''',
]
