"""Hostile probes for lesson 04, request-body (see tests/test_hostile.py)."""

PROBES = [
    # [input-bounds] Nulls, wrong types and values past a limit are a 422, never a 500; Pydantic 2
    # converts as the lesson says.
    '''
hostile = [
    ("/items/", {"name": None, "price": 1}), ("/items/", {"name": "x", "price": None}),
    ("/items/", {"name": 50, "price": 1}), ("/items/", {"name": "x", "price": [1]}),
    ("/products/", {"name": "x", "price": 0}), ("/products/", {"name": "", "price": 1}),
    ("/offers/", {"name": "x", "price": 1, "images": [{"url": "not a url", "name": "y"}]}),
    ("/offers/", {"name": "x", "price": 1, "tags": None}),
    ("/orders/", {"product": "p", "quantity": 0, "unit_price": 1}),
    ("/orders/", {"product": "p", "quantity": 1.5, "unit_price": 1}),
    ("/orders/", {"product": None, "unit_price": 1}),
    ("/orders/", {"product": "p", "quantity": None, "unit_price": 1}), ("/orders/", {"product": "p", "quantity": 2}),
    ("/orders/", {"product": "p", "unit_price": None}),
    ("/playlists/", {"name": "x", "songs": None}), ("/playlists/", {"name": "x", "songs": [{"seconds": 3}]}),
    ("/playlists/", {"name": "x", "songs": [{"title": "t", "seconds": "long"}]}),
]
for path, body in hostile:
    answer = server.client.post(path, json=body)
    assert answer.status_code == 422, (path, body, answer.status_code, answer.text)
assert server.client.post("/items/", content="[", headers={"content-type": "application/json"}).status_code == 422
assert server.client.post("/items/", json={"name": "x", "price": "50.5"}).json()["price"] == 50.5
assert server.client.post("/orders/", json={"product": "p", "quantity": 2.0, "unit_price": 1}).json()["quantity"] == 2
''',
    # [mass-assignment] Exercise 1's claims: an explicit null for a required field is a 422, an
    # undeclared key is ignored, and a computed key cannot be smuggled in.
    '''
assert server.client.post("/items/", json={"name": "Foo", "price": None}).status_code == 422
answer = server.client.post("/items/", json={"name": "Foo", "price": 50, "colour": "red", "price_with_tax": 1})
assert answer.status_code == 200 and "colour" not in answer.json(), answer.text
assert "price_with_tax" not in answer.json(), "a client cannot smuggle a computed key in"
assert server.client.post("/items/", json={"name": 42, "price": 50}).status_code == 422
''',
    # [non-finite] Numbers JSON cannot carry (FastAPI issue #4589): 1e999, NaN and -Infinity in a JSON body,
    # in a float field or any other, get a 422 that names them as text, never a 500.
    '''
import math

for path, body in [
    ("/items/", '{"name": "x", "price": %s}'), ("/items/", '{"name": "x", "price": 1, "tax": %s}'),
    ("/items/", '{"name": %s, "price": 1}'), ("/items/", '{"price": %s}'), ("/items/", '[%s]'),
    ("/items/5", '{"name": "x", "price": %s}'),
    ("/products/", '{"name": "x", "price": %s}'), ("/products/", '{"name": "x", "price": 1, "tax": %s}'),
    ("/offers/", '{"name": "x", "price": %s}'), ("/offers/", '{"name": "x", "price": 1, "tags": [%s]}'),
    ("/orders/", '{"product": "p", "unit_price": %s}'), ("/orders/", '{"product": "p", "quantity": %s, "unit_price": 1}'),
    ("/playlists/", '{"name": "x", "songs": [{"title": "t", "seconds": %s}]}'),
]:
    for number in ("1e999", "NaN", "-Infinity", "Infinity", "-1e999"):
        method = "PUT" if path == "/items/5" else "POST"
        answer = server.client.request(method, path, content=body % number, headers={"content-type": "application/json"})
        assert answer.status_code == 422, (path, body % number, answer.status_code, answer.text)
        inputs = [error.get("input") for error in answer.json()["detail"]]
        assert not any(isinstance(x, float) and not math.isfinite(x) for x in inputs), answer.text
answer = server.client.post("/items/", content='{"name": "x", "price": 1e999}', headers={"content-type": "application/json"})
assert answer.json()["detail"][0]["input"] == "Infinity", answer.text
for text in ("1e999", "nan", "-inf", "Infinity"):
    answer = server.client.post("/orders/", json={"product": "p", "unit_price": text})
    assert answer.status_code == 422, (text, answer.status_code, answer.text)
assert server.client.put("/items/5", params={"q": "1e999"}, json={"name": "x", "price": 1}).status_code == 200
''',
    # [input-bounds] Finite numbers that the routes add or multiply are bounded, so that no total
    # overflows to infinity (which JSON cannot carry either): a 422, never a 500.
    '''
for path, body in [
    ("/items/", {"name": "x", "price": 1.7e308, "tax": 1.7e308}),
    ("/items/", {"name": "x", "price": -1.7e308, "tax": 1}), ("/items/", {"name": "x", "price": 1, "tax": -1.7e308}),
    ("/orders/", {"product": "p", "quantity": 10**400, "unit_price": 1}),
    ("/orders/", {"product": "p", "quantity": 1000, "unit_price": 1.7e308}),
    ("/orders/", {"product": "p", "quantity": 1000, "unit_price": -1.7e308}),
]:
    answer = server.client.post(path, json=body)
    assert answer.status_code == 422, (path, body, answer.status_code, answer.text)
answer = server.client.post("/items/", json={"name": "x", "price": 1_000_000, "tax": 1_000_000})
assert answer.json()["price_with_tax"] == 2_000_000, answer.text
answer = server.client.post("/orders/", json={"product": "p", "quantity": 1000, "unit_price": 10_000})
assert answer.json()["total"] == 10_000_000, answer.text
''',
]
