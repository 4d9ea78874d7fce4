"""The store on a real PostgreSQL server (RECOVERY_TUI_TEST_POSTGRES, started by `.ci/postgres`): the
schema made and upgraded only by `migrate`, as the role that owns it; the kiosks' role refused a schema
older or newer than it needs; a dropped connection tried again once; TLS; a bounded wait for a server that
does not answer; no password in any message; a SQLite store moved over with export and import."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import postgres_support
import pytest
from factories import build_full_store, checked_export, opened, without_exported_at
from playhouse.migrations import Runner
from playhouse.postgres_ext import Psycopg3Database
from postgres_support import let_row_role_in, new_database, run_sql, url_of
from ui_support import screen_text

from recovery_tui import clock
from recovery_tui.cli import main
from recovery_tui.config import Settings, load_settings
from recovery_tui.exchange.json_import import import_document
from recovery_tui.store import records
from recovery_tui.store.database import (
    APP_WAIT_SECONDS,
    COMMAND_WAIT_SECONDS,
    MIGRATIONS_DIR,
    close_store,
    open_store,
)
from recovery_tui.store.errors import DatabaseProblem, StoreError
from recovery_tui.store.models import Answer, Participant, Response, database_proxy
from recovery_tui.store.records import common
from recovery_tui.store.records.common import guarded, transaction
from recovery_tui.ui.screens.form import FormScreen

pytestmark = [pytest.mark.backend, pytest.mark.postgres_only]

ASSETS = Path(__file__).resolve().parent.parent / "assets"
LATEST = sorted(path.stem for path in MIGRATIONS_DIR.glob("[0-9]*.py"))[-1]


@pytest.fixture
def empty_database() -> Iterator[str]:
    """A database with no tables yet, as an agency's IT contact first makes it."""
    name = new_database()
    yield name
    postgres_support.drop_database(name)


def database_of(settings: Settings) -> str:
    return urlsplit(settings.database_url).path.lstrip("/")


def end_kiosk_connections(database: str) -> int:
    """What a server restart or a network drop does to the kiosks' connections to ``database``."""
    rows = run_sql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND usename = %s",
        params=(database, postgres_support.ROW_ROLE),
    )
    return len(rows)


