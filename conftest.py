"""Spread the tests over the cores: each notebook's nbval cells must stay on one worker (they
share a kernel), while every other test can run anywhere. With `--dist loadgroup`, a group
keeps its tests together, and tests without one are shared out one by one."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Exercises the tests pass must not count in the progress of whoever runs them; the notebook
# kernels started by the tests inherit this.
_progress_folder = tempfile.mkdtemp(prefix="course-test-progress-")
atexit.register(shutil.rmtree, _progress_folder, ignore_errors=True)
os.environ["FASTAPI_COURSE_PROGRESS"] = str(Path(_progress_folder) / "progress.json")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.endswith(".ipynb") or ".ipynb::" in item.nodeid:
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
