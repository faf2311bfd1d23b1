"""Hostile probes for lesson 03, query-parameters (see tests/test_hostile.py)."""

PROBES = [
    # Query rules hold at their edges and past them: a 422, never a 500; huge offsets only page
    # past the end.
    '''
for params in ({"q": "b"}, {"q": "x" * 11}, {"q": "b4z"}, {"limit": 0}, {"limit": 6}, {"skip": -1},
               {"skip": "many"}, {"q": "ba", "limit": "1e999"}):
    answer = server.client.get("/items/", params=params)
    assert answer.status_code == 422, (params, answer.status_code, answer.text)
assert server.client.get("/items/", params={"skip": 10**30}).json() == []
for value in ("2", "", "maybe", "nan"):
    assert server.client.get("/products/p", params={"short": value}).status_code == 422, value
''',
    # /tagged/ reads its tags from the query only: the finished route takes no body, so a body
    # (even one JSON cannot answer with) changes nothing.
    '''
operation = app.openapi()["paths"]["/tagged/"]["get"]
assert "requestBody" not in operation and [p["in"] for p in operation["parameters"]] == ["query"], operation
for raw in ('["red"]', "[1e999]", "NaN"):
    answer = server.client.request("GET", "/tagged/", content=raw, headers={"content-type": "application/json"})
    assert answer.status_code == 200 and answer.json() == {"tag": None}, (raw, answer.status_code, answer.text)
''',
]
