"""Hostile probes for lesson 20, a real project (see tests/test_hostile.py)."""

PROBES = [
    # [secret-compare] The admin key: whatever a client sends, a wrong or missing key is a 401 (as in lesson 14),
    # never a 500 (compare_digest on bytes: a str with non-ASCII letters would raise TypeError).
    '''
key = os.environ["SHOP_ADMIN_KEY"]
for headers in ({}, {"X-Admin-Key": ""}, {"X-Admin-Key": key[:-1]}, {"X-Admin-Key": key + "x"},
                {"X-Admin-Key": "é".encode("latin-1")}, {"X-Admin-Key": "x" * 8000}, {"x-admin-key": key.upper()}):
    for path in ("/admin/stats", "/admin/cheap?below=3"):
        status = server.client.get(path, headers=headers).status_code
        assert status == 401, (path, headers.get("X-Admin-Key", "")[:20], status)
assert server.client.get("/admin/stats", headers={"x-admin-key": key}).json() == {"items": 3}
''',
    # [input-bounds] Ids and numbers a careless client sends: 404 or 422, never a 500; the catalogue is intact.
    '''
for path, expected in (("/items/0", 404), ("/items/-1", 404), ("/items/99999999999999999999", 404),
                       ("/items/tea", 422), ("/items/99/price", 404), ("/items/1.5", 422)):
    assert server.client.get(path).status_code == expected, path
key = {"X-Admin-Key": os.environ["SHOP_ADMIN_KEY"]}
for query, expected in (("below=abc", 422), ("", 422), ("below=nan", 200), ("below=inf", 200)):
    assert server.client.get(f"/admin/cheap?{query}", headers=key).status_code == expected, query
assert len(server.client.get("/admin/cheap?below=inf", headers=key).json()) == 3
assert server.client.get("/items/").json()["items"][0] == {"id": 1, "name": "tea", "price": 3.5}
''',
    # Concurrent clients share one catalogue from the lifespan, and each gets a whole answer.
    '''
answers = concurrently(16, lambda client, i: client.get(f"/items/{i % 3 + 1}").json()["id"])
assert answers == [i % 3 + 1 for i in range(16)], answers
''',
    # [secret-config] Fail fast: without SHOP_ADMIN_KEY the app does not start (before, it started and some of its
    # routes answered 500); with the tests' own key, its tests pass whatever the shell exports.
    '''
import subprocess as _subprocess
shell = {name: value for name, value in os.environ.items() if name != "SHOP_ADMIN_KEY" and not name.startswith("PYTEST_")}
command = [*fastapi_cli, "run", "--host", "127.0.0.1", "--port", "0"]
result = _subprocess.run(command, cwd=project.root, env=shell, capture_output=True, text=True, timeout=60)
assert result.returncode != 0 and "admin_key" in result.stdout + result.stderr, (result.returncode, result.stdout[-2000:], result.stderr[-2000:])
from fastapi.testclient import TestClient as _TestClient
_config = sys.modules["shop.config"]  # the settings the served app reads, cached: read them again
_config.get_settings.cache_clear()
with mock.patch.dict(os.environ, clear=True):
    try:
        with _TestClient(app):
            raise AssertionError("the app started without SHOP_ADMIN_KEY")
    except ValidationError as error:
        assert [problem["loc"] for problem in error.errors()] == [("admin_key",)], error.errors()
_config.get_settings.cache_clear()
for key in (None, "the-real-production-key"):
    env = dict(shell, **({"SHOP_ADMIN_KEY": key} if key else {}))
    result = _subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=project.root,
                             env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:]
''',
    # [secret-config] Several workers read the same admin key from the environment, so any worker accepts it.
    '''
with run_server([*fastapi_cli, "run", "--workers", "2", "--host", "127.0.0.1", "--port", "{port}"], cwd=project.root) as process:
    for _ in range(12):
        assert process.client.get("/admin/stats", headers={"X-Admin-Key": os.environ["SHOP_ADMIN_KEY"]}).json() == {"items": 3}
''',
    # The lesson left no process running, no port open, and no cache in the project folder.
    '''
import psutil as _psutil
children = _psutil.Process().children(recursive=True)
assert not [child.cmdline() for child in children if "fastapi" in " ".join(child.cmdline()) or "pytest" in " ".join(child.cmdline())], children
assert not (project.root / ".pytest_cache").exists() and not (project.root / "tests" / ".pytest_cache").exists()
assert project.path("legacy.py").read_text().count('"api_version": 1}') == 1, "legacy.py is back as it was"
''',
]
PROBES += [
    # [secret-compare] Every near miss of the admin key (prefixes, case, padding, more before or after)
    # and a repeated header whose first value is wrong: 401 on every admin route.
    '''
from helpers.hostile import near_misses as _near_misses
key = os.environ["SHOP_ADMIN_KEY"]
for label, wrong in _near_misses(key).items():
    if wrong == wrong.strip():  # HTTP trims the spaces around a header value
        for path in ("/admin/stats", "/admin/cheap?below=3"):
            assert server.client.get(path, headers={"X-Admin-Key": wrong}).status_code == 401, (path, label)
answer = server.client.get("/admin/stats", headers=[("X-Admin-Key", "wrong"), ("X-Admin-Key", key)])
assert answer.status_code == 401, answer.status_code
''',
    # [input-bounds] Huge, negative and non-ASCII ids and numbers: 404 or 422, never a 500.
    '''
key = {"X-Admin-Key": os.environ["SHOP_ADMIN_KEY"]}
for path in (f"/items/{2**64}", f"/items/{-2**70}", "/items/%C2%B9", "/items/1e3", "/items/%00"):
    assert server.client.get(path).status_code in (404, 422), path
for query in ("below=1e999", "below=-1e999", f"below={10**400}", "below=-nan", "below=%C2%B9", "below=1&below=2"):
    assert server.client.get(f"/admin/cheap?{query}", headers=key).status_code in (200, 422), query
''',
]
