"""Open the store: file permissions, pragmas, migrations, the model binding."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from peewee import Database, DatabaseError, ImproperlyConfigured, SqliteDatabase
from playhouse.migrations import Runner

from recovery_tui import clock
from recovery_tui.config import Settings
from recovery_tui.private_files import make_private_dir, replacing
from recovery_tui.store import encryption, server
from recovery_tui.store.errors import StoreError, database_problem, driver_errors, log, server_said
from recovery_tui.store.models import database_proxy

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
APP_WAIT_SECONDS = 2.0  # a key in the app waits this long for another writer, then says "Not saved"
COMMAND_WAIT_SECONDS = 60.0  # the command line can wait longer
APP_STATEMENT_MS = 5000  # on a server, a statement of the app's is given up after this long


def sqlite_pragmas(wait_seconds: float) -> dict[str, object]:
    return {
        "busy_timeout": round(wait_seconds * 1000),  # first: setting WAL may itself wait for another process
        "journal_mode": "wal",
        "synchronous": "full",
        "foreign_keys": 1,
    }


def open_store(settings: Settings, wait_seconds: float = APP_WAIT_SECONDS, passphrase: str | None = None) -> Database:
    """Open (creating if needed) and upgrade the store, and bind the models to it. Writes wait up to
    ``wait_seconds`` for another writer (another kiosk, an import) before they give up. An encrypted
    store needs its ``passphrase``: without one it is ``PassphraseNeeded``, with a wrong one
    ``WrongPassphrase``. A store on a server is never upgraded here: its schema must already be the one
    this version needs (``migrate_store`` is the deliberate step)."""
    if settings.sqlite_path is None:
        db = _opened(settings, lambda db: _refuse_other_schema(db, settings.database_url), wait_seconds)
    else:
        db = _opened(settings, lambda db: migrate(db, _backups(settings)), wait_seconds, passphrase)
    database_proxy.initialize(db)
    return db


def migrate_store(
    settings: Settings, wait_seconds: float = COMMAND_WAIT_SECONDS, passphrase: str | None = None
) -> list[str]:
    """Apply the pending migrations (on a server, with a role that owns the schema) and return their
    names; the store is left closed."""
    applied: list[str] = []
    db = _opened(settings, lambda db: applied.extend(migrate(db, _backups(settings))), wait_seconds, passphrase)
    close_store(db)
    return applied


def _backups(settings: Settings) -> Path | None:
    """Where upgrade copies of a SQLite store go (a server keeps none here)."""
    return settings.sqlite_path.parent / "backups" if settings.sqlite_path else None


def _opened(
    settings: Settings, then: Callable[[Database], object], wait_seconds: float, passphrase: str | None = None
) -> Database:
    path = settings.sqlite_path
    if path is None:
        return _connected(settings, then, wait_seconds)
    _prepare_private_file(path, tighten_folder=not settings.data_dir_chosen and path.parent == settings.data_dir)
    # One opener at a time (setting WAL on a new file does not wait for the busy timeout), and none while
    # encrypt or rekey changes the file: what the file is, plain or encrypted, is decided under the lock.
    with encryption.opening_alone(path):
        return _connected(settings, then, wait_seconds, passphrase)


def _connected(
    settings: Settings, then: Callable[[Database], object], wait_seconds: float, passphrase: str | None = None
) -> Database:
    """The store's database, connected, after ``then`` (an upgrade, or a check of the schema) is done
    with it; any database error on the way is the store's clear message, the password never in it."""
    path = settings.sqlite_path
    shown = server.shown_url(settings.database_url)
    if path is None and not server.is_server_url(settings.database_url):
        raise StoreError(f"cannot use the database {shown}: the records are sqlite:///FILE or postgresql://...")
    try:
        db = _sqlite(path, shown, wait_seconds, passphrase) if path else _server(settings.database_url, wait_seconds)
    except server.UnreadableURL as error:
        raise StoreError(f"cannot use the database {shown}: {error}") from None
    connected = False
    try:
        db.connect(reuse_if_open=True)
        connected = True
        then(db)
    except StoreError:
        db.close()
        raise
    except Exception as error:
        if not isinstance(error, (DatabaseError, sqlite3.DatabaseError, ImproperlyConfigured, *driver_errors())):
            raise
        db.close()
        # libpq's reason a connection was refused names no record; an error after it (an upgrade's) might
        said = "" if path or connected else server_said(error, server.password_of(settings.database_url))
        log.warning("cannot open the store at %s: %s", shown, said or type(error).__name__)
        quoted = f' (the server said: "{said}")' if said else ""
        raise StoreError(f"cannot open the store at {shown}: {database_problem(error)}{quoted}") from None
    return db


def _server(url: str, wait_seconds: float) -> Database:
    """A PostgreSQL store. A row another kiosk has locked is waited for as long as a SQLite write waits; in
    the app, a statement the server is slow to finish is given up after a few seconds, so that a key never
    waits long (a command has no such limit: an import's batches may take longer)."""
    wait_ms = round(wait_seconds * 1000)
    try:
        db: Database = server.server_database(
            url,
            lock_timeout_ms=wait_ms,
            statement_timeout_ms=APP_STATEMENT_MS if wait_seconds <= APP_WAIT_SECONDS else 0,
        )
    except server.ServerUnavailable as error:
        raise StoreError(str(error)) from None
    return db


