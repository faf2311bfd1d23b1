"""The course works the same on each Python it supports: `serve` with or without
nest_asyncio2 in either order, and every lesson's outputs exactly as stored.

`python3 course.py test` sets up a venv per Python in .cache/venvs from the tests' lock, with
the course installed, so this needs no network. The main test run covers the Python of .venv.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import course  # noqa: E402

SCRIPT = Path(__file__).with_name("nest_asyncio_check.py")


def without_pythonpath() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}


def python_for(version: str) -> Path:
    python = course.python_in(course.EXTRA_VENVS / version)
    if not python.exists():
        pytest.skip(
            f"python{version} was not found when `python3 course.py test` set up: install "
            f"Python {version} and run it again to test it"
        )
    return python


@pytest.mark.parametrize("order", ["never", "before", "after"])
@pytest.mark.parametrize("python_version", course.OTHER_PYTHONS)
def test_serve_works_with_nest_asyncio_in_any_order(python_version: str, order: str) -> None:
    python = python_for(python_version)
    result = subprocess.run(
        [str(python), "-W", "error", str(SCRIPT), order],
        capture_output=True,
        text=True,
        timeout=60,
        env=without_pythonpath(),  # the venv has the course installed; nothing else may help
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"ok on Python {python_version}\n"
    assert result.stderr == ""


# The lessons whose outputs show most of what a Python version could change: tracebacks and
# error lines (00, 06, 16, 21), validation messages (02, 04), tokens (12), WebSockets (18).
# `COURSE_EVERY_LESSON=1 python3 course.py test tests/test_python_versions.py` runs them all
# (about 3.5 minutes on 2 cores); the main test run keeps to these, for CI's time.
SAMPLE = ("00", "02", "04", "06", "12", "16", "18", "21")


@pytest.mark.parametrize("python_version", course.OTHER_PYTHONS)
def test_every_lesson_gives_its_stored_outputs(python_version: str) -> None:
    """nbval over the notebooks (a sample, or every one), in a kernel of this Python: catches an
    output that depends on the Python version (a reworded error message, a renamed HTTP status)."""
    if f"{sys.version_info.major}.{sys.version_info.minor}" == python_version:
        pytest.skip(f"the main test run already runs the lessons on Python {python_version}")
    python = python_for(python_version)
    every = os.environ.get("COURSE_EVERY_LESSON") == "1"
    notebooks = [str(path.relative_to(course.ROOT)) for path in course.lesson_files() if every or path.name[:2] in SAMPLE]
    result = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-n", "2", *notebooks],
        capture_output=True,
        text=True,
        timeout=1200,
        cwd=course.ROOT,
        env=without_pythonpath(),  # helpers is installed in that venv, for its kernels
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
