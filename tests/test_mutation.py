"""A bounded sample of the mutation testing (`python3 course.py mutate` runs all of it): a few
mutants of the worked solutions of a few lessons, always the same ones, each of which the
exercise's checker must reject unless tests/mutation_equivalents.txt lists it as still right."""

from __future__ import annotations

from pathlib import Path

import pytest

import mutation

SAMPLE_LESSONS = ("01", "03", "19")
PER_EXERCISE = 4  # mutants, spread evenly over each worked solution: the sample takes about a minute


@pytest.fixture(autouse=True)
def own_progress_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FASTAPI_COURSE_PROGRESS", str(tmp_path / "progress.json"))


def sample() -> list[object]:
    chosen = []
    for exercise in mutation.exercises_of(list(SAMPLE_LESSONS)):
        for mutant in mutation.spread(mutation.mutants_of_exercise(exercise), PER_EXERCISE):
            chosen.append(pytest.param(exercise, mutant, id=mutant.key))
    return chosen


@pytest.mark.parametrize(("exercise", "mutant"), sample())
def test_the_checker_rejects_the_mutant(exercise: object, mutant: mutation.Mutant) -> None:
    accepted, report = mutation.judge(exercise, mutant.source)
    if accepted:
        assert mutant.key in mutation.equivalents(), (
            f"the checker of {mutant.exercise!r} accepts this mutant of its worked solution "
            f"(a gap; or, if it is still right, list {mutant.key} in tests/mutation_equivalents.txt "
            f"with one line of why):\n{mutant.diff()}\n{report}"
        )


def test_the_mutants_are_the_same_every_run() -> None:
    exercise = next(iter(mutation.exercises_of(["01"])))
    first = [mutant.key for mutant in mutation.mutants_of_exercise(exercise)]
    assert first == [mutant.key for mutant in mutation.mutants_of_exercise(exercise)] and len(first) >= 4


def test_the_operators_cover_what_the_issue_names() -> None:
    source = (
        '@app.post("/items", status_code=status.HTTP_201_CREATED)\n'
        "def create(item: Item, session: SessionDep):\n"
        "    if item.price < 0:\n"
        "        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, 'negative')\n"
        "    session.commit()\n"
        "    return {'total': item.price * 2}\n"
    )
    changes = {mutant.after.strip() for mutant in mutation.mutants_of("xx", "create", source)}
    assert "if item.price <= 0:" in changes  # an operator
    assert "return {'total': item.price * 3}" in changes  # a constant
    assert '@app.post("/items", status_code=status.HTTP_200_OK)' in changes  # a status code
    assert "if True:" in changes and "if False:" in changes  # a condition removed
    assert "pass" in changes  # a call removed


def test_equivalents_are_keyed_and_explained() -> None:
    for key, why in mutation.equivalents().items():
        lesson, exercise, digest = key.split("/")
        assert len(lesson) == 2 and exercise and len(digest) == 12, key
        assert why, f"{key}: say in one line why the mutant is still a right answer"


def test_a_reports_first_failed_step_is_found_by_its_place() -> None:
    report = "❌ Exercise 'x': not yet\n   ✅ GET /a answers 200\n   ❌ the body is 1, expected 2\n   Nudge: ..."
    assert mutation.first_failure(report) == 1
    assert mutation.first_failure("✅ Exercise 'x': passed\n   ✅ GET /a answers 200") is None
