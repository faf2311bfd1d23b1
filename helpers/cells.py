"""Which notebook cell is running, so that what a cell defines can belong to it.

JupyterLab sends the id of the cell it runs (and of the cells deleted since) with each execute
request; IPython hands the id to `pre_run_cell` callbacks as `info.cell_id`. nbclient, VS Code
and plain Python send none: then `current()` is None and nothing belongs to a cell.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

_current: str | None = None  # the id of the running cell, when the front end sends one
_pinning = False  # while True, definitions belong to no cell and go first (the course's pages)
_listeners: list[Callable[[str], None]] = []  # told the id of each cell that runs again or is deleted


def current() -> str | None:
    """The id of the cell that runs now, or None (unknown, or helpers' own definitions)."""
    return None if _pinning else _current


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
    global _current
    for cell in dict.fromkeys([*deleted, *([cell_id] if cell_id else [])]):
        for listener in _listeners:
            listener(cell)
    _current = cell_id or None


def _pre_run_cell(info: Any) -> None:
    deleted: list[str] = []
    with contextlib.suppress(Exception):  # JupyterLab also lists the cells deleted since
        from IPython import get_ipython

        parent = get_ipython().kernel.get_parent()  # type: ignore[union-attr]
        deleted = list(parent.get("metadata", {}).get("deletedCells") or [])
    cell_started(getattr(info, "cell_id", None), deleted)


def _post_run_cell(result: Any) -> None:
    global _current
    _current = None


def watch_cells() -> None:
    """Follow which cell runs, when inside IPython (registering again does nothing)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    if _pre_run_cell not in shell.events.callbacks["pre_run_cell"]:
        shell.events.register("pre_run_cell", _pre_run_cell)
        shell.events.register("post_run_cell", _post_run_cell)
