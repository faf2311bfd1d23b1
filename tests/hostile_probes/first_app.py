"""Hostile probes for lesson 01, first-app (see tests/test_hostile.py)."""

PROBES = [
    # A typed path parameter turns any text that is not its type into a 422, never a 500; a
    # whole number of any size is still a whole number (JSON carries it as written).
    '''
for path in ("/items/foo", "/items/4.5", "/items/%00", "/items/1e3", "/square/seven", "/square/7.5", "/square/%20"):
    answer = server.client.get(path)
    assert answer.status_code == 422, (path, answer.status_code, answer.text)
big = 10**40
assert server.client.get(f"/items/{big}").json() == {"item_id": big}
assert server.client.get(f"/square/{-big}").json() == {"number": -big, "square": big * big}
assert server.client.get("/greet/%3Cscript%3E").json() == {"message": "Hello, <script>!"}, "JSON, not HTML"
assert server.client.get("/square/7.0").json() == {"number": 7, "square": 49}, "a whole number written as 7.0 is 7"
assert server.client.get("/greet/x").headers["content-type"] == "application/json"
''',
]
