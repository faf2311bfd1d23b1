"""Which exercises a learner has passed, across lessons and kernel restarts.

Every checker is decorated with `@checker`: when its check passes, the exercise is written to a
small JSON file in the learner's home folder (`~/.fastapi-course/progress.json`, or the file
named by FASTAPI_COURSE_PROGRESS). `progress()` shows the whole course at a glance.

Progress is never lost: a file that cannot be read (damaged, or edited into something else) is
moved aside, never overwritten, and the learner is told once; an entry of another shape is kept
(`"01": "square"` counts as `["square"]`); two kernels that record at once take turns through a
lock file (`filelock`), and each writes the whole file anew beside it, then moves it into place,
so a kernel killed while writing leaves the old file whole (and a `.tmp` that the next pass
replaces); a location that cannot be used is reported in one line, and the check still shows
its result. Passes recorded under a lesson's number from before the lessons were renumbered
count for the lesson that has that exercise now (exercise names are unique in the course).
"""

from __future__ import annotations

import functools
import html
import importlib
import json
import os
import pkgutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

import helpers.exercises
from helpers import room
from helpers.checks import Report, asked_for_hint
from helpers.server import LiveServer

Checker = Callable[..., Report]  # (server, *answers) -> Report
EXERCISES: dict[str, list[str]] = {}  # lesson number -> its exercises, in order
LOCK_TIMEOUT = 10.0  # seconds to wait for another kernel that is writing the file
_said: set[str] = set()  # messages already shown: each is said once


class ProgressUnusable(OSError):
    """The progress file's location cannot be read or written."""


class _Unreadable(ValueError):
    """The file exists but holds no progress this course can read."""


def progress_file() -> Path:
    return Path(os.environ.get("FASTAPI_COURSE_PROGRESS", Path.home() / ".fastapi-course" / "progress.json"))


def _say_once(message: str) -> None:
    if message not in _said:
        _said.add(message)
        print(message, file=sys.stderr)


def _load(path: Path) -> dict[str, Any]:
    """The file's content as a dict: {} when there is none yet (or it holds `null`).

    Raises `_Unreadable` for anything else, `ProgressUnusable` when the location cannot be read.
    """
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))  # -sig: a BOM is allowed
    except FileNotFoundError:
        return {}
    except IsADirectoryError:
        raise ProgressUnusable(f"{path} is a folder") from None
    except OSError as error:
        raise ProgressUnusable(f"{path} cannot be read ({error.strerror})") from None
    except ValueError:  # not UTF-8, or not JSON
        raise _Unreadable from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _Unreadable
    return data


def _exercises(data: dict[str, Any]) -> dict[str, list[str]]:
    """The lessons and exercises in `data` (a lone name counts as a list of one), skipping
    entries of any other shape."""
    return {
        str(lesson): [name for name in ([names] if isinstance(names, str) else names) if isinstance(name, str)]
        for lesson, names in data.items()
        if isinstance(names, list | str)
    }


def passed() -> dict[str, list[str]]:
    """The exercises passed so far, by lesson number."""
    path = progress_file()
    try:
        return _exercises(_load(path))
    except _Unreadable:
        _say_once(f"Your progress file {path} could not be read; it is kept as it is.")
    except ProgressUnusable as error:
        _say_once(f"Your progress cannot be read: {error}.")
    return {}


def record(lesson: str, exercise: str) -> None:
    """Add one passed exercise to the file, keeping everything in it."""
    path = progress_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(f"{path}.lock", timeout=LOCK_TIMEOUT):
            try:
                data = _load(path)
            except _Unreadable:
                aside = _set_aside(path)
                _say_once(f"Your progress file could not be read: it was moved to {aside}, and a new one started.")
                data = {}
            names = data.get(lesson)
            if isinstance(names, str):  # written by hand: kept, as the list it stands for
                names = data[lesson] = [names]
            elif not isinstance(names, list):
                if lesson in data:  # another shape: kept under a name of its own
                    data[_free_key(data, f"{lesson} (kept as it was)")] = names
                names = data[lesson] = []
            if exercise in names:
                return
            names.append(exercise)
            # Write a new file and move it into place, so a crash never leaves half a file. One
            # name for it: only the kernel holding the lock writes it, and a killed one's is replaced.
            new = path.with_name(f"{path.name}.tmp")
            try:
                new.write_text(json.dumps(data, indent=1, sort_keys=True))
                os.replace(new, path)
            except BaseException:
                new.unlink(missing_ok=True)  # nothing half-written is left beside it
                raise
    except Timeout:
        _say_once(f"Your progress was not saved: another program holds {path}.lock. Run the check again.")
    except OSError as error:
        reason = str(error) if isinstance(error, ProgressUnusable) else f"{error.filename or path}: {error.strerror}"
        _say_once(
            f"Your progress cannot be saved ({reason}). Set FASTAPI_COURSE_PROGRESS to a file in a "
            "folder you can write to."
        )


