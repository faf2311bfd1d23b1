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
