"""The store under faults: another writer, a damaged file, a full disk, a newer version, two first runs.

Every database problem reaches the caller as the store's own DatabaseProblem, in words a person
can act on, and never as peewee's error or with record content in it.
"""

from __future__ import annotations

import logging
import multiprocessing
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from factories import as_json_bytes, document_of, minimal_participant

from recovery_tui.config import load_settings
from recovery_tui.exchange.json_import import ImportRefused, import_document
from recovery_tui.store import records
from recovery_tui.store.database import close_store, open_store
from recovery_tui.store.errors import DatabaseProblem, StoreError, ValidationError
from recovery_tui.store.models import Answer, Helper, Participant, Response, Visit

pytestmark = pytest.mark.backend  # run again on PostgreSQL in CI

PLANTED = "Zebedee-Planted"


def hold_write_lock(path: Path, seconds: float) -> threading.Thread:
    """Another program (an import, a second kiosk) holds the write lock for ``seconds``."""
    locked = threading.Event()

    def hold() -> None:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        other.execute("begin immediate")
        locked.set()
        time.sleep(seconds)
        other.execute("rollback")
        other.close()

    thread = threading.Thread(target=hold)
    thread.start()
    locked.wait(5)
    return thread


@pytest.mark.sqlite_only
def test_a_write_waits_for_another_writer_within_the_timeout(store) -> None:
    person = records.create_participant("Dana")
    holder = hold_write_lock(store.sqlite_path, 1.0)
    started = time.monotonic()
    records.start_or_resume_visit(person.id)  # reads, then writes: it must wait, not fail at once
    waited = time.monotonic() - started
    holder.join()
    assert 0.5 < waited < 2.0
    assert Visit.select().count() == 1


@pytest.mark.sqlite_only
def test_past_the_timeout_a_write_is_a_calm_message_and_nothing_is_half_written(store, caplog) -> None:
    person = records.create_participant(PLANTED)
    holder = hold_write_lock(store.sqlite_path, 3.0)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="recovery_tui"), pytest.raises(DatabaseProblem) as caught:
        records.start_or_resume_visit(person.id)
    assert 1.5 < time.monotonic() - started < 3.0
    holder.join()
    assert "busy with another program" in str(caught.value) and "locked" not in str(caught.value)
    assert Visit.select().count() == 0
    assert PLANTED not in caplog.text and "SQLITE_BUSY" in caplog.text


@pytest.mark.sqlite_only
def test_reads_go_on_while_another_program_writes(store) -> None:
    records.create_participant("Dana")
    holder = hold_write_lock(store.sqlite_path, 1.0)
    started = time.monotonic()
    [row] = records.find_participants("dan")
    overview = records.participant_overview(row.id)
    assert time.monotonic() - started < 0.5 and overview.first_name == "Dana"
    holder.join()


@pytest.mark.sqlite_only
def test_a_damaged_file_is_a_calm_message(settings) -> None:
    db = open_store(settings)
    for n in range(400):
        records.create_participant(f"{PLANTED} {n}", agency_id=f"A-{n}")
    query = "select rootpage from sqlite_master where name = 'participant'"
    (root,) = records.common.database_proxy.execute_sql(query).fetchone()
    (page_size,) = records.common.database_proxy.execute_sql("pragma page_size").fetchone()
    close_store(db)
    path = settings.sqlite_path
    assert path is not None
    with open(path, "r+b") as handle:  # overwrite the participant table's first page, which every read of it passes
        handle.seek((root - 1) * page_size)
        handle.write(b"\xa5" * page_size)
    db = open_store(settings)
    try:
        with pytest.raises(DatabaseProblem) as caught:
            records.find_participants("")
            for n in range(400):
                records.participant_overview(records.find_participants(f"{PLANTED} {n}")[0].id)
        assert "damaged" in str(caught.value) and PLANTED not in str(caught.value)
    finally:
        close_store(db)


@pytest.mark.sqlite_only
def test_a_full_disk_says_the_disk_is_full(store) -> None:
    records.create_participant("Dana")
    database_pages = records.common.database_proxy.execute_sql("pragma page_count").fetchone()[0]
    records.common.database_proxy.execute_sql(f"pragma max_page_count = {database_pages}")
    with pytest.raises(DatabaseProblem) as caught:
        for n in range(200):
            records.create_participant(f"Someone with a long name number {n}", agency_id=f"FULL-{n}")
    assert "disk holding the records is full" in str(caught.value)
    assert "rollback" not in str(caught.value)


