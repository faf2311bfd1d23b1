"""Hostile probes for lesson 05, response-model (see tests/test_hostile.py)."""

PROBES = [
    # A body on a 204 breaks the response (the lesson says so); Response(status_code=204) does not.
    '''
from fastapi.responses import JSONResponse, Response


@app.delete("/probe-wrong-204")
def probe_wrong():
    return JSONResponse({"deleted": True}, status_code=204)


@app.delete("/probe-right-204")
def probe_right():
    return Response(status_code=204)


log_start = len(server.logs())
right = server.client.delete("/probe-right-204")
assert (right.status_code, right.content) == (204, b"")
try:
    server.client.delete("/probe-wrong-204")
except Exception:
    pass
assert until(lambda: "Content-Length" in server.logs()[log_start:]), "the lesson's claim: the wrong 204 fails"

''',
    # [output-filter] Nothing secret goes out, whatever a client sends; stored text is converted on
    # the way out.
    '''
eve = {"username": "eve", "password": "s3cret-pw", "email": "eve@example.com", "hashed_password": "mine"}
for path in ("/user/", "/accounts/"):
    answer = server.client.post(path, json=eve)
    assert answer.status_code == 201 and "s3cret-pw" not in answer.text and "hash" not in answer.text, answer.text
assert "hashed_password" not in server.client.get("/users/grace").json()
assert "cost" not in server.client.get("/items/bar").json(), "a stored key the model does not declare stays in"
assert server.client.get("/settings/grace").json() == {"language": "fr", "font_size": 14}
assert server.client.post("/accounts/", json={**eve, "email": None}).status_code == 422
server.client.delete("/users/eve")
''',
    # Numbers JSON cannot carry (FastAPI issue #4589): a body with 1e999, NaN or -Infinity in any
    # field, or a field left out beside one, is a 422 that writes them as text, never a 500.
    '''
import math

for path in ("/user/", "/accounts/"):
    for number in ("1e999", "NaN", "-Infinity"):
        for raw in (
            '{"username": %s, "password": "pw", "email": "eve@example.com"}',
            '{"username": "eve", "password": %s, "email": "eve@example.com"}',
            '{"username": "eve", "password": "pw", "email": %s}',
            '{"username": "eve", "password": "pw", "email": "eve@example.com", "full_name": %s}',
            '{"password": "pw", "email": "eve@example.com", "extra": %s}',
            '[%s]',
        ):
            if "full_name" in raw and path == "/accounts/":
                continue  # an account has no full name: the key is ignored
            answer = server.client.post(path, content=raw % number, headers={"content-type": "application/json"})
            assert answer.status_code == 422, (path, raw % number, answer.status_code, answer.text)
            inputs = [error.get("input") for error in answer.json()["detail"]]
            assert not any(isinstance(x, float) and not math.isfinite(x) for x in inputs), answer.text
''',
    # [input-bounds] Wrong types, explicit nulls and bad addresses are a 422, and an unknown key in
    # the path (a user, an item, a user's settings) is a 404: never the 500 of a KeyError.
    '''
for path in ("/user/", "/accounts/"):
    for body in (
        {"username": None, "password": "pw", "email": "eve@example.com"},
        {"username": "eve", "password": 42, "email": "eve@example.com"},
        {"username": "eve", "password": "pw", "email": "eve-at-example"},
        {"username": "eve", "password": "pw"}, [], "eve",
    ):
        answer = server.client.post(path, json=body)
        assert answer.status_code == 422, (path, body, answer.status_code, answer.text)
for path in ("/users/0", "/users/nobody", "/items/0", "/items/%00", "/settings/0", "/settings/nobody"):
    answer = server.client.get(path)
    assert answer.status_code == 404, (path, answer.status_code, answer.text)
assert server.client.delete("/users/nobody").status_code == 204
''',
]
