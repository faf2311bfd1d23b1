"""helpers.project: a package written from cells into a temporary folder, imported afresh."""

from __future__ import annotations

import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from helpers.project import Project


def test_a_project_is_written_loaded_and_reloaded_after_an_edit(capsys: pytest.CaptureFixture[str]) -> None:
    project = Project("shop_a")
    try:
        project.write("routers/items.py", """
            from fastapi import APIRouter
            router = APIRouter(prefix="/items", tags=["items"])

            @router.get("/")
            def list_items():
                return ["tea"]
        """)
        project.write("main.py", """
            from fastapi import FastAPI
            from .routers import items
            app = FastAPI()
            app.include_router(items.router)
        """)
        assert capsys.readouterr().out == "wrote shop_a/routers/items.py (6 lines)\nwrote shop_a/main.py (4 lines)\n"
        assert project.files() == ["shop_a/__init__.py", "shop_a/main.py", "shop_a/routers/__init__.py", "shop_a/routers/items.py"]
        assert TestClient(project.load()).get("/items/").json() == ["tea"]
        project.write("routers/items.py", project.path("routers/items.py").read_text().replace('"tea"', '"coffee"'))
        assert TestClient(project.load("main:app")).get("/items/").json() == ["coffee"], "every file is read again"
    finally:
        project.close()
    assert not project.root.exists()
    assert "shop_a.main" not in sys.modules and str(project.root) not in sys.path


@pytest.mark.parametrize("name", ["../escape.py", "routers/../../x.py", "", "C:\\x.py", "a:b.py"])
def test_a_path_outside_the_project_is_refused(name: str) -> None:
    project = Project("shop_b")
    try:
        with pytest.raises(ValueError, match="inside the project"):
            project.write(name, "x = 1")
    finally:
        project.close()


def test_load_names_what_is_missing_and_keeps_the_real_error() -> None:
    project = Project("shop_c")
    try:
        project.write("main.py", "application = 1\n")
        with pytest.raises(AttributeError, match=r"shop_c/main.py defines no 'app'"):
            project.load()
        project.write("main.py", "def broken(:\n")
        with pytest.raises(SyntaxError):
            project.load()
    finally:
        project.close()
    with pytest.raises(ValueError, match="not a Python package name"):
        Project("my-shop")


def test_the_cell_magic_writes_a_file_in_ipython() -> None:
    script = """
from IPython.testing.globalipapp import start_ipython
shell = start_ipython()
from helpers.project import Project
project = Project("shop_d")
shell.run_cell("%%project_file main.py\\nfrom fastapi import FastAPI\\napp = FastAPI()\\n")
print(project.files())
shell.run_cell("%%project_file ../x.py\\nx = 1\\n")
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert "wrote shop_d/main.py (2 lines)" in result.stdout, result.stdout + result.stderr
    assert "['shop_d/__init__.py', 'shop_d/main.py']" in result.stdout
    assert "ValueError" in result.stdout + result.stderr and "inside the project" in result.stdout + result.stderr
