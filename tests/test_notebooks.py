"""The lessons, beyond what nbval checks: one clean run, the format, and the exercises' parts.

nbval (`--nbval` in pyproject.toml) re-runs every notebook and compares each cell's outputs
with the stored ones. These tests, with test_solutions.py and test_rerun.py (modules of their
own, so that pytest-xdist runs them on different cores), add what nbval cannot see.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notebook_runs import code_cells, lessons, read, tags

LESSONS = lessons()
ids = [path.stem for path in LESSONS]


def test_there_are_lessons() -> None:
    assert [path.name[:2] for path in LESSONS] == [f"{n:02d}" for n in range(len(LESSONS))]
    assert len(LESSONS) >= 2


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_stored_outputs_come_from_one_clean_run(path: Path) -> None:
    cells = code_cells(read(path))
    counts = [cell.execution_count for cell in cells]
    assert counts == list(range(1, len(cells) + 1)), (
        f"{path.name}: execution counts {counts} are not 1..{len(cells)}: "
        "refresh it with `python3 course.py refresh`"
    )
    for cell in cells:
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors or "raises-exception" in tags(cell), f"unexpected error in {cell.source[:60]!r}"
        streams = [o for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
        assert not streams, f"stderr (a warning?) in {cell.source[:60]!r}: {streams}"


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_lesson_follows_the_format(path: Path) -> None:
    """The anatomy written down in CONTRIBUTING.md."""
    notebook = read(path)
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith(f"# {path.name[:2]} · ")
    assert "**You will be able to**" in first.source
    assert re.search(r"\*\*Time:\*\* \d+ min to teach, \d+ min to practise", first.source)
    setup = code_cells(notebook)[:3]
    assert any("server = serve(app" in cell.source for cell in setup), "no set-up cell near the top"
    assert notebook.cells[-1].source.startswith("## Key points")
    assert notebook.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_each_exercise_has_a_check_and_a_folded_solution(path: Path) -> None:
    cells = read(path).cells
    kinds = [kind for cell in cells for kind in tags(cell) if kind in ("exercise", "check", "solution")]
    minimum = 1 if path.name.startswith("00") else 2
    assert kinds == ["exercise", "check", "solution"] * (len(kinds) // 3)
    assert len(kinds) // 3 >= minimum
    for cell in cells:
        if "solution" in tags(cell):
            assert cell.source.startswith("<details><summary>Worked solution</summary>")
        if "exercise" in tags(cell):
            assert "✏️" in cell.source, "an exercise cell marks what to replace with ✏️"


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_checks_reject_the_placeholders(path: Path) -> None:
    """The stored outputs (which nbval proves are reproduced) show every check failing."""
    for cell in read(path).cells:
        if "check" in tags(cell):
            [output] = cell.outputs
            assert output.data["text/plain"].startswith("❌ Exercise "), output.data["text/plain"]
