"""Answers a learner could write to lesson 02's exercises (see tests/test_checker_cases.py)."""

from checker_cases import ASYNC, add  # noqa: F401

add("02", "from enum import Enum, StrEnum\nfrom typing import Annotated, Literal\nfrom fastapi import FastAPI, Path\napp = FastAPI()\n# serve\n", {
    "name": "colors",
    "solution": (
        'HEX_CODES = {"red": "#ff0000", "green": "#00ff00", "blue": "#0000ff"}\n\n'
        'class Color(StrEnum):\n    red = "red"\n    green = "green"\n    blue = "blue"\n\n'
        '@app.get("/colors/{color}")\ndef read_color(color: Color):\n    return {"color": color, "hex": HEX_CODES[color]}\n'
    ),
    "right": {
        "str, Enum and .value": [("(StrEnum)", "(str, Enum)"), ("HEX_CODES[color]", "HEX_CODES[color.value]")],
        "async def, Literal": [ASYNC, ("color: Color", 'color: Literal["red", "green", "blue"]')],
    },
    "wrong": {
        "placeholder": ([('    green = "green"\n    blue = "blue"\n', ""), ("color: Color", "color: str"), ("HEX_CODES[color]", "None")], '"hex": null'),
        "red only": ([('    green = "green"\n    blue = "blue"\n', "")], "GET /colors/green answers 422, expected 200"),
        "a str and a lookup": ([("color: Color", "color: str")], "GET /colors/purple answers 500, expected 422. Your code raised KeyError: 'purple'"),
        "a singular path": ([('"/colors/{color}"', '"/color/{color}"')], "GET /colors/red answers 404, expected 200"),
        "the hex of red for every colour": ([("HEX_CODES[color]", '"#ff0000"')], 'the body is {"color": "green", "hex": "#ff0000"}, expected {"color": "green", "hex": "#00ff00"}'),
        "blue forgotten": ([('    blue = "blue"\n', "")], "GET /colors/blue answers 422, expected 200"),
        "red, else green": ([("HEX_CODES[color]", '"#ff0000" if color == "red" else "#00ff00"')], 'expected {"color": "blue", "hex": "#0000ff"}'),
        "lower-cased before the enum": ([("color: Color", "color: Annotated[Color, BeforeValidator(str.lower)]"),
                                         ("class Color(StrEnum):", "from pydantic import BeforeValidator\n\nclass Color(StrEnum):")],
                                        "GET /colors/Red answers 200, expected 422"),
        "any case": ([("color: Color", "color: str"), ("HEX_CODES[color]", "HEX_CODES.get(color.lower())")], "GET /colors/purple answers 200, expected 422"),
    },
}, {
    "name": "pages",
    "solution": '@app.get("/pages/{number}")\ndef read_page(number: Annotated[int, Path(ge=1, le=500)]):\n    return {"page": number}\n',
    "right": {
        "older = Path(...)": [("number: Annotated[int, Path(ge=1, le=500)]", "number: int = Path(ge=1, le=500)")],
        "async def, gt and lt": [ASYNC, ("ge=1, le=500", "gt=0, lt=501")],
    },
    "wrong": {
        "placeholder (the empty cell)": ([('@app.get("/pages/{number}")\ndef read_page(number: Annotated[int, Path(ge=1, le=500)]):\n    return {"page": number}\n', "# ✏️ Write GET /pages/{number} here\n")], "GET /pages/12 answers 404, expected 200"),
        "no limits": ([("Annotated[int, Path(ge=1, le=500)]", "int")], "GET /pages/0 answers 200, expected 422"),
        "le=499": ([("le=500", "le=499")], "GET /pages/500 answers 422, expected 200"),
        "page 1 refused (gt=1)": ([("ge=1, le=500", "gt=1, le=500")], "GET /pages/1 answers 422, expected 200"),
        "the example's page": ([('{"page": number}', '{"page": 12}')], 'the body is {"page": 12}, expected {"page": 1}'),
        "no upper limit": ([("Path(ge=1, le=500)", "Path(ge=1)")], "GET /pages/501 answers 200, expected 422"),
        "limits checked by hand on the text": ([("def read_page(number: Annotated[int, Path(ge=1, le=500)]):\n    return {\"page\": number}",
                                                 "def read_page(number: str):\n    page = int(number)\n    if not 1 <= page <= 500:\n"
                                                 "        raise HTTPException(422, \"No such page.\")\n    return {\"page\": page}"),
                                                ('@app.get("/pages/{number}")', 'from fastapi import HTTPException\n\n@app.get("/pages/{number}")')],
                                               "GET /pages/twelve answers 500, expected 422"),
        "page 0 refused by hand": ([("def read_page(number: Annotated[int, Path(ge=1, le=500)]):\n",
                                     "def read_page(number: int):\n    if number == 0 or number > 500:\n        raise HTTPException(422, \"No such page.\")\n"),
                                    ('@app.get("/pages/{number}")', 'from fastapi import HTTPException\n\n@app.get("/pages/{number}")')],
                                   "GET /pages/-3 answers 200, expected 422"),
        "page as text": ([('{"page": number}', '{"page": str(number)}')], '"12" is text where a whole number is expected'),
    },
})

