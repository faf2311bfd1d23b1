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
    # The routes of the exercises: nulls, wrong types and edge values are 422s or 404s, never 500s.
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
    # Prices are finite: NaN and infinities as JSON strings are 422s. (Bare NaN or 1e999 in the JSON
    # still answer 500 on FastAPI 0.165: the 422 echoes the input, which JSON cannot encode. Reported.)
    '''
for price in ("NaN", "nan", "inf", "-Infinity", "1e999"):
    for body in ({"name": "Foo", "price": price}, {"name": "Foo", "price": 1, "tax": price}):
        response = server.client.post("/items/", json=body)
        assert response.status_code == 422, (body, response.status_code)
''',
]
