"""Compare JSON as a client reads it: with its types.

Python's `==` says `1 == True == 1.0`, so it cannot tell apart answers that a client
(JavaScript, a typed language, a JSON schema) does tell apart: `{"ordered": 1}` is not
`{"ordered": true}`, and `{"square": 49.0}` is not `{"square": 49}`. The checkers compare with
`same_json`, and explain a difference with `json_difference`.
"""

from __future__ import annotations

import json
from typing import Any


def show(value: Any) -> str:
    """JSON as a learner would type it."""
    return json.dumps(value, ensure_ascii=False, default=_number_value)


class number:  # noqa: N801 (used like a type: number(6))
    """In an expected value: any JSON number equal to `value`, whole or decimal (6 or 6.0),
    where the exercise does not care which. Never `true` or `false`."""

    def __init__(self, value: float) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"number({self.value!r})"


def _number_value(value: Any) -> Any:
    if isinstance(value, number):
        return value.value
    raise TypeError(f"{type(value).__name__} is not JSON")


def same_json(got: Any, expected: Any) -> bool:
    """Whether `got` is `expected` as JSON, with its types: `1` is not `true`, `7.0` is not `7`.

    Python's `==` says `1 == True == 1.0`, so it cannot tell apart answers that a client
    (JavaScript, a typed language, a JSON schema) does tell apart.
    """
    return json_difference(got, expected) is None


def json_difference(got: Any, expected: Any, where: str = "") -> str | None:
    """None when `got` is `expected` as JSON (types included). Otherwise, when they differ in
    type alone, where and how in words (' (at ["number"], 7.0 is a decimal number where a
    whole number is expected)'), else "" (the values differ, which the report shows)."""
    if isinstance(expected, number):
        if _kind(got) in ("a whole number", "a decimal number") and got == expected.value:
            return None
        return _type_note(got, expected, where)
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return _type_note(got, expected, where)
        if got.keys() != expected.keys():
            return ""
        for key in expected:
            difference = json_difference(got[key], expected[key], f"{where}[{show(key)}]")
            if difference is not None:
                return difference
        return None
    if isinstance(expected, list):
        if not isinstance(got, list):
            return _type_note(got, expected, where)
        if len(got) != len(expected):
            return ""
        for index, (one, other) in enumerate(zip(got, expected)):
            difference = json_difference(one, other, f"{where}[{index}]")
            if difference is not None:
                return difference
        return None
    if _kind(got) != _kind(expected):
        return _type_note(got, expected, where)
    return None if got == expected else ""


def _parsed(text: Any) -> Any:
    """What a text holds as JSON ("7" -> 7, "true" -> True), or None."""
    try:
        return json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _kind(value: Any) -> str:
    """The JSON type of a parsed value, in words."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, number):
        return "a number"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _type_note(got: Any, expected: Any, where: str) -> str:
    """Words for a difference of types alone (1 for true, 7.0 for 7, "7" for 7); "" when the
    values differ anyway (null for 7), since the report shows both."""
    value = expected.value if isinstance(expected, number) else expected
    if got != value and _parsed(got) != value and show(got) != value:
        return ""
    place = f"at {where}, " if where else ""
    return f" ({place}{show(got)} is {_kind(got)} where {_kind(expected)} is expected)"
