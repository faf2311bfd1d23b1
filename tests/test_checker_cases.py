"""Every exercise checker judged against answers a learner could write: right ones it must
accept (another function name, `async def`, the older `= Path(...)` style, what the worked
solutions mention) and wrong ones it must reject, with a report that names the real cause.

The answers are in tests/checker_cases/lessonNN.py. A case is the worked solution with a few
edits, run like a notebook: the lesson's set-up code, then `serve(app)`, then the exercise cell,
then the checker. Each edit must find its text, so a case can never silently test the worked
solution again. The "worked solution" case itself takes the code from the notebook's `solution`
cell (its first ```python block), so the notebook's solution is the one proven. One class per
lesson, so that `pytest -n auto --dist loadscope` spreads the lessons over the cores.
"""

from __future__ import annotations

import ast
import builtins
import functools
import importlib
import json
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from helpers import LiveServer, serve
from helpers.checks import Report
from helpers.project import Project

from checker_cases import EXERCISES, PASS, Exercise, edited

for _module in sorted(Path(__file__).with_name("checker_cases").glob("lesson*.py")):
    importlib.import_module(f"checker_cases.{_module.stem}")  # each calls add(...)

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


@functools.cache
def notebook_solutions(lesson: str) -> dict[str, str]:
    """Exercise name -> the first ```python block of its `solution` cell in lesson `lesson`'s
    notebook (the exercise is the one whose check cell, `check.name(server)`, comes before)."""
    found: dict[str, str] = {}
    (path,) = NOTEBOOKS.glob(f"{lesson}-*.ipynb")
    name = None
    for cell in json.loads(path.read_text())["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        source = "".join(cell["source"])
        if "check" in tags:
            called = re.search(r"check\.(\w+)\(", source)
            name = called.group(1) if called else None
        elif "solution" in tags and name is not None:
            block = re.search(r"```python\n(.*?)```", source, re.S)
            if block:
                found[name] = block.group(1)
            name = None
    return found


@functools.cache
def notebook_statements(lesson: str, name: str) -> list[tuple[frozenset[str], str]]:
    """The top-level statements of the lesson's code cells above exercise `name`'s cell (not
    other exercises' cells), each with the names it binds, in the notebook's order."""
    (path,) = NOTEBOOKS.glob(f"{lesson}-*.ipynb")
    statements: list[tuple[frozenset[str], str]] = []
    cells = json.loads(path.read_text())["cells"]
    for index, cell in enumerate(cells):
        source = "".join(cell["source"])
        tags = cell.get("metadata", {}).get("tags", [])
        if "check" in tags and re.search(rf"check\.{name}\(", source):
            break
        if cell["cell_type"] != "code" or {"exercise", "check"} & set(tags):
            continue
        source = re.sub(r"^(\s*)[%!].*$", r"\1pass", source, flags=re.M)  # IPython's magics and shell lines
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            bound: set[str] = set()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound.add(node.name)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                bound.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                bound.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
            if bound:
                statements.append((frozenset(bound), ast.get_source_segment(source, node) or ""))
    return statements


def _free_names(source: str) -> set[str]:
    """The names a cell reads and binds nowhere itself (a generous reading: any binding counts)."""
    tree = ast.parse(source)
    loaded, bound = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return loaded - bound - set(dir(builtins))


def borrowed(exercise: Exercise, source: str, namespace: dict[str, Any]) -> str:
    """What the cell needs from the notebook and the case's set-up lacks (a helper, a class, the
    lesson's `sql` log): the notebook's statements that define those names, in its order. The
    worked solutions are the notebook's, and lean on what the lesson defined above them."""
    try:
        missing = {name for name in _free_names(source) if name not in namespace}
    except SyntaxError:
        return ""
    statements = notebook_statements(exercise.lesson, exercise.name)
    taken: set[int] = set()
    wanted = [(name, len(statements)) for name in missing]  # a name, needed before that statement
    while wanted:
        name, before = wanted.pop()
        where = [index for index, (bound, _) in enumerate(statements[:before]) if name in bound]
        if not where or where[-1] in taken:
            continue
        taken.add(where[-1])
        wanted += [(needed, where[-1]) for needed in _free_names(statements[where[-1]][1]) if needed not in namespace]
    return "".join(statements[index][1] + "\n" for index in sorted(taken))


def as_case_cell(solution: str, setup: str) -> str:
    """A worked solution as a case runs it: a `%%project_file name` cell becomes
    `project.write(name, ...)`, then, for a file of the package, the case's `reload()` (the
    notebook's next cell loads and serves the project again)."""
    if not solution.startswith("%%project_file "):
        return solution
    first, _, body = solution.partition("\n")
    name = first.split(maxsplit=1)[1].strip()
    reload = "def reload(" in setup and not name.startswith("/")
    return f"project.write({name!r}, {body!r})\n" + ("reload()\n" if reload else "")


def worked_solution(exercise: Exercise) -> str:
    """The exercise's worked solution, read from its notebook."""
    solution = notebook_solutions(exercise.lesson).get(exercise.name)
    if solution is None:
        raise LookupError(f"no solution cell after the check cell of {exercise.name!r} in lesson {exercise.lesson}")
    return as_case_cell(solution, exercise.setup)


@pytest.fixture(autouse=True)
def own_progress_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FASTAPI_COURSE_PROGRESS", str(tmp_path / "progress.json"))


@dataclass
class Lesson:
    namespace: dict[str, Any]
    server: LiveServer


def run_cell(source: str, namespace: dict[str, Any]) -> None:
    """Run code as a notebook cell does (not under this module's `from __future__` imports)."""
    exec(compile(source, "<cell>", "exec", dont_inherit=True), namespace)


@contextmanager
def lesson_running(exercise: Exercise, source: str) -> Iterator[Lesson]:
    """The lesson's set-up, `serve(app)`, then `source` (the exercise cell), as in a notebook."""
    namespace: dict[str, Any] = {"__name__": f"lesson{exercise.lesson}_case"}
    before, _, after = exercise.setup.partition("# serve\n")
    run_cell(before, namespace)
    server = serve(namespace["app"], name=f"case-{exercise.lesson}-{exercise.name}")
    namespace["server"] = server
    try:
        run_cell(after, namespace)
        run_cell(borrowed(exercise, source, namespace) + source, namespace)
        # The check cell passes the notebook's `server`: a cell that serves a reloaded project
        # (`server = serve(project.load())`, lessons 20 and 22) replaces it.
        current = namespace.get("server")
        yield Lesson(namespace, current if isinstance(current, LiveServer) else server)
    finally:
        server.stop()
        current = namespace.get("server")
        if isinstance(current, LiveServer) and current is not server:
            current.stop()
        for value in namespace.values():
            if isinstance(value, Project):
                value.close()
        for value in namespace.values():
            if isinstance(value, Engine):
                value.dispose()
        for value in namespace.values():
            if isinstance(value, tempfile.TemporaryDirectory):
                value.cleanup()
            elif isinstance(value, Project):
                value.close()


def checker_of(exercise: Exercise) -> Callable[[LiveServer], Report]:
    return getattr(importlib.import_module(f"helpers.exercises.lesson{exercise.lesson}"), exercise.name)


_reports: dict[tuple[str, str, str], str] = {}  # (lesson, exercise, source) -> its report, once per run


def report_of(exercise: Exercise, source: str) -> str:
    """The checker's report on the cell `source`, run as the lesson runs it."""
    key = (exercise.lesson, exercise.name, source)
    if key not in _reports:
        with lesson_running(exercise, source) as lesson:
            arguments = [lesson.namespace[name] for name in exercise.arguments]
            _reports[key] = repr(checker_of(exercise)(lesson.server, *arguments))
    return _reports[key]


def first_failure(report: str) -> int | None:
    """The index of the first failed step of a report (its lines after the title), or None."""
    steps = [line.strip() for line in report.splitlines()[1:] if line.strip().startswith(("✅", "❌"))]
    return next((index for index, step in enumerate(steps) if step.startswith("❌")), None)


def steps_without_a_wrong_case(exercise: Exercise) -> list[str]:
    """The steps of the checker (as the worked solution's report lists them) at which no wrong
    case fails first: a step no case proves could be removed, or broken, unnoticed."""
    passed = report_of(exercise, worked_solution(exercise))
    steps = [line.strip()[2:] for line in passed.splitlines()[1:] if line.strip().startswith("✅")]
    failing_at = {first_failure(report_of(exercise, edited(exercise.solution, edits))) for edits, _ in exercise.wrong.values()}
    return [f"step {index + 1}: {step}" for index, step in enumerate(steps) if index not in failing_at]


def judge(exercise: Exercise, source: str, expected: str | None) -> None:
    report = report_of(exercise, source)
    if expected is PASS:
        assert report.startswith("✅"), report
    else:
        assert report.startswith("❌"), report
        lines = report.splitlines()
        failed = next((i for i, line in enumerate(lines) if i and line.strip().startswith("❌")), 0)
        # Where the report says what failed (the failed step, and what follows it), not in a
        # passed step's line: a case must prove the failure it is named for.
        assert expected in "\n".join([lines[0], *lines[failed:]]), report


def cases(lesson: str) -> list[Any]:
    found = []
    for exercise in EXERCISES:
        if exercise.lesson != lesson:
            continue
        found.append(pytest.param(exercise, worked_solution(exercise), PASS, id=f"{exercise.name}-worked solution"))
        for name, edits in exercise.right.items():
            found.append(pytest.param(exercise, edited(exercise.solution, edits), PASS, id=f"{exercise.name}-{name}"))
        for name, (edits, fragment) in exercise.wrong.items():
            found.append(pytest.param(exercise, edited(exercise.solution, edits), fragment, id=f"{exercise.name}-{name}"))
    return found


def _lesson_class(lesson: str) -> type:
    @pytest.mark.parametrize(("exercise", "source", "expected"), cases(lesson))
    def test_case(self: Any, exercise: Exercise, source: str, expected: str | None) -> None:
        judge(exercise, source, expected)

    def test_every_step_has_a_wrong_case_that_fails_first_there(self: Any) -> None:
        """Issue 19: each step of each checker is proven by a wrong answer only it rejects (the
        reports are those test_case made, when it ran first in this process)."""
        unproven = {e.name: steps_without_a_wrong_case(e) for e in EXERCISES if e.lesson == lesson}
        unproven = {name: steps for name, steps in unproven.items() if steps}
        assert not unproven, f"add a wrong case to tests/checker_cases/lesson{lesson}.py that fails first at: {unproven}"

    return type(f"TestLesson{lesson}", (), {"test_case": test_case,
                                            "test_every_step_has_a_wrong_case_that_fails_first_there":
                                            test_every_step_has_a_wrong_case_that_fails_first_there})


for _lesson in sorted({exercise.lesson for exercise in EXERCISES}):
    globals()[f"TestLesson{_lesson}"] = _lesson_class(_lesson)


def test_every_checker_has_enough_cases() -> None:
    from helpers.progress import EXERCISES as REGISTERED
    from helpers.progress import progress

    progress()  # imports every lesson's checkers
    tested = {(exercise.lesson, exercise.name) for exercise in EXERCISES}
    assert tested == {(lesson, name) for lesson, names in REGISTERED.items() for name in names}
    for exercise in EXERCISES:
        assert len(exercise.right) >= 2 and len(exercise.wrong) >= 3, exercise.name


@pytest.mark.parametrize("exercise", EXERCISES, ids=[f"{e.lesson}-{e.name}" for e in EXERCISES])
def test_the_cases_are_built_on_the_notebooks_worked_solution(exercise: Exercise) -> None:
    """Every case is an edit of `solution`, which must be the notebook's worked solution, less
    the lines at its end that only try it out (issue 19: hand copies had drifted from the
    notebooks, so the cases proved another answer than the one taught)."""
    taught = ast.parse(worked_solution(exercise)).body
    copied = ast.parse(exercise.solution).body
    trying_out = taught[len(copied):]
    defining = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)
    same = [ast.dump(node) for node in taught[: len(copied)]] == [ast.dump(node) for node in copied]
    assert same and not any(isinstance(node, defining) for node in trying_out), (
        f"copy lesson {exercise.lesson}'s worked solution of {exercise.name} into its case file"
    )