@pytest.mark.sqlite_only
def test_another_rule_of_the_table_is_not_taken_for_a_used_agency_id(store) -> None:
    records.common.database_proxy.execute_sql(
        "create trigger newer_rule before insert on participant "
        "begin select raise(abort, 'NOT NULL constraint failed: participant.pronouns'); end"
    )
    with pytest.raises(StoreError) as caught:
        records.create_participant("Dana", agency_id="A-1")
    assert not isinstance(caught.value, ValidationError)
    assert "agency id" not in str(caught.value).lower() and "already used" not in str(caught.value)


@pytest.mark.sqlite_only
def test_a_store_written_by_a_newer_version_is_refused(settings) -> None:
    close_store(open_store(settings))
    with sqlite3.connect(settings.sqlite_path) as connection:
        connection.execute("insert into schema_migration (name, applied) values ('0002_workers_sign_in', '2027-01-01')")
    with pytest.raises(StoreError) as caught:
        open_store(settings)
    assert str(caught.value) == (
        "This data was written by a newer recovery-tui (migration 0002); install that version or newer"
    )


def _open_in_a_process(data_dir: str, start: Any) -> None:
    start.wait()
    close_store(open_store(load_settings(data_dir=data_dir)))


def test_two_first_runs_at_once_both_succeed(tmp_path) -> None:
    for attempt in range(5):
        data_dir = str(tmp_path / f"fresh-{attempt}")
        start = multiprocessing.get_context("spawn").Event()
        processes = [
            multiprocessing.get_context("spawn").Process(target=_open_in_a_process, args=(data_dir, start))
            for _ in range(3)
        ]
        for process in processes:
            process.start()
        time.sleep(0.5)
        start.set()
        for process in processes:
            process.join(30)
        assert [p.exitcode for p in processes] == [0, 0, 0]


def test_two_imports_at_once_both_complete(settings, tmp_path) -> None:
    close_store(open_store(settings))
    files = []
    for name in ("first", "second"):
        people = [minimal_participant(f"{name} {n}") for n in range(300)]
        path = tmp_path / f"{name}.json"
        path.write_bytes(as_json_bytes(document_of(*people)))
        files.append(path)
    command = [sys.executable, "-m", "recovery_tui", "--data-dir", str(settings.data_dir), "import"]
    command += ["--database", settings.database_url]  # on a server, the row-only role's, its password in PGPASSFILE
    running = [subprocess.Popen([*command, str(f)], stderr=subprocess.PIPE) for f in files]
    results = [(p.wait(120), p.stderr.read().decode() if p.stderr else "") for p in running]
    assert [code for code, _ in results] == [0, 0], results
    db = open_store(settings)
    try:
        assert Participant.select().count() == 600
    finally:
        close_store(db)


WRITES = 500


