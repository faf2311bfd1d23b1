"""The room dashboard: a JupyterHub service, in FastAPI, that shows the instructor who is stuck.

Learners' kernels POST each check's result to `{prefix}api/checks` with their own hub token
(helpers/room.py); the service asks the hub whose token it is, so nobody reports as someone
else. The instructor opens `{prefix}` (the hub's OAuth login): a grid of learners by exercises,
updated live by server-sent events. Only users with the scope `access:services!service=room`
get in: hub admins, and the group the hub's configuration names (workshop/jupyterhub_config.py).

The hub starts it (JupyterHub.services) and gives it its settings in environment variables:
JUPYTERHUB_API_URL, JUPYTERHUB_API_TOKEN, JUPYTERHUB_SERVICE_PREFIX, JUPYTERHUB_SERVICE_URL,
JUPYTERHUB_CLIENT_ID, JUPYTERHUB_OAUTH_CALLBACK_URL. Its own:

    COURSE_ROOM_DATABASE   an SQLAlchemy URL (default: sqlite:///room.sqlite, in the folder it runs in)
    COURSE_ROOM_LISTEN     host:port to listen on, when not JUPYTERHUB_SERVICE_URL's (on Kubernetes,
                           0.0.0.0:8100 while the others reach it at http://hub:8100)
"""

import asyncio
import hashlib
import html
import os
import re
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode, urlparse

import httpx
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.sse import EventSourceResponse, ServerSentEvent
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import String, create_engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

MAX_BODY = 2048  # bytes: a report is about 200
PER_LEARNER = 5.0  # reports a second per learner, on average...
BURST = 20  # ...with bursts up to this; beyond, 429 (the kernel drops it, the learner never waits)
TOKEN_CACHE_SECONDS = 60  # the hub is asked about a token at most once a minute
COOKIE = "room-token"

# ASCII only: a checker is a Python function's name, and a look-alike letter would make a second column.
Name = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.-]+$")]
TOKEN = re.compile(r"[!-~]{1,512}")  # a hub token: printable ASCII; anything else is nobody's


class CheckReport(BaseModel):
    """What a learner's kernel sends after a check. The learner's name comes from the token."""

    model_config = ConfigDict(extra="forbid")
    exercise: Name
    lesson: Annotated[str, Field(min_length=1, max_length=10, pattern=r"^[0-9]{1,3}$")]
    passed: bool
    failed_step: Annotated[str, Field(max_length=500, pattern=r"^[^\x00]*$")] | None = None  # PostgreSQL refuses NUL
    hint_asked: bool = False


class Base(DeclarativeBase):
    pass


class Cell(Base):
    """One learner's state on one exercise: the grid's cell."""

    __tablename__ = "cells"
    learner: Mapped[str] = mapped_column(String(100), primary_key=True)
    exercise: Mapped[str] = mapped_column(String(100), primary_key=True)
    lesson: Mapped[str] = mapped_column(String(10))
    passed: Mapped[bool] = mapped_column(default=False)
    checks: Mapped[int] = mapped_column(default=0)
    failed_step: Mapped[str | None] = mapped_column(String(500))
    same_step_failures: Mapped[int] = mapped_column(default=0)  # the same step, failed in a row
    hint_asked: Mapped[bool] = mapped_column(default=False)
    updated: Mapped[datetime] = mapped_column(default=lambda: datetime.now(UTC))

    @property
    def stuck(self) -> bool:
        return not self.passed and (self.same_step_failures >= 2 or self.hint_asked)

    def as_json(self) -> dict[str, object]:
        return {"learner": self.learner, "exercise": self.exercise, "lesson": self.lesson, "passed": self.passed,
                "checks": self.checks, "failed_step": self.failed_step, "stuck": self.stuck}  # fmt: skip

    def record(self, report: CheckReport) -> None:
        repeated = not report.passed and report.failed_step == self.failed_step
        self.same_step_failures = 0 if report.passed else (self.same_step_failures + 1 if repeated else 1)
        self.passed = self.passed or report.passed  # once passed, an exercise stays passed
        self.failed_step = None if report.passed else report.failed_step
        self.hint_asked = self.hint_asked or report.hint_asked
        self.checks += 1
        self.updated = datetime.now(UTC)


