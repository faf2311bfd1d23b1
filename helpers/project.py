"""A FastAPI project of several files, written from notebook cells into a temporary folder.

    from helpers.project import Project

    project = Project("shop")          # the package shop/ in a new temporary folder
    project.write("main.py", '''
        from fastapi import FastAPI
        app = FastAPI()
    ''')                               # or a cell that starts with %%project_file main.py
    app = project.load("main:app")     # a fresh import of shop.main, as `fastapi dev` does on save
    server = serve(app)                # serve it live; run the cell again after editing a file

A real project lives in files, not in a notebook: this keeps the files real (they can be run
with `fastapi dev`, `fastapi run` and pytest as their own processes, from `project.root`) and
still lets the notebook serve them live. `load` forgets every module read from the project
before it imports, so each file is read again, and the package's code never sees the notebook's
names. The folder is deleted when the kernel exits, or by `project.close()`.

The files follow the cells as the live app does (see `helpers.live`): a cell that wrote a file
and runs again (or is deleted) first takes its version back, so the file is what the cells as
they stand now write. A cell that forgot its `%%project_file` line thus leaves no stale file
behind, and says so in one line. `load` names a file whose package import is missing (the state
a kernel restart leaves when only the set-up cell ran) instead of serving a partial project.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
import sys
import tempfile
import textwrap
import weakref
from pathlib import Path, PurePosixPath
from typing import Any

from helpers import cells
from helpers.client import CourseError

__all__ = ["Project", "ProjectError"]

_current: Project | None = None  # the project the %%project_file magic writes to
_projects: weakref.WeakSet[Project] = weakref.WeakSet()  # the open ones, for `_forget_cell`
RESTART_ADVICE = "after a kernel restart, run the lesson's cells from the top: each file cell writes its file"


class ProjectError(CourseError):
    """A project's files are not what its cells write; the message says what to run."""


