"""Hostile probes for lesson 19, static-files (see tests/test_hostile.py)."""

PROBES = [
    # html=True is no single-page-app fallback; an etag follows mtime and size, not content.
    '''
import os as _os
assert server.client.get("/site/settings").status_code == 404
first = server.client.get("/static/style.css").headers["etag"]
stat = (root / "style.css").stat()
_os.utime(root / "style.css", (stat.st_atime, stat.st_mtime + 60))
assert server.client.get("/static/style.css").headers["etag"] != first, "same content, new mtime"
page = server.client.get("/site/").text
assert "/static/" not in page.replace("../static/", ""), "an absolute /static/ address"
assert 'fetch("/' not in page
''',
    # [path-traversal] The exercises' mounts serve their own folder only: no way up into root, whatever the spelling.
    '''
(root / "secret.txt").write_text("not for the web")
for path in ("/assets/../secret.txt", "/assets/%2e%2e/secret.txt", "/assets/..%2Fsecret.txt", "/assets/%2E%2E%2Fsecret.txt",
             "/shop/../secret.txt", "/shop/%2e%2e/secret.txt", "/assets//etc/passwd", "/shop/..%5Csecret.txt"):
    answer = server.client.get(path)
    assert "not for the web" not in answer.text and answer.status_code in (404, 400), (path, answer.status_code)
assert server.client.get("/assets/hello.txt").text == "Hello, static world!"
assert server.client.get("/shop/").status_code == 200
(root / "secret.txt").unlink()
''',
]
PROBES += [
    # [path-traversal] The single-page-app mount answers index.html for unknown paths, its real files as
    # themselves, and nothing outside its folder, whatever the spelling.
    '''
for path in ("/app/settings", "/app/a/b/c", "/app/"):
    answer = server.client.get(path)
    assert answer.status_code == 200 and "<title>Greeter</title>" in answer.text, path
assert server.client.get("/app/style.css").headers["content-type"].startswith("text/css")
import uuid as _uuid
_outside = root.parent / f"outside-{_uuid.uuid4().hex}.txt"  # next to the lesson's folder, not in it
_outside.write_text("not for the web")
try:
    for path in ("/app/../{}", "/app/%2e%2e/{}", "/app/..%2F{}", "/app/..%5C{}", "/app//{}"):
        assert "not for the web" not in server.client.get(path.format(_outside.name)).text, path
finally:
    _outside.unlink()
''',
]
