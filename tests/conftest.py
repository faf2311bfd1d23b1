"""Spread the tests over the cores: each notebook's nbval cells must stay on one worker (they
share a kernel), while every other test can run anywhere. With `--dist loadgroup`, a group
keeps its tests together, and tests without one are shared out one by one."""

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.endswith(".ipynb") or ".ipynb::" in item.nodeid:
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
