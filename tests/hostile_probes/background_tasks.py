"""Hostile probes for lesson 17, background-tasks (see tests/test_hostile.py)."""

PROBES = [
    # Unknown ids answer 404; the document goes in the body; wrong types and nulls are 422.
    '''
for path in ("/jobs/999999", "/reports/999999", "/jobs/0", "/reports/-1"):
    answer = server.client.get(path)
    assert answer.status_code == 404, (path, answer.status_code)
assert server.client.get("/jobs/abc").status_code == 422
assert server.client.post("/jobs", params={"text": "in the url"}).status_code == 422
for body in ({"text": None}, {"text": 5}, {}, {"text": "x" * 100_001}):
    assert server.client.post("/jobs", json=body).status_code == 422, body
for body in (None, ["one"], [None], {"numbers": [1]}):
    assert server.client.post("/reports", json=body).status_code == 422, body
job = server.client.post("/jobs", json={"text": "a b c"}).json()
assert until(lambda: server.client.get(f"/jobs/{job['job_id']}").json()["status"] == "done")
''',
]
