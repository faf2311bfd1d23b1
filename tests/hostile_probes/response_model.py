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
]
