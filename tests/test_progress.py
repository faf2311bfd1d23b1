"""Passed exercises are remembered, per lesson, in the progress file."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI

from helpers import progress, serve
from helpers.exercises import lesson00
from helpers.progress import passed, progress_file


@pytest.fixture(autouse=True)
def fresh_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    file = tmp_path / "progress.json"
    monkeypatch.setenv("FASTAPI_COURSE_PROGRESS", str(file))
    return file


def ping_app(answer: str) -> FastAPI:
    app = FastAPI()

    @app.get("/ping")
    def ping() -> dict[str, str]:
        return {"ping": answer}

    return app


def test_a_failed_check_records_nothing_and_a_passed_one_is_remembered() -> None:
    with serve(ping_app("..."), name="progress-test") as server:
        assert not lesson00.ping(server).passed
    assert passed() == {}
    with serve(ping_app("pong"), name="progress-test") as server:
        assert lesson00.ping(server).passed
        assert lesson00.ping(server).passed  # recorded once
    assert passed() == {"00": ["ping"]}
    assert progress_file().exists()


def test_progress_lists_every_exercise_of_the_course() -> None:
    with serve(ping_app("pong"), name="progress-test") as server:
        lesson00.ping(server)
    course = progress()
    assert ("00", "ping", True) in course.rows
    assert ("01", "greeting", False) in course.rows
    assert course.summary() == f"1 of {len(course.rows)} exercises passed"
    assert "✅ ping" in repr(course)
    assert "<td>greeting</td><td>⬜ not yet</td>" in course._repr_html_()


def test_a_damaged_progress_file_counts_as_empty(fresh_progress: Path) -> None:
    fresh_progress.write_text("{not json")
    assert passed() == {}
    assert progress().summary().startswith("0 of ")
