"""A room on one machine, measured on the heavy lessons: N learners work through lessons 20-22
together on the workshop's JupyterHub (workshop/jupyterhub_config.py, with its room dashboard).

    python3 course.py bench --room                   # 30 learners: run it on a quiet machine
    python3 course.py bench --room --learners 3      # a smoke run
    .cache/venvs/test/bin/python benchmarks/room_bench.py --learners 3 --json figures.json

Every learner logs in, then runs each lesson's code cells in order in a kernel of their own
server, each exercise cell holding its worked solution, so every check runs and passes (lesson
22's starts pytest processes); after each check, their kernel reports it to the dashboard with
helpers.room.report_check, as the course's checkers do on a hub. All learners start together.

Reported: memory per learner (PSS, each process's fair share, sampled every second; the peak
and the end), CPU-seconds per learner for each lesson (their server, kernels and everything
they start), the worst wait (the longest a learner waited for one cell), and the hub's share.
Needs configurable-http-proxy (`.cache/venvs/test/bin/python workshop/hub.py set-up`) and Linux.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from helpers.processes import free_port, run_server  # noqa: E402
from kernel_client import RemoteKernel  # noqa: E402
from notebook_runs import NOTEBOOKS, code_cells, read, tags, with_solutions  # noqa: E402
from test_hub import cpu_seconds, log_in, measure, memory_mb, process_tree, server_pid, stop_leftovers  # noqa: E402

LESSONS = ["20-real-project.ipynb", "21-deployment.ipynb", "22-capstone.ipynb"]
PASSWORD = "room-bench-password"
TOKEN = secrets.token_hex(16)
CONFIG = f"""
load_subconfig({str(ROOT / "workshop" / "jupyterhub_config.py")!r})
c.JupyterHub.services.append({{"name": "room-bench", "api_token": {TOKEN!r}}})
c.JupyterHub.load_roles.append({{"name": "room-bench", "scopes": ["admin:users", "admin:servers", "access:servers"],
                                 "services": ["room-bench"]}})
