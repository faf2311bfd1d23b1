"""What is built from the lessons and from the course's repository setting: each lesson's
**Time:** line (computed by the method below), the workshop schedules in workshop/README.md,
the lesson index with its Binder and Colab links in README.md, and the line in each lesson's
first code cell that installs the course's helpers when the notebook was opened on its own.

The minutes, a stated method (CONTRIBUTING.md, "Pacing"), checked against a new learner's run
(workshop/README.md, "Measured"):

- to teach: the prose at WORDS_PER_MINUTE, MINUTES_PER_CELL for each code cell run and read,
  MINUTES_PER_FIGURE for each diagram or code box; "Behind the scenes" is optional reading
  and not counted; rounded up to a whole minute;
- to practise: for each exercise, EXERCISE_BASE[kind] (reading the task, a first try) plus its
  text at WORDS_PER_MINUTE plus MINUTES_PER_LINE for each line of its worked solution; the sum
  rounded up to a whole minute. The 3-hour workshop practises exercise 1 of each lesson.

    .venv/bin/python workshop/tables.py --write   # update them after changing a lesson

tests/test_workshop.py fails when any of them no longer matches.
"""

from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "workshop" / "README.md"
README = ROOT / "README.md"
# The course's GitHub repository (owner/name) and branch: Binder builds the course from it,
# Colab opens the lessons from it, and a lesson on its own installs `helpers` from it.
BINDER_REPOSITORY, BINDER_BRANCH = "fastapi-live/fastapi-live-course", "main"
BINDER = f"https://mybinder.org/v2/gh/{BINDER_REPOSITORY}/{BINDER_BRANCH}"
COLAB = f"https://colab.research.google.com/github/{BINDER_REPOSITORY}/blob/{BINDER_BRANCH}"
PACKAGE = f"fastapi-course-helpers @ git+https://github.com/{BINDER_REPOSITORY}@{BINDER_BRANCH}"
# Each lesson's first code cell, a cell of its own: where the course is set up, `import helpers`
# works and the cell prints nothing. It stays out of the way: folded in JupyterLab
# (`source_hidden`), a titled form on Colab (`cellView: form` and `#@title`), left out of the
# website (`remove-cell`, a tag myst-nb knows).
INSTALL_CELL = f"""#@title Only on Colab or in a lesson on its own: install the course's helpers (about a minute)
try:
    import helpers
except ModuleNotFoundError:
    %pip install --quiet "{PACKAGE}"
    import helpers  # if this fails, pip's message above says why
"""
INSTALL_METADATA = {"cellView": "form", "jupyter": {"source_hidden": True}, "tags": ["remove-cell"]}
INSTALL_CELL_ID = "install-helpers"
# The install block as it stood at the top of the set-up cell, until December 2026.
OLD_INSTALL_BLOCK = re.compile(r"\Atry:\n    import helpers\nexcept ModuleNotFoundError:.*?\n    print\(.*?\)\n\n?", re.S)
TIME_LINE = re.compile(r"\*\*Time:\*\* (\d+) min to teach, (\d+) min to practise")
EXERCISE_TITLE = re.compile(r"^### Exercise (\d+) \((fill in|predict|fix the bug|build)\): (.+)$", re.M)
BEHIND_THE_SCENES = "## Behind the scenes"
WORDS_PER_MINUTE = 160  # technical prose, read alone or explained by an instructor
MINUTES_PER_CELL = 1.0  # run a code cell, read what it printed
MINUTES_PER_FIGURE = 1.0  # a diagram, or a code box such as "As a `main.py`"
EXERCISE_BASE = {"fill in": 3, "predict": 3, "fix the bug": 5, "build": 5}  # understand the task, try once
MINUTES_PER_LINE = 0.5  # write, run and correct one line of the worked solution
FENCE = re.compile(r"```.*?```", re.S)


@dataclass(frozen=True)
class Lesson:
    number: str
    title: str
    teach: int
    practise: int
    file: str = ""
    goals: tuple[str, ...] = ()
    first_exercise: int = 0  # minutes of exercise 1 alone: what the 3-hour workshop practises


@dataclass(frozen=True)
class Minutes:
    teach: int
    practise: int
    exercises: tuple[float, ...]  # each exercise's minutes, unrounded


def words(markdown: str) -> int:
    return len(FENCE.sub(" ", markdown).split())


def figures(markdown: str) -> int:
    return len(FENCE.findall(markdown))


def round_up(minutes: float) -> int:
    """Whole minutes, rounded up (at least 1): an estimate should not look more exact than it is,
    nor hide minutes in a coarser rounding."""
    return max(1, math.ceil(round(minutes, 6)))


