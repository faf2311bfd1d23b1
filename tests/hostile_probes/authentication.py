"""Hostile probes for lesson 12, authentication (see tests/test_hostile.py)."""

PROBES = [
    # [token-claims] Tokens: correctly signed but without exp, without sub, with a numeric sub, alg none: 401.
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
    # [races] Concurrent sign-ups of one name: one 201, the others 409, and the winner's password works.
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
    # [token-claims] The shared forgeries (helpers.hostile): every one is a 401 on every route that takes a token.
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
    # [input-bounds] Wrong types and nulls in sign-up and login.
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
    # [password-storage] An unknown user and a wrong password get the same answer (status, body,
    # headers) after the same work (one Argon2 verification with the same parameters); what is
    # stored is an Argon2 hash, and no answer carries a password or a hash.
    '''
_verify = password_hash.verify
_calls = []


def _counting(password, hashed, *args, **kwargs):
    _calls.append(hashed.split("$")[:4])  # algorithm, version, cost parameters: the work
    return _verify(password, hashed, *args, **kwargs)


password_hash.verify = _counting
try:
    answers = {}
    for case, form in (("unknown user", {"username": "nobody-here", "password": "wonderland"}),
                       ("wrong password", {"username": "alice", "password": "Wonderland"}),
                       ("unknown, non-ASCII", {"username": "ålice", "password": "wönderland"}),
                       ("wrong, 10 000 characters", {"username": "alice", "password": "w" * 10_000})):
        _calls.clear()
        answer = server.client.post("/token", data=form)
        answers[case] = (answer.status_code, answer.json(), answer.headers.get("www-authenticate"), list(_calls))
finally:
    del password_hash.verify
first = answers["unknown user"]
assert first[0] == 401 and len(first[3]) == 1, first
for case, seen in answers.items():
    assert seen == first, (case, seen, first)
stored = users["alice"].hashed_password
assert stored.startswith("$argon2") and "wonderland" not in stored
assert DUMMY_HASH.split("$")[:4] == stored.split("$")[:4], "the dummy hash costs what a real one does"
created = server.client.post("/users", json={"username": "hashcheck", "full_name": "H", "password": "a long passphrase"})
assert created.status_code == 201, created.text
assert "a long passphrase" not in created.text and "argon2" not in created.text, created.text
assert users["hashcheck"].hashed_password.startswith("$argon2")
token = server.client.post("/token", data={"username": "hashcheck", "password": "a long passphrase"}).json()["access_token"]
me = server.client.get("/users/me", headers={"Authorization": f"Bearer {token}"})
assert me.status_code == 200 and "argon2" not in me.text and "passphrase" not in me.text, me.text
''',
    # [secret-config] The "As a main.py" box refuses to start without SECRET_KEY (or with a short
    # one), and two processes started with one key accept each other's tokens (every worker agrees).
    '''
import json as _json
import os as _os
import re as _re
import subprocess as _subprocess
import sys as _sys
import tempfile as _tempfile

_source = _json.load(open("12-authentication.ipynb"))
_boxes = []
for _cell in _source["cells"]:
    _text = "".join(_cell["source"])
    if _cell["cell_type"] == "markdown" and "**As a `main.py`.**" in _text:
        _text = "\\n".join(_re.sub(r"^> ?", "", line) for line in _text.splitlines())
        _boxes.append(_re.search(r"```python\\n(.*?)```", _text, _re.S).group(1))
assert len(_boxes) == 1, len(_boxes)
_login = (
    "import main, sys\\n"
    "from fastapi.testclient import TestClient\\n"
    "client = TestClient(main.app)\\n"
    "if sys.argv[1] == 'login':\\n"
    "    print(client.post('/token', data={'username': 'alice', 'password': 'wonderland'}).json()['access_token'])\\n"
    "else:\\n"
    "    print(client.get('/users/me', headers={'Authorization': 'Bearer ' + sys.argv[1]}).status_code)\\n"
)
with _tempfile.TemporaryDirectory() as _folder:
    open(_os.path.join(_folder, "main.py"), "w").write(_boxes[0])
    _env = {key: value for key, value in _os.environ.items() if key != "SECRET_KEY"}
    for _key in (None, "", "short", " " * 10):
        _run_env = _env if _key is None else {**_env, "SECRET_KEY": _key}
        _started = _subprocess.run([_sys.executable, "-c", "import main"], cwd=_folder, env=_run_env,
                                   capture_output=True, text=True, timeout=120)
        assert _started.returncode != 0 and "SECRET_KEY" in _started.stderr, (_key, _started.returncode, _started.stderr[-500:])
    _good = {**_env, "SECRET_KEY": "k" * 16 + "0123456789abcdef0123456789abcdef"}
    _token = _subprocess.run([_sys.executable, "-c", _login, "login"], cwd=_folder, env=_good,
                             capture_output=True, text=True, timeout=120)
    assert _token.returncode == 0, _token.stderr[-1000:]
    _other_worker = _subprocess.run([_sys.executable, "-c", _login, _token.stdout.strip()], cwd=_folder, env=_good,
                                    capture_output=True, text=True, timeout=120)
    assert _other_worker.stdout.strip() == "200", (_other_worker.stdout, _other_worker.stderr[-1000:])
    _other_key = {**_env, "SECRET_KEY": "another key, of more than 32 characters"}
    _rejected = _subprocess.run([_sys.executable, "-c", _login, _token.stdout.strip()], cwd=_folder, env=_other_key,
                                capture_output=True, text=True, timeout=120)
    assert _rejected.stdout.strip() == "401", (_rejected.stdout, _rejected.stderr[-1000:])
''',
    # [input-bounds] Sign-up fields past their bounds, non-ASCII names, odd login forms: a 4xx or a
    # clean answer, never a 500; nothing oversized is stored.
    '''
for body in ({"username": "long-name", "full_name": "x" * 101, "password": "long enough"},
             {"username": "long-pass", "full_name": "L", "password": "p" * 1025},
             {"username": "no-name", "full_name": "", "password": "long enough"},
             {"username": "x" * 31, "full_name": "X", "password": "long enough"},
             {"username": "ab", "full_name": "X", "password": "long enough"}):
    answer = server.client.post("/users", json=body)
    assert answer.status_code == 422, (body["username"], answer.status_code)
    assert body["username"] not in users
for form in ({"username": "alice", "password": "wonderland", "grant_type": "client_credentials"},
             {"username": "a" * 10_000, "password": "x"}, {"username": "ålice", "password": "wönderland"},
             {"username": "alice\\x00", "password": "wonderland"}):
    answer = server.client.post("/token", data=form)
    assert 400 <= answer.status_code < 500, (form["username"][:20], answer.status_code)
''',
]
