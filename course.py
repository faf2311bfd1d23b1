"""Set up the course and run it: the README's commands.

    python3 course.py lab       set up .venv, then open the course in JupyterLab
    python3 course.py test      set up .venv, then run every test (extra args go to pytest)
    python3 course.py refresh   set up .venv, then re-run notebooks in place to store outputs
    python3 course.py bench     set up .venv, then run the benchmark
    python3 course.py site      set up .venv, then build the course's website (--serve: and serve it)

Only Python 3.11+ is needed: everything else is installed into .venv, from the versions
pinned in environment.yml. Set-up is skipped when nothing it depends on has changed.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
EXTRA_VENVS = ROOT / ".cache" / "venvs"  # other Pythons, for tests/test_python_versions.py
OTHER_PYTHONS = ("3.11", "3.13")  # the versions the helpers promise to work on
FIRST_LESSON = "notebooks/00-welcome.ipynb"


def pip_pins(environment: Path = ROOT / "environment.yml") -> list[str]:
    """The `- pip:` list of environment.yml, as pip requirement lines.

    A tiny reader for the one shape that file has, because PyYAML is not installed yet;
    tests/test_environment.py checks that it agrees with PyYAML.
    """
    pins: list[str] = []
    in_pip = False
    for line in environment.read_text().splitlines():
        entry = re.match(r"^(\s*)- (.+?)\s*(#.*)?$", line)
        if line.strip() == "- pip:":
            in_pip = True
        elif in_pip and entry and len(entry.group(1)) > 2:
            pins.append(entry.group(2))
        elif in_pip and line.strip() and not line.strip().startswith("#"):
            in_pip = False
    if not pins:
        sys.exit("environment.yml has no `- pip:` list of packages; see the file's comments.")
    return pins


def python_in(environment: Path) -> Path:
    return environment / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def set_up() -> Path:
    """Create .venv and install the pinned environment and `helpers` into it, if needed."""
    if sys.version_info < (3, 11):
        sys.exit(f"The course needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    stamp = VENV / "course-stamp"
    inputs = [ROOT / "environment.yml", ROOT / "pyproject.toml"]
    wanted = hashlib.sha256(b"".join(p.read_bytes() for p in inputs) + sys.version.encode()).hexdigest()
    python = python_in(VENV)
    if stamp.exists() and stamp.read_text() == wanted and python.exists():
        return python
    print("Setting up .venv with the course's pinned packages (the first time takes a few minutes)...")
    if not python.exists():
        venv.create(VENV, with_pip=True, clear=True)
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    run([*pip, *pip_pins()])
    run([*pip, "--no-deps", "--editable", str(ROOT)])
    stamp.write_text(wanted)
    return python


def set_up_other_pythons() -> None:
    """Give each other Python the course supports a venv of the course's packages, so that
    tests/test_python_versions.py can run the lessons there with no network. A Python that
    is not installed is skipped here, and reported by those tests."""
    for version in OTHER_PYTHONS:
        interpreter = find_python(version)
        if interpreter is not None:
            venv_with_pins(EXTRA_VENVS / version, interpreter, [ROOT / "environment.yml"])


def set_up_binder_like() -> None:
    """A venv built the way Binder builds the course: environment.yml's Python (3.12, when
    installed) and pip packages, then `postBuild`. The browser tests run JupyterLab from it
    behind a hub-style URL. Built during set-up, so the tests need no network. Without bash
    (to run postBuild) it is not built, and the test that needs it says so."""
    if shutil.which("bash") is None:
        return
    interpreter = find_python("3.12") or sys.executable
    venv_with_pins(EXTRA_VENVS / "binder", interpreter, [ROOT / "environment.yml"], ROOT / "postBuild")


def venv_with_pins(target: Path, interpreter: str, inputs: list[Path], post_build: Path | None = None) -> None:
    """Make `target` a venv of `interpreter` with environment.yml's pip packages, then run
    `post_build` in it (with its bin first on PATH), unless that was done for these inputs."""
    stamp = target / "course-stamp"
    inputs = [*inputs, *([post_build] if post_build else [])]
    wanted = hashlib.sha256(b"".join(p.read_bytes() for p in inputs) + interpreter.encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    print(f"Setting up {target.relative_to(ROOT)} for the tests...")
    run([interpreter, "-m", "venv", "--clear", str(target)])
    run([str(python_in(target)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *pip_pins()])
    if post_build is not None:
        path = f"{python_in(target).parent}{os.pathsep}{os.environ.get('PATH', '')}"
        run(["bash", str(post_build)], env={**os.environ, "PATH": path})
    stamp.write_text(wanted)


def find_python(version: str) -> str | None:
    """A working `pythonX.Y`: on PATH, or installed by pyenv but not the active version."""
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates = [shutil.which(f"python{version}"), *sorted(pyenv_root.glob(f"versions/{version}.*/bin/python{version}"))]
    for candidate in filter(None, candidates):
        works = subprocess.run([candidate, "-c", "import venv"], capture_output=True).returncode == 0
        if works:
            return str(candidate)
    return None


def untracked_files() -> set[str]:
    """Files git would show as new: tests must write to temporary directories instead."""
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        return set()
    listed = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT, capture_output=True, text=True
    )
    return {line[3:] for line in listed.stdout.splitlines() if line.startswith("??")}


def run(command: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(f"This step failed (exit code {result.returncode}): {' '.join(command)}")


def site(python: Path, args: list[str]) -> int:
    """Build the website from the notebooks' stored outputs into .cache/site/html; with
    --serve, serve it on 127.0.0.1 (site/website.py --help lists the options)."""
    try:
        return subprocess.call([str(python), str(ROOT / "site" / "website.py"), *args], cwd=ROOT)
    except KeyboardInterrupt:  # Ctrl-C is how the server stops; the child has stopped too
        return 0


def main(argv: list[str]) -> int:
    commands = {"lab", "test", "refresh", "bench", "site"}
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    python = set_up()
    if command == "lab":
        root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        return subprocess.call([str(python), "-m", "jupyter", "lab", *root, FIRST_LESSON], cwd=ROOT)
    if command == "test":
        set_up_other_pythons()
        set_up_binder_like()
        before = untracked_files()
        status = subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT)
        litter = untracked_files() - before
        if litter:
            print("The tests left files in the repository:", *sorted(litter), sep="\n  ")
            return status or 1
        return status
    if command == "site":
        return site(python, rest)
    if command == "refresh":
        return subprocess.call([str(python), "tests/notebook_runs.py", "refresh", *rest], cwd=ROOT)
    return subprocess.call([str(python), "benchmarks/bench.py", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
