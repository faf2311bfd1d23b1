"""Wheels for tests/test_bare_venv.py, downloaded during set-up so that the test needs no network.

    .cache/venvs/test/bin/python tests/offline_wheels.py     # `python3 course.py test` should run this first

Into .cache/wheels (ignored by git): the course package's dependencies, with ipykernel and
nbval to run a notebook, at the versions installed in this environment, and setuptools to
build the course's wheel. Nothing is downloaded when they are there already.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WHEELS = ROOT / ".cache" / "wheels"
RUNNERS = ["ipykernel", "nbval"]  # what runs a notebook under nbval in a bare venv
BUILD = ["setuptools>=69"]  # the course's build backend (pyproject.toml)


def constraints() -> list[str]:
    """This environment's versions (pip freeze), without the course itself and pip's own tools."""
    frozen = subprocess.run([sys.executable, "-m", "pip", "freeze"], capture_output=True, text=True, check=True)
    skip = re.compile(r"^(-e |fastapi-course-helpers|pip==|setuptools==|wheel==)", re.I)
    return [line for line in frozen.stdout.splitlines() if line and not skip.match(line) and " @ " not in line]


def requirements() -> list[str]:
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    return [*dependencies, *RUNNERS, *BUILD]


def _stamp() -> str:
    inputs = "\n".join([sys.version, *constraints(), *requirements()])
    return hashlib.sha256(inputs.encode()).hexdigest()


def ready() -> bool:
    stamp = WHEELS / "stamp"
    return stamp.exists() and stamp.read_text() == _stamp()


def set_up() -> None:
    """Download the wheels unless they are there for this environment's versions.

    Raises subprocess.CalledProcessError (with pip's message on stderr) when pip cannot.
    """
    if ready():
        return
    WHEELS.mkdir(parents=True, exist_ok=True)
    pins = WHEELS / "constraints.txt"
    pins.write_text("\n".join(constraints()) + "\n")
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
               "--dest", str(WHEELS), "--constraint", str(pins), *requirements()]  # fmt: skip
    subprocess.run(command, check=True)
    (WHEELS / "stamp").write_text(_stamp())


if __name__ == "__main__":
    set_up()
    print(f"The bare-venv test's wheels are in {WHEELS.relative_to(ROOT)}")
