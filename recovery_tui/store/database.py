"""Open the store: file permissions, pragmas, migrations, the model binding."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from peewee import Database, DatabaseError, ImproperlyConfigured, SqliteDatabase
from playhouse.db_url import connect
from playhouse.migrations import Runner

from recovery_tui import clock
from recovery_tui.config import Settings
from recovery_tui.private_files import make_private_dir, replacing
from recovery_tui.store import encryption
from recovery_tui.store.encryption import driver_errors
from recovery_tui.store.errors import StoreError, database_problem
from recovery_tui.store.models import database_proxy

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
APP_WAIT_SECONDS = 2.0  # a key in the app waits this long for another writer, then says "Not saved"
COMMAND_WAIT_SECONDS = 60.0  # the command line can wait longer


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
    ``WrongPassphrase``."""
    path = settings.sqlite_path
    if path is not None:
        _prepare_private_file(path, tighten_folder=not settings.data_dir_chosen and path.parent == settings.data_dir)
    # One opener at a time (setting WAL on a new file does not wait for the busy timeout), and none while
    # encrypt or rekey changes the file: what the file is, plain or encrypted, is decided under the lock.
    with encryption.opening_alone(path):
        db = _database(settings, path, wait_seconds, passphrase)
        try:
            db.connect(reuse_if_open=True)
            migrate(db, backup_dir=path.parent / "backups" if path else None)
        except StoreError:
            db.close()
            raise
        except Exception as error:
            if not isinstance(error, (DatabaseError, sqlite3.DatabaseError, ImproperlyConfigured, *driver_errors())):
                raise
            db.close()
            raise StoreError(f"cannot open the store at {settings.database_url}: {database_problem(error)}") from None
    database_proxy.initialize(db)
    return db


def _database(settings: Settings, path: Path | None, wait_seconds: float, passphrase: str | None) -> Database:
    try:
        if path is not None:
            return _sqlite(path, settings.database_url, wait_seconds, passphrase)
        return connect(settings.database_url)  # type: ignore[no-any-return]
    except (RuntimeError, ImproperlyConfigured) as error:  # an unknown scheme, or its driver is not installed
        raise StoreError(f"cannot use the database {settings.database_url}: {error}") from None


def _sqlite(path: Path, url: str, wait_seconds: float, passphrase: str | None) -> Database:
    """The plain or encrypted SQLite database at ``path``. Write transactions begin IMMEDIATE
    (records.reading() asks for DEFERRED)."""
    kind = encryption.file_kind(path)
    if kind == "neither":
        raise StoreError(
            f"cannot open the store at {url}: {path.name} is neither a SQLite file nor an encrypted one, "
            "so it is not a recovery-tui store. Ask the agency's IT contact."
        )
    if kind != "encrypted":
        return connect(url, pragmas=sqlite_pragmas(wait_seconds), lock_type="IMMEDIATE")  # type: ignore[no-any-return]
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


def migrate(db: Database, backup_dir: Path | None) -> list[str]:
    """Apply pending migrations in order, first copying an existing SQLite store aside."""
    runner = Runner(db, directory=str(MIGRATIONS_DIR))
    status = runner.status()
    newer = [m.name for m in status if m.path is None and m.applied]
    if newer:
        number = newer[-1].split("_")[0]
        raise StoreError(
            f"This data was written by a newer recovery-tui (migration {number}); install that version or newer"
        )
    pending = [m.name for m in status if m.path and not m.applied]
    if pending and backup_dir is not None and isinstance(db, SqliteDatabase) and db.get_tables():
        stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
        backup_sqlite(db, backup_dir / f"recovery-{stamp}-before-{pending[0]}.sqlite3")
    applied: list[str] = runner.up()
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
