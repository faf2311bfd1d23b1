"""Checkers for lesson 21, Deployment."""

import os
from unittest import mock

from fastapi.routing import APIRoute

from helpers.checks import Report, exercise
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
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
                check.status(response, 200)
                check.json(response, {"page_size": 10})
                for value in (25, 7):
                    os.environ["SHOP_PAGE_SIZE"] = str(value)
                    _restart_settings(server, "/page-size")
                    response = check.call(server, "GET", "/page-size")
                    check.status(response, 200)
                    body = response.json()
                    check.expect(
                        body == {"page_size": value},
                        f"with SHOP_PAGE_SIZE={value} the body is {{\"page_size\": {value}}}",
                        f"with SHOP_PAGE_SIZE={value} the body is {body}: is the prefix SHOP_, and "
                        "is page_size read from the settings?",
                    )
        finally:
            _restart_settings(server, "/page-size")  # leave no cached test value behind
    return check.report


@checker
def whoami(server: LiveServer) -> Report:
    """GET /whoami answers the client address and scheme after uvicorn applied proxy headers.

    uvicorn trusts the proxy headers of 127.0.0.1 only (its default `--forwarded-allow-ips`).
    With two hops in X-Forwarded-For, "203.0.113.7, 10.0.0.1", only the last address was
    written by a trusted proxy: 10.0.0.1 is the client uvicorn reports, while 203.0.113.7
    could have been typed by anybody. An answer that reads the header itself believes it.
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
        for address, scheme in (("203.0.113.7", "https"), ("198.51.100.24", "http")):
            headers = {"X-Forwarded-For": address, "X-Forwarded-Proto": scheme}
            response = check.call(server, "GET", "/whoami", headers=headers)
            check.status(response, 200)
            check.json(response, {"client": address, "scheme": scheme})
        response = check.call(server, "GET", "/whoami")
        check.status(response, 200)
        check.json(response, {"client": "127.0.0.1", "scheme": "http"})
        two_hops = {"X-Forwarded-For": "203.0.113.7, 10.0.0.1", "X-Forwarded-Proto": "https"}
        response = check.call(server, "GET", "/whoami", headers=two_hops)
        check.status(response, 200)
        body = response.json()
        check.expect(
            body == {"client": "10.0.0.1", "scheme": "https"},
            'with "X-Forwarded-For: 203.0.113.7, 10.0.0.1" the client is 10.0.0.1, the last '
            "hop, as uvicorn sees it",
            f'with "X-Forwarded-For: 203.0.113.7, 10.0.0.1" the body is {response.text}, expected '
            '{"client": "10.0.0.1", "scheme": "https"}: only the last address comes from a '
            "trusted proxy, any earlier one may be forged by the client",
        )
        via_local = {"X-Forwarded-For": "203.0.113.7, 127.0.0.1", "X-Forwarded-Proto": "https"}
        response = check.call(server, "GET", "/whoami", headers=via_local)
        check.status(response, 200)
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
    return check.report