class Project:
    """The package `package` (a valid Python name) in a new temporary folder, `root`."""

    def __init__(self, package: str) -> None:
        if not package.isidentifier():
            raise ValueError(f"{package!r} is not a Python package name: use letters, digits and _")
        _refuse_a_name_python_has(package)
        global _current
        self.package = package
        self._folder = tempfile.TemporaryDirectory(prefix=f"{package}-")
        self.root = Path(self._folder.name)
        (self.root / package).mkdir()
        (self.root / package / "__init__.py").write_text("")
        self._finalizer = weakref.finalize(self, _forget, str(self.root), self._folder)
        self._writes: dict[Path, list[tuple[str | None, str]]] = {}  # file -> (cell, text) written, oldest first
        self._writers: dict[Path, set[str | None]] = {}  # file -> every cell that ever wrote it
        self._loaded: set[Path] = set()  # the files of the modules the latest `load` imported
        _current = self
        _projects.add(self)
        cells.on_cell_started(_forget_cell)
        _register_magic()

    def path(self, relative: str) -> Path:
        """The file `relative` ("main.py", "routers/items.py", "../tests/test_x.py" is refused)
        inside the package; a name starting with "/" is relative to `root` ("/tests/test_x.py").

        Raises ValueError for a name that would leave the project's folder."""
        inside_root = relative.startswith("/")
        parts = PurePosixPath(relative.lstrip("/")).parts
        if not parts or ".." in parts or any(":" in part or "\\" in part for part in parts):
            raise ValueError(f"{relative!r}: write a path inside the project, such as 'routers/items.py'")
        return self.root.joinpath(*parts) if inside_root else self.root.joinpath(self.package, *parts)

    def write(self, relative: str, source: str) -> None:
        """Write `source` (indentation common to its lines removed) to the file `relative` (see
        `path`), creating folders as needed, with an `__init__.py` in each new package folder,
        and print which file changed (its name inside the project, never the temporary path).
        A cell run again that rewrites a file the live app was loaded from says that the app
        changes once the project is loaded and served again (`fastapi dev` would reload)."""
        if not self._finalizer.alive:
            raise ProjectError(f"The project {self.package!r} was closed: run the cell that creates it again.")
        target = self.path(relative)
        text = textwrap.dedent(source).lstrip("\n")
        cell, writers = cells.current(), self._writers.setdefault(target, set())
        note = ""
        if cell is not None and cell in writers and target in self._loaded:  # a cell run again
            note = "; the live app changes once the project is loaded and served again"
        writers.add(cell)
        self._writes.setdefault(target, []).append((cell, text))
        self._put(target, text)
        print(f"wrote {target.relative_to(self.root).as_posix()} ({len(text.splitlines())} lines){note}")

    def _put(self, target: Path, text: str | None) -> None:
        """Make the file hold `text` (None: remove it), leaving no bytecode of an older version."""
        for folder in reversed(target.parents):
            if folder.is_relative_to(self.root / self.package) and not folder.exists():
                folder.mkdir()
                (folder / "__init__.py").write_text("")
        target.parent.mkdir(parents=True, exist_ok=True)
        for cached in target.parent.glob(f"__pycache__/{target.stem}.*.pyc"):
            cached.unlink()  # an edit within the same second could otherwise be read from it
        if text is None:
            target.unlink(missing_ok=True)
        else:
            target.write_text(text)

    def files(self) -> list[str]:
        """The project's files, relative to `root`, sorted; caches left out."""
        return sorted(
            path.relative_to(self.root).as_posix()
            for path in self.root.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts and ".pytest_cache" not in path.parts
        )

    def load(self, target: str = "main:app") -> Any:
        """Import `module:attribute` of the package afresh (every module read from the project
        is read again, as after `fastapi dev` reloads) and return the attribute, usually the app.

        Raises ProjectError when a file of the package imports one the project does not have,
        the import's own error (a SyntaxError, an ImportError...) with its traceback, and
        AttributeError when the module has no such attribute."""
        if not self._finalizer.alive:
            raise ProjectError(f"The project {self.package!r} was closed: run the cell that creates it again.")
        self._check_imports()
        module_name, _, attribute = target.partition(":")
        _forget_modules(str(self.root), self.package)
        importlib.invalidate_caches()
        if str(self.root) in sys.path:  # first, ahead of another project's package of this name
            sys.path.remove(str(self.root))
        sys.path.insert(0, str(self.root))
        module = importlib.import_module(f"{self.package}.{module_name}")
        self._loaded = {Path(m.__file__) for m in sys.modules.copy().values() if _is_from(m, str(self.root))}
        if not hasattr(module, attribute or "app"):
            raise AttributeError(f"{self.package}/{module_name.replace('.', '/')}.py defines no {attribute or 'app'!r}")
        return getattr(module, attribute or "app")

    def _check_imports(self) -> None:
        """Raise ProjectError for a relative import of a module the package does not have."""
        for file in sorted((self.root / self.package).rglob("*.py")):
            try:
                tree = ast.parse(file.read_text())
            except SyntaxError:
                continue  # the import itself reports it, with its line
            for node in ast.walk(tree):
                if not isinstance(node, ast.ImportFrom) or not node.level:
                    continue
                base = file.parent
                for _ in range(node.level - 1):
                    base = base.parent
                module = base.joinpath(*node.module.split(".")) if node.module else base
                wanted = [module]  # `from .x import y`: x; and y, when x is a folder with an empty __init__.py
                if module.is_dir() and not (module / "__init__.py").read_text().strip():
                    wanted = [module / alias.name for alias in node.names]
                for missing in [m for m in wanted if not (m.with_suffix(".py").exists() or m.is_dir())][:1]:
                    raise ProjectError(
                        f"{file.relative_to(self.root).as_posix()} imports {missing.relative_to(self.root).as_posix()}.py, "
                        f"which the project does not have: write it first ({RESTART_ADVICE})."
                    )

    def close(self) -> None:
        """Forget the package's modules and delete the folder (also done at kernel exit)."""
        self._finalizer()

    def _take_back(self, cell: str) -> None:
        """The files `cell` wrote go back to what the other cells wrote (or go)."""
        for target, writes in self._writes.items():
            kept = [write for write in writes if write[0] != cell]
            if kept != writes:
                self._writes[target] = kept
                if writes[-1][0] == cell:
                    self._put(target, kept[-1][1] if kept else None)


