"""Run All twice in one kernel gives the same outputs: a learner can always start over."""

from __future__ import annotations

from pathlib import Path

import pytest

from notebook_runs import lessons, read, run

LESSONS = lessons()
ids = [path.stem for path in LESSONS]


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_running_all_twice_in_one_kernel_gives_the_same_outputs(path: Path) -> None:
    first, second = run(read(path), passes=2)
    for before, after in zip(first, second, strict=True):
        assert after == before
