"""Stores encrypted at rest with SQLCipher: telling one from a plain store, converting, rekeying.

sqlcipher3 is imported only here and only when an encrypted store is met or made, so a plain store
never loads it. SQLCipher writes its own log lines (a wrong passphrase: "hmac check failed") to the
terminal unless told not to: its log level is set to NONE, for the whole process, before its first
connection.

An encrypted file has no SQLite header (its first 16 bytes are a random salt) and is a whole number
of 4096-byte pages; a file that is neither plain nor shaped like that is neither.

Converting (``encrypt_file``) never leaves neither: the encrypted copy is written beside the plain
file, checked row by row against it, made durable, and only then renamed over it (one atomic step);
the plain store's write-ahead log is folded in and removed first, so that nothing plain is left
beside the encrypted file.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, Literal, ParamSpec, TypeVar

try:
    import fcntl
except ImportError:  # Windows: one kiosk per store there
    fcntl = None  # type: ignore[assignment]

from recovery_tui.store.errors import StoreError, database_problem

PLAIN_HEADER = b"SQLite format 3\x00"
PAGE_SIZE = 4096  # SQLCipher 4's default page
PASSPHRASE_MIN = 8
Kind = Literal["missing", "plain", "encrypted", "neither"]
P = ParamSpec("P")
R = TypeVar("R")

WRONG_PASSPHRASE = "That passphrase does not open these records. Please try again."
NEEDS_PASSPHRASE = "These records are encrypted: their passphrase is needed to open them."


class PassphraseNeeded(StoreError):
    """The store is encrypted and no passphrase was given."""


class WrongPassphrase(StoreError):
    """The passphrase given does not open the store."""


_quieted = False


def driver_errors() -> tuple[type[BaseException], ...]:
    """sqlcipher3's own error class, once it is loaded (it is no subclass of sqlite3's or peewee's)."""
    module = sys.modules.get("sqlcipher3.dbapi2")
    return (module.Error,) if module is not None else ()


def calm(function: Callable[P, R]) -> Callable[P, R]:
    """sqlcipher3's errors (a full disk, a file that cannot be read) as the store's own clear words."""

    @functools.wraps(function)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except driver_errors() as error:
            raise database_problem(error) from None

    return call


def sqlcipher() -> ModuleType:
    """sqlcipher3's DB-API module, its own logging turned off before anything else uses it."""
    global _quieted
    from sqlcipher3 import dbapi2

    if not _quieted:
        with contextlib.closing(dbapi2.connect(":memory:")) as connection:
            connection.execute("PRAGMA cipher_log_level = NONE")
        _quieted = True
    module: ModuleType = dbapi2
    return module


