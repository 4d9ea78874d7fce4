"""The audit log as read back (``records.audit_lines``) and printed (``recovery-tui audit``), against a
real SQLite store: every kind of event in words, the filters, newest first, and never a record's content."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from factories import opened

from recovery_tui import cli, clock
from recovery_tui.audit_commands import COLUMNS, CSV_COLUMNS
from recovery_tui.exchange.json_export import export_document
from recovery_tui.exchange.json_import import import_document
from recovery_tui.store import records
from recovery_tui.store.errors import NotFound
from recovery_tui.store.models import AuditEvent, database_proxy
from recovery_tui.store.records.take_home import WRITTEN

pytestmark = pytest.mark.backend  # run again on PostgreSQL in CI

EARLIER = dt.datetime(2026, 3, 1, 12, 0)  # naive UTC: 2 March, 01:00 in Auckland
LATER = dt.datetime(2026, 3, 4, 15, 30)
CONTENT = ("Zebedee", "secret-note-text", "Mum", "Z-8", "Z-7", "4821")  # never in any line
IDS = re.compile(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|\b[0-9a-f]{8}\b")  # random: "4821" may be in one


def without_ids(text: str) -> str:
    return IDS.sub("", text)


def short(record_id: object) -> str:
    return uuid.UUID(str(record_id)).hex[:8]


@dataclass
class Session:
    dana: records.WorkerRow
    sam: records.WorkerRow
    zebedee: uuid.UUID
    other: uuid.UUID
    removed_activity: uuid.UUID
    other_visit: uuid.UUID
    about_zebedee: set[tuple[str, str]]  # (what, which) of every event about Zebedee or a record of theirs
    about_other: set[tuple[str, str]]


def a_session() -> Session:
    """A day's work: workers and PINs on 1 March; Zebedee's visit, forms and plans on 4 March."""
    clock.set_now(EARLIER)
    dana = records.create_worker("Dana Okafor", "supervisor", "4821")
    assert records.sign_in(dana.id, "0000").right is False
    assert records.sign_in(dana.id, "4821").right
    assert records.sign_in(dana.id, "4821", "PIN again").right
    records.note_lock()
    assert records.sign_in(dana.id, "4821", "unlock").right
    sam = records.create_worker("Sam", "peer")

    clock.set_now(LATER)
    zeb = records.create_participant("Zebedee", "Z-7").id
    records.update_participant(zeb, "Zebedee", "Z-8")
    records.note_opened(zeb)
    visit = records.start_or_resume_visit(zeb)
    check_in = records.save_check_in(visit.id, went_well="secret-note-text")
    records.save_visit_note(visit.id, note="secret-note-text")
    response = records.start_response(zeb, "idaho-rcs")
    records.give_answer(response.id, 1, 4)
    helper = records.create_helper(zeb, "Mum", "family", notes="secret-note-text")
    (area,) = records.choose_focus_areas(zeb, [records.FocusChoice(None, "secret-note-text")])
    kept = records.add_activity(zeb, "secret-note-text walk", area.id, (helper.id,))
    gone = records.add_activity(zeb, "secret-note-text run")
    records.remove_activity(gone.id)
    for what in WRITTEN:
        records.note_written(zeb, what)
    import_document(export_document())  # an export of the JSON document, then reading it back
    records.note_backup()

    other = records.create_participant("Other").id
    records.act_as(sam.id)
    records.note_opened(other)
    other_visit = records.start_or_resume_visit(other)
    records.act_as(dana.id)
    records.note_quit()

    about_zebedee = {
        ("Added", f"participant {short(zeb)}"),
        ("Changed", f"participant {short(zeb)}"),
        ("Opened", f"participant {short(zeb)}"),
        ("Added", f"visit {short(visit.id)}"),
        ("Changed", f"visit {short(visit.id)}"),
        ("Added", f"check-in {short(check_in.id)}"),
        ("Added", f"form {short(response.id)}"),
        ("Changed", f"form {short(response.id)}"),
        ("Added", f"helper {short(helper.id)}"),
        ("Added", f"area to grow {short(area.id)}"),
        ("Added", f"activity {short(kept.id)}"),
        ("Plan written", f"participant {short(zeb)}"),
        ("Record written", f"participant {short(zeb)}"),
        ("Plan printed", f"participant {short(zeb)}"),
        ("Plan as QR code", f"participant {short(zeb)}"),
        ("Plan shown large", f"participant {short(zeb)}"),
    }
    about_other = {
        ("Added", f"participant {short(other)}"),
        ("Opened", f"participant {short(other)}"),
        ("Added", f"visit {short(other_visit.id)}"),
    }
    return Session(dana, sam, zeb, other, gone.id, other_visit.id, about_zebedee, about_other)


@pytest.fixture
def session(store) -> Session:
    return a_session()


def seen(lines: list[records.AuditLine]) -> list[tuple[str, str, str]]:
    return [(line.who, line.what, line.which) for line in lines]


# -- every kind of event, in words --------------------------------------------------------------


def test_each_kind_of_event_reads_in_plain_words(session) -> None:
    lines = seen(records.audit_lines())
    dana, unnamed = "Dana Okafor", "Unnamed worker"
    for expected in [
        (unnamed, "Added", "worker Dana Okafor"),
        (unnamed, "Wrong PIN", "worker Dana Okafor"),  # tried while nobody was signed in
        (dana, "Signed in", "worker Dana Okafor"),  # a right PIN says who it was
        (dana, "PIN typed again", "worker Dana Okafor"),
        (dana, "Locked", "worker Dana Okafor"),
        (dana, "Unlocked", "worker Dana Okafor"),
        (dana, "Added", "worker Sam"),
        (dana, "Removed", f"activity {short(session.removed_activity)}"),
        (dana, "Exported", "JSON document"),
        (dana, "Imported", "JSON document"),
        (dana, "Backed up", "all records"),
        ("Sam", "Opened", f"participant {short(session.other)}"),
        (dana, "Quit", ""),
    ]:
        assert expected in lines, expected
    for what, which in session.about_zebedee:
        assert (dana, what, which) in lines, (what, which)


@pytest.mark.sqlite_only
def test_words_for_events_this_version_does_not_know_and_a_worker_not_on_record(store) -> None:
    records.audit("erase", "participant", uuid.uuid4())
    records.audit("something new", "thing_x", "abc")
    database_proxy.execute_sql("PRAGMA foreign_keys = OFF")
    AuditEvent.create(worker=uuid.uuid4(), action="view", record_type="participant", record_id=str(uuid.uuid4()))
    database_proxy.execute_sql("PRAGMA foreign_keys = ON")
    records.audit("lock", "worker")
    locked, unknown_worker, new_line, erased_line = records.audit_lines()
    assert (locked.who, locked.what, locked.which) == ("Unnamed worker", "Locked", "")
    assert (unknown_worker.who, unknown_worker.what) == ("Worker not on record", "Opened")
    assert (new_line.what, new_line.which) == ("Something new", "thing x abc")
    assert (erased_line.what, erased_line.which[:12]) == ("Erased", "participant ")


def test_opening_an_overview_and_quitting_are_audited(store) -> None:
    person = records.create_participant("Ana")
    records.note_opened(person.id)
    records.note_quit()
    assert [(e.action, e.record_type, e.record_id) for e in AuditEvent.select().order_by(AuditEvent.at)][1:] == [
        ("view", "participant", str(person.id)),
        ("quit", "app", None),
    ]
    with pytest.raises(NotFound):
        records.note_opened(uuid.uuid4())  # nobody: no line


# -- filters ---------------------------------------------------------------------------------------


def test_newest_first_and_at_most_the_limit(session) -> None:
    lines = records.audit_lines()
    assert [line.when for line in lines] == sorted((line.when for line in lines), reverse=True)
    assert len(set(line.when for line in lines)) == len(lines)
    assert records.audit_lines(limit=3) == lines[:3]
    assert lines[0].what == "Quit" and lines[-1].which == "worker Dana Okafor" and lines[-1].what == "Added"


def test_the_participant_filter_finds_events_about_them_and_each_of_their_records(session) -> None:
    about = {(line.what, line.which) for line in records.audit_lines(participant_id=session.zebedee)}
    assert about == session.about_zebedee
    other = {(line.what, line.which) for line in records.audit_lines(participant_id=session.other)}
    assert other == session.about_other


def test_the_participant_filter_takes_the_same_number_of_queries_however_many_records(store) -> None:
    def queries_for(visits: int) -> int:
        person = records.create_participant("Ana")
        for _ in range(visits):
            records.start_another_visit(person.id)
        database = database_proxy.obj
        calls = []
        original = database.execute_sql

        def counted(sql, params=None, *args, **kwargs):
            calls.append(sql)
            return original(sql, params, *args, **kwargs)

        database.execute_sql = counted
        try:
            lines = records.audit_lines(participant_id=person.id)
        finally:
            del database.execute_sql
        assert len(lines) == 1 + 2 * visits - 1  # a second visit the same day ends the one before
        return len(calls)

    assert queries_for(1) == queries_for(30) <= 4


def test_the_worker_filter_gives_what_that_worker_did(session) -> None:
    by_sam = seen(records.audit_lines(worker_id=session.sam.id))
    assert by_sam == [
        ("Sam", "Added", f"visit {short(session.other_visit)}"),
        ("Sam", "Opened", f"participant {short(session.other)}"),
    ]
    by_dana = records.audit_lines(worker_id=session.dana.id)
    assert by_dana and {line.who for line in by_dana} == {"Dana Okafor"}
    assert "Signed in" in {line.what for line in by_dana}  # her own right PIN
    assert "Wrong PIN" not in {line.what for line in by_dana}  # typed while nobody was signed in


def test_each_kind_filter_gives_only_its_events_and_every_event_has_a_kind(session) -> None:
    words = {
        "opened": {"Opened"},
        "added": {"Added"},
        "changed": {"Changed"},
        "removed": {"Removed"},
        "plans": {"Plan written", "Record written", "Plan printed", "Plan as QR code", "Plan shown large"},
        "exported": {"Exported"},
        "imported": {"Imported"},
        "backed-up": {"Backed up"},
        "signed-in": {"Signed in"},
        "pin-again": {"PIN typed again"},
        "locked": {"Locked"},
        "unlocked": {"Unlocked"},
        "wrong-pin": {"Wrong PIN"},
        "quit": {"Quit"},
    }
    assert [kind.key for kind in records.AUDIT_KINDS] == list(words)
    counted = 0
    for kind in records.AUDIT_KINDS:
        lines = records.audit_lines(kind=kind.key)
        assert {line.what for line in lines} == words[kind.key], kind.key
        counted += len(lines)
    assert counted == len(records.audit_lines())
    both = records.audit_lines(kind="opened", worker_id=session.sam.id, participant_id=session.other)
    assert seen(both) == [("Sam", "Opened", f"participant {short(session.other)}")]


def test_since_is_a_local_day(session, monkeypatch) -> None:
    everything = records.audit_lines()
    from_4_march = records.audit_lines(since=dt.date(2026, 3, 4))
    assert from_4_march == [line for line in everything if line.when >= LATER]
    assert records.audit_lines(since=dt.date(2026, 3, 5)) == []

    def oldest(since: dt.date) -> dt.datetime:
        return min(line.when for line in records.audit_lines(since=since))

    assert oldest(dt.date(2026, 3, 1)) < LATER and oldest(dt.date(2026, 3, 2)) >= LATER  # the tests run in UTC
    monkeypatch.setenv("TZ", "Pacific/Auckland")  # 12:00 UTC on 1 March is 01:00 on 2 March there
    time.tzset()
    assert oldest(dt.date(2026, 3, 2)) < LATER
    monkeypatch.setenv("TZ", "America/Los_Angeles")  # and 04:00 on 1 March there
    time.tzset()
    assert oldest(dt.date(2026, 3, 1)) < LATER and oldest(dt.date(2026, 3, 2)) >= LATER


def test_no_line_holds_any_record_content(session) -> None:
    for line in records.audit_lines():
        text = " ".join(str(part) for part in (line.who, line.what, line.which, line.record_id, line.when_words))
        text = without_ids(text)
        for word in CONTENT:
            assert word not in text, (word, line)


def test_participants_to_choose_from_include_archived_ones(store) -> None:
    ana = records.create_participant("Ana", "A-1")
    records.create_participant("Zoë")
    records.archive_participant(ana.id)
    found = records.audit_participants("a-1")
    assert [(row.first_name, row.archived) for row in found] == [("Ana", True)]
    assert [row.first_name for row in records.audit_participants("zoe")] == ["Zoë"]
    assert [row.first_name for row in records.audit_participants()] == ["Ana", "Zoë"]


# -- recovery-tui audit -----------------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    with opened(tmp_path / "data"):
        a_session()
        clock.set_now(None)  # the command's own line, after everything
        records.act_as(None)  # a command runs in a process of its own: nobody signed in
    return tmp_path / "data"


def csv_rows(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))


def audit_command(data_dir: Path, *args: str) -> int:
    return cli.main(["audit", "--data-dir", str(data_dir), *args])


def test_the_command_prints_the_same_lines_aligned_with_a_header(data_dir, capsys) -> None:
    with opened(data_dir):
        expected = records.audit_lines(limit=None)
    assert audit_command(data_dir) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["When", "Who", "What", "Which", "record"]
    assert len(out) == 1 + len(expected)
    what_at = out[0].index(COLUMNS[2])
    for row, line in zip(out[1:], expected, strict=True):
        assert row.startswith(line.when_words)
        assert row[what_at:].startswith(line.what)  # every column starts where its heading does
        assert line.who in row and row.endswith(line.which or line.what)
    for word in CONTENT:
        assert word not in without_ids("\n".join(out))


def test_the_command_as_csv_parses_with_a_header_row(data_dir, capsys) -> None:
    assert audit_command(data_dir, "--csv") == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeffwhen,who,what,which,record_id\r\n")  # as export csv: a BOM for spreadsheets
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0]["what"] == "Quit" and rows[0]["when"].endswith("Z")
    dt.datetime.fromisoformat(rows[0]["when"].removesuffix("Z"))
    assert {"Plan printed", "Wrong PIN", "Opened"} <= {row["what"] for row in rows}
    for word in CONTENT:
        assert word not in without_ids(out)


def test_the_command_filters_by_participant_agency_id_and_since(data_dir, capsys) -> None:
    assert audit_command(data_dir, "--csv", "--participant", "Z-8") == 0
    about = {(row["what"], row["which"]) for row in csv_rows(capsys.readouterr().out)}
    assert len(about) == 16 and ("Plan printed", next(w for _, w in about if w.startswith("participant"))) in about
    assert all(not which.startswith("worker") for _, which in about)
    assert audit_command(data_dir, "--csv", "--since", "2026-03-04") == 0
    since = csv_rows(capsys.readouterr().out)
    assert since and all(row["when"] >= "2026-03-04" for row in since)
    assert "Wrong PIN" not in {row["what"] for row in since}


def test_a_worker_named_like_a_formula_is_not_run_by_a_spreadsheet(tmp_path, capsys) -> None:
    with opened(tmp_path / "data"):
        records.create_worker("=cmd|' /C calc'!A0")
    assert audit_command(tmp_path / "data", "--csv") == 0
    (row,) = csv_rows(capsys.readouterr().out)
    assert row["which"] == "worker =cmd|' /C calc'!A0"  # starts with "worker": harmless
    with opened(tmp_path / "data"):
        records.act_as(records.workers()[0].id)
        records.note_quit()
        records.act_as(None)
    assert audit_command(tmp_path / "data", "--csv") == 0
    assert csv_rows(capsys.readouterr().out)[0]["who"] == "'=cmd|' /C calc'!A0"


def test_printing_the_log_is_itself_in_the_log(data_dir, capsys) -> None:
    assert audit_command(data_dir) == 0
    capsys.readouterr()
    with opened(data_dir):
        newest = records.audit_lines(limit=1)[0]
    assert (newest.who, newest.what, newest.which) == ("Unnamed worker", "Exported", "audit log")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--since", "2026-13-01"), "--since '2026-13-01' is not a date: give it as YYYY-MM-DD"),
        (("--since", "yesterday"), "is not a date"),
        (("--participant", "nobody"), "no participant with the id or agency ID 'nobody'"),
    ],
)
def test_a_bad_date_or_participant_is_a_clear_message_and_exit_1(data_dir, capsys, args, says) -> None:
    assert audit_command(data_dir, *args) == 1
    printed = capsys.readouterr()
    assert printed.out == "" and says in printed.err and "Traceback" not in printed.err


def test_no_store_is_a_clear_message_and_none_is_made(tmp_path, capsys) -> None:
    assert audit_command(tmp_path / "none") == 1
    assert "no audit log" in capsys.readouterr().err
    assert not (tmp_path / "none" / "recovery.sqlite3").exists()


def test_a_participant_is_found_on_the_command_line_by_the_start_of_the_id_the_log_shows(store) -> None:
    import uuid as uuid_module

    from recovery_tui.store.errors import NotFound
    from recovery_tui.store.models import Participant

    ana = records.create_participant("Ana")
    assert records.participant_by_reference(ana.id.hex[:8]) == ana.id
    assert records.participant_by_reference(str(ana.id)[:8].upper()) == ana.id
    with pytest.raises(NotFound):
        records.participant_by_reference(ana.id.hex[:7])  # too little to go on
    filler = "0" if ana.id.hex[8] != "0" else "f"  # the same first 8 characters, and no more
    twin = uuid_module.UUID(ana.id.hex[:8] + filler * 24)
    Participant.create(id=twin, first_name="Bo", search_key="bo\n")
    with pytest.raises(NotFound, match="more than one"):
        records.participant_by_reference(ana.id.hex[:8])
    assert records.participant_by_reference(ana.id.hex[:9]) == ana.id  # one more tells them apart
    assert records.participant_by_reference(str(ana.id)) == ana.id
