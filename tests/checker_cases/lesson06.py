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
        "returned, not raised": ([("raise HTTPException(", "return HTTPException(")], "An error answer is raised, which stops the function"),
        "no header": ([('            headers={"X-Book-Id": str(book_id)},\n', "")], "the X-Book-Id header is None, expected '7'"),
        "another detail": ([('f"Book {book_id} not found"', '"Book not found"')], 'the body is {"detail": "Book not found"}, expected {"detail": "Book 7 not found"}'),
        "the id as text": ([("def read_book(book_id: int)", "def read_book(book_id: str)")], "GET /books/1 answers 404, expected 200"),
        "the title only": ([('return {"id": book_id, "title": books[book_id]}', 'return {"title": books[book_id]}')], 'the body is {"title": "Dune"}, expected {"id": 1, "title": "Dune"}'),
        "the id as an index, off by one": ([("if book_id not in books:", "if book_id >= len(books):")], "GET /books/2 answers 404, expected 200"),
        "header in words": ([('str(book_id)}', 'f"book {book_id}"}')], "the X-Book-Id header is 'book 7'"),
    },
}, {
    "name": "out_of_stock",
    "solution": (
        'stock = {"apples": 3, "pears": 0, "plums": 0}\n\nclass OutOfStock(Exception):\n    def __init__(self, item: str):\n'
        "        self.item = item\n\n@app.exception_handler(OutOfStock)\nasync def out_of_stock_handler(request: Request, exc: OutOfStock):\n"
        "    return JSONResponse(\n        status_code=status.HTTP_409_CONFLICT, content={\"message\": f\"Out of stock: {exc.item}\"}\n    )\n\n"
        '@app.get("/order/{item}")\ndef order(item: str):\n    if item not in stock:\n'
        '        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail=f"No item {item}")\n'
        '    if stock[item] == 0:\n        raise OutOfStock(item)\n'
        '    return {"item": item, "ordered": True}\n'
    ),
    "right": {
        "async route, stock.get": [("def order", "async def order"), ("stock[item] == 0", "not stock.get(item, 0)")],
        "status 409, another handler name": [("status_code=status.HTTP_409_CONFLICT", "status_code=409"), ("async def out_of_stock_handler", "async def handle_out_of_stock")],
    },
    "wrong": {
        "placeholder (the bugs)": ([("status_code=status.HTTP_409_CONFLICT", "status_code=500"),
                                    ('    if item not in stock:\n        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail=f"No item {item}")\n', "")],
                                   "GET /order/pears answers 500, expected 409. No code crashed: that 500 is the answer your handler built"),
        "no 404": ([('    if item not in stock:\n        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail=f"No item {item}")\n', "")],
                   "GET /order/kiwis answers 500, expected 404. Your code raised KeyError: 'kiwis'"),
        "OutOfStock never raised": ([("    if stock[item] == 0:\n        raise OutOfStock(item)\n", "")], "GET /order/pears answers 200, expected 409"),
        "an order is a 201": ([('@app.get("/order/{item}")', '@app.get("/order/{item}", status_code=201)')], "GET /order/apples answers 201, expected 200"),
        "ordered: 1": ([('"ordered": True', '"ordered": 1')], "1 is a whole number where a boolean is expected"),
        "400": ([("status.HTTP_409_CONFLICT", "400")], "GET /order/pears answers 400, expected 409"),
        "HTTPException": ([("raise OutOfStock(item)", 'raise HTTPException(409, f"Out of stock: {item}")')], 'the body is {"detail": "Out of stock: pears"}'),
    },
})

ROUTES_06 = """
from fastapi import FastAPI, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
app = FastAPI()
items = {"foo": "The Foo Wrestlers"}

class UnicornException(Exception):
    def __init__(self, name: str):
        self.name = name

@app.exception_handler(UnicornException)
async def unicorn_exception_handler(request: Request, exc: UnicornException):
    return JSONResponse(status_code=418, content={"message": f"Oops! {exc.name} did something."})

@app.get("/items/{item_id}")
def read_item(item_id: str):
    if item_id not in items:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Item not found")
    return {"item": items[item_id]}

@app.exception_handler(RequestValidationError)
async def validation_exception_handler(request: Request, exc: RequestValidationError):
    return JSONResponse(status_code=400, content={"problems": [error["msg"] for error in exc.errors()]})

@app.get("/unicorns/{name}")
def read_unicorn(name: str):
    if name == "yolo":
        raise UnicornException(name=name)
    return {"unicorn_name": name}

@app.get("/divide/{a}/{b}")
def divide(a: int, b: int):
    return {"result": a / b}
# serve
"""

PREDICTED_06 = """predictions = {
    "GET /items/yolo": 404,
    "GET /divide/1/zero": 400,
    "GET /divide/1": 404,
}
"""

add("06", ROUTES_06, {
    "name": "predict_handlers",
    "arguments": ("predictions",),
    "solution": PREDICTED_06,
    "right": {
        "as text": [(": 404,", ': "404",')],
        "status constants": [(": 400,", ": status.HTTP_400_BAD_REQUEST,"), ('"GET /divide/1": 404', '"GET /divide/1": status.HTTP_404_NOT_FOUND')],
    },
    "wrong": {
        "checked after a kernel restart, only the set-up cell run": ([("predictions = {", "from fastapi.routing import APIRoute as _R\napp.router.routes[:] = [r for r in app.router.routes if not isinstance(r, _R)]\n" "predictions = {")],
            "none of these requests reaches a route of your app: run the lesson's cells above first"),
        "placeholder": ([(": 404,", ": ...,"), (": 400,", ": ...,")], "write down your predictions first (replace each ... with what you expect)"),
        "yolo is always a unicorn": ([('"GET /items/yolo": 404', '"GET /items/yolo": 418')], "GET /items/yolo: you predicted 418, it answers 404"),
        "the default 422": ([(": 400,", ": 422,")], "GET /divide/1/zero: you predicted 422, it answers 400"),
        "a missing part is a validation error": ([('"GET /divide/1": 404', '"GET /divide/1": 400')], "GET /divide/1: you predicted 400, it answers 404"),
        "a line removed": ([('    "GET /divide/1": 404,\n', "")], "no prediction for GET /divide/1"),
    },
})
