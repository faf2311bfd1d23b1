"""A live uvicorn server for a FastAPI app, running in a background thread of the kernel.

Why a thread: the notebook kernel already runs an asyncio event loop, so `uvicorn.run(app)`
cannot start in a cell (and would block the cell forever if it could). Here uvicorn runs its
own event loop in a daemon thread, while cells call it over real HTTP.

What `serve` takes care of, so a learner does not have to:
- it returns only when the server answers, and raises a clear error instead of hanging when
  the port is taken or the app's lifespan start-up fails;
- running the cell again replaces the earlier server (same `name`) instead of leaving it
  behind or failing with "address already in use";
- the app becomes editable while it serves (see `helpers.live`);
- server logs are kept out of cell outputs; `server.logs()` shows them on demand.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import errno
import functools
import html
import itertools
import logging
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from types import TracebackType

import httpx
import uvicorn
from fastapi import FastAPI

from helpers.docs import browser_url, proxy_root_path, use_offline_docs
from helpers.live import make_live

HOST = "127.0.0.1"  # loopback only: nothing outside this machine can reach a lesson's app
START_TIMEOUT = 10.0  # seconds for bind + lifespan start-up before `serve` gives up
STOP_TIMEOUT = 10.0  # seconds for open requests and lifespan shut-down before `stop` gives up
_DEFAULT_LIFESPAN = type(FastAPI().router.lifespan_context)
_servers: dict[str, LiveServer] = {}  # the running server of each name
_stopping: list[threading.Thread] = []  # replaced servers still finishing their shut-down
_thread_numbers = itertools.count(1)


class ServerError(RuntimeError):
    """The server could not start or stop; the message says why and what to do."""


class LogText(str):
    """A str that a notebook displays as plain lines, not as a quoted repr."""

    def __repr__(self) -> str:
        return str(self)


@dataclass
class Link:
    """A link a notebook shows as clickable HTML, and as plain text elsewhere."""

    url: str
    text: str

    def _repr_html_(self) -> str:
        return f'<a href="{html.escape(self.url)}" target="_blank">{html.escape(self.text)}</a>'

    def __repr__(self) -> str:
        return f"{self.text}: {self.url}"


class _LogRouter(logging.Filter):
    """Takes each uvicorn log record of a live server's thread into that server's log.

    It is a filter on uvicorn's loggers rather than a handler, because anything that sets up
    uvicorn's default logging (a `uvicorn.run` in a cell, for one) replaces their handlers for
    the whole kernel, but keeps their filters. Records of other threads pass on unchanged.
    """

    def __init__(self) -> None:
        super().__init__()
        self.buffers: dict[str, list[str]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        buffer = self.buffers.get(record.threadName or "")
        if buffer is None:
            return True
        if record.msg not in PROCESS_LINES:
            line = f"{record.levelname}: {_log_message(record)}"
            if record.exc_info:
                line += "\n" + logging.Formatter().formatException(record.exc_info)
            buffer.append(line)
        return False


def _log_message(record: logging.LogRecord) -> str:
    if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) == 5:
        _client, method, path, _http_version, status = record.args
        return f"{method} {path} -> {status}"  # leaves out the client's port, which changes
    return record.getMessage()


# uvicorn's "Started/Finished server process [PID]": in a notebook the PID is the kernel's.
PROCESS_LINES = {"Started server process [%d]", "Finished server process [%d]"}
_log_router = _LogRouter()


def _route_uvicorn_logs() -> None:
    """Put `_log_router` on the loggers uvicorn writes to (adding it again does nothing).

    uvicorn writes no access log at all when its logger has no handler anywhere up the tree
    (often the case in a kernel), hence the handler that does nothing.
    """
    for name in ("uvicorn.error", "uvicorn.access", "uvicorn.asgi"):
        logging.getLogger(name).addFilter(_log_router)
    access = logging.getLogger("uvicorn.access")
    if not access.hasHandlers():
        access.addHandler(logging.NullHandler())


class _ThreadServer(uvicorn.Server):
    """uvicorn's `Server`, told when to exit instead of polling a flag every 0.1 s, and
    announcing when start-up is over (successfully or not)."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.startup_over = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        self._loop, self._wake = asyncio.get_running_loop(), asyncio.Event()
        try:
            await super().startup(sockets)
        finally:
            self.startup_over.set()

    async def main_loop(self) -> None:
        # uvicorn's own loop sleeps 0.1 s between ticks; waiting on an event lets `exit_soon`
        # end it at once, while the tick (which refreshes the Date header) still runs.
        assert self._wake is not None
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 1) % 864_000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), 0.1)

    def exit_soon(self) -> None:
        """Ask the server to shut down; safe to call from any thread."""
        self.should_exit = True
        if self._loop is not None and self._wake is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already closed
                self._loop.call_soon_threadsafe(self._wake.set)


