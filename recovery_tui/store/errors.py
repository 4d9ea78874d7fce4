"""The errors the store raises: one clear, typed error for each kind of refusal."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator

log = logging.getLogger("recovery_tui.store")


class StoreError(Exception):
    """The store could not do what was asked; the message says why, in plain words."""


class ValidationError(StoreError):
    """A value broke a rule. ``record`` and ``field`` say where, ``message`` says what."""

    def __init__(self, record: str, field: str, message: str) -> None:
        super().__init__(f"{record} {field}: {message}")
        self.record = record
        self.field = field
        self.message = message


class NotFound(StoreError):
    """No record with that id."""


class DatabaseProblem(StoreError):
    """The database could not be reached, read or written; the message says what a person can do.
    ``connection_lost``: the server closed the connection (a restart, a network drop), so that the
    same step on a new connection may well succeed."""

    def __init__(self, message: str, connection_lost: bool = False) -> None:
        super().__init__(message)
        self.connection_lost = connection_lost


# What SQLite's result codes mean for the person at the screen. Messages name no record.
_WORDS = {
    "SQLITE_BUSY": "The records are busy with another program (an import, or another kiosk) and could not be "
    "reached just now. Nothing already saved was lost; please try again in a moment.",
    "SQLITE_FULL": "The disk holding the records is full, so this was not saved. Nothing already saved was lost; "
    "ask the agency's IT contact to free some space.",
    "SQLITE_CORRUPT": "The records file is damaged and could not be read. Ask the agency's IT contact: "
    "copies made before each upgrade are in the backups folder beside it.",
    "SQLITE_READONLY": "The records can only be read just now (the file or its folder cannot be written), "
    "so this was not saved. Ask the agency's IT contact.",
    "SQLITE_IOERR": "The disk holding the records could not be read or written, so this was not saved. "
    "Please try again; if it keeps happening, ask the agency's IT contact.",
    "SCHEMA": "These records do not match this version of recovery-tui (a table or column is missing or "
    "different), so this could not be done. Ask the agency's IT contact.",
}
# A PostgreSQL server's. libpq says why a connection failed only in words, without a code.
_WORDS |= {
    "SERVER_UNREACHABLE": "The records server could not be reached (it may be down, or the network may be). "
    "Nothing already saved was lost; please try again, and if it keeps happening, ask the agency's IT contact.",
    "SERVER_LOGIN": "The records server did not accept this kiosk's user name or password. "
    "Ask the agency's IT contact.",
    "SERVER_NO_DATABASE": "The records server has no database by the name this kiosk was given. "
    "Ask the agency's IT contact.",
    "SERVER_SETTINGS": "This kiosk could not connect to the records server with the settings it was given. "
    "Ask the agency's IT contact.",
    "SERVER_RIGHTS": "The records server does not allow this kiosk's database role to do this. Ask the agency's "
    "IT contact (upgrading the records with recovery-tui migrate needs the role that owns them).",
}
_SERVER_CODES = {
    "08": "SERVER_UNREACHABLE",  # connection exception
    "57": "SERVER_UNREACHABLE",  # the server shut down or ended this connection
    "28": "SERVER_LOGIN",
    "3D": "SERVER_NO_DATABASE",
    "42501": "SERVER_RIGHTS",
    "42P01": "SCHEMA",  # no such table
    "42703": "SCHEMA",  # no such column
    "53100": "SQLITE_FULL",  # the server's disk is full
    "40001": "SQLITE_BUSY",  # another kiosk's change came first (serialization failure)
    "40P01": "SQLITE_BUSY",  # deadlock
    "55P03": "SQLITE_BUSY",  # a row another kiosk holds, waited for past the lock timeout
    "57014": "SQLITE_BUSY",  # a statement that ran past the app's statement timeout (a server under load)
}
_SERVER_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (  # all the words of a line, in libpq's own messages
    (("not currently accepting connections",), "SERVER_UNREACHABLE"),
    (("password authentication failed",), "SERVER_LOGIN"),
    (("no password supplied",), "SERVER_LOGIN"),
    (('role "', "does not exist"), "SERVER_LOGIN"),
    (('database "', "does not exist"), "SERVER_NO_DATABASE"),
    (("timeout expired",), "SERVER_UNREACHABLE"),
    (("connection refused",), "SERVER_UNREACHABLE"),
    (("could not translate host name",), "SERVER_UNREACHABLE"),
    (("no route to host",), "SERVER_UNREACHABLE"),
    (("network is unreachable",), "SERVER_UNREACHABLE"),
    (("server closed the connection",), "SERVER_UNREACHABLE"),
    (("terminating connection",), "SERVER_UNREACHABLE"),
    (("connection is lost",), "SERVER_UNREACHABLE"),
    (("connection is closed",), "SERVER_UNREACHABLE"),
    (("consuming input failed",), "SERVER_UNREACHABLE"),
    (("ssl syscall",), "SERVER_UNREACHABLE"),
    (("connection timed out",), "SERVER_UNREACHABLE"),
)
_WORDS["SQLITE_LOCKED"] = _WORDS["SQLITE_BUSY"]
_WORDS["SQLITE_NOTADB"] = _WORDS["SQLITE_CORRUPT"]
_GENERAL = (
    "The records could not be reached just now, so this was not saved. Please try again; "
    "if it keeps happening, ask the agency's IT contact."
)


def driver_errors() -> tuple[type[BaseException], ...]:
    """The error classes of the drivers loaded so far that peewee does not always wrap: SQLCipher's and
    psycopg's (neither is a subclass of sqlite3's or peewee's)."""
    loaded = (sys.modules.get(name) for name in ("sqlcipher3.dbapi2", "psycopg"))
    return tuple(module.Error for module in loaded if module is not None)


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error, the driver error peewee wrapped in it, and the errors it was raised while handling (a
    failed rollback after a full disk hides the first), each once."""
    seen: list[BaseException] = []
    pending: list[object] = [error]
    while pending:
        item = pending.pop(0)
        if not isinstance(item, BaseException) or item in seen:
            continue
        seen.append(item)
        yield item
        pending += [*item.args, item.__cause__, item.__context__]


def _code(error: BaseException) -> str | None:
    """SQLite's result code name, or what a server's error means, from anywhere in the error's chain."""
    for item in _chain(error):
        text = str(item)
        if "no such column" in text or "no such table" in text or "has no column named" in text:
            return "SCHEMA"
        name = getattr(item, "sqlite_errorname", None)
        if isinstance(name, str) and name != "SQLITE_ERROR":
            return "_".join(name.split("_")[:2])  # SQLITE_IOERR_WRITE is an SQLITE_IOERR
        if "database is locked" in text:
            return "SQLITE_BUSY"
        server = _server_code(item, text)
        if server:
            return server
    return None


