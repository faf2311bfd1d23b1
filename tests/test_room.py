"""The room dashboard behind a real JupyterHub: workshop/jupyterhub_config.py on loopback,
with its `room` service (workshop/room/app.py).

Three learners log in; their kernels report checks with helpers.room.report_check, as the
course's checkers do on a hub. The instructor (a hub admin) and a helper (in the instructors'
group) open the dashboard; in Chromium, the instructor sees the grid, the stuck marks, and a
change arriving live over server-sent events. A learner gets 403; forged reports and a flood
are refused. A smaller hub than tests/test_hub.py's: its machinery, three learners, no lessons run.
"""

from __future__ import annotations

import json
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from browser import CHROMIUM, browser, needs_chromium, screenshot
from helpers.processes import free_port, run_server
from kernel_client import RemoteKernel
from notebook_runs import ROOT
from test_hub import PASSWORD, log_in, server_pid, stop_leftovers
from test_hub import pytestmark as hub_marks

__all__ = ["browser"]  # a fixture
pytestmark = hub_marks
LEARNERS = ["learner-0", "learner-1", "learner-2"]
TEACHER, HELPER = "teacher", "helper"
ADMIN_PASSWORD = "the-instructors-password-" + "x" * 16  # 32+ characters
TOKEN = secrets.token_hex(16)  # the test's own service: starts kernels in learners' servers
ONCE = "This room's instructor sees your check results (passed or not, and the step that failed).\n"

TEST_CONFIG = f"""
load_subconfig({str(ROOT / "workshop" / "jupyterhub_config.py")!r})
c.JupyterHub.services.append({{"name": "course-test", "api_token": {TOKEN!r}}})
c.JupyterHub.load_roles.append({{
    "name": "course-test", "scopes": ["admin:users", "admin:servers", "access:servers"], "services": ["course-test"],
}})
c.JupyterHub.load_groups = {{"instructors": {{"users": [{HELPER!r}]}}}}
"""


@dataclass
class Hub:
    url: str
    room_url: str  # the service itself, as the learners' kernels reach it
    api: httpx.Client
    browsers: dict[str, httpx.Client] = field(default_factory=dict)
    kernels: dict[str, RemoteKernel] = field(default_factory=dict)


def report(hub: Hub, learner: str, exercise: str, passed: bool, step: str | None = None, hint: bool = False) -> str:
    """Call helpers.room.report_check in the learner's kernel, as a checker does; its output."""
    code = (f"from helpers.room import report_check\n"
            f"report_check({exercise!r}, '01', {passed!r}, {step!r}, {hint!r})")  # fmt: skip
    return "".join(output.get("text", json.dumps(output)) for output in hub.kernels[learner].execute(code))


def grid(client: httpx.Client) -> dict[tuple[str, str], dict]:
    answer = client.get("/services/room/api/grid")
    assert answer.status_code == 200, answer.text
    return {(cell["learner"], cell["exercise"]): cell for cell in answer.json()}


def wait_for(what, timeout: float = 30):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not (result := what()) and time.monotonic() < deadline:
        time.sleep(0.2)
    return result


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    folder = tmp_path_factory.mktemp("room")
    (folder / "test_config.py").write_text(TEST_CONFIG)
    room_url = f"http://127.0.0.1:{free_port()}"
    command = [
        str(Path(sys.executable).parent / "jupyterhub"), "-f", str(folder / "test_config.py"),
        "--JupyterHub.bind_url=http://127.0.0.1:{port}",
        f"--JupyterHub.hub_bind_url=http://127.0.0.1:{free_port()}",
        f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{free_port()}",
    ]  # fmt: skip
    runtime = Path(tempfile.mkdtemp(prefix="room-"))
    env = {"COURSE_HUB_PASSWORD": PASSWORD, "COURSE_HUB_STATE": str(folder / "state"), "COURSE_HUB_RUNTIME": str(runtime),
           "COURSE_ROOM_URL": room_url, "COURSE_HUB_ADMINS": TEACHER, "COURSE_HUB_ADMIN_PASSWORD": ADMIN_PASSWORD}  # fmt: skip
    with run_server(command, cwd=folder, env=env, ready_path="/hub/api/", timeout=60) as process:
        api = httpx.Client(base_url=process.url, headers={"Authorization": f"token {TOKEN}"}, trust_env=False, timeout=60)
        hub = Hub(process.url, room_url + "/services/room/", api)
        try:
            assert wait_for(lambda: api.get("/hub/api/").status_code == 200, 60)
            assert wait_for(lambda: httpx.get(hub.room_url, trust_env=False).status_code < 500, 60), "the room did not start"
            with ThreadPoolExecutor(len(LEARNERS)) as pool:
                hub.browsers = dict(zip(LEARNERS, pool.map(lambda name: log_in(process.url, name), LEARNERS)))
                list(pool.map(lambda name: server_pid(hub, name), LEARNERS))  # type: ignore[arg-type]
                kernels = pool.map(lambda name: RemoteKernel(f"{process.url}/user/{name}/", TOKEN, "notebooks/00-welcome.ipynb"), LEARNERS)
                hub.kernels = dict(zip(LEARNERS, kernels))
            hub.browsers[TEACHER] = log_in(process.url, TEACHER, ADMIN_PASSWORD)
            hub.browsers[HELPER] = log_in(process.url, HELPER)
            yield hub
        finally:
            for kernel in hub.kernels.values():
                kernel.close()
            with ThreadPoolExecutor(len(LEARNERS)) as pool:
                list(pool.map(lambda name: api.delete(f"/hub/api/users/{name}/server", timeout=60), LEARNERS))
            for client in hub.browsers.values():
                client.close()
            api.close()
    shutil.rmtree(runtime, ignore_errors=True)
    stop_leftovers(folder)


