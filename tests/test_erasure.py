"""Erasing a participant (issue 17), against real files: every file in the data folder afterwards is
searched for their text (the database and its -wal and -shm, the upgrade copies in backups/, the
take-home files, the config), plain and encrypted; the other participant is untouched; one tombstone
and one audit line stay; an older export imported afterwards leaves them erased, and the erasure travels
to another kiosk; and the command line, with --confirm and with the name typed on standard input.

The search is first shown to find every text before the erasure, so that it is not blind; the strings
are long and unusual, so that none turns up by chance.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from factories import checked_export, opened, without_exported_at

from recovery_tui import clock, erasure, plans_folder
from recovery_tui.cli import main
from recovery_tui.config import Settings
from recovery_tui.exchange.json_import import import_document
from recovery_tui.store import encryption, records
from recovery_tui.store.database import backup_sqlite, close_store, open_store
from recovery_tui.store.errors import NotFound
from recovery_tui.store.models import (
    ActivityHelper,
    Answer,
    AuditEvent,
    CheckIn,
    PlanFile,
    Removal,
    database_proxy,
)
from recovery_tui.store.records import FocusChoice

pytestmark = pytest.mark.backend  # run again on PostgreSQL in CI

PASSPHRASE = "correct horse battery"
NAME = "Philippa-Quennell"
AGENCY = "AG-7731-QX"
HELPER = "Gwendolyn-Ashcombe"
PHONE = "+44 1632 960731"
HELPER_NOTES = "Rings from the lighthouse cottage on Sundays"
VISIT_NOTE = "talked about the marmalade kitchen job"
WENT_WELL = "finished the watercolour of the harbour"
HARD = "the night bus from Ellesmere was cancelled"
FOCUS_TODAY = "phone the tenancy office about Wexcombe"
AREA = "Join the rowing club at Hobbs Point"
ACTIVITY = "Bake soda bread with the neighbours"
REVIEW = "only half the loaf rose, still proud"
REMOVED = "Visit the quarry museum in Trewithen"
THEIRS = [
    NAME,
    NAME.casefold(),  # the search key holds the name folded
    AGENCY,
    AGENCY.casefold(),
    HELPER,
    PHONE,
    HELPER_NOTES,
    VISIT_NOTE,
    WENT_WELL,
    HARD,
    FOCUS_TODAY,
    AREA,
    ACTIVITY,
    REVIEW,
    REMOVED,
]
OTHER = "Bartholomew-Kestrel"
OTHER_NOTE = "repotted the greenhouse tomatoes together"
KEPT = [OTHER, OTHER_NOTE]


@dataclass
class World:
    """Two participants with everything, a migration copy of the store, take-home files; the older export."""

    settings: Settings
    erased_id: uuid.UUID
    other_id: uuid.UUID
    worker_id: uuid.UUID | None
    document: dict[str, Any]  # the export taken before the erasure
    copies: list[Path]
    their_files: list[Path]
    other_files: list[Path]
    other_before: Any
    passphrase: str | None = None
    ids: set[uuid.UUID] = field(default_factory=set)  # every id of the erased participant's records


def tick() -> None:
    clock.set_now(clock.now() + dt.timedelta(seconds=1))


def write_plan(settings: Settings, participant_id: uuid.UUID, *texts: str) -> list[Path]:
    pdf, text = plans_folder.write_files(settings.plans_folder, "plan", " ".join(texts).encode(), "\n".join(texts))
    records.note_written(participant_id, "plan", (pdf.name, text.name))
    return [pdf, text]


@dataclass
class Made:
    person: uuid.UUID
    other: uuid.UUID
    worker: uuid.UUID
    museum: uuid.UUID  # the activity taken out later
    draft: uuid.UUID  # the draft discarded later
    their_files: list[Path]
    other_files: list[Path]


def build(settings: Settings) -> Made:
    """Everything about two participants, the way the screens write it."""
    worker = records.create_worker("Sam")
    records.act_as(worker.id)
    person = records.create_participant(NAME, AGENCY)
    other = records.create_participant(OTHER, "AG-2")
    tick()
    helper = records.create_helper(person.id, HELPER, "friend", PHONE, HELPER_NOTES)
    visit = records.start_or_resume_visit(person.id)
    records.save_visit_note(visit.id, note=VISIT_NOTE)
    records.save_check_in(visit.id, feeling=4, went_well=WENT_WELL, hard=HARD, focus=FOCUS_TODAY)
    scale = records.start_response(person.id, "idaho-rcs")
    for number in range(1, 24):
        records.give_answer(scale.id, number, number % 5 + 1)
    records.complete_response(scale.id)
    tick()
    draft = records.start_response(person.id, "idaho-rcs")
    records.decline_answer(draft.id, 1)
    areas = records.choose_focus_areas(person.id, [FocusChoice(3, ""), FocusChoice(None, AREA)])
    walk = records.add_activity(person.id, ACTIVITY, areas[1].id, (helper.id,))
    records.review_activity(walk.id, "partly", REVIEW)
    museum = records.add_activity(person.id, REMOVED, None, (helper.id,))
    theirs = write_plan(settings, person.id, NAME, ACTIVITY, HELPER, PHONE)

    other_visit = records.start_or_resume_visit(other.id)
    records.save_visit_note(other_visit.id, note=OTHER_NOTE)
    records.create_helper(other.id, "Ingrid", "family")
    records.add_activity(other.id, "Walk the dog", None, ())
    others = write_plan(settings, other.id, OTHER, OTHER_NOTE)
    return Made(person.id, other.id, worker.id, museum.id, draft.id, theirs, others)


def copy_before_0005(db: Any, folder: Path) -> Path:
    """A copy as the upgrade to 0005 would have left it: the store's rows in the schema before 0005."""
    copy = backup_sqlite(db, folder / "recovery-20260304T150000Z-before-0005_erasure_links.sqlite3")
    with contextlib.closing(sqlite3.connect(copy)) as connection:
        connection.execute("DROP TABLE plan_file")
        connection.execute("DROP INDEX removal_participant")
        connection.execute("ALTER TABLE removal DROP COLUMN participant")
        connection.execute("DELETE FROM schema_migration WHERE name LIKE '0005%'")
        connection.commit()
    return copy


