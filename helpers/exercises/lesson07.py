"""Checkers for lesson 07, Forms, files, headers and cookies.

The documents checker uploads files and reads them back over HTTP; to see whether a hostile
filename wrote outside the learner's `DOCUMENTS` folder it looks at that folder's parent, and
it deletes every file its uploads created, whatever the outcome.
"""

from __future__ import annotations

from pathlib import Path

from helpers.checks import Check, Report, exercise, learner_namespace
from helpers.compare import same_json, show
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer


@checker
def predict_requests(server: LiveServer, predicted: object) -> Report:
    """The learner's predicted status codes for five requests to the lesson's routes."""
    pdf = ("cv.pdf", b"%PDF-1.7\n%%EOF\n", "application/pdf")
    requests: dict[str, dict[str, object]] = {
        "POST /login": {"json": {"username": "ada", "password": "correct horse"}},
        "POST /signup": {"data": {"username": "grace", "email": "grace@example.com", "newsletter": "on"}},
        "POST /avatars": {"files": {"file": pdf}},
        "GET /whoami": {"headers": {"Cookie": "theme=blue"}},
        "PUT /items/7": {"json": {"name": "Lamp", "price": 20}},
    }
    nudge = (
        "For each request ask, in this order: is the body of the kind the route reads (form, "
        "file or JSON, and in the shape it expects)? Does each value pass its type? Only then does "
        "the function run, and it may refuse too."
    )
    hint = (
        "A JSON body has no form fields; a Literal refuses other text; Body(embed=True) expects "
        "the model under its parameter's name; a route's own HTTPException gives its own code; "
        "a route with no status_code answers 200."
    )
    with exercise("predict_requests", server, nudge=nudge, hint=hint) as check:
        check.predictions(server, predicted, requests)
    return check.report


@checker
def documents(server: LiveServer) -> Report:
    """POST /documents keeps each text upload under a new name of the server's, inside DOCUMENTS."""
    nudge = (
        "Two users can both call their file notes.txt, and a client can put ../ in a name: "
        "whatever the request says, the name on disk must be one the server makes up."
    )
    hint = (
        "Replace `name = file.filename` with a random name, as `upload_avatar` does: "
        '`name = uuid4().hex + ".txt"`. Keep `file.filename` out of the path.'
    )
    folder = learner_namespace(server, "/documents", "POST").get("DOCUMENTS")
    with exercise("documents", server, nudge=nudge, hint=hint) as check:
        if not isinstance(folder, Path) or not folder.is_dir():
            check.fail("no DOCUMENTS folder next to POST /documents: run the whole exercise cell, unchanged above the route")
        before = _files(folder.parent)
        try:
            # A line for each step of the first upload, and for what may go wrong with the second
            # (a 409 for a name that is taken, a name that is no longer plain); the rest is held to
            # the same without a line: no answer fails there that failed nowhere before.
            first = _upload(check, server, "notes.txt", b"Ada's shopping list")
            second = _upload(check, server, "notes.txt", b"Grace's recipe")
            check.expect(first != second, "two uploads called notes.txt got two names",
                         f"two uploads called notes.txt were both stored as {first!r}: the second replaced the first")
            _reads_back(check, server, first, "Ada's shopping list")
            _reads_back(check, server, second, "Grace's recipe", line=False)
            hostile = _upload(check, server, "../escaped.txt", b"written by a hostile client", plain=False)
            inside = folder.resolve()
            escaped = [path for path in _files(folder.parent) - before if not path.is_relative_to(inside)]
            check.expect(not escaped, "the file called ../escaped.txt stayed inside DOCUMENTS",
                         "the file called ../escaped.txt was written outside DOCUMENTS, next to it")
            _plain_name(check, "../escaped.txt", hostile, {"stored_as": hostile}, line=False)
            _reads_back(check, server, hostile, "written by a hostile client", line=False)
            response = check.call(server, "POST", "/documents", files={"file": ("a.txt", b"x", "image/png")})
            check.status(response, 415)
            _upload(check, server, "long.txt", b"a" * 45_000, line=False)  # under the size limit
            response = check.call(server, "POST", "/documents", files={"file": ("huge.txt", b"a" * 60_000, "text/plain")})
            check.status(response, 413, "keep the size limit (max_body_size=50_000): a 60 kB upload is too large")
            response = check.call(server, "GET", "/documents/no-such-document.txt")
            check.status(response, 404, "keep read_document as it is given: a name that is not in DOCUMENTS is a 404")
        finally:  # the check leaves none of its files behind, inside DOCUMENTS or out of it
            for path in _files(folder.parent) - before:
                path.unlink(missing_ok=True)
    return check.report


