"""Checkers for lesson 06, Errors."""

from helpers.checks import Report, exercise
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer

BOOKS = {1: "Dune", 2: "Emma"}


@checker
def book_lookup(server: LiveServer) -> Report:
    """GET /books/{book_id} finds a book, or answers 404 with a detail and an X-Book-Id header."""
    hint = (
        'When book_id is not in books, raise HTTPException(status_code=404, detail=f"Book '
        '{book_id} not found", headers={"X-Book-Id": str(book_id)}).'
    )
    with exercise("book_lookup", hint, server) as check:
        for book_id, title in BOOKS.items():
            response = check.call(server, "GET", f"/books/{book_id}")
            check.status(response, 200)
            check.json(response, {"id": book_id, "title": title})
        for book_id in (7, 42):
            response = check.call(server, "GET", f"/books/{book_id}")
            check.status(response, 404)
            check.json(response, {"detail": f"Book {book_id} not found"})
            header = response.headers.get("x-book-id")
            check.expect(
                header == str(book_id),
                f"the X-Book-Id header is {book_id}",
                f"the X-Book-Id header is {header!r}, expected {str(book_id)!r}: pass "
                "headers={...} to HTTPException",
            )
    return check.report


@checker
def out_of_stock(server: LiveServer) -> Report:
    """GET /order/{item} orders an item in stock; OutOfStock becomes a 409 through a handler."""
    hint = (
        'In the handler: JSONResponse(status_code=409, content={"message": f"Out of stock: '
        '{exc.item}"}). In the route: `if stock[item] == 0: raise OutOfStock(item)`.'
    )
    with exercise("out_of_stock", hint, server) as check:
        response = check.call(server, "GET", "/order/apples")
        check.status(response, 200)
        check.json(response, {"item": "apples", "ordered": True})
        for item in ("pears", "plums"):
            response = check.call(server, "GET", f"/order/{item}")
            check.status(response, 409)
            check.json(response, {"message": f"Out of stock: {item}"})
    return check.report