def minutes(cells: list[dict]) -> Minutes:
    """The minutes of a lesson from its cells (nbformat JSON), by the method in this module's
    docstring."""
    teach = 0.0
    exercises: list[float] = []
    behind = False
    for cell in cells:
        source = "".join(cell["source"])
        cell_tags = cell.get("metadata", {}).get("tags", [])
        if source.startswith("## Key points"):
            behind = False
        elif source.startswith(BEHIND_THE_SCENES):
            behind = True
        if behind or cell.get("id") == INSTALL_CELL_ID:  # optional reading; plumbing, folded away
            continue
        if "solution" in cell_tags:
            if not exercises:
                raise ValueError(f"a worked solution with no `### Exercise N (kind): name` before it: {source[:80]!r}")
            code = re.search(r"```python\n(.*?)```", source, re.S)
            lines = [line for line in (code.group(1) if code else "").splitlines() if line.strip()]
            exercises[-1] += MINUTES_PER_LINE * len(lines)
        elif cell_tags and {"exercise", "check"} & set(cell_tags):
            continue
        elif cell["cell_type"] == "code":
            teach += MINUTES_PER_CELL
        elif (title := EXERCISE_TITLE.search(source)) is not None:
            before, task = source[: title.start()], source[title.start():]
            teach += words(before) / WORDS_PER_MINUTE + MINUTES_PER_FIGURE * figures(before)
            exercises.append(EXERCISE_BASE[title[2]] + words(task) / WORDS_PER_MINUTE + MINUTES_PER_FIGURE * figures(task))
        elif exercises and not source.startswith("## "):  # more of the exercise's task
            exercises[-1] += words(source) / WORDS_PER_MINUTE + MINUTES_PER_FIGURE * figures(source)
        else:
            teach += words(source) / WORDS_PER_MINUTE + MINUTES_PER_FIGURE * figures(source)
    return Minutes(round_up(teach), round_up(sum(exercises)), tuple(exercises))


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
    """The lessons, with the minutes computed from their cells (not read from their Time line)."""
    found = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        title_cell = "".join(cells[0]["source"])
        title = title_cell.splitlines()[0].split("·", 1)[1].strip()
        bullets = re.findall(r"^- (.*(?:\n  .*)*)", title_cell, re.M)  # a goal may wrap onto indented lines
        goals = tuple(" ".join(bullet.split()) for bullet in bullets)
        computed = minutes(cells)
        first = round_up(computed.exercises[0]) if computed.exercises else 0
        found.append(Lesson(path.name[:2], title, computed.teach, computed.practise, path.name, goals, first))
    return found


def time_line(lesson: Lesson) -> str:
    return f"**Time:** {lesson.teach} min to teach, {lesson.practise} min to practise"


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def schedule(day: Day, course: list[Lesson], first_exercise_only: bool = False) -> str:
    """Lessons in order, each whole, with each break at the first lesson boundary after its time,
    until the next lesson would run past the end of the day; questions fill what is left.
    With `first_exercise_only`, each lesson is practised with its exercise 1 alone."""
    if first_exercise_only:
        course = [replace(lesson, practise=lesson.first_exercise) for lesson in course]
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
    if first_exercise_only:
        after += "\n\nEach lesson is practised with its exercise 1; the other exercises are for afterwards."
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


def with_install_cell(notebook: Any) -> bool:
    """Make the notebook's first code cell today's install cell; True if it changed.

    An older install block at the top of the set-up cell moves into a cell of its own; since
    that cell prints nothing where the course is set up, the stored outputs stay valid and each
    later cell's execution count grows by one, as a fresh run would number it.
    """
    from nbformat.v4 import new_code_cell  # only for --write: the tests read the notebooks as JSON

    codes = [cell for cell in notebook.cells if cell.cell_type == "code"]
    first = codes[0]
    if first.get("id") == INSTALL_CELL_ID:
        changed = first.source != INSTALL_CELL or dict(first.metadata) != INSTALL_METADATA
        first.source, first.metadata = INSTALL_CELL, dict(INSTALL_METADATA)
        return changed
    first.source = OLD_INSTALL_BLOCK.sub("", first.source, count=1)
    cell = new_code_cell(INSTALL_CELL, metadata=dict(INSTALL_METADATA), id=INSTALL_CELL_ID)
    cell.execution_count = 1 if first.get("execution_count") else None
    for code in codes:
        if code.get("execution_count"):
            code.execution_count += 1
            for output in code.get("outputs", []):
                if "execution_count" in output:
                    output["execution_count"] = code.execution_count
    notebook.cells.insert(notebook.cells.index(first), cell)
    return True


def write_install_cells() -> None:
    import nbformat  # only for --write

    for lesson in lessons():
        path = ROOT / "notebooks" / lesson.file
        notebook = nbformat.read(path, as_version=4)
        if with_install_cell(notebook):
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
    guide = replaced(guide, THREE_HOURS.name, schedule(THREE_HOURS, course, first_exercise_only=True))
    return replaced(guide, FULL_DAY.name, schedule(FULL_DAY, course))


def write_time_lines(course: list[Lesson]) -> None:
    import nbformat

    for lesson in course:
        path = ROOT / "notebooks" / lesson.file
        notebook = nbformat.read(path, as_version=4)
        title = notebook.cells[0]
        if TIME_LINE.search(title.source) is None:
            raise ValueError(f"{lesson.file}: no **Time:** line in its title cell")
        updated = TIME_LINE.sub(time_line(lesson), title.source)
        if updated != title.source:
            title.source = updated
            nbformat.write(notebook, path)


def with_index(readme: str, course: list[Lesson]) -> str:
    return replaced(readme, "lessons", index(course))


if __name__ == "__main__":
    course = lessons()
    if sys.argv[1:] != ["--write"]:
        sys.exit(__doc__)
    write_time_lines(course)
    GUIDE.write_text(with_schedules(GUIDE.read_text(), course))
    README.write_text(with_index(README.read_text(), course))
    write_install_cells()
