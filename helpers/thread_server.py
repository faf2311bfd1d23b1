"""uvicorn in a thread of the kernel: a server that stops at once when asked, and a socket
that listens before the app's lifespan starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
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

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        self._loop, self._wake, self._task = asyncio.get_running_loop(), asyncio.Event(), asyncio.current_task()
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
