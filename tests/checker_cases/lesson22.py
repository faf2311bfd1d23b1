"""Answers a learner could write to lesson 22's exercises (see tests/test_checker_cases.py)."""

from checker_cases import ASYNC, add  # noqa: F401

LESSON_22 = """
import itertools
from typing import Annotated
from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from pydantic import BaseModel, ConfigDict
from sqlalchemy import ForeignKey, String, create_engine, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
import tempfile

folder = tempfile.TemporaryDirectory()  # one connection per thread, as with the lessons' files
engine = create_engine(f"sqlite:///{folder.name}/db.sqlite", connect_args={"check_same_thread": False})

class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    password: Mapped[str]

class Todo(Base):
    __tablename__ = "todos"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    done: Mapped[bool] = mapped_column(default=False)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)

Base.metadata.create_all(engine)

def get_session():
    with Session(engine) as session:
        yield session

SessionDep = Annotated[Session, Depends(get_session)]
app = FastAPI()
# serve
class Account(BaseModel):
    username: str
    password: str

class TodoIn(BaseModel):
    title: str | None = None
    done: bool | None = None

class TodoOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    title: str
    done: bool

@app.post("/users", status_code=201)
def register(account: Account, session: SessionDep):
    session.add(User(username=account.username, password=account.password))
    session.commit()
    return {"username": account.username}

@app.post("/token")
def login(form: Annotated[OAuth2PasswordRequestForm, Depends()], session: SessionDep):
    user = session.scalar(select(User).where(User.username == form.username))
    if user is None or user.password != form.password:
        raise HTTPException(401, "Incorrect username or password")
    return {"access_token": user.username, "token_type": "bearer"}

def get_current_user(token: Annotated[str, Depends(OAuth2PasswordBearer(tokenUrl="token"))], session: SessionDep) -> User:
    user = session.scalar(select(User).where(User.username == token))
    if user is None:
        raise HTTPException(401, "Could not validate credentials")
    return user

CurrentUser = Annotated[User, Depends(get_current_user)]

@app.post("/todos", status_code=201, response_model=TodoOut)
def create_todo(todo: TodoIn, user: CurrentUser, session: SessionDep):
    row = Todo(title=todo.title, owner_id=user.id)
    session.add(row)
    session.commit()
    return row

@app.patch("/todos/{todo_id}", response_model=TodoOut)
def update_todo(todo_id: int, change: TodoIn, user: CurrentUser, session: SessionDep):
    row = session.scalar(select(Todo).where(Todo.id == todo_id, Todo.owner_id == user.id))
    for key, value in change.model_dump(exclude_unset=True).items():
        setattr(row, key, value)
    session.commit()
    return row
"""
add("22", LESSON_22, {
    "name": "filter_todos",
    "solution": (
        '@app.get("/todos", response_model=list[TodoOut])\ndef list_todos(user: CurrentUser, session: SessionDep, done: bool | None = None):\n'
        "    query = select(Todo).where(Todo.owner_id == user.id).order_by(Todo.id)\n"
        "    if done is not None:\n        query = query.where(Todo.done == done)\n    return session.scalars(query).all()\n"
    ),
    "right": {
        "is_(), another name": [("def list_todos", "def my_todos"), ("Todo.done == done", "Todo.done.is_(done)")],
        "filtered in Python": [("    if done is not None:\n        query = query.where(Todo.done == done)\n    return session.scalars(query).all()\n",
                                "    return [t for t in session.scalars(query) if done is None or t.done == done]\n")],
    },
    "wrong": {
        "placeholder": ([("    if done is not None:\n        query = query.where(Todo.done == done)\n", "")], "/todos?done=true lists ['wash up', 'read', 'run', 'write'], expected ['read', 'write']"),
        "if done:": ([("if done is not None:", "if done:")], "/todos?done=false lists ['wash up', 'read', 'run', 'write'], expected ['wash up', 'run']"),
        "everyone's": ([("select(Todo).where(Todo.owner_id == user.id)", "select(Todo)")], "'not yours'"),
        "newest first": ([(".order_by(Todo.id)", ".order_by(Todo.id.desc())")], "/todos?done=true lists ['write', 'read']"),
    },
}, {
    "name": "todo_stats",
    "solution": (
        '@app.get("/todos/stats")\ndef todo_stats(user: CurrentUser, session: SessionDep):\n'
        "    total = session.scalar(select(func.count()).select_from(Todo).where(Todo.owner_id == user.id))\n"
        "    done = session.scalar(select(func.count()).select_from(Todo).where(Todo.owner_id == user.id, Todo.done))\n"
        '    return {"total": total, "done": done, "open": total - done}\n'
    ),
    "right": {
        "counted in Python": [("    total = session.scalar(select(func.count()).select_from(Todo).where(Todo.owner_id == user.id))\n    done = session.scalar(select(func.count()).select_from(Todo).where(Todo.owner_id == user.id, Todo.done))\n",
                               "    todos = session.scalars(select(Todo).where(Todo.owner_id == user.id)).all()\n    total, done = len(todos), sum(t.done for t in todos)\n")],
        "another name": [("def todo_stats", "def statistics")],
    },
    "wrong": {
        "placeholder": ([("    done = session.scalar(select(func.count()).select_from(Todo).where(Todo.owner_id == user.id, Todo.done))\n", "    done = 0\n"), ('"open": total - done', '"open": 0')], '{"total": 5, "done": 0, "open": 0}, expected {"total": 5, "done": 2, "open": 3}'),
        "everyone's done": ([("where(Todo.owner_id == user.id, Todo.done)", "where(Todo.done)")], '"done": 3'),
        "no token needed": ([("user: CurrentUser, session", "session")], "answers 500, expected 401"),
        "done as true": ([('"done": done,', '"done": bool(done),')], "is a boolean where a whole number is expected"),
    },
})
