"""In a real kernel, as the front ends drive it: cell ids in the execute requests, and what a
failing call shows in the cell.

JupyterLab (and Notebook 7) send each cell's id, and the ids of the cells deleted since, in
the execute request's metadata; VS Code sends the cell's document URI as its id, and no
deleted cells. nbclient and `jupyter_client`'s `execute()` send none, so the requests are built
here. Each test runs in a kernel driven the JupyterLab way and in one driven the VS Code way.
"""

from __future__ import annotations

import base64
import queue
from collections.abc import Iterator
from typing import Any

import pytest
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager

SETUP = "from fastapi import APIRouter, FastAPI\nfrom helpers import serve\napp = FastAPI()\nserver = serve(app)\n"


class FrontEnd:
    """A kernel, and the metadata one front end puts in its execute requests."""

    def __init__(self, name: str, client: BlockingKernelClient) -> None:
        self.name, self.client = name, client

    def cell_id(self, cell: str) -> str:
        if self.name == "vscode":  # the cell's document URI: the notebook's path, then the cell
            handle = base64.b64encode(f'[["{cell}"]]'.encode()).decode().replace("=", "%3D")
            return f"vscode-notebook-cell:/home/learner/my-work/lesson.ipynb#{handle}"
        return f"{cell}-0b6c-4f7e-9d1a"  # JupyterLab: a UUID of its own

    def metadata(self, cell: str, deleted: list[str]) -> dict[str, Any]:
        if self.name == "vscode":
            return {"cellId": self.cell_id(cell)}
        return {"cellId": self.cell_id(cell), "deletedCells": [self.cell_id(name) for name in deleted]}


@pytest.fixture(scope="module", params=["jupyterlab", "vscode"])
def kernel(request: pytest.FixtureRequest) -> Iterator[FrontEnd]:
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    front_end = FrontEnd(request.param, client)
    try:
        client.wait_for_ready(timeout=60)
        run(front_end, SETUP, "setup")
        yield front_end
    finally:
        run(front_end, "server.stop()", "teardown")
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run(kernel: FrontEnd, code: str, cell: str, deleted: list[str] | None = None) -> list[dict[str, Any]]:
    """Execute `code` as the front end does for `cell`; return its outputs."""
    content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False}
    message = kernel.client.session.msg("execute_request", content, metadata=kernel.metadata(cell, deleted or []))
    kernel.client.shell_channel.send(message)
    outputs = []
    while True:
        try:
            reply = kernel.client.get_iopub_msg(timeout=60)
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


def shown(kernel: FrontEnd, expression: str) -> str:
    """What a cell that prints `expression` shows (errors as their one line)."""
    outputs = run(kernel, f"print({expression})", "probe")
    return text(outputs) + "".join("".join(o["traceback"]) for o in outputs if o["type"] == "error")


def test_a_cell_run_again_takes_away_the_route_it_renamed(kernel: FrontEnd) -> None:
    run(kernel, "@app.get('/old')\ndef old():\n    return 'old'\n", "renamed")
    run(kernel, "@app.get('/new')\ndef new():\n    return 'new'\n", "renamed")
    assert shown(kernel, "server.client.get('/old').status_code, server.client.get('/new').json()") == "404 new\n"


def test_a_deleted_cell_takes_its_route_away_where_the_front_end_says_so(kernel: FrontEnd) -> None:
    run(kernel, "@app.get('/doomed')\ndef doomed():\n    return 'here'\n", "doomed")
    outputs = run(kernel, "print(server.client.get('/doomed').status_code)", "probe", deleted=["doomed"])
    # VS Code does not say which cells were deleted: their routes stay until the kernel restarts.
    assert text(outputs) == ("200\n" if kernel.name == "vscode" else "404\n")


def test_a_cell_left_with_a_comment_takes_its_route_away(kernel: FrontEnd) -> None:
    """An emptied cell is not sent to the kernel at all; one holding a comment is."""
    run(kernel, "@app.get('/emptied')\ndef emptied():\n    return 'here'\n", "emptied")
    run(kernel, "# nothing here any more\n", "emptied")
    assert shown(kernel, "server.client.get('/emptied').status_code") == "404\n"


def test_a_route_that_raises_shows_one_clear_line(kernel: FrontEnd) -> None:
    run(kernel, "@app.get('/fail')\ndef fail():\n    raise ValueError('a bug')\n", "fail")
    [error] = run(kernel, "server.client.get('/fail').json()", "call")
    assert error["type"] == "error" and error["ename"] == "NotJSON"
    assert error["traceback"] == [
        "NotJSON: GET /fail answered 500 with a body that is not JSON: 'Internal Server Error'. "
        "Your route raised an error: `server.logs()` shows its traceback."
    ]