@pytest.fixture(scope="module")
def reported(hub: Hub) -> dict[str, str]:
    """learner-0 passes; learner-1 fails the same step twice; learner-2 fails once and asks the hint."""
    outputs = {
        "learner-0": report(hub, "learner-0", "greeting", True),
        "learner-1": report(hub, "learner-1", "greeting", False, "GET /greet/Ada answers 404, expected 200\nmore"),
        "learner-2": report(hub, "learner-2", "greeting", False, "the body is wrong"),
    }
    outputs["learner-1 again"] = report(hub, "learner-1", "greeting", False, "GET /greet/Ada answers 404, expected 200")
    outputs["learner-2 again"] = report(hub, "learner-2", "greeting", False, "the body is wrong", hint=True)
    teacher = hub.browsers[TEACHER]
    assert wait_for(lambda: grid(teacher).get(("learner-2", "greeting"), {}).get("stuck")), grid(teacher)
    return outputs


def test_learners_see_one_line_once_and_their_checks_reach_the_room(hub: Hub, reported: dict[str, str]) -> None:
    assert reported["learner-0"] == reported["learner-1"] == reported["learner-2"] == ONCE
    assert reported["learner-1 again"] == reported["learner-2 again"] == ""
    cells = grid(hub.browsers[TEACHER])
    assert cells[("learner-0", "greeting")]["passed"] and not cells[("learner-0", "greeting")]["stuck"]
    assert cells[("learner-1", "greeting")]["stuck"]  # the same step failed twice
    assert cells[("learner-1", "greeting")]["failed_step"] == "GET /greet/Ada answers 404, expected 200"
    assert cells[("learner-2", "greeting")]["stuck"]  # the hint was asked


def test_the_instructors_group_opens_the_dashboard_and_a_learner_gets_403(hub: Hub, reported: dict[str, str]) -> None:
    assert ("learner-1", "greeting") in grid(hub.browsers[HELPER])
    page = hub.browsers["learner-0"].get("/services/room/")
    assert page.status_code == 403
    assert hub.browsers["learner-0"].get("/services/room/api/grid").status_code == 403
    assert hub.browsers["learner-0"].get("/services/room/api/events").status_code == 403  # nor its live stream
    # Nor with the kernel's own hub token as the page's cookie, straight to the service.
    code = ("import os, httpx\n"
            "token = {'room-token': os.environ['JUPYTERHUB_API_TOKEN']}\n"
            "print([httpx.get(os.environ['COURSE_ROOM_URL'] + path, cookies=token, trust_env=False, timeout=10).status_code\n"
            "       for path in ('', 'api/grid', 'api/events')])")  # fmt: skip
    [output] = hub.kernels["learner-0"].execute(code)
    assert output["text"] == "[403, 403, 403]\n", output


