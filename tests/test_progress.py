"""Passed exercises are remembered, per lesson, in the progress file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi import FastAPI

from helpers import progress, serve
from helpers.exercises import lesson00
from helpers.progress import passed, progress_file, record


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


def record_all(lesson: str, names: list[str]) -> None:
    for name in names:
        record(lesson, name)


def test_passing_an_exercise_keeps_every_exercise_passed_before_it(fresh_progress: Path) -> None:
    record_all("00", ["ping"])
    record_all("01", ["greeting", "square"])
    with serve(ping_app("pong"), name="progress-test") as server:
        assert lesson00.ping(server).passed
    record("02", "items")
    assert passed() == {"00": ["ping"], "01": ["greeting", "square"], "02": ["items"]}


@pytest.mark.parametrize(
    ("content", "kept"),
    [
        (b"{not json", False),
        (b"\xff\xfe binary", False),
        (b"42", False),
        (b'["00"]', False),
        (b"null", True),  # nothing to lose
    ],
)
def test_a_file_that_cannot_be_read_is_moved_aside_never_overwritten(
    fresh_progress: Path, content: bytes, kept: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh_progress.write_bytes(content)
    assert passed() == {}
    record("00", "ping")
    record("00", "other")
    assert passed() == {"00": ["ping", "other"]}
    aside = fresh_progress.with_name("progress.json.unreadable-1")
    if kept:
        assert not aside.exists()
    else:
        assert aside.read_bytes() == content
        err = capsys.readouterr().err
        assert err.count(f"moved to {aside}") == 1  # said once


def test_a_file_saved_with_a_bom_is_read(fresh_progress: Path) -> None:
    fresh_progress.write_bytes(b"\xef\xbb\xbf" + json.dumps({"00": ["ping"]}).encode())
    assert passed() == {"00": ["ping"]}
    record("01", "greeting")
    assert passed() == {"00": ["ping"], "01": ["greeting"]}


def test_entries_of_other_shapes_are_tolerated_and_kept(fresh_progress: Path) -> None:
    fresh_progress.write_text(json.dumps({"00": ["ping", 7], "01": "square", "02": {"a": 1}, "notes": {"a": 1}}))
    assert passed() == {"00": ["ping"], "01": ["square"]}  # a name written by hand counts
    record("00", "second")
    record("01", "greeting")
    record("02", "colors")
    data = json.loads(fresh_progress.read_text())
    assert data["notes"] == {"a": 1} and data["00"] == ["ping", 7, "second"]
    assert data["01"] == ["square", "greeting"]  # never overwritten
    assert data["02 (kept as it was)"] == {"a": 1} and data["02"] == ["colors"]


def test_passes_recorded_before_the_lessons_were_renumbered_count(
    fresh_progress: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh_progress.write_text(json.dumps({"07": ["paging"], "03": ["an_old_exercise"]}))
    course = progress()
    assert ("09", "paging", True) in course.rows  # `paging` is lesson 09's now
    assert course.summary().startswith("1 of ")
    assert "an_old_exercise (lesson 03)" in capsys.readouterr().err
    assert json.loads(fresh_progress.read_text())["07"] == ["paging"]  # the file is left as it was


def test_exercise_names_are_unique_so_renumbered_passes_find_their_lesson() -> None:
    names = [name for lesson in progress().rows for name in lesson[1:2]]
    assert len(names) == len(set(names))


def test_a_kernel_killed_while_recording_leaves_the_file_whole_and_no_tmp_after_the_next_pass(
    fresh_progress: Path,
) -> None:
    record("00", "ping")
    script = (
        "import os, signal\n"
        "from helpers.progress import record\n"
        "os.replace = lambda *args: os.kill(os.getpid(), signal.SIGKILL)  # killed mid-write\n"
        "record('01', 'greeting')\n"
    )
    killed = subprocess.run([sys.executable, "-c", script], env={**os.environ}, timeout=60)
    assert killed.returncode == -9
    assert passed() == {"00": ["ping"]}
    record("01", "square")
    assert passed() == {"00": ["ping"], "01": ["square"]}
    assert sorted(path.name for path in fresh_progress.parent.iterdir()) == ["progress.json", "progress.json.lock"]


def test_a_folder_at_the_path_is_one_clear_line_and_the_check_still_shows(
    fresh_progress: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh_progress.mkdir()
    with serve(ping_app("pong"), name="progress-test") as server:
        report = lesson00.ping(server)
        assert report.passed
        lesson00.ping(server)
    err = capsys.readouterr().err
    assert err == (
        f"Your progress cannot be saved ({fresh_progress} is a folder). Set FASTAPI_COURSE_PROGRESS "
        "to a file in a folder you can write to.\n"
    )
    assert passed() == {}
    assert progress().summary().startswith("0 of ")


def test_kernels_recording_at_once_lose_nothing(fresh_progress: Path) -> None:
    script = (
        "import sys\n"
        "from helpers.progress import record\n"
        "for number in range(15):\n"
        "    record(sys.argv[1], f'exercise{number}')\n"
    )
    kernels = [
        subprocess.Popen([sys.executable, "-c", script, f"{lesson:02}"], env={**os.environ})
        for lesson in range(4)
    ]
    assert [kernel.wait(120) for kernel in kernels] == [0] * 4
    assert passed() == {f"{lesson:02}": [f"exercise{n}" for n in range(15)] for lesson in range(4)}
