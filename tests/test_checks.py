"""The checker framework: plain-words reports, and no traceback when an answer is unexpected."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

import helpers.logs
from helpers import LiveServer, serve
import helpers.checks
from helpers.checks import (
    Report,
    errors_logged,
    exercise,
    hint,
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
    with exercise("number", nudge="The route answers a number.", hint="Return the number 8.") as check:
        response = check.call(server, "GET", "/number")
        check.status(response, 200)
        check.json(response, expected)
    return check.report


def test_a_passing_check_lists_its_steps(server: LiveServer) -> None:
    report = check_number(server, 7)
    assert report.passed
    assert repr(report) == "✅ Exercise 'number': passed\n   ✅ GET /number answers 200\n   ✅ the body is 7"


@pytest.fixture(autouse=True)
def fresh_hint_ladder(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a new kernel does: no hint asked for, no failure seen."""
    monkeypatch.setattr(helpers.checks, "_HINTS", {})
    monkeypatch.setattr(helpers.checks, "_ASKED", set())
    monkeypatch.setattr(helpers.checks, "_LAST_FAILURE", {})


def test_a_failing_check_stops_at_the_first_failure_and_gives_a_nudge(server: LiveServer) -> None:
    report = check_number(server, 8)
    assert not report.passed
    assert repr(report).splitlines() == [
        "❌ Exercise 'number': not yet",
        "   ✅ GET /number answers 200",
        "   ❌ the body is 7, expected 8",
        "   Nudge: The route answers a number.",
        '   Still stuck? check.hint("number") shows a code-level hint.',
    ]


def test_the_same_failure_twice_climbs_to_the_code_level_hint(server: LiveServer) -> None:
    check_number(server, 8)
    again = repr(check_number(server, 8)).splitlines()
    assert again[-2:] == ["   Nudge: The route answers a number.", "   Hint: Return the number 8."]
    other = repr(check_number(server, 9)).splitlines()  # a new failure starts at the nudge again
    assert other[-1].startswith("   Still stuck?")
    assert check_number(server, 7).passed
    assert repr(check_number(server, 8)).splitlines()[-1].startswith("   Still stuck?"), "a pass resets the ladder"


def test_asking_for_the_hint_shows_it_and_keeps_it_shown(server: LiveServer) -> None:
    with pytest.raises(KeyError, match="no exercise 'number' has been checked in this kernel.*Run its check cell") as asked:
        hint("number")
    assert asked.value._render_traceback_()[0].startswith("UnknownExercise: no exercise 'number'"), "one line, no quotes"
    check_number(server, 8)
    assert repr(hint("number")) == "Hint for 'number': Return the number 8."
    assert repr(check_number(server, 9)).splitlines()[-1] == "   Hint: Return the number 8."
    assert "'number'" in str(pytest.raises(KeyError, hint, "numbr").value)


PREDICTED = {"GET /number": 200, "GET /nowhere": 404, "POST /number": 405}
REQUESTS: dict[str, dict[str, object]] = {label: {} for label in PREDICTED}


def predict(server: LiveServer, predicted: object) -> Report:
    with exercise("predict", server, nudge="Think about the path, then the method.", hint="") as check:
        check.predictions(server, predicted, REQUESTS)
    return check.report


def test_right_predictions_pass_in_any_spelling_of_a_status_code(server: LiveServer) -> None:
    from fastapi import status

    assert predict(server, PREDICTED).passed
    assert predict(server, {**PREDICTED, "GET /number": "200", "POST /number": status.HTTP_405_METHOD_NOT_ALLOWED}).passed


def test_every_request_is_sent_and_shown_before_a_wrong_prediction_fails(server: LiveServer) -> None:
    report = predict(server, {**PREDICTED, "GET /nowhere": 200})
    assert not report.passed
    assert [text for _, text in report.steps] == [
        "GET /number: you predicted 200, it answers 200",
        "GET /nowhere: you predicted 200, it answers 404",
        "POST /number: you predicted 405, it answers 405",
        "1 of 3 predictions were off: read the real answers above",
    ]


