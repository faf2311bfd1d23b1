"""The end of a test run names each skipped group and how to enable it; with CI=true, skipped
browser tests fail the run (conftest.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

TESTS = {
    "test_browser_fake.py": 'import pytest\n\n\ndef test_page():\n    pytest.skip("Chromium is not installed: '
    'install Debian\'s package (`sudo apt-get install chromium`)")\n',
    "test_versions_fake.py": 'import pytest\n\n\n@pytest.mark.parametrize("n", [1, 2])\ndef test_other_python(n):\n'
    '    pytest.skip("python3.13 was not found: install Python 3.13 and run it again")\n\n\n'
    "def test_fine():\n    pass\n",
}


def run_suite(tmp_path: Path, ci: str | None, *names: str, workers: str = "no:xdist") -> subprocess.CompletedProcess[str]:
    for name in names:
        (tmp_path / name).write_text(TESTS[name])
    shutil.copy(ROOT / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")  # not the course's options
    env = {name: value for name, value in os.environ.items() if name not in {"CI", "PYTEST_ADDOPTS"}}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
         *(["-p", "no:xdist"] if workers == "no:xdist" else ["-n", workers]), str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize(("ci", "workers"), [(None, "no:xdist"), ("true", "no:xdist"), ("true", "2")])
def test_each_skipped_group_is_named_at_the_end_with_how_to_enable_it(
    tmp_path: Path, ci: str | None, workers: str
) -> None:
    result = run_suite(tmp_path, ci, "test_browser_fake.py", "test_versions_fake.py", workers=workers)
    summary = result.stdout.split("skipped test groups, and how to run them")[1]
    assert "   1 skipped: Chromium is not installed: install Debian's package" in summary
    assert "   2 skipped: python3.13 was not found: install Python 3.13 and run it again" in summary
    assert summary.rstrip().splitlines()[-1].strip("= ").startswith("1 passed, 3 skipped")
    if ci:
        assert result.returncode == 1, result.stdout
        assert "CI=true: the browser tests were skipped" in summary
    else:
        assert result.returncode == 0, result.stdout


def test_in_ci_other_skips_do_not_fail_the_run(tmp_path: Path) -> None:
    result = run_suite(tmp_path, "true", "test_versions_fake.py")
    assert result.returncode == 0, result.stdout
    assert "   2 skipped: python3.13" in result.stdout and "CI=true" not in result.stdout


def test_without_skips_there_is_no_summary(tmp_path: Path) -> None:
    (tmp_path / "test_ok.py").write_text("def test_ok():\n    pass\n")
    result = run_suite(tmp_path, "true")
    assert result.returncode == 0 and "skipped test groups" not in result.stdout, result.stdout
