"""What every records module shares: the short transaction, the audit line, stamping a change."""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, ParamSpec, TypeVar

from peewee import DoesNotExist, PeeweeException, SqliteDatabase

from recovery_tui import clock
from recovery_tui.store.errors import DatabaseProblem, NotFound, database_problem, driver_errors
from recovery_tui.store.models import AuditEvent, BaseModel, Removal, database_proxy

Row = TypeVar("Row", bound=BaseModel)
Result = TypeVar("Result")
Params = ParamSpec("Params")

acting_worker_id: uuid.UUID | None = None  # the unnamed peer worker until workers exist


DATABASE_ERRORS = (PeeweeException, sqlite3.Error)
WRITER_LOCK = 0x7265636F  # the server's advisory lock every write transaction takes ("reco")
SHORT_ID = 8  # characters of an id shown (the audit log) and taken back (the command line)


def is_database_error(error: BaseException) -> bool:
    """peewee's, SQLite's or (once loaded) SQLCipher's or psycopg's: the database's, not the code's."""
    return isinstance(error, DATABASE_ERRORS + driver_errors())


class _Step(threading.local):
    """This thread's records call in progress: how deep in guarded calls, and whether a transaction of it
    has committed (after which trying the call again could do its work twice)."""

    depth = 0
    committed = False


_step = _Step()


def guarded(function: Callable[Params, Result]) -> Callable[Params, Result]:
    """Every records function: a database that cannot be reached or read (busy with another
    program, a full disk, a damaged file, a lost server) is a StoreError the screens can show
    calmly, never peewee's own error. A server connection that was dropped (a restart, a network
    blip) is opened again and the whole call tried once more, so that the answer being saved is not
    lost: only the outermost call of a thread, outside any transaction, and only while nothing of it
    has committed (an import's first batches, an erasure) or was being committed (the server may have
    done it without saying so)."""

    @functools.wraps(function)
    def call(*args: Params.args, **kwargs: Params.kwargs) -> Result:
        outermost = _step.depth == 0 and database_proxy.obj is not None and not database_proxy.in_transaction()
        _step.depth += 1
        try:
            if outermost:
                _step.committed = False
            try:
                return _calmly(function, *args, **kwargs)
            except DatabaseProblem as problem:
                if not (outermost and problem.connection_lost and not _step.committed):
                    raise
            _start_again()
            return _calmly(function, *args, **kwargs)
        finally:
            _step.depth -= 1

    return call


def _calmly(function: Callable[Params, Result], *args: Params.args, **kwargs: Params.kwargs) -> Result:
    try:
        return function(*args, **kwargs)
    except Exception as error:
        if not is_database_error(error):
            raise
        raise database_problem(error) from None


def _start_again() -> None:
    """Drop this thread's dead connection; the next query opens a new one."""
    try:
        database_proxy.close()
    except Exception as error:
        if not is_database_error(error):
            raise


@contextmanager
def _atomic(sqlite_lock: str, server_isolation: str | None = None) -> Iterator[None]:
    on_server = not isinstance(database_proxy.obj, SqliteDatabase)
    outermost = not database_proxy.in_transaction()
    committing = False
    try:
        options = {"isolation_level": server_isolation} if on_server else {"lock_type": sqlite_lock}
        with database_proxy.atomic(**(options if outermost else {})):
            if on_server and sqlite_lock == "IMMEDIATE":
                # One writer at a time on a server too, as SQLite's IMMEDIATE gives: every rule that reads
                # before it writes (one open draft, five areas, a used agency ID) holds across kiosks. The
                # wait is the connection's lock timeout, then "busy".
                database_proxy.execute_sql("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
            yield
            committing = outermost
    except Exception as error:
        if not is_database_error(error):
            raise
        problem = database_problem(error)
        problem.connection_lost = problem.connection_lost and not committing  # it may have committed
        raise problem from None
    if outermost:
        _step.committed = True


def transaction() -> AbstractContextManager[None]:
    """One short write transaction; nothing half-written stays. On SQLite it begins IMMEDIATE,
    so that waiting for another writer happens at the start, within the busy timeout, instead of
    failing at once when a read turns into a write; on a server it takes the one writer's lock."""
    return _atomic("IMMEDIATE")


def reading() -> AbstractContextManager[None]:
    """One consistent read that never waits for a writer (SQLite's WAL, a server's REPEATABLE READ
    snapshot: what it reads agrees with itself while kiosks write)."""
    return _atomic("DEFERRED", server_isolation="REPEATABLE READ")


@guarded
def close_thread_connection() -> None:
    """Reads in a worker thread open that thread's own connection: close it as the thread finishes.
    Never call it on the app's own thread."""
    database_proxy.close()


def audit(action: str, record_type: str, record_id: object = None, by: uuid.UUID | None = None) -> None:
    """An audit line by the signed-in worker, or ``by`` (a worker whose right PIN was just typed)."""
    AuditEvent.create(
        worker=by or acting_worker_id,
        action=action,
        record_type=record_type,
        record_id=None if record_id is None else str(record_id),
    )


def note_removal(
    record_type: str, record_id: uuid.UUID, removed: dt.datetime | None = None, participant: object = None
) -> None:
    """The tombstone of a record taken out (now, or when another kiosk did), so that an older copy
    elsewhere does not bring it back. ``participant``: whose record it was, where known, so that
    erasing them takes the tombstone too."""
    Removal.insert(
        record_type=record_type, record_id=record_id, removed=removed or clock.now(), participant=participant
    ).on_conflict_ignore().execute()


def touch(row: BaseModel) -> None:
    row.updated = clock.now()
    row.save()


def change(row: BaseModel, values: dict[str, object]) -> None:
    """Set the given fields, stamp the row as updated and note the change in the audit log."""
    for name, value in values.items():
        setattr(row, name, value)
    touch(row)
    audit("change", row._meta.table_name, row.id)


def rows_of(query: Any) -> list[tuple[Any, ...]]:
    """A query's rows as plain tuples (peewee's stubs type them as model instances)."""
    return list(query.tuples())


def get_row(model: type[Row], record_id: object) -> Row:
    try:
        return model.get_by_id(uuid.UUID(str(record_id)))  # a server's uuid column refuses other text outright
    except (DoesNotExist, ValueError):
        raise NotFound(f"no {model.__name__.lower()} with id {record_id}") from None


def local_date(moment: object) -> dt.date | None:
    if moment is None:
        return None
    if isinstance(moment, str):  # SQLite hands back MAX() of a datetime column as text
        moment = dt.datetime.fromisoformat(moment)
    assert isinstance(moment, dt.datetime)
    return moment.replace(tzinfo=dt.UTC).astimezone().date()


UNCHANGED: object = object()  # a keyword left out of a save: keep what is stored