def exercise_named(name: str) -> Exercise:
    return next(exercise for exercise in EXERCISES if exercise.name == name)


class TestNoTrace:
    """A checker leaves no data of its own in the learner's app, whether the check passes or not."""

    @pytest.mark.parametrize("case", ["worked solution", "hard-coded", "placeholder"])
    @pytest.mark.parametrize("name", ["count_users", "null_patch", "race"])
    def test_lesson_10_keeps_the_table_and_the_recorded_sql(self, name: str, case: str) -> None:
        exercise = exercise_named(name)
        source = worked_solution(exercise) if case == "worked solution" else edited(exercise.solution, exercise.wrong.get(case, ([], ""))[0])
        with lesson_running(exercise, source) as lesson:
            client, statements = lesson.server.client, lesson.namespace["statements"]
            before = client.get("/users").json()  # the worked solution's own requests may add users
            statements.take()  # and record SQL
            checker_of(exercise)(lesson.server)
            assert statements.take() == [], "the checker's SQL would show in sql.show()"
            assert client.get("/users").json() == before
            new = client.post("/users", json={"email": "alan@example.com", "name": "Alan"}).json()
            assert new["id"] == max(user["id"] for user in before) + 1, "the ids the checker used are free again"

    @pytest.mark.parametrize("case", ["worked solution", "placeholder"])
    def test_lesson_12_removes_its_user(self, case: str) -> None:
        exercise = exercise_named("sign_up")
        source = worked_solution(exercise) if case == "worked solution" else edited(exercise.solution, exercise.wrong[case][0])
        with lesson_running(exercise, source) as lesson:
            before = sorted(lesson.namespace["users"])  # the worked solution signs carol up itself
            checker_of(exercise)(lesson.server)
            assert sorted(lesson.namespace["users"]) == before

    @pytest.mark.parametrize(("name", "case"), [("predict_sign_up", "worked solution"), ("todos", "worked solution"),
                                                ("todos", "everyone's list"), ("ownership_tests", "worked solution")])
    def test_lesson_22_removes_its_users_and_their_todos(self, name: str, case: str) -> None:
        exercise = exercise_named(name)
        source = worked_solution(exercise) if case == "worked solution" else edited(exercise.solution, exercise.wrong[case][0])
        with lesson_running(exercise, source) as lesson:
            client = lesson.server.client
            account = {"username": "ada", "password": "correct horse"}
            assert client.post("/users", json=account).status_code == 201
            ada = {"Authorization": f"Bearer {client.post('/users/token', data=account).json()['access_token']}"}
            todos = client.post("/todos", json={"title": "mine"}, headers=ada).status_code == 201
            arguments = [lesson.namespace[argument] for argument in exercise.arguments]
            report = repr(checker_of(exercise)(lesson.server, *arguments))
            assert report.startswith("✅" if case == "worked solution" else "❌"), report
            engine = create_engine(lesson.namespace["service_env"]["TODO_DATABASE_URL"])
            try:
                with engine.connect() as connection:
                    tables = {table: connection.scalar(text(f"SELECT count(*) FROM {table}")) for table in ("users", "todos")}
            finally:
                engine.dispose()
            assert tables == {"users": 1, "todos": int(todos)}
            assert todos or name == "predict_sign_up", "the router of the worked solution is served"
            assert client.get("/users/me", headers=ada).json() == {"id": 1, "username": "ada"}

    def test_lesson_21_does_not_leave_its_settings_cached(self) -> None:
        exercise = exercise_named("page_size")
        with lesson_running(exercise, exercise.solution) as lesson:
            assert repr(checker_of(exercise)(lesson.server)).startswith("✅")
            assert lesson.server.client.get("/page-size").json() == {"page_size": 10}

    @pytest.mark.parametrize(("name", "data"), [("receipts", "RECEIPTS"), ("reports", "REPORTS")])
    @pytest.mark.parametrize("case", ["worked solution", "placeholder"])
    def test_lesson_17_takes_its_orders_and_reports_out(self, name: str, data: str, case: str) -> None:
        exercise = exercise_named(name)
        source = worked_solution(exercise) if case == "worked solution" else edited(exercise.solution, exercise.wrong[case][0])
        with lesson_running(exercise, source) as lesson:
            lesson.server.client.post("/orders/tea" if name == "receipts" else "/reports", json=[1])
            lesson.server.logs()  # the learner's own task has finished
            before = repr(lesson.namespace[data])
            checker_of(exercise)(lesson.server)
            assert repr(lesson.namespace[data]) == before
