"""The room dashboard (workshop/room/app.py) on its own: TestClient, and a stand-in hub that
knows three tokens. Fast; tests/test_room.py runs it behind a real JupyterHub."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from helpers.processes import free_port

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "workshop" / "room"))
import app as room_app  # noqa: E402

PREFIX = "/services/room/"
USERS = {
    "ada-token": {"kind": "user", "name": "ada", "scopes": ["read:users:name!user=ada"]},
    "bob-token": {"kind": "user", "name": "bob", "scopes": []},
    "teacher-token": {"kind": "user", "name": "teacher", "scopes": ["access:services!service=room"]},
    "service-token": {"kind": "service", "name": "other", "scopes": []},
}
REPORT = {"exercise": "greeting", "lesson": "01", "passed": False, "failed_step": "GET /greet/Ada is 404", "hint_asked": False}


def stand_in_hub(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/hub/api/user":
        token = request.headers.get("authorization", "").removeprefix("token ")
        return httpx.Response(200, json=USERS[token]) if token in USERS else httpx.Response(403)
    if request.url.path == "/hub/api/oauth2/token":
        code = dict(httpx.QueryParams(request.content.decode()))["code"]
        return httpx.Response(200, json={"access_token": f"{code}-token"})
    return httpx.Response(404)


def make_client(database: str) -> TestClient:
    hub = room_app.Hub("http://hub.test/hub/api", "service-secret", "service-room", "http://room.test/services/room/oauth_callback",
                       http=httpx.AsyncClient(transport=httpx.MockTransport(stand_in_hub)))  # fmt: skip
    return TestClient(room_app.create_app(hub, database, PREFIX), base_url="http://room.test")


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'room.sqlite'}"


@pytest.fixture
def client(database: str) -> Iterator[TestClient]:
    with make_client(database) as client:
        yield client


def post(client: TestClient, token: str | None, body: object = REPORT, **kwargs: object) -> httpx.Response:
    headers = {"Authorization": f"token {token}"} if token else {}
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post(PREFIX + "api/checks", content=content, headers={**headers, "content-type": "application/json"}, **kwargs)


def grid(client: TestClient) -> list[dict]:
    client.cookies.set("room-token", "teacher-token")
    try:
        answer = client.get(PREFIX + "api/grid")
        assert answer.status_code == 200, answer.text
        return answer.json()
    finally:
        client.cookies.clear()


def test_a_report_lands_in_the_grid_under_the_tokens_owner(client: TestClient) -> None:
    assert post(client, "ada-token").status_code == 204
    assert post(client, "ada-token", {**REPORT, "learner": "bob"}).status_code == 422  # no naming someone else
    [cell] = grid(client)
    assert cell == {"learner": "ada", "exercise": "greeting", "lesson": "01", "passed": False, "checks": 1,
                    "failed_step": "GET /greet/Ada is 404", "stuck": False}  # fmt: skip


def test_stuck_when_a_step_fails_twice_or_a_hint_is_asked_and_passed_stays_passed(client: TestClient) -> None:
    post(client, "ada-token")
    post(client, "ada-token")
    post(client, "bob-token", {**REPORT, "hint_asked": True})
    cells = {cell["learner"]: cell for cell in grid(client)}
    assert cells["ada"]["stuck"] and cells["bob"]["stuck"]
    post(client, "ada-token", {**REPORT, "passed": True, "failed_step": None})
    post(client, "ada-token", {**REPORT, "failed_step": "another step"})  # a later failing re-run
    cells = {cell["learner"]: cell for cell in grid(client)}
    assert cells["ada"]["passed"] and not cells["ada"]["stuck"]


def test_another_step_failing_is_not_stuck(client: TestClient) -> None:
    post(client, "ada-token")
    post(client, "ada-token", {**REPORT, "failed_step": "the body is wrong"})
    assert not grid(client)[0]["stuck"]


@pytest.mark.parametrize("token", [None, "not-a-token", "service-token"])
def test_reports_without_a_learners_token_are_refused(client: TestClient, token: str | None) -> None:
    assert post(client, token).status_code in (401, 403)
    assert grid(client) == []


@pytest.mark.parametrize(
    "body",
    [
        b"", b"not json", b"[]", b"null", b'{"exercise": 1e999}', b"\xff\xfe",
        {**REPORT, "passed": "maybe"}, {**REPORT, "lesson": "../../etc"}, {**REPORT, "exercise": "<script>"},
        {**REPORT, "exercise": "x" * 101}, {**REPORT, "failed_step": "x" * 501}, {**REPORT, "extra": 1},
        {k: v for k, v in REPORT.items() if k != "exercise"}, {**REPORT, "hint_asked": float("nan")},
    ],
)  # fmt: skip
def test_bad_reports_get_a_4xx(client: TestClient, body: object) -> None:
    if isinstance(body, dict) and body.get("hint_asked") != body.get("hint_asked"):
        body = json.dumps(body).encode()  # NaN, as Python writes it
    answer = post(client, "ada-token", body)
    assert 400 <= answer.status_code < 500, answer.text
    assert grid(client) == []


def test_an_oversized_report_gets_413_whatever_its_headers_say(client: TestClient) -> None:
    big = json.dumps({**REPORT, "failed_step": "x" * 100_000}).encode()
    assert post(client, "ada-token", big).status_code == 413
    chunks = iter([big[:1000], big[1000:]])  # no content-length: read in chunks, stopped early
    answer = client.post(PREFIX + "api/checks", content=chunks, headers={"Authorization": "token ada-token"})
    assert answer.status_code == 413


def test_a_flood_is_rate_limited_per_learner(client: TestClient) -> None:
    answers = [post(client, "ada-token").status_code for _ in range(room_app.BURST + 10)]
    assert answers.count(204) >= room_app.BURST and 429 in answers
    assert post(client, "bob-token").status_code == 204  # another learner is not held back
    assert {cell["learner"]: cell["checks"] for cell in grid(client)}["ada"] == answers.count(204)


def test_results_survive_a_restart(database: str) -> None:
    with make_client(database) as client:
        post(client, "ada-token", {**REPORT, "passed": True, "failed_step": None})
    with make_client(database) as client:
        [cell] = grid(client)
        assert cell["learner"] == "ada" and cell["passed"]


def test_the_page_sends_a_browser_to_the_hubs_login_and_back(client: TestClient) -> None:
    answer = client.get(PREFIX, follow_redirects=False)
    assert answer.status_code == 302
    location = httpx.URL(answer.headers["location"])
    assert location.path == "/hub/api/oauth2/authorize" and location.params["client_id"] == "service-room"
    state = location.params["state"]
    forged = client.get(PREFIX + "oauth_callback", params={"code": "teacher", "state": "forged"}, follow_redirects=False)
    assert forged.status_code == 400
    back = client.get(PREFIX + "oauth_callback", params={"code": "teacher", "state": state}, follow_redirects=False)
    assert back.status_code == 302 and back.headers["location"] == PREFIX
    page = client.get(PREFIX)
    assert page.status_code == 200 and "Logged in as teacher" in page.text


def test_a_learner_gets_403_on_the_page(client: TestClient) -> None:
    client.cookies.set("room-token", "ada-token")
    assert client.get(PREFIX).status_code == 403
    assert client.get(PREFIX + "api/grid").status_code == 403
    assert client.get(PREFIX + "api/events").status_code == 403


def test_a_report_reaches_an_open_page_as_a_server_sent_event(database: str) -> None:
    """Over a real socket (uvicorn): the page's EventSource gets each changed cell as JSON."""
    hub = room_app.Hub("http://hub.test/hub/api", "service-secret", "service-room", "http://room.test/cb",
                       http=httpx.AsyncClient(transport=httpx.MockTransport(stand_in_hub)))  # fmt: skip
    server = uvicorn.Server(uvicorn.Config(room_app.create_app(hub, database, PREFIX), port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.config.port}{PREFIX}"
    try:
        while not server.started:
            time.sleep(0.05)
        with httpx.stream("GET", url + "api/events", cookies={"room-token": "teacher-token"}, timeout=10, trust_env=False) as events:
            assert events.headers["content-type"].startswith("text/event-stream")
            headers = {"Authorization": "token ada-token"}
            assert httpx.post(url + "api/checks", json=REPORT, headers=headers, trust_env=False).status_code == 204
            lines = events.iter_lines()
            assert next(lines) == "event: cell"
            data = next(lines)
        cell = json.loads(data.removeprefix("data: "))
        assert (cell["learner"], cell["exercise"], cell["checks"], cell["stuck"]) == ("ada", "greeting", 1, False)
    finally:
        server.should_exit = True
        thread.join(10)


def test_when_the_hub_is_gone_a_report_gets_503_not_500(database: str) -> None:
    def gone(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    hub = room_app.Hub("http://hub.test/hub/api", "s", "c", "http://room.test/cb", http=httpx.AsyncClient(transport=httpx.MockTransport(gone)))
    with TestClient(room_app.create_app(hub, database, PREFIX), base_url="http://room.test") as client:
        assert post(client, "ada-token").status_code == 503


@pytest.mark.parametrize("token", ["caf\xe9", "a\x7fb", "\xff" * 40])
def test_a_token_that_is_not_printable_ascii_gets_a_4xx_not_500(database: str, token: str) -> None:
    """A header or a cookie carries Latin-1: such a token is nobody's, and the hub is not asked."""
    asked: list[str] = []

    def hub(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        return stand_in_hub(request)

    room_hub = room_app.Hub("http://hub.test/hub/api", "s", "c", "http://room.test/cb", http=httpx.AsyncClient(transport=httpx.MockTransport(hub)))
    app = room_app.create_app(room_hub, database, PREFIX)
    with TestClient(app, base_url="http://room.test", raise_server_exceptions=False) as client:
        header = [(b"authorization", f"token {token}".encode("latin-1")), (b"content-type", b"application/json")]
        assert client.post(PREFIX + "api/checks", content=json.dumps(REPORT).encode(), headers=header).status_code in (401, 403)
        cookie = [(b"cookie", f"room-token={token}".encode("latin-1"))]
        for path in ("", "api/grid", "api/events"):
            answer = client.get(PREFIX + path, headers=cookie, follow_redirects=False)
            assert answer.status_code in (302, 401, 403), (path, answer.status_code)
    assert asked == []


def test_a_hub_that_answers_neither_yes_nor_no_is_asked_again(database: str) -> None:
    """Only the hub's 401/403/404 say a token is bad; a 429 or another status means "later":
    the learner's report gets 503 and the next one asks the hub again (no bad token cached)."""
    answers = iter([httpx.Response(429), httpx.Response(200, text="<html>a proxy's page</html>")])

    def busy_then_right(request: httpx.Request) -> httpx.Response:
        return next(answers, None) or stand_in_hub(request)

    room_hub = room_app.Hub("http://hub.test/hub/api", "s", "c", "http://room.test/cb",
                            http=httpx.AsyncClient(transport=httpx.MockTransport(busy_then_right)))  # fmt: skip
    with TestClient(room_app.create_app(room_hub, database, PREFIX), base_url="http://room.test", raise_server_exceptions=False) as client:
        assert post(client, "ada-token").status_code == 503
        assert post(client, "ada-token").status_code == 503
        assert post(client, "ada-token").status_code == 204


@pytest.mark.parametrize("token_answer", [httpx.Response(200, text="not json"), httpx.Response(200, json=["a list"]), None])
def test_a_login_the_hub_cannot_finish_gets_a_4xx_or_503_not_500(database: str, token_answer: httpx.Response | None) -> None:
    def hub(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/hub/api/oauth2/token":
            if token_answer is None:
                raise httpx.ConnectError("the hub is gone", request=request)
            return token_answer
        return stand_in_hub(request)

    room_hub = room_app.Hub("http://hub.test/hub/api", "s", "c", "http://room.test/cb", http=httpx.AsyncClient(transport=httpx.MockTransport(hub)))
    with TestClient(room_app.create_app(room_hub, database, PREFIX), base_url="http://room.test", raise_server_exceptions=False) as client:
        client.cookies.set("room-state", f"the-state {PREFIX}")
        answer = client.get(PREFIX + "oauth_callback", params={"code": "teacher", "state": "the-state"}, follow_redirects=False)
        assert answer.status_code in (403, 503), answer.text


@pytest.mark.parametrize("body", [{**REPORT, "lesson": "\u0660\u0661"}, {**REPORT, "failed_step": "a\x00b"},
                                  {**REPORT, "exercise": "gr\u0435eting"}])  # fmt: skip
def test_what_a_database_or_an_eye_would_trip_on_gets_422(client: TestClient, body: dict) -> None:
    """Arabic-Indic digits for a lesson, NUL (PostgreSQL refuses it: a 503 there, not a 422),
    a Cyrillic letter in an exercise's name (a column that looks like another one)."""
    assert post(client, "ada-token", body).status_code == 422
    assert grid(client) == []
