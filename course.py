"""Set up the course and run it: the README's commands.

    python3 course.py lab [OPTIONS]        set up .venv, then open your copy of lesson 00 in JupyterLab
                                           (OPTIONS go to `jupyter lab`, e.g. --port=8899 --no-browser)
    python3 course.py restore NN           put a fresh copy of lesson NN into my-work/ (yours is kept)
    python3 course.py test [OPTIONS]       set up the test environments, then run every test
                                           (OPTIONS go to pytest, e.g. tests/test_live.py -x)
    python3 course.py refresh [NOTEBOOK]   re-run lessons in place to store their outputs
    python3 course.py bench [--quick]      run the benchmarks (--setup: only the set-up one;
                                           --room [--learners N]: a room on the workshop hub)
    python3 course.py lock [--upgrade]     compile requirements/*.txt from the pins
    python3 course.py mutate [LESSON ...]  mutation-test the checkers against their worked solutions
                                           (--max N mutants per exercise, --write-readme, --steps)
    python3 course.py site [--serve]       build the course's website into .cache/site/html

Only Python 3.11+ is needed: everything else is installed into .venv from the lock
requirements/lessons.txt, with uv (itself installed from PyPI with pip, hashes checked), or
with pip when uv cannot be had (or COURSE_INSTALLER=pip is set). Set-up is skipped when
nothing it depends on has changed.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"  # the learner's: the lessons' packages only
EXTRA_VENVS = ROOT / ".cache" / "venvs"  # for the tests: test/, one per other Python, binder/
TEST_VENV = EXTRA_VENVS / "test"
UV_VENV = EXTRA_VENVS / "uv"
OTHER_PYTHONS = ("3.11", "3.13")  # the versions the helpers promise to work on
LESSONS = ROOT / "notebooks"  # the committed lessons: the tests run these
WORK = ROOT / "my-work"  # the learner's copies (ignored by git): `lab` opens these
LESSONS_LOCK = ROOT / "requirements" / "lessons.txt"
TESTS_PINS = ROOT / "requirements" / "tests.in"
TESTS_LOCK = ROOT / "requirements" / "tests.txt"
LOCK_PYTHON = "3.11"  # the oldest Python the locks cover; they are universal (every OS, 3.11+)
PIP_QUIET = ["--quiet", "--disable-pip-version-check"]
LOCK_OPTIONS = ["--universal", "--generate-hashes", "--python-version", LOCK_PYTHON]


# --- one set-up at a time ----------------------------------------------------------------------

_alone_depth = 0
Setting = TypeVar("Setting", bound=Callable[..., Any])


@contextlib.contextmanager
def _set_up_lock() -> Iterator[None]:
    """Hold .cache/set-up.lock (POSIX `flock`; elsewhere no lock). Two set-ups of one clone at
    once (two terminals, a CI run started twice) build the same venvs together, and an installer
    that meets a venv half made installs into the Python that made it: the second one waits."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; run one course.py at a time there
        yield
        return
    EXTRA_VENVS.mkdir(parents=True, exist_ok=True)
    with open(EXTRA_VENVS.parent / "set-up.lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("Another course.py is setting up this folder: waiting for it to finish...", flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def alone(set_up: Setting) -> Setting:
    """Run `set_up` holding the set-up lock (once: a set-up inside another holds it already)."""
    @functools.wraps(set_up)
    def holding_the_lock(*args: Any, **kwargs: Any) -> Any:
        global _alone_depth
        with _set_up_lock() if _alone_depth == 0 else contextlib.nullcontext():
            _alone_depth += 1
            try:
                return set_up(*args, **kwargs)
            finally:
                _alone_depth -= 1

    return holding_the_lock  # type: ignore[return-value]


# --- the pins and the locks -------------------------------------------------------------------


def pip_list(environment: Path = ROOT / "environment.yml") -> list[str]:
    """The entries of environment.yml's `- pip:` list, as written (comments dropped).

    A tiny reader for the one shape that file has, because PyYAML is not installed yet;
    tests/test_environment.py checks that it agrees with PyYAML.
    """
    entries: list[str] = []
    in_pip = False
    for line in environment.read_text().splitlines():
        entry = re.match(r"^(\s*)- (.+?)\s*(#.*)?$", line)
        if line.strip() == "- pip:":
            in_pip = True
        elif in_pip and entry and len(entry.group(1)) > 2:
            entries.append(entry.group(2))
        elif in_pip and line.strip() and not line.strip().startswith("#"):
            in_pip = False
    if not entries:
        sys.exit("environment.yml has no `- pip:` list of packages; see the file's comments.")
    return entries


def lesson_pins() -> list[str]:
    """The lessons' pins: environment.yml's pip list without its options (`-r the lock`)."""
    return [entry for entry in pip_list() if not entry.startswith("-")]


def test_pins() -> list[str]:
    """The test tools' pins, from requirements/tests.in."""
    lines = (line.split("#")[0].strip() for line in TESTS_PINS.read_text().splitlines())
    return [line for line in lines if line]


def pins_digest(pins: list[str]) -> str:
    """What a lock records of the pins it was compiled from, so that a test can tell when they
    changed without compiling again (which needs the network)."""
    return "sha256:" + hashlib.sha256("\n".join(pins).encode()).hexdigest()


def lock_inputs() -> dict[Path, list[str]]:
    """Each lock and the pins it is compiled from: the tests' lock holds the lessons' too."""
    return {LESSONS_LOCK: lesson_pins(), TESTS_LOCK: lesson_pins() + test_pins()}


def lock(upgrade: bool = False) -> None:
    """Compile the pins into the locks: every package, for every OS and Python 3.11+, with hashes.

    Packages that are not pinned keep the version the lock has unless `upgrade` is true (uv
    reads the existing lock as its preferences). The tests' lock is constrained by the
    lessons' lock, so that both environments have the same version of every shared package.
    """
    uv = tool_uv(required=True)
    for target, pins in lock_inputs().items():
        print(f"Compiling {target.relative_to(ROOT)} ...")
        command = [uv, "pip", "compile", "--quiet", *LOCK_OPTIONS, "-", "-o", str(target)]
        command += ["--custom-compile-command", "python3 course.py lock"]
        if target == TESTS_LOCK:
            command += ["--constraint", str(LESSONS_LOCK)]
        if upgrade:
            command.append("--upgrade")
        result = subprocess.run(command, input="\n".join(pins) + "\n", text=True, cwd=ROOT)
        if result.returncode != 0:
            sys.exit(f"uv could not compile {target.name} (exit code {result.returncode}): see above.")
        body = [line for line in target.read_text().splitlines() if not line.startswith("# pins: ")]
        target.write_text("\n".join([f"# pins: {pins_digest(pins)}", *body]) + "\n")


def locked_entry(lock_file: Path, name: str) -> str:
    """One package's entry in a lock (`name==version ; markers` and its hashes), as text, or ""."""
    found = re.search(rf"^{re.escape(name)}==.*?(?=^\S|\Z)", lock_file.read_text(), re.M | re.S)
    return found.group(0) if found else ""


# --- installing -------------------------------------------------------------------------------


def python_in(environment: Path) -> Path:
    return environment / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def uv_in(environment: Path) -> Path:
    return environment / ("Scripts/uv.exe" if os.name == "nt" else "bin/uv")


def pip_for(python: Path) -> list[str] | None:
    """A command that runs pip for the venv of `python`, or None when there is no pip.

    Venvs are made without pip (faster; ensurepip takes seconds), so pip is, in order: the
    venv's own (once the lock installed it), the wheel that Python's ensurepip bundles (pip
    runs from its wheel), or the pip of the Python running this script (`pip --python`).
    """
    if subprocess.run([python, "-m", "pip", "--version"], capture_output=True).returncode == 0:
        return [str(python), "-m", "pip"]
    ensurepip = subprocess.run(
        [python, "-c", "import ensurepip, os; print(os.path.dirname(ensurepip.__file__))"], capture_output=True, text=True
    )
    folder = Path(ensurepip.stdout.strip(), "_bundled") if ensurepip.returncode == 0 else Path("/nonexistent")
    bundled = sorted(folder.glob("pip-*.whl")) or sorted(Path("/usr/share/python-wheels").glob("pip-*.whl"))  # Debian
    if bundled:
        return [str(python), f"{bundled[-1]}/pip"]
    if subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True).returncode == 0:
        return [sys.executable, "-m", "pip", "--python", str(python)]
    return None


