"""Lesson 21's logging, read as a reviewer would (OWASP Logging Cheat Sheet): the redacting
filter masks a whole token, percent-encoded as it is in a URL, in every copy of the lesson's
code; a value from the client cannot forge a line of the JSON log."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).parent.parent / "notebooks" / "21-deployment.ipynb"
PATTERN_LINE = re.compile(r"^(?:> )?SECRET_VALUE = (re\.compile\(.*\))$", re.MULTILINE)


def sources() -> list[str]:
    return ["".join(cell["source"]) for cell in json.loads(NOTEBOOK.read_text())["cells"]]


def patterns() -> list[str]:
    return [match.group(1) for source in sources() for match in PATTERN_LINE.finditer(source)]


def test_every_copy_of_the_redacting_pattern_is_the_same() -> None:
    found = patterns()
    assert len(found) == 3, "the lesson's cell, the file the cell writes, and the As a main.py box"
    assert len(set(found)) == 1


@pytest.mark.parametrize("text", [
    "order=5&token=s3cr3t-t0ken",
    "order=5&token=abc%2Bdef%2F123%3D%3D",  # a base64 token, percent-encoded in a query string
    "order=5&access_token=%2F%2Fxyz&x=1",
    "Bearer abc%2Bdef",
    "password=%25%25top",
])
def test_the_whole_secret_is_masked(text: str) -> None:
    secret_value = eval(patterns()[0], {"re": re})  # noqa: S307 - the lesson's own literal
    masked = secret_value.sub(r"\1[REDACTED]", text)
    value = re.split(r"=|Bearer ", text, maxsplit=2)[-1].split("&")[0]
    assert "[REDACTED]" in masked and value not in masked and "%" not in masked.split("[REDACTED]")[1].split("&")[0], masked


def test_a_placeholder_in_a_message_is_left_for_its_argument() -> None:
    secret_value = eval(patterns()[0], {"re": re})  # noqa: S307
    assert secret_value.sub(r"\1[REDACTED]", "callback: token=%s") == "callback: token=%s"
