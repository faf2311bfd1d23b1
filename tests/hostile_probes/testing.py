"""Hostile probes for lesson 16, testing (see tests/test_hostile.py)."""

PROBES = [
    # TestClient does use a thread (the lesson says so): the app runs on an event loop in another one.
    '''
import threading as _threading
from fastapi.testclient import TestClient as _TestClient


@app.get("/probe-thread")
async def probe_thread():
    return {"thread": _threading.get_ident()}


assert _TestClient(app).get("/probe-thread").json()["thread"] != _threading.get_ident()
''',
]
PROBES += [
    # [input-bounds] The routes of the exercises: nulls, wrong types and edge values are 422s or 404s, never 500s.
    '''
for body in ({"username": None, "age": 20}, {"username": "ada", "age": None}, {"username": "ada", "age": 13.5},
             {"username": "ada", "age": "old"}, {"username": ["ada"], "age": 20}, {"username": "ada"}, [], "ada"):
    response = server.client.post("/signups", json=body)
    assert response.status_code == 422, (body, response.status_code)
assert server.client.post("/signups", json={"username": "ada", "age": 13, "admin": True}).json() == {"username": "ada", "age": 13}
for book_id in ("0", "-1", "3", "99999999999999999999"):
    response = server.client.get(f"/books/{book_id}")
    assert response.status_code in (404, 422), (book_id, response.status_code)
assert server.client.get("/books/-1").json() == {"detail": "Book not found"}
assert server.client.get("/books/one").status_code == 422
''',
]
PROBES += [
    # [input-bounds] Prices are finite: NaN and infinities, as JSON strings or bare (the lesson's
    # validation-error handler, lesson 04), are 422s in every JSON body of the lesson, never a 500.
    '''
for price in ("NaN", "nan", "inf", "-Infinity", "1e999"):
    for body in ({"name": "Foo", "price": price}, {"name": "Foo", "price": 1, "tax": price}):
        response = server.client.post("/items/", json=body)
        assert response.status_code == 422, (body, response.status_code)
''',
]
PROBES += [
    # [input-bounds] Bare non-finite numbers, huge and negative numbers and non-ASCII text in every
    # JSON body of the lesson: a 4xx or a 201, never a 500.
    '''
for text in ('{"name": "Foo", "price": NaN}', '{"name": "Foo", "price": 1e999}', '{"name": "Foo", "price": -Infinity}',
             '{"name": NaN, "price": 1}', '{"name": "Foo", "price": 1, "tax": Infinity}'):
    answer = server.client.post("/items/", content=text, headers={"Content-Type": "application/json"})
    assert answer.status_code == 422, (text, answer.status_code)
for text in ('{"username": "ada", "age": NaN}', '{"username": "ada", "age": 1e999}', '{"username": Infinity, "age": 20}',
             '{"username": "ada", "age": 1e400}', '{"username": "ada", "age": -1e999}'):
    answer = server.client.post("/signups", content=text, headers={"Content-Type": "application/json"})
    assert answer.status_code == 422, (text, answer.status_code)
for body in ({"username": "ada", "age": 10**30}, {"username": "ada", "age": -(10**30)}, {"username": "ädä", "age": 20},
             {"username": "a\\u0000b", "age": 20}, {"username": "ada", "age": True}, {"username": "x" * 10_000, "age": 20}):
    answer = server.client.post("/signups", json=body)
    assert answer.status_code in (201, 422), (body, answer.status_code)
assert "/broken" not in server.client.get("/openapi.json").json()["paths"], "a demo of a 500 stays out of the schema"
''',
]
