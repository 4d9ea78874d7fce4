"""The copies upgrades leave in ``backups/`` beside the store, after a participant is erased: each copy
is rewritten without them, or removed where it cannot be.

A copy is opened as it is (plain, or encrypted with the store's passphrase through ``encryption``),
and every row about the participant is found through the copy's own schema, whatever version made it:
the participant's row, every row whose foreign key leads to it (visits, their check-ins, forms and
their answers, areas to grow, helpers, activities and their links, take-home file names), the
tombstones and the audit lines naming any of those ids or of the ids the store erased. They are
deleted with ``secure_delete`` on, the erasure's tombstone is added where the copy has tombstones,
and the copy is rebuilt (``VACUUM``) so that nothing of them is left in its free pages. A copy that
cannot be opened (another passphrase, a damaged file, not a store at all) or read (no participant
table) is removed instead, as is an unfinished copy (a ``.part`` file an upgrade left when stopped).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peewee import SqliteDatabase

from recovery_tui.store import encryption
from recovery_tui.store.errors import StoreError
from recovery_tui.store.models import database_proxy
from recovery_tui.store.records.erasure import ERASED, IN_ONE_GO, ErasedParticipant, id_texts

log = logging.getLogger("recovery_tui.store")


@dataclass(frozen=True)
class CopiesErased:
    """What became of the copies in ``folder``: how many were rewritten without the participants, how many
    held nothing of them, and which were removed (or could not be, and still hold them)."""

    folder: Path | None = None
    rewritten: tuple[Path, ...] = ()
    untouched: tuple[Path, ...] = ()
    removed: tuple[Path, ...] = ()
    left: tuple[Path, ...] = ()  # could be neither rewritten nor removed: they still hold them


class _CannotRewrite(Exception):
    """Not a copy this version can rewrite: it is removed."""


def backups_folder() -> Path | None:
    """The folder of upgrade copies beside the open SQLite store (None for a database server)."""
    db = database_proxy.obj
    if not isinstance(db, SqliteDatabase):
        return None
    return Path(db.database).parent / "backups"


def erase_in_copies(erased: Sequence[ErasedParticipant]) -> CopiesErased:
    """Rewrite every copy in ``backups/`` without the ``erased`` participants, or remove it."""
    folder = backups_folder()
    if not erased or folder is None or not folder.is_dir():
        return CopiesErased(folder)
    passphrase = database_proxy.obj.connect_params.get("passphrase")
    rewritten: list[Path] = []
    untouched: list[Path] = []
    removed: list[Path] = []
    left: list[Path] = []
    failures: tuple[type[BaseException], ...] = (_CannotRewrite, StoreError, sqlite3.Error, OSError)
    failures += encryption.driver_errors()
    try:
        unfinished = sorted(folder.glob(".*.part"))
        copies = sorted(folder.glob("*.sqlite3"))
    except OSError as error:
        raise StoreError(f"cannot read the backups folder {folder}: {error.strerror}") from None
    for copy in unfinished:
        (removed if _remove(copy) else left).append(copy)
    for copy in copies:
        try:
            held = _rewrite(copy, erased, passphrase)
        except failures as error:
            log.warning("a backup copy could not be rewritten after an erasure: %s", type(error).__name__)
            (removed if _remove(copy) else left).append(copy)
            continue
        (rewritten if held else untouched).append(copy)
    return CopiesErased(folder, tuple(rewritten), tuple(untouched), tuple(removed), tuple(left))


def _remove(copy: Path) -> bool:
    try:
        for extra in ("-journal", "-wal", "-shm"):
            copy.with_name(copy.name + extra).unlink(missing_ok=True)
        copy.unlink(missing_ok=True)
    except OSError:
        return False
    return True


def _rewrite(copy: Path, erased: Sequence[ErasedParticipant], passphrase: str | None) -> bool:
    """Whether the copy held anything of theirs (it is rewritten without it)."""
    kind = encryption.file_kind(copy)
    if kind == "plain":
        connection: Any = sqlite3.connect(copy, isolation_level=None)
    elif kind == "encrypted" and passphrase:
        connection = encryption.connect(copy, passphrase, isolation_level=None)
    else:
        raise _CannotRewrite(f"{copy.name} is {kind}")
    with contextlib.closing(connection):
        schema = _Schema(connection)
        connection.execute("PRAGMA secure_delete = ON")
        connection.execute("BEGIN IMMEDIATE")
        try:
            held = sum(_erase_one(connection, schema, person) for person in erased)
            connection.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(Exception):
                connection.execute("ROLLBACK")
            raise
        if held:
            connection.execute("PRAGMA temp_store = MEMORY")  # the rebuilt copy never in a temporary file
            connection.execute("VACUUM")
        connection.execute("PRAGMA journal_mode = DELETE")  # one file: no -wal beside the copy
    return held > 0


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _Schema:
    """The copy's tables, their columns and the foreign keys between them, read from the copy itself."""

    def __init__(self, connection: Any) -> None:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        self.tables = [name for (name,) in rows if not name.startswith("sqlite_")]
        if "participant" not in self.tables:
            raise _CannotRewrite("no participant table")
        self.columns = {
            t: {row[1] for row in connection.execute(f"PRAGMA table_info({_quoted(t)})")} for t in self.tables
        }
        self.links = {  # table to (column, the table it points to)
            t: [(row[3], row[2]) for row in connection.execute(f"PRAGMA foreign_key_list({_quoted(t)})")]
            for t in self.tables
        }

    def has(self, table: str, *columns: str) -> bool:
        return table in self.columns and set(columns) <= self.columns[table]


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), IN_ONE_GO):
        yield ordered[start : start + IN_ONE_GO]


