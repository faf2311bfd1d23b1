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