"""
PASSED = re.compile(r"✅ Exercise '([\w-]+)': passed")


class Learner:
    def __init__(self, name: str) -> None:
        self.name = name
        self.pid = 0
        self.cpu: dict[str, float] = {}  # lesson -> CPU-seconds
        self.waits: list[tuple[float, str]] = []  # (seconds, which cell)
        self.peak_mb = 0.0
        self.checks = self.passed = 0
        self.problems: list[str] = []


def work_through(url: str, learner: Learner) -> None:
    for lesson in LESSONS:
        before = measure(process_tree(learner.pid), cpu_seconds)
        kernel = RemoteKernel(f"{url}/user/{learner.name}/", TOKEN, f"notebooks/{lesson}")
        try:
            for index, cell in enumerate(code_cells(with_solutions(read(NOTEBOOKS / lesson)))):
                started = time.monotonic()
                outputs = kernel.execute(cell.source)
                learner.waits.append((time.monotonic() - started, f"{lesson} cell {index}"))
                errors = [f"{o['ename']}: {o['evalue']}" for o in outputs if o["output_type"] == "error"]
                learner.problems += [f"{lesson} cell {index}: {error}" for error in errors]
                if "check" in tags(cell):
                    text = "".join(str(o.get("data", {}).get("text/plain", o.get("text", ""))) for o in outputs)
                    found = PASSED.search(text)
                    learner.checks += 1
                    learner.passed += bool(found)
                    name = found.group(1) if found else f"cell-{index}"
                    kernel.execute(f"from helpers.room import report_check; "
                                   f"report_check({name!r}, {lesson[:2]!r}, {bool(found)!r}, None, False)")  # fmt: skip
            learner.cpu[lesson] = measure(process_tree(learner.pid), cpu_seconds) - before
        finally:
            kernel.execute("server.stop() if 'server' in globals() else None")
            kernel.http.delete(f"api/kernels/{kernel.kernel_id}")  # the learner closes the lesson
            kernel.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--json", help="also write the figures to this file")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="room-bench-"))
    (folder / "config.py").write_text(CONFIG)
    command = [
        str(Path(sys.executable).parent / "jupyterhub"), "-f", str(folder / "config.py"),
        "--JupyterHub.bind_url=http://127.0.0.1:{port}",
        f"--JupyterHub.hub_bind_url=http://127.0.0.1:{free_port()}",
        f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{free_port()}",
    ]  # fmt: skip
    env = {"COURSE_HUB_PASSWORD": PASSWORD, "COURSE_HUB_STATE": str(folder / "state"),
           "COURSE_HUB_RUNTIME": str(folder / "rt"), "COURSE_ROOM_URL": f"http://127.0.0.1:{free_port()}"}  # fmt: skip
    learners = [Learner(f"learner-{n}") for n in range(options.learners)]
    load_at_start = os.getloadavg()[0]
    try:
        with run_server(command, cwd=folder, env=env, ready_path="/hub/api/", timeout=60) as hub:
            api = httpx.Client(base_url=hub.url, headers={"Authorization": f"token {TOKEN}"}, trust_env=False, timeout=120)
            while api.get("/hub/api/").status_code != 200:
                time.sleep(0.2)
            room = type("Room", (), {"api": api})
            with ThreadPoolExecutor(len(learners)) as pool:
                browsers = list(pool.map(lambda learner: log_in(hub.url, learner.name, PASSWORD), learners))
                for learner, pid in zip(learners, pool.map(lambda learner: server_pid(room, learner.name), learners)):
                    learner.pid = pid
                idle_mb = [measure(process_tree(learner.pid), memory_mb) for learner in learners]
                done = threading.Event()

                def sample() -> None:
                    while not done.wait(1.0):
                        for learner in learners:
                            learner.peak_mb = max(learner.peak_mb, measure(process_tree(learner.pid), memory_mb))

                sampler = threading.Thread(target=sample, daemon=True)
                sampler.start()
                started = time.monotonic()
                list(pool.map(lambda learner: work_through(hub.url, learner), learners))
                wall = time.monotonic() - started
                done.set()
                sampler.join()
            end_mb = [measure(process_tree(learner.pid), memory_mb) for learner in learners]
            ours = {pid for learner in learners for pid in process_tree(learner.pid)}
            hub_mb = measure([p for p in process_tree(hub.popen.pid) if p not in ours], memory_mb)
            for name in [learner.name for learner in learners]:
                api.delete(f"/hub/api/users/{name}/server", timeout=120)
            for client in browsers:
                client.close()
            api.close()
    finally:
        stop_leftovers(folder)
        shutil.rmtree(folder, ignore_errors=True)
    worst = max((wait for learner in learners for wait in learner.waits), default=(0.0, ""))
    figures = {
        "learners": len(learners), "lessons": [lesson[:2] for lesson in LESSONS],
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "load_average_at_start": load_at_start,
        "server_idle_mb_max": max(idle_mb), "learner_peak_mb_max": max(learner.peak_mb for learner in learners),
        "learner_peak_mb_median": statistics.median(learner.peak_mb for learner in learners),
        "learner_at_end_mb_max": max(end_mb), "hub_proxy_and_dashboard_mb": hub_mb,
        "cpu_seconds_per_lesson_max": {lesson[:2]: max(learner.cpu.get(lesson, 0.0) for learner in learners) for lesson in LESSONS},
        "cpu_seconds_per_lesson_median": {lesson[:2]: statistics.median(learner.cpu.get(lesson, 0.0) for learner in learners)
                                          for lesson in LESSONS},
        "worst_wait_seconds": worst[0], "worst_wait_cell": worst[1], "wall_seconds": wall,
        "checks": sum(learner.checks for learner in learners), "checks_passed": sum(learner.passed for learner in learners),
        "problems": sorted({problem for learner in learners for problem in learner.problems})[:20],
    }  # fmt: skip
    print(json.dumps(figures, indent=1, ensure_ascii=False))
    if options.json:
        Path(options.json).write_text(json.dumps(figures, indent=1, ensure_ascii=False))
    return 0 if not figures["problems"] and figures["checks"] == figures["checks_passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
