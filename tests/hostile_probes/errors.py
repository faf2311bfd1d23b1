"""Hostile probes for lesson 06, errors (see tests/test_hostile.py)."""

PROBES = [
    # A 404 handler on Starlette's HTTPException sees unknown paths; other codes keep FastAPI's answer.
    '''
with serve(shop_app, name="probe-shop") as shop:
    unknown = shop.client.get("/no/such/path")
    wrong_method = shop.client.post("/items/bar")
# Behind the hub's proxy, request.url.path is the path the browser asked for, prefix included.
assert unknown.status_code == 404 and unknown.json()["path"].endswith("/no/such/path"), unknown.text
assert unknown.json()["detail"] == "Not Found", unknown.text
assert (wrong_method.status_code, wrong_method.json()) == (405, {"detail": "Method Not Allowed"}), wrong_method.text
''',
    # Unknown ids and wrong types are client errors, never a 500.
    '''
assert server.client.get("/order/kiwis").status_code == 404, "an item not in stock at all"
assert server.client.get("/order/pears").status_code == 409, "out of stock is a conflict, not a server error"
assert server.client.get("/divide/1/zero").status_code == 400 and server.client.get("/items/yolo").status_code == 404
for path in ("/books/abc", "/books/1.5", "/double/x"):
    assert server.client.get(path).status_code == 400, path
assert server.client.get("/books/7").headers["x-book-id"] == "7"
''',
]