def test_a_body_json_cannot_carry_is_one_line_before_anything_is_sent(kernel: FrontEnd) -> None:
    """Round four, item 7: httpx's 80-line traceback through `json.dumps`."""
    for body in ("object()", "{'when': __import__('datetime').date(2026, 1, 1)}", "{'x': float('nan')}", "{1, 2}"):
        [error] = run(kernel, f"server.client.post('/anything', json={body})", "call")
        assert error["ename"] == "NotSendable" and len(error["traceback"]) == 1, error
        assert error["traceback"][0].startswith("NotSendable: POST /anything: json= holds a value JSON cannot carry (")


def test_a_route_cell_of_an_included_router_run_again_changes_the_app(kernel: FrontEnd) -> None:
    """Lessons 20 and 22's pattern: the router, its routes, then `include_router`, in cells."""
    run(kernel, "router = APIRouter()\n", "router")
    run(kernel, "@router.get('/rr')\ndef rr():\n    return 1\n", "router-route")
    run(kernel, "app.include_router(router, prefix='/inc')\n", "include")
    assert shown(kernel, "server.client.get('/inc/rr').json()") == "1\n"
    run(kernel, "@router.get('/rr')\ndef rr():\n    return 2\n", "router-route")  # edited, run again
    assert shown(kernel, "server.client.get('/inc/rr').json()") == "2\n"
    run(kernel, "@router.get('/renamed')\ndef rr():\n    return 3\n", "router-route")  # path renamed
    assert shown(kernel, "server.client.get('/inc/rr').status_code, server.client.get('/inc/renamed').json()") == "404 3\n"
    paths = shown(kernel, "[p for p in server.client.get('/openapi.json').json()['paths'] if p.startswith('/inc')]")
    assert paths == "['/inc/renamed']\n"


def test_routes_defined_before_serve_belong_to_their_cells(kernel: FrontEnd) -> None:
    run(kernel, "early_app = FastAPI()\n", "early-app")
    run(kernel, "@early_app.get('/early')\ndef early():\n    return 'early'\n", "early-route")
    run(kernel, "early_server = serve(early_app, name='early')\n", "early-serve")
    run(kernel, "@early_app.get('/renamed')\ndef early():\n    return 'renamed'\n", "early-route")
    answers = "early_server.client.get('/early').status_code, early_server.client.get('/renamed').json()"
    assert shown(kernel, answers) == "404 renamed\n"
    run(kernel, "early_server.stop()\n", "early-stop")


def test_a_nested_run_cell_leaves_the_rest_of_the_cell_to_its_cell(kernel: FrontEnd) -> None:
    nested = "get_ipython().run_cell('nested = 1')\n@app.get('/after-nested')\ndef after():\n    return 1\n"
    run(kernel, nested, "nested")
    run(kernel, "@app.get('/instead')\ndef instead():\n    return 2\n", "nested")
    assert shown(kernel, "server.client.get('/after-nested').status_code") == "404\n"


STREAMING = """
import time
from fastapi.responses import StreamingResponse

def chunks(fail):
    yield "first\\n"
    if fail:
        raise ValueError("a bug half-way")
    while True:
        time.sleep(0.05)
        yield "more\\n"

@app.get("/half")
def half():
    return StreamingResponse(chunks(fail=True), media_type="text/plain")

@app.get("/endless")
def endless():
    return StreamingResponse(chunks(fail=False), media_type="text/plain")
"""


def errors(outputs: list[dict[str, Any]]) -> list[list[str]]:
    return [output["traceback"] for output in outputs if output["type"] == "error"]


def test_a_stream_that_breaks_off_shows_one_clear_line(kernel: FrontEnd) -> None:
    run(kernel, STREAMING, "streaming")
    reading = "with server.client.stream('GET', '/half') as response:\n    for line in response.iter_lines():\n        print(line)\n"
    outputs = run(kernel, reading, "stream-call")
    assert text(outputs) == "first\n"
    assert errors(outputs) == [[
        "AnswerBrokenOff: GET /half: the answer broke off half-way: the app raised while sending it "
        "(in a streaming response's generator?). `server.logs()` shows the error."
    ]]


