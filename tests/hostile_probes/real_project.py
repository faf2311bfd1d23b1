"""Hostile probes for lesson 20, a real project (see tests/test_hostile.py)."""

PROBES = [
    # The admin key: whatever a client sends, a wrong or missing key is a 401 or 403, never a 500
    # (compare_digest on bytes: a str with non-ASCII letters would raise TypeError).
    '''
key = os.environ["SHOP_ADMIN_KEY"]
for headers in ({}, {"X-Admin-Key": ""}, {"X-Admin-Key": key[:-1]}, {"X-Admin-Key": key + "x"},
                {"X-Admin-Key": "é".encode("latin-1")}, {"X-Admin-Key": "x" * 8000}, {"x-admin-key": key.upper()}):
    for path in ("/admin/stats", "/admin/cheap?below=3"):
        status = server.client.get(path, headers=headers).status_code
        assert status in (401, 403), (path, headers.get("X-Admin-Key", "")[:20], status)
assert server.client.get("/admin/stats", headers={"x-admin-key": key}).json() == {"items": 3}
''',
    # Ids and numbers a careless client sends: 404 or 422, never a 500; the catalogue is intact.
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
    # Several workers read the same admin key from the environment, so any worker accepts it.
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
