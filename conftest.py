"""Settings for every test run, the notebooks' included, and the summary of what was skipped."""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# Exercises the tests pass must not count in the progress of whoever runs them; the notebook
# kernels started by the tests inherit this.
_progress_folder = tempfile.mkdtemp(prefix="course-test-progress-")
atexit.register(shutil.rmtree, _progress_folder, ignore_errors=True)
os.environ["FASTAPI_COURSE_PROGRESS"] = str(Path(_progress_folder) / "progress.json")

# Where the tests run must not change what they expect. In a JupyterHub or Binder terminal the
# hub's variables are set (a lesson would then show proxy links, and a JupyterLab started by a
# test would try to log in to the hub), and in a codespace the port-forwarding ones are: clear
# them for every test and kernel. The tests that simulate those places set them themselves.
PLACE_VARIABLES = ("CODESPACE_NAME", "GITHUB_CODESPACES_PORT_FORWARDING_DOMAIN")
for _name in list(os.environ):
    if _name.startswith("JUPYTERHUB_") or _name in PLACE_VARIABLES:
        del os.environ[_name]



def _started_again_once(start: Callable[..., Any]) -> Callable[..., Any]:
    """nbval's kernel start, tried a second time when the kernel dies before it answers: its
    ports are chosen free, then bound by the kernel, and under load another process of the run
    may take one in between (in CI, every cell of lesson 21 failed at once)."""
    @functools.wraps(start)
    def start_new_kernel(*args: Any, **kwargs: Any) -> Any:
        try:
            return start(*args, **kwargs)
        except RuntimeError:  # "Kernel died before replying to kernel_info"
            return start(*args, **kwargs)

    return start_new_kernel


with contextlib.suppress(ImportError):
    import nbval.kernel

    nbval.kernel.start_new_kernel = _started_again_once(nbval.kernel.start_new_kernel)

# A skipped browser test: its reason or its module says so. CI must run them.
BROWSER = re.compile(r"chromium|playwright|browser", re.IGNORECASE)


def skipped_groups(terminalreporter: pytest.TerminalReporter) -> Counter[tuple[str, bool]]:
    """(reason, is it a browser test) -> how many tests were skipped for it.

    Each skip reason in this suite says how to enable the tests it skips, so the reason names
    the group and the way out at once.
    """
    groups: Counter[tuple[str, bool]] = Counter()
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        groups[reason, bool(BROWSER.search(reason) or BROWSER.search(report.nodeid))] += 1
    return groups


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    groups = skipped_groups(terminalreporter)
    if not groups:
        return
    terminalreporter.section("skipped test groups, and how to run them")
    for (reason, _), count in sorted(groups.items()):
        terminalreporter.write_line(f"{count:4} skipped: {reason}")
    if in_ci() and any(browser for _, browser in groups):
        terminalreporter.write_line(
            "CI=true: the browser tests were skipped, and CI does not accept that (.ci/run installs "
            "Chromium): this run fails.",
            red=True,
        )


def pytest_sessionfinish(session: pytest.Session) -> None:
    if hasattr(session.config, "workerinput") or not in_ci():  # xdist workers: the controller decides
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and any(browser for _, browser in skipped_groups(reporter)):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
