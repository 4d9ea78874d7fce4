"""The store on a real SQLite file: permissions, pragmas, migrations, backups."""

from __future__ import annotations

import os
import sqlite3
import stat
import uuid
from pathlib import Path

import pytest
from playhouse.schema_diff import diff_models

from recovery_tui.config import load_settings
from recovery_tui.store import records
from recovery_tui.store.database import MIGRATIONS_DIR, close_store, open_store
from recovery_tui.store.errors import StoreError
from recovery_tui.store.models import ALL_MODELS, database_proxy

pytestmark = pytest.mark.backend  # run again on PostgreSQL in CI


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.sqlite_only
def test_data_dir_0700_and_files_0600(store, settings) -> None:
    records.create_participant("Ana")
    assert mode(settings.data_dir) == 0o700
    database = settings.sqlite_path
    assert mode(database) == 0o600
    for suffix in ("-wal", "-shm"):
        assert mode(Path(f"{database}{suffix}")) == 0o600


def test_file_is_0600_even_with_a_permissive_umask(tmp_path) -> None:
    old = os.umask(0)
    try:
        db = open_store(load_settings(data_dir=str(tmp_path / "open")))
    finally:
        os.umask(old)
    close_store(db)
    assert mode(tmp_path / "open") == 0o700
    assert mode(tmp_path / "open" / "recovery.sqlite3") == 0o600


@pytest.mark.sqlite_only
def test_pragmas(store) -> None:
    db = database_proxy.obj
    assert db.execute_sql("pragma journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("pragma synchronous").fetchone()[0] == 2  # FULL
    assert db.execute_sql("pragma foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("pragma busy_timeout").fetchone()[0] >= 1000


def test_migrations_make_exactly_the_models(store) -> None:
    diff = diff_models(database_proxy.obj, ALL_MODELS)
    assert not diff, f"the migrations and store/models.py disagree: {diff}"


def test_migrations_are_numbered_files() -> None:
    names = sorted(p.name for p in MIGRATIONS_DIR.glob("[0-9]*.py"))
    assert names and names[0] == "0001_initial.py"
    assert all(name[:4].isdigit() and name[4] == "_" for name in names)


def test_reopening_keeps_rows_and_makes_no_backup(settings) -> None:
    db = open_store(settings)
    records.create_participant("Ana")
    close_store(db)
    db = open_store(settings)
    assert [row.first_name for row in records.find_participants()] == ["Ana"]
    close_store(db)
    assert not (settings.data_dir / "backups").exists()


@pytest.mark.sqlite_only
def test_a_new_migration_upgrades_in_place_after_a_backup(settings, tmp_path, monkeypatch) -> None:
    db = open_store(settings)
    records.create_participant("Ana")
    close_store(db)

    newer = tmp_path / "migrations"
    newer.mkdir()
    for path in MIGRATIONS_DIR.glob("[0-9]*.py"):
        (newer / path.name).write_text(path.read_text())
    (newer / "0002_pronouns.py").write_text(
        "from peewee import TextField\n"
        "def up(migrator, db):\n"
        "    migrator.migrate(migrator.add_column('participant', 'pronouns', TextField(default='')))\n"
    )
    monkeypatch.setattr("recovery_tui.store.database.MIGRATIONS_DIR", newer)
    db = open_store(settings)
    columns = [c.name for c in db.get_columns("participant")]
    assert "pronouns" in columns
    assert [row.first_name for row in records.find_participants()] == ["Ana"]
    close_store(db)

    backups = list((settings.data_dir / "backups").glob("*before-0002_pronouns.sqlite3"))
    assert len(backups) == 1 and mode(backups[0]) == 0o600
    copy = sqlite3.connect(backups[0])
    assert copy.execute("select first_name from participant").fetchall() == [("Ana",)]
    assert "pronouns" not in [row[1] for row in copy.execute("pragma table_info(participant)")]
    copy.close()


@pytest.mark.sqlite_only
def test_a_file_that_is_not_a_database_is_a_clear_error(settings) -> None:
    settings.data_dir.mkdir(parents=True)
    settings.sqlite_path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(settings)


def test_settings_order(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("RECOVERY_TUI_DATA_DIR", str(tmp_path / "env"))
    assert load_settings().data_dir == tmp_path / "env"
    assert load_settings(data_dir=str(tmp_path / "flag")).data_dir == tmp_path / "flag"
    assert load_settings().sqlite_path == tmp_path / "env" / "recovery.sqlite3"
    monkeypatch.setenv("RECOVERY_TUI_DATABASE", "postgresql://kiosk@db/recovery")
    assert load_settings().database_url == "postgresql://kiosk@db/recovery"
    assert load_settings().sqlite_path is None
    monkeypatch.delenv("RECOVERY_TUI_DATA_DIR")
    monkeypatch.delenv("RECOVERY_TUI_DATABASE")
    assert load_settings().data_dir == tmp_path / "xdg-data" / "recovery-tui"


@pytest.mark.sqlite_only
def test_upgrading_refolds_the_stored_search_keys_so_accents_are_ignored(settings) -> None:
    close_store(open_store(settings))
    with sqlite3.connect(settings.sqlite_path) as connection:  # as the first version stored them
        connection.execute("delete from schema_migration where name like '0002%'")
        for name, key in (("Zoë", "zoë\n"), ("Émile", "émile\nag-1"), ("ÖZGE", "özge\n")):
            connection.execute(
                "insert into participant (id, created, updated, first_name, agency_id, search_key) "
                "values (?, '2026-01-01', '2026-01-01', ?, ?, ?)",
                (uuid.uuid4().hex, name, "AG-1" if name == "Émile" else None, key),
            )
    db = open_store(settings)
    try:
        found = {query: [r.first_name for r in records.find_participants(query)] for query in ("zoe", "emile", "ozge")}
    finally:
        close_store(db)
    assert found == {"zoe": ["Zoë"], "emile": ["Émile"], "ozge": ["ÖZGE"]}
    assert any(p.name.startswith("recovery-") for p in (settings.data_dir / "backups").iterdir())


@pytest.mark.sqlite_only
def test_another_program_closing_the_records_never_takes_the_wal_from_under_an_open_store(store, settings) -> None:
    """A command (audit, export, backup) run while the app has the records open: when it closes, the
    app's -wal stays, and what the app saves afterwards is seen by everyone and kept."""
    import subprocess
    import sys

    records.create_participant("Ana")
    wal = settings.sqlite_path.with_name(settings.sqlite_path.name + "-wal")
    assert wal.exists()
    command = [sys.executable, "-m", "recovery_tui", "--data-dir", str(settings.data_dir), "export", "json"]
    for _ in range(2):
        subprocess.run(command, check=True, capture_output=True)
    assert wal.exists()  # still this process's, not deleted from under it
    records.create_participant("Bo")
    seen = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    assert '"first_name": "Ana"' in seen and '"first_name": "Bo"' in seen


def test_a_data_folder_with_url_marks_in_its_name_holds_the_records(tmp_path) -> None:
    folder = tmp_path / "Rec #2?x"
    db = open_store(load_settings(data_dir=str(folder)))
    try:
        records.create_participant("Ana")
    finally:
        close_store(db)
    assert (folder / "recovery.sqlite3").stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Rec #2?x"]