@dataclass
class Hub:
    """What the service asks the hub: whose token is this, and the OAuth login's exchange."""

    api_url: str
    api_token: str
    client_id: str
    callback_url: str
    http: httpx.AsyncClient = field(default_factory=lambda: httpx.AsyncClient(timeout=10, trust_env=False))
    _known: dict[str, tuple[float, dict | None]] = field(default_factory=dict)

    @classmethod
    def from_environment(cls) -> "Hub":
        env = os.environ
        return cls(env["JUPYTERHUB_API_URL"].rstrip("/"), env["JUPYTERHUB_API_TOKEN"],
                   env.get("JUPYTERHUB_CLIENT_ID", ""), env.get("JUPYTERHUB_OAUTH_CALLBACK_URL", ""))  # fmt: skip

    async def user_for_token(self, token: str) -> dict | None:
        """The hub's model of the token's owner (name, kind, scopes), or None for a bad token.
        Only the hub's 401, 403 or 404 say a token is bad; any other answer (429, a proxy's
        page...) is a 503 and is not remembered, so the learner's next report asks again."""
        if not TOKEN.fullmatch(token):  # a header's Latin-1 that no hub token holds: not sent on
            return None
        key = hashlib.sha256(token.encode()).hexdigest()
        now = time.monotonic()
        if key in self._known and self._known[key][0] > now:
            return self._known[key][1]
        try:
            answer = await self.http.get(f"{self.api_url}/user", headers={"Authorization": f"token {token}"})
        except httpx.HTTPError:
            answer = httpx.Response(503)
        user = None
        if answer.status_code == 200:
            try:
                user = answer.json()
            except ValueError:
                user = 0  # not the hub's JSON
        if answer.status_code not in (200, 401, 403, 404) or not isinstance(user, dict | None):
            raise HTTPException(503, "the hub did not answer: try again later")
        if len(self._known) > 10_000:
            self._known.clear()
        self._known[key] = (now + TOKEN_CACHE_SECONDS, user)
        return user

    def authorize_url(self, state: str) -> str:
        query = {"client_id": self.client_id, "redirect_uri": self.callback_url, "response_type": "code", "state": state}
        return f"{urlparse(self.api_url).path}/oauth2/authorize?{urlencode(query)}"

    async def token_for_code(self, code: str) -> str | None:
        data = {"client_id": self.client_id, "client_secret": self.api_token, "grant_type": "authorization_code",
                "code": code, "redirect_uri": self.callback_url}  # fmt: skip
        try:
            answer = await self.http.post(f"{self.api_url}/oauth2/token", data=data)
            token = answer.json().get("access_token") if answer.status_code == 200 else None
        except (httpx.HTTPError, ValueError, AttributeError):  # the hub gone, or not the hub's JSON
            raise HTTPException(503, "the hub did not finish the login: try again later")
        return token if isinstance(token, str) and TOKEN.fullmatch(token) else None


class LogIn(Exception):
    """A browser with no valid login: it goes to the hub's login page."""


class Room:
    """The database, the rate limits, and the open pages waiting for changes."""

    def __init__(self, database_url: str) -> None:
        self.engine = create_engine(database_url)
        Base.metadata.create_all(self.engine)
        self.buckets: dict[str, tuple[float, float]] = {}  # learner -> (tokens left, when)
        self.pages: set[asyncio.Queue[dict]] = set()

    def allow(self, learner: str) -> bool:
        """A token bucket per learner: a flood gets 429s, other learners are not slowed."""
        now = time.monotonic()
        tokens, then = self.buckets.get(learner, (BURST, now))
        tokens = min(BURST, tokens + (now - then) * PER_LEARNER)
        self.buckets[learner] = (tokens - 1, now) if tokens >= 1 else (tokens, now)
        return tokens >= 1

    def record(self, learner: str, report: CheckReport) -> dict[str, object]:
        with Session(self.engine) as session, session.begin():
            cell = session.get(Cell, (learner, report.exercise))
            if cell is None:
                cell = Cell(learner=learner, exercise=report.exercise, lesson=report.lesson, checks=0,
                            same_step_failures=0, passed=False, hint_asked=False)  # fmt: skip
                session.add(cell)
            cell.record(report)
            return cell.as_json()

    def tell_pages(self, change: dict[str, object]) -> None:
        """Send a changed cell to every open page (in the event loop: asyncio queues are not thread-safe)."""
        for page in self.pages:
            if page.qsize() < 1000:  # a page that stopped reading does not hold the memory
                page.put_nowait(change)

    def grid(self) -> list[dict[str, object]]:
        with Session(self.engine) as session:
            cells = session.scalars(select(Cell).order_by(Cell.lesson, Cell.exercise, Cell.learner))
            return [cell.as_json() for cell in cells]