@alone
def tool_uv(required: bool = False) -> str | None:
    """uv, at its pin in requirements/tests.in, in a venv of its own (.cache/venvs/uv), from
    which it installs every environment: the learner's .venv does not carry it.

    pip installs it from PyPI, checking the lock's hashes. Returns None when it cannot be had
    (no pip, PyPI out of reach while pip has a mirror of its own, or COURSE_INSTALLER=pip):
    then pip installs the packages, more slowly. `required`: exit instead (to compile a lock).
    """
    if os.environ.get("COURSE_INSTALLER") == "pip" and not required:
        return None
    [pin] = [pin for pin in test_pins() if pin.startswith("uv==")]
    python, uv = python_in(UV_VENV), uv_in(UV_VENV)
    found = subprocess.run([uv, "--version"], capture_output=True, text=True).stdout if uv.exists() else ""
    if found.split()[1:2] == [pin.removeprefix("uv==")]:
        return str(uv)
    run([sys.executable, "-m", "venv", "--without-pip", "--clear", str(UV_VENV)])
    pip = pip_for(python)
    with tempfile.TemporaryDirectory() as scratch:
        requirement = Path(scratch) / "uv.txt"
        entry = locked_entry(TESTS_LOCK, "uv") if TESTS_LOCK.exists() else ""
        # The lock's entry, with its hashes; the bare pin when the lock is being made anew.
        requirement.write_text(entry if entry.startswith(pin + " ") else pin)
        failure = "this Python has no pip"
        if pip is not None:
            result = subprocess.run([*pip, "install", *PIP_QUIET, "--no-deps", "-r", str(requirement)],
                                    capture_output=True, text=True)
            failure = "" if result.returncode == 0 and uv.exists() else result.stderr[-1500:]
    if failure and required:
        sys.exit(f"uv could not be installed, and `lock` needs it:\n{failure}")
    if failure:
        print(f"uv could not be installed, so pip installs the packages (slower):\n{failure}", flush=True)
        return None
    return str(uv)