class LiveServer:
    """A FastAPI app served on 127.0.0.1 by uvicorn in a background thread.

    Use `url` and `client` to call it, `logs()` to read what the server logged, `stop()` and
    `restart()` to control it; `with serve(app) as server:` stops it at the end of the block.
    """

    def __init__(self, app: FastAPI, port: int, name: str) -> None:
        self.app, self.name = app, name
        self.port = port
        self.url = ""
        self.client: httpx.Client  # set by _start(), bound to `url`
        self._log_lines: list[str] = []
        self._thread: threading.Thread | None = None
        self._uvicorn: _ThreadServer | None = None
        self._socket: socket.socket | None = None
        self._crash: BaseException | None = None

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<LiveServer {self.name!r} at {self.url} ({state})>"

    def __enter__(self) -> LiveServer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        alive = self._thread is not None and self._thread.is_alive()
        return alive and self._uvicorn is not None and not self._uvicorn.should_exit

    def docs_link(self) -> Link:
        """A clickable link to this app's interactive API docs (Swagger UI at /docs), as the
        learner's browser reaches it: directly, or through JupyterHub's proxy on Binder."""
        return Link(f"{browser_url(HOST, self.port)}/docs", "Open the interactive API docs (/docs)")

    def logs(self) -> LogText:
        """Everything the server logged since it started: requests, errors with tracebacks.

        Waits up to a second for requests still being handled: a route's error is logged just
        after the client received its 500.
        """
        deadline = time.monotonic() + 1
        while self._uvicorn and self._uvicorn.server_state.tasks and time.monotonic() < deadline:
            time.sleep(0.005)
        return LogText("\n".join(self._log_lines))

    def stop(self) -> None:
        """Stop serving and wait until the port is free and the app's shut-down has run."""
        self._exit_soon()
        if _servers.get(self.name) is self:
            del _servers[self.name]
        for thread in [self._thread, *_stopping]:
            if thread is not None:
                thread.join(STOP_TIMEOUT)
                if thread.is_alive():
                    raise ServerError(
                        f"Server {self.name!r} did not stop within {STOP_TIMEOUT:.0f} s: a "
                        "request or the app's lifespan shut-down is still running. Restart the "
                        "kernel to end it."
                    )
        _stopping.clear()
        self.client.close()

    def restart(self) -> None:
        """Stop, then serve the same app again on the same port (same `url`)."""
        self.stop()
        other = _servers.pop(self.name, None)  # a server started under this name meanwhile
        if other is not None:
            other._hand_over()
        self._start()
        _servers[self.name] = self

    def _exit_soon(self) -> None:
        if self._uvicorn is not None:
            self._uvicorn.exit_soon()

    def _hand_over(self) -> None:
        """Make way for a new server of the same name.

        uvicorn's shut-down pauses 0.1 s for open connections before it runs the app's lifespan
        shut-down. When the app has no lifespan, nothing can race with the new server, so only
        the port is waited for and the pause finishes in the background. Otherwise the old
        server stops completely first.
        """
        if _has_lifespan(self.app):
            self.stop()
            return
        self._exit_soon()
        deadline = time.monotonic() + STOP_TIMEOUT
        while self._socket is not None and self._socket.fileno() != -1:
            if time.monotonic() > deadline or not (self._thread and self._thread.is_alive()):
                break
            time.sleep(0.0005)
        if self._thread is not None:
            _stopping.append(self._thread)
        self.client.close()

    def _start(self) -> None:
        _route_uvicorn_logs()
        self._socket = _bind(self.port, self.name)
        self.port = self._socket.getsockname()[1]
        self.url = f"http://{HOST}:{self.port}"
        # trust_env=False: proxy variables must not catch loopback traffic.
        # No keep-alive: after a route raises, uvicorn closes the connection once the 500 is
        # sent, and a pooled connection would make the learner's next request fail with
        # "Connection reset by peer". A new loopback connection per request costs ~0.1 ms.
        self.client = httpx.Client(
            base_url=self.url,
            trust_env=False,
            timeout=10.0,
            verify=_tls_context(),
            limits=httpx.Limits(max_keepalive_connections=0),
        )
        self._log_lines = []
        config = uvicorn.Config(
            self.app,
            log_config=None,  # the default calls logging.config.dictConfig for the whole kernel
            log_level="info",
            root_path=proxy_root_path(self.port),  # "" unless on JupyterHub/Binder
            timeout_graceful_shutdown=2,  # an endless streaming response must not block stop()
        )
        self._uvicorn = _ThreadServer(config)
        self._crash = None
        thread_name = f"helpers-serve-{self.name}-{next(_thread_numbers)}"
        _log_router.buffers[thread_name] = self._log_lines
        # A fresh context: the thread must not inherit the starting cell's output routing.
        self._thread = threading.Thread(
            target=contextvars.Context().run, args=(self._run,), name=thread_name, daemon=True
        )
        self._thread.start()
        self._wait_until_ready()

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
            _log_router.buffers.pop(threading.current_thread().name, None)

    def _wait_until_ready(self) -> None:
        assert self._uvicorn is not None
        if not self._uvicorn.startup_over.wait(START_TIMEOUT):
            self._exit_soon()
            raise ServerError(
                f"The app did not finish starting within {START_TIMEOUT:.0f} s: its lifespan "
                "start-up is still running. Look for a loop or a wait in it, then run the "
                "cell again."
            )
        if not self._uvicorn.started:
            self.stop()
            logged = self.logs() or repr(self._crash)
            raise ServerError(f"The app failed to start. What the server logged:\n\n{logged}")


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One shared context: loading the CA certificates takes ~15 ms, on every new client."""
    return ssl.create_default_context()


def _has_lifespan(app: FastAPI) -> bool:
    router = app.router
    custom = type(router.lifespan_context) is not _DEFAULT_LIFESPAN
    return custom or bool(router.on_startup or router.on_shutdown)


def _bind(port: int, name: str) -> socket.socket:
    """Bind the listening socket here, in the cell, so a taken port fails at once and clearly
    (uvicorn would call sys.exit() inside the thread instead)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((HOST, port))
    except OSError as error:
        listener.close()
        raise ServerError(_bind_advice(port, name, error)) from None
    return listener


