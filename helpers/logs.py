"""What a live server logs: kept out of the notebook's cells, shown on demand by `server.logs()`.

The rules, and why:
- A log line belongs to the server whose request (or start-up) it was logged in, whichever
  thread logged it: the server thread, or a worker thread that runs a plain `def` route.
  A context variable, set in the server's thread and copied into the worker threads, says which.
- Lines never reach the cell's output: in a notebook they would land in whatever cell runs.
- uvicorn's loggers are set up again before each request, so that a learner's
  `logging.config.dictConfig(...)` (which drops the filters of existing loggers, or disables
  them) cannot silence `logs()` for good.
- A log call that cannot be formatted is kept as written; it never makes a route fail.
- The log is bounded: it keeps the newest `MAX_ENTRIES` entries and says how many it dropped.
"""

from __future__ import annotations

import collections
import contextvars
import logging

MAX_ENTRIES = 2000  # an entry is one log call: a line, or a line and its traceback
# uvicorn's loggers, and asyncio's, which reports a failure inside the server's event loop.
CAUGHT_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi", "asyncio")
INFO_LOGGERS = ("uvicorn.error", "uvicorn.access")  # uvicorn's "info" lines are the requests
# uvicorn's "Started/Finished server process [PID]": in a notebook the PID is the kernel's.
PROCESS_LINES = ("Started server process [%d]", "Finished server process [%d]")


class LogText(str):
    """A str that a notebook displays as plain lines, not as a quoted repr."""

    def __repr__(self) -> str:
        return str(self)


class Entry(str):
    """One log entry as text; `error` names the exception it records ("KeyError: 'pears'"),
    read from the exception itself when it was logged, or "" when it records none."""

    error = ""


def summary(error: BaseException) -> str:
    """ "KeyError: 'pears'": the exception's type and the first line of its message. Of an
    exception group (a stream's, a task group's), its last exception, the one that ended it."""
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[-1]
    first = next(iter(str(error).splitlines()), "")
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


class ServerLog:
    """The newest `MAX_ENTRIES` log entries of one server, and how many older ones were dropped."""

    def __init__(self) -> None:
        self.entries: collections.deque[str] = collections.deque(maxlen=MAX_ENTRIES)
        self.dropped = 0

    def add(self, entry: str) -> None:
        if len(self.entries) == self.entries.maxlen:
            self.dropped += 1
        self.entries.append(entry)

    def since(self, since: int) -> list[str]:
        """The entries added after the first `since` (see `count`) that are still kept."""
        return list(self.entries)[max(0, since - self.dropped) :]

    def errors(self, since: int = 0) -> list[str]:
        """The exceptions logged after the first `since` entries, one line each, as
        "KeyError: 'pears'"; an error logged without an exception gives its first line."""
        failed = [entry for entry in self.since(since) if entry.startswith(("ERROR", "CRITICAL"))]
        return [getattr(entry, "error", "") or entry.splitlines()[0] for entry in failed]

    def count(self) -> int:
        """How many entries were ever added, the dropped ones included."""
        return self.dropped + len(self.entries)

    def text(self, since: int = 0) -> LogText:
        """The entries added after the first `since` (see `count`), one per line, first saying
        how many of those were dropped. A count, not a length of text, marks a place in the
        log: once the log is full its text stops growing, while entries still come and go."""
        lines = list(self.entries)[max(0, since - self.dropped) :]
        missing = max(0, self.dropped - since)
        if missing:
            lines.insert(0, f"({missing} earlier log entries dropped; the newest {len(lines)} are kept)")
        return LogText("\n".join(lines))


current_log: contextvars.ContextVar[ServerLog | None] = contextvars.ContextVar("current_log", default=None)


class _LogCatcher(logging.Filter):
    """Takes each record of `CAUGHT_LOGGERS` logged for a live server into that server's log.

    A filter on uvicorn's loggers rather than a handler: anything that sets up uvicorn's default
    logging (a `uvicorn.run` in a cell, for one) replaces their handlers, but keeps filters.
    Records logged outside a live server pass on unchanged.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        log = current_log.get()
        if log is None:
            return True
        if not (isinstance(record.msg, str) and record.msg in PROCESS_LINES):
            text = f"{record.levelname}: {_message(record)}"
            if record.exc_info:
                text += "\n" + logging.Formatter().formatException(record.exc_info)
            entry = Entry(text)
            if record.exc_info and record.exc_info[1] is not None:
                entry.error = summary(record.exc_info[1])  # recorded now: no traceback to re-read
            log.add(entry)
        return False


_catcher = _LogCatcher()


def _message(record: logging.LogRecord) -> str:
    if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) == 5:
        _client, method, path, _http_version, status = record.args
        return f"{method} {path} -> {status}"  # leaves out the client's port, which changes
    try:
        return record.getMessage()
    except Exception:  # e.g. logger.info({"a": 1}, 2): keep it as written
        return f"{record.msg!r} {record.args!r}"


def catch_uvicorn_logs() -> None:
    """Put the catcher on uvicorn's loggers, and undo what would hide their records from it.

    Cheap enough to run before every request. uvicorn writes no access log at all when its
    logger has no handler anywhere up the tree (often the case in a kernel), hence the handler
    that does nothing.
    """
    for name in CAUGHT_LOGGERS:
        logger = logging.getLogger(name)
        logger.disabled = False
        if _catcher not in logger.filters:
            logger.addFilter(_catcher)
        if name in INFO_LOGGERS and logger.getEffectiveLevel() > logging.INFO:
            logger.setLevel(logging.INFO)
    access = logging.getLogger("uvicorn.access")
    if not access.hasHandlers():
        access.addHandler(logging.NullHandler())
