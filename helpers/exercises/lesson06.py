"""Checkers for lesson 06, Errors."""


from helpers.checks import Report, exercise
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer

BOOKS = {1: "Dune", 2: "Emma"}


@checker
def predict_handlers(server: LiveServer, predicted: object) -> Report:
    """The learner's predicted status codes for three requests, each answered by another part
    of the lesson's app."""
    requests: dict[str, dict[str, object]] = {
        "GET /items/yolo": {},
        "GET /divide/1/zero": {},
        "GET /divide/1": {},
    }
    nudge = (
        "Follow each request through the diagram at the top: does a route's path match it? Does "
        "it get past validation to the function? If it does, what does the function raise, and "
        "which handler of THIS app answers that?"
    )
    hint = (
        "`/items/yolo` reaches `read_item`, which raises HTTPException (the unicorn handler only "
        "sees UnicornException); 'zero' fails validation before `divide` runs, and this app's "
        "validation handler was replaced; `/divide/1` matches no route at all."
    )
    with exercise("predict_handlers", server, nudge=nudge, hint=hint) as check:
        check.predictions(server, predicted, requests)
    return check.report


@checker
def book_lookup(server: LiveServer) -> Report:
    """GET /books/{book_id} finds a book, or answers 404 with a detail and an X-Book-Id header."""
    nudge = (
        "An unknown id is the client's mistake, not the server's: stop the request with the "
        "exception that carries a status code, a detail and headers, as the second "
        "`GET /items/{item_id}` does above."
    )
    hint = (
        "When `book_id not in books`: `raise HTTPException(status_code=404, detail=f\"Book "
        "{book_id} not found\", headers={\"X-Book-Id\": str(book_id)})` (header values are text)."
    )
    with exercise("book_lookup", server, nudge=nudge, hint=hint) as check:
        # The first book and the first unknown id have a line for each step; the second book's
        # status too (an id used as an index stops short of it). The rest is held to the same
        # without lines: no answer fails there that passed the lines before.
        for book_id, title in BOOKS.items():
            response = check.call(server, "GET", f"/books/{book_id}")
            check.status(response, 200)
            check.json(response, {"id": book_id, "title": title}, line=book_id == 1)
        for book_id in (7, 42):
            response = check.call(server, "GET", f"/books/{book_id}")
            if response.status_code == 200:
                check.fail(
                    f"GET /books/{book_id} answers 200, expected 404: your function went on to its "
                    "end. An error answer is raised, which stops the function; a returned exception "
                    "is just data."
                )
            header = response.headers.get("x-book-id")
            headerless = (f"the X-Book-Id header is {header!r}, expected {str(book_id)!r}: an error's headers "
                          "go with the exception, next to its detail")
            check.status(response, 404, line=book_id == 7)
            check.json(response, {"detail": f"Book {book_id} not found"}, line=book_id == 7)
            check.expect(header == str(book_id), f"the X-Book-Id header is {book_id}", headerless, line=book_id == 7)
    return check.report


@checker
def out_of_stock(server: LiveServer) -> Report:
    """GET /order/{item} orders an item in stock; OutOfStock becomes a 409 through a handler, and
    an item the shop never had a 404."""
    nudge = (
        "A 500 says the server is broken. Here the client asked for something that cannot be "
        "done now, or that does not exist: answer with the status code that says so, in the "
        "handler for the one, and in the route, before anything can fail, for the other."
    )
    hint = (
        "In the handler: `status_code=status.HTTP_409_CONFLICT`. At the top of the route: "
        "`if item not in stock: raise HTTPException(status_code=404, detail=f\"No item {item}\")`."
    )
    with exercise("out_of_stock", server, nudge=nudge, hint=hint) as check:
        response = check.call(server, "GET", "/order/apples")
        check.status(response, 200)
        check.json(response, {"item": "apples", "ordered": True})
        # The second item of each kind is held to the same as the first without lines of its own.
        for item in ("pears", "plums"):
            response = check.call(server, "GET", f"/order/{item}")
            if response.status_code == 500 and response.headers.get("content-type") == "application/json":
                check.fail(
                    f"GET /order/{item} answers 500, expected 409. No code crashed: that 500 is the "
                    f"answer your handler built, {response.text[:100]}"
                )
            check.status(response, 409, line=item == "pears")
            check.json(response, {"message": f"Out of stock: {item}"}, line=item == "pears")
        for item in ("kiwis", "figs"):
            response = check.call(server, "GET", f"/order/{item}")
            check.status(response, 404, line=item == "kiwis")
    return check.report
