"""In a real kernel, as JupyterLab drives it: cell ids in the execute requests, and what a
failing call shows in the cell.

JupyterLab sends each cell's id (and the ids of cells deleted since) in the execute request's
metadata; nbclient and `jupyter_client`'s `execute()` send none, so the requests are built here.
"""

from __future__ import annotations

import queue
from collections.abc import Iterator
from typing import Any

import pytest
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager

SETUP = "from fastapi import FastAPI\nfrom helpers import serve\napp = FastAPI()\nserver = serve(app)\n"


@pytest.fixture(scope="module")
def kernel() -> Iterator[BlockingKernelClient]:
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        run(client, SETUP, "setup")
        yield client
    finally:
        run(client, "server.stop()", "teardown")
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run(client: BlockingKernelClient, code: str, cell_id: str, deleted: list[str] | None = None) -> list[dict[str, Any]]:
    """Execute `code` as JupyterLab does for cell `cell_id`; return its outputs."""
    metadata: dict[str, Any] = {"cellId": cell_id}
    if deleted:
        metadata["deletedCells"] = deleted
    content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False}
    message = client.session.msg("execute_request", content, metadata=metadata)
    client.shell_channel.send(message)
    outputs = []
    while True:
        try:
            reply = client.get_iopub_msg(timeout=60)
        except queue.Empty:
            raise AssertionError(f"no answer from the kernel for {code!r}") from None
        if reply["parent_header"].get("msg_id") != message["header"]["msg_id"]:
            continue
        kind = reply["msg_type"]
        if kind == "status" and reply["content"]["execution_state"] == "idle":
            return outputs
        if kind in ("stream", "error", "execute_result"):
            outputs.append({"type": kind, **reply["content"]})


def text(outputs: list[dict[str, Any]]) -> str:
    return "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in outputs)


def test_a_cell_run_again_takes_away_the_route_it_renamed(kernel: BlockingKernelClient) -> None:
    run(kernel, "@app.get('/old')\ndef old():\n    return 'old'\n", "renamed")
    run(kernel, "@app.get('/new')\ndef new():\n    return 'new'\n", "renamed")
    shown = run(kernel, "print(server.client.get('/old').status_code, server.client.get('/new').json())", "probe")
    assert text(shown) == "404 new\n"


def test_a_deleted_cell_takes_its_route_away(kernel: BlockingKernelClient) -> None:
    run(kernel, "@app.get('/doomed')\ndef doomed():\n    return 'here'\n", "doomed")
    shown = run(kernel, "print(server.client.get('/doomed').status_code)", "probe", deleted=["doomed"])
    assert text(shown) == "404\n"


def test_a_route_that_raises_shows_one_clear_line(kernel: BlockingKernelClient) -> None:
    run(kernel, "@app.get('/fail')\ndef fail():\n    raise ValueError('a bug')\n", "fail")
    [error] = run(kernel, "server.client.get('/fail').json()", "call")
    assert error["type"] == "error" and error["ename"] == "NotJSON"
    assert error["traceback"] == [
        "NotJSON: GET /fail answered 500 with a body that is not JSON: 'Internal Server Error'. "
        "Your route raised an error: `server.logs()` shows its traceback."
    ]