def test_a_stream_whose_server_stops_shows_one_clear_line(kernel: FrontEnd) -> None:
    run(kernel, STREAMING, "streaming")
    reading = (
        "with server.client.stream('GET', '/endless') as response:\n"
        "    for number, line in enumerate(response.iter_lines()):\n"
        "        if number == 1:\n"
        "            server.stop()\n"
    )
    outputs = run(kernel, reading, "stream-stop")
    run(kernel, "server = serve(app)\n", "setup")
    [traceback] = errors(outputs)
    assert traceback == [
        "ServerNotRunning: GET /endless: server 'app' was stopped while this request waited for its answer. Use "
        "the `server` of the set-up cell (run it again after a kernel restart), then run the cells that define "
        "your routes."
    ]


def set_up_project(kernel: FrontEnd, package: str) -> None:
    """A project lesson's set-up cell: a Project with a first main.py, loaded and served."""
    setup = (
        "from helpers.project import Project\n"
        f"project = Project({package!r})\n"
        "project.write('main.py', 'from fastapi import FastAPI\\napp = FastAPI()\\n')\n"
        "project_server = serve(project.load(), name='project')\n"
    )
    assert errors(run(kernel, setup, f"{package}-setup")) == []


ITEMS_FILE = (
    "%%project_file routers/items.py\nfrom fastapi import APIRouter\nrouter = APIRouter()\n\n"
    "@router.get('/items')\ndef items():\n    return ['tea']\n"
)
MAIN_FILE = (
    "%%project_file main.py\nfrom fastapi import FastAPI\nfrom .routers import items\n"
    "app = FastAPI()\napp.include_router(items.router)\n"
)
LOAD_AND_SERVE = "project_server = serve(project.load(), name='project')\nprint(project_server.client.get('/items').json())\n"


def test_a_project_reset_by_a_restart_says_what_to_run(kernel: FrontEnd) -> None:
    """After a restart the learner runs the set-up cell, then an exercise: the files of the
    cells in between are missing, and the load says so instead of serving a partial project."""
    set_up_project(kernel, "shop_reset")
    run(kernel, "%%project_file routers/admin.py\nfrom fastapi import APIRouter\nfrom ..security import require_admin\n", "admin")
    assert errors(run(kernel, "project.load()\n", "load")) == [[
        "ProjectError: shop_reset/routers/admin.py imports shop_reset/security.py, which the project does not "
        "have: write it first (after a kernel restart, run the lesson's cells from the top: each file cell "
        "writes its file)."
    ]]


def test_a_file_cell_that_lost_its_magic_line_is_named_and_leaves_no_stale_file(kernel: FrontEnd) -> None:
    set_up_project(kernel, "shop_magic")
    run(kernel, ITEMS_FILE, "items-file")
    run(kernel, MAIN_FILE, "main-file")
    assert text(run(kernel, LOAD_AND_SERVE, "load-and-serve")) == "['tea']\n"
    edited = ITEMS_FILE.replace("%%project_file routers/items.py\n", "").replace("'tea'", "'coffee'")
    outputs = run(kernel, "from ..config import settings\n" + edited, "items-file")  # the magic line lost
    assert errors(outputs) == [[
        "ProjectError: This cell looks like a file of the project (`from ..x import` or `from .x import`), "
        "but it ran in the notebook: make `%%project_file NAME.py` its first line, then run it again."
    ]]
    [error] = errors(run(kernel, LOAD_AND_SERVE, "load-and-serve"))  # not the stale items.py, which said 'tea'
    assert error[0].startswith("ProjectError: shop_magic/main.py imports shop_magic/routers/items.py, which")


def test_an_edited_file_cell_says_the_live_app_changes_at_the_next_load(kernel: FrontEnd) -> None:
    set_up_project(kernel, "shop_edit")
    run(kernel, ITEMS_FILE, "items-file")
    run(kernel, MAIN_FILE, "main-file")
    assert text(run(kernel, LOAD_AND_SERVE, "load-and-serve")) == "['tea']\n"
    outputs = run(kernel, ITEMS_FILE.replace("'tea'", "'coffee'"), "items-file")
    assert text(outputs) == "wrote shop_edit/routers/items.py (6 lines); the live app changes once the project is loaded and served again\n"
    assert text(run(kernel, LOAD_AND_SERVE, "load-and-serve")) == "['coffee']\n"


def test_a_file_cell_after_close_is_one_line(kernel: FrontEnd) -> None:
    set_up_project(kernel, "shop_closed")
    run(kernel, "project.close()\n", "close")
    assert errors(run(kernel, MAIN_FILE, "main-file")) == [[
        "ProjectError: The project 'shop_closed' was closed: run the cell that creates it again."
    ]]
