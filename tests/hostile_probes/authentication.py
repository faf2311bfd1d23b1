"""Hostile probes for lesson 12, authentication (see tests/test_hostile.py)."""

PROBES = [
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
forged |= {
    "string exp": _jwt.encode({"sub": "alice", "exp": "tomorrow"}, SECRET_KEY, algorithm=ALGORITHM),
    "empty sub": _jwt.encode({"sub": "", "exp": later}, SECRET_KEY, algorithm=ALGORITHM),
    "huge": "x" * 10000,
}
for case, token in forged.items():
    for path in ("/users/me", "/users/me/items", "/whoami"):
        response = server.client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, (case, path, response.status_code)
        assert response.headers["www-authenticate"] == "Bearer", case
good = create_access_token("alice")
for path in ("/users/me", "/whoami"):
    assert server.client.get(path, headers={"Authorization": f"Bearer {good}"}).status_code == 200
assert server.client.get("/whoami").status_code == 401
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
    # The shared forgeries (helpers.hostile): every one is a 401 on every route that takes a token.
    '''
from helpers.hostile import forged_tokens
for case, token in forged_tokens({"sub": "alice"}, SECRET_KEY, ALGORITHM).items():
    for path in ("/users/me", "/users/me/items", "/whoami"):
        response = server.client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, (case, path, response.status_code)
''',
    # Look-alike names: a name taken in one letter case is taken in every case, and logs in in any.
    '''
for name in ("ALICE", "Alice", "aLiCe"):
    answer = server.client.post("/users", json={"username": name, "full_name": "Mallory", "password": "long enough"})
    assert answer.status_code == 409, (name, answer.status_code)
assert users["alice"].full_name == "Alice Liddell"
assert server.client.post("/users", json={"username": "Dora", "full_name": "D", "password": "long enough"}).status_code == 201
assert server.client.post("/users", json={"username": "dora", "full_name": "E", "password": "long enough"}).status_code == 409
assert server.client.post("/token", data={"username": "DORA", "password": "long enough"}).status_code == 200
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
    # Numbers JSON cannot carry (FastAPI #4589): the 422 still renders, never a 500.
    '''
for number in ("1e999", "NaN", "-Infinity"):
    raw = '{"username": %s, "full_name": "X", "password": "long enough"}' % number
    answer = server.client.post("/users", content=raw, headers={"content-type": "application/json"})
    assert answer.status_code == 422, (number, answer.status_code, answer.text[:200])
''',
]