def kiosk_url(folder: Path) -> str:
    """Another kiosk's records: a SQLite file in ``folder``, even where this one's are on a server."""
    return f"sqlite:///{folder / 'recovery.sqlite3'}"


def kiosk_at(folder: Path) -> list[str]:
    return ["--data-dir", str(folder), "--database", kiosk_url(folder)]


def their_ids(person: uuid.UUID, document: dict[str, Any]) -> set[uuid.UUID]:
    """Every id of theirs: from their record in the export, their tombstones, and the rows the export
    does not carry (answers, links, take-home file names)."""
    [record] = [p for p in document["participants"] if p["id"] == str(person)]
    ids = {person}
    for kind in ("helpers", "visits", "responses", "focus_areas", "activities"):
        ids.update(uuid.UUID(r["id"]) for r in record[kind])
    ids.update(uuid.UUID(v["check_in"]["id"]) for v in record["visits"] if v["check_in"])
    ids.update(uuid.UUID(r["id"]) for r in document.get("removed", []))
    responses = [uuid.UUID(r["id"]) for r in record["responses"]]
    ids.update(a.id for a in Answer.select().where(Answer.response.in_(responses)))
    ids.update(link.id for link in ActivityHelper.select().where(ActivityHelper.helper.in_(list(ids))))
    ids.update(f.id for f in PlanFile.select().where(PlanFile.participant == person))
    ids.update(c.id for c in CheckIn.select().where(CheckIn.visit.in_(list(ids))))
    return ids


