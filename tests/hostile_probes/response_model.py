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
    # Nothing secret goes out, whatever a client sends; stored text is converted on the way out.
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
]
