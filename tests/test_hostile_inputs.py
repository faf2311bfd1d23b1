"""helpers/hostile.py: each shared hostile input is one that a careful rule refuses and a sloppy
one lets through, so that a checker sending it tells the two apart."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

import jwt
import pytest

from helpers.hostile import (FORWARDED_HEADERS, HOSTILE_ORIGINS, REDIRECT_TARGETS, ROOT_PATHS, forged_tokens,
                             near_misses)

KEY = "the app's own key, 32 bytes long!!"


def safe_local_path(target: str) -> bool:
    """A careful redirect rule: a path on this site, read as a browser reads it."""
    cleaned = target.replace("\\", "/")
    parts = urlsplit(cleaned)
    return (target == target.strip() and "\t" not in target and not parts.scheme and not parts.netloc
            and cleaned.startswith("/") and not cleaned.startswith("//"))


@pytest.mark.parametrize("target", REDIRECT_TARGETS)
def test_every_redirect_target_leaves_the_site(target: str) -> None:
    assert not safe_local_path(target)


def test_redirect_targets_catch_the_naive_rules() -> None:
    assert any(target.startswith("/") for target in REDIRECT_TARGETS), "a startswith('/') rule passes some"
    assert any(not urlsplit(target).netloc and target.startswith("/") and not target.startswith("//")
               for target in REDIRECT_TARGETS), "a netloc rule that forgets '/\\\\' passes some"
    assert "///evil.example/login" in REDIRECT_TARGETS and "/\\evil.example/login" in REDIRECT_TARGETS
    assert safe_local_path("/login?next=1")


def test_hostile_origins_are_not_the_allowed_one_but_look_like_it() -> None:
    allowed = "https://shop.example"
    assert allowed not in HOSTILE_ORIGINS and "null" in HOSTILE_ORIGINS
    assert [origin for origin in HOSTILE_ORIGINS if "shop.example" in origin], "a substring rule passes some"


def test_root_paths_and_forwarded_headers_have_their_shape() -> None:
    assert all(path.startswith("/") and not path.endswith("/") for path in ROOT_PATHS)
    assert {"X-Forwarded-For", "Forwarded"} <= set(FORWARDED_HEADERS)


@pytest.mark.parametrize("secret", ["s3cret-key", "ab", "API-KEY-0123456789"])
def test_near_misses_are_never_the_secret_and_fool_sloppy_comparisons(secret: str) -> None:
    misses = near_misses(secret)
    assert secret not in misses.values()
    assert not any(secrets.compare_digest(value, secret) for value in misses.values())
    assert any(value in secret for value in misses.values()), "`given in secret` accepts some"
    assert any(value.strip() == secret or value.lower() == secret.lower() for value in misses.values())


def test_every_forged_token_is_refused_by_a_careful_decode_and_one_fools_a_careless_one() -> None:
    claims = {"sub": "ada"}
    good = jwt.encode({**claims, "exp": 2**40}, KEY, algorithm="HS256")
    careful = {"algorithms": ["HS256"], "options": {"require": ["exp", "sub"]}}
    assert jwt.decode(good, KEY, **careful)["sub"] == "ada"
    forged = forged_tokens(claims, KEY)
    for label, token in forged.items():
        with pytest.raises(jwt.PyJWTError):
            jwt.decode(token, KEY, **careful)
        assert token != good, label
    careless = jwt.decode(forged["signed with another key"], options={"verify_signature": False})
    assert careless["sub"] == "ada", "the check must send it: an unverified decode accepts it"
