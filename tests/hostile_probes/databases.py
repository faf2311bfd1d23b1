"""Hostile probes for lesson 10, databases (see tests/test_hostile.py)."""

PROBES = [
    # [input-bounds] Explicit nulls and wrong types in PATCH: 422, nothing written; never a 500 or a 409.
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
    # [input-bounds] Unknown ids: 404 for every verb; an id out of range is a 422.
    '''
for method in ("GET", "PATCH", "DELETE"):
    response = server.client.request(method, "/users/999999", json={"name": "X"} if method == "PATCH" else None)
    assert response.status_code == 404, (method, response.status_code)
assert server.client.get("/users/-1").status_code == 422
assert server.client.get("/users/abc").status_code == 422
''',
    # [races] Concurrent creates of one email: exactly one 201, the others 409, never a 500.
    '''
codes = concurrently(8, lambda client, i: client.post("/users", json={"email": "race@example.com", "name": f"R{i}"}).status_code)
assert sorted(codes) == [201] + [409] * 7, codes
users_now = server.client.get("/users", params={"limit": 100}).json()
assert [user["email"] for user in users_now].count("race@example.com") == 1
''',
    # [races] Concurrent PATCHes to one email: one wins, the others 409.
    '''
ids = [server.client.post("/users", json={"email": f"p{i}@example.com", "name": "P"}).json()["id"] for i in range(6)]
codes = concurrently(6, lambda client, i: client.patch(f"/users/{ids[i]}", json={"email": "taken@example.com"}).status_code)
assert sorted(codes) == [200] + [409] * 5, codes
''',
    # [error-leak] Only a unique violation is a 409: another IntegrityError is re-raised (a bug is a 500).
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
]
PROBES += [
    # [races] POST /register (exercise 3): simultaneous registrations of one email: one 201, the rest 409.
    '''
codes = concurrently(8, lambda client, i: client.post("/register", json={"email": "reg-race@example.com", "name": f"R{i}"}).status_code)
assert sorted(codes) == [201] + [409] * 7, codes
for body in ({"email": None, "name": "x"}, {"email": "y@example.com", "name": None}, {"email": "nope", "name": "x"}, {}):
    assert server.client.post("/register", json=body).status_code == 422, body
users_now = server.client.get("/users", params={"limit": 100}).json()
assert [user["email"] for user in users_now].count("reg-race@example.com") == 1
''',
    # [input-bounds] Numbers JSON cannot carry (FastAPI #4589): the 422 still renders, never a 500.
    '''
for number in ("1e999", "NaN", "-Infinity"):
    raw = '{"email": "inf@example.com", "name": %s}' % number
    answer = server.client.post("/users", content=raw, headers={"content-type": "application/json"})
    assert answer.status_code == 422, (number, answer.status_code, answer.text[:200])
''',
    # [input-bounds] [error-leak] Ids and offsets past SQLite's 64-bit INTEGER, zero, negative,
    # fractional or non-ASCII ids, for every verb: a 4xx, never the 500 of an OverflowError.
    '''
for user_id in (2**63, 2**64, -(2**64), 10**30, 0, "1.5", "%C2%B9", "1e3"):
    for method in ("GET", "PATCH", "DELETE"):
        answer = server.client.request(method, f"/users/{user_id}", json={"name": "X"} if method == "PATCH" else None)
        assert 400 <= answer.status_code < 500, (method, user_id, answer.status_code, answer.text[:200])
assert server.client.get(f"/users/{2**63 - 1}").status_code == 404
for params in ({"offset": 2**63}, {"offset": 2**64}, {"offset": -1}, {"limit": 0}, {"limit": 2**64}, {"limit": 101},
               {"offset": "NaN"}, {"limit": "1e2"}):
    answer = server.client.get("/users", params=params)
    assert answer.status_code == 422, (params, answer.status_code, answer.text[:200])
assert server.client.get("/users", params={"offset": 2**63 - 1}).json() == []
''',
    # [input-bounds] Non-ASCII, overlong and odd bodies on every write: a 4xx or a clean 201/200, never a 500.
    '''
for body in ({"email": "a@example.com", "name": "x" * 101}, {"email": "x" * 250 + "@example.com", "name": "X"},
             {"email": "a\\x00b@example.com", "name": "X"}, {"email": "a@example.com"}, [], "text", None, 1e308,
             {"email": "a@example.com", "name": "X", "id": 1}, {"email": ["a@example.com"], "name": "X"}):
    for method, path in (("POST", "/users"), ("POST", "/register"), ("PATCH", "/users/1")):
        answer = server.client.request(method, path, json=body)
        assert answer.status_code < 500, (method, path, body, answer.status_code, answer.text[:200])
        if isinstance(body, dict) and "id" in body and answer.status_code < 300:
            assert answer.json()["id"] != 1 or path == "/users/1", "the client chose its id"
created = server.client.post("/users", json={"email": "zoë@exämple.com", "name": "Zoë 🦄"})
assert created.status_code in (201, 422), created.text
''',
]
