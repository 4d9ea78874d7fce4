"""The backend tests on a real PostgreSQL server, when RECOVERY_TUI_TEST_POSTGRES names one (`.ci/postgres`
starts it): each test gets a database of its own, made by a role that may create databases, upgraded with
``migrate`` as the owner, and used by the app as a role that may only read and write rows
(RECOVERY_TUI_TEST_POSTGRES_ROW_ROLE, its password from PGPASSFILE), as an agency's kiosks are."""

from __future__ import annotations

import os
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

OWNER_URL = os.environ.get("RECOVERY_TUI_TEST_POSTGRES", "")
ROW_ROLE = os.environ.get("RECOVERY_TUI_TEST_POSTGRES_ROW_ROLE", "")
ON_POSTGRES = bool(OWNER_URL)


def url_of(database: str, owner: bool = False) -> str:
    """The URL of ``database``: as its owner (password in the URL), or as the row-only role (password from
    PGPASSFILE, so that no password is on the command line)."""
    parts = urlsplit(OWNER_URL)
    netloc = parts.netloc if owner else f"{ROW_ROLE}@{parts.netloc.rpartition('@')[2]}"
    return urlunsplit((parts.scheme, netloc, f"/{database}", parts.query, ""))


def run_sql(sql: str, database: str | None = None, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Run ``sql`` as the owner, outside a transaction (CREATE DATABASE needs that)."""
    import psycopg

    url = url_of(database, owner=True) if database else OWNER_URL
    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def new_database() -> str:
    """A database of its own for one test, sorting text as en-US does by default, as an agency's server
    often does (the test cluster itself is C.UTF-8)."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    [(version,)] = run_sql("SHOW server_version_num")
    icu = (
        " TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"
        if int(str(version)) >= 150000
        else ""
    )
    run_sql(f'CREATE DATABASE "{name}"{icu}')  # ICU as a database's default needs PostgreSQL 15
    return name


def let_row_role_in(database: str) -> None:
    """What the README tells an agency to grant the kiosks' role: rows only, on tables made now and later."""
    run_sql(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ROW_ROLE}; "
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {ROW_ROLE}",
        database,
    )


def drop_database(database: str) -> None:
    """Drop it, ending any connection still in it: a worker thread's may still be logging in, when no
    role is known yet and the server will not end it, so a few tries."""
    import psycopg

    for attempt in range(20):
        try:
            run_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            return
        except psycopg.errors.InsufficientPrivilege:
            if attempt == 19:
                raise
            time.sleep(0.1)