def _refuse_other_schema(db: Database, url: str) -> None:
    """A server's schema is upgraded only by ``recovery-tui migrate``: the app and its commands refuse one
    older than they need, and one newer than they know."""
    newer, pending = schema_status(db)
    if newer:
        raise StoreError(_newer_message(newer))
    if pending and not db.get_tables():
        raise StoreError(
            f"the database at {server.shown_url(url)} has no recovery-tui records yet. Ask the agency's IT "
            "contact to run recovery-tui migrate with the role that owns the database first"
        )
    if pending:
        raise StoreError(
            f"the records at {server.shown_url(url)} need an upgrade to this version of recovery-tui "
            f"(migration {pending[0].split('_')[0]} and later), which the kiosks do not make themselves. "
            "Ask the agency's IT contact to run recovery-tui migrate with the role that owns the database, "
            "then start again"
        )


def _sqlite(path: Path, shown: str, wait_seconds: float, passphrase: str | None) -> Database:
    """The plain or encrypted SQLite database at ``path``. Write transactions begin IMMEDIATE
    (records.reading() asks for DEFERRED)."""
    kind = encryption.file_kind(path)
    if kind == "neither":
        raise StoreError(
            f"cannot open the store at {shown}: {path.name} is neither a SQLite file nor an encrypted one, "
            "so it is not a recovery-tui store. Ask the agency's IT contact."
        )
    if kind != "encrypted":
        # From the path, never a URL: a folder named "Rec #2" would end the file's name at the #.
        return SqliteDatabase(str(path), pragmas=sqlite_pragmas(wait_seconds), lock_type="IMMEDIATE")
    if not passphrase:
        raise encryption.PassphraseNeeded(encryption.NEEDS_PASSPHRASE)
    # A wrong passphrase is said before anything else is tried.
    encryption.connect(path, passphrase, timeout=wait_seconds).close()
    from playhouse.sqlcipher_ext import SqlCipherDatabase

    return SqlCipherDatabase(  # type: ignore[no-any-return]
        str(path), passphrase=passphrase, pragmas=sqlite_pragmas(wait_seconds), lock_type="IMMEDIATE"
    )


def close_store(db: Database) -> None:
    if not db.is_closed():
        db.close()


def schema_status(db: Database) -> tuple[list[str], list[str]]:
    """The migrations this database has that this version does not know, and those it still needs."""
    status = Runner(db, directory=str(MIGRATIONS_DIR)).status()
    newer = [m.name for m in status if m.path is None and m.applied]
    pending = [m.name for m in status if m.path and not m.applied]
    return newer, pending


def _newer_message(newer: list[str]) -> str:
    number = newer[-1].split("_")[0]
    return f"This data was written by a newer recovery-tui (migration {number}); install that version or newer"


def migrate(db: Database, backup_dir: Path | None) -> list[str]:
    """Apply pending migrations in order, first copying an existing SQLite store aside."""
    newer, pending = schema_status(db)
    if newer:
        raise StoreError(_newer_message(newer))
    if not pending:
        return []
    if backup_dir is not None and isinstance(db, SqliteDatabase) and db.get_tables():
        stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
        backup_sqlite(db, backup_dir / f"recovery-{stamp}-before-{pending[0]}.sqlite3")
    applied: list[str] = Runner(db, directory=str(MIGRATIONS_DIR)).up()
    return applied


def backup_sqlite(db: SqliteDatabase, target: Path) -> Path:
    """A consistent copy through SQLite's online backup, written 0600, whole or not at all."""
    _private_folder(target.parent)
    passphrase = db.connect_params.get("passphrase")
    with replacing(target) as temporary:
        if passphrase:  # an encrypted store's copy is encrypted with the same passphrase
            encryption.backup_encrypted(db.connection(), passphrase, temporary)  # type: ignore[no-untyped-call]
            return target
        destination = sqlite3.connect(temporary)
        try:
            db.connection().backup(destination)  # type: ignore[no-untyped-call]  # peewee's stub leaves it untyped
            destination.execute("PRAGMA journal_mode=DELETE")  # one file: no -wal or -shm beside the copy
        finally:
            destination.close()
    return target


def _private_folder(folder: Path, tighten: bool = False) -> None:
    try:
        make_private_dir(folder, tighten=tighten)
    except OSError as error:
        raise StoreError(f"cannot create the data folder {folder}: {error.strerror}") from None


def _prepare_private_file(path: Path, tighten_folder: bool) -> None:
    """Make the folder 0700 and the file 0600, before SQLite opens it (its -wal and -shm copy the mode)."""
    _private_folder(path.parent, tighten_folder)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as error:
        raise StoreError(f"cannot create {path}: {error.strerror}") from None
