"""The checker framework: plain-words reports, and no traceback when an answer is unexpected."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from helpers import LiveServer, serve
from helpers.checks import Report, exercise


@pytest.fixture
def server() -> Iterator[LiveServer]:
    app = FastAPI()

    @app.get("/page", response_class=HTMLResponse)
    def page() -> str:
        return "<p>hello</p>"

    @app.get("/number")
    def number() -> int:
        return 7

    with serve(app, name="checks-test") as live:
        yield live


def check_number(server: LiveServer, expected: int) -> Report:
    with exercise("number", hint="Return the number 8.") as check:
        response = check.call(server, "GET", "/number")
        check.status(response, 200)
        check.json(response, expected)
    return check.report


def test_a_passing_check_lists_its_steps(server: LiveServer) -> None:
    report = check_number(server, 7)
    assert report.passed
    assert repr(report) == "✅ Exercise 'number': passed\n   ✅ GET /number answers 200\n   ✅ the body is 7"


def test_a_failing_check_stops_at_the_first_failure_and_gives_the_hint(server: LiveServer) -> None:
    report = check_number(server, 8)
    assert not report.passed
    assert repr(report).splitlines() == [
        "❌ Exercise 'number': not yet",
        "   ✅ GET /number answers 200",
        "   ❌ the body is 7, expected 8",
        "   Hint: Return the number 8.",
    ]


def test_a_missing_route_gets_advice(server: LiveServer) -> None:
    with exercise("missing", hint="Define it.") as check:
        check.status(check.call(server, "GET", "/nowhere"), 200)
    assert "answers 404, expected 200. Is the path in your decorator spelled" in repr(check.report)


def test_a_stopped_server_is_reported_not_raised(server: LiveServer) -> None:
    server.stop()
    report = check_number(server, 7)
    assert not report.passed
    assert "the server did not answer" in repr(report)
    assert "Run the set-up cell" in repr(report)


def test_an_unreadable_answer_is_reported_not_raised(server: LiveServer) -> None:
    with exercise("page", hint="Answer JSON.") as check:
        check.call(server, "GET", "/page").json()["key"]  # a checker that assumes JSON
    assert not check.report.passed
    assert "the check could not go on: NotJSON: GET /page answered 200 with a body that is not JSON" in repr(check.report)


def test_a_check_with_no_steps_has_not_passed() -> None:
    assert not Report("empty", hint="").passed
