"""Answers a learner could write to lesson 16's exercises (see tests/test_checker_cases.py)."""

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
    },
    "wrong": {
        "placeholder": ([("    if book_id not in BOOKS:\n        raise HTTPException(status_code=404, detail=\"Book not found\")\n    return BOOKS[book_id]", "    return BOOKS.get(book_id)"),
                         ("assert response.status_code == 404", "assert response.status_code == 200"), ('    assert response.json() == {"detail": "Book not found"}\n', "")],
                        "GET /books/99 answers 200, expected 404"),
        "a test that asserts nothing": ([("    assert response.status_code == 404\n    assert response.json() == {\"detail\": \"Book not found\"}\n", "    print(response)\n")],
                                        "test_missing_book also passes against an app that answers 200 with null"),
        "status only": ([('    assert response.json() == {"detail": "Book not found"}\n', "")], 'also passes against an app that answers 404 with {"detail": "Not Found"}'),
        "body only": ([("    assert response.status_code == 404\n", "")], "also passes against an app that answers 200 with {\"detail\": \"Book not found\"}"),
        "a test that fails": ([("== 404", "== 200")], "test_missing_book fails against your app: AssertionError"),
        "renamed test": ([("def test_missing_book", "def test_book")], "there is no function test_missing_book"),
    },
}, {
    "name": "signups",
    "solution": (
        "class Signup(BaseModel):\n    username: str = Field(min_length=3, max_length=20)\n    age: int = Field(ge=13)\n\n"
        '@app.post("/signups", status_code=201)\ndef create_signup(signup: Signup):\n    return signup\n\n'
        'def test_too_young():\n    response = client.post("/signups", json={"username": "ada", "age": 12})\n'
        '    assert response.status_code == 422\n    assert response.json()["detail"][0]["loc"] == ["body", "age"]\n'
    ),
    "right": {
        "all the locations": [('response.json()["detail"][0]["loc"] == ["body", "age"]', '[e["loc"] for e in response.json()["detail"]] == [["body", "age"]]')],
        "async def, another body": [("def create_signup", "async def create_signup"), ('{"username": "ada", "age": 12}', '{"username": "bobby", "age": 5}')],
    },
    "wrong": {
        "placeholder": ([("username: str = Field(min_length=3, max_length=20)", "username: str"), ("age: int = Field(ge=13)", "age: int"), (", status_code=201", ""), ("== 422", "== 201"), ('    assert response.json()["detail"][0]["loc"] == ["body", "age"]\n', "")],
                        "POST /signups answers 200, expected 201"),
        "status only": ([('    assert response.json()["detail"][0]["loc"] == ["body", "age"]\n', "")], "also passes against an app that checks the age with an `if`"),
        "location only": ([("    assert response.status_code == 422\n", "")], "also passes against an app that answers 400 instead of 422"),
        "no max_length": ([("min_length=3, max_length=20", "min_length=3")], "a 21-character username"),
    },
})
