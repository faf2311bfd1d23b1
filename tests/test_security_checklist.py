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
KNOWN_GAPS: dict[str, dict[str, str]] = {}


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
