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
    assert "ProjectError: '../x.py' is not a file name of the project" in result.stdout + result.stderr


def test_a_project_named_as_a_module_python_has_is_refused_and_the_module_keeps_working() -> None:
    import json

    with pytest.raises(ValueError, match="'json' is the name of a module Python already has"):
        Project("json")
    assert json.dumps([1]) == "[1]" and sys.modules["json"] is json


def test_two_projects_of_one_name_each_load_their_own_files() -> None:
    first, second = Project("shop_twin"), Project("shop_twin")
    try:
        for project, answer in ((first, "first"), (second, "second")):
            project.write("helper.py", f"ANSWER = {answer!r}\n")
            project.write("main.py", "from .helper import ANSWER\napp = ANSWER\n")
        assert [first.load(), second.load(), first.load()] == ["first", "second", "first"]
    finally:
        first.close()
        second.close()


def test_load_reads_a_root_level_module_again_after_an_edit() -> None:
    project = Project("shop_root")
    try:
        project.write("/settings.py", "NAME = 'one'\n")  # beside the package, imported by its name
        project.write("main.py", "import settings\napp = settings.NAME\n")
        assert project.load() == "one"
        project.write("/settings.py", "NAME = 'two'\n")  # the same size, within the same second
        assert project.load() == "two"
    finally:
        project.close()
    assert "settings" not in sys.modules


def test_a_file_goes_back_to_what_the_other_cells_wrote_when_its_cell_runs_again(capsys: pytest.CaptureFixture[str]) -> None:
    import helpers.cells

    project = Project("shop_cells")
    try:
        helpers.cells.cell_started("given")
        project.write("routers/todos.py", "# written in exercise 2\n")
        helpers.cells.cell_started("exercise")
        project.write("routers/todos.py", "router = 'mine'\n")
        helpers.cells.cell_started("exercise")  # run again (without its %%project_file line)
        assert project.path("routers/todos.py").read_text() == "# written in exercise 2\n"
        helpers.cells.cell_started("given")  # and that cell too: no cell writes the file now
        assert not project.path("routers/todos.py").exists()
    finally:
        helpers.cells.cell_started(None)
        project.close()
