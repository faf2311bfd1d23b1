"""Answers a learner could write to lesson 11's exercises (see tests/test_checker_cases.py)."""

from checker_cases import ASYNC, add  # noqa: F401

LESSON_11 = """
import tempfile
from typing import Annotated
from fastapi import Depends, FastAPI, Header, HTTPException, Path, status
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import ForeignKey, String, create_engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship
from helpers.sql_log import SQLLog

class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    notes: Mapped[list["Note"]] = relationship(back_populates="owner", cascade="all, delete-orphan")

class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(500))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    owner: Mapped[User] = relationship(back_populates="notes")

folder = tempfile.TemporaryDirectory()
engine = create_engine(f"sqlite:///{folder.name}/notes.db", connect_args={"check_same_thread": False})
Base.metadata.create_all(engine)
sql = SQLLog(engine)
with Session(engine) as session:
    session.add(User(name="ada", notes=[Note(text="buy milk"), Note(text="call Grace")]))
    session.add(User(name="grace", notes=[Note(text="fix the compiler")]))
    session.add(User(name="alan", notes=[Note(text="break the code"), Note(text="go for a run")]))
    session.commit()
app = FastAPI()
# serve
def get_session():
    with Session(engine) as session:
        yield session

SessionDep = Annotated[Session, Depends(get_session)]
NoteId = Annotated[int, Path(ge=1, le=2**63 - 1)]  # lesson 10: what SQLite's INTEGER can hold

def current_user(x_user: Annotated[str, Header()], session: SessionDep) -> User:
    user = session.scalar(select(User).where(User.name == x_user))
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Unknown user")
    return user

CurrentUser = Annotated[User, Depends(current_user)]

class NoteIn(BaseModel):
    text: str = Field(min_length=1, max_length=500)

class NoteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    text: str
    owner_id: int

class UserIn(BaseModel):
    name: str = Field(min_length=1, max_length=50)

@app.post("/notes", response_model=NoteOut, status_code=status.HTTP_201_CREATED)
def create_note(new: NoteIn, user: CurrentUser, session: SessionDep):
    note = Note(text=new.text, owner=user)
    session.add(note)
    session.commit()
    return note

@app.get("/notes", response_model=list[NoteOut])
def list_my_notes(user: CurrentUser, session: SessionDep):
    return session.scalars(select(Note).where(Note.owner_id == user.id).order_by(Note.id)).all()

def get_own_note(session, user, note_id):
    note = session.get(Note, note_id)
    if note is None or note.owner_id != user.id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Note {note_id} not found")
    return note

@app.get("/notes/{note_id}", response_model=NoteOut)
def read_note(note_id: int, user: CurrentUser, session: SessionDep):
    return get_own_note(session, user, note_id)

@app.delete("/notes/{note_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_note(note_id: int, user: CurrentUser, session: SessionDep):
    session.delete(get_own_note(session, user, note_id))
    session.commit()

@app.post("/users", status_code=status.HTTP_201_CREATED)
def sign_up(new: UserIn, session: SessionDep):
    user = User(name=new.name)
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise HTTPException(status.HTTP_409_CONFLICT, f"The name {new.name} is taken")
    return {"id": user.id, "name": user.name}

@app.delete("/users/me", status_code=status.HTTP_204_NO_CONTENT)
def delete_me(user: CurrentUser, session: SessionDep):
    session.delete(user)
    session.commit()

assert server.client.post("/notes", json={"text": "water the plants"}, headers={"X-User": "grace"}).status_code == 201
assert server.client.delete("/users/me", headers={"X-User": "alan"}).status_code == 204
sql.take()
"""

PREDICTED_11 = """predictions = {
    "GET /notes/2 as ada": 200,
    "GET /notes/3 as ada": 404,
    "DELETE /notes/2 as grace": 404,
    "GET /notes as alan": 401,
    "GET /notes/2 with no X-User header": 422,
}
"""

