"""Hostile probes for lesson 07, forms-files-headers-cookies (see tests/test_hostile.py)."""

PROBES = [
    # [resource-limits] [file-upload] Oversized uploads are a 413 before the route runs, with or without a Content-Length.
    '''
PNG = b"\\x89PNG\\r\\n\\x1a\\n" + bytes(200)
kept = sorted(UPLOAD_DIR.iterdir())
big = PNG + bytes(150_000)
assert server.client.post("/avatars", files={"file": ("big.png", big, "image/png")}).status_code == 413
assert server.client.post("/documents", files={"file": ("big.txt", b"x" * 60_000, "text/plain")}).status_code == 413


def chunks():  # a well-formed start, then far more file data than the limit, with no Content-Length
    yield b'--b\\r\\nContent-Disposition: form-data; name="file"; filename="a.png"\\r\\nContent-Type: image/png\\r\\n\\r\\n' + PNG
    for _ in range(40):
        yield bytes(10_000)


streamed = server.client.post("/avatars", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"})
assert streamed.status_code == 413, streamed.status_code
assert sorted(UPLOAD_DIR.iterdir()) == kept, "a refused upload left a file"
many = [("photos", (f"{i}.png", PNG + bytes(40_000), "image/png")) for i in range(30)]
assert server.client.post("/albums", data={"title": "big"}, files=many).status_code == 413
lots = [("photos", (f"{i}.png", b"", "image/png")) for i in range(1100)]
assert server.client.post("/albums", data={"title": "many"}, files=lots).status_code in (400, 413)
one = [("photos", ("a.png", PNG, "image/png"))]
for data, files in (({"title": "x" * 101}, one), ({}, one), ({"title": "no photos"}, None),
                    ({"title": "text, not files", "photos": "a.png"}, None)):
    answer = server.client.post("/albums", data=data, files=files)
    assert answer.status_code == 422, (str(data)[:40], answer.status_code)
''',
    # [file-upload] Wrong or lying content types are a 415; nothing is kept.
    '''
kept = sorted(UPLOAD_DIR.iterdir())
for upload in [("a.png", b"GIF89a" + bytes(50), "image/gif"), ("a.png", b"\\xff\\xd8\\xff" + bytes(50), "image/png"),
               ("a.jpg", PNG, "image/jpeg"), ("a.svg", b"<svg onload=alert(1)>", "image/svg+xml"),
               ("a.png", PNG, "image/png; charset=utf-8"), ("a.png", PNG, "IMAGE/PNG"), ("a.png", b"", "image/png")]:
    answer = server.client.post("/avatars", files={"file": upload})
    assert answer.status_code == 415, (upload[0], upload[2], answer.status_code)
assert server.client.post("/documents", files={"file": ("a.txt", b"x", "text/html")}).status_code == 415
assert sorted(UPLOAD_DIR.iterdir()) == kept
''',
    # [path-traversal] [file-upload] Hostile filenames never choose where a file goes: every upload lands in its folder, under
    # the server's name, and nothing appears next to the folders.
    '''
import os
outside_before = {path for path in Path(documents.name).rglob("*")} | set(Path(uploads.name).parent.glob("*"))
names = ["../../etc/passwd", "/etc/passwd", "..", ".", "../", "a/../../b.png", "..\\\\..\\\\win.ini",
         "C:\\\\Windows\\\\x.png", "nul\\x00.png", "x" * 5000, "%2e%2e%2fup.png", "\\u202egnp.exe", " ", ".htaccess"]
for name in names:
    answer = server.client.post("/avatars", files={"file": (name, PNG, "image/png")})
    assert answer.status_code in (201, 400, 422), (name[:40], answer.status_code, answer.text[:200])
    if answer.status_code == 201:
        stored = answer.json()["stored_as"]
        assert (UPLOAD_DIR / stored).resolve().parent == UPLOAD_DIR.resolve(), (name, stored)
    answer = server.client.post("/documents", files={"file": (name, b"text", "text/plain")})
    assert answer.status_code in (201, 400, 422), (name[:40], answer.status_code, answer.text[:200])
    if answer.status_code == 201:
        stored = answer.json()["stored_as"]
        assert "/" not in stored and "\\\\" not in stored and stored.endswith(".txt"), stored
        assert server.client.get(f"/documents/{stored}").json() == {"text": "text"}
outside_after = {path for path in Path(documents.name).rglob("*")} | set(Path(uploads.name).parent.glob("*"))
# The folder next to the uploads is the shared temporary folder, where other programs come and go:
# what counts is a file holding what was uploaded, or named after a hostile name's last part.
def _ours(path):
    try:
        return path.is_file() and path.read_bytes() in (PNG, b"text")
    except OSError:
        return False


_last_parts = {name.replace("\\\\", "/").rsplit("/", 1)[-1] for name in names}
new = {path for path in outside_after - outside_before
       if path.parent != DOCUMENTS and (_ours(path) or path.name in _last_parts)}
assert not new, new
for name in ["..", ".", "%2e%2e", "..%2fdocuments", "....", "etc%2fpasswd"]:
    answer = server.client.get(f"/documents/{name}")  # httpx itself resolves . and .. segments
    assert answer.status_code in (404, 405, 307), (name, answer.status_code)
''',
    # [input-bounds] Malformed forms and bodies are a 4xx, never a 500.
    '''
bad = [
    ("/login", {"content": b"username=ada&password", "headers": {"content-type": "application/x-www-form-urlencoded"}}),
    ("/login", {"content": b"%%%&&&===", "headers": {"content-type": "application/x-www-form-urlencoded"}}),
    ("/login", {"content": b"--x\\r\\nbroken", "headers": {"content-type": "multipart/form-data; boundary=x"}}),
    ("/login", {"content": b"username=ada", "headers": {"content-type": "multipart/form-data"}}),
    ("/login", {"data": {"username": "ada", "password": "short"}}),
    ("/signup", {"data": {"username": "ada", "email": "a@example.com", "newsletter": "maybe"}}),
    ("/signup", {"data": {"username": "ada", "email": "x" * 5000}}),
    ("/signup", {"json": {"username": "ada", "email": "a@example.com"}}),
    ("/signup", {"data": {f"field{i}": "x" for i in range(1500)}}),
    ("/avatars", {"data": {"file": "not a file"}}),
    ("/avatars", {"files": {"other": ("a.png", PNG, "image/png")}}),
    ("/documents", {"content": b"--b\\r\\nContent-Disposition: form-data; name=\\"file\\"; filename=\\"a.txt\\"\\r\\n\\r\\nno end",
                    "headers": {"content-type": "multipart/form-data; boundary=b"}}),
    ("/orders", {"json": {"item": None, "buyer": {"email": "a"}, "quantity": 1}}),
    ("/orders", {"json": {"item": {"name": "x", "price": 1}, "buyer": {"email": "a"}, "quantity": 0}}),
    ("/orders", {"json": {"item": {"name": "x", "price": 1}, "buyer": {"email": "a"}}}),
    ("/bookings", {"json": {"id": "not-a-uuid", "starts_at": "2026-03-01T09:30:00", "duration": "PT1H", "price": "1"}}),
    ("/bookings", {"json": {"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "starts_at": "yesterday", "duration": "PT1H", "price": "1"}}),
    ("/bookings", {"json": {"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "starts_at": "2026-03-01T09:30:00", "duration": "PT1H", "price": "1.999"}}),
    ("/bookings", {"json": {"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "starts_at": "2026-03-01T09:30:00", "duration": "PT1H", "price": "NaN"}}),
    ("/bookings", {"json": {"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "starts_at": "2026-03-01T09:30:00", "duration": "PT1H", "price": "1e9"}}),
    # a date and a duration whose sum is past the year 9999 (an OverflowError in the route), or runs backwards
    ("/bookings", {"json": {"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "starts_at": "9999-12-31T23:00:00", "duration": "P1D", "price": "1"}}),
    ("/bookings", {"json": {"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "starts_at": "9999-12-31T23:59:59-12:00", "duration": "PT1H", "price": "1"}}),
    ("/bookings", {"json": {"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "starts_at": "2026-03-01T09:30:00", "duration": "P999999999D", "price": "1"}}),
    ("/bookings", {"json": {"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "starts_at": "0001-01-01T00:00:00", "duration": "-P1D", "price": "1"}}),
    ("/bookings", {"json": {"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "starts_at": "2026-03-01T09:30:00", "duration": "PT0S", "price": "1"}}),
    ("/bookings", {"json": {"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "starts_at": 1e20, "duration": 1e20, "price": "1"}}),
    ("/items/" + "9" * 5000, {"json": {"item": {"name": "x", "price": 1}}, "method": "PUT"}),
]
for path, options in bad:
    options = dict(options)
    answer = server.client.request(options.pop("method", "POST"), path, **options)
    assert 400 <= answer.status_code < 500, (path, str(options)[:80], answer.status_code, answer.text[:200])
# Huge but finite numbers: nothing is computed from them, so a clean answer, never a 500.
answer = server.client.post("/orders", json={"item": {"name": "x", "price": 1e308}, "buyer": {"email": "a"}, "quantity": 10**400})
assert answer.status_code < 500, (answer.status_code, answer.text[:200])
answer = server.client.put("/items/7", json={"item": None})
assert answer.status_code == 422
# Numbers JSON cannot carry (FastAPI #4589): a 422 that still renders, never a 500.
for number in ("1e999", "NaN", "-Infinity"):
    for path, raw in (("/items/7", '{"item": {"name": "x", "price": %s}}'), ("/items/7", '{"item": {"name": %s, "price": 1}}'),
                      ("/orders", '{"item": {"name": "x", "price": %s}, "buyer": {"email": "a"}, "quantity": 1}'),
                      ("/bookings", '{"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "starts_at": "2026-03-01T09:30:00", "duration": "PT1H", "price": %s}')):
        method = server.client.put if path.startswith("/items") else server.client.post
        answer = method(path, content=raw % number, headers={"content-type": "application/json"})
        assert answer.status_code == 422, (path, number, answer.status_code, answer.text[:200])
''',
    # [cookie-flags] [input-bounds] Headers and cookies: out-of-range values are a 422; repeated, odd or injected values never
    # reach a response header; raw CR/LF in a request is refused by the server itself.
    '''
import socket
answer = server.client.get("/whoami", headers={"X-Request-ID": "x" * 65})
assert answer.status_code == 422
for cookie in ["theme=dark; theme=light", 'theme="dark"', "theme=dark\\\\", "theme=", "=dark", "theme=light%0d%0aX: y"]:
    answer = server.client.get("/whoami", headers={"Cookie": cookie})
    assert answer.status_code in (200, 422), (cookie, answer.status_code)
    assert "x" not in {name.lower() for name in answer.headers}
answer = server.client.get("/settings", headers={"Cookie": "language=xx"})
assert answer.status_code == 422
host, port = server.client.base_url.host, server.client.base_url.port
with socket.create_connection((host, port), timeout=5) as raw:
    raw.sendall(b"GET /whoami HTTP/1.1\\r\\nHost: x\\r\\nX-Request-ID: a\\rX-Admin: 1\\r\\nConnection: close\\r\\n\\r\\n")
    reply = raw.recv(200)
assert reply.startswith(b"HTTP/1.1 400"), reply
assert server.client.get("/whoami").status_code == 200
''',
]