def install_lock(python: Path, lock_file: Path, uv: str | Path | None) -> None:
    """Make the venv of `python` hold exactly the packages of `lock_file`, then the course's
    `helpers` (editable: a change to helpers/ works at once)."""
    if not install_packages(python, lock_file, uv):
        uv = None
    if uv is not None:
        run([str(uv), "pip", "install", "--quiet", "--python", str(python), "--no-deps", "--editable", str(ROOT)])
    else:
        run([str(python), "-m", "pip", "install", *PIP_QUIET, "--no-deps", "--editable", str(ROOT)])  # pip is locked


def install_packages(python: Path, lock_file: Path, uv: str | Path | None) -> bool:
    """Install `lock_file` into the venv of `python`, checking every hash: with uv if given
    (which also removes what the lock does not hold), else, or if uv fails, with pip.
    Returns whether uv did it."""
    if uv is not None:
        synced = subprocess.run([str(uv), "pip", "sync", "--quiet", "--python", str(python), str(lock_file)], cwd=ROOT)
        if synced.returncode == 0:
            return True
        print("uv could not install the packages (above), so pip tries (it reads pip's own settings).", flush=True)
    pip = pip_for(python)
    if pip is None:
        sys.exit(
            "This Python has no pip to install the course with: install pip (on Debian or Ubuntu: "
            "`sudo apt-get install python3-venv python3-pip`), then run the command again."
        )
    # --no-compile as uv does: Python compiles what it imports, and the venv stays ~90 MB smaller.
    run([*pip, "install", *PIP_QUIET, "--no-compile", "--no-deps", "--require-hashes", "-r", str(lock_file)])
    return False


def stamp_of(interpreter: str, inputs: list[Path]) -> str:
    """What a venv was built from: its inputs' contents and its Python's version."""
    version = subprocess.run([interpreter, "-c", "import sys; print(sys.version)"], capture_output=True, text=True)
    contents = b"".join(path.read_bytes() for path in inputs)
    return hashlib.sha256(contents + version.stdout.encode()).hexdigest()


def is_current(target: Path, interpreter: str, lock_file: Path) -> bool:
    """True when the venv at `target` was built, to the end, from these very inputs."""
    stamp = target / "course-stamp"
    wanted = stamp_of(interpreter, [lock_file, ROOT / "pyproject.toml"])
    return python_in(target).exists() and stamp.exists() and stamp.read_text() == wanted


