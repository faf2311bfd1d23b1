"""Answers a learner could write to lesson 10's exercises (see tests/test_checker_cases.py)."""

from checker_cases import ASYNC, add  # noqa: F401

LESSON_10 = """
from contextlib import asynccontextmanager
from typing import Annotated
from fastapi import Depends, FastAPI, HTTPException, Query, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, EmailStr, Field
from sqlalchemy import String, create_engine, event, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
import tempfile

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
statements = []

@event.listens_for(engine, "before_cursor_execute")
def record_sql(connection, cursor, statement, parameters, context, executemany):
    statements.append((" ".join(statement.split()), parameters))

app = FastAPI()
# serve
def get_session():
    with Session(engine) as session:
        yield session

SessionDep = Annotated[Session, Depends(get_session)]

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
    except IntegrityError:
        session.rollback()
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
statements.clear()
"""
UPDATE_USER = """
@app.patch("/users/{user_id}", response_model=UserOut)
def update_user(user_id: int, patch: UserUpdate, session: SessionDep):
    user = get_user_or_404(session, user_id)
    for field, value in patch.model_dump(exclude_unset=True).items():
        setattr(user, field, value)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise HTTPException(status.HTTP_409_CONFLICT, f"A user with email {patch.email} already exists")
    session.refresh(user)
    return user
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
    },
}, {
    "name": "taken_email",
    "solution": UPDATE_USER,
    "right": {
        "JSONResponse 409": [("        raise HTTPException(status.HTTP_409_CONFLICT, f\"A user with email {patch.email} already exists\")",
                              '        return JSONResponse({"detail": "That email is taken"}, status_code=409)')],
        "look first, then change": [("    user = get_user_or_404(session, user_id)\n", "    user = get_user_or_404(session, user_id)\n    if patch.email and session.scalar(select(User).where(User.email == patch.email, User.id != user_id)):\n        raise HTTPException(409, 'taken')\n")],
    },
    "wrong": {
        "placeholder": ([("    try:\n        session.commit()\n    except IntegrityError:\n        session.rollback()\n        raise HTTPException(status.HTTP_409_CONFLICT, f\"A user with email {patch.email} already exists\")\n", "    session.commit()\n")], "(the IntegrityError was not caught)"),
        "caught, a dict returned": ([('        raise HTTPException(status.HTTP_409_CONFLICT, f"A user with email {patch.email} already exists")', '        return {"detail": "taken"}')], "returned something that is not a UserOut"),
        "caught, no rollback": ([("        session.rollback()\n        raise HTTPException(status.HTTP_409_CONFLICT, f\"A user with email {patch.email} already exists\")", "        pass")], "the session was not rolled back"),
        "400": ([("status.HTTP_409_CONFLICT", "400")], "answers 400, expected 409"),
        "look after the change": ([("    try:\n        session.commit()", "    if patch.email and session.scalar(select(User).where(User.email == patch.email, User.id != user_id)):\n        raise HTTPException(409, 'taken')\n    try:\n        session.commit()")],
                                  "(the IntegrityError was not caught)"),
    },
})
