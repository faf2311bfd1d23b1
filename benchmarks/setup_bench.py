"""How long a fresh clone takes to JupyterLab answering, and how big the learner's .venv is,
against a baseline measured in the same run: pip installing the same lock into a fresh venv.

    python3 course.py bench --setup     (about three minutes; needs PyPI)

Cold, as on a learner's first day: uv's and pip's caches point at new, empty folders, so every
package is downloaded. The clone is of the last commit (uncommitted changes are not in it).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from helpers.processes import free_port  # noqa: E402

PYTHON = getattr(sys, "_base_executable", sys.executable)  # the Python a learner starts with
TARGETS = {"clone": 30.0, "size": 350.0}  # seconds, MB: the targets, stated in the README


def size_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink()) / 2**20


def lab_answers(clone: Path, env: dict[str, str], timeout: float = 600) -> float:
    """Seconds from `python3 course.py lab` to its printed address answering 200; then Ctrl-C."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, "course.py", "lab", "--no-browser", f"--port={free_port()}"], cwd=clone, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    seen = []
    try:
        for line in process.stdout:  # type: ignore[union-attr]
            seen.append(line)
            address = re.search(r"http://127\.0\.0\.1:\d+/\S*token=\S+", line)
            if address:
                break
            if time.perf_counter() - started > timeout:
                raise TimeoutError("".join(seen)[-3000:])
        else:
            raise RuntimeError("course.py lab stopped:\n" + "".join(seen)[-3000:])
        with httpx.Client(trust_env=False, timeout=10) as client:
            while client.get(address.group(0)).status_code != 200:
                time.sleep(0.05)
        return time.perf_counter() - started
    finally:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: course.py stops JupyterLab and its kernels
        try:
            process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            for server in Path(env["JUPYTER_RUNTIME_DIR"]).glob("jpserver-*.json"):  # in a session of its own
                os.kill(int(server.stem.removeprefix("jpserver-")), signal.SIGTERM)


def pip_baseline(scratch: Path, lock: Path, env: dict[str, str]) -> tuple[float, float]:
    """Seconds for `python3 -m venv` and pip installing `lock` into it, cold; the venv's MB."""
    started = time.perf_counter()
    subprocess.run([PYTHON, "-m", "venv", str(scratch / "pip-venv")], check=True, env=env)
    pip = [str(scratch / "pip-venv" / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--require-hashes", "-r", str(lock)], check=True, env=env, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started, size_mb(scratch / "pip-venv")


def main() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="course-setup-bench-"))
    try:
        clone = scratch / "clone"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        env = {name: value for name, value in os.environ.items() if not name.startswith(("JUPYTERHUB", "VIRTUAL_ENV"))}
        env |= {
            "UV_CACHE_DIR": str(scratch / "uv-cache"), "PIP_CACHE_DIR": str(scratch / "pip-cache"),
            "JUPYTER_CONFIG_DIR": str(scratch / "jupyter" / "config"),
            "JUPYTER_RUNTIME_DIR": str(scratch / "jupyter" / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(scratch / "jupyter" / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(scratch / "jupyter" / "workspaces"),
        }
        started = time.perf_counter()
        subprocess.run([PYTHON, "-c", "import course; course.set_up()"], cwd=clone, env=env, check=True)
        set_up = time.perf_counter() - started
        first = lab_answers(clone, env)
        cold = set_up + first
        venv_mb = size_mb(clone / ".venv")
        warm = lab_answers(clone, env)
        pip_env = env | {"PIP_CACHE_DIR": str(scratch / "pip-cache-baseline")}
        pip_seconds, pip_mb = pip_baseline(scratch, clone / "requirements" / "lessons.txt", pip_env)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    rows = [
        ("fresh clone: set-up of .venv", set_up, "s", "pip: venv + the lock, cold", pip_seconds, ""),
        ("fresh clone to JupyterLab answering", cold, "s", "pip: venv + the lock, cold", pip_seconds,
         f"< {TARGETS['clone']:.0f} s"),
        ("again, set up already", warm, "s", "the fresh clone", cold, ""),
        ("learner's .venv", venv_mb, "MB", "pip's venv of the same lock", pip_mb, f"< {TARGETS['size']:.0f} MB"),
    ]
    print(f"{'measure':40} {'value':>9}   {'baseline':28} {'value':>9} {'ratio':>6}  target")
    for name, value, unit, baseline_name, baseline, target in rows:
        print(f"{name:40} {value:7.1f}{unit:2}   {baseline_name:28} {baseline:7.1f}{unit:2} {value / baseline:6.2f}  {target}")


if __name__ == "__main__":
    main()