def _server_code(error: BaseException, text: str) -> str | None:
    """What a psycopg error means: by its SQLSTATE, or, for a connection that failed (libpq gives no
    code then), by its words."""
    if not _from_psycopg(error):
        return None
    state = getattr(error, "sqlstate", None)
    if isinstance(state, str):
        return _SERVER_CODES.get(state) or _SERVER_CODES.get(state[:2])
    lowered = text.lower()
    known = (code for words, code in _SERVER_WORDS if all(word in lowered for word in words))
    refused = getattr(sys.modules.get("psycopg"), "OperationalError", ())  # libpq would not connect
    return next(known, "SERVER_SETTINGS" if isinstance(error, refused) else None)


def _from_psycopg(error: BaseException) -> bool:
    return type(error).__module__.startswith("psycopg")


def server_said(error: BaseException, password: str | None) -> str:
    """libpq's own reason a connection failed, for the agency's IT contact ("certificate file ... does not
    exist", "invalid sslmode value"): its first line, without the password. Connecting reads no record, so
    this names none; it is never given for an error after connecting, which could quote a row's values."""
    for item in _chain(error):
        if _from_psycopg(item):
            line = next((part.strip() for part in str(item).splitlines() if part.strip()), "")
            return (line.replace(password, "***") if password else line)[:300]
    return ""


def database_problem(error: BaseException) -> DatabaseProblem:
    """The error as a person reads it; what happened goes to the log, without any record content."""
    code = _code(error)
    log.warning("database error: %s (%s)", type(error).__name__, code or "no result code")
    return DatabaseProblem(_WORDS.get(code or "", _GENERAL), connection_lost=code == "SERVER_UNREACHABLE")