UPDATE_NOTE = """
@app.patch("/notes/{note_id}", response_model=NoteOut)
def update_note(note_id: NoteId, change: NoteIn, user: CurrentUser, session: SessionDep):
    note = get_own_note(session, user, note_id)
    note.text = change.text
    session.commit()
    return note
"""
BUGGY_LOOKUP = (
    "    note = session.get(Note, note_id)\n    if note is None:\n"
    "        raise HTTPException(status.HTTP_404_NOT_FOUND, f\"Note {note_id} not found\")\n"
)

add("11", LESSON_11, {
    "name": "predict_owners",
    "arguments": ("predictions",),
    "solution": PREDICTED_11,
    "right": {
        "as text": [(": 200,", ': "200",'), (": 401,", ': "401",')],
        "status constants": [(": 422,", ": status.HTTP_422_UNPROCESSABLE_CONTENT,"), (': 404,\n    "DELETE', ": status.HTTP_404_NOT_FOUND,\n    \"DELETE")],
    },
    "wrong": {
        "placeholder": ([(": 200,", ": ...,"), (": 401,", ": ...,")], "write down your prediction for GET /notes/2 as ada, GET /notes as alan first"),
        "another's note is a 403": ([('"GET /notes/3 as ada": 404', '"GET /notes/3 as ada": 403')], "GET /notes/3 as ada: you predicted 403, it answers 404"),
        "a deleted user has no notes": ([(": 401,", ": 200,")], "GET /notes as alan: you predicted 200, it answers 401"),
        "no header is a 401": ([(": 422,", ": 401,")], "GET /notes/2 with no X-User header: you predicted 401, it answers 422"),
        "a line removed": ([('    "DELETE /notes/2 as grace": 404,\n', "")], "no prediction for DELETE /notes/2 as grace"),
        # one for each step (`python3 course.py mutate 11 --steps`)
        "anyone may delete any note": ([('"DELETE /notes/2 as grace": 404', '"DELETE /notes/2 as grace": 204')],
                                       "DELETE /notes/2 as grace: you predicted 204, it answers 404"),
    },
}, {
    "name": "update_note",
    "solution": UPDATE_NOTE,
    "right": {
        "inline check, another name": [("def update_note", "def edit_note"), ("    note = get_own_note(session, user, note_id)\n",
            BUGGY_LOOKUP.replace("if note is None:", "if note is None or note.owner_id != user.id:"))],
        "one query with both conditions, async def": [ASYNC, ("get_own_note(session, user, note_id)",
            "session.scalar(select(Note).where(Note.id == note_id, Note.owner_id == user.id))\n"
            "    if note is None:\n        raise HTTPException(404, 'Not found')")],
        "through the relationship": [("get_own_note(session, user, note_id)",
            "next((n for n in user.notes if n.id == note_id), None)\n"
            "    if note is None:\n        raise HTTPException(404, 'Not found')")],
    },
    "wrong": {
        "changed but never committed": ([("    note.text = change.text\n    session.commit()\n", "    note.text = change.text\n")],
                                        "after the owner's PATCH, GET's text (is the change committed?) is \"the owner's words\""),
        "placeholder": ([("    note = get_own_note(session, user, note_id)\n", BUGGY_LOOKUP)], "by another user answers 200, expected 404: anyone can change anyone's note"),
        "403 for someone else's note": ([("    note = get_own_note(session, user, note_id)\n", BUGGY_LOOKUP + "    if note.owner_id != user.id:\n        raise HTTPException(403, 'Not yours')\n")],
                                         "by another user answers 403, expected 404"),
        "an id compared with a user": ([("    note = get_own_note(session, user, note_id)\n", BUGGY_LOOKUP.replace("if note is None:", "if note is None or note.owner_id != user:"))],
                                       "answers 404, expected 200"),
        "no check for a missing note": ([("    note = get_own_note(session, user, note_id)\n",
                                          "    note = session.get(Note, note_id)\n    if note.owner_id != user.id:\n        raise HTTPException(404, 'Not found')\n")],
                                        "PATCH /notes/999999999 answers 500, expected 404"),
        # one for each step (`python3 course.py mutate 11 --steps`)
        "the change echoed back": ([('@app.patch("/notes/{note_id}", response_model=NoteOut)', '@app.patch("/notes/{note_id}")'),
                                    ("    return note\n", "    return change\n")],
                                   'the body is {"text": "changed by its owner"}'),
        "an optional text, a null ignored": ([("change: NoteIn", "change: NoteChange"),
                                              ("    note.text = change.text\n", "    if change.text is not None:\n        note.text = change.text\n"),
                                              ('@app.patch("/notes/{note_id}"', 'class NoteChange(BaseModel):\n    text: str | None = Field(default=None, min_length=1, max_length=500)\n\n\n@app.patch("/notes/{note_id}"')],
                                             "answers 200, expected 422"),
        "changed, then checked": ([("    note = get_own_note(session, user, note_id)\n    note.text = change.text\n    session.commit()\n",
                                    "    note = session.get(Note, note_id)\n    note.text = change.text\n    session.commit()\n    get_own_note(session, user, note_id)\n")],
                                  "after the other user's PATCH, the note's text is \"vandalised\""),
    },
})

