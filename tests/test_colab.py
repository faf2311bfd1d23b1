"""Every lesson on Google Colab's versions: a Python 3.13 venv holding the packages Colab ships
(tests/colab-packages.txt), with the course installed by pip as a lesson's first cell does there,
and a stand-in for Colab's browser side (tests/places.py). `python3 course.py test` builds it
(.cache/venvs/colab), so no test needs the network.

What is compared: each lesson runs to its end with no error in a cell that is not meant to raise
and nothing on stderr. Its outputs are not compared with the stored ones, which come from the
course's lock: a library's wording may differ on Colab's older versions, an error may not.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import course  # noqa: E402
import places  # noqa: E402
from notebook_runs import errors_of_a_run, lessons  # noqa: E402

KERNEL_PACKAGES = ("ipykernel", "ipython", "tornado", "jupyter_client", "traitlets", "pyzmq")
pytestmark = pytest.mark.skipif(
    not (course.COLAB_VENV / "course-stamp").exists(),
    reason="the Colab-like venv is missing: it needs Python 3.13 (pyenv install 3.13), then `python3 course.py test`",
)


def colab_versions() -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", course.COLAB_PACKAGES.read_text(), re.M)
    return {name.lower().replace("_", "-"): version for name, version in pins}


def installed_versions() -> dict[str, str]:
    folder = next((course.COLAB_VENV / "lib").glob("python3.*/site-packages"))
    found = {}
    for info in folder.glob("*.dist-info"):
        name, version = info.name[: -len(".dist-info")].rsplit("-", 1)
        found[name.lower().replace("_", "-")] = version
    return found


def test_installing_the_course_leaves_the_kernels_own_packages_alone() -> None:
    colab, now = colab_versions(), installed_versions()
    for name in KERNEL_PACKAGES:
        key = name.replace("_", "-")
        assert now[key] == colab[key], f"installing the course changed {name} {colab[key]} -> {now[key]}: never on Colab"


def test_installing_the_course_raises_what_is_below_its_floors() -> None:
    """Colab's FastAPI is older than lesson 07 needs (`max_body_size=`): pip must upgrade it."""
    assert colab_versions()["fastapi"] != installed_versions()["fastapi"]


# What pip must raise on Colab to meet the course's floors: FastAPI (lesson 07's max_body_size=),
# and the OpenTelemetry packages FastAPI 0.165 and its CLI need (Colab's google-adk asks for
# older ones, so pip prints a dependency conflict there: the known cost of the floor).
RAISED_ON_COLAB = {"fastapi", "opentelemetry-api", "opentelemetry-sdk", "opentelemetry-semantic-conventions"}
COLAB_FREEZE = Path(__file__).resolve().parent / "colab-pip-freeze-2026-08-19.txt"  # all of Colab's list


def test_the_venv_holds_colabs_version_of_every_package_colab_ships() -> None:
    """tests/colab-packages.txt is a part of Colab's list; a package the course's install pulls
    in that Colab ships must be in it, at Colab's version: otherwise pip installs its newest
    version here, where Colab would keep its own (or conflict with it), and the test is not Colab."""
    shipped = {name.lower().replace("_", "-"): version for name, version in
               re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", COLAB_FREEZE.read_text(), re.M)}  # fmt: skip
    differ = {name: f"{shipped[name]} on Colab, {version} here" for name, version in installed_versions().items()
              if name in shipped and version != shipped[name] and name not in RAISED_ON_COLAB}  # fmt: skip
    assert not differ, f"add these to tests/colab-packages.txt at Colab's versions: {differ}"
    assert colab_versions().items() <= shipped.items(), "tests/colab-packages.txt is not Colab's list"


@pytest.mark.parametrize("lesson", lessons(), ids=lambda path: path.stem[:2])
def test_the_lesson_runs_on_colabs_versions(lesson: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTER_PATH", str(course.COLAB_VENV / "share" / "jupyter"))
    monkeypatch.setenv("PYTHONPATH", str(places.colab_stand_in(tmp_path)))  # google.colab.output, as on Colab
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # ipykernel 6's debugger note on Python 3.13
    problems = errors_of_a_run(lesson, "colab")
    assert not problems, "\n".join(problems)
