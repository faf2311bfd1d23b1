"""uvicorn in a thread of the kernel: a server that stops at once when asked, a socket that
listens before the app's lifespan starts, and a watchdog that names the request that held the
server's event loop.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import contextvars
import functools
import os
import site
import socket
import sys
import sysconfig
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

import uvicorn
from fastapi import FastAPI

HOST = "127.0.0.1"  # loopback only: nothing outside this machine can reach a lesson's app
_DEFAULT_LIFESPAN = type(FastAPI().router.lifespan_context)


class ThreadServer(uvicorn.Server):
    """uvicorn's `Server`, told when to exit instead of polling a flag every 0.1 s, announcing
    when start-up is over (successfully or not), and cancellable while it starts."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.startup_over = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[Any] | None = None
        self.watchdog: LoopWatchdog | None = None  # started once the app has started

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        self._loop, self._wake, self._task = asyncio.get_running_loop(), asyncio.Event(), asyncio.current_task()
        if self.watchdog is not None:  # the watchdog finds a request's scope in the tasks it starts
            if not self.config.loaded:
                self.config.load()
            if not isinstance(self.config.loaded_app, _ScopeNoter):
                self.config.loaded_app = _ScopeNoter(self.config.loaded_app)
        try:
            await super().startup(sockets)
        finally:
            self.startup_over.set()

    async def main_loop(self) -> None:
        # uvicorn's own loop sleeps 0.1 s between ticks; waiting on an event lets `exit_soon`
        # end it at once, while the tick (which refreshes the Date header) still runs.
        assert self._wake is not None
        if self.watchdog is not None:
            self.watchdog.start(asyncio.get_running_loop())
        try:
            counter = 0
            while not await self.on_tick(counter):
                counter = (counter + 1) % 864_000
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), 0.1)
        finally:
            if self.watchdog is not None:
                self.watchdog.stop()

    def exit_soon(self) -> None:
        """Ask the server to shut down; safe to call from any thread. A start-up still running
        (a lifespan that waits) is cancelled, so that nothing is left that cannot be stopped."""
        self.should_exit = True
        with contextlib.suppress(RuntimeError):  # the loop has already closed
            if self._loop is not None and self._wake is not None:
                self._loop.call_soon_threadsafe(self._wake.set)
            if self._loop is not None and self._task is not None and not self.startup_over.is_set():
                self._loop.call_soon_threadsafe(self._task.cancel)


def listen(ports: list[int]) -> socket.socket:
    """A socket listening on 127.0.0.1, on the first of `ports` that is free (0: any port).

    Bound and listening here, in the cell, so that a taken port fails at once (uvicorn would
    call sys.exit() inside the thread instead), and so that no other program can take the port
    while the app's lifespan starts up. Raises the OSError of the last port.
    """
    for port in ports:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind((HOST, port))
            listener.listen(2048)
            return listener
        except OSError:
            listener.close()
            if port == ports[-1]:
                raise
    raise ValueError("no port to listen on")


def has_lifespan(app: FastAPI) -> bool:
    router = app.router
    custom = type(router.lifespan_context) is not _DEFAULT_LIFESPAN
    return custom or bool(router.on_startup or router.on_shutdown)


# ---------------------------------------------------------------------------------------------
# The watchdog: which request held the event loop, and for how long.
#
# An `async def` route runs on the server's event loop; a blocking call in it (`time.sleep`, a
# sync HTTP client or database driver) holds the loop, and every other request waits. Two
# parts find it:
# - a heartbeat on the loop, every `beat` seconds, which notes when it ran;
# - a thread that, while the heartbeat is late, looks at the loop thread's stack for the ASGI
#   `scope` of the request being run there.
# When the heartbeat runs again it closes the hold: a request that the thread found on the
# stack each time it looked, for `threshold` seconds or more in a row, held the loop. Only a
# request whose own code (not FastAPI's, uvicorn's or the standard library's) is on the stack
# counts. A `def` route runs in the threadpool, never on the loop's stack; a loop that is only
# busy (many short requests) shows different requests, or none, and is not blamed on anyone.


