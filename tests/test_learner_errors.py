"""The ten learner errors of workshop/README.md, each reproduced as a learner meets it, with the
fix the guide gives shown to work. Keep the two in step: the numbers match."""

from __future__ import annotations

import socket
import os
import subprocess
import sys
import venv
from pathlib import Path

import nbformat
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from helpers import ServerError, serve
from helpers.client import ServerNotRunning
from notebook_runs import NOTEBOOKS, code_cells, read


def test_1_port_already_in_use() -> None:
    with socket.socket() as other_program:
        other_program.bind(("127.0.0.1", 0))
        other_program.listen()
        port = other_program.getsockname()[1]
        with pytest.raises(ServerError, match=f"Port {port} on 127.0.0.1 is already in use"):
            serve(FastAPI(), port=port, name="error-1")
    with serve(FastAPI(), name="error-1") as server:  # the fix: no port=, a free one is chosen
        assert server.client.get("/openapi.json").status_code == 200


def test_2_kernel_restarted_then_a_later_cell_run() -> None:
    notebook = read(NOTEBOOKS / "01-first-app.ipynb")
    route_cell = next(cell for cell in code_cells(notebook) if '@app.get("/items/{item_id}")' in cell.source)
    restarted = nbformat.v4.new_notebook(cells=[route_cell])
    with pytest.raises(CellExecutionError) as error:
        NotebookClient(restarted, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    assert (error.value.ename, error.value.evalue) == ("NameError", "name 'app' is not defined")
    # The fix: run the cells above (Run > Run All Above Selected Cell), set-up cell first.
    above = code_cells(notebook)[: code_cells(notebook).index(route_cell) + 1]
    fixed = nbformat.v4.new_notebook(cells=above)
    NotebookClient(fixed, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    assert fixed.cells[-1].outputs[0].text == "{'item_id': 42}\n"


def test_3_docs_page_blank_without_internet() -> None:
    plain = TestClient(FastAPI()).get("/docs").text
    assert "https://cdn.jsdelivr.net/npm/swagger-ui-dist" in plain  # unreachable offline: blank page
    with serve(FastAPI(), name="error-3") as server:  # the fix: serve() ships the assets
        served = server.client.get("/docs").text
        assert "cdn.jsdelivr.net" not in served
        assert server.client.get("/offline-docs-assets/swagger-ui-bundle.js").status_code == 200


def test_4_a_route_that_does_not_change() -> None:
    app = FastAPI()

    @app.get("/hello")
    def hello() -> str:
        return "first version"

    @app.get("/hello")
    def hello_again() -> str:
        return "second version"

    assert TestClient(app).get("/hello").json() == "first version"  # plain FastAPI: first wins
    with serve(app, name="error-4") as server:  # the fix: the course's serve() replaces
        assert server.client.get("/hello").json() == "second version"


def test_5_a_missing_trailing_slash_answers_307() -> None:
    app = FastAPI()

    @app.get("/items/")
    def items() -> list[int]:
        return [1, 2]

    with serve(app, name="error-5") as server:
        response = server.client.get("/items")
        assert response.status_code == 307
        assert response.headers["location"].endswith("/items/")
        assert server.client.get("/items/").json() == [1, 2]  # the fix: the path as declared
        assert server.client.get("/items", follow_redirects=True).json() == [1, 2]


def test_6_a_wrong_type_answers_422_with_the_reason() -> None:
    app = FastAPI()

    @app.get("/items/{item_id}")
    def item(item_id: int) -> int:
        return item_id

    with serve(app, name="error-6") as server:
        body = server.client.get("/items/first").json()
        [problem] = body["detail"]
        assert (problem["loc"], problem["type"]) == (["path", "item_id"], "int_parsing")


def test_7_a_500_and_its_traceback_in_the_logs() -> None:
    app = FastAPI()

    @app.get("/average")
    def average() -> float:
        scores: list[int] = []
        return sum(scores) / len(scores)

    with serve(app, name="error-7") as server:
        response = server.client.get("/average")
        assert (response.status_code, response.text) == (500, "Internal Server Error")
        assert "ZeroDivisionError: division by zero" in server.logs()  # the fix: read them


def test_8_the_wrong_method_answers_405() -> None:
    app = FastAPI()

    @app.post("/items/")
    def create() -> str:
        return "created"

    with serve(app, name="error-8") as server:
        response = server.client.get("/items/")
        assert (response.status_code, response.headers["allow"]) == (405, "POST")
        assert server.client.post("/items/").json() == "created"


def test_9_a_client_kept_from_before_the_set_up_cell_ran_again() -> None:
    app = FastAPI()
    first = serve(app, name="error-9")
    client = first.client  # kept in a variable, then the set-up cell is run again
    second = serve(app, name="error-9")
    with pytest.raises(ServerNotRunning, match="server 'error-9' was replaced by a new one"):
        client.get("/openapi.json")
    assert second.client.get("/openapi.json").status_code == 200  # the fix: server.client
    second.stop()


def test_10_no_module_named_helpers_in_another_kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parent.parent))  # a caller's, at worst
    other = tmp_path / "other-python"
    venv.create(other, with_pip=False)  # a Python without the course, like a system Jupyter's
    python = other / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    # Nothing of the caller's may lead that Python to the course: not PYTHONPATH (a contributor's
    # shell, or a test runner, may point it at the repository), nor PYTHONHOME or user site-packages.
    bare = {name: value for name, value in os.environ.items() if not name.startswith("PYTHON")}
    bare["PYTHONNOUSERSITE"] = "1"
    result = subprocess.run([str(python), "-c", "import helpers"], capture_output=True, text=True, cwd=tmp_path, env=bare)
    assert "ModuleNotFoundError: No module named 'helpers'" in result.stderr
    # The fix: open the course with `python3 course.py lab`, whose kernel has helpers installed.
    fixed = subprocess.run([sys.executable, "-c", "import helpers"], capture_output=True, text=True, cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stderr


def test_the_guide_lists_these_ten_errors() -> None:
    guide = (Path(__file__).resolve().parent.parent / "workshop" / "README.md").read_text()
    for number in range(1, 11):
        assert f"\n{number}. **" in guide, f"error {number} is not in workshop/README.md"