@pytest.mark.parametrize(("predicted", "shown"), [
    ({**PREDICTED, "GET /nowhere": ...}, "write down your prediction for GET /nowhere first (replace the ...)"),
    ({"GET /number": 200}, "no prediction for GET /nowhere, POST /number"),
    ([200, 404, 405], "your predictions are a list; keep the dict"),
    ({**PREDICTED, "GET /number": True}, "you predicted true, it answers 200"),
])
def test_unwritten_or_misshapen_predictions_are_named(server: LiveServer, predicted: object, shown: str) -> None:
    report = predict(server, predicted)
    assert not report.passed and shown in repr(report), repr(report)


def test_a_missing_route_gets_advice(server: LiveServer) -> None:
    with exercise("missing", nudge="", hint="Define it.") as check:
        check.status(check.call(server, "GET", "/nowhere"), 200)
    assert "answers 404, expected 200. Is the path in your decorator spelled" in repr(check.report)


def test_a_stopped_server_is_reported_not_raised(server: LiveServer) -> None:
    server.stop()
    report = check_number(server, 7)
    assert not report.passed
    assert "the server did not answer" in repr(report)
    assert "Run the set-up cell" in repr(report)


def test_an_unreadable_answer_is_reported_not_raised(server: LiveServer) -> None:
    with exercise("page", nudge="", hint="Answer JSON.") as check:
        check.call(server, "GET", "/page").json()["key"]  # a checker that assumes JSON
    assert not check.report.passed
    assert "the check could not go on: NotJSON: GET /page answered 200 with a body that is not JSON" in repr(check.report)


def test_a_check_with_no_steps_has_not_passed() -> None:
    assert not Report("empty", nudge="", hint="").passed


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
    with exercise("slash", nudge="", hint="") as check:
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

    with exercise("average", server, nudge="", hint="") as check:
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


def test_a_404_from_the_learners_own_route_is_not_called_a_missing_route(server: LiveServer) -> None:
    from fastapi import HTTPException

    @server.app.get("/pages/{number}")
    def read_page(number: int) -> dict[str, int]:
        if not 1 <= number <= 500:
            raise HTTPException(404)
        return {"page": number}

    with exercise("pages", server, nudge="", hint="") as check:
        check.status(check.call(server, "GET", "/pages/0"), 422)
    assert "answers 404, expected 422. Your route ran and answered 404 itself" in repr(check.report)
    with exercise("pages", server, nudge="", hint="") as check:
        check.status(check.call(server, "GET", "/page/0"), 200)
    assert "Is the path in your decorator spelled" in repr(check.report)


def test_predictions_of_several_bodies_to_one_path_name_their_own_labels(server: LiveServer) -> None:
    requests = {"seven": {"method": "GET", "path": "/number"}, "nothing": {"method": "GET", "path": "/nowhere"}}
    with exercise("bodies", server, nudge="", hint="") as check:
        check.predictions(server, {"seven": 200, "nothing": 404}, requests)
    assert check.report.passed, repr(check.report)
    assert [text for _, text in check.report.steps] == [
        "seven: you predicted 200, it answers 200", "nothing: you predicted 404, it answers 404"]


def test_a_500_the_learners_code_built_itself_is_named_as_such(server: LiveServer) -> None:
    from fastapi.responses import JSONResponse

    @server.app.get("/built")
    def built() -> JSONResponse:
        return JSONResponse({"detail": "out of stock"}, status_code=500)

    with exercise("built", server, nudge="", hint="") as check:
        check.status(check.call(server, "GET", "/built"), 409)
    assert repr(check.report).splitlines()[1] == (
        "   ❌ GET /built answers 500, expected 409. No exception was logged: your code (a handler, a "
        "`JSONResponse`) answered this itself."
    )
    with exercise("number", server, nudge="", hint="") as check:
        check.status(check.call(server, "GET", "/number"), 201)
    assert repr(check.report).splitlines()[1] == "   ❌ GET /number answers 200, expected 201.", "no trailing space"


def test_a_stream_that_breaks_off_is_named_with_the_error_in_its_exception_group(server: LiveServer) -> None:
    from fastapi.sse import EventSourceResponse, ServerSentEvent

    @server.app.get("/countdown", response_class=EventSourceResponse)
    async def countdown():  # type: ignore[no-untyped-def]
        yield ServerSentEvent(data="3", id=3)  # type: ignore[arg-type]  # an id must be text

    mark = log_mark(server)
    with exercise("countdown", server, nudge="", hint="") as check:
        check.call(server, "GET", "/countdown")
    assert errors_logged(server, mark)[-1].startswith("ValidationError: 1 validation error for ServerSentEvent")
    assert repr(check.report).splitlines()[1] == (
        "   ❌ GET /countdown: the answer broke off half-way, because your code raised ValidationError: 1 "
        "validation error for ServerSentEvent (`server.logs()` shows the traceback)."
    )


