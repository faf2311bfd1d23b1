"""Hostile probes for lesson 10, databases (see tests/test_hostile.py)."""

PROBES = [
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
]
PROBES += [
    # POST /register (exercise 3): simultaneous registrations of one email: one 201, the rest 409.
    '''
codes = concurrently(8, lambda client, i: client.post("/register", json={"email": "reg-race@example.com", "name": f"R{i}"}).status_code)
assert sorted(codes) == [201] + [409] * 7, codes
for body in ({"email": None, "name": "x"}, {"email": "y@example.com", "name": None}, {"email": "nope", "name": "x"}, {}):
    assert server.client.post("/register", json=body).status_code == 422, body
users_now = server.client.get("/users", params={"limit": 100}).json()
assert [user["email"] for user in users_now].count("reg-race@example.com") == 1
''',
    # Numbers JSON cannot carry (FastAPI #4589): the 422 still renders, never a 500.
    '''
for number in ("1e999", "NaN", "-Infinity"):
    raw = '{"email": "inf@example.com", "name": %s}' % number
    answer = server.client.post("/users", content=raw, headers={"content-type": "application/json"})
    assert answer.status_code == 422, (number, answer.status_code, answer.text[:200])
''',
]
