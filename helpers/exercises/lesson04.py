"""Checkers for lesson 04, Request body."""

from helpers.checks import Report, exercise, number, show
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer


@checker
def orders(server: LiveServer) -> Report:
    """POST /orders/ totals quantity * unit_price; quantity defaults to 1 and must be >= 1."""
    hint = (
        "Add `quantity: int = Field(default=1, ge=1)` and `unit_price: float` to the model, "
        "and return order.quantity * order.unit_price as the total."
    )
    with exercise("orders", hint, server) as check:
        cases = [
            ({"product": "tea", "quantity": 3, "unit_price": 2.5}, 3, 7.5),
            ({"product": "cake", "unit_price": 4.25}, 1, 4.25),
            ({"product": "jam", "quantity": 12, "unit_price": 1.5}, 12, 18.0),
        ]
        for body, quantity, total in cases:
            response = check.call(server, "POST", "/orders/", json=body)
            check.status(response, 200)
            check.json(response, {"product": body["product"], "quantity": quantity, "total": number(total)})
        for body in (
            {"product": "tea", "quantity": 2},
            {"product": "tea", "quantity": 0, "unit_price": 2.5},
            {"product": "tea", "quantity": "many", "unit_price": 2.5},
        ):
            response = check.call(server, "POST", "/orders/", json=body)
            check.expect(
                response.status_code == 422,
                f"the body {show(body)} is rejected with a 422",
                f"the body {show(body)} got a {response.status_code}, expected a 422",
            )
    return check.report


@checker
def playlists(server: LiveServer) -> Report:
    """POST /playlists/ counts nested songs and adds up their seconds; songs are validated."""
    hint = (
        "Add `seconds: int = Field(gt=0)` to Song and `songs: list[Song] = []` to Playlist, then "
        "return len(playlist.songs) and sum(song.seconds for song in playlist.songs)."
    )
    with exercise("playlists", hint, server) as check:
        cases = [
            ("Focus", [("One", 200), ("Two", 150)]),
            ("Road trip", [("A", 61), ("B", 245), ("C", 180)]),
            ("Empty", None),
        ]
        for name, songs in cases:
            body: dict = {"name": name}
            if songs is not None:
                body["songs"] = [{"title": title, "seconds": seconds} for title, seconds in songs]
            response = check.call(server, "POST", "/playlists/", json=body)
            check.status(response, 200)
            songs = songs or []
            expected = {"name": name, "songs": len(songs), "total_seconds": sum(s for _, s in songs)}
            check.json(response, expected)
        for body in (
            {"name": "Bad", "songs": [{"title": "One", "seconds": 200}, {"seconds": 100}]},
            {"name": "Bad", "songs": [{"title": "Silence", "seconds": 0}]},
        ):
            response = check.call(server, "POST", "/playlists/", json=body)
            check.expect(
                response.status_code == 422,
                f"the body {show(body)} is rejected with a 422",
                f"the body {show(body)} got a {response.status_code}, expected a 422",
            )
    return check.report
