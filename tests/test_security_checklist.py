"""Each lesson has a hostile probe for every item of the security checklist it touches.

CONTRIBUTING.md's "Security checklist" holds the items (drawn from OWASP ASVS and the OWASP cheat
sheets) and a table of the items each lesson touches. A probe in
tests/hostile_probes/<the lesson's name without its number>.py covers an item when a comment of
the file, or a line of the probe, names it in brackets: `# [open-redirect] ...`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notebook_runs import ROOT, lessons

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
PROBES = ROOT / "tests" / "hostile_probes"

# The pairs without a named probe when this test was written (issue 18). Most are covered by a
# probe that does not name its item yet ("untagged: " and the probe's comment); the others have
# no probe at all. A pair leaves this table when its probe names it: the test fails until then
# for a pair not listed here, and fails for a listed pair that is covered (remove it).
KNOWN_GAPS: dict[str, dict[str, str]] = {
    "06-errors": {
        "error-leak": "untagged: Unknown ids and wrong types are client errors, never a 500",
        "input-bounds": "untagged: Unknown ids and wrong types are client errors, never a 500",
    },
    "07-forms-files-headers-cookies": {
        "file-upload": "untagged: Wrong or lying content types are a 415; nothing is kept",
        "path-traversal": "untagged: Hostile filenames never choose where a file goes",
        "resource-limits": "untagged: Oversized uploads are a 413 before the route runs",
        "cookie-flags": "untagged: Headers and cookies: injected values never reach a response header",
        "input-bounds": "untagged: Malformed forms and bodies are a 4xx, never a 500",
    },
    "08-responses": {
        "open-redirect": "untagged: Open redirects: /continue follows only paths on this site",
        "cookie-flags": "untagged: Header and cookie injection",
        "csrf": "no probe (the SameSite table; a cookie-authenticated state change)",
        "resource-limits": "untagged: Clients that disconnect mid-stream",
        "output-encoding": "untagged: HTML injection into the template",
    },
    "09-dependencies": {
        "secret-compare": "untagged: API keys: missing, wrong, non-ASCII",
        "error-leak": "untagged: A failing route: the yield dependency rolls back, re-raises",
    },
    "10-databases": {
        "input-bounds": "untagged: Explicit nulls and wrong types in PATCH",
        "races": "untagged: Concurrent creates of one email",
        "error-leak": "untagged: Only a unique violation is a 409: another IntegrityError is re-raised",
    },
    "11-relationships-migrations": {
        "object-ownership": "untagged: Other users' ids: every verb on someone else's note is a 404",
        "races": "untagged: Concurrent creates",
        "input-bounds": "untagged: Explicit nulls and wrong types: 422, nothing written",
    },
    "12-authentication": {
        "password-storage": "no probe (same answer and work for an unknown user and a wrong password)",
        "token-claims": "untagged: Tokens: correctly signed but without exp, without sub, ...",
        "secret-config": "no probe (the main.py box makes a key per worker without SECRET_KEY)",
        "races": "untagged: Concurrent sign-ups of one name",
        "input-bounds": "untagged: Wrong types and nulls in sign-up and login",
    },
    "13-authorization": {
        "least-privilege": "untagged: A correctly signed token with scopes the user's role does not allow: 403",
        "token-claims": "untagged: Forged, unsigned, tampered, expired and ill-typed tokens",
        "secret-compare": "untagged: API keys: empty, huge, non-ASCII, padded, or another client's key",
    },
}


def section() -> str:
    text = CONTRIBUTING.read_text()
    found = re.search(r"^## Security checklist\n(.*?)(?=^## )", text, re.S | re.M)
    assert found, "CONTRIBUTING.md has no '## Security checklist' section"
    return found.group(1)


def checklist() -> dict[str, str]:
    """Item id -> its source, from the checklist's table."""
    rows = re.findall(r"^\| `([a-z-]+)` \| (.+?) \| (.+?) \|$", section(), re.M)
    return {item: source for item, _, source in rows}


def lesson_items() -> dict[str, list[str]]:
    """Lesson -> the items it touches, from the second table."""
    rows = re.findall(r"^\| (\d\d-[a-z-]+) \| ([a-z, -]+) \|$", section(), re.M)
    return {lesson: [item.strip() for item in items.split(",")] for lesson, items in rows}


def probe_file(lesson: str) -> Path:
    return PROBES / f"{lesson[3:].replace('-', '_')}.py"


def named_items(lesson: str) -> set[str]:
    """The items a lesson's probe file names in brackets, in a comment."""
    path = probe_file(lesson)
    if not path.exists():
        return set()
    comments = [line for line in path.read_text().splitlines() if line.lstrip().startswith("#")]
    return {item for line in comments for item in re.findall(r"\[([a-z]+(?:-[a-z]+)*)\]", line)}


def test_the_checklist_is_complete_and_sourced() -> None:
    items = checklist()
    assert len(items) >= 15, items
    for item, source in items.items():
        assert "ASVS" in source or "CS" in source, f"{item}: every rule cites OWASP ASVS or a cheat sheet"
    mapping = lesson_items()
    assert set(mapping) <= {path.stem for path in lessons()}, set(mapping) - {path.stem for path in lessons()}
    unknown = {item for items_ in mapping.values() for item in items_} - set(items)
    assert not unknown, f"the lessons' table names items the checklist lacks: {unknown}"
    assert set(KNOWN_GAPS) <= set(mapping)


@pytest.mark.parametrize("lesson", sorted(lesson_items()))
def test_each_item_a_lesson_touches_has_a_probe(lesson: str) -> None:
    required = set(lesson_items()[lesson])
    named = named_items(lesson)
    unknown = named - set(checklist())
    assert not unknown, f"{probe_file(lesson).name} names items the checklist lacks: {unknown}"
    missing = required - named
    known = set(KNOWN_GAPS.get(lesson, {}))
    new = missing - known
    assert not new, f"{lesson}: add a probe that names each of {sorted(new)} to {probe_file(lesson).name}"
    closed = known - missing
    assert not closed, f"{lesson}: {sorted(closed)} now have a probe: remove them from KNOWN_GAPS"