@contextlib.contextmanager
def world_of(settings: Settings, tmp_path: Path, passphrase: str | None) -> Iterator[World]:
    """The world, its store open (so that its -wal and -shm are there to search) for the block."""
    clock.set_now(dt.datetime(2026, 3, 4, 15, 0))
    db = open_store(settings)
    try:
        made = build(settings)
        backups = settings.data_dir / "backups"
        copies: list[Path] = []
        if settings.sqlite_path is not None:  # a server leaves no upgrade copies beside the app
            copies = [
                copy_before_0005(db, backups),
                backup_sqlite(db, backups / "recovery-20260304T151000Z-before-0099_later.sqlite3"),
            ]
            (backups / ".recovery-20260304T152000Z-before-0100.sqlite3.k2j4.part").write_bytes(copies[1].read_bytes())
            (backups / "recovery-20260304T153000Z-before-0101_damaged.sqlite3").write_bytes(
                b"not a store at all " + NAME.encode() * 3
            )
    finally:
        close_store(db)
    records.act_as(None)
    if passphrase:
        for path in (*copies, settings.sqlite_path):
            encryption.encrypt_file(path, passphrase, lock_held=path in copies)  # as encrypt does
    db = open_store(settings, passphrase=passphrase)
    try:
        records.act_as(made.worker)
        tick()
        records.remove_activity(made.museum)  # after the copies: they still hold it, the store its tombstone
        records.discard_draft(made.draft)
        document = checked_export()
        world = World(
            settings=settings,
            erased_id=made.person,
            other_id=made.other,
            worker_id=made.worker,
            document=document,
            copies=copies,
            their_files=made.their_files,
            other_files=made.other_files,
            other_before=records.read_participant(made.other),
            passphrase=passphrase,
        )
        world.ids = their_ids(made.person, document)
        assert {made.museum, made.draft} <= world.ids
        yield world
    finally:
        close_store(db)


@pytest.fixture
def world(settings: Settings, tmp_path: Path) -> Iterator[World]:
    with world_of(settings, tmp_path, None) as made:
        yield made