# The request a task works for. A request's code can run in a task of its own, with no `scope`
# on its stack: a StreamingResponse iterates its body in a task it starts, and so can a
# learner's task group. Each task started while a request runs inherits this variable, and the
# watchdog's task factory notes which request it belongs to.
_request_scope: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("helpers_request_scope", default=None)


class _ScopeNoter:
    """The ASGI app as uvicorn runs it, noting the request's scope in `_request_scope`."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") in ("http", "websocket"):
            _request_scope.set(scope)  # each request runs in a task (a context) of its own
        await self.app(scope, receive, send)


@dataclass(frozen=True)
class Hold:
    """One request held the server's event loop for `seconds`."""

    method: str
    path: str
    route: str | None  # the route's path, such as "/items/{item_id}"; None if none matched
    client_port: int | None  # of the connection, to find the client's own request
    seconds: float
    ended: float = field(default_factory=time.monotonic)

    def duration(self) -> str:
        """Described, never raw: the exact figure changes from run to run."""
        return "less than a second" if self.seconds < 0.7 else f"about {max(1, round(self.seconds))} s"

    def request(self) -> str:
        route = f" (route {self.route})" if self.route and self.route != self.path else ""
        return f"{self.method} {self.path}{route}"

    def advice(self) -> str:
        return (
            "In an `async def` route, make it a plain `def`, await a call that does not block "
            "(`await asyncio.sleep(...)`), or run the blocking work in a thread "
            "(`await asyncio.to_thread(...)` or `await run_in_threadpool(...)`)."
        )

    def log_entry(self) -> str:
        return (
            f"WARNING: {self.request()} held the event loop for {self.duration()}; every other "
            f"request waited. {self.advice()}"
        )

    def notice(self) -> str:
        """The one line the cell that sent the request shows."""
        return (
            f"⚠️ {self.method} {self.path} held the server's event loop for {self.duration()}, and "
            f"every other request waited. {self.advice()}"
        )


@dataclass(eq=False)
class _Sample:
    scope: dict[str, Any] | None  # the request on the loop's stack when the thread looked, if any
    blocked: bool = True  # the loop's thread was waiting in a call, not for a CPU (see _blocked)
    taken: float = field(default_factory=time.monotonic)

    @property
    def client_port(self) -> int | None:
        client = self.scope.get("client") if self.scope is not None else None
        return client[1] if isinstance(client, list | tuple) and len(client) == 2 else None


def _runs(samples: list[_Sample], began: float, ended: float) -> Iterator[tuple[dict[str, Any], float, int | None]]:
    """Each request seen on the stack in a row of samples, with how long it was there: from
    halfway between the sample before and its first (or from the start of the hold), to halfway
    between its last and the sample after (or the end of the hold). One loop turn can run two
    blocking requests back to back, and the server's own work can come before or after them."""
    first = 0
    while first < len(samples):
        scope, last = samples[first].scope, first
        while last + 1 < len(samples) and scope is not None and samples[last + 1].scope is scope:
            last += 1
        if scope is not None and any(sample.blocked for sample in samples[first : last + 1]):
            before = began if first == 0 else (samples[first - 1].taken + samples[first].taken) / 2
            after = ended if last == len(samples) - 1 else (samples[last].taken + samples[last + 1].taken) / 2
            yield scope, after - before, samples[first].client_port
        first = last + 1


def _library_folders() -> tuple[str, ...]:
    """Where installed code lives (the standard library, site-packages), and `helpers`."""
    folders = {os.path.dirname(os.path.abspath(__file__))}
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        folders.add(sysconfig.get_paths()[key])
    folders.update(site.getsitepackages())
    folders.add(site.getusersitepackages())
    folders |= {os.path.realpath(folder) for folder in folders}
    return tuple(folder.rstrip(os.sep) + os.sep for folder in folders)


