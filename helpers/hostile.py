"""Hostile inputs that every security check sends: one list, shared by the checkers.

A checker that judges a security rule sends every input here that applies to it, so that an
answer which stops the obvious attack but not its known variants fails. Each list names where
its cases come from. Add a case here, not in one checker, and every checker that uses the list
tries it.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Mapping
from typing import Any

# Where a "next" parameter must not send a browser. Each is a case a browser resolves to
# another host (or runs as script) although a naive check calls it a path. Sources: OWASP
# Unvalidated Redirects and Forwards Cheat Sheet; WHATWG URL parsing (browsers read "\" as "/"
# in special schemes and skip leading tabs, newlines and spaces).
REDIRECT_TARGETS: tuple[str, ...] = (
    "https://evil.example/login",
    "http://evil.example",
    "//evil.example/login",
    "///evil.example/login",
    "////evil.example/login",
    "/\\evil.example/login",
    "\\\\evil.example/login",
    "\\/evil.example/login",
    "/\t/evil.example/login",
    "/\r\n/evil.example/login",  # a browser drops CR and LF too, as it drops tabs
    "http:/evil.example/login",  # a special scheme with one slash: a browser still reads a host
    " //evil.example/login",
    "https:evil.example",
    "javascript:alert(document.cookie)",
    "JavaScript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
)

# Origins a CORS or WebSocket check must refuse for an app that allows https://shop.example.
# "null" is what sandboxed iframes and file:// pages send (OWASP HTML5 Security Cheat Sheet,
# "Cross Origin Resource Sharing": never allow it). The others are look-alikes of an allowed origin.
HOSTILE_ORIGINS: tuple[str, ...] = (
    "https://evil.example",
    "null",
    "https://shop.example.evil.example",
    "https://evilshop.example",
    "http://shop.example",
    "https://shop.example:8443",
)

# Prefixes under which a proxy publishes an app (JupyterHub, Binder, a reverse proxy): a path
# check that forgets `request.scope["root_path"]` sees these in front of every path.
ROOT_PATHS: tuple[str, ...] = ("/user/ada/proxy/8000", "/binder/jupyter/user/ada-x1/proxy/8000")

# Headers a client can send itself. Only a proxy the app trusts may set them; from any other
# peer they are lies (uvicorn's --forwarded-allow-ips; OWASP "Secure Product Design": never
# trust client-supplied addresses).
FORWARDED_HEADERS: Mapping[str, str] = {
    "X-Forwarded-For": "203.0.113.66",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "evil.example",
    "X-Real-IP": "203.0.113.66",
    "Forwarded": "for=203.0.113.66;proto=https",
}


def near_misses(secret: str) -> dict[str, str]:
    """Values that are not `secret` but that a sloppy comparison accepts: label -> value.

    `secret` is the real key or password. The list holds its prefixes, suffixes and substrings (a
    check written as `given in secret`, `secret.startswith(given)` or `secret.endswith(given)`), the empty string, the secret
    with extra text (`secret in given`), another case, surrounding spaces and a list-like string.
    """
    cases = {
        "the empty string": "",
        "its first character": secret[:1],
        "its first half": secret[: max(1, len(secret) // 2)],
        "all but its last character": secret[:-1],
        "all but its first character": secret[1:],
        "a middle part of it": secret[1:-1],
        "it with more after it": secret + "x",
        "it with more before it": "x" + secret,
        "it in other letter case": secret.swapcase(),
        "it with spaces around it": f" {secret} ",
    }
    return {label: value for label, value in cases.items() if value != secret}


def non_ascii_near_misses(secret: str) -> dict[str, bytes]:
    """Header values, as the bytes a client sends, that hold `secret` and a character that is not
    ASCII: label -> value. A comparison that drops what it cannot encode
    (`key.encode("ascii", "ignore")`) or that crashes on it (`compare_digest` on `str`) fails here;
    the server reads a header's bytes as Latin-1, so each one reaches the app as another string."""
    return {
        "it with a non-ASCII character after it (UTF-8)": (secret + "é").encode(),
        "it with a non-ASCII character after it (Latin-1)": (secret + "é").encode("latin-1"),
        "a non-ASCII character inside it": (secret[:1] + "é" + secret[1:]).encode(),
    }


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forged_tokens(claims: Mapping[str, Any], key: str, algorithm: str = "HS256") -> dict[str, str]:
    """JWTs a route must refuse with a 401: label -> token.

    `claims` are the claims of a token the app would accept (with `sub`); `key` is the app's own
    signing key. Each forgery keeps those claims where it can, so that only the flaw it carries
    makes it wrong: signed with another key, `alg: none` (RFC 8725 section 2.1), the signature
    removed or altered, the payload changed under the old signature, expired, and without `exp`
    or `sub` (a token that never expires, or names nobody).
    """
    import jwt  # only the lessons on tokens need PyJWT

    later = int(time.time()) + 600
    claims = {"exp": later, **claims}
    good = jwt.encode(claims, key, algorithm=algorithm)
    header, payload, signature = good.split(".")
    changed = dict(claims, sub=f"{claims.get('sub', '')}-admin", scope="admin")
    unsigned_header = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return {
        "signed with another key": jwt.encode(claims, "an attacker's own key of 32 bytes!", algorithm=algorithm),
        "alg none": f"{unsigned_header}.{payload}.",
        "its signature removed": f"{header}.{payload}.",
        "its signature altered": f"{header}.{payload}.{flipped}",
        "its payload changed": f"{header}.{_b64(json.dumps(changed).encode())}.{signature}",
        "expired": jwt.encode(dict(claims, exp=int(time.time()) - 60), key, algorithm=algorithm),
        "without exp": jwt.encode({k: v for k, v in claims.items() if k != "exp"}, key, algorithm=algorithm),
        "without sub": jwt.encode({k: v for k, v in claims.items() if k != "sub"}, key, algorithm=algorithm),
        "not a JWT": "not-a-token",
    }
