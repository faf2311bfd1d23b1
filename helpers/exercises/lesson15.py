"""Checkers for lesson 15, Deployment."""

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from helpers.checks import Report, exercise, json_difference, same_json, show
from helpers.progress import checker
from helpers.server import LiveServer


def _cached_dependencies(server: LiveServer, path: str) -> list[Callable[..., Any]]:
    """The dependencies of the route `GET path` that keep their result (`@lru_cache`)."""
    found: list[Callable[..., Any]] = []
    for route in server.app.routes:
        if getattr(route, "path", None) == path and "GET" in (getattr(route, "methods", None) or ()):
            todo = list(getattr(route, "dependant", None) and route.dependant.dependencies or [])
            while todo:
                dependency = todo.pop()
                todo += dependency.dependencies
                if callable(getattr(dependency.call, "cache_clear", None)):
                    found.append(dependency.call)
    return found


@contextmanager
def _environment(server: LiveServer, path: str) -> Iterator[Callable[[], None]]:
    """Change environment variables inside the block, and restore them after it. Yields a
    function to call after each change: it empties the caches of cached settings (the
    `@lru_cache` idiom), as a restart would. They are emptied at the end too, so the learner's
    app does not keep the checker's settings."""
    cached = _cached_dependencies(server, path)

    def settings_changed() -> None:
        for dependency in cached:
            dependency.cache_clear()  # type: ignore[attr-defined]

    with mock.patch.dict(os.environ):
        try:
            yield settings_changed
        finally:
            os.environ.pop("SHOP_PAGE_SIZE", None)
            settings_changed()


@checker
def page_size(server: LiveServer) -> Report:
    """GET /page-size answers SHOP_PAGE_SIZE from the environment, 10 when it is not set."""
    hint = (
        'Use `model_config = SettingsConfigDict(env_prefix="SHOP_")`, a field `page_size: int = 10`, '
        'and return `{"page_size": settings.page_size}`.'
    )
    with exercise("page_size", hint, server) as check, _environment(server, "/page-size") as settings_changed:
        os.environ.pop("SHOP_PAGE_SIZE", None)
        settings_changed()
        response = check.call(server, "GET", "/page-size")
        check.status(response, 200)
        check.json(response, {"page_size": 10})
        for value in (25, 7):
            os.environ["SHOP_PAGE_SIZE"] = str(value)
            settings_changed()
            response = check.call(server, "GET", "/page-size")
            check.status(response, 200)
            body, expected = response.json(), {"page_size": value}
            note = json_difference(body, expected) or (
                ": is the prefix SHOP_, and are the settings read on each request (a settings "
                "object made once keeps its values)?"
            )
            check.expect(
                same_json(body, expected),
                f"with SHOP_PAGE_SIZE={value} the body is {show(expected)}",
                f"with SHOP_PAGE_SIZE={value} the body is {show(body)}{note}",
            )
    return check.report


@checker
def whoami(server: LiveServer) -> Report:
    """GET /whoami answers the client address and scheme after uvicorn applied proxy headers.

    uvicorn trusts the proxy headers of 127.0.0.1 only (its default `--forwarded-allow-ips`).
    With two hops in X-Forwarded-For, "203.0.113.7, 10.0.0.1", only the last address was
    written by a trusted proxy: 10.0.0.1 is the client uvicorn reports, while 203.0.113.7
    could have been typed by anybody. An answer that reads the header itself believes it.
    """
    hint = 'Return `{"client": request.client.host, "scheme": request.url.scheme}`.'
    with exercise("whoami", hint, server) as check:
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
            same_json(body, {"client": "10.0.0.1", "scheme": "https"}),
            'with "X-Forwarded-For: 203.0.113.7, 10.0.0.1" the client is 10.0.0.1, the last '
            "hop, as uvicorn sees it",
            f'with "X-Forwarded-For: 203.0.113.7, 10.0.0.1" the body is {show(body)}, expected '
            '{"client": "10.0.0.1", "scheme": "https"}: only the last address comes from a '
            "trusted proxy, any earlier one may be forged. Read request.client.host, where "
            "uvicorn has applied the header, not the header itself",
        )
    return check.report