def _bind_advice(port: int, name: str, error: OSError) -> str:
    if error.errno == errno.EACCES:
        return f"Port {port} needs administrator rights. Use a port from 1024 to 65535."
    if error.errno != errno.EADDRINUSE:
        return f"Could not listen on {HOST}:{port}: {error.strerror}."
    for other in _servers.values():
        if other.port == port and other.name != name:
            return (
                f"Port {port} is in use by your server {other.name!r}. Stop it first "
                f"(its `.stop()`), or leave out `port=` to get a free port."
            )
    return (
        f"Port {port} on {HOST} is already in use by another program (another notebook's "
        f"kernel, perhaps). Leave out `port=` to get a free port, or stop that program: in "
        f"JupyterLab, shut down the other notebook's kernel."
    )


def serve(app: FastAPI, port: int = 0, *, name: str = "app") -> LiveServer:
    """Serve `app` on 127.0.0.1 from a background thread; return once it answers requests.

    `port=0` (the default) lets the operating system pick a free port. Calling `serve` again
    with the same `name` (as re-running the cell does) first stops the earlier server.
    """
    if not isinstance(app, FastAPI):
        raise TypeError(
            f"serve() needs a FastAPI app, as in `app = FastAPI()`; it got {type(app).__name__} "
            f"{app!r:.60}."
        )
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise ValueError(
            f"port must be a whole number from 1024 to 65535, or 0 for any free port; got {port!r}."
        )
    _stopping[:] = [thread for thread in _stopping if thread.is_alive()]
    earlier = _servers.pop(name, None)
    if earlier is not None:
        earlier._hand_over()
    make_live(app)
    use_offline_docs(app)
    server = LiveServer(app, port, name)
    server._start()
    _servers[name] = server
    return server
