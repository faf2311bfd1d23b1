"""Answers a learner could write to lesson 16's exercises (see tests/test_checker_cases.py)."""

from checker_cases import stranger as shared_stranger
from checker_cases import ASYNC, add  # noqa: F401

LESSON_16 = """
import pytest
from fastapi import FastAPI, HTTPException
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field
app = FastAPI()
# serve
client = TestClient(app)
"""
add("16", LESSON_16, {
    "name": "missing_book",
    "solution": (
        'BOOKS = {\n    1: {"title": "Dune", "author": "Frank Herbert"},\n    2: {"title": "Emma", "author": "Jane Austen"},\n}\n\n'
        '@app.get("/books/{book_id}")\ndef read_book(book_id: int):\n    if book_id not in BOOKS:\n'
        '        raise HTTPException(status_code=404, detail="Book not found")\n    return BOOKS[book_id]\n\n'
        'def test_missing_book():\n    response = client.get("/books/99")\n    assert response.status_code == 404\n'
        '    assert response.json() == {"detail": "Book not found"}\n'
    ),
    "right": {
        "another id, detail only": [('client.get("/books/99")', 'client.get("/books/3")'), ('response.json() == {"detail": "Book not found"}', 'response.json()["detail"] == "Book not found"')],
        "its own TestClient, async route": [("def read_book", "async def read_book"), ("    response = client.get", "    response = TestClient(app).get")],
        "the live server": [("    response = client.get", "    response = server.client.get")],
        "pytest.fail": [("    assert response.status_code == 404\n", "    if response.status_code != 404:\n        pytest.fail(f'got {response.status_code}')\n")],
        "a helper function that calls client": [
            ("def test_missing_book():\n    response = client.get(\"/books/99\")",
             "def get_book(book_id):\n    return client.get(f\"/books/{book_id}\")\n\n\n"
             "def test_missing_book():\n    response = get_book(99)")],
        "parametrized, with a fixture": [
            ("def test_missing_book():\n    response = client.get(\"/books/99\")",
             "@pytest.fixture\ndef books_client():\n    with TestClient(app) as test_client:\n        yield test_client\n\n\n"
             "@pytest.mark.parametrize(\"book_id\", [99, 0, pytest.param(-1, id=\"negative\")])\n"
             "def test_missing_book(books_client, book_id):\n    response = books_client.get(f\"/books/{book_id}\")")],
        "an async test (ASGITransport)": [
            ("def test_missing_book():\n    response = client.get(\"/books/99\")",
             "async def test_missing_book():\n    import httpx\n    transport = httpx.ASGITransport(app=app)\n"
             "    async with httpx.AsyncClient(transport=transport, base_url=\"http://test\") as ac:\n"
             "        response = await ac.get(\"/books/99\")")],
    },
    "wrong": {
        "placeholder": ([("    if book_id not in BOOKS:\n        raise HTTPException(status_code=404, detail=\"Book not found\")\n    return BOOKS[book_id]", "    return BOOKS.get(book_id)"),
                         ("assert response.status_code == 404", "assert response.status_code == 200"), ('    assert response.json() == {"detail": "Book not found"}\n', "")],
                        "GET /books/99 answers 200, expected 404"),
        "a test that asserts nothing": ([("    assert response.status_code == 404\n    assert response.json() == {\"detail\": \"Book not found\"}\n", "    print(response)\n")],
                                        "test_missing_book also passes against an app that answers 418 to every request"),
        "status only": ([('    assert response.json() == {"detail": "Book not found"}\n', "")], 'also passes against an app that answers 404 with {"detail": "Not Found"}'),
        "body only": ([("    assert response.status_code == 404\n", "")], "also passes against an app that answers 200 with {\"detail\": \"Book not found\"}"),
        "a test that fails": ([("== 404", "== 200")], "test_missing_book fails against your app: AssertionError"),
        "another detail": ([('detail="Book not found"', 'detail="No such book"'), ('{"detail": "Book not found"}', '{"detail": "No such book"}')],
                           'the body is {"detail": "No such book"}, expected {"detail": "Book not found"}'),
        "renamed test": ([("def test_missing_book", "def test_book")], "there is no function test_missing_book"),
        "the condition turned round": ([("    if book_id not in BOOKS:\n", "    if book_id in BOOKS:\n")],
                                       "GET /books/1 answers 404, expected 200"),
        "an author misspelt": ([('"Frank Herbert"', '"Frank Hebert"')],
                               'the body is {"title": "Dune", "author": "Frank Hebert"}, expected {"title": "Dune", "author": "Frank Herbert"}'),
        "ids as text": ([("    1: {", '    "1": {'), ("    2: {", '    "2": {'), ("def read_book(book_id: int)", "def read_book(book_id: str)")],
                        "GET /books/one answers 404, expected 422"),
    },
})

