"""What every records module shares: the short transaction, the audit line, stamping a change."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from peewee import DatabaseError, DoesNotExist

from recovery_tui import clock
from recovery_tui.store.errors import NotFound, StoreError
from recovery_tui.store.models import AuditEvent, BaseModel, database_proxy

Row = TypeVar("Row", bound=BaseModel)

acting_worker_id: uuid.UUID | None = None  # the unnamed peer worker until workers exist


@contextmanager
def transaction() -> Iterator[None]:
    """One short transaction. A database that cannot be written (locked by another program,
    a lost server) is a StoreError the screens show, never a crash; nothing half-written stays."""
    try:
        with database_proxy.atomic():
            yield
    except DatabaseError as error:
        raise StoreError(f"The records could not be saved just now ({error}). Please try again.") from None


def audit(action: str, record_type: str, record_id: object = None) -> None:
    AuditEvent.create(
        worker=acting_worker_id,
        action=action,
        record_type=record_type,
        record_id=None if record_id is None else str(record_id),
    )


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
        return model.get_by_id(record_id)
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