def test_a_redirect_elsewhere_is_not_blamed_on_a_trailing_slash(server: LiveServer) -> None:
    from fastapi.responses import RedirectResponse

    @server.app.get("/old")
    def old() -> RedirectResponse:
        return RedirectResponse("/new")

    with exercise("moved", server, nudge="", hint="") as check:
        check.status(check.call(server, "GET", "/old"), 200)
    assert repr(check.report).splitlines()[1] == "   ❌ GET /old answers 307, expected 200. The server redirects to /new."


def test_a_path_without_its_leading_slash_is_named(server: LiveServer) -> None:
    @server.app.get("ping")
    def ping() -> dict[str, str]:
        return {"ping": "pong"}

    with exercise("ping", server, nudge="", hint="") as check:
        check.status(check.call(server, "GET", "/ping"), 200)
    assert "answers 404, expected 200. The path 'ping' in your decorator does not start with '/': write '/ping'." in repr(check.report)


def test_a_path_parameter_spelt_two_ways_is_explained(server: LiveServer) -> None:
    @server.app.get("/square/{num}")
    def square(number: int) -> dict[str, int]:
        return {"square": number * number}

    with exercise("square", server, nudge="", hint="") as check:
        check.status(check.call(server, "GET", "/square/3"), 200)
    assert "FastAPI looked for 'number' in the query string: a parameter is read from the path only when" in repr(check.report)


def test_routes_of_an_included_router_are_found_with_their_prefix(server: LiveServer) -> None:
    from fastapi import APIRouter, HTTPException

    router = APIRouter(prefix="/items")

    @router.get("/{item_id}")
    def read_item(item_id: int) -> dict[str, int]:
        raise HTTPException(404)

    server.app.include_router(router)
    assert learner_namespace(server, "/items/{item_id}")["check_number"] is check_number
    with exercise("items", server, nudge="", hint="") as check:
        check.status(check.call(server, "GET", "/items/3"), 200)
    assert "Your route ran and answered 404 itself" in repr(check.report)


def test_a_number_as_a_header_value_is_explained(server: LiveServer) -> None:
    from fastapi.responses import JSONResponse

    @server.app.get("/books/{book_id}")
    def read_book(book_id: int) -> JSONResponse:
        return JSONResponse({"id": book_id}, headers={"X-Book-Id": book_id})  # type: ignore[dict-item]

    with exercise("books", server, nudge="", hint="") as check:
        check.status(check.call(server, "GET", "/books/7"), 200)
    assert "'int' object has no attribute 'encode' (a header's value must be text: write str(...))" in repr(check.report)


# --- issue 19: checks that passed on nothing, nudges that fit, one way to write a checker ---


