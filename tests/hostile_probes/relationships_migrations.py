"""Hostile probes for lesson 11, relationships and migrations (see tests/test_hostile.py)."""

PROBES = [
    # [object-ownership] Other users' ids: every verb on someone else's note is a 404, as for an unknown id, and
    # changes nothing; an unknown name is a 401; a bad id a 422.
    '''
ada_notes = server.client.get("/notes", headers=ada).json()
assert ada_notes, ada_notes
for note in ada_notes:
    path = f"/notes/{note['id']}"
    assert server.client.get(path, headers=grace).status_code == 404
    assert server.client.patch(path, json={"text": "mine now"}, headers=grace).status_code == 404
    assert server.client.delete(path, headers=grace).status_code == 404
    assert server.client.get(path, headers={"X-User": "mallory"}).status_code == 401
    assert server.client.get(path).status_code == 422
assert server.client.get("/notes", headers=ada).json() == ada_notes
assert server.client.get("/notes/999999", headers=ada).status_code == 404
for path in ("/notes/-1", "/notes/0"):
    assert server.client.get(path, headers=ada).status_code == 422, path
assert server.client.get("/notes/abc", headers=ada).status_code == 422
assert server.client.get("/notes", headers={"X-User": ""}).status_code in (401, 422)
''',
    # [input-bounds] Explicit nulls and wrong types: 422, nothing written.
    '''
before = server.client.get("/notes", headers=ada).json()
for body in ({"text": None}, {"text": 5}, {"text": ""}, {"text": "x" * 501}, {}, {"text": ["a"]},
             {"text": "planted", "owner_id": 2}):
    created = server.client.post("/notes", json=body, headers=ada)
    if body.get("text") == "planted":  # an owner_id in the body is ignored: the owner is who asks
        assert created.status_code == 201 and created.json()["owner_id"] == before[0]["owner_id"], created.text
        assert server.client.delete(f"/notes/{created.json()['id']}", headers=ada).status_code == 204
        continue
    assert created.status_code == 422, (body, created.status_code)
    assert server.client.patch(f"/notes/{before[0]['id']}", json=body, headers=ada).status_code == 422, body
assert server.client.get("/notes", headers=ada).json() == before
for body in ({"name": None}, {"name": ""}, {"name": 7}, {}):
    assert server.client.post("/users", json=body).status_code == 422, body
''',
    # [races] Concurrent creates: one name signed up by 8 clients at once is one 201 and seven 409s;
    # 8 notes created at once by one user are 8 distinct rows.
    '''
codes = concurrently(8, lambda client, i: client.post("/users", json={"name": "racer"}).status_code)
assert sorted(codes) == [201] + [409] * 7, codes
racer = {"X-User": "racer"}
made = concurrently(8, lambda client, i: client.post("/notes", json={"text": f"n{i}"}, headers=racer))
assert [answer.status_code for answer in made] == [201] * 8, [answer.status_code for answer in made]
assert len({answer.json()["id"] for answer in made}) == 8
assert sorted(note["text"] for note in server.client.get("/notes", headers=racer).json()) == [f"n{i}" for i in range(8)]
''',
    # Deleting an owner with rows: the rows go too (no orphans in the table), their ids are 404
    # for everyone, and a new user of the same name inherits nothing.
    '''
from sqlalchemy import func as _func
owner = {"X-User": "leaver"}
assert server.client.post("/users", json={"name": "leaver"}).status_code == 201
ids = [server.client.post("/notes", json={"text": f"t{i}"}, headers=owner).json()["id"] for i in range(3)]
with Session(engine) as _session:
    owner_id = _session.scalar(select(User.id).where(User.name == "leaver"))
assert server.client.delete("/users/me", headers=owner).status_code == 204
assert server.client.delete("/users/me", headers=owner).status_code == 401
with Session(engine) as _session:
    assert _session.scalar(select(_func.count()).select_from(Note).where(Note.owner_id == owner_id)) == 0
    orphans = _session.scalar(select(_func.count()).select_from(Note).where(Note.owner_id.not_in(select(User.id))))
    assert orphans == 0, orphans
for note_id in ids:
    assert server.client.get(f"/notes/{note_id}", headers=ada).status_code == 404
assert server.client.post("/users", json={"name": "leaver"}).status_code == 201
assert server.client.get("/notes", headers=owner).json() == []
''',
    # The same owner deleted by two requests at once: one 204, and never a 500.
    '''
assert server.client.post("/users", json={"name": "twice"}).status_code == 201
twice = {"X-User": "twice"}
for i in range(3):
    assert server.client.post("/notes", json={"text": f"t{i}"}, headers=twice).status_code == 201
codes = concurrently(4, lambda client, i: client.delete("/users/me", headers=twice).status_code)
assert codes.count(204) >= 1 and 500 not in codes, codes
''',
    # The directory stays at two queries with many users, and shows no note's text.
    '''
for i in range(12):
    assert server.client.post("/users", json={"name": f"many-{i}"}).status_code == 201
mark = sql.mark()
response = server.client.get("/users")
selects = [statement for statement in sql.since(mark) if statement.startswith("SELECT")]
assert response.status_code == 200 and len(response.json()) >= 14, response.text[:200]
assert len(selects) <= 2, selects
assert "buy milk" not in response.text
''',
    # Migrations: the migrations match the models (alembic check), go down to nothing and up again.
    '''
alembic("upgrade", "head")
alembic("check")
alembic("downgrade", "base")
show_schema()
alembic("upgrade", "head")
show_schema()
''',
    # Numbers JSON cannot carry (FastAPI #4589): the 422 still renders, never a 500.
    '''
for number in ("1e999", "NaN", "-Infinity"):
    for path, raw in (("/users", '{"name": %s}'), ("/notes", '{"text": %s}')):
        answer = server.client.post(path, content=raw % number, headers={"content-type": "application/json", "X-User": "ada"})
        assert answer.status_code == 422, (path, number, answer.status_code, answer.text[:200])
''',
    # [input-bounds] [object-ownership] Ids past SQLite's 64-bit INTEGER, zero, negative or
    # fractional, for every verb, as the owner or another user: a 4xx (never the 500 of an
    # OverflowError), and nothing changes.
    '''
for name in ("owner-b", "other-b"):
    assert server.client.post("/users", json={"name": name}).status_code == 201, name
owner_b, other_b = {"X-User": "owner-b"}, {"X-User": "other-b"}
kept = server.client.post("/notes", json={"text": "kept"}, headers=owner_b).json()
for note_id in (2**63, 2**64, -(2**64), 10**30, 0, -1, "1.5", "1e3", "%C2%B9"):
    for headers in (owner_b, other_b):
        for method in ("GET", "PATCH", "DELETE"):
            answer = server.client.request(method, f"/notes/{note_id}", headers=headers,
                                           json={"text": "x"} if method == "PATCH" else None)
            assert 400 <= answer.status_code < 500, (method, note_id, answer.status_code, answer.text[:200])
assert server.client.get(f"/notes/{2**63 - 1}", headers=owner_b).status_code == 404
assert server.client.get("/notes", headers=owner_b).json() == [kept]
''',
    # [object-ownership] Another user's note cannot be reached through a body's owner_id or id, or a
    # name in another case: a note written as other-b is other-b's, and owner-b sees none of it.
    '''
planted = server.client.post("/notes", json={"text": "planted", "owner_id": kept["owner_id"], "id": kept["id"]},
                             headers=other_b)
assert planted.status_code == 201 and planted.json()["owner_id"] != kept["owner_id"], planted.text
assert planted.json()["id"] != kept["id"], planted.text
assert server.client.get(f"/notes/{planted.json()['id']}", headers=owner_b).status_code == 404
assert server.client.get(f"/notes/{planted.json()['id']}", headers={"X-User": "OWNER-B"}).status_code == 401
assert server.client.get("/notes", headers=owner_b).json() == [kept]
assert server.client.get(f"/notes/{kept['id']}", headers=owner_b).json() == kept
''',
]
