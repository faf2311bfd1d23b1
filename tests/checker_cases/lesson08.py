"""Answers a learner could write to lesson 08's exercises (see tests/test_checker_cases.py)."""

from checker_cases import ASYNC, add

ROUTES_08 = """
from typing import Annotated
from fastapi import FastAPI, Header, HTTPException, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.sse import EventSourceResponse, ServerSentEvent
app = FastAPI()
notes = {"todo": "call Ada"}

@app.get("/welcome", response_class=HTMLResponse)
def welcome():
    return "<h1>Welcome</h1>"

@app.get("/home")
def old_home():
    return RedirectResponse("/welcome")

@app.post("/logout")
def logout():
    response = RedirectResponse("/welcome", status_code=303)
    response.delete_cookie("last_note")
    return response

@app.get("/notes/{name}/page", response_class=HTMLResponse)
def note_page(request: Request, name: str):
    if name not in notes:
        raise HTTPException(404, "No note has this name.")
    return f"<p>{name}</p>"

@app.get("/jobs/steps", response_class=EventSourceResponse)
def job_steps(last_event_id: Annotated[int | None, Header(ge=0)] = None):
    yield ServerSentEvent(raw_data="[DONE]", event="end")
# serve
"""

PREDICTED_08 = """predictions = {
    "GET /home": 307,
    "POST /home": 405,
    "POST /logout": 303,
    "GET /notes/holidays/page": 404,
    "GET /jobs/steps": 422,
}
"""

add("08", ROUTES_08, {
    "name": "predict_statuses",
    "arguments": ("predictions",),
    "solution": PREDICTED_08,
    "right": {
        "as text": [('"GET /home": 307', '"GET /home": "307"'), ('"POST /logout": 303', '"POST /logout": "303"')],
        "status constants": [('"GET /home": 307', '"GET /home": status.HTTP_307_TEMPORARY_REDIRECT'),
                             ('"POST /home": 405', '"POST /home": status.HTTP_405_METHOD_NOT_ALLOWED')],
    },
    "wrong": {
        "checked after a kernel restart, only the set-up cell run": ([("predictions = {", "from fastapi.routing import APIRoute as _R\napp.router.routes[:] = [r for r in app.router.routes if not isinstance(r, _R)]\n" "predictions = {")],
            "none of these requests reaches a route of your app: run the lesson's cells above first"),
        "placeholder": ([('"GET /home": 307', '"GET /home": ...'), ('"GET /jobs/steps": 422', '"GET /jobs/steps": ...')],
                        "write down your prediction for GET /home, GET /jobs/steps first"),
        "a redirect is a 302": ([('"GET /home": 307', '"GET /home": 302')], "GET /home: you predicted 302, it answers 307"),
        "an unknown method is a 404": ([('"POST /home": 405', '"POST /home": 404')], "POST /home: you predicted 404, it answers 405"),
        "redirects are followed": ([('"POST /logout": 303', '"POST /logout": 200')], "POST /logout: you predicted 200, it answers 303"),
        "an unknown note is a page too": ([('"GET /notes/holidays/page": 404', '"GET /notes/holidays/page": 200')], "GET /notes/holidays/page: you predicted 200, it answers 404"),
        "a stream always starts with 200": ([('"GET /jobs/steps": 422', '"GET /jobs/steps": 200')], "GET /jobs/steps: you predicted 200, it answers 422"),
    },
})

REDIRECT_SOLUTION = """from urllib.parse import urlsplit


@app.get("/continue")
def continue_to(next: str = "/welcome"):
    target = urlsplit(next)  # drops tabs and line breaks first, as a browser does
    on_this_site = (
        next.startswith("/")
        and next[1:2] not in ("/", "\\\\")  # "//", "///", "/\\\\": a browser reads another host
        and not (target.scheme or target.netloc)
    )
    return RedirectResponse(next if on_this_site else "/welcome", status_code=303)
"""

RULE = """    on_this_site = (
        next.startswith("/")
        and next[1:2] not in ("/", "\\\\")  # "//", "///", "/\\\\": a browser reads another host
        and not (target.scheme or target.netloc)
    )
"""


def rule(condition: str) -> tuple[str, str]:
    """The worked solution's test replaced by another `on_this_site = ...`."""
    return (RULE, f"    on_this_site = {condition}\n")


