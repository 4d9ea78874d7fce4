"""A PostgreSQL server as the store: its URL as people write it and as peewee takes it, the password never
shown, and psycopg kept out of a process that has no use for it.

Nothing here imports peewee at module level: ``keep_driver_out`` must run before peewee is imported,
since peewee imports psycopg whenever it can (about 140 ms of every start-up).
"""

from __future__ import annotations

import re
import sys
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

SCHEMES = ("postgresql", "postgres", "psycopg3")
CONNECT_TIMEOUT_SECONDS = 5  # a server that does not answer is said within this long, not after minutes
# A network that goes away under an open connection: unacknowledged data gives up after 5 s, and an idle
# connection is found dead within about 20 s, instead of the system's quarter of an hour.
NETWORK_SETTINGS = {
    "tcp_user_timeout": 5000,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 2,
}
DRIVER_MODULES = ("psycopg", "psycopg2", "psycopg2cffi")
MASK = "***"


class ServerUnavailable(Exception):
    """psycopg is not installed: the message says what to install."""


class UnreadableURL(ValueError):
    """The URL cannot be used; the message quotes nothing of it (its text could hold the password)."""


def is_server_url(url: str) -> bool:
    return url.partition(":")[0].lower() in SCHEMES


def shown_url(url: str) -> str:
    """The URL as it may be printed or logged: any password (in the address, or a ``password=`` or
    ``sslpassword=`` setting) replaced by ``***``; the rest as written. Where the password ends is not
    always clear (an unencoded ``?``, ``#`` or ``@`` in it): then more is hidden, never less."""
    scheme, separator, rest = url.partition("://")
    if separator and scheme.lower().startswith("sqlite"):  # a file's path may hold an @ of its own
        return url
    rest = _PASSWORD_SETTING.sub(rf"\1={MASK}", rest if separator else url)
    if not separator:
        return rest  # a libpq keyword string, or something else: its password settings hidden
    if "@" in rest:
        credentials, _, place = rest.rpartition("@")
        user, colon, _ = credentials.partition(":")
        if colon or any(mark in credentials for mark in "/?#"):
            rest = f"{user.split('/')[0].split('?')[0]}:{MASK}@{place}"
    return f"{scheme}://{rest}"


_PASSWORD_SETTING = re.compile(r"(?i)\b([a-z_]*password)\s*=\s*('[^']*'|[^&#\s]*)")


def password_of(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        return unquote(parts.password) if parts.password else dict(parse_qsl(parts.query)).get("password")
    except ValueError:
        return None


def keep_driver_out() -> None:
    """For a process on SQLite: peewee, imported after this, finds no PostgreSQL driver to load."""
    for name in DRIVER_MODULES:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # None in sys.modules: import fails at once


def server_database(url: str, lock_timeout_ms: int, statement_timeout_ms: int = 0) -> Any:
    """peewee's psycopg 3 database for ``url`` (not yet connected): ``postgresql://user@host:port/name``,
    with libpq's own query settings (``sslmode=require``, ...). A password left out of the URL comes from
    ``~/.pgpass`` or ``PGPASSFILE``, as libpq reads them. A row locked by another kiosk is waited for
    ``lock_timeout_ms`` at most, and a statement runs ``statement_timeout_ms`` at most (0: no limit)."""
    try:
        import psycopg  # noqa: F401  # imported here to say plainly when it is missing
        from playhouse.db_url import parse
        from playhouse.postgres_ext import Psycopg3Database
    except ImportError:
        raise ServerUnavailable("the PostgreSQL driver is not installed: install recovery-tui[postgres]") from None
    try:
        parts = urlsplit(url)
        settings: dict[str, Any] = parse(
            urlunsplit(("postgresql", *parts[1:])), unquote_password=True, unquote_user=True
        )
    except ValueError:  # its words could quote the password (an unencoded # makes the rest a "port")
        raise UnreadableURL(
            "its address could not be read (postgresql://USER@HOST:PORT/DATABASE; a password with @ : / ? # or % "
            "in it must be percent-encoded, or better kept in the password file)"
        ) from None
    if not settings.get("database"):
        raise UnreadableURL("the URL names no database (postgresql://USER@HOST/DATABASE)")
    settings.setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
    settings.setdefault("application_name", "recovery-tui")
    for name, value in NETWORK_SETTINGS.items():
        settings.setdefault(name, value)
    limits = f"-c lock_timeout={lock_timeout_ms} -c statement_timeout={statement_timeout_ms}"
    settings["options"] = f"{settings.get('options') or ''} {limits}".strip()
    return Psycopg3Database(**settings)
