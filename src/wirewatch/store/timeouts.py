"""A time limit on each statement of a reading store.

SQLite has no statement timeout: a progress handler, called every few hundred
virtual-machine steps, interrupts a statement that has run longer than the
limit. PostgreSQL has one (``statement_timeout``). Either way the interruption
becomes the numbered error ``WW034`` instead of a driver exception.
"""

from __future__ import annotations

import time

from sqlalchemy import Engine, event

from ..errors import Code, WirewatchError
from ..limits import QUERY_SECONDS

_STARTED = "wirewatch_statement_started"
_STEPS = 200  # SQLite VM instructions between checks: cheap, and fine-grained enough


def limit_statements(engine: Engine, seconds: float) -> None:
    """Make every statement run through ``engine`` stop after ``seconds`` with ``WW034``."""
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _watch(dbapi_connection, record) -> None:
            info = record.info

            def over_time() -> int:
                started = info.get(_STARTED)
                return int(started is not None and time.monotonic() - started > seconds)

            dbapi_connection.set_progress_handler(over_time, _STEPS)

        @event.listens_for(engine, "before_cursor_execute")
        def _start(conn, cursor, statement, parameters, context, executemany) -> None:
            conn.info[_STARTED] = time.monotonic()
    else:
        @event.listens_for(engine, "connect")
        def _timeout(dbapi_connection, record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute(f"SET statement_timeout = {max(1, int(seconds * 1000))}")
            cursor.close()
            dbapi_connection.commit()

    @event.listens_for(engine, "handle_error")
    def _report(context) -> None:
        if _timed_out(context.original_exception):
            raise WirewatchError(Code.QUERY_TIMEOUT, f"the query ran longer than the {seconds:g}-second limit and was stopped; "
                                 f"narrow it (dates, entity, source) or raise {QUERY_SECONDS.env}") from context.original_exception


def _timed_out(exc: BaseException) -> bool:
    name = type(exc).__name__
    return (name == "OperationalError" and "interrupted" in str(exc)) or name == "QueryCanceled"
