"""Checkers for lesson 04, Request body."""

import json

import httpx

from helpers.checks import Check, Report, exercise, number, show
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer

# Exercise 1: each body, as the learner reads it in the exercise cell, is sent to POST /items/.
BODIES = (
    '{"name": "Foo", "price": "50.5"}',
    '{"name": "Foo", "price": 50, "colour": "red"}',
    '{"name": 42, "price": 50}',
    '{"name": "Foo", "price": null}',
)


@checker
def predict_bodies(server: LiveServer, predicted: object) -> Report:
    """The learner's predicted status codes for four bodies sent to the lesson's POST /items/;
    the bodies are the keys of the learner's dict, so the report shows each next to its answer."""
    nudge = (
        "Go through the model `Item` field by field for each body: is every required field there, "
        "and does each value fit its type? Remember which conversions Pydantic 2 makes, and which "
        "it refuses."
    )
    hint = (
        "Text that spells a number converts to a float; a number never converts to a str; null "
        "fits only a field declared `... | None`; a field the model does not declare is ignored."
    )
    requests = {body: {"method": "POST", "path": "/items/", "json": json.loads(body)} for body in BODIES}
    with exercise("predict_bodies", server, nudge=nudge, hint=hint) as check:
        check.predictions(server, predicted, requests)
    return check.report


@checker
def orders(server: LiveServer) -> Report:
    """POST /orders/ totals quantity * unit_price; quantity defaults to 1 and is 1 to 1000, unit_price 0 to 10 000."""
    nudge = (
        "A 500 means your function ran with a value it cannot use: the model let it in. Make the "
        "model say exactly what the spec says: which fields may be left out, which may be null "
        "(none here), which numbers are allowed, and their limits, as the `Product` model does above. An upper limit keeps the total finite."
    )
    hint = (
        "`quantity: int = Field(default=1, ge=1, le=1000)`: an int, never None, 1 to 1000, 1 when left out. "
        "`unit_price: FiniteFloat = Field(gt=0, le=10_000)` with no default: required, never None, "
        "never infinity or NaN, and never so large that the total overflows."
    )
    with exercise("orders", server, nudge=nudge, hint=hint) as check:
        cases = [
            ({"product": "tea", "quantity": 3, "unit_price": 2.5}, 3, 7.5),
            ({"product": "cake", "unit_price": 4.25}, 1, 4.25),
            ({"product": "jam", "quantity": 12, "unit_price": 1.5}, 12, 18.0),
            ({"product": "pen", "quantity": 1, "unit_price": 0.75}, 1, 0.75),
        ]
        # Each order's status has a line, the body of the first two too (the default quantity);
        # the other bodies are held to the same without a line (no answer fails there first).
        for index, (body, quantity, total) in enumerate(cases):
            response = check.call(server, "POST", "/orders/", json=body)
            check.status(response, 200)
            check.json(response, {"product": body["product"], "quantity": quantity, "total": number(total)}, line=index < 2)
        # A quantity that is no number, and a price of minus infinity, are refused by the type and
        # by the lower limit whatever else: held to a 422 without a line.
        for body, why in (
            ({"product": "tea", "quantity": 2}, "no unit_price"),
            ({"product": "tea", "quantity": 0, "unit_price": 2.5}, "a quantity of 0"),
            ({"product": "tea", "quantity": "many", "unit_price": 2.5}, "a quantity that is no number"),
            ({"product": "tea", "quantity": None, "unit_price": 2.5}, "a null quantity"),
            ({"product": "tea", "quantity": 1001, "unit_price": 2.5}, "a quantity over 1000"),
            ({"product": "tea", "quantity": 1000, "unit_price": 1.7e308}, "a total too big for a float"),
            ({"product": "tea", "quantity": 2, "unit_price": 10_000.5}, "a unit price over 10 000"),
            ({"product": "tea", "quantity": 2, "unit_price": -2.5}, "a negative unit price"),
        ):
            response = check.call(server, "POST", "/orders/", json=body)
            check.expect(response.status_code == 422, f"the body {show(body)} ({why}) is rejected with a 422",
                      f"the body {show(body)} ({why}) got a {response.status_code}, expected a 422"
                      + (": your function crashed on it, because the model let it in" if response.status_code >= 500 else ""),
                      line=body["quantity"] != "many")
        for value in NON_FINITE:
            raw = f'{{"product": "tea", "quantity": 2, "unit_price": {value}}}'
            response = check.call(server, "POST", "/orders/", content=raw, headers=JSON)
            check.expect(response.status_code == 422, f"the body {raw} is rejected with a 422",
                      f"the body {raw} got a {response.status_code}, expected a 422"
                      + (_non_finite_advice(check, server, response, value) if response.status_code != 422 else ""),
                      line=value != "-Infinity")
    return check.report


NON_FINITE = ("1e999", "NaN", "-Infinity")  # what Python's JSON parser reads as a non-finite float
JSON = {"content-type": "application/json"}


def _non_finite_advice(check: Check, server: LiveServer, response: httpx.Response, value: str) -> str:
    """Why a non-finite unit price was not a 422: the model let it in, or the 422 could not be
    written (the app lacks the lesson's validation-error handler)."""
    if response.status_code < 500:
        return ""
    as_text = check.call(server, "POST", "/orders/", json={"product": "tea", "quantity": 2, "unit_price": value})  # "NaN": as text, JSON can repeat it
    if as_text.status_code == 422:
        return (
            ": the model refuses it, but the 422 that repeats it could not be written as JSON. Run the "
            "cell of \"Numbers JSON cannot carry\" that adds the validation-error handler."
        )
    return ": your function ran with infinity or NaN, because the model let it in"


@checker
def playlists(server: LiveServer) -> Report:
    """POST /playlists/ counts nested songs and adds up their seconds; songs are validated."""
    nudge = (
        "A field's type can be another model, or a list of them: then every song is checked by "
        "its own model, as the images of an offer are above. The function only counts and adds up."
    )
    hint = (
        "`seconds: int = Field(gt=0)` in Song and `songs: list[Song] = []` in Playlist; return "
        "`len(playlist.songs)` and `sum(song.seconds for song in playlist.songs)`."
    )
    with exercise("playlists", server, nudge=nudge, hint=hint) as check:
        cases = [
            ("Focus", [("One", 200), ("Two", 150)]),
            ("Road trip", [("A", 61), ("B", 245), ("C", 180)]),
            ("Blip", [("Tick", 1)]),  # the shortest song there is
            ("Empty", None),
        ]
        # Each playlist's status has a line, the first one's body too; the other bodies are held to
        # the same without a line (no answer counts or adds the first right and the next wrong).
        for index, (name, songs) in enumerate(cases):
            body: dict = {"name": name}
            if songs is not None:
                body["songs"] = [{"title": title, "seconds": seconds} for title, seconds in songs]
            response = check.call(server, "POST", "/playlists/", json=body)
            check.status(response, 200)
            songs = songs or []
            expected = {"name": name, "songs": len(songs), "total_seconds": sum(s for _, s in songs)}
            check.json(response, expected, line=index == 0)
        for body in (
            {"name": "Bad", "songs": [{"title": "One", "seconds": 200}, {"seconds": 100}]},
            {"name": "Bad", "songs": [{"title": "Silence", "seconds": 0}]},
            {"name": "Bad", "songs": None},
        ):
            response = check.call(server, "POST", "/playlists/", json=body)
            check.expect(
                response.status_code == 422,
                f"the body {show(body)} is rejected with a 422",
                f"the body {show(body)} got a {response.status_code}, expected a 422",
            )
    return check.report
