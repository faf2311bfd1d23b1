"""Checkers for lesson 21, Deployment."""

import logging
import os
from unittest import mock

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from helpers.checks import Check, Report, exercise
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.hostile import FORWARDED_HEADERS
from helpers.progress import checker
from helpers.server import LiveServer


def _restart_settings(server: LiveServer, path: str) -> None:
    """Do to the settings what a restart would: clear every `@lru_cache` among the dependencies
    of the route at `path`, so that its next request reads the environment again."""
    todo = [route.dependant for route in server.app.routes if isinstance(route, APIRoute) and route.path == path]
    while todo:
        dependant = todo.pop()
        clear = getattr(dependant.call, "cache_clear", None)
        if callable(clear):
            clear()
        todo += dependant.dependencies


@checker
def page_size(server: LiveServer) -> Report:
    """GET /page-size answers SHOP_PAGE_SIZE from the environment, 10 when it is not set."""
    nudge = (
        "The settings class reads each field from the environment variable named after it, with "
        "the prefix the class is configured with; the route answers what the settings hold."
    )
    hint = (
        'Use `model_config = SettingsConfigDict(env_prefix="SHOP_")`, a field `page_size: int = 10`, '
        'and return `{"page_size": settings.page_size}`.'
    )
    with exercise("page_size", server, nudge=nudge, hint=hint) as check:
        try:
            with mock.patch.dict(os.environ):
                os.environ.pop("SHOP_PAGE_SIZE", None)
                _restart_settings(server, "/page-size")
                response = check.call(server, "GET", "/page-size")
                check.status(response, 200, line=False)
                check.json(response, {"page_size": 10})
                # Two values, so that no single number passes; one line for both (a setting read
                # right for 25 is read right for 7).
                for value in (25, 7):
                    os.environ["SHOP_PAGE_SIZE"] = str(value)
                    _restart_settings(server, "/page-size")
                    response = check.call(server, "GET", "/page-size")
                    check.status(response, 200, line=False)
                    body = response.json()
                    check.require(
                        body == {"page_size": value},
                        f"with SHOP_PAGE_SIZE={value} the body is {body}: is the prefix SHOP_, and "
                        "is page_size read from the settings?",
                    )
                check.note('with SHOP_PAGE_SIZE=25, then 7, the body is {"page_size": 25}, then {"page_size": 7}')
        finally:
            _restart_settings(server, "/page-size")  # leave no cached test value behind
    return check.report


@checker
def whoami(server: LiveServer) -> Report:
    """GET /whoami answers the client address and scheme after uvicorn applied proxy headers.

    uvicorn trusts the proxy headers of 127.0.0.1 only (its default `--forwarded-allow-ips`).
    With two hops in X-Forwarded-For, "203.0.113.7, 198.51.100.24", only the last address was
    written by a trusted proxy: 198.51.100.24 is the client uvicorn reports, while 203.0.113.7
    could have been typed by anybody. An answer that reads the header itself believes it.
    The last hop is a public address, so that the answer is the same under the lesson's
    Dockerfile, which trusts 10.0.0.0/8. Headers that uvicorn does not apply (X-Real-IP,
    Forwarded: helpers.hostile.FORWARDED_HEADERS) must change nothing.
    """
    nudge = (
        "Each proxy appends to X-Forwarded-For, so a client can write whatever it likes in front. "
        "uvicorn already applied the header from the proxies it trusts: use what it concluded."
    )
    hint = (
        'Return `{"client": request.client.host, "scheme": request.url.scheme}`: uvicorn has put '
        "the trusted address in request.client; never parse X-Forwarded-For yourself."
    )
    with exercise("whoami", server, nudge=nudge, hint=hint) as check:
        for address, scheme in (("203.0.113.7", "https"), ("192.0.2.55", "http")):
            headers = {"X-Forwarded-For": address, "X-Forwarded-Proto": scheme}
            response = check.call(server, "GET", "/whoami", headers=headers)
            check.status(response, 200, line=False)
            check.json(response, {"client": address, "scheme": scheme})
        response = check.call(server, "GET", "/whoami")
        check.status(response, 200, line=False)
        check.json(response, {"client": "127.0.0.1", "scheme": "http"})
        two_hops = {"X-Forwarded-For": "203.0.113.7, 198.51.100.24", "X-Forwarded-Proto": "https"}
        response = check.call(server, "GET", "/whoami", headers=two_hops)
        check.status(response, 200, line=False)
        body = response.json()
        check.expect(
            body == {"client": "198.51.100.24", "scheme": "https"},
            'with "X-Forwarded-For: 203.0.113.7, 198.51.100.24" the client is 198.51.100.24, the '
            "last hop, as uvicorn sees it",
            f'with "X-Forwarded-For: 203.0.113.7, 198.51.100.24" the body is {response.text}, expected '
            '{"client": "198.51.100.24", "scheme": "https"}: only the last address comes from a '
            "trusted proxy, any earlier one may be forged by the client",
        )
        via_local = {"X-Forwarded-For": "203.0.113.7, 127.0.0.1", "X-Forwarded-Proto": "https"}
        response = check.call(server, "GET", "/whoami", headers=via_local)
        check.status(response, 200, line=False)
        body = response.json()
        check.expect(
            body == {"client": "203.0.113.7", "scheme": "https"},
            'with "X-Forwarded-For: 203.0.113.7, 127.0.0.1" the client is 203.0.113.7: 127.0.0.1 '
            "is a trusted proxy, so uvicorn looks one hop further",
            f'with "X-Forwarded-For: 203.0.113.7, 127.0.0.1" the body is {response.text}, expected '
            '{"client": "203.0.113.7", "scheme": "https"}: 127.0.0.1 is one of the trusted '
            "proxies, so the client is the address before it; which addresses to trust is "
            "uvicorn's setting, not something a route can know",
        )
        others = {name: value for name, value in FORWARDED_HEADERS.items() if name in ("X-Real-IP", "Forwarded")}
        response = check.call(server, "GET", "/whoami", headers=others)
        check.status(response, 200, line=False)
        body = response.json()
        shown = ", ".join(f"{name}: {value}" for name, value in others.items())
        check.expect(
            body == {"client": "127.0.0.1", "scheme": "http"},
            f"with {shown} (headers uvicorn does not apply) the client is still 127.0.0.1",
            f"with {shown} the body is {response.text}, expected "
            '{"client": "127.0.0.1", "scheme": "http"}: uvicorn applies only X-Forwarded-For and '
            "X-Forwarded-Proto, and only from trusted proxies; any other header is the client's word",
        )
        _untrusted_peer(check, server)
    return check.report


