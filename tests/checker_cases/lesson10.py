"""Answers a learner could write to lesson 10's exercises (see tests/test_checker_cases.py)."""

from checker_cases import ASYNC, add  # noqa: F401

LESSON_10 = """
from contextlib import asynccontextmanager
from typing import Annotated
from fastapi import Depends, FastAPI, HTTPException, Path, Query, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator
from sqlalchemy import String, create_engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
import tempfile
from helpers.sql_log import SQLLog

class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100))

folder = tempfile.TemporaryDirectory()  # one connection per thread, as with the lessons' files
engine = create_engine(f"sqlite:///{folder.name}/db.sqlite", connect_args={"check_same_thread": False})
Base.metadata.create_all(engine)
statements = SQLLog(engine)

app = FastAPI()
# serve
def get_session():
    with Session(engine) as session:
        yield session

SessionDep = Annotated[Session, Depends(get_session)]
UserId = Annotated[int, Path(ge=1, le=2**63 - 1)]  # what SQLite's INTEGER can hold

def is_unique_violation(error):
    return getattr(error.orig, "sqlite_errorname", "") == "SQLITE_CONSTRAINT_UNIQUE"

class UserCreate(BaseModel):
    email: EmailStr
    name: str = Field(min_length=1, max_length=100)

class UserUpdate(BaseModel):
    email: EmailStr | None = None
    name: str | None = Field(default=None, min_length=1, max_length=100)

class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    email: str
    name: str

@app.post("/users", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def create_user(new: UserCreate, session: SessionDep):
    user = User(**new.model_dump())
    session.add(user)
    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        if not is_unique_violation(error):
            raise
        raise HTTPException(status.HTTP_409_CONFLICT, f"A user with email {new.email} already exists")
    session.refresh(user)
    return user

def get_user_or_404(session, user_id):
    user = session.get(User, user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"User {user_id} not found")
    return user

@app.get("/users/{user_id}", response_model=UserOut)
def read_user(user_id: int, session: SessionDep):
    return get_user_or_404(session, user_id)

@app.get("/users", response_model=list[UserOut])
def list_users(session: SessionDep, offset: Annotated[int, Query(ge=0)] = 0, limit: Annotated[int, Query(ge=1, le=100)] = 10):
    return session.scalars(select(User).order_by(User.id).offset(offset).limit(limit)).all()

@app.delete("/users/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_user(user_id: int, session: SessionDep):
    session.delete(get_user_or_404(session, user_id))
    session.commit()

for person in ("ada", "grace"):
    assert server.client.post("/users", json={"email": f"{person}@example.com", "name": person}).status_code == 201
statements.take()
"""
NULL_PATCH = """
class UserUpdate(BaseModel):
    email: EmailStr | None = None
    name: str | None = Field(default=None, min_length=1, max_length=100)

    @field_validator("email", "name")
    @classmethod
    def not_null(cls, value):
        if value is None:
            raise ValueError("may be left out, but not null")
        return value


@app.patch("/users/{user_id}", response_model=UserOut)
def update_user(user_id: UserId, patch: UserUpdate, session: SessionDep):
    user = get_user_or_404(session, user_id)
    for field, value in patch.model_dump(exclude_unset=True).items():
        setattr(user, field, value)
    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        if not is_unique_violation(error):
            raise
        raise HTTPException(status.HTTP_409_CONFLICT, f"A user with email {patch.email} already exists")
    session.refresh(user)
    return user
"""
VALIDATOR = """
    @field_validator("email", "name")
    @classmethod
    def not_null(cls, value):
        if value is None:
            raise ValueError("may be left out, but not null")
        return value
"""
add("10", LESSON_10, {
    "name": "count_users",
    "solution": '@app.get("/stats")\ndef stats(session: SessionDep):\n    total = session.scalar(select(func.count()).select_from(User))\n    return {"users": total}\n',
    "right": {
        "count of ids": [("select(func.count()).select_from(User)", "select(func.count(User.id))")],
        "legacy query().count(), another name": [("def stats(", "def user_count("), ("session.scalar(select(func.count()).select_from(User))", "session.query(User).count()")],
    },
    "wrong": {
        "placeholder": ([("session.scalar(select(func.count()).select_from(User))", "0")], 'the body is {"users": 0}, expected {"users": 2}'),
        "hard-coded": ([("session.scalar(select(func.count()).select_from(User))", "2")], 'after one more POST /users, GET /stats is {"users": 2}, expected {"users": 3}'),
        "the first id": ([("select(func.count()).select_from(User)", "select(User.id)")], 'the body is {"users": 1}, expected {"users": 2}'),
        "as text": ([('{"users": total}', '{"users": str(total)}')], '"2" is text where a whole number is expected'),
        # one for each step (`python3 course.py mutate 10 --steps`)
        "a POST route": ([('@app.get("/stats")', '@app.post("/stats")')], "GET /stats answers 405, expected 200"),
        "the highest id": ([("select(func.count()).select_from(User)", "select(func.max(User.id))")],
                           'after another POST /users and a DELETE of the first, GET /stats is {"users": 4}, expected {"users": 3}'),
    },
}, {
    "name": "null_patch",
    "solution": NULL_PATCH,
    "right": {
        "str with a None default": [(VALIDATOR, ""), ("email: EmailStr | None = None", "email: EmailStr = None"),
                                    ("name: str | None = Field(", "name: str = Field(")],
        "refused in the route, async def": [
            (VALIDATOR, ""), ("def update_user", "async def update_user"),
            ("    for field, value in patch.model_dump(exclude_unset=True).items():",
             "    if None in patch.model_dump(exclude_unset=True).values():\n"
             "        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, 'null is not allowed')\n"
             "    for field, value in patch.model_dump(exclude_unset=True).items():"),
        ],
        "model_validator over model_fields_set": [
            (VALIDATOR, "\n    @model_validator(mode='after')\n    def no_nulls(self):\n"
                        "        if any(getattr(self, name) is None for name in self.model_fields_set):\n"
                        "            raise ValueError('null is not allowed')\n        return self\n"),
            ("class UserUpdate", "from pydantic import model_validator\n\nclass UserUpdate"),
        ],
    },
    "wrong": {
        "a one-letter name refused": ([("min_length=1", "min_length=2")], 'with {"name": "R"} answers 422, expected 200'),
        "response_model dropped": ([('@app.patch("/users/{user_id}", response_model=UserOut)', '@app.patch("/users/{user_id}")')],
                                   "the docs of PATCH /users/{user_id} no longer say it answers a UserOut"),
        "no length limits on the name": ([("    name: str | None = Field(default=None, min_length=1, max_length=100)\n", "    name: str | None = None\n")],
                                         "expected 422"),
        "placeholder": ([(VALIDATOR, "")], 'PATCH /users/4 with {"name": null} answers 500, expected 422. Your code raised IntegrityError'),
        "nulls ignored (exclude_none)": ([(VALIDATOR, ""), ("exclude_unset=True", "exclude_unset=True, exclude_none=True")],
                                         'with {"name": null} answers 200, expected 422. The null was let through or ignored'),
        "every IntegrityError a 409": ([(VALIDATOR, ""), ("        if not is_unique_violation(error):\n            raise\n", "")],
                                       "answers 409, expected 422. A NOT NULL failure is not a conflict"),
        "name only": ([('@field_validator("email", "name")', '@field_validator("name")')],
                      'with {"email": null} answers 500, expected 422'),
        # one for each step (`python3 course.py mutate 10 --steps`)
        "at least one field (a model_validator)": (
            [(VALIDATOR, "\n    @model_validator(mode='after')\n    def something_to_change(self):\n"
                         "        if self.email is None and self.name is None:\n"
                         "            raise ValueError('send an email or a name')\n        return self\n"),
             ("class UserUpdate", "from pydantic import model_validator\n\nclass UserUpdate")],
            'with {"name": "Changed", "email": null} answers 500, expected 422'),
        "nulls refused after the commit": (
            [(VALIDATOR, ""),
             ("    for field, value in patch.model_dump(exclude_unset=True).items():\n        setattr(user, field, value)\n",
              "    for field, value in patch.model_dump(exclude_unset=True).items():\n        if value is not None:\n"
              "            setattr(user, field, value)\n"),
             ("    session.refresh(user)\n", "    if None in patch.model_dump(exclude_unset=True).values():\n"
                                           "        raise HTTPException(422, 'null is not allowed')\n    session.refresh(user)\n")],
            '"name": "Changed"}, expected'),
        "a plain dict body, nulls refused by hand": (
            [("def update_user(user_id: UserId, patch: UserUpdate, session: SessionDep):\n",
              "def update_user(user_id: int, patch: dict, session: SessionDep):\n    if None in patch.values():\n"
              "        raise HTTPException(422, 'null is not allowed')\n"),
             ("patch.model_dump(exclude_unset=True).items()", "patch.items()"), ("{patch.email}", "{patch.get('email')}")],
            'with {"name": 5} answers 200, expected 422. The value was let through'),
        "no upper limit on the name": ([("Field(default=None, min_length=1, max_length=100)", "Field(default=None, min_length=1)")],
                                       'xxxxxxxx"} answers 200, expected 422'),
        "names up to 99 characters": ([("max_length=100)", "max_length=99)")], 'rrrrrrrr"} answers 422, expected 200'),
        "an empty PATCH refused": ([("    user = get_user_or_404(session, user_id)\n",
                                     "    if not patch.model_fields_set:\n        raise HTTPException(400, 'Nothing to change')\n"
                                     "    user = get_user_or_404(session, user_id)\n")],
                                   "PATCH /users/4 answers 400, expected 200"),
        "the 409 lost": ([("    try:\n        session.commit()\n    except IntegrityError as error:\n        session.rollback()\n"
                           "        if not is_unique_violation(error):\n            raise\n"
                           "        raise HTTPException(status.HTTP_409_CONFLICT, f\"A user with email {patch.email} already exists\")\n",
                           "    session.commit()\n")],
                         "answers 500, expected 409"),
    },
})

