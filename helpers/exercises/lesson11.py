"""Checkers for lesson 11, Testing your API."""

from helpers.checks import Report, exercise
from helpers.progress import checker
from helpers.server import LiveServer


@checker
def missing_book(server: LiveServer) -> Report:
    """GET /books/{book_id} answers a known book, and a 404 {"detail": "Book not found"}."""
    hint = (
        'In read_book: `if book_id not in BOOKS: raise HTTPException(status_code=404, '
        'detail="Book not found")`, then return BOOKS[book_id].'
    )
    with exercise("missing_book", hint) as check:
        known = {1: {"title": "Dune", "author": "Frank Herbert"}, 2: {"title": "Emma", "author": "Jane Austen"}}
        for book_id, book in known.items():
            response = check.call(server, "GET", f"/books/{book_id}")
            check.status(response, 200)
            check.json(response, book)
        for book_id in (99, 3):
            response = check.call(server, "GET", f"/books/{book_id}")
            check.status(response, 404)
            check.json(response, {"detail": "Book not found"})
        response = check.call(server, "GET", "/books/one")
        check.status(response, 422)
    return check.report


@checker
def signups(server: LiveServer) -> Report:
    """POST /signups answers 201 with the body, and 422 for a bad username or age."""
    hint = (
        "Declare `username: str = Field(min_length=3, max_length=20)` and "
        "`age: int = Field(ge=13)`, and add `status_code=201` to the decorator."
    )
    with exercise("signups", hint) as check:
        for body in ({"username": "ada", "age": 36}, {"username": "grace_hopper", "age": 13}):
            response = check.call(server, "POST", "/signups", json=body)
            check.status(response, 201)
            check.json(response, body)
        bad = [
            ({"username": "al", "age": 30}, ["body", "username"], "a 2-character username"),
            ({"username": "x" * 21, "age": 30}, ["body", "username"], "a 21-character username"),
            ({"username": "bob", "age": 12}, ["body", "age"], "an age of 12"),
        ]
        for body, loc, what in bad:
            response = check.call(server, "POST", "/signups", json=body)
            check.status(response, 422)
            locations = [error.get("loc") for error in response.json().get("detail", [])]
            check.expect(
                locations == [loc],
                f"{what} is rejected at {loc}",
                f"{what} is rejected, but at {locations}, expected only {loc}",
            )
    return check.report
