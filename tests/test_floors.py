"""The lessons on the oldest versions the course allows: a lesson on its own installs the
helpers' package with `%pip`, which keeps whatever the kernel already has when it meets the
package's floors (`>=` in pyproject.toml). `python3 course.py test` builds .cache/venvs/floors
with every dependency at its floor (`course.set_up_floors`), so no test needs the network.

The lessons run here are those that use what a floor was set for: `max_body_size=` (07),
templates and server-sent events (08), SQLModel and Alembic (11), PyJWT and pwdlib (12),
WebSockets (18), pydantic-settings, gunicorn and uvicorn-worker (21), and lesson 00's doctor,
which compares the versions. Every lesson runs on Colab's versions in tests/test_colab.py, and
on the lock's everywhere else.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import course  # noqa: E402
from notebook_runs import NOTEBOOKS, errors_of_a_run  # noqa: E402

LESSONS = ("00", "07", "08", "11", "12", "18", "21")
pytestmark = pytest.mark.skipif(not (course.FLOORS_VENV / "course-stamp").exists(),
                                reason="the floors venv is missing: run `python3 course.py test`, which builds it")


def test_the_venv_holds_each_dependency_at_its_floor() -> None:
    listed = subprocess.run([str(course.python_in(course.FLOORS_VENV)), "-m", "pip", "list", "--format=freeze"],
                            capture_output=True, text=True, check=True).stdout
    installed = {name.lower().replace("_", "-"): version for name, version in re.findall(r"^(\S+)==(\S+)$", listed, re.M)}
    for pin in course.floor_pins():
        name, version = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==(\S+)", pin).groups()
        assert installed.get(name.lower().replace("_", "-")) == version, f"{pin}: found {installed.get(name.lower())}"


@pytest.mark.parametrize("number", LESSONS)
def test_the_lesson_runs_on_the_oldest_versions_allowed(number: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTER_PATH", str(course.FLOORS_VENV / "share" / "jupyter"))
    [lesson] = NOTEBOOKS.glob(f"{number}-*.ipynb")
    problems = errors_of_a_run(lesson, "floors")
    assert not problems, "\n".join(problems)
