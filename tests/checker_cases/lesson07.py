"""Answers a learner could write to lesson 07's exercises (see tests/test_checker_cases.py)."""

from checker_cases import add

IMPORTS_07 = """
import secrets
import tempfile
from pathlib import Path
from typing import Annotated, Literal
from uuid import uuid4
from fastapi import Body, Cookie, FastAPI, Form, HTTPException, UploadFile, status
from pydantic import BaseModel, Field, FiniteFloat
app = FastAPI()
"""

ROUTES_07 = IMPORTS_07 + """
IMAGE_TYPES = {"image/png": (b"\\x89PNG\\r\\n\\x1a\\n", ".png"), "image/jpeg": (b"\\xff\\xd8\\xff", ".jpg")}

@app.post("/login")
def login(username: Annotated[str, Form()], password: Annotated[str, Form(min_length=8)]):
    return {"username": username, "password_length": len(password)}

class SignUp(BaseModel):
    model_config = {"extra": "forbid"}
    username: str = Field(min_length=3, max_length=30)
    email: str = Field(max_length=100)
    newsletter: bool = False

@app.post("/signup")
def sign_up(form: Annotated[SignUp, Form()]):
    return form

@app.post("/avatars", status_code=201, max_body_size=100_000)
async def upload_avatar(file: UploadFile):
    if file.content_type not in IMAGE_TYPES:
        raise HTTPException(415, "Send a PNG or a JPEG image.")
    signature, suffix = IMAGE_TYPES[file.content_type]
    content = await file.read()
    if not content.startswith(signature):
        raise HTTPException(415, "This file is not the image its type says.")
    return {"stored_as": uuid4().hex + suffix}

@app.get("/whoami")
def who_am_i(theme: Annotated[Literal["light", "dark"], Cookie()] = "light"):
    return {"theme": theme}

class Item(BaseModel):
    name: str
    price: FiniteFloat = Field(gt=0)

@app.put("/items/{item_id}")
def replace_item(item_id: int, item: Annotated[Item, Body(embed=True)]):
    return {"item_id": item_id, "item": item}
# serve
"""

PREDICTED_07 = """predictions = {
    "POST /login": 422,
    "POST /signup": 200,
    "POST /avatars": 415,
    "GET /whoami": 422,
    "PUT /items/7": 422,
}
"""

add("07", ROUTES_07, {
    "name": "predict_requests",
    "arguments": ("predictions",),
    "solution": PREDICTED_07,
    "right": {
        "as text": [('"POST /login": 422', '"POST /login": "422"'), ('"POST /signup": 200', '"POST /signup": "200"')],
        "status constants": [('"POST /avatars": 415', '"POST /avatars": status.HTTP_415_UNSUPPORTED_MEDIA_TYPE'),
                             ('"GET /whoami": 422', '"GET /whoami": status.HTTP_422_UNPROCESSABLE_CONTENT')],
    },
    "wrong": {
        "checked after a kernel restart, only the set-up cell run": ([("predictions = {", "from fastapi.routing import APIRoute as _R\napp.router.routes[:] = [r for r in app.router.routes if not isinstance(r, _R)]\n" "predictions = {")],
            "none of these requests reaches a route of your app: run the lesson's cells above first"),
        "placeholder": ([('"POST /login": 422', '"POST /login": ...'), ('"PUT /items/7": 422', '"PUT /items/7": ...')],
                        "write down your prediction for POST /login, PUT /items/7 first"),
        "JSON or form, all the same": ([('"POST /login": 422', '"POST /login": 200')], "POST /login: you predicted 200, it answers 422"),
        "a new user is a 201": ([('"POST /signup": 200', '"POST /signup": 201')], "POST /signup: you predicted 201, it answers 200"),
        "the size limit refuses it": ([('"POST /avatars": 415', '"POST /avatars": 413')], "POST /avatars: you predicted 413, it answers 415"),
        "an unknown cookie falls back to the default": ([('"GET /whoami": 422', '"GET /whoami": 200')], "GET /whoami: you predicted 200, it answers 422"),
        "a bare model is read anyway": ([('"PUT /items/7": 422', '"PUT /items/7": 200')], "PUT /items/7: you predicted 200, it answers 422"),
    },
})

