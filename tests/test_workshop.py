"""The instructor guide's schedules and README's lesson index are the ones the lessons give."""

from __future__ import annotations

import json
import sys
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
    """The first code cell installs the course package from the one repository setting."""
    for lesson in tables.lessons():
        cells = json.loads((tables.ROOT / "notebooks" / lesson.file).read_text())["cells"]
        first = "".join(next(cell for cell in cells if cell["cell_type"] == "code")["source"])
        assert first.startswith(tables.INSTALL_BLOCK + "\n"), (
            f"{lesson.file}: run `.venv/bin/python workshop/tables.py --write`"
        )
    assert f"git+https://github.com/{tables.BINDER_REPOSITORY}@{tables.BINDER_BRANCH}" in tables.INSTALL_BLOCK


def test_the_install_block_is_replaced_not_added_again() -> None:
    older = tables.INSTALL_BLOCK.replace(tables.BINDER_REPOSITORY, "someone/old-fork") + "\nimport fastapi\n"
    updated = tables.with_install_block(older)
    assert updated == tables.INSTALL_BLOCK + "\nimport fastapi\n"
    assert tables.with_install_block(updated) == updated
    assert tables.with_install_block("import fastapi\n") == tables.INSTALL_BLOCK + "\nimport fastapi\n"