def files_in(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def holding(folder: Path, texts: list[str]) -> dict[str, list[str]]:
    """Each file under ``folder`` holding any of ``texts`` as UTF-8 bytes, with the texts it holds."""
    found = {}
    for path in files_in(folder):
        data = path.read_bytes()
        held = [text for text in texts if text.encode("utf-8") in data]
        if held:
            found[str(path.relative_to(folder))] = held
    return found


def decrypted(path: Path, passphrase: str, out: Path) -> bytes:
    """The rows of an encrypted file, written in clear to ``out`` (outside the data folder) and read back."""
    out.unlink(missing_ok=True)
    with contextlib.closing(encryption.connect(path, passphrase)) as connection:
        connection.execute("ATTACH DATABASE ? AS plain KEY ''", (str(out),))
        connection.execute("SELECT sqlcipher_export('plain')")
        connection.execute("DETACH DATABASE plain")
    return out.read_bytes()


def rows_naming(ids: set[uuid.UUID]) -> list[tuple[str, tuple[Any, ...]]]:
    """Every row of every table of the open store holding any of ``ids`` (as 32 digits or with hyphens)."""
    texts = {str(i) for i in ids} | {i.hex for i in ids}
    db = database_proxy.obj
    found = []
    for table in db.get_tables():
        for row in db.execute_sql(f'SELECT * FROM "{table}"').fetchall():
            if any(str(value) in texts for value in row):
                found.append((table, row))
    return found


def assert_only_the_erasure_is_left(world: World, erased_here: bool = True) -> None:
    """One tombstone with their id and nothing else; and, where they were erased here, one audit line
    that says so (by the acting worker) and no other naming any id of theirs."""
    naming = rows_naming(world.ids)
    assert sorted(table for table, _ in naming) == ["audit_event", "removal"][not erased_here :], naming
    [tombstone] = Removal.select().where(Removal.record_id == world.erased_id)
    assert tombstone.record_type == records.ERASED and tombstone.participant is None
    if erased_here:
        [line] = AuditEvent.select().where(AuditEvent.record_id == str(world.erased_id))
        assert (line.action, line.record_type, line.worker_id) == ("erase", "participant", world.worker_id)


# --- the erasure itself ------------------------------------------------------------------------------


@pytest.mark.sqlite_only
@pytest.mark.parametrize("kind", ["plain", "encrypted"])
def test_after_an_erasure_no_file_in_the_data_folder_holds_anything_of_theirs(settings, tmp_path, kind) -> None:
    passphrase = PASSPHRASE if kind == "encrypted" else None
    with world_of(settings, tmp_path, passphrase) as world:
        data = settings.data_dir
        before = holding(data, THEIRS)
        assert {text for held in before.values() for text in held} == set(THEIRS)  # the search sees them all
        assert f"plans/{world.their_files[1].name}" in before
        if passphrase is None:
            assert set(THEIRS) - {REMOVED} <= set(before["recovery.sqlite3"] + before.get("recovery.sqlite3-wal", []))
            for copy in world.copies:
                assert REMOVED in before[f"backups/{copy.name}"]  # a row the store has taken out since
        else:
            assert set(before) == {f"plans/{p.name}" for p in world.their_files} | {
                "backups/recovery-20260304T153000Z-before-0101_damaged.sqlite3",
                "backups/.recovery-20260304T152000Z-before-0100.sqlite3.k2j4.part",
            }
            for path in (settings.sqlite_path, *world.copies):
                clear = decrypted(path, passphrase, tmp_path / "clear.sqlite3")
                assert NAME.encode() in clear and OTHER.encode() in clear  # the check below is not blind

        report = erasure.erase(settings, world.erased_id, f"  {NAME.upper()} ")

        assert (data / "recovery.sqlite3-wal").exists()  # the store is still open: its log is searched too
        assert holding(data, THEIRS) == {}
        assert_only_the_erasure_is_left(world)
        assert records.read_participant(world.other_id) == world.other_before
        assert all(path.exists() for path in world.other_files)
        assert not any(path.exists() for path in world.their_files)
        assert sorted(p.name for p in (data / "backups").iterdir()) == sorted(p.name for p in world.copies)
        assert report.participants == 1 and report.files_cleared
        assert (report.plan_files_removed, report.copies_rewritten, report.copies_removed) == (2, 2, 2)
        assert report.removed["Visit"] == 1 and report.removed["Response"] == 1 and report.removed["PlanFile"] == 2
        words = erasure.report_words(report)
        assert NAME not in words and "recovery-tui backup" in words
        if passphrase is None:
            assert set(holding(data, KEPT)) >= {"recovery.sqlite3", *(f"backups/{c.name}" for c in world.copies)}
            for copy in world.copies:
                with contextlib.closing(sqlite3.connect(copy)) as connection:
                    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                    assert connection.execute("SELECT first_name FROM participant").fetchall() == [(OTHER,)]
                    tombstones = connection.execute("SELECT record_type, record_id FROM removal").fetchall()
                    assert tombstones == [(records.ERASED, world.erased_id.hex)]
        else:
            for path in (settings.sqlite_path, *world.copies):
                assert encryption.file_kind(path) == "encrypted"
                clear = decrypted(path, passphrase, tmp_path / "clear.sqlite3")
                assert not [text for text in THEIRS if text.encode() in clear], path
                assert OTHER.encode() in clear and OTHER_NOTE.encode() in clear


def test_a_first_name_that_does_not_match_erases_nothing(world) -> None:
    data = world.settings.data_dir
    files = {path: path.read_bytes() for path in files_in(data / "backups") + files_in(data / "plans")}
    audit_lines = AuditEvent.select().count()
    for typed in ("Philippa", "Philippa Quennell", "", "   ", OTHER):
        with pytest.raises(erasure.NotConfirmed, match="does not match; nothing was erased"):
            erasure.erase(world.settings, world.erased_id, typed)
    assert without_exported_at(checked_export()) == without_exported_at(world.document)
    assert AuditEvent.select().count() == audit_lines + 1  # the export just taken
    assert {path: path.read_bytes() for path in files} == files


def test_erasing_someone_not_there_is_a_clear_store_error(store) -> None:
    with pytest.raises(NotFound):
        erasure.erase(store, uuid.uuid4(), "Ana")


def test_the_typed_name_is_compared_as_written_less_case_and_surrounding_spaces() -> None:
    assert records.same_first_name(" ZOË ", "Zoë")
    assert records.same_first_name("Zoe\u0308", "Zo\u00eb")  # one letter, typed decomposed
    assert records.same_first_name("STRASSE", "Straße")  # casefold, as the letters are the same
    assert not records.same_first_name("Zoe", "Zoë")  # accents matter: no near miss erases anyone
    assert not records.same_first_name("", "Zoë")
    assert not records.same_first_name("Zoë Ann", "Zoë")


# --- export and import -------------------------------------------------------------------------------


def test_an_older_export_imported_afterwards_leaves_them_erased(world) -> None:
    erasure.erase(world.settings, world.erased_id, NAME)
    summary = import_document(json.loads(json.dumps(world.document)))
    assert summary.removed["Participant"] == 1 and not summary.added and not summary.erased
    assert holding(world.settings.data_dir, THEIRS) == {}
    assert_only_the_erasure_is_left(world)
    assert records.read_participant(world.other_id) == world.other_before
    assert records.find_participants(NAME) == []


def test_the_erasure_travels_in_the_export_and_erases_them_at_another_kiosk(world, tmp_path, capsys) -> None:
    older = tmp_path / "older.json"
    older.write_text(json.dumps(world.document))
    kiosk_b, kiosk_c = tmp_path / "b", tmp_path / "c"
    assert main(["import", str(older), *kiosk_at(kiosk_b)]) == 0  # kiosk B has them too
    assert NAME in json.dumps(holding(kiosk_b, THEIRS))

    with opened(world.settings.data_dir):
        erasure.erase(world.settings, world.erased_id, NAME)
        after = checked_export()  # valid against the schema, tombstone and all
    assert [r for r in after["removed"] if r["type"] == records.ERASED] == [
        {"type": records.ERASED, "id": str(world.erased_id), "removed": after["removed"][-1]["removed"]}
    ]
    assert NAME not in json.dumps(after)
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(after))
    capsys.readouterr()

    assert main(["import", str(newer), *kiosk_at(kiosk_b)]) == 0
    said = capsys.readouterr().err
    assert "Erased the participant" in said and NAME not in said
    assert holding(kiosk_b, THEIRS) == {}  # the store is still open: its -wal is searched too
    assert main(["import", str(older), *kiosk_at(kiosk_b)]) == 0  # the older one again: still erased
    assert main(["import", str(newer), *kiosk_at(kiosk_c)]) == 0  # a new kiosk: the tombstone first
    assert main(["import", str(older), *kiosk_at(kiosk_c)]) == 0
    for kiosk, erased_here in ((kiosk_b, True), (kiosk_c, False)):
        with opened(kiosk, kiosk_url(kiosk)):
            assert holding(kiosk, THEIRS) == {}
            assert_only_the_erasure_is_left(world, erased_here)
            assert records.read_participant(world.other_id) == world.other_before


