"""The checker framework: plain-words reports, and no traceback when an answer is unexpected."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

import helpers.logs
from helpers import LiveServer, serve
from helpers.checks import (
    Report,
    errors_logged,
    exercise,
    json_difference,
    learner_namespace,
    log_mark,
    number,
    same_json,
)


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


def test_python_equality_cannot_tell_json_types_apart() -> None:
    assert {"ordered": 1} == {"ordered": True} and {"number": 7.0} == {"number": 7}


@pytest.mark.parametrize(
    ("got", "expected", "note"),
    [
        ({"ordered": 1}, {"ordered": True}, ' (at ["ordered"], 1 is a whole number where a boolean is expected)'),
        ({"number": 7.0}, {"number": 7}, ' (at ["number"], 7.0 is a decimal number where a whole number is expected)'),
        ([1, "2"], [1, 2], ' (at [1], "2" is text where a whole number is expected)'),
        ({"hex": None}, {"hex": "#ff0000"}, ""),
        ({"n": "7"}, {"n": 7}, ' (at ["n"], "7" is text where a whole number is expected)'),
        ({"n": 7}, {"n": "7"}, ' (at ["n"], 7 is a whole number where text is expected)'),
        ("true", True, ' ("true" is text where a boolean is expected)'),
        ("6.0", number(6), ' ("6.0" is text where a number is expected)'),
        ("x", 1, ""),
        (True, number(1), " (true is a boolean where a number is expected)"),
        ({"a": 1}, {"a": 2}, ""),
        ({"a": 1}, {"a": 1, "b": 2}, ""),
        ([1], [1, 1], ""),
    ],
)
def test_json_is_compared_with_its_types(got: object, expected: object, note: str) -> None:
    assert not same_json(got, expected)
    assert json_difference(got, expected) == note


@pytest.mark.parametrize(
    ("got", "expected"),
    [({"a": [1, 2.5, "x", None, True]}, {"a": [1, 2.5, "x", None, True]}), (6.0, number(6)), (6, number(6)), ({}, {})],
)
def test_equal_json_is_the_same(got: object, expected: object) -> None:
    assert same_json(got, expected)


def test_a_type_difference_is_explained_in_the_report(server: LiveServer) -> None:
    report = check_number(server, 7.0)  # type: ignore[arg-type]
    assert "   ❌ the body is 7, expected 7.0 (7 is a whole number where a decimal number is expected)" in repr(report)


def test_a_redirect_gets_advice_about_the_trailing_slash(server: LiveServer) -> None:
    with exercise("slash", hint="") as check:
        check.status(check.call(server, "GET", "/number/"), 200)
    assert "answers 307, expected 200. The server redirects to /number: the path in your decorator" in repr(check.report)


def test_errors_logged_names_each_exception(server: LiveServer) -> None:
    @server.app.get("/crash")
    def crash() -> None:
        raise KeyError("pears")

    mark = log_mark(server)
    assert errors_logged(server, mark) == []
    server.client.get("/crash")
    server.client.get("/number")
    server.client.get("/crash")
    assert errors_logged(server, mark) == ["KeyError: 'pears'", "KeyError: 'pears'"]
    assert errors_logged(server, log_mark(server)) == []


def test_learner_namespace_is_where_the_route_was_defined(server: LiveServer) -> None:
    assert learner_namespace(server, "/number")["check_number"] is check_number
    assert learner_namespace(server, "/number", "POST") == {}
    assert learner_namespace(server, "/nowhere") == {}


def test_a_500_names_the_error_the_server_logged(server: LiveServer) -> None:
    @server.app.get("/average")
    def average() -> float:
        return sum([]) / len([])

    with exercise("average", hint="", server=server) as check:
        check.status(check.call(server, "GET", "/average"), 200)
    assert (
        "answers 500, expected 200. Your code raised ZeroDivisionError: division by zero: "
        "`server.logs()` shows the traceback."
    ) in repr(check.report)


def test_errors_logged_finds_new_errors_when_the_log_is_full(monkeypatch: pytest.MonkeyPatch) -> None:
    # The log keeps the newest entries only: a mark must count entries, not characters, or a
    # full log (whose text no longer grows) hides the errors logged after the mark.
    monkeypatch.setattr(helpers.logs, "MAX_ENTRIES", 5)
    app = FastAPI()

    @app.get("/crash/{fruit}")
    def crash(fruit: str) -> None:
        raise KeyError(fruit)

    @app.get("/fine")
    def fine() -> None:
        return None

    with serve(app, name="full-log") as full:
        for _ in range(10):
            full.client.get("/fine")
        mark = log_mark(full)
        full.client.get("/crash/pears")
        assert errors_logged(full, mark) == ["KeyError: 'pears'"]
        for _ in range(10):
            full.client.get("/fine")
        assert errors_logged(full, log_mark(full)) == []