add("08", "import re\nfrom fastapi import FastAPI, HTTPException, status\nfrom fastapi.responses import RedirectResponse\napp = FastAPI()\n# serve\n", {
    "name": "safe_redirect",
    "solution": REDIRECT_SOLUTION,
    "right": {
        "async def, prefixes and urlsplit": [ASYNC, rule('next.startswith("/") and not next.startswith(("//", "/\\\\")) '
                                                         "and not urlsplit(next).netloc")],
        "an allow-list of characters, status constant": [
            rule(r're.fullmatch(r"/(?![/\\])[\w\-./?=&%]*", next) is not None'),
            ("status_code=303", "status_code=status.HTTP_303_SEE_OTHER")],
        "refused early, a path with a query kept by parts": [
            (RULE + '    return RedirectResponse(next if on_this_site else "/welcome", status_code=303)',
             RULE + '    if not on_this_site:\n        return RedirectResponse("/welcome", status_code=303)\n'
                    '    return RedirectResponse(target.path + (f"?{target.query}" if target.query else ""), status_code=303)')],
    },
    "wrong": {
        "placeholder (follows anything)": ([rule("True")], "next=https://evil.example/login: 303 to another site (https://evil.example/login)"),
        "a leading slash is enough": ([rule('next.startswith("/")')], "next=//evil.example/login: 303 to another site (//evil.example/login)"),
        "no :// means no other site": ([rule('"://" not in next')], "next=http:/evil.example/login: 303 to 'http:/evil.example/login', expected a 303 to /welcome"),
        "the host only": ([rule("not target.netloc")], "next=http:/evil.example/login: 303 to 'http:/evil.example/login', expected a 303 to /welcome"),
        "no host, no scheme, no second slash, but no leading slash asked": (
            [rule('next[1:2] not in ("/", "\\\\") and not (target.scheme or target.netloc)')],
            "next=evil.example: 303 to 'evil.example', expected a 303 to /welcome"),
        "urlsplit and one slash (the old worked solution)": (
            [rule('next.startswith("/") and not (target.scheme or target.netloc)')],
            "next=///evil.example/login: 303 to another site (///evil.example/login)"),
        "slashes but not backslashes": ([rule('next.startswith("/") and not next.startswith("//") and not urlsplit(next).netloc')],
                                        "next=/\\evil.example/login: 303 to '/%5Cevil.example/login', expected a 303 to /welcome"),
        "prefixes without urlsplit": ([rule('next.startswith("/") and not next.startswith(("//", "/\\\\"))')],
                                      "next=/\\t/evil.example/login: 303 to '/%09/evil.example/login', expected"),
        "refused with an error": ([('    return RedirectResponse(next if on_this_site else "/welcome", status_code=303)',
                                    '    if not on_this_site:\n        raise HTTPException(400, "Not a path on this site.")\n'
                                    '    return RedirectResponse(next, status_code=303)')],
                                  "next=https://evil.example/login: 400 to '', expected a 303 to /welcome (303 See Other"),
        "one segment only (a strict pattern)": ([rule(r're.fullmatch(r"/\w*", next) is not None')],
                                               "next=/notes/todo/page: 303 to '/welcome', expected a 303 to /notes/todo/page"),
        "the query dropped": ([('    return RedirectResponse(next if on_this_site else "/welcome", status_code=303)',
                                '    return RedirectResponse(target.path if on_this_site else "/welcome", status_code=303)')],
                              "next=/jobs/steps?from=mail: 303 to '/jobs/steps', expected a 303 to /jobs/steps?from=mail"),
        "the default 307": ([("status_code=303", "status_code=307")], "no next: 307 to '/welcome', expected a 303 to /welcome (303 See Other"),
        "the default sends to a path of its own": ([('def continue_to(next: str = "/welcome")', 'def continue_to(next: str = "/")')],
                                                   "no next: 303 to '/', expected a 303 to /welcome"),
    },
})

COUNTDOWN_SOLUTION = '''from fastapi import Query


@app.get("/countdown", response_class=EventSourceResponse)
async def countdown(start: Annotated[int, Query(ge=1, le=10)] = 3):
    for remaining in range(start, 0, -1):
        yield ServerSentEvent(data={"remaining": remaining}, event="tick", id=str(remaining))
    yield ServerSentEvent(raw_data="go", event="liftoff")
'''

SSE_08 = """
from typing import Annotated
from fastapi import FastAPI
from fastapi.sse import EventSourceResponse, ServerSentEvent
from pydantic import BaseModel
app = FastAPI()
# serve
"""

add("08", SSE_08, {
    "name": "countdown",
    "solution": COUNTDOWN_SOLUTION,
    "right": {
        "plain def, reversed range": [("async def countdown", "def countdown"),
                                      ("range(start, 0, -1)", "reversed(range(1, start + 1))")],
        "a model as data, gt and lt": [("from fastapi import Query\n", "from fastapi import Query\n\nclass Tick(BaseModel):\n    remaining: int\n"),
                                       ('data={"remaining": remaining}', "data=Tick(remaining=remaining)"),
                                       ("Query(ge=1, le=10)", "Query(gt=0, lt=11)")],
    },
    "wrong": {
        "placeholder (the empty cell)": ([(COUNTDOWN_SOLUTION, "# ✏️ Write GET /countdown here: a generator route that streams the events.\n")],
                                         "GET /countdown answers 404, expected 200"),
        "go as JSON": ([('raw_data="go"', 'data="go"')], '"data": "\\"go\\""'),
        "no ids": ([(', id=str(remaining)', "")], 'expected [{"event": "tick", "id": "3"'),
        "down to 0": ([("range(start, 0, -1)", "range(start, -1, -1)")], "the events of GET /countdown is"),
        "an id that is not text": ([("id=str(remaining)", "id=remaining")], "the stream broke off, because your generator raised ValidationError"),
        "no limits": ([("Annotated[int, Query(ge=1, le=10)]", "int")], "GET /countdown?start=0 answers 200, expected 422"),
        "more than 1 (gt=1)": ([("ge=1", "gt=1")], "GET /countdown?start=1 answers 422, expected 200"),
        "under 10 (lt=10)": ([("le=10", "lt=10")], "GET /countdown?start=10 answers 422, expected 200"),
        "no upper limit": ([("Query(ge=1, le=10)", "Query(ge=1)")], "GET /countdown?start=11 answers 200, expected 422"),
        "no response class (JSON Lines)": ([(", response_class=EventSourceResponse", "")], "Content-Type is 'application/jsonl', expected text/event-stream"),
    },
})
