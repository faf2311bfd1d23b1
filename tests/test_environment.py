"""The pins (environment.yml, requirements/tests.in) and the locks compiled from them
(requirements/*.txt) agree, and the environments hold exactly the locks.

Compiling a lock needs the network, so these tests check without it: each lock records a digest
of the pins it was compiled from, and every pin must be in its lock at its version.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.markers import Marker
from packaging.requirements import Requirement

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import course  # noqa: E402

ROOT = course.ROOT
CONDA_SPEC = re.compile(r"^[a-z0-9][a-z0-9._-]*(=|==)[0-9][0-9a-z.*+_]*$")  # name=version
PIP_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[a-z0-9,-]+\])?==([0-9][0-9A-Za-z.+!-]*)$")
RELOCK = "run `python3 course.py lock` (it needs PyPI) and commit requirements/"
TEST_TOOLS = {"pytest-xdist", "nbval", "playwright", "ruff", "uv", "hypothesis", "schemathesis", "bandit", "mutmut", "jupyter-repo2docker"}
LEARNER_VENV_LIMIT_MB = 350  # the target, stated in the README


def environment() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def yaml_pip_list() -> list[str]:
    [pip] = [entry for entry in environment()["dependencies"] if isinstance(entry, dict)]
    return list(pip["pip"])


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def name_of(pin: str) -> str:
    return normalized(Requirement(pin).name)


def locked(lock_file: Path) -> dict[str, tuple[str, str, int]]:
    """name -> (version, marker, number of hashes) for every entry of a lock."""
    entries = {}
    for entry in re.split(r"\n(?=\S)", lock_file.read_text()):
        if entry.startswith("#") or not entry.strip():
            continue
        head = entry.split("\\")[0].strip()
        requirement, _, marker = head.partition(";")
        name, _, version = requirement.strip().partition("==")
        entries[normalized(name)] = (version.strip(), marker.strip(), entry.count("--hash=sha256:"))
    return entries


def test_the_structure_is_what_conda_and_binder_read() -> None:
    env = environment()
    assert set(env) == {"name", "channels", "dependencies"}
    assert env["channels"] == ["conda-forge"]
    conda_specs = [entry for entry in env["dependencies"] if isinstance(entry, str)]
    assert "python=3.12" in conda_specs
    for spec in conda_specs:
        assert CONDA_SPEC.match(spec), f"not a pinned conda spec: {spec!r}"
    # pip reads the lock first, so that the hashes it holds are checked for every package.
    assert yaml_pip_list()[0] == "-r requirements/lessons.txt"
    assert [entry for entry in yaml_pip_list() if entry.startswith("-")] == ["-r requirements/lessons.txt"]
    [conda_pip] = [spec.split("=")[1] for spec in conda_specs if spec.startswith("pip=")]
    assert f"pip=={conda_pip}" in course.lesson_pins(), "conda's pip and the lock's pip differ"


def test_every_package_is_pinned_once() -> None:
    names = []
    for requirement in course.lesson_pins() + course.test_pins():
        match = PIP_PIN.match(requirement)
        assert match, f"not pinned as name==version: {requirement!r}"
        names.append(normalized(match.group(1)))
    duplicates = {name for name in names if names.count(name) > 1}
    assert not duplicates, f"pinned twice (lessons' pins are in the tests' lock already): {duplicates}"
    assert "nest-asyncio" not in names, "use the maintained fork nest-asyncio2"
    assert "fastapi[standard]==" in " ".join(course.lesson_pins()), "`fastapi dev` needs fastapi[standard]"


def test_the_test_tools_stay_out_of_the_learners_environment() -> None:
    in_lessons = {name_of(pin) for pin in course.lesson_pins()} | set(locked(course.LESSONS_LOCK))
    assert not TEST_TOOLS & in_lessons, "test tools belong in requirements/tests.in"


def test_course_py_reads_the_same_pip_list_as_pyyaml() -> None:
    assert course.pip_list() == yaml_pip_list()


@pytest.mark.parametrize("lock_file", [course.LESSONS_LOCK, course.TESTS_LOCK], ids=lambda path: path.name)
def test_each_lock_was_compiled_from_the_pins_as_they_are(lock_file: Path) -> None:
    pins = course.lock_inputs()[lock_file]
    first_line = lock_file.read_text().splitlines()[0]
    assert first_line == f"# pins: {course.pins_digest(pins)}", f"the pins changed since the lock was made: {RELOCK}"
    entries = locked(lock_file)
    for pin in pins:
        requirement = Requirement(pin)
        version = str(requirement.specifier).removeprefix("==")
        assert entries.get(name_of(pin), ("",))[0] == version, f"{pin} is not in {lock_file.name}: {RELOCK}"


@pytest.mark.parametrize("lock_file", [course.LESSONS_LOCK, course.TESTS_LOCK], ids=lambda path: path.name)
def test_every_locked_package_is_pinned_with_hashes_for_every_platform(lock_file: Path) -> None:
    entries = locked(lock_file)
    assert len(entries) > 100  # transitive packages included
    for name, (version, _, hashes) in entries.items():
        assert re.fullmatch(r"[0-9][0-9A-Za-z.+!-]*", version), f"{name} is not pinned: {version!r}"
        assert hashes >= 1, f"{name} has no hash"
    # A lock made for one platform leaves out what only Windows or macOS need.
    assert "sys_platform == 'win32'" in entries["colorama"][1]
    assert "sys_platform == 'darwin'" in entries["appnope"][1]


def test_both_environments_share_every_version() -> None:
    lessons, tests = locked(course.LESSONS_LOCK), locked(course.TESTS_LOCK)
    assert set(lessons) <= set(tests)
    differ = {name for name in lessons if lessons[name][0] != tests[name][0]}
    assert not differ, f"the tests would run the lessons with other versions than learners get: {differ}"


def installed_versions(python: Path) -> dict[str, str]:
    listing = subprocess.run(
        [str(python), "-c", "import json, importlib.metadata as m; "
         "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))"],
        capture_output=True, text=True, check=True,
    )
    return {normalized(name): version for name, version in json.loads(listing.stdout).items()}


def expected_versions(lock_file: Path) -> dict[str, str]:
    """What the lock installs here: the entries whose marker holds on this machine."""
    return {
        name: version
        for name, (version, marker, _) in locked(lock_file).items()
        if not marker or Marker(marker).evaluate()
    }


def test_the_tests_run_in_exactly_the_tests_lock() -> None:
    installed = installed_versions(Path(sys.executable))
    expected = expected_versions(course.TESTS_LOCK) | {"fastapi-course-helpers": "0.1.0"}
    assert installed == expected, "run `python3 course.py test`: it installs the lock"


def test_the_learners_venv_holds_exactly_the_lessons_lock_and_is_small() -> None:
    python = course.python_in(course.VENV)
    if not python.exists():
        pytest.skip("the learner's .venv is missing: `python3 course.py test` builds it")
    installed = installed_versions(python)
    assert installed == expected_versions(course.LESSONS_LOCK) | {"fastapi-course-helpers": "0.1.0"}
    size = sum(
        path.stat().st_size for path in course.VENV.rglob("*")
        if path.is_file() and not path.is_symlink() and "__pycache__" not in path.parts
    )
    assert size < LEARNER_VENV_LIMIT_MB * 1024 * 1024, f".venv is {size // 2**20} MB"
    # `fastapi dev` and `fastapi run`, as the lessons use them: fastapi[standard]'s CLI.
    fastapi = python.parent / ("fastapi.exe" if sys.platform == "win32" else "fastapi")
    usage = subprocess.run([str(fastapi), "run", "--help"], capture_output=True, text=True)
    assert usage.returncode == 0 and "--workers" in usage.stdout, usage.stdout + usage.stderr
    # The website's JupyterHub button opens a git-pull link: nbgitpuller, enabled as an extension
    # of the Jupyter server that Binder and a hub start from this environment.
    extensions = subprocess.run([str(python), "-m", "jupyter_server", "extension", "list"],
                                capture_output=True, text=True)
    assert re.search(r"nbgitpuller\s.*enabled", extensions.stdout + extensions.stderr), extensions.stderr


def test_pyproject_dependencies_are_pinned_in_environment_yml() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    pinned = {name_of(pin) for pin in course.lesson_pins()}
    for dependency in pyproject["project"]["dependencies"]:
        assert name_of(dependency) in pinned or name_of(dependency) in {"starlette", "pydantic"}, (
            f"{dependency} is not pinned in environment.yml")


def test_each_floor_of_the_package_is_a_version_the_tests_run() -> None:
    """A lesson on its own (Colab, a download) installs the package with these floors: each
    is the lock's version (every test runs it) or Colab's (tests/test_colab.py runs it), so the
    oldest versions the package allows are tested ones. fastapi's floor is the lock's: lesson 07
    needs `max_body_size=`, new in FastAPI 0.164."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    lock = {name: version for name, (version, _, _) in locked(course.LESSONS_LOCK).items()}
    colab = {normalized(name): version for name, version in
             re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", course.COLAB_PACKAGES.read_text(), re.M)}
    for dependency in pyproject["project"]["dependencies"]:
        requirement = Requirement(dependency)
        [floor] = [spec.version for spec in requirement.specifier if spec.operator == ">="] or [None]
        name = name_of(dependency)
        assert floor is not None, f"{dependency}: give it a floor (>=) the lessons are tested on"
        assert floor in (lock.get(name), colab.get(name)), (
            f"{dependency}: its floor is neither the lock's {lock.get(name)} nor Colab's {colab.get(name)}")
        assert requirement.specifier.contains(lock[name]), f"{dependency} refuses the lock's {lock[name]}"
    assert "standard" in Requirement(pyproject["project"]["dependencies"][0]).extras  # fastapi dev / run


