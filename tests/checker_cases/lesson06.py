"""Answers a learner could write to lesson 06's exercises (see tests/test_checker_cases.py)."""

from checker_cases import ASYNC, add  # noqa: F401

add("06", (
    "from fastapi import FastAPI, HTTPException, Request, status\nfrom fastapi.responses import JSONResponse\n"
    "app = FastAPI()\n# serve\n"
), {
    "name": "book_lookup",
    "solution": (
        'books = {1: "Dune", 2: "Emma"}\n\n@app.get("/books/{book_id}")\ndef read_book(book_id: int):\n'
        "    if book_id not in books:\n        raise HTTPException(\n            status_code=status.HTTP_404_NOT_FOUND,\n"
        '            detail=f"Book {book_id} not found",\n            headers={"X-Book-Id": str(book_id)},\n        )\n'
        '    return {"id": book_id, "title": books[book_id]}\n'
    ),
    "right": {
        "async def, .get() is None": [ASYNC, ("if book_id not in books:", "if books.get(book_id) is None:")],
        "JSONResponse with headers": [
            ('raise HTTPException(\n            status_code=status.HTTP_404_NOT_FOUND,\n            detail=f"Book {book_id} not found",',
             'return JSONResponse(\n            status_code=404,\n            content={"detail": f"Book {book_id} not found"},'),
        ],
    },
    "wrong": {
        "placeholder": ([("    if book_id not in books:\n        raise", "    if False:\n        raise"), ("books[book_id]", "books.get(book_id)")], "GET /books/7 answers 200, expected 404"),
        "no header": ([('            headers={"X-Book-Id": str(book_id)},\n', "")], "the X-Book-Id header is None, expected '7'"),
        "another detail": ([('f"Book {book_id} not found"', '"Book not found"')], 'the body is {"detail": "Book not found"}, expected {"detail": "Book 7 not found"}'),
        "header in words": ([('str(book_id)}', 'f"book {book_id}"}')], "the X-Book-Id header is 'book 7'"),
    },
}, {
    "name": "out_of_stock",
    "solution": (
        'stock = {"apples": 3, "pears": 0, "plums": 0}\n\nclass OutOfStock(Exception):\n    def __init__(self, item: str):\n'
        "        self.item = item\n\n@app.exception_handler(OutOfStock)\nasync def out_of_stock_handler(request: Request, exc: OutOfStock):\n"
        "    return JSONResponse(\n        status_code=status.HTTP_409_CONFLICT, content={\"message\": f\"Out of stock: {exc.item}\"}\n    )\n\n"
        '@app.get("/order/{item}")\ndef order(item: str):\n    if stock[item] == 0:\n        raise OutOfStock(item)\n'
        '    return {"item": item, "ordered": True}\n'
    ),
    "right": {
        "async route, stock.get": [("def order", "async def order"), ("stock[item] == 0", "not stock.get(item, 0)")],
        "status 409, another handler name": [("status_code=status.HTTP_409_CONFLICT", "status_code=409"), ("async def out_of_stock_handler", "async def handle_out_of_stock")],
    },
    "wrong": {
        "placeholder": ([("    if stock[item] == 0:\n        raise OutOfStock(item)\n", "")], "GET /order/pears answers 200, expected 409"),
        "ordered: 1": ([('"ordered": True', '"ordered": 1')], "1 is a whole number where a boolean is expected"),
        "400": ([("status.HTTP_409_CONFLICT", "400")], "GET /order/pears answers 400, expected 409"),
        "HTTPException": ([("raise OutOfStock(item)", 'raise HTTPException(409, f"Out of stock: {item}")')], 'the body is {"detail": "Out of stock: pears"}'),
    },
})
