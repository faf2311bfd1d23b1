"""What is built from the lessons and from the course's repository setting: the workshop
schedules (from each lesson's **Time:** line) in workshop/README.md, the lesson index with its
Binder and Colab links in README.md, and the line in each lesson's first code cell that
installs the course's helpers when the notebook was opened on its own (Colab, a download).

    .venv/bin/python workshop/tables.py --write   # update them after changing a lesson

tests/test_workshop.py fails when any of them no longer matches.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "workshop" / "README.md"
README = ROOT / "README.md"
# The course's GitHub repository (owner/name) and branch: Binder builds the course from it,
# Colab opens the lessons from it, and a lesson on its own installs `helpers` from it.
BINDER_REPOSITORY, BINDER_BRANCH = "fastapi-live/fastapi-live-course", "main"
BINDER = f"https://mybinder.org/v2/gh/{BINDER_REPOSITORY}/{BINDER_BRANCH}"
COLAB = f"https://colab.research.google.com/github/{BINDER_REPOSITORY}/blob/{BINDER_BRANCH}"
PACKAGE = f"fastapi-course-helpers @ git+https://github.com/{BINDER_REPOSITORY}@{BINDER_BRANCH}"
# The start of each lesson's first code cell. Where the course is set up, `import helpers`
# works and the block prints nothing, so the stored outputs stay valid.
INSTALL_BLOCK = f"""try:
    import helpers
except ModuleNotFoundError:  # this notebook on its own (Colab, a download): get the course's helpers
    %pip install --quiet "{PACKAGE}"
    import helpers  # if this fails, pip's message above says why
    print("Installed the course's helpers from github.com/{BINDER_REPOSITORY}")
"""
OLD_INSTALL_BLOCK = re.compile(r"\Atry:\n    import helpers\nexcept ModuleNotFoundError:.*?\n    print\(.*?\)\n\n?", re.S)
TIME_LINE = re.compile(r"\*\*Time:\*\* (\d+) min to teach, (\d+) min to practise")


@dataclass(frozen=True)
class Lesson:
    number: str
    title: str
    teach: int
    practise: int
    file: str = ""
    goals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Day:
    name: str
    start: int  # minutes after midnight
    end: int
    breaks: tuple[tuple[int, int, str], ...]  # (not before, minutes, what)


THREE_HOURS = Day("3-hour workshop", 9 * 60, 12 * 60, ((10 * 60 + 15, 10, "Break"),))
FULL_DAY = Day(
    "Full-day workshop",
    9 * 60,
    17 * 60,
    ((10 * 60 + 30, 15, "Break"), (12 * 60 + 15, 60, "Lunch"), (14 * 60 + 45, 15, "Break")),
)


def lessons() -> list[Lesson]:
    found = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        title_cell = "".join(json.loads(path.read_text())["cells"][0]["source"])
        minutes = TIME_LINE.search(title_cell)
        if minutes is None:
            raise ValueError(f"{path.name}: no **Time:** line in its title cell")
        title = title_cell.splitlines()[0].split("·", 1)[1].strip()
        goals = tuple(line[2:].strip() for line in title_cell.splitlines() if line.startswith("- "))
        found.append(Lesson(path.name[:2], title, int(minutes[1]), int(minutes[2]), path.name, goals))
    return found


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def schedule(day: Day, course: list[Lesson]) -> str:
    """Lessons in order, each whole, with each break at the first lesson boundary after its time,
    until the next lesson would run past the end of the day; questions fill what is left."""
    rows = ["| time | | teach | practise |", "|---|---|---|---|"]
    now, pending, left = day.start, list(day.breaks), list(course)
    while left:
        if pending and now >= pending[0][0]:
            _, minutes, what = pending.pop(0)
            rows.append(f"| {clock(now)} | *{what}* | | |")
            now += minutes
            continue
        lesson = left[0]
        if now + lesson.teach + lesson.practise > day.end:
            break
        rows.append(f"| {clock(now)} | {lesson.number} {lesson.title} | {lesson.teach} min | {lesson.practise} min |")
        now += lesson.teach + lesson.practise
        left.pop(0)
    if now < day.end:
        rows.append(f"| {clock(now)} | *Questions, and practice at your own pace* | | |")
    rows.append(f"| {clock(day.end)} | *End* | | |")
    later = ", ".join(lesson.number for lesson in left)
    after = f"\n\nLessons {later} are for the learners to take on afterwards, at their own pace." if left else ""
    return "\n".join(rows) + after


def index(course: list[Lesson]) -> str:
    """README's lesson index: what each lesson teaches, its minutes, Binder and Colab links."""
    badge = "https://mybinder.org/badge_logo.svg"
    first = f"{BINDER}?urlpath=lab/tree/notebooks/{course[0].file}"
    colab_badge = "https://colab.research.google.com/assets/colab-badge.svg"
    rows = [
        f"[![Launch the course on Binder]({badge})]({first}) "
        f"[![Open lesson 00 in Colab]({colab_badge})]({COLAB}/notebooks/{course[0].file})",
        "",
    ]
    rows += ["| lesson | you will be able to | minutes | |", "|---|---|---|---|"]
    for lesson in course:
        link = f"notebooks/{lesson.file}"
        binder = f"[Binder]({BINDER}?urlpath=lab/tree/{link})"
        colab = f"[Colab]({COLAB}/{link})"
        goals = "; ".join(goal.rstrip(";.") for goal in lesson.goals).replace("|", "\\|")  # not a cell edge
        rows.append(
            f"| [{lesson.number} {lesson.title}]({link}) | {goals} | {lesson.teach} + {lesson.practise} | {binder} · {colab} |"
        )
    return "\n".join(rows)


def with_install_block(source: str) -> str:
    """A first code cell's source, starting with today's INSTALL_BLOCK (and no older one)."""
    return INSTALL_BLOCK + "\n" + OLD_INSTALL_BLOCK.sub("", source, count=1)


def write_install_blocks() -> None:
    import nbformat  # only for --write: the tests read the notebooks as JSON

    for lesson in lessons():
        path = ROOT / "notebooks" / lesson.file
        notebook = nbformat.read(path, as_version=4)
        first = next(cell for cell in notebook.cells if cell.cell_type == "code")
        if not first.source.startswith(INSTALL_BLOCK + "\n"):
            first.source = with_install_block(first.source)
            nbformat.write(notebook, path)


def marked(name: str) -> tuple[str, str]:
    return f"<!-- table: {name} -->", f"<!-- end table: {name} -->"


def replaced(text: str, name: str, table: str) -> str:
    """`text` with what stands between the markers `name` replaced by `table`."""
    start, end = marked(name)
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise ValueError(f"no {start} ... {end} markers")
    return pattern.sub(lambda _: f"{start}\n{table}\n{end}", text)


def with_schedules(guide: str, course: list[Lesson]) -> str:
    for day in (THREE_HOURS, FULL_DAY):
        guide = replaced(guide, day.name, schedule(day, course))
    return guide


def with_index(readme: str, course: list[Lesson]) -> str:
    return replaced(readme, "lessons", index(course))


if __name__ == "__main__":
    course = lessons()
    if sys.argv[1:] != ["--write"]:
        sys.exit(__doc__)
    GUIDE.write_text(with_schedules(GUIDE.read_text(), course))
    README.write_text(with_index(README.read_text(), course))
    write_install_blocks()
