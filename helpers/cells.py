"""Which notebook cell is running, so that what a cell defines can belong to it.

The front end sends the id of the cell it runs with each execute request, and IPython hands it
to `pre_run_cell` callbacks as `info.cell_id`. JupyterLab and Notebook 7 send one (and the ids
of the cells deleted since, as `deletedCells`); VS Code sends one too (the cell's document URI,
which changes when the notebook is reopened), but no deleted cells. nbclient and plain Python
send none: then `current()` is None and nothing belongs to a cell.

JupyterLab and Notebook 7 send nothing for an empty cell, so the kernel cannot know that a cell
was emptied: it keeps what it defined until it is deleted, or holds a comment (`# removed`)
and runs.
"""

from __future__ import annotations

import contextlib
import inspect
import sys
from collections.abc import Callable, Iterator
from typing import Any

_current: str | None = None  # the id of the running cell, when the front end sends one
_running: list[tuple[Any, str | None]] = []  # (IPython's info, cell id) of each cell running, outermost first
_cell_of_run: dict[int, str] = {}  # execution count -> cell id: which cell compiled some code
_pinning = False  # while True, definitions belong to no cell and go first (the course's pages)
_listeners: list[Callable[[str], None]] = []  # told the id of each cell that runs again or is deleted
_finished_listeners: list[Callable[[], None]] = []  # told when a cell has run
_runs = 0  # how many cells have started running (nested runs included)
_deleted_unheard: list[str] = []  # deleted cells listed by a request the kernel aborted


def current() -> str | None:
    """The id of the cell that runs now, or None (unknown, or helpers' own definitions)."""
    return None if _pinning else _current


def runs() -> int:
    """A number that changes each time a cell starts running."""
    return _runs


def pinning() -> bool:
    """Whether the definitions made now are the course's own, made inside `pinned()`."""
    return _pinning


@contextlib.contextmanager
def pinned() -> Iterator[None]:
    """Routes defined inside the block go ahead of every other and belong to no cell.

    For the pages the course adds (the offline /docs), so that a learner's static site mounted
    at "/" cannot hide them, and re-running the set-up cell does not take them away.
    """
    global _pinning
    _pinning = True
    try:
        yield
    finally:
        _pinning = False


def on_cell_started(listener: Callable[[str], None]) -> None:
    """Call `listener(cell_id)` before a cell runs (again), and for each deleted cell."""
    if listener not in _listeners:
        _listeners.append(listener)


def cell_started(cell_id: str | None, deleted: list[str] | tuple[str, ...] = ()) -> None:
    """A cell starts running: what it (and any deleted cell) defined before is forgotten.

    `cell_id` is None when the front end does not say which cell runs.
    """
    global _current, _runs
    _runs += 1
    for cell in dict.fromkeys([*deleted, *([cell_id] if cell_id else [])]):
        for listener in _listeners:
            try:  # one failing listener must never stop the tracking of which cell runs
                listener(cell)
            except Exception as error:  # noqa: BLE001 - reported in one line, then carry on
                print(f"helpers: forgetting what cell {cell} defined failed: "
                      f"{type(error).__name__}: {error}", file=sys.stderr)
    _current = cell_id or None


def cell_of(function: Any) -> str | None:
    """The cell whose code defined `function`, or None: for what was defined before an app
    went live, when no one was told which cell ran. IPython's compiler knows which run
    compiled a code's file name; the hooks below know which cell that run was."""
    code = getattr(inspect.unwrap(function), "__code__", None) if callable(function) else None
    shell = ipython_shell()
    if code is None or shell is None:
        return None
    run = getattr(shell.compile, "_filename_map", {}).get(code.co_filename)  # IPython 8+
    return _cell_of_run.get(run) if isinstance(run, int) else None


def ipython_shell() -> Any:
    """The running IPython shell, or None (IPython is not even imported in plain Python)."""
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None


def _pre_run_cell(info: Any) -> None:
    global _runs
    shell = ipython_shell()
    cell_id = getattr(info, "cell_id", None)
    if _running and cell_id is None:  # `get_ipython().run_cell(...)` inside a cell
        _runs += 1
        _running.append((info, _current))
        return
    # Which cell runs is recorded first, so that nothing going wrong below can lose it.
    _running.append((info, cell_id or None))
    with contextlib.suppress(Exception):  # IPython has counted this run already, if it keeps it
        if shell is not None and cell_id:
            _cell_of_run[shell.execution_count - bool(info.store_history)] = cell_id
    deleted, _deleted_unheard[:] = list(_deleted_unheard), []
    with contextlib.suppress(Exception):  # JupyterLab also lists the cells deleted since
        deleted += list(shell.kernel.get_parent().get("metadata", {}).get("deletedCells") or [])
    cell_started(cell_id, deleted)


def _hear_aborted(send_abort_reply: Callable[..., Any]) -> Callable[..., Any]:
    """The kernel aborts the requests queued behind a cell that raised: their `deletedCells`
    (JupyterLab sends each deletion once) still count, from the next cell that runs."""
    def send(stream: Any, message: Any, *args: Any, **kwargs: Any) -> Any:
        with contextlib.suppress(Exception):
            _deleted_unheard.extend(message.get("metadata", {}).get("deletedCells") or [])
        return send_abort_reply(stream, message, *args, **kwargs)

    send._helpers_hears = True  # type: ignore[attr-defined]
    return send


def on_cell_finished(listener: Callable[[], None]) -> None:
    """Call `listener()` when a cell has run, while it is still the current cell."""
    if listener not in _finished_listeners:
        _finished_listeners.append(listener)


def _post_run_cell(result: Any) -> None:
    global _current
    for listener in _finished_listeners:
        try:
            listener()
        except Exception as error:  # noqa: BLE001 - as in cell_started
            print(f"helpers: after cell {_current} ran: {type(error).__name__}: {error}", file=sys.stderr)
    if _running and _running[-1][0] is getattr(result, "info", None):
        _running.pop()  # (a blank cell ends without having started: nothing to take off)
    _current = _running[-1][1] if _running else None


def watch_cells() -> None:
    """Follow which cell runs, when inside IPython (registering again does nothing).

    Called when `helpers` is imported, so that routes defined before `serve(app)` belong to
    their cells too; the cell importing it is read from the request the kernel is answering."""
    global _current
    shell = ipython_shell()
    if shell is None or _pre_run_cell in shell.events.callbacks["pre_run_cell"]:
        return
    shell.events.register("pre_run_cell", _pre_run_cell)
    shell.events.register("post_run_cell", _post_run_cell)
    kernel = getattr(shell, "kernel", None)
    abort = getattr(kernel, "_send_abort_reply", None)
    if abort is not None and not getattr(abort, "_helpers_hears", False):
        kernel._send_abort_reply = _hear_aborted(abort)
    with contextlib.suppress(Exception):
        _current = shell.kernel.get_parent()["metadata"]["cellId"] or None
        if _current:
            _cell_of_run[shell.execution_count - 1] = _current


watch_cells()