# --- the command line --------------------------------------------------------------------------------


def test_erase_on_the_command_line_with_confirm(world, capsys) -> None:
    data = str(world.settings.data_dir)
    assert main(["erase", "--participant", AGENCY, "--confirm", NAME.lower(), "--data-dir", data]) == 0
    out, err = capsys.readouterr()
    assert out == "" and NAME not in err and AGENCY not in err
    assert "Erased the participant" in err and "recovery-tui backup" in err
    assert ("Upgrade copies in" in err) == (world.settings.sqlite_path is not None)  # a server leaves none here
    assert holding(world.settings.data_dir, THEIRS) == {}
    with pytest.raises(NotFound):
        records.get_participant(world.erased_id)


def test_erase_on_the_command_line_asks_for_the_first_name_on_the_terminal(world, tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "recovery_tui", "erase", "--participant", str(world.erased_id)],
        cwd=tmp_path,
        env={**os.environ, "RECOVERY_TUI_DATA_DIR": str(world.settings.data_dir)},
        input=f"{NAME}\n".encode(),
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert b"type their first name" in result.stderr and b"Erased the participant" in result.stderr
    assert NAME.encode() not in result.stdout + result.stderr  # the name asked for is never shown
    assert holding(world.settings.data_dir, THEIRS) == {}
    assert records.read_participant(world.other_id) == world.other_before