_LIBRARY_FOLDERS = _library_folders()


@functools.lru_cache(maxsize=4096)
def _is_library(filename: str) -> bool:
    """Whether code from `filename` is installed code rather than the app's (a notebook cell,
    a lesson's project, a test)."""
    return filename.startswith("<frozen ") or filename.startswith(_LIBRARY_FOLDERS)


class LoopWatchdog:
    """Watches one server's event loop; `on_hold` gets each `Hold` (see above)."""

    KEPT = 100  # holds kept for the client to find its own
    UNCLAIMED = 60.0  # seconds after which a hold no client claimed is forgotten (the log keeps it)

    def __init__(self, threshold: float, on_hold: Callable[[Hold], None]) -> None:
        self.threshold = threshold
        self.beat = min(0.05, max(0.005, threshold / 5))
        self.on_hold = on_hold
        self.holds: collections.deque[Hold] = collections.deque(maxlen=self.KEPT)
        self._samples: list[_Sample] = []
        self._beats = 0  # heartbeats so far: a sample belongs to the hold it was taken in
        self._last_beat = time.monotonic()
        self._last_cpu = 0.0  # the loop thread's CPU time at the last heartbeat
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread = 0
        self._loop_task = ""  # Linux: where the kernel says whether the loop's thread runs or waits
        self._timer: asyncio.TimerHandle | None = None
        self._task_scopes: weakref.WeakKeyDictionary[asyncio.Task[Any], dict[str, Any]] = weakref.WeakKeyDictionary()

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Start watching; called on the loop."""
        self._loop, self._loop_thread = loop, threading.get_ident()
        self._loop_task = f"/proc/self/task/{threading.get_native_id()}/stat"
        self._last_beat, self._last_cpu = time.monotonic(), time.thread_time()
        self._timer = loop.call_later(self.beat, self._heartbeat)
        if loop.get_task_factory() is None:
            loop.set_task_factory(self._new_task)
        threading.Thread(target=self._watch, name="helpers-watchdog", daemon=True).start()

    def _new_task(self, loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> asyncio.Task[Any]:
        """The loop's task factory: a task started while a request runs belongs to it."""
        task = asyncio.Task(coro, loop=loop, **kwargs)
        scope = _request_scope.get()
        if scope is not None:
            self._task_scopes[task] = scope
        return task

    def stop(self) -> None:
        """Stop watching; called on the loop."""
        self._stopped.set()
        if self._timer is not None:
            self._timer.cancel()

    def _heartbeat(self) -> None:
        self._close_hold()
        if not self._stopped.is_set() and self._loop is not None:
            self._timer = self._loop.call_later(self.beat, self._heartbeat)

    def _close_hold(self) -> None:
        """On the loop: the loop runs again. Blame the hold that just ended, if any."""
        now, cpu = time.monotonic(), time.thread_time()
        with self._lock:
            samples, self._samples = self._samples, []
            began, self._last_beat = self._last_beat, now
            self._beats += 1
        # The loop's thread computed for most of the hold, or for three thresholds or longer:
        # code that computes holds the loop too. Not for one threshold: on a machine busier
        # than its cores, a thread that computes runs only part of the time, and a request's
        # first, cold answer (FastAPI building what it caches) may compute for one threshold on
        # its own; on a hub of ten learners lesson 00's first GET / did.
        busy, self._last_cpu = cpu - self._last_cpu >= min(3 * self.threshold, (now - began) / 2), cpu
        if now - began < self.threshold or not samples:
            return
        if busy:
            for sample in samples:
                sample.blocked = True
        for scope, seconds, port in _runs(samples, began, now):
            if seconds < self.threshold:
                continue
            route = getattr(scope.get("route"), "path", None)
            method = scope.get("method", "WEBSOCKET") if scope.get("type") == "http" else "WEBSOCKET"
            path, prefix = str(scope.get("path", "?")), str(scope.get("root_path", ""))
            path = path.removeprefix(prefix) if prefix and path.startswith(prefix + "/") else path
            hold = Hold(method, path, route, port, seconds, now)
            with self._lock:
                self.holds.append(hold)
            try:
                self.on_hold(hold)
            except Exception:  # never let the watchdog break the server
                pass

    def _watch(self) -> None:
        """In its own thread: while the heartbeat is late, note which request is on the loop."""
        while not self._stopped.wait(self.beat):
            with self._lock:
                late = time.monotonic() - self._last_beat > 2 * self.beat
                beats = self._beats
            if not late:
                continue
            sample = self._sample()
            with self._lock:
                if self._beats == beats:  # the heartbeat has not run meanwhile
                    self._samples.append(sample)

    def _sample(self) -> _Sample:
        """The request whose own code the loop's thread is running now, if any: the outermost
        ASGI `scope` of an HTTP or WebSocket request on its stack, with the app's code (not a
        library's) below it. A loop thread stopped inside FastAPI, uvicorn or the standard
        library (starting a threadpool thread, say, or waiting for the CPU on a busy machine)
        is not blamed on the request it happens to serve."""
        frame: FrameType | None = sys._current_frames().get(self._loop_thread)
        found, app_code = None, False
        while frame is not None:
            code = frame.f_code
            if not app_code and not _is_library(code.co_filename):
                app_code = True
            elif app_code and "scope" in code.co_varnames:
                scope = frame.f_locals.get("scope")
                if isinstance(scope, dict) and scope.get("type") in ("http", "websocket"):
                    found = scope
            frame = frame.f_back
        if found is None and app_code and self._loop is not None:  # in a task the request started
            with contextlib.suppress(Exception):
                found = self._task_scopes.get(asyncio.current_task(self._loop))  # type: ignore[arg-type]
        return _Sample(found, self._blocked() if found is not None else True)

    def _blocked(self) -> bool:
        """Whether the loop's thread waits in a call (sleep, I/O: state S or D on Linux) rather
        than runs or waits for a CPU (state R): on a machine busier than its cores, a request's
        quick code can sit on the stack for a while without holding anything. Where the state
        cannot be read (not Linux), every hold counts."""
        try:
            with open(self._loop_task) as stat:
                state = stat.read().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return True
        return state != "R"

    def has_news(self) -> bool:
        """Whether the loop is (or was) held: a hold not yet claimed, or one under way. Cheap
        and lock-free, so that a client's answer costs nothing on a server that is not held."""
        return bool(self.holds or self._samples)

    def suspects(self) -> set[int]:
        """The client ports of the requests seen holding the loop in the hold under way."""
        with self._lock:
            return {port for sample in self._samples if (port := sample.client_port) is not None}

    def settle(self, timeout: float = 1.0) -> None:
        """Wait until the loop runs again, and close the hold it was in (from any thread)."""
        loop, done = self._loop, threading.Event()
        if loop is None or self._stopped.is_set() or threading.get_ident() == self._loop_thread:
            return

        def close() -> None:
            self._close_hold()
            done.set()

        with contextlib.suppress(RuntimeError):  # the loop has closed
            loop.call_soon_threadsafe(close)
            done.wait(timeout)

    def claim(self, client_port: int | None, method: str, since: float) -> Hold | None:
        """The hold of the request sent from `client_port` after `since`, once: a request's
        cell shows its line once."""
        if client_port is None or not self.holds:
            return None
        with self._lock:
            while self.holds and self.holds[0].ended < time.monotonic() - self.UNCLAIMED:
                self.holds.popleft()  # a request from elsewhere (a browser): nobody will claim it
            for hold in self.holds:
                if hold.client_port == client_port and hold.method == method and hold.ended >= since:
                    self.holds.remove(hold)
                    return hold
        return None
