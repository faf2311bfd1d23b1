"""Every checker accepts its exercise's worked solution, run in the lesson as a learner would."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notebook_runs import lessons, read, run, tags, with_solutions

LESSONS = lessons()
ids = [path.stem for path in LESSONS]


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_checks_accept_the_worked_solutions(path: Path) -> None:
    notebook = with_solutions(read(path))
    run(notebook)
    for cell in notebook.cells:
        if "check" in tags(cell):
            [output] = cell.outputs
            assert re.match(r"✅ Exercise '[\w-]+': passed\n", output.data["text/plain"]), output.data["text/plain"]
