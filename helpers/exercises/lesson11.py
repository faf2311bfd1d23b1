"""Checkers for lesson 11, Relationships and migrations.

The checkers sign up users of their own (names no one else uses) through the learner's
`POST /users`, and delete them again with `DELETE /users/me`, which deletes their notes too,
also when a check fails. The SQL they cause is kept out of the lesson's `sql.show()`.
"""

import itertools
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from helpers.checks import Check, Report, exercise, learner_namespace
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer

_numbers = itertools.count(1)
Headers = dict[str, str]


@contextmanager
def _quietly(server: LiveServer) -> Iterator[None]:
    """Keep the check's SQL out of the lesson's `sql` log, when the lesson has one."""
    sql = learner_namespace(server, "/notes", "POST").get("sql")
    with ExitStack() as stack:
        if hasattr(sql, "hidden"):
            stack.enter_context(sql.hidden())
        yield


@contextmanager
def _statements_sent(engine: Engine) -> Iterator[list[str]]:
    """The statements `engine` sends inside the block, seen by the check's own listener: what the
    learner does with the lesson's `sql` log (`mark()`, `show()`, `take()`) cannot change them."""
    sent: list[str] = []

    def record(connection: Any, cursor: Any, statement: str, *rest: Any) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


@contextmanager
def _users(check: Check, server: LiveServer, count: int) -> Iterator[list[Headers]]:
    """Sign up `count` users of the check's own; yield their X-User headers; delete them after."""
    made: list[Headers] = []
    try:
        for _ in range(count):
            name = f"checker-{next(_numbers)}"
            response = check.call(server, "POST", "/users", json={"name": name})
            check.require(
                response.status_code == 201,
                f"POST /users answers {response.status_code}: run the lesson's cells above first "
                "(the check signs up users of its own)",
            )
            made.append({"X-User": name})
        yield made
    finally:
        for headers in made:
            try:
                server.client.delete("/users/me", headers=headers)
            except Exception:  # a stopped server: nothing more to clean
                break


@checker
def predict_owners(server: LiveServer, predicted: object) -> Report:
    """The learner's predicted status codes for five requests by different users."""
    requests: dict[str, tuple[str, str, dict[str, Any]]] = {
        "GET /notes/2 as ada": ("GET", "/notes/2", {"headers": {"X-User": "ada"}}),
        "GET /notes/3 as ada": ("GET", "/notes/3", {"headers": {"X-User": "ada"}}),
        "DELETE /notes/2 as grace": ("DELETE", "/notes/2", {"headers": {"X-User": "grace"}}),
        "GET /notes as alan": ("GET", "/notes", {"headers": {"X-User": "alan"}}),
        "GET /notes/2 with no X-User header": ("GET", "/notes/2", {}),
    }
    nudge = (
        "Follow each request through the picture above `get_own_note`: first, who is asking (is "
        "there a name, and does that user exist?), then whether the note is theirs."
    )
    hint = (
        "A missing required header is FastAPI's 422; a name with no user is current_user's 401; "
        "someone else's note is get_own_note's 404, the same as an unknown id."
    )
    with exercise("predict_owners", server, nudge=nudge, hint=hint) as check, _quietly(server):
        check.predictions(server, predicted, {label: {"method": method, "path": path, **options}
                                              for label, (method, path, options) in requests.items()})
    return check.report