def _where_in(connection: Any, sql: str, values: Iterable[str]) -> list[Any]:
    """``sql`` ending in ``IN``, run for the values a chunk at a time; the rows found."""
    found = []
    for chunk in _chunks(values):
        found += connection.execute(f"{sql} ({', '.join('?' * len(chunk))})", chunk).fetchall()
    return found


def _delete_in(connection: Any, table: str, column: str, values: Iterable[str]) -> int:
    deleted = 0
    for chunk in _chunks(values):
        cursor = connection.execute(
            f"DELETE FROM {_quoted(table)} WHERE {_quoted(column)} IN ({', '.join('?' * len(chunk))})", chunk
        )
        deleted += max(cursor.rowcount, 0)
    return deleted


def _erase_one(connection: Any, schema: _Schema, person: ErasedParticipant) -> int:
    """Delete every row about ``person`` from the copy; how many went."""
    ids = id_texts([person.participant_id])  # as the copy may hold them: 32 digits, or with hyphens
    doomed: dict[str, set[Any]] = {"participant": set(ids)}
    growing = True
    while growing:  # every row whose foreign key leads to one already doomed, until no more are found
        growing = False
        for table in schema.tables:
            if not schema.has(table, "id"):
                continue
            for column, parent in schema.links[table]:
                if not doomed.get(parent):
                    continue
                sql = f"SELECT id FROM {_quoted(table)} WHERE {_quoted(column)} IN"
                found = {row[0] for row in _where_in(connection, sql, doomed[parent])} - doomed.get(table, set())
                if found:
                    doomed.setdefault(table, set()).update(found)
                    growing = True
    deleted = sum(_delete_in(connection, table, "id", values) for table, values in doomed.items())
    every_id = {*_as_ids(v for values in doomed.values() for v in values), *person.record_ids}
    texts = id_texts(every_id)
    if schema.has("removal", "record_id"):
        deleted += _delete_in(connection, "removal", "record_id", texts)
    if schema.has("removal", "participant"):
        deleted += _delete_in(connection, "removal", "participant", ids)
    if schema.has("audit_event", "record_id"):
        deleted += _delete_in(connection, "audit_event", "record_id", texts)
    if deleted and schema.has("removal", "id", "created", "updated", "record_type", "record_id", "removed"):
        when = str(person.erased_at)
        connection.execute(
            "INSERT OR IGNORE INTO removal (id, created, updated, record_type, record_id, removed) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (uuid.uuid4().hex, when, when, ERASED, person.participant_id.hex, when),
        )
    return deleted


def _as_ids(values: Iterable[Any]) -> Iterable[uuid.UUID]:
    for value in values:
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            yield uuid.UUID(str(value))
