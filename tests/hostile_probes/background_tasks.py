"""Hostile probes for lesson 17, background-tasks (see tests/test_hostile.py)."""

PROBES = [
    # [input-bounds] Unknown ids answer 404; the document goes in the body; wrong types and nulls are 422;
    # [resource-limits] a text of 100 001 characters is a 422.
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
# [non-finite] Infinities and NaN never become a job, and answer a 422 (lesson 04's handler
# writes them as text in the 422's echo), never a 500.
jobs = len(REPORTS)
for text in ("[1e999]", "[NaN]", "[-Infinity]", "[1, null]"):
    answer = server.client.post("/reports", content=text, headers={"Content-Type": "application/json"})
    assert answer.status_code == 422, (text, answer.status_code)
assert len(REPORTS) == jobs
''',
]
PROBES += [
    # [non-finite] Bare and quoted non-finite numbers in every JSON body: 422, no job started.
    # [input-bounds] Huge and negative ids are 404s; huge numbers in a report are a 422 or a job
    # that ends (never pending, never a 500).
    '''
jobs, reports = len(JOBS), len(REPORTS)
for text in ('{"text": NaN}', '{"text": 1e999}', '{"text": -Infinity}', '[1, NaN]', '[Infinity]', '[-1e999, 1]',
             '["NaN"]', '["inf"]', '["-Infinity"]', '[1e400]'):
    path = "/reports" if text.startswith("[") else "/jobs"
    answer = server.client.post(path, content=text, headers={"Content-Type": "application/json"})
    assert answer.status_code == 422, (path, text, answer.status_code)
assert (len(JOBS), len(REPORTS)) == (jobs, reports)
for path in (f"/jobs/{2**64}", f"/jobs/{-2**70}", f"/reports/{2**64}", f"/reports/{-2**70}"):
    assert server.client.get(path).status_code == 404, path
for numbers in ([1.7e308, 1.7e308, -1.7e308], [-1e308, -1e308], [5e-324] * 3, [0.1] * 1000):
    answer = server.client.post("/reports", json=numbers)
    assert answer.status_code in (202, 422), (numbers[:3], answer.status_code)
    if answer.status_code == 202:
        report_id = answer.json()["report_id"]
        assert until(lambda: REPORTS[report_id]["status"] != "pending"), (numbers[:3], REPORTS[report_id])
        assert server.client.get(f"/reports/{report_id}").status_code == 200
for text in ("ünïcode 🐎 text", "\\u0000", " " * 1000):
    assert server.client.post("/jobs", json={"text": text}).status_code == 202, text
''',
]