@pytest.mark.parametrize(("typed", "said"), [("Philippa\n", "does not match"), ("", "no first name was typed")])
def test_a_wrong_or_missing_name_on_the_command_line_erases_nothing(world, monkeypatch, capsys, typed, said) -> None:
    data = world.settings.data_dir
    files = {path: path.read_bytes() for path in files_in(data / "backups") + files_in(data / "plans")}
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    assert main(["erase", "--participant", AGENCY, "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert said in err and "nothing was erased" in err and "Traceback" not in err
    assert without_exported_at(checked_export()) == without_exported_at(world.document)
    assert {path: path.read_bytes() for path in files} == files


def test_erase_needs_a_participant_who_is_there(world, capsys) -> None:
    data = str(world.settings.data_dir)
    assert main(["erase", "--participant", "AG-NOBODY", "--confirm", NAME, "--data-dir", data]) == 1
    assert "no participant with the id or agency ID" in capsys.readouterr().err
    assert records.get_participant(world.erased_id).first_name == NAME


# --- the take-home screen ----------------------------------------------------------------------------


async def test_the_plan_and_record_the_take_home_screen_writes_go_with_the_erasure(make_app, store) -> None:
    person = records.create_participant(NAME)
    folder = store.plans_folder
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "e", "w")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("m")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    written = sorted(path.name for path in folder.iterdir())
    assert len(written) == 4 and {name.split("-")[0] for name in written} == {"plan", "record"}
    assert sorted(f.name for f in PlanFile.select().where(PlanFile.participant == person.id)) == written
    stranger, _ = plans_folder.write_files(folder, "plan", b"%PDF-", "not theirs")  # recorded for nobody
    report = erasure.erase(store, person.id, NAME)
    assert report.plan_files_removed == 4
    assert [path.name for path in folder.iterdir() if path.suffix == ".pdf"] == [stranger.name]
    assert holding(store.data_dir, [NAME]) == {}


# --- cut short, and raced ------------------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_an_erasure_cut_short_before_the_copies_is_completed_by_the_next_one(world, monkeypatch) -> None:
    """A power cut after the records went: their take-home files went first, and the next erasure (of
    anyone) rewrites the upgrade copies for every participant ever erased here."""
    from recovery_tui.store import backup_copies

    def cut(_erased):
        raise KeyboardInterrupt  # as a kill in the middle would leave it

    monkeypatch.setattr(erasure, "erase_in_copies", cut)
    with pytest.raises(KeyboardInterrupt):
        erasure.erase(world.settings, world.erased_id, NAME)
    assert not any(path.exists() for path in world.their_files)  # removed before the records
    copies_held = holding(world.settings.data_dir / "backups", [VISIT_NOTE])
    assert copies_held, "the copies were not expected to be rewritten yet"
    monkeypatch.setattr(erasure, "erase_in_copies", backup_copies.erase_in_copies)
    report = erasure.erase(world.settings, world.other_id, OTHER)
    assert report.copies_rewritten >= 1
    assert holding(world.settings.data_dir / "backups", [VISIT_NOTE, NAME, OTHER_NOTE]) == {}


def test_take_home_files_that_could_not_be_noted_are_removed_at_once(store, settings, monkeypatch) -> None:
    from recovery_tui.store.errors import StoreError
    from recovery_tui.ui.screens.take_home import noted

    person = records.create_participant(NAME)
    pdf, text = plans_folder.write_files(settings.plans_folder, "plan", b"pdf", NAME)

    def busy(*_args, **_kwargs):
        raise StoreError("the records are busy")

    monkeypatch.setattr(records, "note_written", busy)
    with pytest.raises(StoreError):
        noted(person.id, "plan", pdf, text)
    assert not pdf.exists() and not text.exists()


def test_someone_erased_while_an_import_was_being_checked_is_not_brought_back(world, monkeypatch) -> None:
    from recovery_tui.store.records import merge

    real_batches = merge.batches

    def erased_meanwhile(*args, **kwargs):
        records.erase_participant(world.erased_id, NAME)  # another kiosk, between the check and the writes
        yield from real_batches(*args, **kwargs)

    monkeypatch.setattr(merge, "batches", erased_meanwhile)
    import_document(world.document)
    with pytest.raises(NotFound):
        records.get_participant(world.erased_id)
    assert records.get_participant(world.other_id).first_name == OTHER
