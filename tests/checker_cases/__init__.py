"""The answers tests/test_checker_cases.py judges every checker with: one module per lesson,
`lessonNN.py`, each calling `add(...)` for its exercises.

An exercise's `solution` is the worked solution's code; `right` maps a name to edits of it
that must still pass, `wrong` maps a name to (edits, a text the failing report must show).
`arguments` names what the check cell passes after `server` (a predict exercise passes the
learner's predictions).
"""

from __future__ import annotations

from dataclasses import dataclass, field

PASS = None  # the expected verdict of a right answer; a wrong one names a text of its report
ASYNC = ("def ", "async def ")


@dataclass
class Exercise:
    lesson: str
    name: str
    setup: str  # the lesson's code before `serve(app)`, and after it (a line "# serve")
    solution: str
    right: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    wrong: dict[str, tuple[list[tuple[str, str]], str]] = field(default_factory=dict)
    arguments: tuple[str, ...] = ()


EXERCISES: list[Exercise] = []


def add(lesson: str, setup: str, *exercises: dict) -> None:
    for exercise in exercises:
        EXERCISES.append(Exercise(lesson=lesson, setup=setup, **exercise))


def edited(source: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        assert old in source, f"the edit does not apply: {old!r}"
        source = source.replace(old, new)
    return source


def stranger(lesson: str, name: str, right: dict[str, str] | None = None,
             wrong: dict[str, tuple[str, str]] | None = None) -> None:
    """Whole answers a stranger wrote, each replacing the case file's solution of `name` in
    `lesson`: `right` must pass, `wrong` fail with the given text in the report."""
    (exercise,) = [e for e in EXERCISES if e.lesson == lesson and e.name == name]
    right, wrong = right or {}, wrong or {}
    assert all(source != exercise.solution for source in [*right.values(), *(s for s, _ in wrong.values())])
    for label, source in right.items():
        exercise.right[f"stranger: {label}"] = [(exercise.solution, source)]
    for label, (source, fragment) in wrong.items():
        exercise.wrong[f"stranger: {label}"] = ([(exercise.solution, source)], fragment)
