"""Run lesson notebooks in a real kernel: to refresh their stored outputs, and for the tests.

    python tests/notebook_runs.py refresh [NOTEBOOK ...]   (all lessons when none is named)

Notebooks run with `notebooks/` as the working directory, as under nbval.
"""

from __future__ import annotations

import copy
import functools
import re
import sys
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbval.plugin import coalesce_streams

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SANITIZE = ROOT / "tests" / "sanitize.cfg"
CELL_TIMEOUT = 120  # seconds; a lesson cell that takes longer is a bug


def lessons() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def read(path: Path) -> Any:
    return nbformat.read(path, as_version=4)


def code_cells(notebook: Any) -> list[Any]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _client(notebook: Any) -> NotebookClient:
    return NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        record_timing=False,  # timestamps in the file would change on every refresh
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )


def run(notebook: Any, passes: int = 1) -> list[list[str]]:
    """Run every code cell `passes` times in one kernel ("Run All", then "Run All" again).

    Returns, for each pass, the comparable text of each code cell's outputs. The notebook's
    cells hold the outputs of the last pass, with execution counts 1..n after one pass.
    """
    client = _client(notebook)
    results: list[list[str]] = []
    with client.setup_kernel():
        for _ in range(passes):
            for index, cell in enumerate(notebook.cells):
                if cell.cell_type == "code":
                    client.execute_cell(cell, index)
            results.append([comparable(cell) for cell in code_cells(notebook)])
    return results


def errors_of_a_run(path: Path, kernel_name: str) -> list[str]:
    """Run the lesson at `path` to its end in the kernel `kernel_name` (another venv's); return
    each error in a cell not tagged `raises-exception`, and each write to stderr. Its outputs
    are not compared with the stored ones: another venv's library versions may word them
    differently, but must not fail."""
    notebook = read(path)
    client = NotebookClient(notebook, timeout=180, kernel_name=kernel_name, allow_errors=True,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    problems = []
    for number, cell in enumerate(code_cells(notebook), start=1):
        for output in cell.get("outputs", []):
            if output.output_type == "error" and "raises-exception" not in tags(cell):
                problems.append(f"code cell {number}: {output.ename}: {output.evalue[:300]}")
            if output.output_type == "stream" and output.name == "stderr":
                problems.append(f"code cell {number} wrote to stderr: {output.text[:300]}")
    return problems


def comparable(cell: Any) -> str:
    """A code cell's outputs as nbval compares them: text per stream and MIME type, sanitized."""
    parts = []
    # As nbval does: the kernel may split one print() into several stream messages.
    for output in coalesce_streams(copy.deepcopy(cell.get("outputs", []))):
        if output.output_type == "stream":
            parts.append(f"[{output.name}] {output.text}")
        elif output.output_type == "error":
            parts.append(f"[error] {output.ename}: {output.evalue}")
        else:
            for mime, value in sorted(output.get("data", {}).items()):
                parts.append(f"[{mime}] {value}")
    return sanitize("\n".join(parts))


@functools.cache
def sanitize_rules() -> list[tuple[str, str]]:
    """The (regex, replacement) pairs of tests/sanitize.cfg, the file nbval uses too."""
    lines = SANITIZE.read_text().splitlines()
    return [
        (lines[i].removeprefix("regex: "), lines[i + 1].removeprefix("replace: "))
        for i, line in enumerate(lines)
        if line.startswith("regex: ")
    ]


def sanitize(text: str) -> str:
    """Apply the rules of tests/sanitize.cfg."""
    for pattern, replacement in sanitize_rules():
        text = re.sub(pattern, replacement, text)
    return text


def with_solutions(notebook: Any) -> Any:
    """A copy in which each exercise cell holds its worked solution instead of the placeholder.

    An exercise cell is tagged `exercise`; its solution is the first ```python block of the
    next markdown cell tagged `solution`.
    """
    solved = copy.deepcopy(notebook)
    exercise = None
    for cell in solved.cells:
        if "exercise" in tags(cell):
            exercise = cell
        elif "solution" in tags(cell):
            found = re.search(r"```python\n(.*?)```", cell.source, re.S)
            if exercise is None or found is None:
                raise ValueError(f"solution cell without an exercise cell before it: {cell.source[:80]!r}")
            exercise.source, exercise = found.group(1).rstrip(), None
    return solved


def refresh(paths: list[Path]) -> None:
    """Re-run each notebook top to bottom in a fresh kernel and store its outputs in place."""
    for path in paths:
        print(f"running {path.relative_to(ROOT)}", flush=True)
        notebook = read(path)
        for cell in code_cells(notebook):
            cell.outputs, cell.execution_count = [], None
        _client(notebook).execute()
        for cell in code_cells(notebook):
            cell.outputs = coalesce_streams(cell.outputs)  # one output per stream, as nbval sees it
        nbformat.write(notebook, path)


if __name__ == "__main__":
    if sys.argv[1:2] != ["refresh"]:
        sys.exit(__doc__)
    named = [Path(arg).resolve() for arg in sys.argv[2:]]
    refresh(named or lessons())
