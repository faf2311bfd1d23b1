"""`server.client`: an httpx client for the live server whose failures read as one clear line.

Lesson cells call `server.client.get("/x").json()`. When the route raised, blocked, or the
server is gone, plain httpx answers with a long traceback (`JSONDecodeError`, `ReadTimeout`,
`[Errno 9] Bad file descriptor`) that hides what happened. Here each of those becomes a
`CourseError` whose message says what happened and what to do; IPython shows it as one line
(it honours `_render_traceback_`). The errors are still the httpx (or `ValueError`) kinds, so
`except httpx.HTTPError:` keeps working. Stopping the cell while a request waits or a stream
reads is one line too (`Interrupted`, a `KeyboardInterrupt`).

Behind JupyterHub or Binder the app's `root_path` is the proxy's prefix, so redirects and
`request.url_for(...)` give URLs that start with it. The browser needs them so; this client,
which talks to the server directly, takes the prefix off again, so `follow_redirects=True`
works for both.
"""

from __future__ import annotations

import functools
import ssl
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from helpers import held

TIMEOUT = 10.0  # seconds a request may take before the client gives up


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One shared context: loading the CA certificates takes ~15 ms, on every new client."""
    return ssl.create_default_context()


class CourseError(Exception):
    """An error whose message says what to do; a notebook shows it as one line."""

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


class NotAnApp(CourseError, TypeError):
    """Something other than a FastAPI app was given where one is needed."""


class BadSetting(CourseError, ValueError):
    """A setting out of its range; the message says which values it takes."""


class RouteTimeout(CourseError, httpx.TimeoutException):
    """The server took the request but did not answer in time."""


class ServerNotRunning(CourseError, httpx.TransportError):
    """The server was stopped or replaced, before or while the request was made."""


class AnswerBrokenOff(CourseError, httpx.RemoteProtocolError):
    """The server began an answer and stopped half-way: the app raised while sending it."""


class Interrupted(CourseError, KeyboardInterrupt):
    """The learner stopped the cell (the stop button, Ctrl-C) while a request waited or a body
    streamed in; still a `KeyboardInterrupt`, for code that catches one."""


def _interrupted(what: str) -> Interrupted:
    return Interrupted(f"{what}: interrupted before the answer was complete. The server keeps running.")


class NotJSON(CourseError, ValueError):
    """`.json()` was called on an answer that is not JSON (often a route's error)."""


class NotSendable(CourseError, TypeError):
    """`json=` was given a value JSON cannot carry (a set, a datetime, an object, NaN)."""


class LiveResponse(httpx.Response):
    """An httpx `Response` whose `.json()` explains an answer that is not JSON."""

    def json(self, **kwargs: Any) -> Any:
        try:
            return super().json(**kwargs)
        except ValueError:
            pass
        request = f"{self.request.method} {self.request.url.path}"
        advice = ""
        if self.status_code >= 500:
            advice = " Your route raised an error: `server.logs()` shows its traceback."
        raise NotJSON(
            f"{request} answered {self.status_code} with a body that is not JSON: "
            f"{self.text[:80]!r}.{advice}"
        ) from None


class _PrefixTransport(httpx.HTTPTransport):
    """Takes the proxy prefix (`root_path`) off the path of each request, redirects included."""

    def __init__(self, root_path: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.prefix = root_path.rstrip("/").encode()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.raw_path
        if self.prefix and (path == self.prefix or path.startswith(self.prefix + b"/")):
            request.url = request.url.copy_with(raw_path=path[len(self.prefix) :] or b"/")
        return super().handle_request(request)


class LiveClient(httpx.Client):
    """An `httpx.Client` aimed at one live server; see the module docstring.

    `state()` tells the client whether its server is "running", "stopped" or "replaced".
    """

    def __init__(self, base_url: str, root_path: str, name: str, state: Callable[[], str], **kwargs: Any) -> None:
        # trust_env=False: proxy variables must not catch loopback traffic.
        # No keep-alive: after a route raises, uvicorn closes the connection once the 500 is
        # sent, and a pooled connection would make the next request fail with "Connection
        # reset by peer". A new loopback connection per request costs ~0.1 ms.
        limits = httpx.Limits(max_keepalive_connections=0)
        transport = _PrefixTransport(root_path, limits=limits, verify=kwargs.pop("verify", True))
        super().__init__(base_url=base_url, trust_env=False, timeout=TIMEOUT, transport=transport, **kwargs)
        self.name, self._server_state = name, state

    def build_request(self, method: str, url: Any, **kwargs: Any) -> httpx.Request:
        try:
            return super().build_request(method, url, **kwargs)
        except (TypeError, ValueError) as error:
            if kwargs.get("json") is None:
                raise
            raise NotSendable(
                f"{method} {url}: json= holds a value JSON cannot carry ({error}). Send plain "
                "values: str, int, float, bool, None, lists and dicts of them (a model: "
                '`.model_dump(mode="json")`; a date: `.isoformat()`; a set: `list(...)`).'
            ) from None

    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        held.settle()  # a router the running cell made again takes over before it is called
        what = f"{request.method} {request.url.path}"
        if self._server_state() != "running":  # another server may be on its port by now
            raise self._not_running(what, during=False)
        try:
            response = super().send(request, **kwargs)
        except (httpx.TransportError, OSError, RuntimeError) as error:  # RuntimeError: closed client
            raise self._explained(error, request) from None
        except KeyboardInterrupt:  # the stop button, while waiting: one line, not httpcore's frames
            raise _interrupted(what) from None
        if response.status_code >= 500 and self._server_state() != "running":
            raise self._not_running(what, during=True)  # cancelled by the server's shut-down
        response.__class__ = LiveResponse
        if kwargs.get("stream"):  # `client.stream(...)`: the body is read later, chunk by chunk
            response.stream = _ExplainedStream(response.stream, self, request)
        return response

    def _explained(self, error: Exception, request: httpx.Request) -> CourseError:
        """The one-line error that says what went wrong with `request`."""
        what = f"{request.method} {request.url.path}"
        if self._server_state() != "running":
            return self._not_running(what, during=True)
        if isinstance(error, httpx.TimeoutException):
            seconds = _timeout(error, request)
            return RouteTimeout(
                f"{what}: no answer within {seconds}. The route is slow, or it blocks the event "
                "loop: inside an `async def` route, a blocking call (`time.sleep`, `requests`, a "
                "sync database) stops the whole server. Use `await asyncio.sleep(...)` or make "
                "the route a plain `def`.",
                request=request,
            )
        if isinstance(error, httpx.RemoteProtocolError):
            return AnswerBrokenOff(
                f"{what}: the answer broke off half-way: the app raised while sending it (in a "
                "streaming response's generator?). `server.logs()` shows the error.",
                request=request,
            )
        if not self.is_closed:
            return ServerNotRunning(f"{what}: the connection failed ({error}).", request=request)
        return self._not_running(what, during=True)

    def _not_running(self, what: str, during: bool) -> ServerNotRunning:
        state = self._server_state()
        how = "was replaced by a new one" if state == "replaced" else "was stopped"
        when = " while this request waited for its answer" if during else ""
        return ServerNotRunning(
            f"{what}: server {self.name!r} {how}{when}. Use the `server` of the set-up cell "
            "(run it again after a kernel restart), then run the cells that define your routes."
        )


class _ExplainedStream(httpx.SyncByteStream):
    """A streamed body whose failures (the route raised half-way, the server stopped) read as
    one line, like those of a request read whole."""

    def __init__(self, stream: Any, client: LiveClient, request: httpx.Request) -> None:
        self._stream, self._client, self._request = stream, client, request

    def __iter__(self) -> Iterator[bytes]:
        started = False
        try:
            for chunk in self._stream:
                started = True
                yield chunk
        except httpx.TimeoutException as error:
            if not started:
                raise self._client._explained(error, self._request) from None
            what = f"{self._request.method} {self._request.url.path}"
            raise RouteTimeout(
                f"{what}: the answer began, then nothing more came within {_timeout(error, self._request)}: "
                "the streaming response's generator is slow or blocks.", request=self._request
            ) from None
        except (httpx.TransportError, OSError) as error:
            raise self._client._explained(error, self._request) from None
        except KeyboardInterrupt:
            raise _interrupted(f"{self._request.method} {self._request.url.path}") from None

    def close(self) -> None:
        self._stream.close()


def _timeout(error: httpx.TimeoutException, request: httpx.Request) -> str:
    seconds = request.extensions.get("timeout", {}).get("read")
    return f"{seconds:g} s" if isinstance(seconds, int | float) else "the time allowed"
