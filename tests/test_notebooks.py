"""The lessons, beyond what nbval checks: one clean run, the format, and the exercises' parts.

nbval (`--nbval` in pyproject.toml) re-runs every notebook and compares each cell's outputs
with the stored ones. These tests, with test_rerun.py and test_hostile.py (which also runs
every worked solution past its check; modules of their own, so that pytest-xdist runs them on
different cores), add what nbval cannot see.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

from notebook_runs import code_cells, lessons, read, tags

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "workshop"))
from tables import EXERCISE_TITLE  # noqa: E402

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


def exercises(notebook: Any) -> list[dict[str, Any]]:
    """Each exercise's title match (number, kind, name) and its four cells."""
    found: list[dict[str, Any]] = []
    for cell in notebook.cells:
        title = EXERCISE_TITLE.search(cell.source) if cell.cell_type == "markdown" else None
        if title is not None:
            found.append({"title": title, "task": cell})
        for kind in ("exercise", "check", "solution"):
            if kind in tags(cell):
                assert found and kind not in found[-1], f"a {kind} cell without its exercise title before it"
                found[-1][kind] = cell
    return found


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_each_exercise_has_a_task_a_check_and_a_folded_solution(path: Path) -> None:
    cells = read(path).cells
    kinds = [kind for cell in cells for kind in tags(cell) if kind in ("exercise", "check", "solution")]
    assert kinds == ["exercise", "check", "solution"] * (len(kinds) // 3)
    found = exercises(read(path))
    assert len(found) == len(kinds) // 3, "each exercise has a title `### Exercise N (kind): name`"
    assert [int(exercise["title"][1]) for exercise in found] == list(range(1, len(found) + 1))
    minimum = 1 if path.name.startswith("00") else 2
    assert len(found) >= minimum
    if not path.name.startswith("00"):
        thinking = [exercise for exercise in found if exercise["title"][2] != "fill in"]
        assert thinking, "at least one exercise per lesson is predict, fix the bug or build"
    for exercise in found:
        kind, source = exercise["title"][2], exercise["exercise"].source
        assert exercise["solution"].source.startswith("<details><summary>Worked solution</summary>")
        assert "✏️" in source, "an exercise cell marks what to replace or write with ✏️"
        code = [line for line in source.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        if kind == "build":
            assert not code, f"a build exercise starts from an empty cell (comments only): {code}"
        if kind == "predict":
            assert "..." in source, "a predict exercise leaves each prediction as ... to write down"
            assert re.fullmatch(r"check\.\w+\(server, \w+\)\n?", exercise["check"].source)
        else:
            assert re.fullmatch(r"check\.\w+\(server\)\n?", exercise["check"].source)


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_checks_reject_the_placeholders_with_a_nudge_not_the_code(path: Path) -> None:
    """The stored outputs (which nbval proves are reproduced) show every check failing, with the
    first rung of the hint ladder only: a nudge that gives away no line of the worked solution."""
    for exercise in exercises(read(path)):
        [output] = exercise["check"].outputs
        shown = output.data["text/plain"]
        assert shown.startswith("❌ Exercise "), shown
        assert "\n   Nudge: " in shown and "\n   Hint: " not in shown, shown
        assert shown.splitlines()[-1].startswith("   Still stuck? check.hint("), shown
        solution = re.search(r"```python\n(.*?)```", exercise["solution"].source, re.S).group(1)
        given = exercise["exercise"].source + exercise["task"].source
        for line in solution.splitlines():
            line = line.strip()
            if len(line) >= 12 and not line.startswith(("#", "@")) and line not in given:
                assert line not in shown, f"the first rung shows a line of the worked solution: {line!r}"


BOX = re.compile(r"^> \*\*As a `main\.py`\.\*\*")
MACHINERY = ("nest_asyncio", "listens_for", "event.listen(")  # the notebook's plumbing, not FastAPI


def main_py_boxes(notebook: Any) -> list[str]:
    """The code of each "As a `main.py`" box: a blockquote holding one ```python block."""
    found = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and BOX.match(cell.source):
            text = "\n".join(re.sub(r"^> ?", "", line) for line in cell.source.splitlines())
            code = re.search(r"```python\n(.*?)```", text, re.S)
            assert code, f"an 'As a main.py' box without a ```python block: {cell.source[:80]!r}"
            assert "fastapi dev" in text, "an 'As a main.py' box says how to run it: fastapi dev main.py"
            found.append(code.group(1))
    return found


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_machinery_is_behind_the_scenes_and_main_py_boxes_show_plain_fastapi(path: Path) -> None:
    notebook = read(path)
    headings = [i for i, cell in enumerate(notebook.cells) if cell.source.startswith("## Behind the scenes")]
    first_behind = headings[0] if headings else len(notebook.cells)
    for cell in notebook.cells[:first_behind]:
        used = [marker for marker in MACHINERY if marker in cell.source]
        assert not used, f"{used} is notebook machinery: move it under '## Behind the scenes'"
    boxes = main_py_boxes(notebook)
    if not path.name.startswith("00"):
        assert boxes, "every lesson shows its code once as a `main.py` run with `fastapi dev`"
    for code in boxes:
        assert "helpers" not in code and "serve(" not in code, "a main.py box is plain FastAPI"


# Each box runs as a file under `fastapi run`, through a real flow, and is fuzzed:
# tests/test_main_boxes.py (it replaced the import-only test that was here).