def test_a_mark_in_the_sql_log_survives_show_and_take(capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy import create_engine, text

    from helpers.sql_log import SQLLog

    engine = create_engine("sqlite://")
    sql = SQLLog(engine)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            mark = sql.mark()  # the checker's mark, then the learner's route shows the log
            connection.execute(text("SELECT 2"))
            sql.show()
            connection.execute(text("SELECT 3"))
            assert sql.take() == ["SELECT 3"]
            assert sql.since(mark) == ["SELECT 2", "SELECT 3"]
            with sql.hidden():
                connection.execute(text("SELECT 4"))
            assert sql.since(mark) == ["SELECT 2", "SELECT 3"] and sql.take() == []
        assert capsys.readouterr().out == "SELECT 1\nSELECT 2\n"
    finally:
        sql.close()
        engine.dispose()


def test_an_exception_is_recorded_by_its_type_and_message_not_read_back_from_the_traceback(server: LiveServer) -> None:
    class Misleading(Exception):
        pass

    @server.app.get("/misleading")
    def misleading() -> None:
        try:
            raise KeyError("first")
        except KeyError:  # a chained exception whose message looks like a traceback's last line
            raise Misleading("two lines\n  indented\nValueError: not this one") from None

    mark = log_mark(server)
    server.client.get("/misleading")
    assert errors_logged(server, mark) == ["Misleading: two lines"]


@pytest.fixture
def rich_server() -> Iterator[LiveServer]:
    app = FastAPI()

    class IntegrityError(Exception):  # sqlalchemy.exc.IntegrityError, as the log names it
        pass

    async def total() -> int:
        return 3

    @app.get("/typed")
    def typed() -> dict[str, str]:
        return {"text": "a" + 1}  # type: ignore[operator]

    @app.get("/saved")
    def saved() -> None:
        raise IntegrityError("UNIQUE constraint failed: users.email")

    @app.get("/total")
    def not_awaited() -> dict[str, object]:
        return {"total": total()}  # a coroutine, not its value

    @app.get("/search")
    def search(q: str) -> dict[str, str]:
        return {"q": q}

    @app.get("/user")
    def user() -> dict[str, object]:
        return {"name": "ada", "id": 1, "tags": [{"b": 2, "a": 1}]}

    with serve(app, name="checks-nudges") as live:
        yield live


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the coroutine never awaited
@pytest.mark.filterwarnings("ignore:coroutine:RuntimeWarning")
@pytest.mark.parametrize(("path", "nudge"), [
    ("/typed", "Nudge: Your code raised TypeError: can only concatenate str (not \"int\") to str: a value of the wrong type reached"),
    ("/saved", "Nudge: The database refused a row (an IntegrityError"),
    ("/total", "Nudge: A coroutine came back where a value was expected"),
    ("/search", "Nudge: FastAPI answered 422 because the query parameter 'q' is missing, and this request leaves it out"),
])
def test_the_nudge_fits_the_failure(rich_server: LiveServer, path: str, nudge: str) -> None:
    with exercise("fitting", rich_server, nudge="The exercise's general nudge.", hint="") as check:
        check.status(check.call(rich_server, "GET", path), 200)
    shown = repr(check.report)
    assert nudge in shown and "general nudge" not in shown, shown


def test_a_failure_with_no_known_cause_keeps_the_exercises_nudge(rich_server: LiveServer) -> None:
    with exercise("plain", rich_server, nudge="The exercise's general nudge.", hint="") as check:
        check.status(check.call(rich_server, "GET", "/typed"), 500)  # an earlier step saw the TypeError
        check.json(check.call(rich_server, "GET", "/user"), {"name": "grace"})
    assert "Nudge: The exercise's general nudge." in repr(check.report)


def test_a_difference_shows_both_sides_in_the_same_key_order(rich_server: LiveServer) -> None:
    with exercise("order", rich_server, nudge="", hint="") as check:
        check.json(check.get("/user"), {"id": 2, "name": "ada", "tags": [{"a": 1, "b": 2}]})
    assert ('the body is {"id": 1, "name": "ada", "tags": [{"a": 1, "b": 2}]}, '
            'expected {"id": 2, "name": "ada", "tags": [{"a": 1, "b": 2}]}') in repr(check.report)


def test_a_prediction_check_first_proves_the_lessons_routes_are_there() -> None:
    app = FastAPI()  # a kernel restarted, the set-up cell run: none of the lesson's routes
    with serve(app, name="checks-restarted") as bare:
        everything_404 = {label: 404 for label in PREDICTED}
        report = predict(bare, everything_404)
    assert not report.passed
    assert "none of these requests reaches a route of your app: run the lesson's cells above first" in repr(report)
    assert len(report.steps) == 1, "nothing was sent, no prediction judged"


def test_a_mount_counts_as_a_route_for_predictions(tmp_path: object) -> None:
    from pathlib import Path

    from fastapi.staticfiles import StaticFiles

    folder = Path(str(tmp_path))
    (folder / "a.txt").write_text("a")
    app = FastAPI()
    app.mount("/static", StaticFiles(directory=folder), name="static")
    with serve(app, name="checks-mount") as live:
        with exercise("mounts", live, nudge="", hint="") as check:
            check.predictions({"GET /static/a.txt": 200, "GET /static/b.txt": 404},
                              {"GET /static/a.txt": {}, "GET /static/b.txt": {}})
    assert check.report.passed, repr(check.report)


def test_the_checker_api(server: LiveServer, monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    """The one way to write a checker: `@checker(nudge=, hint=)` on `def name(check, *answers)`."""
    import sys

    from helpers.checks import Check
    from helpers.progress import checker

    progress_module = sys.modules["helpers.progress"]  # `helpers.progress` is also a function
    monkeypatch.setattr(progress_module, "EXERCISES", {})
    monkeypatch.setenv("FASTAPI_COURSE_PROGRESS", f"{tmp_path}/progress.json")

    @checker(nudge="The route answers a number.", hint="Return 7.")
    def number_route(check: Check, predicted: object = None) -> None:
        """GET /number answers 7."""
        response = check.get("/number")
        check.status(response, 200, why="is the route defined, and did its cell run?")
        check.require(response.headers["content-type"] == "application/json", "the answer is not JSON")
        check.json(response, 7)
        check.status(check.post("/number"), 405)
        check.note("only GET is allowed")
        if predicted is not None:
            check.predictions(predicted, {"GET /number": {}})

    assert number_route.__name__ == "number_route" and number_route.__doc__ == "GET /number answers 7."
    assert progress_module.EXERCISES == {"test_checks": ["number_route"]}
    report = number_route(server)
    assert repr(report) == (
        "✅ Exercise 'number_route': passed\n   ✅ GET /number answers 200\n   ✅ the body is 7\n"
        "   ✅ POST /number answers 405\n   ✅ only GET is allowed"
    )
    assert progress_module.passed() == {"test_checks": ["number_route"]}
    report = number_route(server, {"GET /number": 404})
    assert not report.passed and "GET /number: you predicted 404, it answers 200" in repr(report)

    server.app.router.routes[:] = [route for route in server.app.router.routes if getattr(route, "path", "") != "/number"]
    report = number_route(server)
    assert "GET /number answers 404, expected 200: is the route defined, and did its cell run?" in repr(report)
    assert "Nudge: The route answers a number." in repr(report)


LEARNER_TESTS = '''
import time

import pytest


@pytest.fixture
def user():
    return "ada"


def owner(name):  # a helper function of the learner's own
    return name.upper()


@pytest.mark.parametrize(("method", "body"), [("PATCH", {"title": None}), ("PUT", {})])
def test_edit(method, body, user):
    assert method == "PUT"


class TestOwnership:
    def test_list(self, user):
        assert owner(user) == "ADA"

    def test_other(self):
        assert False, "grace sees ada's to-do"
'''


def _project(tmp: object, tests: str) -> object:
    from pathlib import Path

    root = Path(str(tmp)) / "project"
    (root / "todo" / "routers").mkdir(parents=True)
    (root / "todo" / "routers" / "todos.py").write_text("")
    (root / "tests").mkdir()
    (root / "tests" / "test_todos.py").write_text(tests)
    return root


def test_the_learners_tests_are_named_as_pytest_names_them(tmp_path: object) -> None:
    from helpers.broken_services import run_tests

    runs = run_tests(_project(tmp_path, LEARNER_TESTS), "todo", ["yours"])
    assert runs["yours"].failed == ["test_edit[PATCH-body0]", "TestOwnership::test_other"]
    assert runs["yours"].summary == "2 failed, 2 passed"
    assert "grace sees ada's to-do" in runs["yours"].explain()


def test_one_timeout_bounds_the_whole_run_of_the_services(tmp_path: object) -> None:
    import time

    from helpers.broken_services import run_tests

    hanging = "import time\n\ndef test_waits_forever():\n    time.sleep(60)\n"
    started = time.monotonic()
    runs = run_tests(_project(tmp_path, hanging), "todo", ["correct", "everyone", "anyone_edits", "yours"], timeout=4)
    assert time.monotonic() - started < 12, "each service had a timeout of its own"
    assert all("did not finish within 4 s" in run.problem for run in runs.values())


def test_an_exercise_about_the_error_keeps_its_own_nudge(rich_server: LiveServer) -> None:
    nudge = "The email column is UNIQUE: turn the database's refusal into a 409."
    with exercise("about_it", rich_server, nudge=nudge, hint="") as check:
        check.status(check.get("/saved"), 409)
    assert f"Nudge: {nudge}" in repr(check.report)


def test_a_body_read_by_mistake_gets_no_default_nudge(rich_server: LiveServer) -> None:
    @rich_server.app.get("/paged")
    def paged(page: dict[str, int]) -> dict[str, int]:  # a body, where a dependency was meant
        return page

    with exercise("paged", rich_server, nudge="The exercise's general nudge.", hint="") as check:
        check.status(check.get("/paged"), 200)
    assert "Nudge: The exercise's general nudge." in repr(check.report)
