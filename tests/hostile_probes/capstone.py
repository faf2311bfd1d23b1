"""Hostile probes for lesson 22, capstone (see tests/test_hostile.py).

The lesson's names: `project`, `service_env`, `load_service`, `app`, `server`, and `ada` and
`grace`, the headers with their tokens. The package is `todo`.
"""

PROBES = [
    # [secret-config] The signing key comes from the environment: every worker, and every restart, has the same.
    '''
import sys
assert service_env["TODO_SECRET_KEY"] == os.environ["TODO_SECRET_KEY"]
assert sys.modules["todo.config"].get_settings().secret_key.get_secret_value() == os.environ["TODO_SECRET_KEY"]
assert os.environ["TODO_SECRET_KEY"] not in repr(sys.modules["todo.config"].get_settings())
''',
    # [secret-config] Settings fail fast: without a key, or with one too short, `fastapi run` stops at start-up,
    # and its error names the setting but never shows the key.
    '''
import subprocess
shell = {name: value for name, value in os.environ.items() if not name.startswith("TODO_")}
for settings in ({}, {"TODO_SECRET_KEY": "prod-secret-but-too-short"}):
    command = [sys.executable, "-m", "fastapi", "run", "todo/main.py", "--host", "127.0.0.1", "--port", "0"]
    result = subprocess.run(command, cwd=project.root, env={**shell, **settings}, capture_output=True, text=True, timeout=60)
    said = result.stdout + result.stderr
    assert result.returncode != 0 and "secret_key" in said, (settings, result.returncode, said[-2000:])
    assert "prod-secret-but-too-short" not in said, said[-2000:]
''',
    # The project's tests force their own settings: a real key and database in the shell never
    # reach them (the real database file is not even created).
    '''
import subprocess
real = project.root / "real.db"
shell = {name: value for name, value in os.environ.items() if not name.startswith("PYTEST_")}
shell |= {"TODO_SECRET_KEY": "the-real-production-key-0123456789abcdef", "TODO_DATABASE_URL": f"sqlite:///{real}"}
result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], cwd=project.root,
                        env=shell, capture_output=True, text=True, timeout=300)
assert result.returncode == 0, result.stdout[-3000:]
assert not real.exists(), "the tests opened the database of the shell's TODO_DATABASE_URL"
''',
    # [identity-not-reused] A token names an account that is never reused: ada closes her account, someone signs up as
    # "ada", and ada's old token gets a 401, never the newcomer's to-dos.
    '''
old = sign_up_and_log_in("reused")
assert server.client.post("/todos", json={"title": "the first reused's"}, headers=old).status_code == 201
assert server.client.delete("/users/me", headers=old).status_code == 204
new = sign_up_and_log_in("reused")
assert server.client.post("/todos", json={"title": "the new reused's private note"}, headers=new).status_code == 201
for path in ("/todos", "/users/me"):
    answer = server.client.get(path, headers=old)
    assert answer.status_code == 401, (path, answer.status_code, answer.text)
assert server.client.get("/users/me", headers=new).json()["username"] == "reused"
''',
    # [races] Concurrent sign-ups of one name: one 201, the others 409, never a 500.
    '''
codes = concurrently(6, lambda client, i: client.post("/users", json={"username": "racer", "password": f"password-{i}"}).status_code)
assert sorted(codes) == [201] + [409] * 5, codes
''',
    # [input-bounds] PATCH with nulls and wrong types: 422, nothing changed; ids outside SQLite's INTEGER: 422.
    # [object-ownership] Unknown ids, and other users' ids: 404, for every verb.
    # [mass-assignment] An extra owner_id is ignored: the owner is always the caller.
    '''
todo = server.client.post("/todos", json={"title": "Keep me"}, headers=ada).json()
url = f"/todos/{todo['id']}"
for body in ({"title": None}, {"done": None}, {"title": None, "done": True}, {"title": 5}, {"done": "maybe"},
             {"title": ""}, {"done": [True]}, {"title": "x" * 201}):
    answer = server.client.patch(url, json=body, headers=ada)
    assert answer.status_code == 422, (body, answer.status_code, answer.text)
assert server.client.get(url, headers=ada).json() == todo
for method, body in (("GET", None), ("PATCH", {"done": True}), ("DELETE", None)):
    for path, who in ((url, grace), ("/todos/999999", ada), (f"/todos/{2**63 - 1}", ada)):
        answer = server.client.request(method, path, json=body, headers=who)
        assert answer.status_code == 404, (method, path, answer.status_code)
    for path in ("/todos/0", "/todos/-1", f"/todos/{2**63}", f"/todos/{2**64}", f"/todos/{-2**70}", "/todos/1e3",
                 "/todos/%C2%B9"):
        answer = server.client.request(method, path, json=body, headers=ada)
        assert answer.status_code == 422, (method, path, answer.status_code)
assert server.client.get(url, headers=ada).json() == todo, "grace changed nothing"
assert todo not in server.client.get("/todos", headers=grace).json()
assert server.client.get("/todos/abc", headers=ada).status_code == 422
for body in ({"title": None}, {"title": 7}, {}, {"title": "ok", "owner_id": 2}):
    answer = server.client.post("/todos", json=body, headers=ada)
    if body.get("title") == "ok":  # an extra field is ignored: the owner is always the caller
        assert answer.status_code == 201 and answer.json()["id"] not in [t["id"] for t in server.client.get("/todos", headers=grace).json()]
    else:
        assert answer.status_code == 422, body
assert server.client.post("/users", json={"username": None, "password": "long enough"}).status_code == 422
''',
    # [token-claims] Tokens with missing, ill-typed or forged claims: 401.
    '''
import jwt
from datetime import UTC, datetime, timedelta
key = service_env["TODO_SECRET_KEY"]
later = datetime.now(UTC) + timedelta(minutes=5)
tokens = [jwt.encode(claims, key, algorithm="HS256") for claims in (
    {"sub": "ada"}, {"exp": later}, {"sub": 1, "exp": later}, {"sub": None, "exp": later},
    {"sub": "nobody", "exp": later}, {"sub": "ada", "exp": datetime.now(UTC) - timedelta(minutes=1)})]
tokens += [jwt.encode({"sub": "ada", "exp": later}, "another key, long enough to be a key", algorithm="HS256"),
           jwt.encode({"sub": "ada", "exp": later}, None, algorithm="none"), "not-a-token", "a.b.c"]
for token in tokens:
    for path in ("/todos", "/users/me"):
        answer = server.client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 401, (token, path, answer.status_code)
''',
    # [identity-not-reused] Closing an account takes its to-dos with it, whoever signs up next; its token stops working.
    '''
leaving = sign_up_and_log_in("leaving")
assert server.client.post("/todos", json={"title": "private"}, headers=leaving).status_code == 201
before = server.client.get("/todos", headers=ada).json()
assert server.client.delete("/users/me", headers=leaving).status_code == 204
assert server.client.get("/todos", headers=leaving).status_code == 401
assert server.client.delete("/users/me", headers=leaving).status_code == 401
newcomer = sign_up_and_log_in("newcomer")
assert server.client.get("/todos", headers=newcomer).json() == []
assert server.client.get("/todos", headers=ada).json() == before
''',
    # As its own process with two workers: a token signed by one worker is good in the other.
    '''
command = [sys.executable, "-m", "fastapi", "run", "todo/main.py", "--host", "127.0.0.1", "--port", "{port}", "--workers", "2"]
with run_server(command, cwd=project.root, env=service_env, ready_path="/openapi.json", timeout=90) as process:
    token = process.client.post("/users/token", data={"username": "ada", "password": "correct horse"}).json()["access_token"]
    answers = {process.client.get("/users/me", headers={"Authorization": f"Bearer {token}"}).status_code for _ in range(20)}
assert answers == {200}, answers
assert port_is_free(process.port) and not process.running
''',
    # [token-claims] Forged tokens that name a real account (ada's own public id): another key, `alg: none`,
    # HS512 or HS384 with the right key, expired, not yet valid, a prefix of the real token, a token
    # with its signature cut, and the real token twice in the header: 401 every time.
    '''
import jwt
from datetime import UTC, datetime, timedelta
key = service_env["TODO_SECRET_KEY"]
real = ada["Authorization"].removeprefix("Bearer ")
sub = jwt.decode(real, options={"verify_signature": False})["sub"]
later, earlier = datetime.now(UTC) + timedelta(minutes=5), datetime.now(UTC) - timedelta(minutes=1)
header, payload, signature = real.split(".")
forged = [
    jwt.encode({"sub": sub, "exp": later}, "another key, long enough to be a key", algorithm="HS256"),
    jwt.encode({"sub": sub, "exp": later}, None, algorithm="none"),
    jwt.encode({"sub": sub, "exp": later}, key, algorithm="HS512"),
    jwt.encode({"sub": sub, "exp": later}, key, algorithm="HS384"),
    jwt.encode({"sub": sub, "exp": earlier}, key, algorithm="HS256"),
    jwt.encode({"sub": sub, "exp": later, "nbf": later}, key, algorithm="HS256"),
    jwt.encode({"sub": sub[:8], "exp": later}, key, algorithm="HS256"),
    jwt.encode({"sub": sub.upper(), "exp": later}, key, algorithm="HS256"),
    jwt.encode({"sub": f"{sub} ", "exp": later}, key, algorithm="HS256"),
    jwt.encode({"sub": [sub], "exp": later}, key, algorithm="HS256"),
    f"{header}.{payload}.", f"{header}.{payload}", real[:-4], real + "A", f"{real} {real}", f"{real}\u00e9",
]
assert server.client.get("/users/me", headers=ada).status_code == 200
for token in forged:
    for path in ("/todos", "/users/me"):
        answer = server.client.get(path, headers={"Authorization": f"Bearer {token}".encode()})
        assert answer.status_code == 401, (token, path, answer.status_code)
answer = server.client.get("/users/me", headers=[("Authorization", "Bearer not-a-token"), ("Authorization", f"Bearer {real}")])
assert answer.status_code in (200, 401), answer.status_code
''',
    # [password-storage] Passwords are stored as Argon2 hashes, never as text; a login answers the
    # same for an unknown name and a wrong password; a non-ASCII or very long password works or
    # is a 422, never a 500.
    '''
from sqlalchemy import select as _select
from sqlalchemy.orm import Session as _Session
_models, _database = sys.modules["todo.models"], sys.modules["todo.database"]
assert server.client.post("/users", json={"username": "hashed", "password": "correct horse ünïcode 🐎"}).status_code == 201
with _Session(_database.engine) as _session:
    stored = _session.scalar(_select(_models.User).where(_models.User.username == "hashed")).password_hash
assert stored.startswith("$argon2") and "correct horse" not in stored, stored
good = server.client.post("/users/token", data={"username": "hashed", "password": "correct horse ünïcode 🐎"})
assert good.status_code == 200 and good.json()["token_type"] == "bearer"
wrong = server.client.post("/users/token", data={"username": "hashed", "password": "correct horse"})
unknown = server.client.post("/users/token", data={"username": "nobody-here", "password": "correct horse"})
assert wrong.status_code == unknown.status_code == 401 and wrong.json() == unknown.json()
assert wrong.headers.get("www-authenticate") == unknown.headers.get("www-authenticate")
for password in ("x" * 100_000, "\\x00" * 20, "pässwörd" * 4):
    answer = server.client.post("/users", json={"username": "long-password", "password": password})
    assert answer.status_code in (201, 409, 422), answer.status_code
''',
]