@alone
def make_venv(target: Path, interpreter: str, lock_file: Path, uv: str | Path | None) -> Path:
    """A venv at `target` for `interpreter` with exactly `lock_file` and the course, unless it is
    already there for these inputs. Returns its Python."""
    python = python_in(target)
    if is_current(target, interpreter, lock_file):
        return python
    if target != VENV:
        print(f"Setting up {target.relative_to(ROOT)} from {lock_file.relative_to(ROOT)} ...", flush=True)
    if not python.exists():
        run([interpreter, "-m", "venv", "--without-pip", "--clear", str(target)])
    install_lock(python, lock_file, uv)
    (target / "course-stamp").write_text(stamp_of(interpreter, [lock_file, ROOT / "pyproject.toml"]))
    return python


def set_up() -> Path:
    """The learner's .venv: the lessons' lock and the course, installed with uv where it can
    be had. Returns its Python."""
    if sys.version_info < (3, 11):
        sys.exit(f"The course needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if is_current(VENV, sys.executable, LESSONS_LOCK):
        return python_in(VENV)
    print("Setting up .venv with the course's locked packages (the first time takes a little while)...", flush=True)
    return make_venv(VENV, sys.executable, LESSONS_LOCK, tool_uv())


def set_up_tests() -> Path:
    """The tests' venv: the tests' lock (the lessons' packages plus the test tools) and the
    course, so that the notebooks' kernels, which run in it, have what the lessons need."""
    return make_venv(TEST_VENV, sys.executable, TESTS_LOCK, tool_uv())


def set_up_other_pythons() -> None:
    """Give each other Python the course supports a venv of the tests' lock, so that
    tests/test_python_versions.py can run the lessons there with no network. A Python that
    is not installed is skipped here, and reported by those tests."""
    for version in OTHER_PYTHONS:
        interpreter = find_python(version)
        if interpreter is not None:
            make_venv(EXTRA_VENVS / version, interpreter, TESTS_LOCK, tool_uv())


@alone
def set_up_binder_like() -> None:
    """A venv built the way Binder builds the course: environment.yml's Python (3.12, when
    installed) with conda's pip, then `pip install` of environment.yml's pip list, written
    next to environment.yml as conda and repo2docker do (so `-r requirements/lessons.txt`
    resolves the same way), then `postBuild`. The browser tests run JupyterLab from it behind
    a hub-style URL. Without bash (to run postBuild) it is not built, and that test says so."""
    if shutil.which("bash") is None:
        return
    target = EXTRA_VENVS / "binder"
    interpreter = find_python("3.12") or sys.executable
    stamp = target / "course-stamp"
    inputs = [ROOT / "environment.yml", LESSONS_LOCK, ROOT / "postBuild", ROOT / "pyproject.toml"]
    wanted = stamp_of(interpreter, inputs)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    print(f"Setting up {target.relative_to(ROOT)} as Binder would, with pip (a minute or two)...", flush=True)
    run([interpreter, "-m", "venv", "--without-pip", "--clear", str(target)])
    python = python_in(target)
    [conda_pip] = re.findall(r"^\s*- pip=([0-9][^\s#]*)", (ROOT / "environment.yml").read_text(), re.M)
    pip = pip_for(python) or sys.exit("No pip to build the Binder-like venv with: install pip.")
    run([*pip, "install", *PIP_QUIET, f"pip=={conda_pip}"])  # conda installs this pip first
    with tempfile.NamedTemporaryFile("w", dir=ROOT, prefix="condaenv.", suffix=".requirements.txt") as listing:
        listing.write("\n".join(pip_list()) + "\n")
        listing.flush()
        run([str(python), "-m", "pip", "install", *PIP_QUIET, "-r", listing.name])
    path = f"{python.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    run(["bash", str(ROOT / "postBuild")], env={**os.environ, "PATH": path}, show="always")
    stamp.write_text(wanted)


COLAB_PACKAGES = ROOT / "tests" / "colab-packages.txt"
COLAB_VENV = EXTRA_VENVS / "colab"


@alone
def set_up_colab_like() -> None:
    """A venv built as Google Colab's kernel looks: Python 3.13 with Colab's own versions of
    the packages that matter (tests/colab-packages.txt), then the course installed with pip as
    a lesson's first cell does there, so that pip upgrades only what the course's floors ask
    for. tests/test_colab.py runs every lesson in it. Without Python 3.13 it is not built, and
    that test says so."""
    interpreter = find_python("3.13")
    if interpreter is None:
        return
    stamp = COLAB_VENV / "course-stamp"
    wanted = stamp_of(interpreter, [COLAB_PACKAGES, ROOT / "pyproject.toml"])
    if stamp.exists() and stamp.read_text() == wanted:
        return
    print(f"Setting up {COLAB_VENV.relative_to(ROOT)} with Colab's package versions...", flush=True)
    run([interpreter, "-m", "venv", "--clear", str(COLAB_VENV)])
    python = python_in(COLAB_VENV)
    uv = tool_uv()
    if uv:
        run([uv, "pip", "install", "--quiet", "--python", str(python), "-r", str(COLAB_PACKAGES)])
    else:
        run([str(python), "-m", "pip", "install", *PIP_QUIET, "-r", str(COLAB_PACKAGES)])
    # As the lesson's first cell: `%pip install` of the course (here editable, from this clone).
    run([str(python), "-m", "pip", "install", *PIP_QUIET, "--editable", str(ROOT)])
    run([str(python), "-m", "ipykernel", "install", "--prefix", str(COLAB_VENV), "--name", "colab"])
    stamp.write_text(wanted)


FLOORS_VENV = EXTRA_VENVS / "floors"


def floor_pins() -> list[str]:
    """Each dependency of the helpers' package pinned at its floor: `fastapi[standard]>=0.165.0`
    becomes `fastapi[standard]==0.165.0`. A lone notebook's `%pip install` may leave a kernel
    with versions this old (Colab keeps its own where they are new enough)."""
    listing = re.search(r"^dependencies = \[(.*?)^\]", (ROOT / "pyproject.toml").read_text(), re.M | re.S)
    dependencies = re.findall(r'"([^"]+)"', re.sub(r"#.*", "", listing.group(1)))  # no tomllib on Python 3.10
    return [dependency.replace(">=", "==", 1) for dependency in dependencies]


@alone
def set_up_floors() -> None:
    """A venv holding every dependency of the helpers' package at its floor, the rest (what
    those pull in) as pip resolves it, and the course installed editable: the oldest versions a
    lesson on its own may meet. tests/test_floors.py runs lessons in it."""
    interpreter = sys.executable
    stamp = FLOORS_VENV / "course-stamp"
    wanted = stamp_of(interpreter, [ROOT / "pyproject.toml", LESSONS_LOCK])
    if stamp.exists() and stamp.read_text() == wanted:
        return
    print(f"Setting up {FLOORS_VENV.relative_to(ROOT)} with the oldest versions the course allows...", flush=True)
    run([interpreter, "-m", "venv", "--clear", str(FLOORS_VENV)])
    python = python_in(FLOORS_VENV)
    kernel = locked_entry(LESSONS_LOCK, "ipykernel").split(" ", 1)[0].strip()  # the lessons' own kernel
    uv = tool_uv()
    installer = [uv, "pip", "install", "--quiet", "--python", str(python)] if uv else \
        [str(python), "-m", "pip", "install", *PIP_QUIET]
    run([*installer, *floor_pins(), kernel, "--editable", str(ROOT)])
    run([str(python), "-m", "ipykernel", "install", "--prefix", str(FLOORS_VENV), "--name", "floors"])
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


# --- the learner's copies of the lessons --------------------------------------------------------


def lesson_files() -> list[Path]:
    return sorted(LESSONS.glob("[0-9][0-9]-*.ipynb"))


def make_folder(folder: Path) -> None:
    """`folder`, made if missing; a file in its place ends the command with one line."""
    if folder.exists() and not folder.is_dir():
        shown = folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder
        sys.exit(f"{shown} is a file, but the course keeps your copies of the lessons in a folder of that "
                 "name: rename or move the file, then run the command again.")
    folder.mkdir(exist_ok=True)


def copy_new_lessons(work: Path = WORK) -> list[Path]:
    """Copy each lesson that has no copy in `work` yet (a learner's copies are never replaced,
    and a lesson added later gets its copy). Returns the copies made."""
    make_folder(work)
    made = []
    for lesson in lesson_files():
        copy = work / lesson.name
        if not copy.exists():
            shutil.copyfile(lesson, copy)
            made.append(copy)
    return made


def find_lesson(name: str) -> Path:
    """The lesson a learner means by `3`, `03`, `03-query-parameters` or a file name."""
    stem = Path(name).name.removesuffix(".ipynb")
    number = stem.split("-")[0]
    found = [
        lesson
        for lesson in lesson_files()
        if lesson.stem == stem or (number.isdigit() and stem == number and int(number) == int(lesson.stem[:2]))
    ]
    if len(found) != 1:
        names = "\n  ".join(lesson.stem for lesson in lesson_files())
        sys.exit(f"There is no lesson {name!r}. Name one by its number (e.g. 03) or its name:\n  {names}")
    return found[0]


def restore(name: str, work: Path = WORK) -> Path:
    """Replace the learner's copy of a lesson with a fresh one; the old copy moves to
    `work/old/` as NAME-1.ipynb, NAME-2.ipynb... (never overwritten). Returns where it went,
    or the fresh copy when there was none."""
    lesson = find_lesson(name)
    copy = work / lesson.name
    make_folder(work)
    kept = copy
    if copy.exists():
        make_folder(work / "old")
        number = 1
        while (work / "old" / f"{lesson.stem}-{number}.ipynb").exists():
            number += 1
        kept = work / "old" / f"{lesson.stem}-{number}.ipynb"
        copy.rename(kept)
    shutil.copyfile(lesson, copy)
    return kept


# --- the commands -------------------------------------------------------------------------------


def lab_command(python: Path, options: list[str]) -> list[str]:
    """`jupyter lab` in the repository's root (so the README, the instructor guide and helpers/
    are in its file browser), at the learner's copy of lesson 00: the address JupyterLab
    prints opens it. `options` go to JupyterLab, which refuses those it does not know."""
    first = f"{WORK.relative_to(ROOT).as_posix()}/{lesson_files()[0].name}"
    root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    # `-m jupyterlab`, not `-m jupyter lab`: the latter runs the first `jupyter-lab` on PATH,
    # which may belong to another Python (a pyenv shim, say) and open the course without its venv.
    return [str(python), "-m", "jupyterlab", *root, f"--LabApp.default_url=/lab/tree/{first}", *options]


# JupyterLab only warns about an option it does not know, and goes on without it.
UNKNOWN_OPTION = re.compile(r"Unrecognized alias: '([^']+)'|Config option `([^`]+)` not recognized by `([^`]+)`")


def lab(options: list[str]) -> int:
    """Run JupyterLab until it stops, or until Ctrl-C, which stops it and its kernels cleanly.

    JupyterLab's messages are passed through; one saying that it ignores an option stops it:
    a learner who typed `--port 9000` must not get a server somewhere else without noticing.
    """
    python = set_up()
    # Ctrl-C raises KeyboardInterrupt here even if whatever started this script ignored SIGINT
    # (a background job of a shell does; Python then leaves it ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if copy_new_lessons():
        print(f"Your copies of the lessons are in {WORK.name}/: edit them freely; "
              "`python3 course.py restore NN` gives you a fresh one.", flush=True)
    # Its own session: Ctrl-C in the terminal reaches this script only, which stops JupyterLab
    # with SIGTERM: no confirmation question, no traceback, kernels shut down.
    process = subprocess.Popen(
        lab_command(python, options), cwd=ROOT, stderr=subprocess.PIPE, text=True, errors="replace",
        start_new_session=os.name != "nt",
    )
    refused: list[str] = []

    def pass_messages_on() -> None:
        for line in process.stderr:  # type: ignore[union-attr]
            sys.stderr.write(line)
            unknown = UNKNOWN_OPTION.search(line)
            if unknown and not refused:
                refused.append(unknown.group(1) or f"{unknown.group(3)}.{unknown.group(2)}")
                process.terminate()

    reader = threading.Thread(target=pass_messages_on, daemon=True)
    reader.start()
    try:
        status = process.wait()
        reader.join(timeout=5)
    except KeyboardInterrupt:
        print("\nStopping JupyterLab...", file=sys.stderr, flush=True)
        stop(process)
        reader.join(timeout=5)
        print("JupyterLab stopped. `python3 course.py lab` starts it again; your work is in my-work/.")
        return 0
    if refused:
        print(f"\nJupyterLab does not know the option {refused[0]!r}, so it was stopped. "
              "`python3 course.py lab --help-all` lists the options it knows.", file=sys.stderr)
        return 2
    return status


def stop(process: subprocess.Popen[str]) -> None:
    """SIGTERM, which JupyterLab answers by shutting its kernels down; a kill if it hangs."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except (subprocess.TimeoutExpired, KeyboardInterrupt):
        if os.name == "nt":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)  # its kernels notice that it is gone, and exit
        process.wait()


def test(options: list[str]) -> int:
    """Every environment the tests need (the learner's .venv is tested too), then pytest."""
    set_up()
    python = set_up_tests()
    set_up_other_pythons()
    set_up_binder_like()
    set_up_colab_like()
    set_up_floors()
    download_test_assets(python)
    before = untracked_files()
    status = subprocess.call([str(python), "-m", "pytest", *options], cwd=ROOT)
    litter = untracked_files() - before
    if litter:
        print("The tests left files in the repository:", *sorted(litter), sep="\n  ")
        return status or 1
    return status


def download_test_assets(python: Path) -> None:
    """What some tests need from a registry, fetched here so that no test needs the network:
    wheels for the bare-venv test (PyPI), configurable-http-proxy for the hub test (npm), and
    mermaid.js for the website (npm). A step that fails is reported; its tests then skip (or,
    for the website, fail) and say how to fix it."""
    steps = {
        "wheels for tests/test_bare_venv.py": [str(python), "tests/offline_wheels.py"],
        "configurable-http-proxy for tests/test_hub.py": [str(python), "workshop/hub.py", "set-up"],
        "mermaid.js for the website": [str(python), "-c", "import sys; sys.path.insert(0, 'site'); "
                                       "import website; website.vendor_mermaid()"],
    }
    for what, command in steps.items():
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            print(f"Could not fetch {what}:\n{result.stdout}{result.stderr}", flush=True)


def untracked_files() -> set[str]:
    """Files git would show as new: tests must write to temporary directories instead."""
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        return set()
    listed = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT, capture_output=True, text=True
    )
    return {line[3:] for line in listed.stdout.splitlines() if line.startswith("??")}


def run(command: list[str], env: dict[str, str] | None = None, show: str = "failure") -> None:
    """Run a step of the set-up; exit with its output if it fails. `show="failure"` keeps its
    output (pip's warnings about this machine's settings...) unless it fails."""
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=show == "failure", text=True)
    if result.returncode != 0:
        sys.exit(f"{result.stdout or ''}{result.stderr or ''}\n"
                 f"This step failed (exit code {result.returncode}): {' '.join(command)}")


