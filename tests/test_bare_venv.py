"""A lesson on its own, as on Colab or after a download: a venv with no course in it, a
folder with nothing but the notebook. The lesson's first cell installs the course's package
(here a stand-in `%pip` installs the wheel built from this repository, from wheels that
tests/offline_wheels.py downloaded during set-up: no network); then, with the package
installed, the lesson passes nbval from that empty folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

import offline_wheels
from notebook_runs import NOTEBOOKS, ROOT, SANITIZE, code_cells, comparable, read

sys.path.insert(0, str(ROOT / "workshop"))
import tables  # noqa: E402

LESSON = "00-welcome.ipynb"
pytestmark = pytest.mark.skipif(
    not offline_wheels.ready(),
    reason="the bare-venv test's wheels are missing: run `.cache/venvs/test/bin/python tests/offline_wheels.py` once "
    "(it downloads them into .cache/wheels; `python3 course.py test` should do it)",
)
STAND_IN_PIP = """
import subprocess, sys
from IPython.core.magic import register_line_magic

@register_line_magic
def pip(line):
    # Stand-in for IPython's %pip: record the line, install the course from local wheels.
    print("%pip", line)
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--no-compile", "--disable-pip-version-check",
               "--find-links", {wheels!r}, {wheel!r}]
    subprocess.run(command, check=True)
"""


def run_quietly(command: list[str], **options: object) -> None:
    result = subprocess.run(command, capture_output=True, text=True, **options)  # type: ignore[call-overload]
    assert result.returncode == 0, f"{command}:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"


def build_wheel(scratch: Path) -> Path:
    """The course's wheel, built from a copy of the package's sources (so nothing is written
    into the repository), offline."""
    source = scratch / "source"
    source.mkdir()
    shutil.copy(ROOT / "pyproject.toml", source)
    shutil.copytree(ROOT / "helpers", source / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    run_quietly([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index",
                 "--find-links", str(offline_wheels.WHEELS), "--wheel-dir", str(scratch / "dist"), str(source)])  # fmt: skip
    [wheel] = (scratch / "dist").glob("fastapi_course_helpers-*.whl")
    return wheel


def test_a_lesson_on_its_own_installs_the_course_then_passes_nbval(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wheel = build_wheel(tmp_path)
    bare = tmp_path / "bare"
    run_quietly([sys.executable, "-m", "venv", str(bare)])
    python = bare / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--no-index", "--no-compile", "--disable-pip-version-check"]
    run_quietly([*pip, "--find-links", str(offline_wheels.WHEELS), *offline_wheels.RUNNERS])
    kernels = tmp_path / "jupyter" / "kernels" / "bare"
    kernels.mkdir(parents=True)
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (kernels / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "bare", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.delenv("PYTHONPATH", raising=False)
    empty = tmp_path / "lesson"
    empty.mkdir()

    # 1. No course in the venv: the first cell installs it, and says so; the rest runs as stored.
    stored = [comparable(cell) for cell in code_cells(read(NOTEBOOKS / LESSON))]
    notebook = read(NOTEBOOKS / LESSON)
    stand_in = new_code_cell(STAND_IN_PIP.format(wheels=str(offline_wheels.WHEELS), wheel=str(wheel)))
    where = new_code_cell("import helpers; print(helpers.__file__)")
    notebook.cells = [stand_in, *notebook.cells, where]
    NotebookClient(notebook, timeout=120, kernel_name="bare", resources={"metadata": {"path": str(empty)}}).execute()
    fresh = [comparable(cell) for cell in code_cells(notebook)[1:-1]]
    install_line = f'%pip install --quiet "{tables.PACKAGE}"'
    assert fresh[0] == f"[stdout] {install_line}\n"  # the install cell: pip's line, nothing else
    assert fresh[1:] == stored[1:]
    assert where.outputs[0]["text"].startswith(str(bare)), "helpers must come from the bare venv's installed wheel"
    assert os.listdir(empty) == [], "the lesson left files next to it"

    # 2. Now installed: the lesson passes nbval from a folder holding only the notebook.
    shutil.copy(NOTEBOOKS / LESSON, empty / LESSON)
    command = [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env",
               f"--nbval-sanitize-with={SANITIZE}", f"--rootdir={empty}", LESSON]  # fmt: skip
    result = subprocess.run(command, cwd=empty, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert f"{len(stored)} passed" in result.stdout