LESSON_16_SIGNUPS = LESSON_16 + """
def run_tests(*tests):
    for test in tests:
        try:
            test()
        except AssertionError as error:
            print(f"FAILED {test.__name__}: {error}")
        else:
            print(f"passed {test.__name__}")


class Signup(BaseModel):
    username: str = Field(min_length=3, max_length=20)
    age: int = Field(ge=13)


@app.post("/signups", status_code=201)
def create_signup(signup: Signup):
    return signup
"""

SIGNUP_TESTS = """
def test_signup():
    body = {"username": "ada", "age": 36}
    response = client.post("/signups", json=body)
    assert response.status_code == 201
    assert response.json() == body


def test_too_young():
    response = client.post("/signups", json={"username": "ada", "age": 12})
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["body", "age"]]


run_tests(test_signup, test_too_young)
"""
SIGNUP_CLASS = """
class TestSignups:
    body = {"username": "ada", "age": 36}

    def post(self, body):
        return client.post("/signups", json=body)

    def test_signup(self):
        response = self.post(self.body)
        assert response.status_code == 201
        assert response.json() == self.body

    def test_too_young(self):
        response = self.post({**self.body, "age": 12})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "age"]


run_tests(TestSignups().test_signup, TestSignups().test_too_young)
"""
SIGNUP_PYTEST = """
@pytest.fixture
def api():
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def body():
    return {"username": "ada", "age": 36}


def test_signup(api, body):
    response = api.post("/signups", json=body)
    assert response.status_code == 201
    assert response.json() == body


@pytest.mark.parametrize(("username", "age"), [("ada", 12), pytest.param("grace", 0, id="newborn")])
def test_too_young(api, username, age):
    response = api.post("/signups", json={"username": username, "age": age})
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["body", "age"]]
"""
SIGNUP_ASYNC = """
import httpx


async def post_signup(body):
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as ac:
        return await ac.post("/signups", json=body)


async def test_signup():
    body = {"username": "ada", "age": 36}
    response = await post_signup(body)
    assert response.status_code == 201
    assert response.json() == body


async def test_too_young():
    response = await post_signup({"username": "ada", "age": 12})
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["body", "age"]]
"""
LOCATION = '    assert [error["loc"] for error in response.json()["detail"]] == [["body", "age"]]\n'