DOCUMENTS_SOLUTION = '''documents = tempfile.TemporaryDirectory()
DOCUMENTS = Path(documents.name) / "documents"
DOCUMENTS.mkdir()


@app.post("/documents", status_code=201, max_body_size=50_000)
async def upload_document(file: UploadFile):
    if file.content_type != "text/plain":
        raise HTTPException(415, "Send a plain text file.")
    name = uuid4().hex + ".txt"
    (DOCUMENTS / name).write_bytes(await file.read())
    return {"stored_as": name}


@app.get("/documents/{name}")
def read_document(name: str):
    stored = {path.name: path for path in DOCUMENTS.iterdir()}
    if name not in stored:
        raise HTTPException(404, "No such document.")
    return {"text": stored[name].read_text()}
'''

add("07", IMPORTS_07 + "# serve\n", {
    "name": "documents",
    "solution": DOCUMENTS_SOLUTION,
    "right": {
        "plain def, secrets, f-string": [("async def upload_document", "def upload_document"),
                                         ('uuid4().hex + ".txt"', 'f"{secrets.token_hex(16)}.txt"'),
                                         ("write_bytes(await file.read())", "write_bytes(file.file.read())")],
        "a uuid with hyphens, another variable": [('name = uuid4().hex + ".txt"\n    (DOCUMENTS / name)', 'stored_name = f"{uuid4()}.txt"\n    (DOCUMENTS / stored_name)'),
                                                  ('return {"stored_as": name}', 'return {"stored_as": stored_name}')],
        "the temp module picks the name": [('name = uuid4().hex + ".txt"\n    (DOCUMENTS / name).write_bytes(await file.read())',
                                            'with tempfile.NamedTemporaryFile(dir=DOCUMENTS, suffix=".txt", delete=False) as out:\n'
                                            '        out.write(await file.read())\n    name = Path(out.name).name')],
    },
    "wrong": {
        "a size limit too low": ([("max_body_size=50_000", "max_body_size=40_000")], "POST /documents answers 413, expected 201"),
        "the size limit dropped": ([(", max_body_size=50_000", "")], "a 60 kB upload is too large"),
        "the given GET read straight from disk": ([("    stored = {path.name: path for path in DOCUMENTS.iterdir()}\n    if name not in stored:\n"
                                                    '        raise HTTPException(404, "No such document.")\n    return {"text": stored[name].read_text()}',
                                                    '    return {"text": (DOCUMENTS / name).read_text()}')],
                                                  "a name that is not in DOCUMENTS is a 404"),
        "placeholder (the client's name)": ([('uuid4().hex + ".txt"', "file.filename")], "were both stored as 'notes.txt': the second replaced the first"),
        "the client's name, cleaned": ([('uuid4().hex + ".txt"', "Path(file.filename).name")], "the second replaced the first"),
        "a random prefix to the client's name": ([('uuid4().hex + ".txt"', 'f"{uuid4().hex}-{file.filename}"')],
                                                 "POST /documents answers 500, expected 201"),
        "the full path as the answer": ([('return {"stored_as": name}', 'return {"stored_as": str(DOCUMENTS / name)}')],
                                        "expected {\"stored_as\": a name ending in .txt, with no folder in it}"),
        "the client's name unless it is taken": ([('name = uuid4().hex + ".txt"\n', 'name = file.filename\n    while (DOCUMENTS / name).exists():\n        name = uuid4().hex[:6] + "-" + name\n')],
                                                 "the file called ../escaped.txt was written outside DOCUMENTS"),
        "the status code dropped": ([('@app.post("/documents", status_code=201, ', '@app.post("/documents", ')], "POST /documents answers 200, expected 201"),
        "the client's name, a 409 when it is taken": ([('name = uuid4().hex + ".txt"\n', 'name = Path(file.filename).name\n    if (DOCUMENTS / name).exists():\n        raise HTTPException(409, "A document has this name.")\n')],
                                                      "POST /documents answers 409, expected 201"),
        "the client's name, a bare uuid when it is taken": ([('name = uuid4().hex + ".txt"\n', 'name = Path(file.filename).name\n    if (DOCUMENTS / name).exists():\n        name = uuid4().hex\n')],
                                                            "expected {\"stored_as\": a name ending in .txt"),
        "a second uuid in the answer": ([('return {"stored_as": name}', 'return {"stored_as": uuid4().hex + ".txt"}')], "answers 404, expected 200"),
        "the bytes written as text": ([("(DOCUMENTS / name).write_bytes(await file.read())", "(DOCUMENTS / name).write_text(str(await file.read()))")],
                                      'the body is {"text": "b\\"Ada\'s shopping list\\""}'),
        "no type check left": ([('    if file.content_type != "text/plain":\n        raise HTTPException(415, "Send a plain text file.")\n', "")],
                               "POST /documents answers 201, expected 415"),
    },
})

