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
]