DIRECTORY = """
@app.get("/users")
def directory(session: SessionDep) -> list[dict[str, str | int]]:
    users = session.scalars(select(User).options(selectinload(User.notes)).order_by(User.id))
    return [{"name": user.name, "notes": len(user.notes)} for user in users]
"""
SELECTIN = "select(User).options(selectinload(User.notes)).order_by(User.id)"

add("11", LESSON_11 + "from sqlalchemy import func\nfrom sqlalchemy.orm import joinedload, selectinload\n", {
    "name": "directory",
    "solution": DIRECTORY,
    "right": {
        "one GROUP BY query": [("    users = session.scalars(" + SELECTIN + ")\n    return [{\"name\": user.name, \"notes\": len(user.notes)} for user in users]",
                                "    rows = session.execute(select(User.name, func.count(Note.id)).outerjoin(User.notes).group_by(User.id).order_by(User.id))\n"
                                "    return [{\"name\": name, \"notes\": count} for name, count in rows]")],
        "a response model, another name": [("def directory(session: SessionDep) -> list[dict[str, str | int]]:",
                                            "def list_users(session: SessionDep) -> list[UserSummary]:"),
                                           ('@app.get("/users")', 'class UserSummary(BaseModel):\n    name: str\n    notes: int\n\n@app.get("/users")')],
        "joinedload, unique": [("selectinload(User.notes)", "joinedload(User.notes)"), ("session.scalars(", "session.scalars("),
                               (".order_by(User.id))", ".order_by(User.id)).unique()")],
    },
    "wrong": {
        "placeholder (the empty cell)": ([(DIRECTORY, "# ✏️ Write GET /users here\n")], "GET /users answers 405, expected 200"),
        "lazy loading": ([(".options(selectinload(User.notes))", "")], "SELECT statements for"),
        "pairs, not objects": ([('{"name": user.name, "notes": len(user.notes)}', "[user.name, len(user.notes)]"), ("-> list[dict[str, str | int]]", "-> list")],
                               "expected a list of objects"),
        "lazy loading, the log emptied in the route": (
            [(".options(selectinload(User.notes))", ""),
             ("    return [{", "    sql.mark()\n    answer = [{"),
             ("for user in users]", "for user in users]\n    sql.show()\n    sql.take()\n    return answer")],
            "SELECT statements for"),
        "an inner join": ([("    users = session.scalars(" + SELECTIN + ")\n    return [{\"name\": user.name, \"notes\": len(user.notes)} for user in users]",
                            "    rows = session.execute(select(User.name, func.count(Note.id)).join(User.notes).group_by(User.id).order_by(User.id))\n"
                            "    return [{\"name\": name, \"notes\": count} for name, count in rows]")],
                          "the entries of three new users with 0, 1 and 2 notes is"),
        "the notes themselves": ([('"notes": len(user.notes)', '"notes": [note.text for note in user.notes]'), ("-> list[dict[str, str | int]]", "-> list[dict]")],
                                 "the entries of three new users"),
    },
})
