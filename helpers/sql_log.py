"""Record the SQL statements an SQLAlchemy engine sends, to read and count them in a notebook.

    from helpers.sql_log import SQLLog

    sql = SQLLog(engine)
    ...                  # requests, sessions
    sql.show()           # prints each statement sent since the last show(), then forgets them

Why: an N+1 query problem (one query for the list, then one more for each row's related rows)
is invisible from the client: the answer is right, only slow. Counting the statements shows it.
In a project you would turn on `create_engine(..., echo=True)` and read the log instead.

How: an SQLAlchemy event listener (`before_cursor_execute`) appends each statement, with its
parameters, to a list; `COMMIT`s are recorded too.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

__all__ = ["SQLLog"]


class SQLLog:
    """The statements `engine` sent since the last `take()` or `show()`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()  # plain `def` routes run in several threads at once
        # Every statement since the start (the oldest dropped past MAX_KEPT), where the last
        # take() or show() stopped, and how many were dropped: a place in the record is a
        # count, so a mark taken before a show() still finds what came after it.
        self._entries: list[str] = []
        self._shown = 0
        self._dropped = 0
        event.listen(engine, "before_cursor_execute", self._record)
        event.listen(engine, "commit", self._record_commit)

    MAX_KEPT = 10_000

    def _append(self, text: str) -> None:
        with self._lock:
            self._entries.append(text)
            extra = len(self._entries) - self.MAX_KEPT
            if extra > 0:
                del self._entries[:extra]
                self._dropped += extra
                self._shown = max(self._shown - extra, 0)

    def _record(self, connection: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                executemany: bool) -> None:
        text = " ".join(statement.split())
        if parameters:
            text += f" {tuple(parameters) if isinstance(parameters, list) else parameters}"
        self._append(text)

    def _record_commit(self, connection: Any) -> None:
        self._append("COMMIT")

    def take(self) -> list[str]:
        """The statements recorded since the last call (one string each, parameters after the
        SQL), and forget them. A mark taken before (see `mark`) still finds them."""
        with self._lock:
            taken = self._entries[self._shown :]
            self._shown = len(self._entries)
        return taken

    def show(self) -> None:
        """Print the statements recorded since the last call, one a line, then forget them."""
        for statement in self.take():
            print(statement)

    def mark(self) -> int:
        """Where the record ends now; `since(mark)` gives what was recorded after it, whatever
        `take()` or `show()` forgot in between."""
        with self._lock:
            return self._dropped + len(self._entries)

    def since(self, mark: int) -> list[str]:
        """The statements recorded after `mark` (from `mark()`), without forgetting them."""
        with self._lock:
            return self._entries[max(mark - self._dropped, 0) :]

    @contextmanager
    def hidden(self) -> Iterator[None]:
        """Forget what is recorded inside the block, keep what came before: a checker's own
        requests stay out of what the learner's next `show()` prints."""
        with self._lock:
            mark = self._dropped + len(self._entries)
        try:
            yield
        finally:
            with self._lock:
                start = max(mark - self._dropped, 0)
                del self._entries[start:]
                self._shown = min(self._shown, start)

    def close(self) -> None:
        """Stop recording (the engine keeps working)."""
        event.remove(self.engine, "before_cursor_execute", self._record)
        event.remove(self.engine, "commit", self._record_commit)
