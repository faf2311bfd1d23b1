"""helpers.processes: a server process answers when it is handed over, and nothing survives it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from helpers.processes import ProcessError, port_is_free, run_server

# A server that starts a helper child process (like a worker) and reports both pids.
SERVER = textwrap.dedent(
    """
    import http.server, json, os, subprocess, sys
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps({"pid": os.getpid(), "child": child.pid}).encode()
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body)
        def log_message(self, *args):
            print("request", *args, flush=True)
    print("serving", flush=True)
    http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
    """
)


@pytest.fixture
def server_script(tmp_path: Path) -> Path:
    (tmp_path / "server.py").write_text(SERVER)
    return tmp_path


def command() -> list[str]:
    return [sys.executable, "server.py", "{port}"]


def gone(pid: int) -> bool:
    """True when `pid` no longer runs (a zombie waiting for its reaper counts as gone)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if not _runs(pid):
            return True
        time.sleep(0.02)
    return False


def _runs(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    if Path("/proc/self/stat").exists():  # Linux: a zombie still has an entry, in state Z
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except FileNotFoundError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_server_answers_and_everything_stops_after_the_block(server_script: Path) -> None:
    with run_server(command(), cwd=server_script) as process:
        pids = process.client.get("/").json()
        assert process.running
        assert not port_is_free(process.port)
    assert gone(pids["pid"]) and gone(pids["child"])
    assert port_is_free(process.port)
    assert "serving" in process.output()  # the output is kept after the stop


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_a_failing_or_interrupted_cell_still_stops_the_whole_group(
    server_script: Path, error: type[BaseException]
) -> None:
    with pytest.raises(error):
        with run_server(command(), cwd=server_script) as process:
            pids = process.client.get("/").json()
            raise error("the cell failed")
    assert gone(pids["pid"]) and gone(pids["child"])
    assert port_is_free(process.port)


def test_a_server_that_exits_early_raises_with_its_output(tmp_path: Path) -> None:
    broken = [sys.executable, "-c", "print('no app here'); raise SystemExit(3)"]
    with pytest.raises(ProcessError, match=r"(?s)exited with code 3.*no app here"):
        with run_server(broken, cwd=tmp_path):
            pass


def test_a_server_that_never_answers_times_out_and_is_stopped(tmp_path: Path) -> None:
    silent = [sys.executable, "-c", "import os, time; print(os.getpid(), flush=True); time.sleep(600)"]
    with pytest.raises(ProcessError, match="did not answer") as raised:
        with run_server(silent, cwd=tmp_path, timeout=0.5):
            pass
    pid = int(str(raised.value).split()[-1])
    assert gone(pid)


def test_the_servers_output_stays_out_of_the_callers_output(
    server_script: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    with run_server(command(), cwd=server_script) as process:
        process.client.get("/")
    captured = capfd.readouterr()
    assert captured.out == captured.err == ""
    assert "request" in process.output()


def test_the_interpreter_exiting_stops_a_server_left_running(server_script: Path) -> None:
    # A kernel that shuts down while a server runs (the `with` block never ended).
    script = textwrap.dedent(
        f"""
        import json, sys
        from helpers.processes import run_server
        block = run_server({command()!r}, cwd={str(server_script)!r})
        process = block.__enter__()
        print(json.dumps(process.client.get("/").json()))
        print(process.port)
        """
    )
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert result.returncode == 0, result.stderr
    pids_line, port_line = result.stdout.splitlines()
    pids = json.loads(pids_line)
    assert gone(pids["pid"]) and gone(pids["child"])
    assert port_is_free(int(port_line))


def test_interrupting_stop_still_kills_the_whole_group(server_script: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while stop() waits for the polite SIGTERM to work: nothing is orphaned."""
    with pytest.raises(KeyboardInterrupt):
        with run_server(command(), cwd=server_script) as process:
            pids = process.client.get("/").json()

            def interrupted_wait(timeout: float | None = None) -> int:
                monkeypatch.undo()  # only the first wait is interrupted
                raise KeyboardInterrupt

            monkeypatch.setattr(process.popen, "wait", interrupted_wait)
    assert gone(pids["pid"]) and gone(pids["child"])


def test_a_listener_that_never_accepts_does_not_hang_the_probe() -> None:
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)  # never accepts: once its queue is full, connections hang
        port = listener.getsockname()[1]
        queued = []
        for _ in range(8):  # fill the queue
            client = socket.socket()
            client.setblocking(False)
            client.connect_ex(("127.0.0.1", port))
            queued.append(client)
        try:
            started = time.monotonic()
            assert not port_is_free(port)
            assert time.monotonic() - started < 30  # unbounded, it would wait about two minutes
        finally:
            for client in queued:
                client.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_server_dies_with_a_kernel_killed_by_sigkill(server_script: Path) -> None:
    script = textwrap.dedent(
        f"""
        import json, time
        from helpers.processes import run_server
        block = run_server({command()!r}, cwd={str(server_script)!r})
        process = block.__enter__()
        print(json.dumps(process.client.get("/").json()), flush=True)
        time.sleep(600)
        """
    )
    root = Path(__file__).resolve().parent.parent
    kernel = subprocess.Popen(
        [sys.executable, "-c", script], cwd=root, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert kernel.stdout is not None
    with kernel.stdout:
        try:
            pids = json.loads(kernel.stdout.readline())
        finally:
            kernel.kill()  # SIGKILL: no atexit, no finally
            kernel.wait()
    try:
        assert gone(pids["pid"])
    finally:  # the server's own child is the server's business; here the test cleans up
        for pid in pids.values():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
