"""Record the SQL an engine sends, so a notebook cell can print the SQL its requests caused.

In a project you would create the engine with `create_engine(..., echo=True)` and read
SQLAlchemy's log. In a notebook that log is written by the server's thread, and lands under
whichever cell happens to run; so lesson 10 records the statements in a list instead, with two
SQLAlchemy event listeners, and prints them under the cell that asks:

    sql = record_sql(engine)
    ...requests...
    sql.show()   # the statements sent since the last show(), then forgets them
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


class SqlLog(list[tuple[str, Any]]):
    """The statements an engine sent, oldest first: (the SQL on one line, its parameters).
    A COMMIT is recorded as ("COMMIT", ())."""

    def show(self) -> None:
        """Print the statements recorded since the last call, one a line, then forget them."""
        for statement, parameters in self:
            if parameters:
                print(statement, parameters)
            else:
                print(statement)
        self.clear()


def record_sql(engine: Engine) -> SqlLog:
    """Start recording every statement `engine` sends, and every COMMIT; return the SqlLog that
    fills up. The listeners stay on the engine for its whole life (an engine is made per run
    of the lesson's set-up cell, so they never pile up)."""
    log = SqlLog()

    @event.listens_for(engine, "before_cursor_execute")
    def record_statement(connection: Any, cursor: Any, statement: str, parameters: Any,
                         context: Any, executemany: bool) -> None:
        log.append((" ".join(statement.split()), parameters))

    @event.listens_for(engine, "commit")
    def record_commit(connection: Any) -> None:
        log.append(("COMMIT", ()))

    return log
