"""environment.yml is the one source of the course's versions, and a valid conda file."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import course  # noqa: E402

ROOT = course.ROOT
CONDA_SPEC = re.compile(r"^[a-z0-9][a-z0-9._-]*(=|==)[0-9][0-9a-z.*+_]*$")  # name=version
PIP_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[a-z0-9,-]+\])?==([0-9][0-9A-Za-z.+!-]*)$")


def environment() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def yaml_pip_list() -> list[str]:
    [pip] = [entry for entry in environment()["dependencies"] if isinstance(entry, dict)]
    return list(pip["pip"])


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_structure_is_what_conda_and_binder_read() -> None:
    env = environment()
    assert set(env) == {"name", "channels", "dependencies"}
    assert env["channels"] == ["conda-forge"]
    conda_specs = [entry for entry in env["dependencies"] if isinstance(entry, str)]
    assert "python=3.12" in conda_specs
    assert any(spec.startswith("pip=") for spec in conda_specs), "a pip: section needs pip itself"
    for spec in conda_specs:
        assert CONDA_SPEC.match(spec), f"not a pinned conda spec: {spec!r}"


def test_every_pip_package_is_pinned_once() -> None:
    names = []
    for requirement in yaml_pip_list():
        match = PIP_PIN.match(requirement)
        assert match, f"not pinned as name==version: {requirement!r}"
        names.append(normalized(match.group(1)))
    assert len(names) == len(set(names))
    assert "nest-asyncio" not in names, "use the maintained fork nest-asyncio2"


def test_course_py_reads_the_same_pip_list_as_pyyaml() -> None:
    assert course.pip_pins() == yaml_pip_list()


def test_the_pip_part_resolves_to_what_is_installed() -> None:
    """Set-up installed exactly these pins into this environment, and pip finds it consistent."""
    for requirement in yaml_pip_list():
        name, pinned = re.sub(r"\[.*\]", "", requirement).split("==")
        try:
            installed = version(name)
        except PackageNotFoundError:
            raise AssertionError(f"{name} is pinned but not installed: run `python3 course.py test`")
        assert installed == pinned, f"{name}: installed {installed}, environment.yml pins {pinned}"
    check = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_pyproject_dependencies_are_pinned_in_environment_yml() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    pinned = {normalized(re.sub(r"\[.*\]", "", pin).split("==")[0]) for pin in yaml_pip_list()}
    for dependency in pyproject["project"]["dependencies"]:
        assert re.fullmatch(r"[A-Za-z0-9._-]+(\[[a-z0-9,-]+\])?", dependency), f"versions belong in environment.yml: {dependency}"
        assert normalized(re.sub(r"\[.*\]", "", dependency)) in pinned, f"{dependency} is not pinned in environment.yml"
