from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path

import postgres_support
import pytest

from recovery_tui import clock
from recovery_tui.config import Settings, load_settings
from recovery_tui.store.database import close_store, migrate_store, open_store
from recovery_tui.store.models import database_proxy
from recovery_tui.store.records import act_as

FIXED_NOW = dt.datetime(2026, 3, 4, 15, 30)  # a Wednesday, naive UTC


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Two workers a core: most of a UI test is spent waiting for the app to settle, not computing."""
    return 2 * (os.cpu_count() or 1)


def soon_after(start: dt.datetime, moment: dt.datetime) -> bool:
    """A set clock moves on by a microsecond per reading: ``moment`` is just after ``start``."""
    return start < moment < start + dt.timedelta(seconds=1)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Keep the user's real data and settings out of every test."""
    for name in (
        "RECOVERY_TUI_DATA_DIR",
        "RECOVERY_TUI_DATABASE",
        "RECOVERY_TUI_DEBUG",
        "RECOVERY_TUI_IMPORT_MAX_BYTES",
        "RECOVERY_TUI_SUPPORT_LINES",
        "RECOVERY_TUI_PLANS_DIR",
        "RECOVERY_TUI_PLAN_KEEP_DAYS",
        "RECOVERY_TUI_PRINT_COMMAND",
        "RECOVERY_TUI_CONSOLE",
        "RECOVERY_TUI_KIOSK",
        "RECOVERY_TUI_IDLE_LOCK_MINUTES",
        "RECOVERY_TUI_PASSPHRASE",
        "RECOVERY_TUI_NEW_PASSPHRASE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("TERM", "xterm-256color")  # TERM=linux would choose the console look
    monkeypatch.setenv("TZ", "UTC")  # local dates in snapshots must not depend on the machine
    time.tzset()
    yield
    clock.set_now(None)
    act_as(None)  # the signed-in worker is the store's own state: one test's never carries into the next
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def frozen_clock() -> Iterator[dt.datetime]:
    clock.set_now(FIXED_NOW)
    yield FIXED_NOW
    clock.set_now(None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a PostgreSQL server, the tests of what only a SQLite file has (its bytes, its locks, its
    encryption) are skipped; the server's own tests run only there."""
    for item in items:
        if postgres_support.ON_POSTGRES and item.get_closest_marker("sqlite_only"):
            item.add_marker(pytest.mark.skip(reason="about a SQLite file"))
        if not postgres_support.ON_POSTGRES and item.get_closest_marker("postgres_only"):
            item.add_marker(pytest.mark.skip(reason="needs RECOVERY_TUI_TEST_POSTGRES (.ci/postgres start)"))


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Where a test's records are: a SQLite file of its own, or, on a server, a database of its own at this
    version's schema, reached as the role that may only read and write rows (and named in
    RECOVERY_TUI_DATABASE, as on a kiosk, so that the commands a test runs reach it too)."""
    if not postgres_support.ON_POSTGRES:
        yield load_settings(data_dir=str(tmp_path / "data"))
        return
    database = postgres_support.new_database()
    try:
        migrate_store(load_settings(data_dir=str(tmp_path / "data"), database=postgres_support.url_of(database, True)))
        postgres_support.let_row_role_in(database)
        monkeypatch.setenv("RECOVERY_TUI_DATABASE", postgres_support.url_of(database))
        yield load_settings(data_dir=str(tmp_path / "data"), database=postgres_support.url_of(database))
    finally:
        if database_proxy.obj is not None:
            close_store(database_proxy.obj)
        postgres_support.drop_database(database)


@pytest.fixture
def store(settings: Settings) -> Iterator[Settings]:
    db = open_store(settings)
    yield settings
    close_store(db)


@pytest.fixture
def make_app(store, frozen_clock):
    """A RecoveryApp on the test store, with a steady cursor so screens are repeatable."""
    from recovery_tui.ui.app import RecoveryApp

    return lambda: RecoveryApp(cursor_blink=False, settings=store)
