"""Hostile probes for lesson 08, responses (see tests/test_hostile.py)."""

PROBES = [
    # [open-redirect] Open redirects: /continue follows only paths on this site, whatever the encoding trick.
    '''
import re as _re
from urllib.parse import urljoin, urlsplit
import httpx as _httpx
from helpers.hostile import REDIRECT_TARGETS


def lands(next_value):
    url = _httpx.URL(server.url).join("/continue").copy_merge_params({"next": next_value})
    with _httpx.HTTPTransport() as transport:
        request = _httpx.Request("GET", url)
        answer = transport.handle_request(request)
        answer.read()
    assert answer.status_code == 303, (next_value, answer.status_code)
    location = answer.headers["location"]
    read = _re.sub(r"[\\t\\n\\r]", "", location).lstrip(" ").replace("\\\\", "/")  # as a browser reads it
    if read.startswith("//"):
        read = "//" + read.lstrip("/")  # "///evil.example" is the host evil.example to a browser
    return location, urlsplit(urljoin(str(url), read))


here = urlsplit(server.url)
for target in ["https://evil.example", "//evil.example", "///evil.example", "////evil.example", "https:evil.example",
               "HTTPS://evil.example", " //evil.example", "/\\\\evil.example", "\\\\\\\\evil.example", "/\\t/evil.example",
               "/\\r\\n/evil.example", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
               "http://127.0.0.1.evil.example", "//127.0.0.1@evil.example", "/%2F%2Fevil.example", "%2F%2Fevil.example",
               "\\x00//evil.example", "/" + "a" * 5000, *REDIRECT_TARGETS]:
    location, landed = lands(target)
    assert landed.scheme == "http" and landed.hostname == here.hostname and landed.port == here.port, (target, location)
    assert "\\r" not in location and "\\n" not in location, (target, location)
assert lands("/notes/todo/page")[0] == "/notes/todo/page"
''',
    # [resource-limits] Clients that disconnect mid-stream: every endless stream is closed, and the server answers on.
    '''
import socket
before = len(streams_closed)
for _ in range(5):
    with server.client.stream("GET", "/clock") as response:
        for line in response.iter_lines():
            if line.startswith("data:"):
                break
with socket.create_connection((server.client.base_url.host, server.client.base_url.port), timeout=5) as raw:
    raw.sendall(b"GET /clock HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
    assert raw.recv(100).startswith(b"HTTP/1.1 200")
    raw.shutdown(socket.SHUT_RDWR)  # gone without a word, mid-stream
assert until(lambda: len(streams_closed) >= before + 6, timeout=10), (before, streams_closed)
assert server.client.get("/jobs/progress").status_code == 200
with server.client.stream("GET", "/jobs/steps") as response:
    next(response.iter_lines())
assert server.client.get("/notes/todo").status_code == 200
''',
    # Last-Event-ID: nonsense is a 422, a number past the end an empty, finished stream.
    '''
for value in ["-1", "last", "1.5", "0x1", ""]:
    assert server.client.get("/jobs/steps", headers={"Last-Event-ID": value}).status_code == 422, value
answer = server.client.get("/jobs/steps", headers={"Last-Event-ID": "99999999999999999999"})
assert answer.status_code == 200 and answer.text.strip() == "event: end\\ndata: [DONE]", answer.text
''',
    # [output-encoding] HTML injection into the template: user data is always escaped, in every place it lands.
    '''
payloads = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "</title><script>x()</script>",
            "{{ 7 * 7 }}", "{% for x in range(9) %}x{% endfor %}", "&lt;script&gt;", "<svg/onload=alert(1)>"]
for number, payload in enumerate(payloads):
    for name, text in ((f"probe{number}", payload), (payload.replace("/", "|"), "text")):
        assert server.client.put(f"/notes/{name}", json={"text": text}).status_code in (200, 201)
        page = server.client.get(f"/notes/{name}/page")
        assert page.status_code == 200, (name, page.status_code)
        body = page.text.lower()
        assert "<script" not in body.replace("<script>fetch", "") and "<img" not in body and "<svg" not in body, body
        assert "49" not in body and "xxxxxxxxx" not in body, body  # Jinja2 renders data, never runs it
assert server.client.get("/notes/nobody/page").status_code == 404
assert server.client.put("/notes/big", json={"text": "x" * 1001}).status_code == 422
assert server.client.put("/notes/nulled", json={"text": None}).status_code == 422
assert server.client.put("/notes/bare", json="text").status_code == 422
''',
    # [cookie-flags] Header and cookie injection: a name with CR/LF becomes part of a quoted cookie value, never
    # a header of its own; the CSV stays one row per note.
    '''
answer = server.client.put("/notes/a%0D%0ASet-Cookie:%20admin=1", json={"text": "x"})
assert answer.status_code in (200, 201), answer.status_code
assert len(answer.headers.get_list("set-cookie")) == 1 and "admin=1;" not in answer.headers["set-cookie"], answer.headers
assert "x-injected" not in answer.headers
flags = [part.strip().lower() for part in answer.headers["set-cookie"].split(";")]
assert "httponly" in flags and "samesite=lax" in flags and any(flag.startswith("max-age=") for flag in flags), flags
answer = server.client.put("/notes/csv", json={"text": 'a "quoted", multi\\nline =HYPERLINK("x")'})
with server.client.stream("GET", "/notes.csv") as response:
    rows = list(csv.reader(io.StringIO(response.read().decode())))
assert rows[0] == ["name", "text"] and all(len(row) == 2 for row in rows), rows
assert ["csv", 'a "quoted", multi\\nline =HYPERLINK("x")'] in rows
''',
    # [output-encoding] CSV injection (OWASP): a note that starts like a spreadsheet formula is exported
    # with a leading ', so a spreadsheet shows it as text; other notes are exported as they are.
    '''
for start in ("=", "+", "-", "@", "\\t", "\\r"):
    server.client.put("/notes/formula", json={"text": start + "1+1"})
    with server.client.stream("GET", "/notes.csv") as response:
        rows = list(csv.reader(io.StringIO(response.read().decode(), newline="")))
    assert ["formula", "'" + start + "1+1"] in rows, (start, rows)
server.client.put("/notes/formula", json={"text": "1+1 = 2"})
with server.client.stream("GET", "/notes.csv") as response:
    assert ["formula", "1+1 = 2"] in list(csv.reader(io.StringIO(response.read().decode(), newline="")))
''',
    # Numbers JSON cannot carry (FastAPI #4589): the 422 still renders, never a 500.
    '''
for number in ("1e999", "NaN", "-Infinity"):
    answer = server.client.put("/notes/inf", content='{"text": %s}' % number, headers={"content-type": "application/json"})
    assert answer.status_code == 422, (number, answer.status_code, answer.text[:200])
''',
    # [csrf] SameSite=lax keeps the cookie off other sites' POSTs, fetches and images, but a link or a
    # GET form from another site carries it: so no GET route changes anything, whatever it is sent.
    # And what another site's page can send without a preflight (a form, a text/plain POST, with
    # its Origin) changes nothing either: the note routes take JSON, by PUT.
    '''
def state():
    with server.client.stream("GET", "/notes.csv") as response:
        return response.read()


before = state()
cross_site = {"Origin": "https://evil.example", "Referer": "https://evil.example/", "Sec-Fetch-Site": "cross-site",
              "Cookie": "last_note=shopping"}
for path, params in (("/notes/csrf/page", {}), ("/notes/shopping/page", {"text": "changed"}), ("/home", {}),
                     ("/continue", {"next": "/logout"}), ("/welcome", {"text": "x"}), ("/notes/csrf", {"text": "x"}),
                     ("/logout", {})):
    answer = server.client.get(path, params=params, headers=cross_site, follow_redirects=False)
    assert answer.status_code < 500, (path, answer.status_code)
    assert "set-cookie" not in answer.headers, (path, answer.headers)  # a GET neither sets nor deletes the cookie
for method, headers, body in (("POST", {"Content-Type": "application/x-www-form-urlencoded"}, "text=forged"),
                              ("POST", {"Content-Type": "text/plain"}, '{"text": "forged"}'),
                              ("POST", {"Content-Type": "multipart/form-data; boundary=x"}, "--x--"),
                              ("PUT", {"Content-Type": "text/plain"}, '{"text": "forged"}'),
                              ("PUT", {"Content-Type": "application/x-www-form-urlencoded"}, "text=forged")):
    answer = server.client.request(method, "/notes/forged", content=body, headers={**cross_site, **headers})
    assert answer.status_code in (405, 415, 422), (method, headers, answer.status_code, answer.text[:200])
assert state() == before, "a cross-site request changed a note"
assert server.client.get("/logout").status_code == 405, "logging out is a POST: a link cannot do it"
''',
]
