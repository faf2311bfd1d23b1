"""Which exercises a learner has passed, across lessons and kernel restarts.

Every checker is decorated with `@checker`: when its check passes, the exercise is written to a
small JSON file in the learner's home folder (`~/.fastapi-course/progress.json`, or the file
named by FASTAPI_COURSE_PROGRESS). `progress()` shows the whole course at a glance.
"""

from __future__ import annotations

import functools
import html
import importlib
import json
import os
import pkgutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import helpers.exercises
from helpers.checks import Report
from helpers.server import LiveServer

Checker = Callable[[LiveServer], Report]
EXERCISES: dict[str, list[str]] = {}  # lesson number -> its exercises, in order


def progress_file() -> Path:
    return Path(os.environ.get("FASTAPI_COURSE_PROGRESS", Path.home() / ".fastapi-course" / "progress.json"))


def passed() -> dict[str, list[str]]:
    """The exercises passed so far, by lesson number."""
    try:
        return dict(json.loads(progress_file().read_text()))
    except (FileNotFoundError, ValueError):
        return {}


def _record(lesson: str, exercise: str) -> None:
    done = passed()
    if exercise in done.get(lesson, []):
        return
    done.setdefault(lesson, []).append(exercise)
    path = progress_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write a new file and move it into place, so a crash never leaves half a file.
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp") as new:
        json.dump(done, new, indent=1, sort_keys=True)
    os.replace(new.name, path)


def lesson_of(module: str) -> str:
    """`helpers.exercises.lesson01` -> "01"."""
    return module.rsplit(".", 1)[-1].removeprefix("lesson")


def checker(check: Checker) -> Checker:
    """Register an exercise checker, and record the exercise when its check passes."""
    lesson = lesson_of(check.__module__)
    EXERCISES.setdefault(lesson, []).append(check.__name__)

    @functools.wraps(check)
    def check_and_record(server: LiveServer) -> Report:
        report = check(server)
        if report.passed:
            _record(lesson, check.__name__)
        return report

    return check_and_record


@dataclass
class Progress:
    """The course's exercises and which of them are passed; displays as a table."""

    rows: list[tuple[str, str, bool]]  # (lesson, exercise, passed)

    def summary(self) -> str:
        done = sum(ok for _, _, ok in self.rows)
        return f"{done} of {len(self.rows)} exercises passed"

    def __repr__(self) -> str:
        lines = [self.summary()]
        for lesson in dict.fromkeys(lesson for lesson, _, _ in self.rows):
            marks = [f"{'✅' if ok else '⬜'} {name}" for number, name, ok in self.rows if number == lesson]
            lines.append(f"  {lesson}: " + "  ".join(marks))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        cells = "".join(
            f"<tr><td>{lesson}</td><td>{html.escape(name)}</td><td>{'✅ passed' if ok else '⬜ not yet'}</td></tr>"
            for lesson, name, ok in self.rows
        )
        header = "<tr><th>lesson</th><th>exercise</th><th></th></tr>"
        return f"<p>{self.summary()}</p><table>{header}{cells}</table>"


def progress() -> Progress:
    """Every exercise of the course, and whether you have passed it."""
    for module in pkgutil.iter_modules(helpers.exercises.__path__):
        importlib.import_module(f"helpers.exercises.{module.name}")  # registers its checkers
    done = passed()
    return Progress(
        [
            (lesson, name, name in done.get(lesson, []))
            for lesson in sorted(EXERCISES)
            for name in EXERCISES[lesson]
        ]
    )
