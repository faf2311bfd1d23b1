"""A static security linter (Bandit, pinned in requirements/tests.in) over the code learners copy.

What is linted, extracted from the notebooks into files of their own:
- every worked solution (the ```python block of each cell tagged `solution`);
- every "As a main.py" box;
- every file a lesson writes with %%project_file (lesson 20's project, lesson 22's capstone
  package and its tests), with the worked solutions in.

The answer must be zero findings, or each one justified where it is, in the lesson's own code:
`# nosec B105: why this is safe here`. An unjustified `# nosec` counts as a finding.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from notebook_runs import lessons, read, tags, with_solutions
from test_notebooks import main_py_boxes

BANDIT = str(Path(sys.executable).with_name("bandit"))
MAGIC = re.compile(r"^\s*[%!].*$", re.M)  # IPython magics and shell lines: not Python, kept as blank lines
PROJECT_FILE = re.compile(r"\A%%project_file\s+(\S+)")
NOSEC = re.compile(r"#\s*nosec\b(.*)$")


def copied_code() -> dict[str, str]:
    """Every piece of code a learner is told to copy, by a name that says where it is."""
    found: dict[str, str] = {}
    for path in lessons():
        notebook = read(path)
        solutions = [cell for cell in notebook.cells if "solution" in tags(cell)]
        for number, cell in enumerate(solutions, 1):
            code = re.search(r"```python\n(.*?)```", cell.source, re.S)
            if code:
                found[f"{path.stem}/solution-{number}.py"] = code.group(1)
        for number, code in enumerate(main_py_boxes(notebook), 1):
            found[f"{path.stem}/main-py-box-{number}.py"] = code
        for cell in with_solutions(notebook).cells:
            written = PROJECT_FILE.match(cell.source) if cell.cell_type == "code" else None
            if written:  # the last version of each file wins, as in the lesson
                name = written.group(1).strip("/").replace("/", "__")
                found[f"{path.stem}/project__{name}"] = cell.source
    return {name: MAGIC.sub("", code) for name, code in found.items()}


def is_test_code(text: str) -> bool:
    """A pytest file, or a solution that writes pytest tests: test functions or fixtures."""
    return bool(re.search(r"^def test_|^@pytest\.fixture", text, re.M))


# In test code, `assert` is how pytest checks (tests are never run with -O), and a password in a
# test is test data, not a secret: these checks judge the code that serves, not its tests.
NOT_IN_TESTS = {"B101", "B105", "B106"}


@functools.cache
def findings() -> dict[str, list[str]]:
    """Bandit's findings, by lesson (one Bandit run over every piece of copied code)."""
    code = copied_code()
    with tempfile.TemporaryDirectory(prefix="bandit-") as folder:
        for name, text in code.items():
            (Path(folder) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(folder) / name).write_text(text)
        result = subprocess.run([BANDIT, "-r", folder, "-f", "json", "-q"], capture_output=True, text=True, timeout=300)
        report = json.loads(result.stdout)
        assert not report["errors"], report["errors"]
        found: dict[str, list[str]] = {}
        for issue in report["results"]:
            name = str(Path(issue["filename"]).relative_to(folder))
            if issue["test_id"] in NOT_IN_TESTS and is_test_code(code[name]):
                continue
            found.setdefault(name.split("/")[0], []).append(
                f"{name}:{issue['line_number']}: {issue['test_id']} ({issue['issue_severity']}, "
                f"{issue['issue_confidence']} confidence) {issue['issue_text']}\n{issue['code'].rstrip()}")
    return found


# Findings of the first run (issue 18) in lessons this test's author does not own: each mark goes
# when the lesson fixes or justifies its finding (strict: a clean lesson fails its xfail).
KNOWN: dict[str, str] = {}


def test_there_is_code_to_lint() -> None:
    code = copied_code()
    assert len(code) > 40, f"found only {len(code)} pieces of code: did the notebooks' format change?"
    assert not set(findings()) - {path.stem for path in lessons()}


@pytest.mark.parametrize("path", [
    pytest.param(path, id=path.stem, marks=[pytest.mark.xfail(strict=True, reason=KNOWN[path.stem])] if path.stem in KNOWN else [])
    for path in lessons()
])
def test_the_code_learners_copy_has_no_security_findings(path: Path) -> None:
    found = findings().get(path.stem, [])
    assert not found, f"{len(found)} Bandit findings (fix them, or justify each inline: `# nosec BXXX: why`):\n\n" + \
        "\n\n".join(found)


def test_every_nosec_says_which_check_and_why() -> None:
    """A bare `# nosec` silences every check on its line without a word: name the check, say why."""
    bare = []
    for name, text in copied_code().items():
        for number, line in enumerate(text.splitlines(), 1):
            found = NOSEC.search(line)
            if found and not re.match(r"\s+B\d{3}(,\s*B\d{3})*\s*:\s*\S", found.group(1)):
                bare.append(f"{name}:{number}: {line.strip()}")
    assert not bare, "write `# nosec BXXX: why` instead:\n" + "\n".join(bare)
