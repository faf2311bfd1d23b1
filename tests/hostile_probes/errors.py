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
    # [error-leak] [input-bounds] Unknown ids and wrong types are client errors, never a 500.
    '''
assert server.client.get("/order/kiwis").status_code == 404, "an item not in stock at all"
assert server.client.get("/order/pears").status_code == 409, "out of stock is a conflict, not a server error"
assert server.client.get("/divide/1/zero").status_code == 400 and server.client.get("/items/yolo").status_code == 404
for path in ("/books/abc", "/books/1.5", "/double/x"):
    assert server.client.get(path).status_code == 400, path
assert server.client.get("/books/7").headers["x-book-id"] == "7"
''',
    # [error-leak] Every input that once broke `divide` is a 400 now (zero, a float overflow), and
    # an error answer shows no exception name, traceback or file.
    '''
for path in ("/divide/0/0", "/divide/1/0", "/divide/-0/0", "/divide/" + "9" * 400 + "/1",
             "/divide/1/" + "9" * 400, "/divide/-1000001/1", "/divide/1/%C3%A9"):
    answer = server.client.get(path)
    assert answer.status_code == 400, (path[:40], answer.status_code, answer.text[:200])
    assert not any(word in answer.text for word in ("Traceback", "ZeroDivisionError", "OverflowError", ".py")), answer.text
assert server.client.get("/divide/-1000000/1000000").json() == {"result": -1.0}
''',
    # [input-bounds] Huge, negative and non-ASCII values, repeated query parameters, other verbs:
    # a 4xx each, never a 500 (an unbounded product of 8,000 digits cannot be written as text).
    '''
nines = "9" * 4000
for path in (f"/double/{nines}?times={nines}", f"/double/{nines}", "/double/1?times=" + nines, "/double/1?times=-1",
             "/double/1?times=1e3", "/double/%F0%9F%A6%84", "/double/1?times=1&times=" + nines, "/double/NaN",
             "/books/" + "9" * 30, "/books/-" + "9" * 30, "/books/%00", "/order/%C3%A9t%C3%A9", "/order/" + "x" * 5000,
             "/items/%E2%80%AE"):
    answer = server.client.get(path)
    assert 400 <= answer.status_code < 500, (path[:60], answer.status_code, answer.text[:200])
for method in ("POST", "PUT", "DELETE", "PATCH"):
    for path in ("/divide/1/0", "/double/2", "/books/1", "/order/pears"):
        assert server.client.request(method, path).status_code == 405, (method, path)
assert server.client.get("/double/-1000000?times=100").json() == {"result": -100000000}
''',
]