def _write_in_a_process(data_dir: str, database: str, people: list[str], drafts: list[str], start: Any) -> None:
    """A kiosk's keys, as fast as they come: a helper added, then an answer given, over and over, for the
    same participants as the other kiosk. Any refusal ends the process with an error."""
    db = open_store(load_settings(data_dir=data_dir, database=database))  # the app's short wait for a writer
    start.wait()
    try:
        for n in range(WRITES):
            person = people[n % len(people)]
            if n % 2 == 0:
                records.create_helper(person, f"Helper {n}", "friend")
            else:
                records.give_answer(drafts[n % len(drafts)], 1 + (n // 2) % 23, 1 + n % 5)
    finally:
        close_store(db)


def test_two_kiosks_writing_at_once_lose_nothing_and_are_never_refused(settings) -> None:
    db = open_store(settings)
    try:
        people = [records.create_participant(name) for name in ("Ana", "Bo", "Cy")]
        drafts = [str(records.start_response(p.id, "idaho-rcs").id) for p in people]
    finally:
        close_store(db)
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Event()
    ids = [str(p.id) for p in people]
    kiosks = [
        spawn.Process(
            target=_write_in_a_process, args=(str(settings.data_dir), settings.database_url, ids, drafts, start)
        )
        for _ in range(2)
    ]
    for kiosk in kiosks:
        kiosk.start()
    time.sleep(1.0)  # both opened, then both write at once
    start.set()
    for kiosk in kiosks:
        kiosk.join(120)
    assert [kiosk.exitcode for kiosk in kiosks] == [0, 0]
    db = open_store(settings)
    try:
        assert Helper.select().count() == 2 * WRITES // 2
        assert Answer.select().count() == 3 * 23  # every statement of the three drafts, answered once each
        assert Response.select().count() == 3
    finally:
        close_store(db)


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        (
            lambda p: p["visits"].append(_visit(started="0001-01-01T00:00:00Z", ended=None)),
            ["visit 1", "started", "between 1900 and 2100"],
        ),
        (
            lambda p: p["visits"].append(_visit(started="9999-12-31T23:00:00Z", ended=None)),
            ["visit 1", "started", "between 1900 and 2100"],
        ),
        (lambda p: p.update(created="2026-03-04T10:00:00Z", updated="2026-03-01T10:00:00Z"), ["updated", "before"]),
        (
            lambda p: p["visits"].append(_visit(started="2026-03-04T10:00:00Z", ended="2026-03-04T09:00:00Z")),
            ["visit 1", "ended", "before started"],
        ),
        (lambda p: p.update(first_name="\u200b"), ["participant 1", "first name", "required"]),
        (lambda p: p.update(first_name="\u200d\u0301 \ufe0f"), ["participant 1", "first name", "required"]),
    ],
    ids=[
        "an open visit from year 1",
        "a visit in 9999",
        "changed before made",
        "ended before started",
        "a name of one zero-width space",
        "a name of joiners and marks",
    ],
)
def test_import_refuses_what_the_app_cannot_live_with(store, change, fragments) -> None:
    person = minimal_participant()
    change(person)
    with pytest.raises(ImportRefused) as caught:
        import_document(document_of(person))
    for fragment in fragments:
        assert fragment in str(caught.value), str(caught.value)
    assert Participant.select().count() == 0 and Visit.select().count() == 0


def _visit(started: str, ended: str | None) -> dict[str, Any]:
    from factories import new_id

    return {
        "id": new_id(),
        "created": "2026-03-04T10:00:00Z",
        "updated": "2026-03-04T10:00:00Z",
        "worker_id": None,
        "started": started,
        "ended": ended,
        "note": "",
        "domains": [],
        "support_lines_shared": False,
        "check_in": None,
    }


def test_a_name_of_only_a_zero_width_space_is_refused_on_the_screens_too(store) -> None:
    with pytest.raises(ValidationError, match="required"):
        records.create_participant("\u200b")
    assert records.create_participant("Zoë \u200b").first_name == "Zoë \u200b"


def test_an_import_writes_in_short_transactions_and_a_second_run_completes_a_cut_one(store, monkeypatch) -> None:
    from recovery_tui.store.records import merge

    people = [minimal_participant(f"Person {n}") for n in range(10)]
    monkeypatch.setattr(merge, "RECORDS_PER_WRITE", 3)
    calls = {"batches": 0}
    real_run = merge._Merger.run

    def cut_after_two_batches(self: Any, workers: Any, participants: Any) -> None:
        if not self.dry:
            calls["batches"] += 1
            if calls["batches"] == 3:
                raise KeyboardInterrupt  # the import is cut off part way
        real_run(self, workers, participants)

    monkeypatch.setattr(merge._Merger, "run", cut_after_two_batches)
    with pytest.raises(KeyboardInterrupt):
        import_document(document_of(*people))
    assert Participant.select().count() == 6  # two whole batches of three
    monkeypatch.setattr(merge._Merger, "run", real_run)
    summary = import_document(document_of(*people))
    assert Participant.select().count() == 10
    assert summary.written["Participant"] == 4 and summary.kept["Participant"] == 6


@pytest.mark.sqlite_only
def test_a_store_whose_columns_a_newer_version_renamed_is_a_calm_message(store) -> None:
    records.create_participant(PLANTED)
    records.common.database_proxy.execute_sql("alter table participant rename column first_name to given_name")
    with pytest.raises(DatabaseProblem) as caught:
        records.find_participants("")
    assert "do not match this version of recovery-tui" in str(caught.value) and PLANTED not in str(caught.value)