def _free_key(data: dict[str, Any], key: str) -> str:
    number = 1
    while (candidate := key if number == 1 else f"{key} {number}") in data:
        number += 1
    return candidate


def _set_aside(path: Path) -> Path:
    for number in range(1, 1000):
        aside = path.with_name(f"{path.name}.unreadable-{number}")
        if not aside.exists():
            os.replace(path, aside)
            return aside
    raise ProgressUnusable(f"{path} cannot be read, and 999 earlier copies are set aside already")


def lesson_of(module: str) -> str:
    """`helpers.exercises.lesson01` -> "01"."""
    return module.rsplit(".", 1)[-1].removeprefix("lesson")


def checker(check: Callable[..., Any] | None = None, *, nudge: str = "", hint: str = "") -> Any:
    """Register an exercise checker, and record the exercise when its check passes.

    Two forms. `@checker(nudge=..., hint=...)` on `def name(check: Check, *answers) -> None`:
    the exercise is the function's name, its steps run inside `exercise(name, server, ...)`,
    and the notebook calls it as `check.name(server, *answers)`. The older `@checker` on
    `def name(server, *answers) -> Report` runs the function as it is.
    """
    if check is None:
        return functools.partial(_steps_checker, nudge=nudge, hint=hint)
    lesson = lesson_of(check.__module__)
    EXERCISES.setdefault(lesson, []).append(check.__name__)

    @functools.wraps(check)
    def check_and_record(server: LiveServer, *answers: Any) -> Report:  # answers: predictions
        report = check(server, *answers)
        if report.passed:
            record(lesson, check.__name__)
        failed = next((text for ok, text in report.steps if not ok), None)  # on a hub: the room's dashboard
        room.report_check(report.exercise, lesson, report.passed, failed, asked_for_hint(report.exercise))
        return report

    return check_and_record


def _steps_checker(steps: Callable[..., None], *, nudge: str, hint: str) -> Checker:
    """A checker of the older form that runs `steps(check, *answers)` for the exercise named
    after `steps`."""
    from helpers.checks import exercise

    @functools.wraps(steps)
    def run(server: LiveServer, *answers: Any) -> Report:
        with exercise(steps.__name__, server, nudge=nudge, hint=hint) as check:
            steps(check, *answers)
        return check.report

    run.__annotations__ = {"server": LiveServer, "answers": Any, "return": Report}
    del run.__wrapped__  # the signature a notebook's help() shows is the server's, not the check's
    return checker(run)


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


def _renumbered(done: dict[str, list[str]]) -> dict[str, list[str]]:
    """The passes by the lesson that has each exercise now (lessons were renumbered once: a
    pass of `paging` recorded under "07" is one of lesson 09's). Passes of exercises the course
    no longer has are said once; they stay in the file."""
    lesson_of_exercise = {name: lesson for lesson, names in EXERCISES.items() for name in names}
    now: dict[str, list[str]] = {}
    gone = []
    for lesson, names in done.items():
        for name in names:
            if name in lesson_of_exercise:
                now.setdefault(lesson_of_exercise[name], []).append(name)
            else:
                gone.append(f"{name} (lesson {lesson})")
    if gone:
        _say_once(f"Your progress file lists exercises this course no longer has: {', '.join(gone)}.")
    return now


def progress() -> Progress:
    """Every exercise of the course, and whether you have passed it."""
    for module in pkgutil.iter_modules(helpers.exercises.__path__):
        importlib.import_module(f"helpers.exercises.{module.name}")  # registers its checkers
    done = _renumbered(passed())
    return Progress(
        [
            (lesson, name, name in done.get(lesson, []))
            for lesson in sorted(EXERCISES)
            for name in EXERCISES[lesson]
        ]
    )
