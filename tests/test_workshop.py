"""The instructor guide's schedules and README's lesson index are the ones the lessons give."""

from __future__ import annotations

import json
import re
import sys

import pytest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "workshop"))
import tables  # noqa: E402


def test_the_guides_schedules_match_the_lessons_minutes() -> None:
    guide = tables.GUIDE.read_text()
    assert guide == tables.with_schedules(guide, tables.lessons()), (
        "run `.venv/bin/python workshop/tables.py --write` to update workshop/README.md"
    )


def test_the_readme_indexes_every_lesson_with_its_binder_link() -> None:
    readme = tables.README.read_text()
    assert readme == tables.with_index(readme, tables.lessons()), (
        "run `.venv/bin/python workshop/tables.py --write` to update README.md"
    )
    for lesson in tables.lessons():
        assert f"{tables.BINDER}?urlpath=lab/tree/notebooks/{lesson.file}" in readme


def test_every_lessons_time_line_is_the_computed_one() -> None:
    for lesson in tables.lessons():
        title = json.loads((tables.ROOT / "notebooks" / lesson.file).read_text())["cells"][0]["source"]
        assert tables.time_line(lesson) in "".join(title), (
            f"{lesson.file}: run `.venv/bin/python workshop/tables.py --write`"
        )


def test_the_three_hour_workshop_builds_a_first_api_through_errors() -> None:
    """First app, path and query parameters, request bodies, response models and errors."""
    table = tables.schedule(tables.THREE_HOURS, tables.lessons(), first_exercise_only=True)
    for number in ("00", "01", "02", "03", "04", "05", "06"):
        assert f"| {number} " in table, f"lesson {number} does not fit in the 3-hour workshop:\n{table}"


def test_minutes_follow_the_stated_method() -> None:
    words = " ".join(["word"] * 160)
    cells = [
        {"cell_type": "markdown", "source": [f"# 01 · T\n\n{words}"]},
        {"cell_type": "code", "source": ["print(1)"]},
        {"cell_type": "markdown", "source": ["```mermaid\nflowchart LR\n a --> b\n```"]},
        {"cell_type": "markdown", "source": [f"### Exercise 1 (build): x\n\n{words}"]},
        {"cell_type": "code", "source": ["# ✏️"], "metadata": {"tags": ["exercise"]}},
        {"cell_type": "code", "source": ["check.x(server)"], "metadata": {"tags": ["check"]}},
        {"cell_type": "markdown", "source": ["<details>\n```python\na = 1\n\nb = 2\n```"], "metadata": {"tags": ["solution"]}},
        {"cell_type": "markdown", "source": [f"## Behind the scenes\n\n{words} {words}"]},
        {"cell_type": "code", "source": ["print(2)"]},
        {"cell_type": "markdown", "source": ["## Key points\n\n- one"]},
    ]
    computed = tables.minutes(cells)
    # teach: 164 + 5 words, 1 cell, 1 figure; "Behind the scenes" is not counted
    assert computed.teach == 4  # 169 / 160 + 1 + 1, rounded up
    # practise: a build (5), its 165 words, 2 lines of worked solution
    assert computed.exercises == pytest.approx((5 + 165 / 160 + 2 * 0.5,))
    assert computed.practise == 8


def test_a_schedule_keeps_lessons_whole_and_within_the_day() -> None:
    course = [tables.Lesson(f"{n:02d}", f"Lesson {n}", 20, 20) for n in range(8)]
    table = tables.schedule(tables.THREE_HOURS, course)
    assert table.splitlines()[2:] == [
        "| 09:00 | 00 Lesson 0 | 20 min | 20 min |",
        "| 09:40 | 01 Lesson 1 | 20 min | 20 min |",
        "| 10:20 | *Break* | | |",
        "| 10:30 | 02 Lesson 2 | 20 min | 20 min |",
        "| 11:10 | 03 Lesson 3 | 20 min | 20 min |",
        "| 11:50 | *Questions, and practice at your own pace* | | |",
        "| 12:00 | *End* | | |",
        "",
        "Lessons 04, 05, 06, 07 are for the learners to take on afterwards, at their own pace.",
    ]