def allow_connections(database: str, allowed: bool) -> None:
    run_sql(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {str(allowed).lower()}')


# --- the schema: made and upgraded by migrate ----------------------------------------------------------


def test_migrate_makes_the_schema_and_only_then_the_kiosks_role_may_open_it(empty_database, capsys) -> None:
    kiosk = url_of(empty_database)
    assert main(["--database", kiosk, "export", "json"]) == 1
    said = capsys.readouterr().err
    assert "has no recovery-tui records yet" in said and "recovery-tui migrate" in said

    assert main(["--database", url_of(empty_database, owner=True), "migrate"]) == 0
    said = capsys.readouterr().err
    assert "Upgraded the records" in said and LATEST in said and "owner-secret" not in said and "***" in said
    assert main(["--database", url_of(empty_database, owner=True), "migrate"]) == 0
    assert "up to date; nothing was done" in capsys.readouterr().err

    let_row_role_in(empty_database)
    assert main(["--database", kiosk, "export", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["participants"] == []


def test_the_kiosks_role_cannot_upgrade_the_schema_and_says_so(empty_database, capsys) -> None:
    assert main(["--database", url_of(empty_database), "migrate"]) == 1
    said = capsys.readouterr().err
    assert "does not allow this kiosk's database role" in said and "role that owns them" in said
    assert run_sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", empty_database) == [(0,)]


def test_an_earlier_schema_is_upgraded_by_migrate_with_every_row_kept(empty_database, capsys) -> None:
    owner = Psycopg3Database(**_params(url_of(empty_database, owner=True)))
    Runner(owner, directory=str(MIGRATIONS_DIR)).up(target="0003_removals_and_set_aside_drafts")
    made = dt.datetime(2025, 6, 1, 9, 30, 15, 123456)
    owner.execute_sql(
        "INSERT INTO participant (id, created, updated, first_name, agency_id, search_key) "
        "VALUES ('11111111-2222-3333-4444-555555555555', %s, %s, 'Zoë', 'K-7', %s)",
        (made, made, "zoe\nk-7"),  # folded, as 0002 left every key
    )
    owner.execute_sql(
        "INSERT INTO worker (id, created, updated, name) VALUES ('99999999-2222-3333-4444-555555555555', %s, %s, "
        "'Dana')",
        (made, made),
    )
    owner.close()
    let_row_role_in(empty_database)
    assert main(["--database", url_of(empty_database), "export", "json"]) == 1
    assert "migration 0004" in capsys.readouterr().err

    assert main(["--database", url_of(empty_database, owner=True), "migrate"]) == 0
    said = capsys.readouterr().err
    assert "0004_worker_roles_and_retirement" in said and LATEST in said and "0001" not in said
    # No grant again: what migrate made (plan_file) the kiosks' role may use by the owner's default privileges.
    settings = load_settings(database=url_of(empty_database))
    db = open_store(settings)
    try:
        [found] = records.find_participants("zoe")
        person = records.get_participant(found.id)
        assert (person.first_name, person.agency_id, person.created) == ("Zoë", "K-7", made)
        [worker] = records.workers()
        assert (worker.name, worker.role) == ("Dana", "peer")
    finally:
        close_store(db)
    [(kind, collation)] = run_sql(
        "SELECT data_type, collation_name FROM information_schema.columns "
        "WHERE table_name = 'participant' AND column_name = 'search_key'",
        empty_database,
    )
    assert (kind, collation) == ("text", "C")


def test_a_schema_newer_than_this_version_is_refused(settings, capsys) -> None:
    run_sql("INSERT INTO schema_migration (name, applied) VALUES ('0099_later', now())", database_of(settings))
    with pytest.raises(StoreError, match=r"newer recovery-tui \(migration 0099\); install that version or newer"):
        open_store(settings)
    assert main(["--database", url_of(database_of(settings), owner=True), "migrate"]) == 1
    assert "newer recovery-tui" in capsys.readouterr().err


def _params(url: str) -> dict[str, object]:
    from playhouse.db_url import parse

    return dict(parse(url))


# --- what the server keeps as SQLite does ---------------------------------------------------------------


def test_an_export_from_sqlite_imported_here_exports_back_the_same(store, tmp_path) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'kiosk' / 'recovery.sqlite3'}"
    with opened(tmp_path / "kiosk", sqlite_url):
        build_full_store()
        from_sqlite = checked_export()
    demo = json.loads((ASSETS / "demo.json").read_text(encoding="utf-8"))
    for document in (from_sqlite, demo):
        db = open_store(store)
        try:
            import_document(document)
            here = checked_export()
        finally:
            close_store(db)
        back = without_exported_at(here)
        for kind in ("participants", "workers"):  # the second document's beside the first's here
            ids = {record["id"] for record in document[kind]}
            back[kind] = [record for record in here[kind] if record["id"] in ids]
        assert back == without_exported_at(document)
    with opened(tmp_path / "again", f"sqlite:///{tmp_path / 'again' / 'recovery.sqlite3'}"):
        import_document(here)  # and back into SQLite: the server's export is SQLite's too
        assert without_exported_at(checked_export()) == without_exported_at(here)


def test_a_name_that_folds_past_the_old_limits_is_kept_and_found(store) -> None:
    name = "\ufdfa" * 80  # NFKC makes each of these 18 letters and spaces: 1,440 characters, 2,640 bytes
    person = records.create_participant(name, "\ufdfa" * 40)
    key = Participant.get_by_id(person.id).search_key
    assert len(key) > 255 and len(key.encode()) > 2_704  # past a varchar(255), and a btree entry's limit
    assert [p.id for p in records.find_participants("\ufdfa")] == [person.id]


def test_the_list_is_in_code_point_order_as_on_sqlite(store) -> None:
    """The test databases sort text as en-US does by default; the list does not follow the server's
    language, but the code points of the folded names, as SQLite does."""
    made = ["zoe", "Émile", "ab", "Ana", "a-c", "ana", "Zoë", "bo", "ȧd"]
    for name in made:
        records.create_participant(name)
    expected = sorted(made, key=lambda name: records.participant_search_key(name, None))  # stable: made order
    assert [p.first_name for p in records.find_participants("")] == expected
    assert expected.index("a-c") < expected.index("ab")  # en-US would skip the hyphen: "ab" first


# --- connections ------------------------------------------------------------------------------------------


def test_a_dropped_connection_is_tried_again_once_and_the_answer_is_saved(store) -> None:
    person = records.create_participant("Dana")
    draft = records.start_response(person.id, "idaho-rcs")
    records.give_answer(draft.id, 1, 4)
    assert end_kiosk_connections(database_of(store)) == 1
    records.give_answer(draft.id, 2, 5)  # the server ended the connection between two answers
    assert {(a.statement, a.value) for a in Answer.select()} == {(1, 4), (2, 5)}


def test_a_connection_that_cannot_be_made_again_says_not_saved_and_loses_nothing(store) -> None:
    person = records.create_participant("Dana")
    draft = records.start_response(person.id, "idaho-rcs")
    records.give_answer(draft.id, 1, 4)
    allow_connections(database_of(store), False)
    try:
        end_kiosk_connections(database_of(store))
        with pytest.raises(DatabaseProblem, match="records server could not be reached"):
            records.give_answer(draft.id, 2, 5)
    finally:
        allow_connections(database_of(store), True)
    records.give_answer(draft.id, 2, 5)  # the server back: the next key saves
    assert {(a.statement, a.value) for a in Answer.select()} == {(1, 4), (2, 5)}


async def test_at_the_screen_a_lost_server_is_not_saved_and_the_next_key_saves(make_app, store) -> None:
    records.create_participant("Dana")
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:  # toasts show, as in a terminal
        await pilot.press("enter", "r", "4")
        assert isinstance(app.screen, FormScreen) and "Not saved" not in screen_text(app)
        allow_connections(database_of(store), False)
        try:
            end_kiosk_connections(database_of(store))
            await pilot.press("5")
            await pilot.pause()
            text = " ".join(screen_text(app).split())
            assert "Not saved" in text and "records server" in text, text
        finally:
            allow_connections(database_of(store), True)
        await pilot.press("5")
        await pilot.pause()
        assert "2. [5]" in screen_text(app)
    assert sorted(a.value for a in Answer.select()) == [4, 5]


def test_tls_is_used_when_the_url_asks_for_it(settings) -> None:
    secured = load_settings(database=settings.database_url + "?sslmode=require")
    db = open_store(secured)
    try:
        assert db.execute_sql("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone() == (True,)
    finally:
        close_store(db)


def test_the_row_roles_password_comes_from_the_password_file(settings) -> None:
    assert "@" in settings.database_url and ":" not in urlsplit(settings.database_url).netloc.split("@")[0]
    db = open_store(settings)  # no password in the URL: PGPASSFILE supplies it
    try:
        assert db.execute_sql("SELECT current_user").fetchone() == (postgres_support.ROW_ROLE,)
    finally:
        close_store(db)


def test_a_wrong_password_is_said_without_the_password(settings, capsys) -> None:
    parts = urlsplit(url_of(database_of(settings), owner=True))
    wrong = parts._replace(netloc=f"recovery_owner:not-the-Secret-7431@{parts.hostname}:{parts.port}").geturl()
    assert main(["--database", wrong, "export", "json"]) == 1
    said = capsys.readouterr().err
    assert "did not accept this kiosk's user name or password" in said and "password authentication failed" in said
    assert "not-the-Secret-7431" not in said and "recovery_owner:***@" in said
    assert len(said.strip().splitlines()) == 1  # one line: no log line printed before it


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        (
            "sslmode=verify-full&sslrootcert=/nowhere/root.crt",
            'root certificate file "/nowhere/root.crt" does not exist',
        ),
        ("sslmode=sometimes", "invalid sslmode value"),
    ],
)
def test_settings_the_server_cannot_use_are_said_with_libpqs_own_reason(settings, capsys, query, reason) -> None:
    assert main(["--database", f"{settings.database_url}?{query}", "export", "json"]) == 1
    said = capsys.readouterr().err
    assert "could not connect to the records server with the settings it was given" in said and reason in said
    assert "no database by the name" not in said


def test_the_app_gives_up_a_slow_statement_and_commands_do_not(settings) -> None:
    for wait, limits in ((APP_WAIT_SECONDS, ("2s", "5s")), (COMMAND_WAIT_SECONDS, ("1min", "0"))):
        db = open_store(settings, wait)
        try:
            shown = tuple(
                db.execute_sql(f"SHOW {name}").fetchone()[0] for name in ("lock_timeout", "statement_timeout")
            )
            assert shown == limits
            kept = db.connection().info.get_parameters()
            assert (kept["tcp_user_timeout"], kept["keepalives"]) == ("5000", "1")  # a network gone is noticed
        finally:
            close_store(db)


def test_a_server_that_does_not_answer_is_given_up_after_five_seconds(tmp_path, capsys) -> None:
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # the connection is accepted by the kernel, and nothing ever answers
    port = silent.getsockname()[1]
    try:
        started = time.monotonic()
        assert main(["--database", f"postgresql://kiosk:pw-4471@127.0.0.1:{port}/records", "export", "json"]) == 1
        waited = time.monotonic() - started
    finally:
        silent.close()
    said = capsys.readouterr().err
    assert 4 <= waited < 12, waited
    assert "could not be reached" in said and "pw-4471" not in said


def test_on_a_server_backup_writes_the_json_export_and_names_pg_dump(store, tmp_path, capsys) -> None:
    records.create_participant("Dana")
    assert main(["backup", str(tmp_path / "backup.sqlite3")]) == 1  # a JSON export under a SQLite name: no
    assert "give it a FILE.json" in capsys.readouterr().err and not (tmp_path / "backup.sqlite3").exists()
    target = tmp_path / "backup.json"
    assert main(["backup", str(target)]) == 0
    said = capsys.readouterr().err
    assert "pg_dump" in said and "JSON export" in said and "(1 participant)" in said
    assert [p["first_name"] for p in json.loads(target.read_text(encoding="utf-8"))["participants"]] == ["Dana"]
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_clock_moment_is_kept_to_the_microsecond(store) -> None:
    moment = dt.datetime(2026, 3, 4, 15, 30, 0, 123457)
    clock.set_now(moment)  # a set clock moves on by a microsecond a reading
    try:
        person = records.create_participant("Dana")
    finally:
        clock.set_now(None)
    assert dt.timedelta(0) < Participant.get_by_id(person.id).created - moment < dt.timedelta(microseconds=10)


# --- what a retry must never do, and one writer at a time ----------------------------------------------


def test_nothing_is_tried_again_once_a_transaction_of_the_call_has_committed(store) -> None:
    calls = []

    @guarded
    def add_then_read() -> int:
        calls.append(1)
        with transaction():
            records.create_participant("Dana")
        end_kiosk_connections(database_of(store))  # lost after the commit: doing it again would add a second
        return len(records.find_participants(""))

    with pytest.raises(DatabaseProblem, match="records server could not be reached"):
        add_then_read()
    assert calls == [1] and [p.first_name for p in records.find_participants("")] == ["Dana"]


def test_a_commit_whose_answer_was_lost_is_not_done_again(store, monkeypatch) -> None:
    """The server may have committed it: a second try could add the participant twice."""
    import psycopg

    db = database_proxy.obj
    real_commit = db.commit

    def commit_lost() -> None:
        monkeypatch.setattr(db, "commit", real_commit)
        db.rollback()
        raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(db, "commit", commit_lost)
    with pytest.raises(DatabaseProblem):
        records.create_participant("Dana")
    assert records.find_participants("") == []  # rolled back here, and not tried again


def test_a_call_within_a_call_is_tried_again_once_in_all(store, monkeypatch) -> None:
    person = records.create_participant("Dana")
    starts = []
    monkeypatch.setattr(common, "_start_again", lambda: starts.append(1) or database_proxy.close())
    allow_connections(database_of(store), False)
    try:
        end_kiosk_connections(database_of(store))
        with pytest.raises(DatabaseProblem):
            records.participant_overview(person.id)  # several guarded reads inside one guarded call
    finally:
        allow_connections(database_of(store), True)
    assert starts == [1]


def test_two_kiosks_starting_the_same_scale_at_once_leave_one_draft(store, monkeypatch) -> None:
    """Each looks for a draft, finds none, and only then writes: the one writer's lock makes the second
    look again after the first has written."""
    from recovery_tui.store.records import responses

    person = records.create_participant("Dana")
    both_looked = threading.Barrier(2, timeout=1)
    looked = responses.current_draft

    def look_then_wait(*args: object) -> object:
        found = looked(*args)  # type: ignore[arg-type]
        with contextlib.suppress(threading.BrokenBarrierError):  # the other kiosk waits for the lock
            both_looked.wait()
        return found

    monkeypatch.setattr(responses, "current_draft", look_then_wait)
    drafts = []

    def begin() -> None:
        try:
            drafts.append(records.start_response(person.id, "idaho-rcs").id)
        finally:
            common.close_thread_connection()

    threads = [threading.Thread(target=begin) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(drafts) == 2 and drafts[0] == drafts[1]
    assert Response.select().where(Response.participant == person.id).count() == 1


def test_a_read_sees_one_moment_while_another_kiosk_writes(store) -> None:
    records.create_participant("Ana")
    with common.reading():
        before = Participant.select().count()
        other = threading.Thread(target=lambda: (records.create_participant("Bo"), common.close_thread_connection()))
        other.start()
        other.join()
        assert Participant.select().count() == before == 1
    assert Participant.select().count() == 2