def _untrusted_peer(check: Check, server: LiveServer) -> None:
    """Every forwarded header (helpers.hostile.FORWARDED_HEADERS), sent by a peer that is not a
    trusted proxy: uvicorn applies none of them, so the app must see the peer and plain http.
    The check's own requests come from 127.0.0.1, which uvicorn trusts; this one reaches the
    app as uvicorn hands it a request from 198.51.100.9, with no proxy header applied."""
    peer = ("198.51.100.9", 40000)
    client = TestClient(server.app, client=peer, raise_server_exceptions=False)  # no `with`: no lifespan
    try:
        response = client.get("/whoami", headers=dict(FORWARDED_HEADERS))
    finally:
        client.close()
    shown = ", ".join(f"{name}: {value}" for name, value in FORWARDED_HEADERS.items())
    check.status(response, 200, line=False)
    check.expect(
        response.json() == {"client": peer[0], "scheme": "http"},
        f"from {peer[0]}, not a trusted proxy, the headers {shown} change nothing",
        f"from {peer[0]}, which is not a trusted proxy, with {shown}, the body is {response.text}, expected "
        f'{{"client": "{peer[0]}", "scheme": "http"}}: from an untrusted peer uvicorn applies no proxy header, '
        "and any header the route reads itself is the client's word: use request.client and request.url",
    )


def _kept_lines() -> list[str] | None:
    """The list of lines that the `shop` logger's handler keeps (the lesson's `shop_log`)."""
    for handler in logging.getLogger("shop").handlers:
        lines = getattr(handler, "lines", None)
        if isinstance(lines, list):
            return lines
    return None