add("16", LESSON_16_SIGNUPS, {
    "name": "signup_tests",
    "solution": SIGNUP_TESTS,
    "right": {
        "the first error only, another age": [(LOCATION, '    assert response.json()["detail"][0]["loc"] == ["body", "age"]\n'), ('"age": 12}', '"age": 5}')],
        "the live server, another body": [("client.post", "server.client.post"), ('{"username": "ada", "age": 36}', '{"username": "grace_hopper", "age": 13}')],
        "its own TestClient, field by field": [("client.post", "TestClient(app).post"),
                                               ("    assert response.json() == body\n",
                                                '    assert response.json()["username"] == "ada"\n    assert response.json()["age"] == 36\n')],
        "a helper function that calls client": [
            ("def test_signup():", "def post_signup(body):\n    return client.post(\"/signups\", json=body)\n\n\ndef test_signup():"),
            ('client.post("/signups", json=body)\n    assert', 'post_signup(body)\n    assert'),
            ('response = client.post("/signups", json={"username": "ada", "age": 12})', 'response = post_signup({"username": "ada", "age": 12})')],
        "a class": [(SIGNUP_TESTS, SIGNUP_CLASS)],
        "parametrized, with a fixture, run by pytest": [(SIGNUP_TESTS, SIGNUP_PYTEST)],
        "async tests (ASGITransport)": [(SIGNUP_TESTS, SIGNUP_ASYNC)],
    },
    "wrong": {
        "placeholder (no tests)": ([(SIGNUP_TESTS, "# test_signup and test_too_young go here\n")], "there is no function test_signup"),
        "status codes only": ([(LOCATION, ""), ("    assert response.json() == body\n", "")],
                              "your tests all pass against an app that answers 201 with the username only, no age"),
        "bodies only": ([("    assert response.status_code == 201\n", ""), ("    assert response.status_code == 422\n", "")],
                        "your tests all pass against an app that answers 200 instead of 201"),
        "no happy path": ([("    assert response.status_code == 201\n    assert response.json() == body\n", "    print(response)\n")],
                          "test_signup also passes against an app that answers 418 to every request"),
        "a test that fails on the right app": ([("== 201", "== 200")], "test_signup fails against the app under test (which is right): AssertionError"),
        "loc of the username": ([('[["body", "age"]]', '[["body", "username"]]')], "test_too_young fails against the app under test"),
        "a test that asserts nothing": ([(LOCATION, ""), ("    assert response.status_code == 422\n", "")],
                                        "test_too_young also passes against an app that answers 418 to every request"),
        "a weak test": ([(LOCATION, ""), ("    assert response.status_code == 422\n", "    assert response.status_code != 201\n")],
                        "test_too_young also passes against an app that answers 418 to every request"),
        "a text search": ([(LOCATION, ""), ("    assert response.status_code == 422\n", '    assert "age" in response.text\n')],
                          "your tests all pass against an app that accepts an age of 12"),
        "the location only, no status": ([("    assert response.status_code == 422\n", "")],
                                         'your tests all pass against an app that answers 400 instead of 422, with the error at ["body", "age"]'),
        "status and message, not the location": ([(LOCATION, '    assert "detail" in response.json()\n')],
                                                 'your tests all pass against an app that checks the age with an `if` and answers 422 {"detail": "Too young"}'),
        "a test whose client is another app": ([("client.post", "TestClient(FastAPI()).post")],
                                               "test_signup fails against the app under test (which is right): AssertionError"),
    },
})


# --- answers written as a stranger would, from the exercise's text alone (issue 19, round 3) ---
from checker_cases import EXERCISES  # noqa: E402


def stranger(name: str, right: dict[str, str] | None = None, wrong: dict[str, tuple[str, str]] | None = None) -> None:
    shared_stranger("16", name, right, wrong)


def solution_of(name: str) -> str:
    return next(e for e in EXERCISES if e.lesson == "16" and e.name == name).solution


