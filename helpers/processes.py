"""Run a server as a separate process, the way it runs in production, and always stop it.

    from helpers.processes import run_server

    with run_server([sys.executable, "-m", "uvicorn", "main:app", "--port", "{port}"], cwd=folder) as process:
        print(process.client.get("/").json())
    # here the server, and every process it started, has stopped and its port is free

What `run_server` takes care of:
- it picks a free port on 127.0.0.1 and puts it wherever the command says `{port}`;
- it returns only when the server answers HTTP, and raises `ProcessError` with the server's
  own output when the server exits early or does not answer in time (instead of hanging);
- the command runs in a new process group, so stopping it also stops the workers it
  started; that happens at the end of the `with` block, also when a cell fails or is
  interrupted (even while it stops), and at the latest when the Python interpreter exits;
- on Linux the server is killed when the kernel dies, even by SIGKILL (which runs no exit
  code): the kernel asks for that when it starts the server (`prctl(PR_SET_PDEATHSIG)`);
- the server's output (logs with process ids) goes to a file, not into the notebook:
  `process.output()` reads it on demand.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import functools
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO

import httpx

HOST = "127.0.0.1"
START_TIMEOUT = 30.0  # seconds until the server must answer; workers import the app first
STOP_TIMEOUT = 10.0  # seconds for a graceful stop before the process group is killed
PROBE_TIMEOUT = 1.0  # seconds a connection to a port may take before the port counts as taken
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_running: set[ServerProcess] = set()


class ProcessError(RuntimeError):
    """The server process did not start; the message holds what it printed."""


class ServerProcess:
    """A server running as a separate process (group) on `url`; see `run_server`."""

    def __init__(self, popen: subprocess.Popen[bytes], port: int, log: IO[bytes]) -> None:
        self.popen, self.port, self._log = popen, port, log
        self._final_output: str | None = None  # kept when the log file closes
        self.url = f"http://{HOST}:{port}"
        # No keep-alive: every request opens a new connection, so any worker may take it.
        self.client = httpx.Client(
            base_url=self.url,
            trust_env=False,
            timeout=10.0,
            limits=httpx.Limits(max_keepalive_connections=0),
        )

    @property
    def running(self) -> bool:
        return self.popen.poll() is None

    def output(self) -> str:
        """Everything the server printed so far (stdout and stderr together)."""
        if self._final_output is not None:
            return self._final_output
        self._log.seek(0)
        return self._log.read().decode(errors="replace")

    def stop(self) -> None:
        """Stop the whole process group: politely (SIGTERM) first, then by force (SIGKILL).

        Interrupted (Ctrl-C, "Interrupt the kernel") while it waits, it kills the group at once
        before it gives way, so no server is left behind.
        """
        self.client.close()
        try:
            _signal_group(self.popen, signal.SIGTERM)
            try:
                self.popen.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                pass
        finally:
            # Workers may outlive their parent for a moment: make sure none is left.
            _signal_group(self.popen, getattr(signal, "SIGKILL", signal.SIGTERM))
            _running.discard(self)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(STOP_TIMEOUT)  # killed: it exits at once
            if self._final_output is None:
                self._final_output = self.output()
                self._log.close()
        deadline = time.monotonic() + STOP_TIMEOUT
        while not port_is_free(self.port) and time.monotonic() < deadline:
            time.sleep(0.01)


@contextmanager
def run_server(
    command: Sequence[str],
    *,
    cwd: str | os.PathLike[str],
    env: dict[str, str] | None = None,
    ready_path: str = "/",
    timeout: float = START_TIMEOUT,
) -> Iterator[ServerProcess]:
    """Start `command` (with `{port}` replaced by a free port) and yield once it answers.

    `env` adds to (or overrides) the current environment variables. The server counts as
    ready when `GET ready_path` gets any HTTP answer, even an error status.
    """
    if sys.platform.startswith("linux"):
        _libc()  # loaded here: the child, between fork and exec, should only call it
    port = free_port()
    args = [part.replace("{port}", str(port)) for part in command]
    log = tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would block the server
    try:
        popen = subprocess.Popen(
            args,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            **_new_group(),
        )
    except BaseException:
        log.close()
        raise
    process = ServerProcess(popen, port, log)
    _running.add(process)
    try:
        _wait_until_ready(process, ready_path, timeout)
        yield process
    finally:
        process.stop()


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def port_is_free(port: int) -> bool:
    """True when nothing accepts connections on 127.0.0.1:`port`.

    A listener that never accepts (its queue full) would keep an unbounded probe waiting for
    minutes; after `PROBE_TIMEOUT` the port counts as taken.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(PROBE_TIMEOUT)
        try:
            probe.connect((HOST, port))
        except TimeoutError:
            return False  # something listens there, but does not accept
        except OSError:
            return True  # refused: nothing listens
        return False


def _wait_until_ready(process: ServerProcess, path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if not process.running:
            raise ProcessError(
                f"The server exited with code {process.popen.returncode} before it answered. "
                f"What it printed:\n\n{process.output()}"
            )
        try:
            process.client.get(path, timeout=1.0)
            return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise ProcessError(
                f"The server did not answer on port {process.port} within {timeout:.0f} s. "
                f"What it printed:\n\n{process.output()}"
            )
        time.sleep(0.05)


def _new_group() -> dict[str, object]:
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    options: dict[str, object] = {"start_new_session": True}  # it leads a new process group
    if sys.platform.startswith("linux"):
        options["preexec_fn"] = functools.partial(_die_with_parent, os.getpid())
    return options


@functools.cache
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _die_with_parent(parent: int) -> None:
    """Runs in the child before the command: SIGKILL it when the thread that started it (the
    kernel's main thread) ends, however the kernel ends."""
    _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _signal_group(popen: subprocess.Popen[bytes], signal_number: int) -> None:
    if sys.platform == "win32":
        if popen.poll() is None:
            popen.terminate()
        return
    try:
        os.killpg(popen.pid, signal_number)  # the group's id is the leader's pid
    except (ProcessLookupError, PermissionError):
        pass  # the whole group has exited already


@atexit.register
def _stop_all() -> None:
    """The interpreter (a notebook's kernel) is exiting: leave no server behind."""
    for process in list(_running):
        process.stop()
