"""A workshop room on a real JupyterHub: workshop/jupyterhub_config.py, on loopback.

Ten learners log in with the room's password, each gets a server of their own, and lessons
00 and 01 run in every learner's kernels at the same time, with the stored outputs. One
learner opens their app's /docs through the hub's proxy in Chromium. Memory and CPU are
measured per learner (set COURSE_HUB_MEASUREMENTS=file.json to keep the figures; they are
the source of the sizing table in workshop/README.md). Nothing here asserts a timing.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from browser import CHROMIUM, browser, needs_chromium, screenshot, try_it_out
from helpers.processes import free_port, run_server
from kernel_client import RemoteKernel
from notebook_runs import NOTEBOOKS, ROOT
from places import as_stored

sys.path.insert(0, str(ROOT / "workshop"))
import hub  # noqa: E402

__all__ = ["browser"]  # a fixture
LEARNERS = [f"learner-{n}" for n in range(10)]
LESSONS = ["00-welcome.ipynb", "01-first-app.ipynb"]
PASSWORD = "room-password-for-the-test"
TOKEN = secrets.token_hex(16)  # the test's own hub service, to reach every learner's server
PROC = Path("/proc")

pytestmark = [
    pytest.mark.skipif(
        hub.proxy_command() is None,
        reason="configurable-http-proxy is not installed: run `.cache/venvs/test/bin/python workshop/hub.py set-up` "
        "(needs npm) to run the hub test",
    ),
    pytest.mark.skipif(not (PROC / "self" / "stat").exists(), reason="the hub test measures processes in /proc (Linux)"),
]

TEST_CONFIG = f"""
load_subconfig({str(ROOT / "workshop" / "jupyterhub_config.py")!r})
c.JupyterHub.services = [{{"name": "course-test", "api_token": {TOKEN!r}}}]
c.JupyterHub.load_roles = [{{
    "name": "course-test",
    "scopes": ["admin:users", "admin:servers", "admin:server_state", "access:servers"],
    "services": ["course-test"],
}}]
"""


@dataclass
class Room:
    url: str
    api: httpx.Client
    browsers: dict[str, httpx.Client]  # each learner's logged-in cookies
    kernels: dict[str, list[RemoteKernel]] = field(default_factory=dict)
    differences: list[str] = field(default_factory=list)
    app_ports: dict[str, int] = field(default_factory=dict)  # each learner's lesson 00 app
    measured: dict[str, float] = field(default_factory=dict)


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and its waited-for children (utime, stime, cutime, cstime)."""
    fields = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def memory_mb(pid: int) -> float:
    """Proportional set size: the process's own memory plus its share of what it shares."""
    for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def process_tree(pid: int) -> list[int]:
    """`pid` and every process it started, however deep."""
    children: dict[int, list[int]] = {}
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended meanwhile
        children.setdefault(parent, []).append(int(stat.parent.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def measure(pids: list[int], what: Callable[[int], float]) -> float:
    total = 0.0
    for pid in pids:
        try:
            total += what(pid)
        except (OSError, ValueError):
            pass  # ended meanwhile
    return total


def log_in(url: str, name: str, password: str = PASSWORD) -> httpx.Client:
    """What a learner's browser does: the login form, then the redirect to their server."""
    client = httpx.Client(base_url=url, trust_env=False, follow_redirects=True, timeout=180)
    client.get("/hub/login")
    client.post("/hub/login", data={"username": name, "password": password, "_xsrf": client.cookies["_xsrf"]})
    return client


def server_pid(room: Room, name: str) -> int:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        server = room.api.get(f"/hub/api/users/{name}").json()["servers"].get("", {})
        if server.get("ready"):
            return int(server["state"]["pid"])
        time.sleep(0.5)
    raise AssertionError(f"{name}'s server did not start within 180 s")


def run_lessons(room: Room, name: str) -> None:
    kernels = room.kernels.setdefault(name, [])
    for lesson in LESSONS:
        kernel = RemoteKernel(f"{room.url}/user/{name}/", TOKEN, f"notebooks/{lesson}")
        kernels.append(kernel)
        differences = kernel.run_lesson(NOTEBOOKS / lesson, as_stored("hub", f"/user/{name}/"))
        room.differences += [f"{name}: {difference}" for difference in differences]
    [port_line] = kernels[0].execute("print(server.port)")
    room.app_ports[name] = int(port_line["text"])


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    """The hub with ten learners logged in, who have each run lessons 00 and 01."""
    folder = tmp_path_factory.mktemp("hub")
    (folder / "test_config.py").write_text(TEST_CONFIG)
    command = [
        str(Path(sys.executable).parent / "jupyterhub"), "-f", str(folder / "test_config.py"),
        "--JupyterHub.bind_url=http://127.0.0.1:{port}",
        f"--JupyterHub.hub_bind_url=http://127.0.0.1:{free_port()}",
        f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{free_port()}",
    ]  # fmt: skip
    runtime = Path(tempfile.mkdtemp(prefix="hub-"))  # short: kernels' sockets go there
    env = {"COURSE_HUB_PASSWORD": PASSWORD, "COURSE_HUB_STATE": str(folder / "state"), "COURSE_HUB_RUNTIME": str(runtime)}
    pids: list[int] = []
    with run_server(command, cwd=folder, env=env, ready_path="/hub/api/", timeout=60) as process:
        api = httpx.Client(base_url=process.url, headers={"Authorization": f"token {TOKEN}"}, trust_env=False, timeout=60)
        room = Room(process.url, api, {})
        try:
            deadline = time.monotonic() + 60  # the proxy answers (404) before the hub is behind it
            while api.get("/hub/api/").status_code != 200 and time.monotonic() < deadline:
                time.sleep(0.2)
            with ThreadPoolExecutor(len(LEARNERS)) as pool:
                room.browsers = dict(zip(LEARNERS, pool.map(lambda name: log_in(process.url, name), LEARNERS)))
                pids = list(pool.map(lambda name: server_pid(room, name), LEARNERS))
                trees = [process_tree(pid) for pid in pids]
                idle_mb = [measure(tree, memory_mb) for tree in trees]
                cpu_before = [measure(tree, cpu_seconds) for tree in trees]
                started = time.monotonic()
                list(pool.map(lambda name: run_lessons(room, name), LEARNERS))
                wall = time.monotonic() - started
            trees = [process_tree(pid) for pid in pids]
            busy_mb = [measure(tree, memory_mb) for tree in trees]
            cpu = [measure(tree, cpu_seconds) - before for tree, before in zip(trees, cpu_before, strict=True)]
            hub_mb = measure([p for p in process_tree(process.popen.pid) if p not in sum(trees, [])], memory_mb)
            room.measured = {
                "learners": len(LEARNERS), "cores": os.cpu_count() or 1,
                "server_idle_mb": max(idle_mb), "learner_with_two_lessons_mb": max(busy_mb),
                "server_start_cpu_seconds": max(cpu_before),
                "cpu_seconds_per_learner_for_lessons_00_01": max(cpu), "wall_seconds_all_at_once": wall,
                "hub_and_proxy_mb": hub_mb,
            }  # fmt: skip
            print("hub measurements:", json.dumps(room.measured, indent=1))
            if os.environ.get("COURSE_HUB_MEASUREMENTS"):
                Path(os.environ["COURSE_HUB_MEASUREMENTS"]).write_text(json.dumps(room.measured, indent=1))
            yield room
        finally:
            for kernel in sum(room.kernels.values(), []):
                kernel.close()
            with ThreadPoolExecutor(len(LEARNERS)) as pool:  # stop the learners' servers together
                list(pool.map(lambda name: api.delete(f"/hub/api/users/{name}/server", timeout=60), room.browsers))
            for client in room.browsers.values():
                client.close()
            api.close()
    shutil.rmtree(runtime, ignore_errors=True)
    stop_leftovers(folder)


def stop_leftovers(folder: Path) -> None:
    """Kill what the hub failed to stop (a learner's server, a kernel whose server died first):
    the processes that run in the test's folder, so never anyone else's."""
    for cwd in PROC.glob("[0-9]*/cwd"):
        try:
            if os.readlink(cwd).startswith(str(folder)):
                os.kill(int(cwd.parent.name), 9)
        except (OSError, ValueError):
            pass  # ended meanwhile, or not ours to read


def test_ten_learners_log_in_and_run_lessons_00_and_01_at_the_same_time(room: Room) -> None:
    assert sorted(room.app_ports) == sorted(LEARNERS)
    assert room.differences == [], "\n".join(room.differences)
    for name, client in room.browsers.items():  # each learner's own JupyterLab, through the hub
        page = client.get(f"/user/{name}/lab/tree/notebooks/00-welcome.ipynb")
        assert page.status_code == 200 and "JupyterLab" in page.text, name
    assert room.measured["learner_with_two_lessons_mb"] > room.measured["server_idle_mb"] > 0


def test_a_wrong_room_password_does_not_log_in(room: Room) -> None:
    client = log_in(room.url, "intruder", password="not-the-room-password")
    try:
        assert room.api.get("/hub/api/users/intruder").status_code == 404  # never created
        assert str(client.get("/user/intruder/").url).startswith(f"{room.url}/hub/login")
    finally:
        client.close()


def test_through_the_hub_a_learner_reaches_only_their_own_apps(room: Room) -> None:
    """The hub's proxy checks who is logged in: learner-0 cannot open learner-1's app."""
    own = room.browsers["learner-0"].get(f"/user/learner-0/proxy/{room.app_ports['learner-0']}/ping")
    assert own.status_code == 200 and own.json() == {"ping": "..."}
    other = room.browsers["learner-0"].get(f"/user/learner-1/proxy/{room.app_ports['learner-1']}/docs")
    assert other.status_code == 403


def test_on_one_machine_a_learners_code_can_call_another_learners_app(room: Room) -> None:
    """What workshop/README.md warns about: every app listens on 127.0.0.1 of the same machine,
    so code in learner-0's kernel reaches learner-1's app directly, past the hub."""
    kernel = room.kernels["learner-0"][0]
    port = room.app_ports["learner-1"]
    [output] = kernel.execute(f"import httpx; print(httpx.get('http://127.0.0.1:{port}/', trust_env=False).json())")
    assert output["text"] == "{'message': 'Welcome back'}\n"  # what lesson 00's / says at its end


@needs_chromium
def test_a_learner_opens_their_docs_through_the_hub_proxy_in_chromium(room: Room, browser: object, tmp_path: Path) -> None:
    assert CHROMIUM is not None
    context = browser.new_context(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{room.url}/hub/login")
    page.fill("input#username_input", "learner-3")
    page.fill("input#password_input", PASSWORD)
    page.click("input#login_submit, button#login_submit")
    page.wait_for_url("**/user/learner-3/**", timeout=60_000)
    docs_path = f"/user/learner-3/proxy/{room.app_ports['learner-3']}/docs"
    page.goto(room.url + docs_path)
    page.wait_for_selector(".swagger-ui .opblock-summary-path", timeout=30_000)
    paths = page.locator(".swagger-ui .opblock-summary-path").all_text_contents()
    assert paths == ["/", "/ping"]
    assert '"ping": "..."' in try_it_out(page, "/ping")
    screenshot(page, "hub-docs-through-proxy", tmp_path)
    context.close()


def test_kernels_talk_to_their_server_over_unix_sockets(room: Room) -> None:
    """No TCP ports for kernels: a room's kernels starting at once cannot collide on a port,
    and no learner's code can connect to another learner's kernel."""
    code = "import json; from ipykernel.connect import get_connection_info; print(json.loads(get_connection_info())['transport'])"
    [output] = room.kernels["learner-2"][1].execute(code)
    assert output["text"] == "ipc\n"