@checker
def update_note(server: LiveServer) -> Report:
    """PATCH /notes/{id} changes the owner's note, and answers 404 to anyone else."""
    nudge = (
        "The route finds the note by its id alone. Find it the way the read route does, so that "
        "someone else's note looks exactly like a note that does not exist."
    )
    hint = "Replace the lookup and its `if` with `note = get_own_note(session, user, note_id)`."
    with exercise("update_note", server, nudge=nudge, hint=hint) as check, _quietly(server), \
            _users(check, server, 2) as (owner, stranger):
        response = check.call(server, "POST", "/notes", json={"text": "the owner's words"}, headers=owner)
        if response.status_code != 201:  # the lesson's route, which the check needs: a line only when it fails
            check.status(response, 201)
        note = response.json()
        path = f"/notes/{note['id']}"
        response = check.call(server, "PATCH", path, json={"text": "vandalised"}, headers=stranger)
        if response.status_code == 200:
            check.fail(f"PATCH {path} by another user answers 200, expected 404: anyone can change anyone's note")
        if response.status_code == 403:
            check.fail(f"PATCH {path} by another user answers 403, expected 404: a 403 tells a stranger the note exists")
        check.status(response, 404)
        response = check.call(server, "GET", path, headers=owner)
        if response.status_code != 200:  # the lesson's GET: one line with what it shows
            check.status(response, 200)
        check.same(response.json().get("text"), "the owner's words", "after the other user's PATCH, the note's text")
        response = check.call(server, "PATCH", path, json={"text": "changed by its owner"}, headers=owner)
        check.status(response, 200)
        check.json(response, {"id": note["id"], "text": "changed by its owner", "owner_id": note["owner_id"]})
        response = check.call(server, "GET", path, headers=owner)
        check.status(response, 200, line=False)
        check.same(response.json().get("text"), "changed by its owner", "after the owner's PATCH, GET's text (is the change committed?)")
        response = check.call(server, "PATCH", "/notes/999999999", json={"text": "nobody's"}, headers=owner)
        check.status(response, 404)
        response = check.call(server, "PATCH", path, json={"text": None}, headers=owner)
        check.status(response, 422)
    return check.report


@checker
def directory(server: LiveServer) -> Report:
    """GET /users lists every user with their number of notes, in id order, in at most two
    SELECT statements however many users there are."""
    nudge = (
        "Count what your route sends: `sql.show()` after a call lists it. One query for the users, "
        "then one more per user is the N+1 problem of the lesson: load the notes with the users."
    )
    hint = (
        "Query `select(User).options(selectinload(User.notes)).order_by(User.id)` and return "
        '`[{"name": user.name, "notes": len(user.notes)} for user in users]`.'
    )
    with exercise("directory", server, nudge=nudge, hint=hint) as check, _quietly(server), \
            _users(check, server, 3) as made:
        engine = getattr(learner_namespace(server, "/notes", "POST").get("sql"), "engine", None)
        check.require(
            isinstance(engine, Engine),
            "the lesson's `sql` log is missing: run the set-up cell, then the cells below it",
        )
        for count, headers in enumerate(made):
            for number in range(count):
                response = check.call(server, "POST", "/notes", json={"text": f"note {number}"}, headers=headers)
                check.require(response.status_code == 201,
                              f"POST /notes answers {response.status_code}, expected 201: run the lesson's cells above first "
                              "(the check writes notes of its own)")
        with _statements_sent(engine) as sent:
            response = check.call(server, "GET", "/users")
        selects = [statement for statement in sent if statement.lstrip().upper().startswith("SELECT")]
        check.status(response, 200)
        body = response.json()
        check.expect(
            isinstance(body, list) and all(isinstance(entry, dict) for entry in body),
            "the answer is a list of objects",
            f"the answer is {response.text[:200]}, expected a list of objects",
        )
        names = {headers["X-User"] for headers in made}
        mine = [entry for entry in body if entry.get("name") in names]
        expected = [{"name": headers["X-User"], "notes": count} for count, headers in enumerate(made)]
        check.same(mine, expected, "the entries of three new users with 0, 1 and 2 notes")
        check.expect(
            len(selects) <= 2,
            f"GET /users sent {len(selects)} SELECT statement{'s' if len(selects) > 1 else ''} for {len(body)} users",
            f"GET /users sent {len(selects)} SELECT statements for {len(body)} users, expected at most 2: "
            "one more for each user",
        )
    return check.report
