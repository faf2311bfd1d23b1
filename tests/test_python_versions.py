"""`serve` works on each supported Python, with or without nest_asyncio2, in either order.

`python3 course.py test` sets up a small venv per Python in .cache/venvs, so this needs no
network. The main test run covers the Python of .venv as well.
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


@pytest.mark.parametrize("order", ["never", "before", "after"])
@pytest.mark.parametrize("python_version", course.OTHER_PYTHONS)
def test_serve_works_with_nest_asyncio_in_any_order(python_version: str, order: str) -> None:
    python = course.python_in(course.EXTRA_VENVS / python_version)
    if not python.exists():
        pytest.skip(
            f"python{python_version} was not found when `python3 course.py test` set up: install "
            f"Python {python_version} and run it again to test it"
        )
    result = subprocess.run(
        [str(python), "-W", "error", str(SCRIPT), order],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(course.ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"ok on Python {python_version}\n"
    assert result.stderr == ""
