"""Answers a learner could write to lesson 04's exercises (see tests/test_checker_cases.py)."""

from checker_cases import ASYNC, add  # noqa: F401

SETUP_04 = """
from typing import Annotated
from fastapi import FastAPI, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, FiniteFloat, PositiveInt, confloat
from pydantic_core import to_json
app = FastAPI()

@app.exception_handler(RequestValidationError)
async def validation_error(request: Request, exc: RequestValidationError) -> Response:
    content = to_json({"detail": jsonable_encoder(exc.errors())}, inf_nan_mode="strings")
    return Response(content, status_code=422, media_type="application/json")
# serve
"""
# The lesson's handler replaced by FastAPI's own, which cannot write infinity back (issue #4589).
WITHOUT_HANDLER = (
    "class Order(BaseModel):",
    "from fastapi.exception_handlers import request_validation_exception_handler\n"
    "app.add_exception_handler(RequestValidationError, request_validation_exception_handler)\n\n"
    "class Order(BaseModel):",
)

add("04", SETUP_04, {
    "name": "orders",
    "solution": (
        "class Order(BaseModel):\n    product: str\n    quantity: int = Field(default=1, ge=1, le=1000)\n    unit_price: FiniteFloat = Field(gt=0, le=10_000)\n\n"
        '@app.post("/orders/")\ndef create_order(order: Order):\n    return {\n        "product": order.product,\n'
        '        "quantity": order.quantity,\n        "total": order.quantity * order.unit_price,\n    }\n'
    ),
    "right": {
        "Annotated, async def": [ASYNC, ("quantity: int = Field(default=1, ge=1, le=1000)", "quantity: Annotated[int, Field(ge=1, le=1000)] = 1")],
        "Field(1, gt=0, lt=1001), rounded": [("Field(default=1, ge=1, le=1000)", "Field(1, gt=0, lt=1001)"), ('order.quantity * order.unit_price,', "round(order.quantity * order.unit_price, 2),")],
        "float with bounds only": [("unit_price: FiniteFloat = Field(gt=0, le=10_000)", "unit_price: float = Field(gt=0, le=10000)")],
        "Field(allow_inf_nan=False)": [("unit_price: FiniteFloat = Field(gt=0, le=10_000)", "unit_price: float = Field(gt=0, le=10_000, allow_inf_nan=False)")],
        "confloat": [("unit_price: FiniteFloat = Field(gt=0, le=10_000)", "unit_price: confloat(gt=0, le=10_000, allow_inf_nan=False)")],
    },
    "wrong": {
        "placeholder (the bug)": ([("quantity: int = Field(default=1, ge=1, le=1000)", "quantity: int | None = 1"), ("unit_price: FiniteFloat = Field(gt=0, le=10_000)", "unit_price: float | None = None")], '{"product": "tea", "quantity": 2} (no unit_price) got a 500, expected a 422: your function crashed on it'),
        "null quantity still allowed": ([("quantity: int = Field(default=1, ge=1, le=1000)", "quantity: int | None = Field(default=1, ge=1, le=1000)")], '"quantity": null, "unit_price": 2.5} (a null quantity) got a 500, expected a 422'),
        "no limit": ([("Field(default=1, ge=1, le=1000)", "1")], '"quantity": 0, "unit_price": 2.5} (a quantity of 0) got a 200, expected a 422'),
        "no upper limits (finite overflow)": ([("ge=1, le=1000", "ge=1"), ("Field(gt=0, le=10_000)", "Field(gt=0)")], '(a quantity over 1000) got a 200, expected a 422'),
        "no upper limit on the price": ([("Field(gt=0, le=10_000)", "Field(gt=0)")], '(a total too big for a float) got a 500, expected a 422'),
        "no lower limit on the price": ([("Field(gt=0, le=10_000)", "Field(le=10_000)")], '(a negative unit price) got a 200, expected a 422'),
        "more than 1": ([("ge=1", "gt=1")], "POST /orders/ answers 422, expected 200"),
        "a whole price": ([("unit_price: FiniteFloat = Field(gt=0, le=10_000)", "unit_price: int = Field(gt=0, le=10_000)")], "answers 422, expected 200"),
        "a plain float, no limits": ([("unit_price: FiniteFloat = Field(gt=0, le=10_000)", "unit_price: float")], '(a total too big for a float) got a 500, expected a 422'),
        "positive, but infinity allowed": ([("unit_price: FiniteFloat = Field(gt=0, le=10_000)", "unit_price: float = Field(gt=0)")], '(a total too big for a float) got a 500'),
        "no validation-error handler": ([WITHOUT_HANDLER], "the 422 that repeats it could not be written as JSON"),
        "quantity required": ([("Field(default=1, ge=1, le=1000)", "Field(ge=1, le=1000)")], "POST /orders/ answers 422, expected 200"),
        "a default quantity of 0": ([("Field(default=1, ge=1, le=1000)", "Field(default=0, ge=1, le=1000)")], '"quantity": 0, "total": 0.0}, expected {"product": "cake", "quantity": 1, "total": 4.25}'),
        "up to 10": ([("ge=1, le=1000", "ge=1, le=10")], "POST /orders/ answers 422, expected 200"),
        "a price limit too high": ([("Field(gt=0, le=10_000)", "Field(gt=0, le=100_000)")], "(a unit price over 10 000) got a 200, expected a 422"),
        "the price's limits checked by hand": ([("unit_price: FiniteFloat = Field(gt=0, le=10_000)", "unit_price: float"),
                                                ('def create_order(order: Order):\n', 'def create_order(order: Order):\n    if order.unit_price <= 0 or order.unit_price > 10_000:\n'
                                                 '        raise HTTPException(422, "The unit price is 0 to 10 000.")\n'),
                                                ("class Order(BaseModel):", "from fastapi import HTTPException\n\nclass Order(BaseModel):")],
                                               '{"product": "tea", "quantity": 2, "unit_price": NaN} got a 500, expected a 422: your function ran with infinity or NaN'),
        "total as text": ([("order.quantity * order.unit_price,", "str(order.quantity * order.unit_price),")], '"7.5" is text where a number is expected'),
    },
}, {
    "name": "playlists",
    "solution": (
        "class Song(BaseModel):\n    title: str\n    seconds: int = Field(gt=0)\n\n"
        "class Playlist(BaseModel):\n    name: str\n    songs: list[Song] = []\n\n"
        '@app.post("/playlists/")\ndef create_playlist(playlist: Playlist):\n    return {\n        "name": playlist.name,\n'
        '        "songs": len(playlist.songs),\n        "total_seconds": sum(song.seconds for song in playlist.songs),\n    }\n'
    ),
    "right": {
        "default_factory, PositiveInt": [("songs: list[Song] = []", "songs: list[Song] = Field(default_factory=list)"), ("seconds: int = Field(gt=0)", "seconds: PositiveInt")],
        "async def": [ASYNC],
    },
    "wrong": {
        "a song of a second refused": ([("gt=0", "gt=1")], "answers 422, expected 200"),
        "placeholder": ([('"songs": len(playlist.songs)', '"songs": 0'), ("sum(song.seconds for song in playlist.songs)", "0")], '"songs": 0, "total_seconds": 0}, expected'),
        "no limit": ([("seconds: int = Field(gt=0)", "seconds: int")], '"seconds": 0}]} got a 200, expected a 422'),
        "songs required": ([("songs: list[Song] = []", "songs: list[Song]")], "answers 422, expected 200"),
        "no trailing slash": ([('"/playlists/"', '"/playlists"')], "The server redirects to /playlists"),
        "a song up to 4 minutes": ([("Field(gt=0)", "Field(gt=0, le=240)")], "POST /playlists/ answers 422, expected 200"),
        "null songs allowed": ([("songs: list[Song] = []", "songs: list[Song] | None = []"), ("len(playlist.songs)", "len(playlist.songs or [])"),
                                ("for song in playlist.songs)", "for song in playlist.songs or [])")], '{"name": "Bad", "songs": null} got a 200, expected a 422'),
        "optional title": ([("    title: str\n", '    title: str = ""\n')], 'got a 200, expected a 422'),
    },
})