def site(python: Path, args: list[str]) -> int:
    """Build the website from the notebooks' stored outputs into .cache/site/html; with
    --serve, serve it on 127.0.0.1 (site/website.py --help lists the options)."""
    try:
        return subprocess.call([str(python), str(ROOT / "site" / "website.py"), *args], cwd=ROOT)
    except KeyboardInterrupt:  # Ctrl-C is how the server stops; the child has stopped too
        return 0


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command == "lab":
        return lab(rest)
    if command == "restore" and len(rest) == 1:
        kept = restore(rest[0])
        fresh = WORK / find_lesson(rest[0]).name
        print(f"{fresh.relative_to(ROOT)} is a fresh copy of the lesson.")
        if kept != fresh:
            print(f"Your old copy is {kept.relative_to(ROOT)}.")
        print("If the lesson is open in JupyterLab, use File > Reload Notebook from Disk.")
        return 0
    if command == "test":
        return test(rest)
    if command == "refresh":
        return subprocess.call([str(set_up_tests()), "tests/notebook_runs.py", "refresh", *rest], cwd=ROOT)
    if command == "bench":
        python = str(set_up_tests())
        if "--room" in rest:  # a room of learners on the workshop hub (benchmarks/room_bench.py)
            return subprocess.call([python, "benchmarks/room_bench.py", *(arg for arg in rest if arg != "--room")], cwd=ROOT)
        status = 0
        if "--setup" not in rest:
            status = subprocess.call([python, "benchmarks/bench.py", *rest], cwd=ROOT)
        if "--quick" not in rest:
            status = status or subprocess.call([python, "benchmarks/setup_bench.py"], cwd=ROOT)
        return status
    if command == "site":
        return site(set_up_tests(), rest)
    if command == "mutate":  # one process, at a low priority: the machine stays usable
        return subprocess.call(["nice", "-n", "10"] * (os.name != "nt") + [str(set_up_tests()), "tests/mutation.py", *rest],
                               cwd=ROOT)
    if command == "lock" and rest in ([], ["--upgrade"]):
        lock(upgrade=bool(rest))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
