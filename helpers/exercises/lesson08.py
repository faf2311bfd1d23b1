"""Checkers for lesson 08, Responses.

The redirect checker judges each `Location` as a browser would: it resolves the address
against the page that was asked for, and the user must stay on this site.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

import httpx

from helpers.checks import Check, Report, errors_logged, exercise, in_order_of, log_mark
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.compare import json_difference, show
from helpers.hostile import REDIRECT_TARGETS
from helpers.progress import checker
from helpers.server import LiveServer


@checker
def predict_statuses(server: LiveServer, predicted: object) -> Report:
    """The learner's predicted status codes for five requests to the lesson's routes."""
    requests: dict[str, dict[str, object]] = {
        "GET /home": {},
        "POST /home": {},
        "POST /logout": {},
        "GET /notes/holidays/page": {},
        "GET /jobs/steps": {"headers": {"Last-Event-ID": "last"}},
    }
    nudge = (
        "For each request, find its route above and read what it returns or raises, and what "
        "the redirect classes answer when no status code is given. Does the method match the "
        "decorator? Does every header convert to its parameter's type?"
    )
    hint = (
        "RedirectResponse defaults to 307; a known path with another method is 405; logout passes "
        "status_code=303; note_page raises HTTPException(404); Last-Event-ID is an int."
    )
    with exercise("predict_statuses", server, nudge=nudge, hint=hint) as check:
        check.predictions(server, predicted, requests)
    return check.report


SAFE = ["/notes/todo/page", "/jobs/steps?from=mail"]


def _trick(target: str) -> str:
    """What makes a browser leave the site for `target`, in words: the hostile addresses are
    asked trick by trick, one step for each (an answer that refuses one address of a trick but
    not the next fails at that trick's step, with that address named)."""
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", target):
        return "with a scheme"
    if re.search(r"[\t\r\n]", target):
        return "with a tab or a line break a browser drops"
    if "\\" in target[:2]:
        return "with a backslash a browser reads as a slash"
    if target.startswith("//"):
        return "with a host after two or more slashes"
    return "without a leading slash"


TRICKS = list(dict.fromkeys(_trick(target) for target in REDIRECT_TARGETS))


@checker
def safe_redirect(server: LiveServer) -> Report:
    """GET /continue?next=... redirects (303) to `next` only when it is a path on this site."""
    nudge = (
        "Before you redirect, ask whether a browser would read `next` as another site: a scheme "
        "such as https:, or a host after two or more slashes (a browser reads a backslash as a "
        "slash). Only a path that starts with a single / may be followed, anything else goes to "
        "the welcome page."
    )
    hint = (
        'Follow `next` only when `next.startswith("/")`, its second character `next[1:2]` is '
        'neither "/" nor a backslash, and `urllib.parse.urlsplit(next)` has no `scheme` and no '
        '`netloc`; otherwise redirect to "/welcome".'
    )
    with exercise("safe_redirect", server, nudge=nudge, hint=hint) as check:
        response = check.call(server, "GET", "/continue")
        if response.status_code in (404, 405):
            check.status(response, 303)  # explains a missing route
        _redirects(check, server, None, "/welcome", "no next: 303 to /welcome")
        _redirects(check, server, "/welcome", "/welcome")  # the same answer, followed or not
        for target in SAFE:
            _redirects(check, server, target, target, f"next={target}: 303 to {target}")
        for trick in TRICKS:
            targets = [target for target in REDIRECT_TARGETS if _trick(target) == trick]
            for target in targets[:-1]:
                _redirects(check, server, target, "/welcome")
            shown = ", ".join(_shown(target) for target in targets)
            _redirects(check, server, targets[-1], "/welcome", f"each address {trick} ({shown}): 303 to /welcome")
    return check.report


def _shown(target: str) -> str:
    return target.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")


def _redirects(check: Check, server: LiveServer, target: str | None, expected: str, success: str = "") -> None:
    """GET /continue (?next=target) must answer a 303 to `expected`: a line saying `success`,
    or none when it is empty (the step that follows covers this request too)."""
    response = _ask(check, server, {} if target is None else {"next": target})
    asked = "no next" if target is None else "next=" + _shown(target)
    location = response.headers.get("location", "")
    where = f"another site ({location})" if _elsewhere(str(response.request.url), location) else repr(location)
    ok = response.status_code == 303 and location == expected
    failure = (f"{asked}: {response.status_code} to {where}, expected a 303 to {expected}"
               + ("" if response.status_code == 303 else " (303 See Other: the browser then GETs that page)"))
    if success:
        check.expect(ok, success, failure)
    else:
        check.require(ok, failure)


def _ask(check: Check, server: LiveServer, params: dict[str, str]) -> httpx.Response:
    """GET /continue with `params`, straight through a transport: an httpx client works out
    where a redirect leads even when it does not follow it, and fails on some hostile
    addresses (such as `https:evil.example`) that a browser follows."""
    url = httpx.URL(server.url).join("/continue").copy_merge_params(params)
    try:
        with httpx.HTTPTransport() as transport:
            request = httpx.Request("GET", url)
            response = transport.handle_request(request)
            response.read()
            response.request = request
    except httpx.HTTPError as error:
        check.fail(f"GET {url.raw_path.decode()}: the server did not answer ({type(error).__name__})")
    return response


def _elsewhere(asked: str, location: str) -> bool:
    """Whether a browser that asked `asked` and got `location` would leave the site."""
    browser_reads = re.sub(r"[\t\n\r]", "", location).lstrip(" ").replace("\\", "/")  # as WHATWG URL parsing does
    if browser_reads.startswith("//"):
        browser_reads = "//" + browser_reads.lstrip("/")  # "///host" is a host too, for http(s)
    here, lands = urlsplit(asked), urlsplit(urljoin(asked, browser_reads))
    return lands.scheme != here.scheme or lands.hostname != here.hostname


@checker
def countdown(server: LiveServer) -> Report:
    """GET /countdown?start=N streams tick events N..1 ({"remaining": n}, id n), then a
    liftoff event whose data is the plain text go; start is 1..10, 3 by default."""
    nudge = (
        "Write the route as a generator, as /jobs/steps is: yield one event object per tick, "
        "with its name, its id and its data, then the last one, whose text must not become JSON. "
        "Put the limits of start in its type."
    )
    hint = (
        '`@app.get("/countdown", response_class=EventSourceResponse)` over a generator taking '
        "`start: Annotated[int, Query(ge=1, le=10)] = 3`; yield "
        '`ServerSentEvent(data={"remaining": n}, event="tick", id=str(n))` for n from start down to 1, '
        'then `ServerSentEvent(raw_data="go", event="liftoff")`.'
    )
    with exercise("countdown", server, nudge=nudge, hint=hint) as check:
        # The default start has a line for each of its steps; the others a line for their status
        # (an off-by-one limit refuses 1 or 10), their stream and events held to the same.
        for start, query in ((3, {}), (1, {"start": 1}), (10, {"start": 10}), (4, {"start": 4})):
            first = not query
            response = _countdown(check, server, query)
            if first or start != 4:
                check.status(response, 200)
            else:
                check.require(response.status_code == 200, f"GET /countdown?start={start} answers {response.status_code}, expected 200")
            kind = response.headers.get("content-type", "")
            stream = kind.startswith("text/event-stream")
            streamless = f"the answer's Content-Type is {kind!r}, expected text/event-stream: set the response class"
            if first:
                check.expect(stream, "the answer is an event stream", streamless)
            else:
                check.require(stream, streamless)
            expected = [{"event": "tick", "id": str(n), "data": {"remaining": n}} for n in range(start, 0, -1)]
            expected.append({"event": "liftoff", "data": "go"})
            got = _events(response.text)
            asked = f"GET /countdown{'?start=' + str(start) if query else ''}"
            if first:
                check.same(got, expected, f"the events of {asked}")
            else:
                check.require(json_difference(got, expected) is None,
                              f"the events of {asked} are {show(in_order_of(got, expected))}, expected {show(expected)}"
                              + (json_difference(got, expected) or ""))
        for start in ("0", "11"):
            response = check.call(server, "GET", "/countdown", params={"start": start})
            check.status(response, 422)
        response = check.call(server, "GET", "/countdown", params={"start": "three"})  # refused by the type, as 0 is by a limit
        check.require(response.status_code == 422, f"GET /countdown?start=three answers {response.status_code}, expected 422")
    return check.report


def _countdown(check: Check, server: LiveServer, query: dict[str, int]) -> httpx.Response:
    """GET /countdown; a stream that breaks off is explained with the error the generator
    raised (the connection just ends, and only the server's log says why)."""
    mark = log_mark(server)
    try:
        return server.client.get("/countdown", params=query)
    except (httpx.HTTPError, RuntimeError):
        errors = (errors_logged(server, mark) + _grouped_errors(server.logs(mark))) if server.running else []
        errors = [error for error in errors if not error.startswith("ERROR:")]  # a line with no exception named
        if errors:
            check.fail(f"GET /countdown: the stream broke off, because your generator raised {errors[-1]} "
                       "(`server.logs()` shows the traceback)")
        return check.call(server, "GET", "/countdown", params=query)  # explains a server that is down


_RAISED = re.compile(r"^(?:\w+\.)*(\w+(?:Error|Exception)): (.*)$")


def _grouped_errors(log: str) -> list[str]:
    """The exceptions inside the exception groups of a log ("ValidationError: ... id: Input
    should be a valid string"). A stream's error arrives in a group, whose traceback lines
    start with `|`, which `errors_logged` does not read."""
    lines = [re.sub(r"^[\s|+-]*", "", line) for line in log.splitlines()]
    found = []
    for number, line in enumerate(lines):
        match = _RAISED.match(line)
        if match and "ExceptionGroup" not in match[1]:
            details = [more for more in lines[number + 1:number + 3] if more and not more.startswith("For further")]
            found.append(" ".join([f"{match[1]}: {match[2]}", *details]) if match[1] == "ValidationError" else f"{match[1]}: {match[2]}")
    return found


def _events(text: str) -> list[dict[str, object]]:
    """The events of a text/event-stream body, each as its fields (comments left out); a
    tick's data is read as JSON, other data kept as the text sent."""
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        fields: dict[str, object] = {}
        for line in block.split("\n"):
            if not line or line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            fields[name] = value[1:] if value.startswith(" ") else value
        if not fields:
            continue
        if fields.get("event") == "tick" and isinstance(fields.get("data"), str):
            try:
                fields["data"] = json.loads(str(fields["data"]))
            except ValueError:
                pass
        events.append(fields)
    return events