ROUTES_02 = """
from enum import StrEnum
from typing import Annotated
from fastapi import FastAPI, Path, status
app = FastAPI()

class ModelName(StrEnum):
    alexnet = "alexnet"
    resnet = "resnet"
    lenet = "lenet"

@app.get("/models/{model_name}")
def get_model(model_name: ModelName):
    return {"model_name": model_name}

@app.get("/grid/{row}/{column}")
def grid_cell(row: int, column: int):
    return {"row": row, "column": column}

@app.get("/documents/{name}")
def read_document(name: str):
    return {"name": name}

@app.get("/items/{item_id}")
def read_item(item_id: Annotated[int, Path(ge=1, le=1000)]):
    return {"item_id": item_id}
# serve
"""

PREDICTED_02 = """predictions = {
    "GET /models/AlexNet": 422,
    "GET /grid/3/-4": 200,
    "GET /grid/3/4.0": 200,
    "GET /documents/notes/2024.txt": 404,
    "GET /items/007": 200,
}
"""

add("02", ROUTES_02, {
    "name": "predict_routes",
    "arguments": ("predictions",),
    "solution": PREDICTED_02,
    "right": {
        "as text": [(": 422,", ': "422",'), ('"GET /items/007": 200', '"GET /items/007": "200"')],
        "status constants": [('"GET /grid/3/-4": 200', '"GET /grid/3/-4": status.HTTP_200_OK'),
                             (": 404,", ": status.HTTP_404_NOT_FOUND,")],
    },
    "wrong": {
        "checked after a kernel restart, only the set-up cell run": ([("predictions = {", "from fastapi.routing import APIRoute as _R\napp.router.routes[:] = [r for r in app.router.routes if not isinstance(r, _R)]\n" "predictions = {")],
            "none of these requests reaches a route of your app: run the lesson's cells above first"),
        "placeholder": ([(": 422,", ": ...,"), (": 404,", ": ...,")], "write down your prediction for GET /models/AlexNet, GET /documents/notes/2024.txt first"),
        "an enum ignores case": ([(": 422,", ": 200,")], "GET /models/AlexNet: you predicted 200, it answers 422"),
        "4.0 is not an int": ([('"GET /grid/3/4.0": 200', '"GET /grid/3/4.0": 422')], "GET /grid/3/4.0: you predicted 422, it answers 200"),
        "a negative number is no int": ([('"GET /grid/3/-4": 200', '"GET /grid/3/-4": 422')], "GET /grid/3/-4: you predicted 422, it answers 200"),
        "leading zeros are refused": ([('"GET /items/007": 200', '"GET /items/007": 422')], "GET /items/007: you predicted 422, it answers 200"),
        "a wrong type, not a missing route": ([(": 404,", ": 422,")], "GET /documents/notes/2024.txt: you predicted 422, it answers 404"),
        "a line removed": ([('    "GET /items/007": 200,\n', "")], "no prediction for GET /items/007"),
    },
})