REGISTER = """
import time
from concurrent.futures import ThreadPoolExecutor

@app.post("/register", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def register(new: UserCreate, session: SessionDep):
    time.sleep(0.5)
    user = User(**new.model_dump())
    session.add(user)
    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        if not is_unique_violation(error):
            raise
        raise HTTPException(status.HTTP_409_CONFLICT, f"A user with email {new.email} already exists")
    session.refresh(user)
    return user
"""
CAUGHT = """    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        if not is_unique_violation(error):
            raise
        raise HTTPException(status.HTTP_409_CONFLICT, f"A user with email {new.email} already exists")
"""
LOOK_FIRST = """    if session.scalar(select(User).where(User.email == new.email)) is not None:
        raise HTTPException(status.HTTP_409_CONFLICT, f"A user with email {new.email} already exists")
    time.sleep(0.5)"""

add("10", LESSON_10, {
    "name": "race",
    "solution": REGISTER,
    "right": {
        "look first and catch": [("    time.sleep(0.5)", LOOK_FIRST)],
        "flush in the try, JSONResponse": [
            ("    try:\n        session.commit()\n", "    try:\n        session.flush()\n        session.commit()\n"),
            ('        raise HTTPException(status.HTTP_409_CONFLICT, f"A user with email {new.email} already exists")',
             '        return JSONResponse({"detail": "taken"}, status_code=409)'),
        ],
        "another name, sqlite's message": [("def register(", "def sign_up("),
                                            ("is_unique_violation(error)", '"UNIQUE constraint failed" in str(error.orig)')],
    },
    "wrong": {
        "response_model dropped": ([("response_model=UserOut, ", "")], "the docs of POST /register no longer say it answers a UserOut"),
        "placeholder": ([("    time.sleep(0.5)", LOOK_FIRST), (CAUGHT, "    session.commit()\n")],
                                               "6 registrations at once with one email answer [201, 500, 500, 500, 500, 500], expected one 201 and a 409 for each of the 5 others. Each 500 is an IntegrityError"),
        "no check at all": ([(CAUGHT, "    session.commit()\n")], "POST /register answers 500, expected 409"),
        "caught and passed": ([("        session.rollback()\n        if not is_unique_violation(error):\n            raise\n"
                                '        raise HTTPException(status.HTTP_409_CONFLICT, f"A user with email {new.email} already exists")\n',
                                "        session.rollback()\n")], "POST /register answers 500, expected 409"),
        "a 400": ([("status.HTTP_409_CONFLICT", "status.HTTP_400_BAD_REQUEST")], "POST /register answers 400, expected 409"),
        # one for each step (`python3 course.py mutate 10 --steps`)
        "the status left at its default": ([(", status_code=status.HTTP_201_CREATED)", ")")], "POST /register answers 200, expected 201"),
        "a dict returned": ([('        raise HTTPException(status.HTTP_409_CONFLICT, f"A user with email {new.email} already exists")',
                              '        return {"detail": "taken"}')], "POST /register answers 500, expected 409"),
    },
})
