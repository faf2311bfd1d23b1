"""Run a notebook's code cells in a kernel of a remote Jupyter server, as JupyterLab does:
a session over the server's REST API, then execute requests over the kernel's WebSocket, each
with the cell's id (and the cells deleted since, none here) in its metadata, as JupyterLab sends
them: the live layer ties what a cell defines to that id.

The workshop hub test uses it to run lessons in each learner's own server through the hub's
proxy, with the hub's token, and to compare the outputs with the stored ones.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

import httpx
import nbformat
from websockets.sync.client import ClientConnection, connect

from notebook_runs import CELL_TIMEOUT, code_cells, comparable, read, tags


class RemoteKernel:
    """A kernel started in a notebook session of the server at `server_url` (ending in /)."""

    def __init__(self, server_url: str, token: str, notebook_path: str) -> None:
        self.headers = {"Authorization": f"token {token}"}
        self.http = httpx.Client(base_url=server_url, headers=self.headers, trust_env=False, timeout=CELL_TIMEOUT)
        session = {"path": notebook_path, "type": "notebook", "name": "", "kernel": {"name": "python3"}}
        answer = self.http.post("api/sessions", json=session)
        answer.raise_for_status()
        self.kernel_id = answer.json()["kernel"]["id"]
        self.session = uuid.uuid4().hex
        ws_url = server_url.replace("http", "ws", 1) + f"api/kernels/{self.kernel_id}/channels"
        self._open = ExitStack()
        self.socket: ClientConnection = self._open.enter_context(
            # The server answers the handshake once the kernel has started: on a busy machine
            # with a room's kernels starting together, that can take a while.
            connect(ws_url, additional_headers=self.headers, max_size=None, open_timeout=CELL_TIMEOUT)
        )

    def close(self) -> None:
        self._open.close()
        self.http.close()

    def execute(self, code: str, cell_id: str | None = None) -> list[dict[str, Any]]:
        """Run `code` (as the cell `cell_id`); return its outputs as a notebook stores them.
        Raises TimeoutError."""
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "username": "test", "session": self.session,
                  "msg_type": "execute_request", "version": "5.3", "date": ""}  # fmt: skip
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                   "allow_stdin": False, "stop_on_error": True}  # fmt: skip
        metadata = {"cellId": cell_id, "deletedCells": []} if cell_id else {}
        message = {"header": header, "parent_header": {}, "metadata": metadata, "content": content,
                   "channel": "shell", "buffers": []}  # fmt: skip
        self.socket.send(json.dumps(message))
        outputs: list[dict[str, Any]] = []
        idle = replied = False
        while not (idle and replied):
            reply = json.loads(self.socket.recv(timeout=CELL_TIMEOUT))
            if reply.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, body = reply["msg_type"], reply["content"]
            if reply["channel"] == "shell" and kind == "execute_reply":
                replied = True
            elif kind == "status":
                idle = body["execution_state"] == "idle"
            elif kind == "stream":
                outputs.append({"output_type": "stream", "name": body["name"], "text": body["text"]})
            elif kind in ("display_data", "execute_result"):
                outputs.append({"output_type": kind, "data": body["data"], "metadata": body.get("metadata", {}),
                                **({"execution_count": body["execution_count"]} if kind == "execute_result" else {})})  # fmt: skip
            elif kind == "error":
                outputs.append({"output_type": "error", "ename": body["ename"], "evalue": body["evalue"],
                                "traceback": body["traceback"]})  # fmt: skip
            elif kind == "clear_output":
                outputs.clear()
        return outputs

    def run_lesson(self, lesson: Any, normalize: Callable[[str], str] = str) -> list[str]:
        """Run every code cell of a lesson (a path); return how cells differ from the stored ones.

        `normalize` turns what is expected to differ where the server runs into the stored form.
        """
        differences = []
        for index, cell in enumerate(code_cells(read(lesson))):
            outputs = self.execute(cell.source, cell.get("id"))
            fresh = normalize(comparable(nbformat.from_dict({"outputs": outputs})))
            if fresh != comparable(cell) and "nbval-ignore-output" not in tags(cell):  # as nbval does
                differences.append(f"{lesson.name} cell {index}: {fresh!r} != {comparable(cell)!r}")
        return differences