def test_forged_reports_are_refused(hub: Hub, reported: dict[str, str]) -> None:
    body = {"exercise": "forged", "lesson": "01", "passed": True}
    for headers in ({}, {"Authorization": "token not-a-token"}, {"Authorization": f"token {TOKEN}"}):  # none, bad, a service's
        answer = httpx.post(f"{hub.url}/services/room/api/checks", json=body, headers=headers, trust_env=False)
        assert answer.status_code in (401, 403), (headers, answer.status_code)
    # From learner-0's kernel, with their own token, naming learner-1: the name is not accepted...
    code = ("import os, httpx\n"
            "answer = httpx.post(os.environ['COURSE_ROOM_URL'] + 'api/checks', trust_env=False,\n"
            "    json={'exercise': 'forged', 'lesson': '01', 'passed': True, 'learner': 'learner-1'},\n"
            "    headers={'Authorization': 'token ' + os.environ['JUPYTERHUB_API_TOKEN']})\n"
            "print(answer.status_code)")  # fmt: skip
    [output] = hub.kernels["learner-0"].execute(code)
    assert output["text"] == "422\n"
    # ...and a report always lands under the token's owner.
    report(hub, "learner-0", "forged", True)
    cells = wait_for(lambda: (cells := grid(hub.browsers[TEACHER])) and ("learner-0", "forged") in cells and cells)
    assert {learner for learner, exercise in cells if exercise == "forged"} == {"learner-0"}


def test_a_flood_is_refused_without_slowing_the_learner(hub: Hub, reported: dict[str, str]) -> None:
    code = ("import os, time, httpx\n"
            "from helpers.room import report_check\n"
            "started = time.perf_counter()\n"
            "for n in range(2000): report_check('flood', '01', False, f'step {n}', False)\n"
            "print(time.perf_counter() - started < 5)\n"  # never waits for the room
            "headers = {'Authorization': 'token ' + os.environ['JUPYTERHUB_API_TOKEN']}\n"
            "with httpx.Client(trust_env=False, headers=headers) as client:\n"
            "    codes = [client.post(os.environ['COURSE_ROOM_URL'] + 'api/checks',\n"
            "        json={'exercise': 'flood', 'lesson': '01', 'passed': False}).status_code for _ in range(100)]\n"
            "print(429 in codes, sorted(set(codes)))")  # fmt: skip
    outputs = hub.kernels["learner-2"].execute(code)
    assert "".join(output["text"] for output in outputs).splitlines()[:2] == ["True", "True [204, 429]"] or \
        "".join(output["text"] for output in outputs).splitlines()[:2] == ["True", "True [429]"], outputs
    # Other learners' reports still get through.
    report(hub, "learner-0", "after-the-flood", True)
    assert wait_for(lambda: ("learner-0", "after-the-flood") in grid(hub.browsers[TEACHER]))


@needs_chromium
def test_the_instructor_sees_the_grid_live_in_chromium(hub: Hub, reported: dict[str, str], browser: object, tmp_path: Path) -> None:
    assert CHROMIUM is not None
    context = browser.new_context(viewport={"width": 1200, "height": 700})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login?next=/services/room/")
    page.fill("input#username_input", TEACHER)
    page.fill("input#password_input", ADMIN_PASSWORD)
    page.click("input#login_submit, button#login_submit")
    page.wait_for_url("**/services/room/", timeout=60_000)
    page.wait_for_selector("#status:text('live')", timeout=30_000)

    def cell(learner: str, exercise: str = "greeting") -> object:
        return page.locator(f"tr[data-learner='{learner}'] td[data-exercise='{exercise}']")

    assert cell("learner-0").text_content() == "✅"
    assert cell("learner-1").text_content() == "stuck" and cell("learner-2").text_content() == "stuck"
    assert "GET /greet/Ada answers 404" in (cell("learner-1").get_attribute("title") or "")  # type: ignore[attr-defined]
    page.click("th.lesson[data-lesson='01']")  # sort by lesson 01: the stuck learners first
    rows = page.locator("tbody tr").evaluate_all("rows => rows.map(row => row.dataset.learner)")
    assert rows.index("learner-0") > max(rows.index("learner-1"), rows.index("learner-2"))
    screenshot(page, "room-dashboard", tmp_path)
    report(hub, "learner-1", "greeting", True)  # learner-1 gets it: the page changes with no reload
    page.wait_for_function(
        "() => document.querySelector(\"tr[data-learner='learner-1'] td[data-exercise='greeting']\").textContent === '✅'",
        timeout=30_000,
    )
    report(hub, "learner-2", "live", False, "a new exercise")  # a new column appears
    page.wait_for_selector("tr[data-learner='learner-2'] td[data-exercise='live'].failed", timeout=30_000)
    # A failing step is the learner's text (an answer's body can be in it): shown as text, never as markup.
    markup = "<img src=x onerror=window.xss=1><script>window.xss=2</script>"
    report(hub, "learner-2", "markup", False, markup)
    page.wait_for_selector("tr[data-learner='learner-2'] td[data-exercise='markup'].failed", timeout=30_000)
    assert cell("learner-2", "markup").get_attribute("title") == f"1 check(s); failing: {markup}"  # type: ignore[attr-defined]
    assert page.evaluate("() => window.xss === undefined && !document.querySelector('#grid img, #grid script')")
    context.close()
