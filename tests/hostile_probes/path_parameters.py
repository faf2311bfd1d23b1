"""Hostile probes for lesson 02, path-parameters (see tests/test_hostile.py)."""

PROBES = [
    # Limits, enums and types hold at their edges and past them: a 422, never a 500.
    '''
for path in ("/items/0", "/items/1001", "/items/-1", "/items/99999999999999999999999", "/items/1.5",
             "/models/vgg16", "/models/ALEXNET", "/models/", "/grid/3/4.5", "/people/me"):
    answer = server.client.get(path)
    assert answer.status_code in (404, 422), (path, answer.status_code, answer.text)
assert server.client.get("/items/1000").json() == {"item_id": 1000}
assert server.client.get("/models/alexnet").json()["model_name"] == "alexnet"
''',
    # A :path parameter takes what a client sends, `..` included: the route only echoes it (the
    # lesson warns never to open a file from it unchecked, and lesson 19 shows how).
    '''
for sent, received in (("home/ada/notes.txt", "home/ada/notes.txt"), ("a/%2E%2E/b", "a/../b")):
    answer = server.client.get(f"/files/{sent}")
    assert answer.status_code == 200 and answer.json() == {"file_path": received}, (sent, answer.text)
''',
]