FEEDBACK_SOLUTION = '''class Feedback(BaseModel):
    model_config = {"extra": "forbid"}

    rating: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=200)


@app.post("/feedback", status_code=201)
def give_feedback(feedback: Annotated[Feedback, Form()]):
    return feedback
'''

add("07", IMPORTS_07 + "from pydantic import ConfigDict\n# serve\n", {
    "name": "feedback",
    "solution": FEEDBACK_SOLUTION,
    "right": {
        "async def, ConfigDict, a dict back": [("def give_feedback", "async def give_feedback"),
                                               ('model_config = {"extra": "forbid"}', 'model_config = ConfigDict(extra="forbid")'),
                                               ("    return feedback\n", "    return feedback.model_dump()\n")],
        "Annotated limits, gt and lt, status constant": [("rating: int = Field(ge=1, le=5)", "rating: Annotated[int, Field(gt=0, lt=6)]"),
                                                         ("status_code=201", "status_code=status.HTTP_201_CREATED")],
    },
    "wrong": {
        "placeholder (the empty cell)": ([(FEEDBACK_SOLUTION, "# ✏️ Write a model for the form's fields, then POST /feedback that reads it as a form.\n")],
                                         "POST /feedback answers 404, expected 201"),
        "extra fields accepted": ([('    model_config = {"extra": "forbid"}\n\n', "")], "an extra field is_admin gets a 201, expected a 422"),
        "two Form() parameters": ([("def give_feedback(feedback: Annotated[Feedback, Form()]):\n    return feedback",
                                    'def give_feedback(rating: Annotated[int, Form(ge=1, le=5)], comment: Annotated[str, Form(max_length=200)] = ""):\n'
                                    '    return {"rating": rating, "comment": comment}')],
                                  "an extra field is_admin gets a 201, expected a 422"),
        "read as JSON": ([("feedback: Annotated[Feedback, Form()]", "feedback: Feedback")], "POST /feedback answers 422, expected 201"),
        "no 201": ([(", status_code=201", "")], "POST /feedback answers 200, expected 201"),
        "a thank-you instead of what it read": ([("    return feedback\n", '    return {"message": "Thank you!"}\n')], 'the body is {"message": "Thank you!"}'),
        "a comment required": ([('comment: str = Field(default="", max_length=200)', "comment: str = Field(max_length=200)")], "POST /feedback answers 422, expected 201"),
        "no comment is null": ([('comment: str = Field(default="", max_length=200)', "comment: str | None = Field(default=None, max_length=200)")], '"comment": null}, expected {"rating": 5, "comment": ""}'),
        "a rating of 1 refused (gt=1)": ([("ge=1, le=5", "gt=1, le=5")], "POST /feedback answers 422, expected 201"),
        "a rating from 0": ([("ge=1, le=5", "ge=0, le=5")], "a rating of 0 gets a 201, expected a 422"),
        "no upper limit": ([("ge=1, le=5", "ge=1")], "a rating of 6 gets a 201, expected a 422"),
        "a rating of 5 when none is given": ([("rating: int = Field(ge=1, le=5)", "rating: int = Field(default=5, ge=1, le=5)")], "no rating gets a 201, expected a 422"),
        "no length limit": ([('Field(default="", max_length=200)', '""')], "a comment of 201 characters gets a 201, expected a 422"),
    },
})