def create_app(hub: Hub, database_url: str, prefix: str = "/services/room/") -> FastAPI:
    room = Room(database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await hub.http.aclose()
        room.engine.dispose()

    app = FastAPI(title="Room dashboard", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    router = APIRouter(prefix=prefix.rstrip("/"))
    app.state.room = room

    @app.exception_handler(LogIn)
    async def log_in(request: Request, error: LogIn) -> RedirectResponse:
        """To the hub's login page (OAuth), which sends the browser back to /oauth_callback."""
        state = secrets.token_urlsafe(16)
        redirect = RedirectResponse(hub.authorize_url(state), status_code=302)
        back = request.url.path if request.method == "GET" else prefix  # where to go once logged in
        redirect.set_cookie("room-state", f"{state} {back}", httponly=True, samesite="lax", path=prefix, max_age=600)
        return redirect

    async def learner(request: Request) -> str:
        """The reporting learner's name, from their own hub token (Authorization: token ...)."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() not in ("token", "bearer") or not token:
            raise HTTPException(401, "send your hub token: Authorization: token ...")
        user = await hub.user_for_token(token)
        if user is None or user.get("kind") != "user":
            raise HTTPException(403, "not a learner's token")
        return user["name"]

    async def instructor(request: Request) -> str:
        """The logged-in instructor; a browser without the room's cookie goes to the hub's login."""
        token = request.cookies.get(COOKIE)
        user = await hub.user_for_token(token) if token else None
        if user is None:
            raise LogIn()
        allowed = {"access:services", f"access:services!service={hub_service_name(prefix)}"}
        if allowed.isdisjoint(user.get("scopes", [])):
            raise HTTPException(403, "this page is for the room's instructor")
        return user["name"]

    @router.post("/api/checks", status_code=204)
    async def report(request: Request, name: Annotated[str, Depends(learner)]) -> None:
        body = bytearray()
        async for chunk in request.stream():  # read no more than MAX_BODY, whatever the headers say
            body += chunk
            if len(body) > MAX_BODY:
                raise HTTPException(413, f"a report is at most {MAX_BODY} bytes")
        try:
            check = CheckReport.model_validate_json(bytes(body))
        except ValidationError as error:
            raise HTTPException(422, error.errors(include_url=False, include_input=False, include_context=False))
        if not room.allow(name):
            raise HTTPException(429, "too many reports: slow down")
        try:
            room.tell_pages(await asyncio.to_thread(room.record, name, check))
        except SQLAlchemyError:  # e.g. SQLite busy for too long under a room's flood
            raise HTTPException(503, "the room's database is busy: the report was dropped")

    @router.get("/oauth_callback")
    async def oauth_callback(request: Request, code: str = "", state: str = "") -> RedirectResponse:
        expected, _, back = request.cookies.get("room-state", "").partition(" ")
        if not code or not expected or not secrets.compare_digest(state.encode(), expected.encode()):
            raise HTTPException(400, "the login did not come from this page: open it again")
        token = await hub.token_for_code(code)
        if token is None:
            raise HTTPException(403, "the hub refused the login")
        page = RedirectResponse(back if back.startswith(prefix) else prefix, status_code=302)
        page.set_cookie(COOKIE, token, httponly=True, samesite="lax", path=prefix)
        page.delete_cookie("room-state", path=prefix)
        return page

    @router.get("/", response_class=HTMLResponse)
    async def page(name: Annotated[str, Depends(instructor)]) -> str:
        return PAGE.replace("{{instructor}}", html.escape(name)).replace("{{prefix}}", html.escape(prefix))

    @router.get("/api/grid")
    async def grid(name: Annotated[str, Depends(instructor)]) -> list[dict[str, object]]:
        return await asyncio.to_thread(room.grid)

    @router.get("/api/events", response_class=EventSourceResponse)
    async def events(name: Annotated[str, Depends(instructor)]) -> AsyncIterator[ServerSentEvent]:
        changes: asyncio.Queue[dict] = asyncio.Queue()
        room.pages.add(changes)
        try:
            while True:
                yield ServerSentEvent(event="cell", data=await changes.get())  # data: JSON
        finally:
            room.pages.discard(changes)

    app.include_router(router)
    return app


def hub_service_name(prefix: str) -> str:
    return os.environ.get("JUPYTERHUB_SERVICE_NAME") or prefix.rstrip("/").rsplit("/", 1)[-1]


PAGE = (Path(__file__).parent / "page.html").read_text()


def main() -> None:
    import uvicorn

    default = "sqlite:///room.sqlite"
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/room/")
    app = create_app(Hub.from_environment(), os.environ.get("COURSE_ROOM_DATABASE", default), prefix)
    listen = os.environ.get("COURSE_ROOM_LISTEN")
    where = urlparse(f"http://{listen}" if listen else os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:8100"))
    uvicorn.run(app, host=where.hostname or "127.0.0.1", port=where.port or 8100, log_level="warning")


if __name__ == "__main__":
    main()
