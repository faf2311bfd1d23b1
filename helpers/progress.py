"""Which exercises a learner has passed, across lessons and kernel restarts.

Every checker is decorated with `@checker`: when its check passes, the exercise is written to a
small JSON file in the learner's home folder (`~/.fastapi-course/progress.json`, or the file
named by FASTAPI_COURSE_PROGRESS). `progress()` shows the whole course at a glance.

Progress is never lost: a file that cannot be read (damaged, or edited into something else) is
moved aside, never overwritten, and the learner is told once; two kernels that record at once
take turns through a lock file (`filelock`); a location that cannot be used is reported in one
line, and the check still shows its result.
"""

from __future__ import annotations

import functools
import html
import importlib
import json
import os
import pkgutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

import helpers.exercises
from helpers.checks import Report
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
    """The lessons and exercises in `data`, skipping entries of any other shape."""
    return {
        str(lesson): [name for name in names if isinstance(name, str)]
        for lesson, names in data.items()
        if isinstance(names, list)
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
            if not isinstance(names, list):
                names = data[lesson] = []
            if exercise in names:
                return
            names.append(exercise)
            # Write a new file and move it into place, so a crash never leaves half a file.
            new = tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp")
            try:
                with new:
                    json.dump(data, new, indent=1, sort_keys=True)
                os.replace(new.name, path)
            except BaseException:
                Path(new.name).unlink(missing_ok=True)  # nothing half-written is left beside it
                raise
    except Timeout:
        _say_once(f"Your progress was not saved: another program holds {path}.lock. Run the check again.")
    except OSError as error:
        reason = str(error) if isinstance(error, ProgressUnusable) else f"{error.filename or path}: {error.strerror}"
        _say_once(
            f"Your progress cannot be saved ({reason}). Set FASTAPI_COURSE_PROGRESS to a file in a "
            "folder you can write to."
        )


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
