"""The benchmark runs and prints its figures; what they are is not a test's business."""

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench.py"


def test_the_quick_benchmark_prints_every_figure_with_its_baseline() -> None:
    result = subprocess.run([sys.executable, str(BENCH), "--quick"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["measure", "median"]
    measured = [line.split("  ")[0] for line in lines[1:]]
    assert measured == ["serve(app) to first response", "re-run of the serve cell", "request round trip, live"]
    assert all(len(re.findall(r"\d+\.\dms", line)) == 2 for line in lines[1:])
