"""Hostile probes for lesson 21, deployment (see tests/test_hostile.py)."""

PROBES = [
    # Settings: overrides and cache_clear, as the lesson teaches.
    '''
import uvicorn as _uvicorn
app.dependency_overrides[get_shop_settings] = lambda: ShopSettings(page_size=3)
assert server.client.get("/page-size").json() == {"page_size": 3}
app.dependency_overrides.clear()
with mock.patch.dict(os.environ, {"SHOP_PAGE_SIZE": "abc"}):
    get_shop_settings.cache_clear()
    assert server.client.get("/page-size").status_code == 500  # bad settings fail loudly...
get_shop_settings.cache_clear()
assert server.client.get("/page-size").json() == {"page_size": 10}  # ...and a restart recovers
with mock.patch.dict(os.environ):
    os.environ.pop("FORWARDED_ALLOW_IPS", None)
    assert _uvicorn.Config(app).forwarded_allow_ips == "127.0.0.1,::1", "the default the lesson names"
''',
    # The Dockerfile's Python is one the course is tested on; requirements.txt is a lock.
    '''
dockerfile = (project / "Dockerfile").read_text()
assert re.search(r"^FROM python:3\\.1[123]-slim$", dockerfile, re.M), dockerfile.splitlines()[1]
locked = (project / "requirements.txt").read_text().split()
names = {line.split("==")[0] for line in locked}
assert all("==" in line for line in locked)
assert {"fastapi", "starlette", "pydantic", "pydantic-core", "anyio", "h11", "click"} <= names, names
''',
    # `fastapi run` and `fastapi dev`, as lessons 01, 20 and 21 use them, work in this environment.
    '''
for command in (["run", "main.py", "--workers", "2"], ["dev", "main.py"]):
    with run_server([sys.executable, "-m", "fastapi", *command, "--host", "127.0.0.1", "--port", "{port}"],
                cwd=project, env={"GREETER_GREETING": "Salut"}) as process:
        body = process.client.get("/").json()
    assert body["message"].startswith("Salut from process"), (command, body)
''',
]
