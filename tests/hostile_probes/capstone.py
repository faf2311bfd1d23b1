"""Hostile probes for lesson 22, capstone (see tests/test_hostile.py)."""

PROBES = [
    # The signing key comes from the environment: every worker has the same one.
    '''
assert SECRET_KEY == os.environ["TODO_SECRET_KEY"]
''',
    # Concurrent registrations of one name: one 201, the others 409, never a 500.
    '''
codes = concurrently(6, lambda client, i: client.post("/users", json={"username": "racer", "password": f"password-{i}"}).status_code)
assert sorted(codes) == [201] + [409] * 5, codes
''',
    # PATCH with nulls and wrong types: 422, nothing changed. Unknown ids: 404.
    '''
me = log_in("ada")
todo = server.client.post("/todos", json={"title": "Keep me"}, headers=me).json()
for body in ({"title": None}, {"done": None}, {"title": None, "done": True}, {"title": 5}, {"done": "maybe"},
             {"title": ""}, {"done": [True]}):
    answer = server.client.patch(f"/todos/{todo['id']}", json=body, headers=me)
    assert answer.status_code == 422, (body, answer.status_code, answer.text)
mine = next(item for item in server.client.get("/todos", headers=me).json() if item["id"] == todo["id"])
assert mine == todo
for method in ("PATCH", "DELETE"):
    answer = server.client.request(method, "/todos/999999", json={"done": True} if method == "PATCH" else None, headers=me)
    assert answer.status_code == 404, (method, answer.status_code)
for body in ({"title": None}, {"title": 7}, {}):
    assert server.client.post("/todos", json=body, headers=me).status_code == 422, body
assert server.client.post("/users", json={"username": None, "password": "long enough"}).status_code == 422
''',
    # Tokens with missing or ill-typed claims: 401.
    '''
later = datetime.now(UTC) + timedelta(minutes=5)
for claims in ({"sub": "ada"}, {"exp": later}, {"sub": 1, "exp": later}, {"sub": None, "exp": later},
               {"sub": "nobody", "exp": later}):
    token = jwt.encode(claims, SECRET_KEY, algorithm=ALGORITHM)
    answer = server.client.get("/todos", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401, (claims, answer.status_code)
''',
]
