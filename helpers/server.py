"""A live uvicorn server for a FastAPI app, running in a background thread of the kernel.

Why a thread: the notebook kernel already runs an asyncio event loop, so `uvicorn.run(app)`
cannot start in a cell (and would block the cell forever if it could). Here uvicorn runs its
own event loop in a daemon thread, while cells call it over real HTTP.

What `serve` takes care of, so a learner does not have to:
- it returns only when the server answers, and raises a clear error instead of hanging when
  the port is taken or the app's lifespan start-up fails; an interrupted start leaves nothing
  running;
- running the cell again replaces the earlier server (same `name`), on the same port when that
  is free, so an open /docs tab keeps working;
- the app becomes editable while it serves (see `helpers.live`);
- server logs stay out of cell outputs; `server.logs()` shows them (see `helpers.logs`);
- `server.client` turns a failed call into one clear line (see `helpers.client`);
- a watchdog notices a request that holds the server's event loop (a blocking call in an
  `async def` route): it says so in `server.logs()`, and in one line in the cell that sent the
  request (see `helpers.thread_server`).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import errno
import html
import itertools
import socket
import threading
import time
import weakref
from dataclasses import dataclass
from types import TracebackType
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote, unquote

import httpx
import uvicorn
from fastapi import FastAPI

from helpers.cells import pinned, watch_cells
from helpers.client import BadSetting, LiveClient, NotAnApp, tls_context
from helpers.docs import _colab_url, browser_url, proxy_root_path, use_offline_docs
from helpers.live import make_live
from helpers.logs import LogText, ServerLog, catch_uvicorn_logs, current_log
from helpers.thread_server import HOST, Hold, LoopWatchdog, ThreadServer, has_lifespan, listen

START_TIMEOUT = 10.0  # seconds for bind + lifespan start-up before `serve` gives up
STOP_TIMEOUT = 10.0  # seconds for open requests and lifespan shut-down before `stop` gives up
# On Colab, Swagger UI's "Try it out" reaches the app only for GET: Colab's kernel proxy answers
# other methods itself (googlecolab/colabtools#3925).
COLAB_DOCS_NOTE = (
    'On Colab "Try it out" works for GET only: Colab\'s proxy answers other methods with '
    '"500 Not Allowed" (googlecolab/colabtools#3925), so send those from a cell with server.client.'
)
WATCHDOG = 0.1  # seconds a request may hold the event loop before the watchdog says so
_servers: dict[str, LiveServer] = {}  # the running server of each name
_thread_numbers = itertools.count(1)
# Where the watchdog's line about a request goes: None prints it in the cell that sent the
# request; a list collects the holds instead (a checker reports them in its own words).
loop_holds: contextvars.ContextVar[list[Hold] | None] = contextvars.ContextVar("loop_holds", default=None)


class ServerError(RuntimeError):
    """The server could not start or stop; the message says why and what to do."""

    def _render_traceback_(self) -> list[str]:  # IPython shows the message, not a traceback
        return [f"ServerError: {self}"]


@dataclass
class Link:
    """A link a notebook shows as clickable HTML, and as plain text elsewhere."""

    url: str
    text: str

    def _repr_html_(self) -> str:
        return f'<a href="{html.escape(self.url)}" target="_blank">{html.escape(self.text)}</a>'

    def __repr__(self) -> str:
        return f"{self.text}: {self.url}"


class _ThenAfterwards(httpx.SyncByteStream):
    """A response body that calls `afterwards` once it is closed (read to its end, or left)."""

    def __init__(self, stream: Any, afterwards: Callable[[], None]) -> None:
        self._stream, self._afterwards = stream, afterwards

    def __iter__(self) -> Iterator[bytes]:
        yield from self._stream

    def close(self) -> None:
        self._stream.close()
        self._afterwards()


class LiveServer:
    """A FastAPI app served on 127.0.0.1 by uvicorn in a background thread.

    Use `url` and `client` to call it, `logs()` to read what the server logged, `stop()` and
    `restart()` to control it; `with serve(app) as server:` stops it at the end of the block.
    """

    def __init__(self, app: FastAPI, port: int, name: str, watchdog: float | None = WATCHDOG) -> None:
        self.app, self.name, self.port = app, name, port
        self.watchdog = watchdog  # seconds, or None: no watchdog
        self.fixed_port = port != 0  # the learner asked for this port
        self.url = ""
        self.client: LiveClient  # set by _start(), bound to `url`
        self._log = ServerLog()
        self._http_tasks: weakref.WeakSet[asyncio.Task[Any]] = weakref.WeakSet()
        self._thread: threading.Thread | None = None
        self._uvicorn: ThreadServer | None = None
        self._socket: socket.socket | None = None
        self._crash: BaseException | None = None

    def __repr__(self) -> str:
        return f"<LiveServer {self.name!r} at {self.url} ({self.state()})>"

    def __enter__(self) -> LiveServer:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        alive = self._thread is not None and self._thread.is_alive()
        return alive and self._uvicorn is not None and not self._uvicorn.should_exit

    def state(self) -> str:
        """"running", "replaced" (a server of the same name took over) or "stopped"."""
        if self.running:
            return "running"
        return "replaced" if self.name in _servers and _servers[self.name] is not self else "stopped"

    def docs_link(self) -> Link:
        """A clickable link to this app's interactive API docs (Swagger UI at /docs), as the
        learner's browser reaches it: directly, or through JupyterHub's proxy on Binder. On Colab
        the text adds what its proxy lets through (googlecolab/colabtools#3925)."""
        colab = "" if proxy_root_path(self.port) else _colab_url(self.port)  # a hub prefix wins
        if colab:
            return Link(f"{colab}/docs", f"Open the interactive API docs (/docs). {COLAB_DOCS_NOTE}")
        return Link(f"{browser_url(HOST, self.port)}/docs", "Open the interactive API docs (/docs)")

    def logs(self, since: int = 0) -> LogText:
        """What the server logged since it started (requests, errors with their tracebacks),
        the newest entries when there were many; with `since` (from `log_count()`), only what
        it logged after that.

        Waits up to a second for HTTP requests still being handled: a route's error is logged
        just after the client received its 500. Open WebSockets are not waited for.
        """
        self._wait_for_requests()
        return self._log.text(since)

    def log_count(self) -> int:
        """How many entries the server has logged so far, once requests in flight are done."""
        self._wait_for_requests()
        return self._log.count()

    def _wait_for_requests(self) -> None:
        deadline = time.monotonic() + 1
        while self._handling_requests() and time.monotonic() < deadline:
            time.sleep(0.005)

    def _handling_requests(self) -> bool:
        """Whether an HTTP request is still being handled (or logged); WebSockets don't count."""
        return any(not task.done() for task in list(self._http_tasks))

    def stop(self) -> None:
        """Stop serving and wait until the port is free and the app's shut-down has run.

        Waits for this server only, never for another one.
        """
        if self._uvicorn is not None:
            self._uvicorn.exit_soon()
        if _servers.get(self.name) is self:
            del _servers[self.name]
        if self._thread is not None:
            self._thread.join(STOP_TIMEOUT)
            if self._thread.is_alive():
                raise ServerError(
                    f"Server {self.name!r} did not stop within {STOP_TIMEOUT:.0f} s: a request or "
                    "the app's lifespan shut-down is still running. Restart the kernel to end it."
                )
        with contextlib.suppress(AttributeError):  # no client: the start failed before it
            self.client.close()

    def restart(self) -> None:
        """Stop, then serve the same app again on the same port (same `url`)."""
        self.stop()
        other = _servers.pop(self.name, None)  # a server started under this name meanwhile
        if other is not None:
            other._hand_over()
        _servers[self.name] = self
        self._start([self.port], restarting=True)

    def _hand_over(self) -> None:
        """Make way for a new server of the same name.

        uvicorn's shut-down pauses 0.1 s for open connections before it runs the app's lifespan
        shut-down. When the app has no lifespan, nothing can race with the new server, so only
        the port is waited for and the pause finishes in the background. Otherwise the old
        server stops completely first.
        """
        if has_lifespan(self.app) or self._uvicorn is None:
            self.stop()
            return
        self._uvicorn.exit_soon()
        deadline = time.monotonic() + STOP_TIMEOUT
        while self._socket is not None and self._socket.fileno() != -1:
            if time.monotonic() > deadline or not (self._thread and self._thread.is_alive()):
                break
            time.sleep(0.0005)
        # The client stays open: a request in flight gets its answer or a clear error, and
        # the client refuses new requests, since its server is no longer running.

    def _start(self, ports: list[int], restarting: bool = False) -> None:
        """Bind the first of `ports` that is free (the last one must be), then serve."""
        try:
            self._serve_thread(ports, restarting)
        except BaseException:  # a failed start, or the learner interrupted it: nothing is left
            self.stop()
            raise

    def _serve_thread(self, ports: list[int], restarting: bool) -> None:
        catch_uvicorn_logs()
        self._socket = _bind(ports, self, restarting)
        self.port = self._socket.getsockname()[1]
        self.url = f"http://{HOST}:{self.port}"
        # "" unless on JupyterHub/Binder. uvicorn needs it in ASCII: a user name such as josé
        # is percent-encoded, as in the URLs the hub gives (/user/jos%C3%A9/).
        root_path = quote(unquote(proxy_root_path(self.port)), safe="/")
        hooks = {"request": [_note_sent], "response": [self._notice_hold]}
        self.client = LiveClient(self.url, root_path, self.name, self.state, verify=tls_context(), event_hooks=hooks)
        self._log = ServerLog()
        config = uvicorn.Config(
            self._asgi,
            interface="asgi3",
            log_config=None,  # the default calls logging.config.dictConfig for the whole kernel
            log_level="info",
            root_path=root_path,
            timeout_graceful_shutdown=2,  # an endless streaming response must not block stop()
        )
        self._uvicorn = ThreadServer(config)
        if self.watchdog is not None:
            log = self._log
            self._uvicorn.watchdog = LoopWatchdog(self.watchdog, lambda hold: log.add(hold.log_entry()))
        self._crash = None
        # A fresh context: the thread must not inherit the starting cell's output routing. It
        # carries this server's log instead, which the threads running `def` routes inherit.
        context = contextvars.Context()
        context.run(current_log.set, self._log)
        name = f"helpers-serve-{self.name}-{next(_thread_numbers)}"
        self._thread = threading.Thread(target=context.run, args=(self._run,), name=name, daemon=True)
        self._thread.start()
        self._wait_until_ready()

    def _notice_hold(self, response: httpx.Response) -> None:
        """After each answer to `client`: if this request held the event loop, say so in the
        cell that sent it (one line), or hand the hold to a checker (`loop_holds`). Asked when
        the headers arrive and again once the body is read: a streamed body may hold the loop
        after its headers went out."""
        try:  # the client's end of the connection, as the server saw it in the request's scope
            port = response.extensions["network_stream"].get_extra_info("client_addr")[1]
        except (KeyError, TypeError, IndexError, AttributeError, OSError):
            return
        self._claim_hold(port, response.request)
        response.stream = _ThenAfterwards(response.stream, lambda: self._claim_hold(port, response.request))

    def _claim_hold(self, port: int, request: httpx.Request) -> None:
        watchdog = self._uvicorn.watchdog if self._uvicorn is not None else None
        if watchdog is None or not watchdog.has_news():
            return
        if port in watchdog.suspects():  # its hold has just ended: let the loop close it
            watchdog.settle()
        hold = watchdog.claim(port, request.method, request.extensions.get(_SENT, 0.0))
        if hold is None:
            return
        collected = loop_holds.get()
        if collected is None:
            print(hold.notice())
        else:
            collected.append(hold)

    async def _asgi(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            catch_uvicorn_logs()  # undo a learner's logging.config.dictConfig(...)
            task = asyncio.current_task()
            if task is not None:
                self._http_tasks.add(task)
        await self.app(scope, receive, send)

    def _run(self) -> None:
        assert self._uvicorn is not None and self._socket is not None
        try:
            with asyncio.Runner() as runner:
                runner.run(self._uvicorn.serve(sockets=[self._socket]))
        except BaseException as crash:  # uvicorn ends a failed start-up with sys.exit()
            self._crash = crash
        finally:
            self._socket.close()
            self._uvicorn.startup_over.set()

    def _wait_until_ready(self) -> None:
        assert self._uvicorn is not None
        if not self._uvicorn.startup_over.wait(START_TIMEOUT):
            raise ServerError(
                f"The app did not finish starting within {START_TIMEOUT:.0f} s: its lifespan "
                "start-up is still running. Look for a loop or a wait in it, then run the "
                "cell again."
            )
        if not self._uvicorn.started:
            self._uvicorn.exit_soon()
            if self._thread is not None:
                self._thread.join(STOP_TIMEOUT)
            logged = self._log.text() or repr(self._crash)
            raise ServerError(f"The app failed to start. What the server logged:\n\n{logged}")


_SENT = "helpers_sent"  # a request's extension: when the client sent it (time.monotonic())


def _note_sent(request: httpx.Request) -> None:
    request.extensions[_SENT] = time.monotonic()


def _bind(ports: list[int], server: LiveServer, restarting: bool) -> socket.socket:
    """A socket listening on the first of `ports` that is free, or a ServerError that says why
    the last one is not."""
    try:
        return listen(ports)
    except OSError as error:
        raise ServerError(_bind_advice(ports[-1], server, error, restarting)) from None


def _bind_advice(port: int, server: LiveServer, error: OSError, restarting: bool) -> str:
    if error.errno == errno.EACCES:
        return f"Port {port} needs administrator rights. Use a port from 1024 to 65535."
    if error.errno != errno.EADDRINUSE:
        return f"Could not listen on {HOST}:{port}: {error.strerror}."
    other = next((s for s in _servers.values() if s.port == port and s is not server), None)
    who = f"your server {other.name!r}" if other else "another program (another notebook's kernel, perhaps)"
    stop = "stop it first (its `.stop()`)" if other else "stop that program (in JupyterLab, shut down the other notebook's kernel)"
    if restarting and not server.fixed_port:
        return (
            f"Port {port}, where server {server.name!r} ran, was taken meanwhile by {who}. Run the "
            "set-up cell again: `serve(app)` picks a free port (then open /docs again)."
        )
    return f"Port {port} on {HOST} is already in use by {who}. Leave out `port=` to get a free port, or {stop}."


def serve(app: FastAPI, port: int = 0, *, name: str = "app", watchdog: float | None = WATCHDOG) -> LiveServer:
    """Serve `app` on 127.0.0.1 from a background thread; return once it answers requests.

    `port=0` (the default) lets the operating system pick a free port, or, when the cell runs
    again, keeps the earlier server's port if it is still free. Calling `serve` again with the
    same `name` (as re-running the cell does) first stops the earlier server.

    `watchdog` is how many seconds one request may hold the server's event loop (a blocking
    call in an `async def` route) before the server says so, in `server.logs()` and in the
    cell that sent the request; `None` turns the watchdog off.
    """
    if not isinstance(app, FastAPI):  # (one line in a notebook: these errors say what to do)
        router = " (a router goes into an app: `app.include_router(router)`, then serve(app))" \
            if hasattr(app, "include_router") else ""
        raise NotAnApp(f"serve() needs a FastAPI app, as in `app = FastAPI()`; it got {type(app).__name__} "
                       f"{app!r:.60}{router}.")
    if isinstance(port, bool) or not isinstance(port, int) or not (port == 0 or 1024 <= port <= 65535):
        raise BadSetting(f"port must be a whole number from 1024 to 65535, or 0 for any free port; got {port!r}.")
    if watchdog is not None and (isinstance(watchdog, bool) or not isinstance(watchdog, int | float) or not watchdog > 0):
        raise BadSetting(f"watchdog must be a number of seconds above 0 (such as 0.1), or None to turn it off; got {watchdog!r}.")
    earlier = _servers.pop(name, None)
    if earlier is not None:
        earlier._hand_over()
    watch_cells()
    make_live(app)
    with pinned():
        use_offline_docs(app)
    server = LiveServer(app, port, name, watchdog)
    _servers[name] = server  # from here on, running the cell again (or `stop()`) ends it
    ports = [earlier.port, 0] if port == 0 and earlier is not None else [port]
    server._start(ports)
    return server