def file_kind(path: Path) -> Kind:
    """What the file at ``path`` is. Only for a file this process has no connection to (see
    ``opening_alone``): closing the handle read here would drop SQLite's locks on it."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(PLAIN_HEADER))
        size = path.stat().st_size
    except FileNotFoundError:
        return "missing"
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror}") from None
    if size == 0 or head == PLAIN_HEADER:
        return "plain"  # an empty file is a store not yet made
    if size % PAGE_SIZE == 0:
        return "encrypted"
    return "neither"


def passphrase_problem(passphrase: str) -> str | None:
    """What is wrong with a new passphrase, or None."""
    if len(passphrase) < PASSPHRASE_MIN:
        return f"A passphrase needs at least {PASSPHRASE_MIN} characters."
    if not passphrase.isprintable():
        return "A passphrase cannot hold control characters."
    if passphrase.lower().startswith("x'"):  # SQLCipher would take it as a raw key, unstretched
        return "A passphrase cannot begin with x' (SQLCipher would read it as a raw key)."
    return None


def key_pragma(name: str, passphrase: str) -> str:
    return f"PRAGMA {name}='{passphrase.replace(chr(39), chr(39) * 2)}'"


def connect(path: Path, passphrase: str, **params: Any) -> Any:
    """A sqlcipher3 connection to ``path`` with its key, checked: a wrong one is ``WrongPassphrase``;
    a file that cannot be read now (busy, a disk error) is said as such, not as a wrong passphrase."""
    module = sqlcipher()
    connection = module.connect(str(path), **params)
    try:
        connection.execute(key_pragma("key", passphrase))
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except module.DatabaseError as error:
        connection.close()
        if getattr(error, "sqlite_errorname", None) == "SQLITE_NOTADB":  # what a wrong key reads as
            raise WrongPassphrase(WRONG_PASSPHRASE) from None
        raise database_problem(error) from None
    return connection


@contextlib.contextmanager
def opening_alone(path: Path | None) -> Iterator[None]:
    """An exclusive lock beside the store file (``.recovery.sqlite3.lock``). Whoever opens the store holds
    it while deciding what the file is and setting it up (two first runs at once must not both create
    the schema); encrypt and rekey hold it while they change the file, so that nobody opens, and writes
    to, a plain file about to be replaced, or a file whose key is changing.

    Never the store file itself: closing any handle on that file drops every lock SQLite holds on it in
    this process, and another process closing its connection would then take itself for the last one,
    checkpoint and delete the -wal from under this one."""
    if path is None or fcntl is None:
        yield
        return
    lock_path = path.with_name(f".{path.name}.lock")
    descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def _tables(connection: Any) -> list[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
    return [name for (name,) in rows]


def _fingerprint(connection: Any) -> dict[str, tuple[int, str]]:
    """Each table's row count and a hash of every row in rowid order: equal on both sides means every
    row arrived whole."""
    found = {}
    for table in _tables(connection):
        digest = hashlib.sha256()
        count = 0
        for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):  # names read from the schema
            digest.update(repr(row).encode("utf-8"))
            count += 1
        found[table] = (count, digest.hexdigest())
    return found


def _durable(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


OPEN_ELSEWHERE = "the records are open in another program (the app, or an import): close it first"


def _alone(connection: Any, module: ModuleType) -> None:
    """Fold the store's write-ahead log into the file and leave it (no -wal beside it); refused while
    another program has the store open, which leaving WAL mode needs."""
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except module.OperationalError:
        mode = ""
    if mode != "delete":
        raise StoreError(OPEN_ELSEWHERE)


@contextlib.contextmanager
def _plain(path: Path) -> Iterator[Any]:
    """The plain store on its own: its log folded into the file and removed (so that no -wal is left
    beside what replaces it); refused while another program has it open."""
    module = sqlcipher()
    connection = module.connect(str(path), isolation_level=None, timeout=0)
    try:
        _alone(connection, module)
        yield connection
    finally:
        connection.close()


def _leftovers(copy: Path) -> None:
    """What a run killed part way left of its copy: the plain file it came from is still whole."""
    for extra in ("", "-journal"):
        copy.with_name(copy.name + extra).unlink(missing_ok=True)


@calm
def encrypt_file(path: Path, passphrase: str, lock_held: bool = False) -> None:
    """Replace the plain SQLite file ``path`` by an encrypted copy holding every row. ``lock_held``:
    the caller holds ``opening_alone(path)`` already (a second lock from this process would wait on
    the first)."""
    copy = path.with_name(path.name + ".encrypting")
    with contextlib.nullcontext() if lock_held else opening_alone(path):
        if file_kind(path) != "plain":  # another encrypt got here first, while this one waited
            raise StoreError(f"{path.name} is not a plain SQLite file (any more); nothing was changed")
        _leftovers(copy)
        try:
            _encrypted_copy(path, copy, passphrase)
        except BaseException:
            _leftovers(copy)
            raise
        _durable(copy)
        os.replace(copy, path)
        _durable(path)
        for extra in ("-wal", "-shm", "-journal"):
            path.with_name(path.name + extra).unlink(missing_ok=True)


def _encrypted_copy(path: Path, copy: Path, passphrase: str) -> None:
    """Write ``copy``, encrypted, and check that it holds every row of the plain ``path``."""
    # Made here first, 0600 whatever the umask: SQLite would make it (and its journal, which takes its
    # mode) readable by everyone.
    os.close(os.open(copy, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    os.chmod(copy, 0o600)
    with _plain(path) as plain:
        before = _fingerprint(plain)
        plain.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(copy), passphrase))
        plain.execute("SELECT sqlcipher_export('encrypted')")
        plain.execute("DETACH DATABASE encrypted")
    with contextlib.closing(connect(copy, passphrase)) as encrypted:
        after = _fingerprint(encrypted)
        checked = encrypted.execute("PRAGMA integrity_check").fetchone()[0]
    if after != before or checked != "ok":
        raise StoreError("the encrypted copy did not hold every row; nothing was changed")


@calm
def rekey_file(path: Path, passphrase: str, new_passphrase: str, lock_held: bool = False) -> None:
    """Change the key of the encrypted file ``path``; refused while another program has it open (the
    app would find its pages unreadable under the old key, and say the records are damaged)."""
    with contextlib.nullcontext() if lock_held else opening_alone(path):
        with contextlib.closing(connect(path, passphrase, isolation_level=None, timeout=0)) as connection:
            _alone(connection, sqlcipher())
            connection.execute(key_pragma("rekey", new_passphrase))
        with contextlib.closing(connect(path, new_passphrase)) as connection:
            if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise StoreError("the records did not check whole after the new passphrase was set")


@calm
def check_alone(path: Path, passphrase: str | None) -> None:
    """Refuse, changing nothing, while another program has the store open: encrypt and rekey check
    this (holding ``opening_alone``) before they touch any backup copy."""
    module = sqlcipher()
    if passphrase is None:
        connection = module.connect(str(path), isolation_level=None, timeout=0)
    else:
        connection = connect(path, passphrase, isolation_level=None, timeout=0)
    with contextlib.closing(connection):
        _alone(connection, module)


@calm
def backup_encrypted(connection: Any, passphrase: str, target: Path) -> None:
    """SQLite's online backup of an open encrypted store into ``target``, encrypted with the same
    passphrase (SQLCipher copies pages as they are, so both must share the key)."""
    module = sqlcipher()
    destination = module.connect(str(target))
    try:
        destination.execute(key_pragma("key", passphrase))
        connection.backup(destination)
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()
