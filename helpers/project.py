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
still lets the notebook serve them live. `load` forgets every module of the package before it
imports, so each file is read again, and the package's code never sees the notebook's names.
The folder is deleted when the kernel exits, or by `project.close()`.
"""

from __future__ import annotations

import importlib
import sys
import tempfile
import textwrap
import weakref
from pathlib import Path, PurePosixPath
from typing import Any

__all__ = ["Project"]

_current: Project | None = None  # the project the %%project_file magic writes to


class Project:
    """The package `package` (a valid Python name) in a new temporary folder, `root`."""

    def __init__(self, package: str) -> None:
        if not package.isidentifier():
            raise ValueError(f"{package!r} is not a Python package name: use letters, digits and _")
        global _current
        self.package = package
        self._folder = tempfile.TemporaryDirectory(prefix=f"{package}-")
        self.root = Path(self._folder.name)
        (self.root / package).mkdir()
        (self.root / package / "__init__.py").write_text("")
        self._finalizer = weakref.finalize(self, _forget, str(self.root), package, self._folder)
        _current = self
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
        and print which file changed (its name inside the project, never the temporary path)."""
        target = self.path(relative)
        for folder in reversed(target.parents):
            if folder.is_relative_to(self.root / self.package) and not folder.exists():
                folder.mkdir()
                (folder / "__init__.py").write_text("")
        target.parent.mkdir(parents=True, exist_ok=True)
        text = textwrap.dedent(source).lstrip("\n")
        target.write_text(text)
        print(f"wrote {target.relative_to(self.root).as_posix()} ({len(text.splitlines())} lines)")

    def files(self) -> list[str]:
        """The project's files, relative to `root`, sorted; caches left out."""
        return sorted(
            path.relative_to(self.root).as_posix()
            for path in self.root.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts and ".pytest_cache" not in path.parts
        )

    def load(self, target: str = "main:app") -> Any:
        """Import `module:attribute` of the package afresh (every module of the package is read
        again, as after `fastapi dev` reloads) and return the attribute, usually the app.

        Raises the import's own error (a SyntaxError, an ImportError...) with its traceback,
        and AttributeError when the module has no such attribute."""
        module_name, _, attribute = target.partition(":")
        _forget_modules(self.package)
        importlib.invalidate_caches()
        if str(self.root) not in sys.path:
            sys.path.insert(0, str(self.root))
        module = importlib.import_module(f"{self.package}.{module_name}")
        if not hasattr(module, attribute or "app"):
            raise AttributeError(f"{self.package}/{module_name.replace('.', '/')}.py defines no {attribute or 'app'!r}")
        return getattr(module, attribute or "app")

    def close(self) -> None:
        """Forget the package's modules and delete the folder (also done at kernel exit)."""
        self._finalizer()


def _forget_modules(package: str, root: str | None = None) -> None:
    """Drop the package's modules from sys.modules; with `root`, only those loaded from there
    (a newer Project of the same name keeps its own)."""
    for name, module in list(sys.modules.items()):
        if name == package or name.startswith(f"{package}."):
            if root is None or str(getattr(module, "__file__", "")).startswith(root):
                del sys.modules[name]


def _forget(root: str, package: str, folder: tempfile.TemporaryDirectory[str]) -> None:
    _forget_modules(package, root)
    if root in sys.path:
        sys.path.remove(root)
    folder.cleanup()


def _register_magic() -> None:
    """`%%project_file routers/items.py` at the top of a cell writes the rest of the cell to that
    file of the newest Project (the cell is not run: load the project to use it)."""
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: Project.write is all there is
        return
    shell = get_ipython()
    if shell is None or "project_file" in shell.magics_manager.magics["cell"]:
        return

    def project_file(line: str, cell: str) -> None:
        if _current is None or not line.strip():
            raise ValueError("write `%%project_file name.py` after creating a Project")
        _current.write(line.strip(), cell)

    shell.register_magic_function(project_file, magic_kind="cell", magic_name="project_file")
