"""Run All twice in one kernel gives the same outputs: a learner can always start over. The one
difference is the hint ladder's: a check that fails the same way twice shows its code-level
hint the second time, in place of the line that offers it."""

from __future__ import annotations

from pathlib import Path

import pytest

from notebook_runs import code_cells, lessons, read, run, tags

LESSONS = lessons()
ids = [path.stem for path in LESSONS]


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_running_all_twice_in_one_kernel_gives_the_same_outputs(path: Path) -> None:
    notebook = read(path)
    checks = [("check" in tags(cell)) for cell in code_cells(notebook)]
    first, second = run(notebook, passes=2)
    for is_check, before, after in zip(checks, first, second, strict=True):
        if is_check:
            *same_before, offer = before.splitlines()
            *same_after, hint = after.splitlines()
            assert offer.startswith("   Still stuck? check.hint("), before
            assert hint.startswith("   Hint: ") and len(hint) > len("   Hint: "), after
            before, after = same_before, same_after
        assert after == before
