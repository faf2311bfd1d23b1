"""Answers a learner could write to lesson 22's exercises (see tests/test_checker_cases.py).

The lesson is a package written with helpers.project: the set-up writes the given core, taken
from the notebook's own `%%project_file` cells, so the cases test exactly what the lesson
gives. An answer writes its file and, for the router, points the case's live server at the
package loaded afresh (as the notebook's reload cell does).
"""

import json
import re
from pathlib import Path

from checker_cases import stranger as shared_stranger
from checker_cases import add

from helpers.broken_services import CORRECT_ROUTER

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "22-capstone.ipynb"


def _given_files() -> dict[str, str]:
    """The files the lesson writes in its untagged `%%project_file` cells, in order."""
    files: dict[str, str] = {}
    for cell in json.loads(NOTEBOOK.read_text())["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and source.startswith("%%project_file ") and not cell["metadata"].get("tags"):
            first, _, body = source.partition("\n")
            files[first.split(maxsplit=1)[1]] = body
    return files


def _solution(name: str) -> str:
    """The worked solution of the exercise whose cell writes `name`, without its magic line."""
    for cell in json.loads(NOTEBOOK.read_text())["cells"]:
        source = "".join(cell["source"])
        if "solution" in cell["metadata"].get("tags", []) and f"%%project_file {name}\n" in source:
            return re.search(r"```python\n%%project_file \S+\n(.*?)```", source, re.S).group(1)
    raise LookupError(name)


def _setup(extra: dict[str, str]) -> str:
    writes = "".join(f"project.write({name!r}, {source!r})\n" for name, source in {**_given_files(), **extra}.items())
    return f"""
import os
import sys
from unittest import mock
from helpers.project import Project

project = Project("todo")
service_env = {{"TODO_SECRET_KEY": "a-key-for-the-checker-cases-0123456789abcdef",
               "TODO_DATABASE_URL": f"sqlite:///{{project.root / 'todo.db'}}"}}


def load_service():
    with mock.patch.dict(os.environ, service_env):
        return project.load("main:app")


{writes}
app = load_service()
# serve
def reload():
    global engine
    server.app = load_service()  # the case's server answers with the package as it is now
    engine = sys.modules["todo.database"].engine  # disposed at the end, with the first one
"""


assert _solution("routers/todos.py") == CORRECT_ROUTER, "the notebook's worked solution is helpers.broken_services'"
ROUTER = f"project.write('routers/todos.py', r'''{CORRECT_ROUTER}''')\nreload()\n"
TODO_ID_BOUND = "TodoId = Annotated[int, Path(ge=1, le=2**63 - 1)]  # SQLite's INTEGER: a larger id would be a 500\n"  # the bound of the worked solution
NULLABLE = "\n\nclass Loose(BaseModel):\n    title: str | None = None\n    done: bool | None = None\n"

add("22", _setup({}), {
    "name": "todos",
    "solution": ROUTER,
    "right": {
        "session.get and an owner check, another name": [
            ("todo = session.scalar(select(Todo).where(Todo.id == todo_id, Todo.owner_id == user.id))\n    if todo is None:",
             "todo = session.get(Todo, todo_id)\n    if todo is None or todo.owner_id != user.id:"),
            ("get_own_todo)]", "fetch_mine)]"), ("def get_own_todo(", "def fetch_mine(")],
        "return annotations, not response_model": [
            ('@router.get("/{todo_id}", response_model=TodoOut)\ndef read_todo(todo: OwnTodo):',
             '@router.get("/{todo_id}")\ndef read_todo(todo: OwnTodo) -> TodoOut:'),
            ('@router.patch("/{todo_id}", response_model=TodoOut)\ndef update_todo(change: TodoUpdate, todo: OwnTodo, session: SessionDep):',
             '@router.patch("/{todo_id}")\ndef update_todo(change: TodoUpdate, todo: OwnTodo, session: SessionDep) -> TodoOut:'),
            ("status_code=status.HTTP_201_CREATED", "status_code=201")],
        "the bound written gt/lt": [(TODO_ID_BOUND, "TodoId = Annotated[int, Path(gt=0, lt=2**63)]\n")],
        "the bound inline on the dependency's parameter": [
            (TODO_ID_BOUND, ""), ("def get_own_todo(todo_id: TodoId,", "def get_own_todo(todo_id: Annotated[int, Path(ge=1, le=2**63 - 1)],")],
    },
    "wrong": {
        "placeholder (the given empty router)": ([(CORRECT_ROUTER, _given_files()["routers/todos.py"])],
                                                 "the service has no /todos route yet"),
        "everyone's list": ([("select(Todo).where(Todo.owner_id == user.id).order_by", "select(Todo).order_by")],
                            "the first user's list is [\"wash up\", \"read\", \"write\", \"not yours\"]"),
        "found by id only": ([("select(Todo).where(Todo.id == todo_id, Todo.owner_id == user.id)", "select(Todo).where(Todo.id == todo_id)")],
                             "GET of the first user's to-do by the second user answers 200, expected 404"),
        "403 for someone else's": ([("todo = session.scalar(select(Todo).where(Todo.id == todo_id, Todo.owner_id == user.id))\n    if todo is None:",
                                     "todo = session.get(Todo, todo_id)\n    if todo is not None and todo.owner_id != user.id:\n"
                                     "        raise HTTPException(403, \"Not yours\")\n    if todo is None:")],
                                   "answers 403, expected 404"),
        "every field written": ([("change.model_dump(exclude_unset=True)", "change.model_dump()")],
                                "answers 500, expected 200. Your code raised IntegrityError"),
        "a model of its own that takes null": ([("from sqlalchemy import select\n", "from pydantic import BaseModel\nfrom sqlalchemy import select\n"),
                                                ('router = APIRouter(prefix="/todos", tags=["todos"])\n',
                                                 'router = APIRouter(prefix="/todos", tags=["todos"])\n' + NULLABLE),
                                                ("change: TodoUpdate", "change: Loose")],
                                               'PATCH {"title": null} answers 500, expected 422'),
        "DELETE answers 200": ([("status_code=status.HTTP_204_NO_CONTENT", "status_code=200")], "answers 200, expected 204"),
        "no token needed to list": ([("def list_todos(user: CurrentUser, session: SessionDep):\n    return session.scalars(select(Todo).where(Todo.owner_id == user.id)",
                                      "def list_todos(session: SessionDep, user_id: int = 0):\n    return session.scalars(select(Todo).where(Todo.owner_id == user_id)")],
                                     "GET /todos answers 200, expected 401"),
        "the owner's id shown": ([("from ..schemas import TodoCreate, TodoOut, TodoUpdate\n",
                                   "from pydantic import BaseModel, ConfigDict\n\nfrom ..schemas import TodoCreate, TodoUpdate\n\n\n"
                                   "class TodoOut(BaseModel):\n    model_config = ConfigDict(from_attributes=True)\n\n"
                                   "    id: int\n    title: str\n    done: bool\n    owner_id: int\n")],
                                 '"owner_id"'),
        "a list filtered with <=": ([("where(Todo.owner_id == user.id).order_by", "where(Todo.owner_id <= user.id).order_by")],
                                    "the second user's list is"),
        "PATCH resets what was left out": ([("    for field, value in change.model_dump(exclude_unset=True).items():\n        setattr(todo, field, value)\n",
                                             "    todo.title = change.title or todo.title\n    todo.done = bool(change.done)\n")],
                                           '"done": false'),
        "POST answers 200": ([('@router.post("", status_code=status.HTTP_201_CREATED, response_model=TodoOut)',
                               '@router.post("", response_model=TodoOut)')], "POST /todos answers 200, expected 201"),
        "newest first": ([(".order_by(Todo.id)", ".order_by(Todo.id.desc())")],
                         'the first user\'s list is ["write", "read", "wash up"]'),
        "PATCH finds any to-do": ([("def update_todo(change: TodoUpdate, todo: OwnTodo, session: SessionDep):\n",
                                    "def update_todo(todo_id: int, change: TodoUpdate, session: SessionDep):\n"
                                    "    todo = session.get(Todo, todo_id)\n")],
                                  "PATCH of the first user's to-do by the second user answers 200, expected 404"),
        "DELETE finds any to-do": ([("def delete_todo(todo: OwnTodo, session: SessionDep):\n",
                                     "def delete_todo(todo_id: int, session: SessionDep):\n    todo = session.get(Todo, todo_id)\n")],
                                   "DELETE of the first user's to-do by the second user answers 204, expected 404"),
        "DELETE never committed": ([("    session.delete(todo)\n    session.commit()\n", "    session.delete(todo)\n")],
                                   "answers 200, expected 404"),
        "todo_id unbounded": ([(TODO_ID_BOUND, "TodoId = int\n")], "GET /todos/0 answers 404, expected 422"),
        "an upper bound only": ([(TODO_ID_BOUND, "TodoId = Annotated[int, Path(le=2**63 - 1)]\n")],
                                "GET /todos/0 answers 404, expected 422"),
        "the to-do looked up by the user's id": ([("where(Todo.id == todo_id, Todo.owner_id == user.id)",
                                                   "where(Todo.id == user.id, Todo.owner_id == user.id)")],
                                                 'the body is {"id": 1, "title": "wash up", "done": false}, expected {"id": 2, "title": "read"'),
        "PATCH looks its to-do up itself, the id unbounded": (
            [("def update_todo(change: TodoUpdate, todo: OwnTodo, session: SessionDep):\n",
              "def update_todo(todo_id: int, change: TodoUpdate, user: CurrentUser, session: SessionDep):\n"
              "    todo = session.scalar(select(Todo).where(Todo.id == todo_id, Todo.owner_id == user.id))\n"
              "    if todo is None:\n        raise HTTPException(status.HTTP_404_NOT_FOUND, \"To-do not found\")\n")],
            "PATCH /todos/0 answers 404, expected 422"),
        "DELETE looks its to-do up itself, the id unbounded": (
            [("def delete_todo(todo: OwnTodo, session: SessionDep):\n",
              "def delete_todo(todo_id: int, user: CurrentUser, session: SessionDep):\n"
              "    todo = session.scalar(select(Todo).where(Todo.id == todo_id, Todo.owner_id == user.id))\n"
              "    if todo is None:\n        raise HTTPException(status.HTTP_404_NOT_FOUND, \"To-do not found\")\n")],
            "DELETE /todos/0 answers 404, expected 422"),
        "DELETE takes every to-do of its owner": (
            [("from sqlalchemy import select\n", "from sqlalchemy import delete, select\n"),
             ("    session.delete(todo)\n    session.commit()\n",
              "    session.execute(delete(Todo).where(Todo.owner_id == todo.owner_id))\n    session.commit()\n")],
            "the first user's list is [], expected [\"wash up\", \"read a book\"]"),
        "a model of its own: null refused for the title, not for done": (
            [("from sqlalchemy import select\n", "from pydantic import BaseModel, Field\nfrom sqlalchemy import select\n"),
             ('router = APIRouter(prefix="/todos", tags=["todos"])\n',
              'router = APIRouter(prefix="/todos", tags=["todos"])\n\n\nclass Change(BaseModel):\n'
              '    title: str = Field(default=None, min_length=1)\n    done: bool | None = None\n'),
             ("change: TodoUpdate", "change: Change")],
            'PATCH {"done": null} answers 500, expected 422'),
        "an upper bound off by one": ([(TODO_ID_BOUND, "TodoId = Annotated[int, Path(ge=1, lt=2**63 - 1)]\n")],
                                      "GET /todos/9223372036854775807 answers 422, expected 404"),
        "a lower bound only": ([(TODO_ID_BOUND, "TodoId = Annotated[int, Path(ge=1)]\n")],
                               "GET /todos/9223372036854775808 answers 500, expected 422"),
        "no response model": ([('@router.post("", status_code=status.HTTP_201_CREATED, response_model=TodoOut)',
                                '@router.post("", status_code=status.HTTP_201_CREATED)')],
                              "that is what FastAPI makes of a database row it has no response model (TodoOut) to read with"),
    },
})

PREDICTED = """predictions = {
    "grace signs up with the name ada": 409,
    "grace signs up with the name Ada": 201,
    "grace signs up with the password 'short'": 422,
    "grace sends GET /users/me with ada's token": 200,
    "grace sends GET /users/me with a token she signed herself": 401,
}
"""

add("22", _setup({}) + "from fastapi import status\n", {
    "name": "predict_sign_up",
    "arguments": ("predictions",),
    "solution": PREDICTED,
    "right": {
        "as text": [(": 409,", ': "409",'), (": 201,", ': "201",')],
        "status constants": [(": 422,", ": status.HTTP_422_UNPROCESSABLE_CONTENT,"), (": 401,", ": status.HTTP_401_UNAUTHORIZED,")],
    },
    "wrong": {
        "placeholder": ([(": 409,", ": ...,"), (": 200,", ": ...,")],
                        "write down your prediction for grace signs up with the name ada, grace sends GET /users/me with ada's token first"),
        "every line a placeholder": ([(f": {code},", ": ...,") for code in (409, 201, 422, 200, 401)],
                                     "write down your predictions first"),
        "not a dict": ([("predictions = {", "predictions = list({"), ("\n}\n", "\n}.values())\n")],
                       "your predictions are a list"),
        "names ignore case": ([(": 201,", ": 409,")], "grace signs up with the name Ada: you predicted 409, it answers 201"),
        "a token knows its sender": ([(": 200,", ": 401,")], "grace sends GET /users/me with ada's token: you predicted 401, it answers 200"),
        "a taken name is a 422": ([(": 409,", ": 422,")], "grace signs up with the name ada: you predicted 422, it answers 409"),
        "a short password is accepted": ([(": 422,", ": 201,")],
                                         "grace signs up with the password 'short': you predicted 201, it answers 422"),
        "a forged token passes": ([(": 401,", ": 200,")],
                                  "grace sends GET /users/me with a token she signed herself: you predicted 200, it answers 401"),
        "a line removed": ([("    \"grace signs up with the password 'short'\": 422,\n", "")],
                           "no prediction for grace signs up with the password 'short'"),
    },
})

TESTS = _solution("/tests/test_todos.py")
OWN_TEST = TESTS.split("\n\n\ndef test_nobody")[0] + "\n"

# Right answers in other shapes: pytest's own features must be read as pytest reads them.
PARAMETRIZED = '''import pytest


@pytest.fixture
def ada(make_user):
    return make_user("ada")


@pytest.fixture
def grace(make_user):
    return make_user("grace")


def add_todo(client, headers, title="Ada's"):
    """A helper of the suite's own: create a to-do through the API and return it."""
    response = client.post("/todos", json={"title": title}, headers=headers)
    assert response.status_code == 201
    return response.json()


def test_lists_are_private(client, ada, grace):
    add_todo(client, ada)
    assert client.get("/todos", headers=grace).json() == []


@pytest.mark.parametrize(("method", "body"), [("GET", None), ("PATCH", {"done": True}), ("DELETE", None)])
def test_someone_elses_todo_is_not_found(client, ada, grace, method, body):
    todo = add_todo(client, ada)
    assert client.request(method, f"/todos/{todo['id']}", json=body, headers=grace).status_code == 404
    assert client.get(f"/todos/{todo['id']}", headers=ada).json() == todo


@pytest.mark.parametrize("body", [{"title": None}, {"done": None}])
def test_patch_refuses_null(client, ada, body):
    todo = add_todo(client, ada, "Keep me")
    assert client.patch(f"/todos/{todo['id']}", json=body, headers=ada).status_code == 422
'''

IN_A_CLASS = '''class TestOwnership:
    def test_each_user_lists_only_their_own_todos(self, client, make_user):
        ada, grace = make_user("ada"), make_user("grace")
        client.post("/todos", json={"title": "Ada's"}, headers=ada)
        assert client.get("/todos", headers=grace).json() == []

    def test_nobody_else_can_change_or_delete(self, client, make_user):
        ada, grace = make_user("ada"), make_user("grace")
        todo = client.post("/todos", json={"title": "Ada's"}, headers=ada).json()
        assert client.patch(f"/todos/{todo['id']}", json={"done": True}, headers=grace).status_code == 404
        assert client.delete(f"/todos/{todo['id']}", headers=grace).status_code == 404


class TestValidation:
    def test_null_title(self, client, make_user):
        ada = make_user("ada")
        todo = client.post("/todos", json={"title": "Keep me"}, headers=ada).json()
        assert client.patch(f"/todos/{todo['id']}", json={"title": None}, headers=ada).status_code == 422
'''

EVERYONE_ROUTER = CORRECT_ROUTER.replace("select(Todo).where(Todo.owner_id == user.id).order_by", "select(Todo).order_by")
add("22", _setup({"routers/todos.py": CORRECT_ROUTER}), {
    "name": "ownership_tests",
    "solution": f"project.write('/tests/test_todos.py', r'''{TESTS}''')\n",
    "right": {
        "other names, DELETE alone proves the edit rule": [
            ("def test_each_user_lists_only_their_own_todos", "def test_lists_are_private"),
            ("    assert client.get(url, headers=grace).status_code == 404\n"
             "    assert client.patch(url, json={\"done\": True}, headers=grace).status_code == 404\n", "")],
        "the null test on done": [('json={"title": None}', 'json={"done": None}')],
        "parametrized, with fixtures and a helper of its own": [(TESTS, PARAMETRIZED)],
        "tests in classes": [(TESTS, IN_A_CLASS)],
    },
    "wrong": {
        "placeholder (no file)": ([(f"project.write('/tests/test_todos.py', r'''{TESTS}''')\n", "pass\n")],
                                  "the project has no tests/test_todos.py yet"),
        "no list test": ([(TESTS, TESTS.split("def test_nobody")[0].split("def test_each")[0] + "def test_nobody" + TESTS.split("def test_nobody")[1])],
                         "on a service that lists everyone's to-dos, your tests pass"),
        "only the list": ([(TESTS, OWN_TEST)], "on a service that lets anyone change or delete any to-do, your tests pass"),
        "no null test": ([(TESTS, TESTS.split("\n\n\ndef test_patch")[0] + "\n")],
                         "on a service that lets a PATCH write null, your tests pass"),
        "parametrized, the null test left out": ([(TESTS, PARAMETRIZED.split('\n\n\n@pytest.mark.parametrize("body"')[0] + "\n")],
                                                  "on a service that lets a PATCH write null, your tests pass"),
        "expects a 403": ([("    assert client.get(url, headers=grace).status_code == 404\n",
                            "    assert client.get(url, headers=grace).status_code == 403\n")],
                          "on a correct service, these tests fail: test_nobody_else_can_read_change_or_delete_a_todo"),
        "the learner's own service lists everyone's": (
            [(TESTS + "''')\n", TESTS + "''')\n" + f"project.write('routers/todos.py', r'''{EVERYONE_ROUTER}''')\n")],
            "on your service, these tests fail: test_each_user_lists_only_their_own_todos"),
        "checked on another server": ([(TESTS + "''')\n", TESTS + "''')\nserver = __import__('helpers').serve(__import__('fastapi').FastAPI())\n")],
                                      "the server does not serve the project's app"),
        "not named test_": ([("def test_", "def check_")], "holds no test yet"),
        "a syntax error": ([("def test_patch_refuses_null(client, make_user):", "def test_patch_refuses_null(client, make_user)")],
                           "pytest could not run tests/test_todos.py"),
    },
})

ACCOUNT = _solution("routers/account.py")
DELETE_TODOS = "    session.execute(delete(Todo).where(Todo.owner_id == user.id))  # its to-dos go with it\n"
add("22", _setup({"routers/todos.py": CORRECT_ROUTER}), {
    "name": "close_account",
    "solution": f"project.write('routers/account.py', r'''{ACCOUNT}''')\nreload()\n",
    "right": {
        "one by one, another name": [
            ("from sqlalchemy import delete", "from sqlalchemy import select"),
            (DELETE_TODOS, "    for todo in session.scalars(select(Todo).where(Todo.owner_id == user.id)):\n        session.delete(todo)\n"),
            ("def close_account(", "def delete_me(")],
        "after the user, in one commit": [
            (DELETE_TODOS + "    session.delete(user)\n", "    session.delete(user)\n" + DELETE_TODOS)],
    },
    "wrong": {
        "placeholder (the bug)": ([(DELETE_TODOS, "")],
                                  'the next user to sign up lists ["diary", "bank details"], expected []'),
        "everyone's to-dos": ([("delete(Todo).where(Todo.owner_id == user.id)", "delete(Todo)")],
                              "the other user's list is [], expected [\"someone else's\"]"),
        "no to-dos router yet": ([("reload()\n", "project.write('routers/todos.py', 'from fastapi import APIRouter\\n\\nrouter = APIRouter()\\n')\nreload()\n")],
                                 "POST /todos answers 404: this check needs the to-dos router of exercise 2"),
        "answers 200": ([("status_code=status.HTTP_204_NO_CONTENT", "status_code=200")], "DELETE /users/me answers 200, expected 204"),
        "the to-dos only": ([("    session.delete(user)\n", "")], "GET /users/me answers 200, expected 401"),
        "after the commit": ([(DELETE_TODOS + "    session.delete(user)\n    session.commit()\n",
                               "    session.delete(user)\n    session.commit()\n" + DELETE_TODOS)],
                             'the next user to sign up lists ["diary", "bank details"]'),
    },
})


# --- answers written as a stranger would, from the exercise's text alone (issue 19, round 3) ---
from checker_cases import EXERCISES  # noqa: E402


def stranger(name: str, right: dict[str, str] | None = None, wrong: dict[str, tuple[str, str]] | None = None) -> None:
    shared_stranger("22", name, right, wrong)


def solution_of(name: str) -> str:
    return next(e for e in EXERCISES if e.lesson == "22" and e.name == name).solution


stranger("predict_sign_up", right={
    "HTTPStatus": PREDICTED.replace(": 409,", ": __import__('http').HTTPStatus.CONFLICT,"),
}, wrong={
    "a forged token is a 403": (PREDICTED.replace(": 401,", ": 403,"), "❌"),
    "a name in capitals is taken too": (PREDICTED.replace(": 201,", ": 409,"), "❌"),
})

_ROUTER = solution_of("todos")
stranger("todos", right={
    "session.get, an owner check inline in each route": _ROUTER.replace(
        "    todo = session.scalar(select(Todo).where(Todo.id == todo_id, Todo.owner_id == user.id))\n    if todo is None:",
        "    todo = session.get(Todo, todo_id)\n    if todo is None or todo.owner_id != user.id:"),
}, wrong={
    "403 for someone else's": (_ROUTER.replace(
        "    todo = session.scalar(select(Todo).where(Todo.id == todo_id, Todo.owner_id == user.id))\n    if todo is None:  # someone else's to-do looks exactly like one that does not exist\n        raise HTTPException(status.HTTP_404_NOT_FOUND, \"To-do not found\")",
        "    todo = session.get(Todo, todo_id)\n    if todo is None:\n        raise HTTPException(status.HTTP_404_NOT_FOUND, \"To-do not found\")\n"
        "    if todo.owner_id != user.id:\n        raise HTTPException(status.HTTP_403_FORBIDDEN, \"Not yours\")"), "❌"),
    "another 404 detail": (_ROUTER.replace('"To-do not found"', '"Not found"'), 'the body is {"detail": "Not found"}, expected {"detail": "To-do not found"}'),
    "the list newest first": (_ROUTER.replace(".order_by(Todo.id)", ".order_by(Todo.id.desc())"), "❌"),
    "PATCH writes every field": (_ROUTER.replace("model_dump(exclude_unset=True)", "model_dump()"), "❌"),
})

stranger("close_account", wrong={
    "the to-dos handed to nobody": (solution_of("close_account").replace(
        "session.execute(delete(Todo).where(Todo.owner_id == user.id))",
        "session.execute(__import__('sqlalchemy').update(Todo).where(Todo.owner_id == user.id).values(done=True))"), "❌"),
})

# A kernel restarted, then only the set-up cell run: the app has none of the lesson's routes, and
# every answer would be a 404 that proves nothing.
_RESTART = ("\napp.router.routes[:] = [route for route in app.router.routes\n"
            "                      if getattr(route, 'path', '') in ('/openapi.json', '/docs', '/docs/oauth2-redirect', '/redoc')]\n")
for _exercise in EXERCISES:
    if _exercise.lesson == __name__[-2:] and _exercise.name.startswith("predict"):
        _exercise.wrong["stranger: after a restart, the set-up cell only"] = (
            [(_exercise.solution, _exercise.solution + _RESTART)], "run the lesson's cells")

stranger("todos", wrong={
    "a missing to-do told apart from someone else's": (_ROUTER.replace(
        "    todo = session.scalar(select(Todo).where(Todo.id == todo_id, Todo.owner_id == user.id))\n    if todo is None:",
        "    todo = session.get(Todo, todo_id)\n    if todo is None:\n        raise HTTPException(status.HTTP_404_NOT_FOUND, \"No such to-do\")\n"
        "    if todo.owner_id != user.id:"), 'the body is {"detail": "No such to-do"}, expected {"detail": "To-do not found"}'),
})