def _files(folder: Path) -> set[Path]:
    return {path.resolve() for path in folder.rglob("*") if path.is_file()}


def _upload(check: Check, server: LiveServer, filename: str, content: bytes, plain: bool = True, line: bool = True) -> str:
    """Upload one text file; the name the route says it stored it as (the step fails otherwise).
    `plain`: the name must also be a bare .txt name, with no folder in it (`line`: a line of its own)."""
    response = check.call(server, "POST", "/documents", files={"file": (filename, content, "text/plain")})
    check.status(response, 201)
    body = response.json()
    name = body.get("stored_as") if isinstance(body, dict) else None
    if plain:
        _plain_name(check, filename, name, body, line)
    else:
        check.require(isinstance(name, str),
                      f'the answer to an upload called {filename!r} is {body!r}: expected {{"stored_as": a name}}')
    return name


def _plain_name(check: Check, filename: str, name: object, body: object, line: bool = True) -> None:
    plain = isinstance(name, str) and name.endswith(".txt") and "/" not in name and "\\" not in name
    failure = (f'the answer to an upload called {filename!r} is {body!r}: expected {{"stored_as": a name ending '
               "in .txt, with no folder in it}")
    if line:
        check.expect(plain, f"an upload called {filename!r} was stored as a .txt name", failure)
    else:
        check.require(plain, failure)


def _reads_back(check: Check, server: LiveServer, name: str, text: str, line: bool = True) -> None:
    """GET /documents/{name} answers {"text": text}: with a line for each step, or none."""
    response = check.call(server, "GET", f"/documents/{name}")
    if line:
        check.status(response, 200)
        check.json(response, {"text": text})
        return
    check.require(response.status_code == 200, f"GET /documents/{name} answers {response.status_code}, expected 200")
    body = response.json()
    check.require(same_json(body, {"text": text}), f"the body is {show(body)}, expected {show({'text': text})}")


@checker
def feedback(server: LiveServer) -> Report:
    """POST /feedback reads a form (rating 1..5, comment up to 200 characters, no other field)
    and answers 201 with what it read; anything else is a 422 from FastAPI."""
    nudge = (
        "Describe the form once, as a model whose fields carry their own limits and which "
        "refuses fields it does not know; then read that model from the form, as the sign-up "
        "route does, and choose the status code in the decorator."
    )
    hint = (
        'A `Feedback(BaseModel)` with `model_config = {"extra": "forbid"}`, `rating: int = Field(ge=1, le=5)` '
        'and `comment: str = Field(default="", max_length=200)`; then `@app.post("/feedback", status_code=201)` '
        "over a function taking `feedback: Annotated[Feedback, Form()]` and returning it."
    )
    with exercise("feedback", server, nudge=nudge, hint=hint) as check:
        # Each right form has its status on a line; the body of the first two too (a comment
        # left out must read as ""); the third's body is held to the same without a line.
        for index, (sent, expected) in enumerate((({"rating": "4", "comment": "Great course"}, {"rating": 4, "comment": "Great course"}),
                                                  ({"rating": "5"}, {"rating": 5, "comment": ""}),
                                                  ({"rating": "1", "comment": "x" * 200}, {"rating": 1, "comment": "x" * 200}))):
            response = check.call(server, "POST", "/feedback", data=sent)
            check.status(response, 201)
            if index < 2:
                check.json(response, expected)
            else:
                check.require(same_json(response.json(), expected), f"the body is {response.text[:300]}, expected {show(expected)}")
        # A line for each limit; a rating that is no number, and a JSON body, are refused by the
        # type and by Form() whatever the limits: held to a 422 without a line.
        for what, options, line in (("a rating of 0", {"data": {"rating": "0"}}, True),
                                    ("a rating of 6", {"data": {"rating": "6"}}, True),
                                    ("the rating five", {"data": {"rating": "five"}}, False),
                                    ("no rating", {"data": {"comment": "no rating"}}, True),
                                    ("a comment of 201 characters", {"data": {"rating": "3", "comment": "x" * 201}}, True),
                                    ("an extra field is_admin", {"data": {"rating": "3", "is_admin": "true"}}, True),
                                    ("a JSON body", {"json": {"rating": 4, "comment": "Great course"}}, False)):
            response = check.call(server, "POST", "/feedback", **options)
            failure = f"{what} gets a {response.status_code}, expected a 422 from FastAPI"
            if line:
                check.expect(response.status_code == 422, f"{what} gets a 422", failure)
            else:
                check.require(response.status_code == 422, failure)
    return check.report