ITEMS_04 = """
from fastapi import FastAPI, status
from pydantic import BaseModel
app = FastAPI()

class Item(BaseModel):
    name: str
    description: str | None = None
    price: float
    tax: float | None = None

@app.post("/items/")
def create_item(item: Item):
    item_dict = item.model_dump()
    if item.tax is not None:
        item_dict["price_with_tax"] = item.price + item.tax
    return item_dict
# serve
"""

PREDICTED_04 = """predictions = {
    '{"name": "Foo", "price": "50.5"}': 200,
    '{"name": "Foo", "price": 50, "colour": "red"}': 200,
    '{"name": 42, "price": 50}': 422,
    '{"name": "Foo", "price": null}': 422,
}
"""

add("04", ITEMS_04, {
    "name": "predict_bodies",
    "arguments": ("predictions",),
    "solution": PREDICTED_04,
    "right": {
        "as text": [("}': 200,", "}': \"200\","), ("50}': 422,", "50}': \"422\",")],
        "status constants": [("\"50.5\"}': 200", "\"50.5\"}': status.HTTP_200_OK"),
                             ("null}': 422", "null}': status.HTTP_422_UNPROCESSABLE_CONTENT")],
    },
    "wrong": {
        "checked after a kernel restart, only the set-up cell run": ([("predictions = {", "from fastapi.routing import APIRoute as _R\napp.router.routes[:] = [r for r in app.router.routes if not isinstance(r, _R)]\n" "predictions = {")],
            "none of these requests reaches a route of your app: run the lesson's cells above first"),
        "placeholder": ([("}': 200,", "}': ...,"), ("}': 422,", "}': ...,")], "write down your predictions first (replace each ... with what you expect)"),
        "text is not a number": ([("\"50.5\"}': 200", "\"50.5\"}': 422")], '{"name": "Foo", "price": "50.5"}: you predicted 422, it answers 200'),
        "extra keys are refused": ([("\"red\"}': 200", "\"red\"}': 422")], '"colour": "red"}: you predicted 422, it answers 200'),
        "42 becomes text": ([("50}': 422", "50}': 200")], '{"name": 42, "price": 50}: you predicted 200, it answers 422'),
        "null is a missing price": ([("null}': 422", "null}': 200")], '{"name": "Foo", "price": null}: you predicted 200, it answers 422'),
        "a line removed": ([("    '{\"name\": \"Foo\", \"price\": null}': 422,\n", "")], 'no prediction for {"name": "Foo", "price": null}'),
        "a list": ([("predictions = {", "predictions = [{"), ("}\n", "}]\n")], "your predictions are a list"),
    },
})
