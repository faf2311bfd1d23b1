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
    # No report job stays pending (an empty list, numbers too large to add up), no report answers a 500,
    # and infinities never get in.
    '''
for numbers in ([], [0], [1e308, 1e308], [-1, 1]):
    answer = server.client.post("/reports", json=numbers)
    assert answer.status_code in (202, 422), (numbers, answer.status_code)
    if answer.status_code == 202:
        report_id = answer.json()["report_id"]
        assert until(lambda: REPORTS[report_id]["status"] != "pending"), (numbers, REPORTS[report_id])
        reply = server.client.get(f"/reports/{report_id}")
        assert reply.status_code == 200, (numbers, reply.status_code)
# Infinities never become a job. (FastAPI 0.165 answers them with a 500, not a 422: its 422 body
# echoes the input, and JSON cannot encode an infinity. Out of this lesson's hands; reported.)
jobs = len(REPORTS)
for text in ("[1e999]", "[NaN]", "[-Infinity]", "[1, null]"):
    answer = server.client.post("/reports", content=text, headers={"Content-Type": "application/json"})
    assert answer.status_code in (422, 500), (text, answer.status_code)
assert len(REPORTS) == jobs
''',
]