def _forget_cell(cell: str) -> None:
    for project in list(_projects):
        if project._finalizer.alive:
            project._take_back(cell)


def _refuse_a_name_python_has(package: str) -> None:
    """A package named as a module Python already has (`json`) would hide that module."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return
    where = str(getattr(spec, "origin", None) or "")
    if spec is not None and not any(where.startswith(str(project.root)) for project in list(_projects)):
        raise ValueError(
            f"{package!r} is the name of a module Python already has: name the project otherwise, "
            f"such as 'my_{package}', so that `import {package}` keeps working."
        )


def _is_from(module: Any, root: str) -> bool:
    return str(getattr(module, "__file__", None) or "").startswith(root + "/")


def _forget_modules(root: str, package: str | None = None) -> None:
    """Drop from sys.modules the modules read from `root` and, with `package`, every module of
    that name (another project's too: a newer Project of the name keeps its own at close)."""
    for name, module in sys.modules.copy().items():  # (a copy: another thread may import meanwhile)
        if _is_from(module, root) or (package and (name == package or name.startswith(f"{package}."))):
            del sys.modules[name]


def _forget(root: str, folder: tempfile.TemporaryDirectory[str]) -> None:
    _forget_modules(root)
    if root in sys.path:
        sys.path.remove(root)
    folder.cleanup()


FORGOTTEN_MAGIC = (
    "This cell looks like a file of the project (`from ..x import` or `from .x import`), but it ran "
    "in the notebook: make `%%project_file NAME.py` its first line, then run it again."
)


def _explain_relative_import(shell: Any, kind: type, error: BaseException, tb: Any, tb_offset: Any = None) -> None:
    """Show a cell's relative import (a file cell without its `%%project_file` line) as one line."""
    if isinstance(error, ImportError) and "no known parent package" in str(error):
        shell.showtraceback((ProjectError, ProjectError(FORGOTTEN_MAGIC), None))
    else:
        shell.showtraceback((kind, error, tb), tb_offset=tb_offset)


GOOD_NAME = (
    "after %%project_file, write one file name and nothing else: `main.py`, `routers/items.py` "
    "(inside the package: letters, digits and _, ending in .py), or `/tests/test_main.py` "
    "(beside the package)"
)
_PART = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ROOT_FILE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\.[A-Za-z0-9]+")


def file_name(line: str) -> str:
    """The file name on a `%%project_file` line, or a ProjectError saying what a good one is:
    no spaces or comment after it, no folder, no `..`, a `.py` file inside the package."""
    name = line.strip()
    *folders, last = name.lstrip("/").split("/") if name else [""]
    beside = name.startswith("/") and not name.startswith("//")
    if beside:  # beside the package: any file (pyproject.toml), in folders of plain names
        good = bool(_ROOT_FILE.fullmatch(last)) and all(_PART.fullmatch(f) for f in folders)
    else:
        good = last.endswith(".py") and bool(_PART.fullmatch(last[:-3])) and all(_PART.fullmatch(f) for f in folders)
    if not good or name.startswith("//"):
        raise ProjectError(f"{name!r} is not a file name of the project: {GOOD_NAME}.")
    return name


def _register_magic() -> None:
    """`%%project_file routers/items.py` at the top of a cell writes the rest of the cell to that
    file of the newest Project (the cell is not run: load the project to use it)."""
    shell = cells.ipython_shell()
    if shell is None or "project_file" in shell.magics_manager.magics["cell"]:
        return

    def project_file(line: str, cell: str) -> None:
        if _current is None:
            raise ProjectError("%%project_file writes into a Project: run the cell that creates it first.")
        name = file_name(line)
        try:
            _current.write(name, cell)
        except OSError as error:  # (a folder in the way, a full disk): one line, no temporary path
            raise ProjectError(f"%%project_file {name}: the file could not be written "
                               f"({type(error).__name__}: {error.strerror or error}).") from None

    shell.register_magic_function(project_file, magic_kind="cell", magic_name="project_file")
    if not shell.custom_exceptions:  # another handler of a learner's, or a library's, is kept
        shell.set_custom_exc((ImportError,), _explain_relative_import)