_BOOK = solution_of("missing_book")
stranger("missing_book", right={
    "BOOKS.get and a status constant, a helper that asserts": _BOOK.replace(
        '    if book_id not in BOOKS:\n        raise HTTPException(status_code=404, detail="Book not found")\n    return BOOKS[book_id]',
        '    book = BOOKS.get(book_id)\n    if book is None:\n        raise HTTPException(status_code=__import__("fastapi").status.HTTP_404_NOT_FOUND, detail="Book not found")\n    return book').replace(
        "def test_missing_book():\n    response = client.get(\"/books/99\")\n    assert response.status_code == 404\n    assert response.json() == {\"detail\": \"Book not found\"}\n",
        "def assert_not_found(response):\n    assert (response.status_code, response.json()) == (404, {\"detail\": \"Book not found\"})\n\n\n"
        "def test_missing_book():\n    assert_not_found(client.get(\"/books/99\"))\n"),
    "a class-based test": _BOOK.replace(
        "def test_missing_book():\n    response = client.get(\"/books/99\")\n    assert response.status_code == 404\n    assert response.json() == {\"detail\": \"Book not found\"}\n",
        "class TestBooks:\n    def test_missing_book(self):\n        response = client.get(\"/books/99\")\n        assert response.status_code == 404\n"
        "        assert response.json() == {\"detail\": \"Book not found\"}\n\n\ntest_missing_book = TestBooks().test_missing_book\n"),
}, wrong={
    "a test that checks only that it is not 200": (_BOOK.replace("assert response.status_code == 404\n", "assert response.status_code != 200\n").replace(
        '    assert response.json() == {"detail": "Book not found"}\n', '    assert "detail" in response.json()\n'), "❌"),
    "None answered as 404 by hand, without a body": (_BOOK.replace(
        '        raise HTTPException(status_code=404, detail="Book not found")',
        '        return __import__("fastapi").Response(status_code=404)').replace('    assert response.json() == {"detail": "Book not found"}\n', ""), "❌"),
    "a test that catches its own failure": (_BOOK.replace(
        "    assert response.status_code == 404\n", "    try:\n        assert response.status_code == 404\n    except AssertionError:\n        pass\n").replace(
        '    assert response.json() == {"detail": "Book not found"}\n', ""), "❌"),
})

stranger("signup_tests", right={
    "a helper that calls client": (
        "\ndef signup(**body):\n    return client.post(\"/signups\", json=body)\n\n\n"
        "def test_signup():\n    response = signup(username=\"ada\", age=36)\n    assert response.status_code == 201\n"
        "    assert response.json() == {\"username\": \"ada\", \"age\": 36}\n\n\n"
        "def test_too_young():\n    response = signup(username=\"ada\", age=12)\n    assert response.status_code == 422\n"
        "    assert response.json()[\"detail\"][0][\"loc\"] == [\"body\", \"age\"]\n\n\nrun_tests(test_signup, test_too_young)\n"),
    "parametrized edges, in pytest's own words": (
        "\n@pytest.mark.parametrize(\"body\", [{\"username\": \"ada\", \"age\": 36}, {\"username\": \"bob\", \"age\": 13}])\n"
        "def test_signup(body):\n    response = client.post(\"/signups\", json=body)\n    assert response.status_code == 201, response.text\n"
        "    assert response.json() == body\n\n\n"
        "def test_too_young():\n    response = client.post(\"/signups\", json={\"username\": \"ada\", \"age\": 12})\n"
        "    assert response.status_code == 422\n    assert {tuple(e[\"loc\"]) for e in response.json()[\"detail\"]} == {(\"body\", \"age\")}\n"),
}, wrong={
    "status codes only": (SIGNUP_TESTS.replace("    assert response.json() == body\n", "").replace(
        '    assert [error["loc"] for error in response.json()["detail"]] == [["body", "age"]]\n', ""), "❌"),
    "the location not checked": (SIGNUP_TESTS.replace(
        '    assert [error["loc"] for error in response.json()["detail"]] == [["body", "age"]]\n', '    assert "detail" in response.json()\n'), "❌"),
    "the username only": (SIGNUP_TESTS.replace("    assert response.json() == body\n", '    assert response.json()["username"] == "ada"\n'),
                          "your tests all pass against an app that answers 201 with the username only, no age"),
    "a test that is never about the app": (SIGNUP_TESTS.replace(
        'response = client.post("/signups", json=body)', "response = __import__('types').SimpleNamespace(status_code=201, json=lambda: body)"), "❌"),
})

stranger("missing_book", wrong={
    "only the test's id is missing": (_BOOK.replace("    if book_id not in BOOKS:\n", "    if book_id == 99:\n").replace(
        "    return BOOKS[book_id]", "    return BOOKS.get(book_id)"), "GET /books/3 answers 200, expected 404"),
})