@checker
def request_id_lines(server: LiveServer) -> Report:
    """Every line the `shop` logger's handler writes during a request shows that request's id,
    whichever logger of the shop wrote it, and a line written outside a request shows `-`.

    Two routes of the lesson log on two loggers (`shop.orders`, `shop.payments`): a filter on
    one logger, or on the parent `shop` (whose filters never see its children's records), leaves
    a `[-]`. A filter that reads the id once, when it is made, or keeps the last one in a global,
    shows a wrong id outside a request. A filter that returns nothing drops every line.
    """
    nudge = (
        "The id is in the context variable while the request runs; a logging filter runs for every "
        "record a handler writes and may add an attribute to it. Put one where every line passes."
    )
    hint = (
        "Write `class RequestIdFilter(logging.Filter)` whose `filter(self, record)` sets "
        "`record.request_id = request_id_var.get()` and returns True, then "
        "`shop_log.addFilter(RequestIdFilter())`: on the handler, not on a logger."
    )
    with exercise("request_id_lines", server, nudge=nudge, hint=hint) as check:
        lines = _kept_lines()
        if lines is None:
            check.fail(
                "the `shop` logger has no handler that keeps its lines: run the cells of the "
                "section on logging again, from the one that makes `shop_log`"
            )
        start = len(lines)
        try:
            requests = (
                ("/orders/3", "check-order-3", "shop.orders"),
                ("/callbacks/payment?order=5", "check-payment-5", "shop.payments"),
            )
            for path, request_id, logger_name in requests:
                before = len(lines)
                response = check.call(server, "GET", path, headers={"X-Request-ID": request_id})
                check.status(response, 200, line=False)
                written = [line for line in lines[before:] if f" {logger_name}: " in line]
                check.require(
                    bool(written),
                    f"GET {path} wrote no line of {logger_name}: a filter that returns a false value "
                    "(None, when it returns nothing) drops the record",
                )
                check.expect(
                    all(f"[{request_id}]" in line for line in written),
                    f"GET {path} wrote a line of {logger_name}, and with X-Request-ID: {request_id} it shows [{request_id}]",
                    f"with X-Request-ID: {request_id} the line is {written[0]!r}, expected "
                    f"[{request_id}] in it: every line the handler writes needs the id, whichever "
                    "logger wrote it (a logger's own filters see only the records logged on it)",
                )
            before = len(lines)
            logging.getLogger("shop.checks").warning("a line outside any request")
            written = lines[before:]
            check.expect(
                len(written) == 1 and "[-]" in written[0],
                "a line written outside any request shows [-]",
                f"a line written outside any request is {written[0] if written else None!r}, expected "
                "[-] in it: read the id from the context variable when the line is written, so that "
                "no request's id outlives its request",
            )
        finally:
            del lines[start:]  # the check's own lines
    return check.report


class _Records(logging.Handler):
    """Every message logged while it is attached to the root logger."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        self.messages.append(text)


@checker
def sign_up_log(server: LiveServer) -> Report:
    """POST /signups answers 201 and the username, logs a line naming the new user, and no
    line anywhere holds the password; the model keeps its bounds (a username of the pattern,
    which keeps a line break out of the log line, and a password of 12 to 128 characters)."""
    nudge = (
        "A log is read by more people, and kept longer, than a database. Log who signed up, and "
        "leave out what nobody may read: a line built from the whole model writes every field."
    )
    hint = (
        'Log only what you need: `accounts_log.info("sign-up: %s", signup.username)`; or declare '
        "`password: SecretStr` with the same `Field` bounds, whose text is `**********` (and "
        "`.get_secret_value()` where the password is used). Leave the model's bounds as they are."
    )
    with exercise("sign_up_log", server, nudge=nudge, hint=hint) as check:
        records = _Records()
        root = logging.getLogger()
        root.addHandler(records)
        try:
            for username, password in (("grace", "c0bol-Forever-1959"), ("alan_t", "enigma&Bombe")):  # 12: the shortest
                before = len(records.messages)
                response = check.call(server, "POST", "/signups", json={"username": username, "password": password})
                check.status(response, 201)
                check.json(response, {"username": username})
                server.logs()  # waits until the request, and what it logged, is done
                logged = records.messages[before:]
                leaks = [message for message in logged if password in message]
                check.expect(
                    not leaks,
                    f"no log line holds {username}'s password",
                    f"a log line holds {username}'s password {password!r}: {leaks[0]!r}" if leaks else "",
                )
                check.expect(
                    any(username in message for message in logged),
                    f"a log line names the new user {username!r}",
                    f"no log line names the new user {username!r}: keep an INFO line that says who "
                    "signed up, without the password",
                )
            refused = {  # what the model's bounds refuse: each must stay a 422
                "a username with a line break (a forged log line)": {
                    "username": "mallory\nINFO [-] shop.accounts: sign-up: admin", "password": "c0bol-Forever-1959"},
                "a password of 11 characters": {"username": "mallory", "password": "c0bol-Forev"},
                "a password of 129 characters": {"username": "mallory", "password": "c0bol-" * 21 + "Eve"},
            }
            let_in = [what for what, body in refused.items()
                      if check.call(server, "POST", "/signups", json=body).status_code != 422]
            check.expect(
                not let_in,
                "a username off the pattern, and a password shorter than 12 or longer than 128 characters, are refused (422)",
                f"{let_in[0]} is not refused (422): keep the model's bounds as they were" if let_in else "",
            )
        finally:
            root.removeHandler(records)
    return check.report