def test_the_readme_has_a_colab_link_for_every_lesson() -> None:
    readme = tables.README.read_text()
    repository = tables.BINDER_REPOSITORY
    for lesson in tables.lessons():
        url = f"https://colab.research.google.com/github/{repository}/blob/{tables.BINDER_BRANCH}/notebooks/{lesson.file}"
        assert f"[Colab]({url})" in readme


def test_every_lesson_installs_the_helpers_when_opened_on_its_own() -> None:
    """The first code cell, of its own, installs the course package from the one repository
    setting, and stays out of the way: folded in JupyterLab, a form on Colab, off the website."""
    for lesson in tables.lessons():
        cells = json.loads((tables.ROOT / "notebooks" / lesson.file).read_text())["cells"]
        first = next(cell for cell in cells if cell["cell_type"] == "code")
        assert (first["id"], "".join(first["source"]), first["metadata"]) == (
            tables.INSTALL_CELL_ID, tables.INSTALL_CELL, tables.INSTALL_METADATA), (
            f"{lesson.file}: run `.venv/bin/python workshop/tables.py --write`")
        assert first["outputs"] == [], f"{lesson.file}: the install cell printed something where the course is set up"
    assert f"git+https://github.com/{tables.BINDER_REPOSITORY}@{tables.BINDER_BRANCH}" in tables.INSTALL_CELL
    assert tables.INSTALL_CELL.startswith("#@title ")  # Colab shows a form with this title


def test_an_old_install_block_moves_into_its_own_cell_and_counts_follow() -> None:
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    old_block = ('try:\n    import helpers\nexcept ModuleNotFoundError:  # on its own\n    %pip install x\n'
                 '    import helpers\n    print("Installed")\n\n')
    setup = new_code_cell(old_block + "from fastapi import FastAPI\n", execution_count=1)
    later = new_code_cell("print(1)", execution_count=2, outputs=[new_output("stream", name="stdout", text="1\n")])
    notebook = new_notebook(cells=[setup, later])
    assert tables.with_install_cell(notebook)
    install, setup, later = notebook.cells
    assert (install.source, install.execution_count) == (tables.INSTALL_CELL, 1)
    assert (setup.source, setup.execution_count, later.execution_count) == ("from fastapi import FastAPI\n", 2, 3)
    assert not tables.with_install_cell(notebook), "a second --write changes nothing"


def test_every_binder_and_colab_link_opens_a_lesson_of_this_repository() -> None:
    """Each Binder or Colab link the course shows (README, guide, lessons, website) names a
    notebook that exists, in the repository and branch `BINDER_REPOSITORY` and
    `BINDER_BRANCH` name: a fork changes those two, runs `tables.py --write`, and every link follows."""
    texts = [tables.README, tables.GUIDE, tables.ROOT / "CONTRIBUTING.md",
             *(tables.ROOT / "notebooks").glob("*.ipynb"), *(tables.ROOT / "site").glob("*.*")]
    links = re.compile(r"https://(?:mybinder\.org/v2/gh|colab\.research\.google\.com/github)/[^\s)\"'<>\\]+")
    found = [link for text in texts if text.is_file() for link in links.findall(text.read_text())]
    assert len(found) >= 2 * len(tables.lessons()), "the README's index should link every lesson twice"
    for link in found:
        expected = re.escape(tables.BINDER_REPOSITORY) + r"(?:/blob)?/" + re.escape(tables.BINDER_BRANCH)
        assert re.search(expected, link), f"{link} is not {tables.BINDER_REPOSITORY}@{tables.BINDER_BRANCH}"
        notebook = re.search(r"notebooks/[^?#&]+\.ipynb", link)
        if notebook:
            assert (tables.ROOT / notebook[0]).exists(), f"{link} names a lesson that does not exist"
