"""Hostile probes for lesson 13, authorization (see tests/test_hostile.py)."""

PROBES = [
    # [least-privilege] A correctly signed token with scopes the user's role does not allow: 403, and the answer
    # names the scope; the scopes the role allows still work.
    '''
bob_everything = {"Authorization": f"Bearer {create_access_token('bob', {'admin', 'notes:write', 'notes:read'})}"}
for method, path in (("GET", "/admin/users"), ("POST", "/notes?text=planted")):
    response = server.client.request(method, path, headers=bob_everything)
    assert response.status_code == 403, (path, response.status_code)
    assert response.headers["www-authenticate"].startswith('Bearer error="insufficient_scope"'), response.headers
assert "planted" not in notes
assert server.client.get("/notes", headers=bob_everything).status_code == 200
assert server.client.get("/users/me", headers=bob_everything).json() == {"username": "bob", "role": "reader"}
''',
    # [token-claims] Forged, unsigned, tampered, expired and ill-typed tokens: 401 everywhere, never 403 or 500.
    '''
import base64 as _b64, json as _json
from datetime import datetime as _dt, timedelta as _td, timezone as _tz
later = _dt.now(_tz.utc) + _td(minutes=5)
good = create_access_token("bob", {"notes:read"})
header, payload, signature = good.split(".")
def _part(data):
    return _b64.urlsafe_b64encode(_json.dumps(data).encode()).rstrip(b"=").decode()
forged = {
    "alg none": jwt.encode({"sub": "alice", "scope": "admin", "exp": later}, None, algorithm="none"),
    "another key": jwt.encode({"sub": "alice", "scope": "admin", "exp": later}, secrets.token_hex(32), algorithm="HS256"),
    "HS512": jwt.encode({"sub": "alice", "scope": "admin", "exp": later}, SECRET_KEY, algorithm="HS512"),
    "tampered scope": f"{header}.{_part({'sub': 'bob', 'scope': 'admin', 'exp': int(later.timestamp())})}.{signature}",
    "expired": create_access_token("alice", {"admin"}, lifetime=_td(minutes=-1)),
    "no exp": jwt.encode({"sub": "alice", "scope": "admin"}, SECRET_KEY, algorithm=ALGORITHM),
    "no sub": jwt.encode({"scope": "admin", "exp": later}, SECRET_KEY, algorithm=ALGORITHM),
    "scope as a list": jwt.encode({"sub": "alice", "scope": ["admin"], "exp": later}, SECRET_KEY, algorithm=ALGORITHM),
    "scope as a number": jwt.encode({"sub": "alice", "scope": 1, "exp": later}, SECRET_KEY, algorithm=ALGORITHM),
    "unknown user": jwt.encode({"sub": "mallory", "scope": "admin", "exp": later}, SECRET_KEY, algorithm=ALGORITHM),
    "garbage": "a.b.c",
}
for case, token in forged.items():
    for path in ("/admin/users", "/notes", "/users/me"):
        response = server.client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, (case, path, response.status_code)
        assert response.headers["www-authenticate"].startswith("Bearer"), (case, response.headers)
''',
    # Login: unknown scopes are not granted, a JSON body or a missing field is a 422, a wrong
    # password a 401.
    '''
response = server.client.post("/token", data={"username": "alice", "password": "wonderland", "scope": "superuser  admin\\tnotes:read"})
assert response.status_code == 200 and set(response.json()["scope"].split()) <= set(ROLE_SCOPES["admin"]), response.text
assert "superuser" not in jwt.decode(response.json()["access_token"], SECRET_KEY, algorithms=[ALGORITHM])["scope"]
assert server.client.post("/token", data={"username": "bob", "password": "wonderland", "scope": "admin"}).status_code == 401
assert server.client.post("/token", json={"username": "alice", "password": "wonderland"}).status_code == 422
assert server.client.post("/token", data={"username": "alice"}).status_code == 422
''',
    # Malformed Basic headers: HTTPBasic's 401 with its challenge, never a 500.
    '''
def _basic(raw):
    return {"Authorization": b"Basic " + _b64.b64encode(raw)}
cases = [{"Authorization": "Basic"}, {"Authorization": "Basic !!!"}, {"Authorization": "Basic ===="},
         {"Authorization": "Digest abc"}, _basic(b"monitor"), _basic(b":"),
         _basic(b"monitor:"), _basic(":".join([METRICS_USERNAME, "x" * 10000]).encode()), _basic("monitör:pässword".encode()),
         _basic(b"\\xff\\xfe:\\xfd"), _basic(METRICS_USERNAME.upper().encode() + b":" + METRICS_PASSWORD.encode()),
         _basic(METRICS_USERNAME.encode() + b":" + METRICS_PASSWORD.encode() + b" ")]
for headers in cases:
    response = server.client.get("/metrics", headers=headers)
    assert response.status_code == 401, (headers, response.status_code)
    assert response.headers["www-authenticate"].startswith("Basic"), headers
assert server.client.get("/metrics", auth=(METRICS_USERNAME, METRICS_PASSWORD)).status_code == 200
''',
    # [secret-compare] API keys: empty, huge, non-ASCII, padded, or another client's key: 401, never a 500.
    '''
right = API_KEYS["reporting-bot"]
for value in (b"", b"x" * 10000, "clé".encode(), b"\\xff", (right + "x").encode(), right[:-1].encode()):
    response = server.client.get("/reports/daily", headers={"X-API-Key": value})
    assert response.status_code == 401, (value[:20], response.status_code)
    response = server.client.get("/partner/prices", headers={"X-Partner-Key": value})
    assert response.status_code == 401, (value[:20], response.status_code)
assert server.client.get("/partner/prices", headers={"X-Partner-Key": right}).status_code == 401
assert server.client.get("/reports/daily", headers={"X-API-Key": PARTNER_KEY}).status_code == 401
assert server.client.get("/reports/daily", headers={"X-API-Key": right}).status_code == 200
assert server.client.get("/partner/prices", headers={"X-Partner-Key": PARTNER_KEY}).status_code == 200
schemes = app.openapi()["components"]["securitySchemes"]
assert schemes["APIKeyHeader"]["name"] == "X-API-Key" and schemes["PartnerKey"]["name"] == "X-Partner-Key", schemes
''',
    # Concurrent writes with a writer's token: every note lands once.
    '''
writer = {"Authorization": f"Bearer {create_access_token('alice', {'notes:write'})}"}
before = len(notes)
codes = concurrently(10, lambda client, i: client.post("/notes", params={"text": f"c{i}"}, headers=writer).status_code)
assert codes == [201] * 10, codes
assert sorted(notes[before:]) == sorted(f"c{i}" for i in range(10))
''',
    # [token-claims] [least-privilege] A good token made bad: a prefix of it, more after it, another
    # scheme's word, a second Authorization header beside a reader's token, or a token whose
    # user lost the role since: 401 or 403, never an admin's answer and never a 500.
    '''
reader = create_access_token("bob", {"notes:read"})
admin = create_access_token("alice", set(ROLE_SCOPES["admin"]))
for value in (f"Bearer {admin[:-1]}", f"Bearer {admin[:len(admin) // 2]}", f"Bearer {admin}.", f"Bearer {admin}x",
              f"Basic {admin}", f"Token {admin}", f"Bearer{admin}", "Bearer", "Bearer " + "a." * 3000):
    response = server.client.get("/admin/users", headers={"Authorization": value})
    assert response.status_code == 401, (value[:30], response.status_code)
response = server.client.get("/admin/users", headers=[("Authorization", f"Bearer {reader}"), ("Authorization", f"Bearer {admin}")])
assert response.status_code in (200, 401, 403), response.status_code
if response.status_code == 200:  # the server read the admin's token, not a mix of the two
    assert isinstance(response.json(), list), response.text
alice_before = users["alice"]
users["alice"] = alice_before.model_copy(update={"role": "reader"})
try:
    demoted = server.client.get("/admin/users", headers={"Authorization": f"Bearer {admin}"})
    assert demoted.status_code == 403, ("a demoted admin's old token still works", demoted.status_code)
finally:
    users["alice"] = alice_before
assert server.client.get("/admin/users", headers={"Authorization": f"Bearer {admin}"}).status_code == 200
''',
]
