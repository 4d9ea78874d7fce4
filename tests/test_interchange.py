"""Interchange an agency relies on: two kiosks that diverged from one export merged both ways,
removals that stay removed, clear refusals, CSV and FHIR from the command line, backup while
another process writes, and the demo. Real SQLite files throughout."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle

from recovery_tui import clock
from recovery_tui.cli import main
from recovery_tui.exchange.json_export import export_document
from recovery_tui.exchange.json_import import ImportRefused, import_document
from recovery_tui.store import records
from recovery_tui.store.models import Activity, AuditEvent, Removal, Response
from tests.factories import opened
from tests.history_data import complete_scale, values_for

pytestmark = pytest.mark.backend  # run again on PostgreSQL in CI

MONDAY = dt.datetime(2026, 3, 2, 10, 0)


def kiosk_at(moment: dt.datetime) -> None:
    clock.set_now(moment)


def start_kiosk(folder: Path) -> dict:
    """The first kiosk: Dana with a scale, a helper and two activities; its export."""
    kiosk_at(MONDAY)
    with opened(folder):
        dana = records.create_participant("Dana", "K-1")
        complete_scale(dana.id, values_for(10))
        records.create_helper(dana.id, "Mo", "sponsor", "555-0101")
        records.add_activity(dana.id, "Walk", None, ())
        records.add_activity(dana.id, "Call the clinic", None, ())
        return export_document()


def import_into(folder: Path, document: dict) -> records.MergeSummary:
    with opened(folder):
        return import_document(json.loads(json.dumps(document)))


def test_two_kiosks_that_diverged_merge_both_ways_and_a_removal_stays_removed(tmp_path, frozen_clock) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    shared = start_kiosk(a)
    assert import_into(b, shared).added == {"Participant": 1, "Response": 1, "Helper": 1, "Activity": 2}
    kiosk_at(MONDAY + dt.timedelta(hours=1))
    with opened(a):  # kiosk A: a new person, a new name for Mo
        records.create_participant("Eli")
        [mo] = records.helpers_of(records.find_participants("dana")[0].id)
        records.update_helper(mo.id, "Mo B.", "sponsor", "555-0101")
        from_a = export_document()
    kiosk_at(MONDAY + dt.timedelta(hours=2))
    with opened(b):  # kiosk B: takes out "Call the clinic", adds a helper
        dana = records.find_participants("dana")[0]
        clinic = next(a for a in records.activities_of_week(dana.id, MONDAY.date()) if a.text == "Call the clinic")
        records.remove_activity(clinic.id)
        records.create_helper(dana.id, "Rosa", "friend")
        from_b = export_document()
    [removal] = from_b["removed"]
    assert (removal["type"], removal["id"]) == ("activity", str(clinic.id))
    assert removal["removed"].startswith("2026-03-02T12:00:00.")

    into_a = import_into(a, from_b)
    assert into_a.added == {"Helper": 1}
    assert into_a.removed == {"Activity": 1}  # A's copy is taken out, as B did
    assert not into_a.updated  # B's Mo and Dana are older than A's
    into_b = import_into(b, from_a)
    assert into_b.added == {"Participant": 1}
    assert into_b.updated == {"Helper": 1}
    assert into_b.removed == {"Activity": 1}  # A's export still held it: it does not come back

    for folder in (a, b):
        with opened(folder):
            assert [x.text for x in Activity.select()] == ["Walk"]
            assert Removal.select().count() == 1
            names = sorted(h.name for p in records.find_participants() for h in records.helpers_of(p.id))
            assert names == ["Mo B.", "Rosa"]
            assert sorted(p.first_name for p in records.find_participants()) == ["Dana", "Eli"]
    again = import_into(b, from_a)  # nothing new the second time
    assert not again.added and not again.updated and again.removed == {"Activity": 1}


def test_a_discarded_draft_stays_discarded(tmp_path, frozen_clock) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    start_kiosk(a)
    with opened(a):
        dana = records.find_participants("dana")[0]
        draft = records.start_response(dana.id, records.SCALE)
        records.give_answer(draft.id, 1, 4)
        with_draft = export_document()
        records.discard_draft(draft.id)
        without = export_document()
    import_into(b, with_draft)
    import_into(b, without)
    import_into(b, with_draft)  # the older copy, once more
    with opened(b):
        assert Response.get_or_none(Response.id == draft.id) is None
        assert records.current_draft(dana.id, records.SCALE) is None


def test_two_kiosks_each_with_a_draft_of_the_same_scale_keep_both(tmp_path, frozen_clock) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    shared = start_kiosk(a)
    import_into(b, shared)
    kiosk_at(MONDAY + dt.timedelta(hours=1))
    with opened(a):
        dana = records.find_participants("dana")[0]
        records.give_answer(records.start_response(dana.id, records.SCALE).id, 1, 2)
        from_a = export_document()
    kiosk_at(MONDAY + dt.timedelta(hours=2))
    with opened(b):
        newer = records.start_response(dana.id, records.SCALE)
        records.give_answer(newer.id, 1, 5)
    summary = import_into(b, from_a)
    assert summary.set_aside == 1 and summary.added == {"Response": 1}
    with opened(b):
        assert records.current_draft(dana.id, records.SCALE).id == newer.id  # the newer one is resumed
        drafts = Response.select().where(Response.complete == False)
        assert sorted(r.set_aside is None for r in drafts) == [False, True]  # the other is kept, set aside


def test_a_rule_that_spans_records_is_refused_with_nothing_written(tmp_path, frozen_clock) -> None:
    document = start_kiosk(tmp_path / "a")
    person = document["participants"][0]
    template = person["activities"][0]
    person["activities"] = [
        {**template, "id": f"00000000-0000-4000-8000-{n:012d}", "text": f"Walk {n}"} for n in range(11)
    ]
    with pytest.raises(ImportRefused, match=r"participant 1.*a week holds up to 10 activities"):
        import_into(tmp_path / "b", document)
    with opened(tmp_path / "b"):
        assert records.find_participants() == []


def test_a_value_that_fits_no_choice_is_named_with_what_it_could_be(tmp_path, frozen_clock) -> None:
    document = start_kiosk(tmp_path / "a")
    document["participants"][0]["responses"][0]["answers"]["3"] = "maybe"
    with pytest.raises(ImportRefused) as refused:
        import_into(tmp_path / "b", document)
    assert str(refused.value) == (
        "document.participants[0].responses[0].answers.3: 'maybe' is not a whole number or 'declined'"
    )


# CSV and FHIR from the command line -----------------------------------------------------------


def test_export_csv_without_names_by_default_and_with_them_when_asked(store, frozen_clock, tmp_path, capsys) -> None:
    dana = records.create_participant("=HYPERLINK(1)", "K-9")
    complete_scale(dana.id, values_for(10))
    assert main(["export", "csv", "--data-dir", str(store.data_dir)]) == 0
    plain = capsys.readouterr().out
    assert plain.startswith("\ufeffparticipant_id,date,s1,") and "HYPERLINK" not in plain and "K-9" not in plain
    out = tmp_path / "scales.csv"
    args = ["export", "csv", "--with-names", "--with-agency-id", "--out", str(out), "--data-dir", str(store.data_dir)]
    assert main(args) == 0
    [header, row] = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert header[:4] == ["participant_id", "agency_id", "first_name", "date"]
    assert row[1:3] == ["K-9", "'=HYPERLINK(1)"] and row[-1] == "56"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [e.record_type for e in AuditEvent.select().where(AuditEvent.action == "export")] == [
        "csv export",
        "csv export",
    ]


def test_export_fhir_for_one_participant_validates(store, frozen_clock, capsys) -> None:
    dana = records.create_participant("Dana", "K-1")
    complete_scale(dana.id, values_for(10))
    complete_scale(records.create_participant("Eli").id, values_for(3))
    assert main(["export", "fhir", "--participant", "K-1", "--data-dir", str(store.data_dir)]) == 0
    bundle = json.loads(capsys.readouterr().out)
    Bundle.model_validate(bundle)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds == ["Patient", "QuestionnaireResponse"]
    assert "name" not in bundle["entry"][0]["resource"]


# Backup --------------------------------------------------------------------------------------------------

WRITER = """
import sys, time
from recovery_tui.config import load_settings
from recovery_tui.store import records
from recovery_tui.store.database import open_store
open_store(load_settings(data_dir=sys.argv[1]))
person = records.find_participants()[0]
print("ready", flush=True)
for _ in range(400):
    draft = records.start_response(person.id, records.SCALE)
    for n in range(1, 24):
        records.give_answer(draft.id, n, 1 + n % 5)
    records.discard_draft(draft.id)
"""


def test_a_backup_taken_while_another_process_writes_is_whole_and_opens(tmp_path, capsys) -> None:
    data = tmp_path / "data"
    with opened(data):
        records.create_participant("Dana")
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(data)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        time.sleep(0.3)
        copy = tmp_path / "backups" / "copy.sqlite3"
        assert main(["backup", str(copy), "--data-dir", str(data)]) == 0
        assert writer.poll() is None, "the writer should still have been writing"
    finally:
        writer.kill()
        writer.wait()
    assert "checked whole" in capsys.readouterr().err
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert not Path(f"{copy}-wal").exists()
    with sqlite3.connect(copy) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with opened(tmp_path / "restored") as settings:
        pass
    (settings.data_dir / "recovery.sqlite3").unlink()
    copy.rename(settings.data_dir / "recovery.sqlite3")
    with opened(settings.data_dir):
        assert [p.first_name for p in records.find_participants()] == ["Dana"]
    with opened(data):  # the backup is noted in the store it copied
        assert AuditEvent.select().where(AuditEvent.action == "backup").count() == 1


def test_a_backup_of_nothing_is_refused(tmp_path, capsys) -> None:
    assert main(["backup", str(tmp_path / "copy.sqlite3"), "--data-dir", str(tmp_path / "none")]) == 1
    assert "nothing was backed up" in capsys.readouterr().err
    assert not (tmp_path / "none").exists() and not (tmp_path / "copy.sqlite3").exists()


# The demo -----------------------------------------------------------------------------------------------


def test_the_demo_command_runs_the_app_on_a_copy_and_leaves_the_real_folder_alone(monkeypatch, tmp_path) -> None:
    import platformdirs

    from recovery_tui.ui.app import RecoveryApp

    seen = {}

    def run(app: RecoveryApp) -> None:
        seen["folder"] = app.settings.data_dir
        seen["names"] = sorted(p.first_name for p in records.find_participants())

    monkeypatch.setattr(RecoveryApp, "run", run)
    assert main(["demo"]) == 0
    assert seen["names"] == ["Amara", "Dana", "Kenji", "Rosa", "Tomasz"]
    assert not seen["folder"].exists()  # removed when the app closed
    assert not platformdirs.user_data_path("recovery-tui").exists()


def test_a_response_under_both_a_worker_and_a_participant_is_refused_clearly(tmp_path, frozen_clock) -> None:
    document = start_kiosk(tmp_path / "a")
    response = document["participants"][0]["responses"][0]
    document["workers"] = [
        {"id": "00000000-0000-4000-8000-000000000001", "name": "Sam", "created": response["created"],
         "updated": response["created"], "responses": [response]}
    ]  # fmt: skip
    with pytest.raises(ImportRefused, match="a response belongs to a participant or to a worker, never both"):
        import_into(tmp_path / "b", document)


def test_a_draft_completed_on_one_kiosk_after_another_discarded_it_is_kept_on_both(tmp_path, frozen_clock) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    start_kiosk(a)
    with opened(a):
        dana = records.find_participants("dana")[0]
        draft = records.start_response(dana.id, records.SCALE)
        shared = export_document()
    import_into(b, shared)
    kiosk_at(MONDAY + dt.timedelta(hours=1))
    with opened(b):
        records.discard_draft(draft.id)
        from_b = export_document()
    kiosk_at(MONDAY + dt.timedelta(hours=2))
    with opened(a):
        for n, value in enumerate(values_for(30), 1):
            records.give_answer(draft.id, n, value)
        records.complete_response(draft.id)
        from_a = export_document()
    assert not import_into(a, from_b).removed  # completed after it was discarded there: it stays
    back = import_into(b, from_a)
    assert back.added == {"Response": 1} and not back.removed
    for folder in (a, b):
        with opened(folder):
            assert records.scale_history(dana.id)[-1].total == 76
            assert Removal.select().count() == 0  # the later change won: nothing keeps it out now


def test_a_removal_of_a_kind_that_is_never_removed_is_refused_with_nothing_written(tmp_path, frozen_clock) -> None:
    document = start_kiosk(tmp_path / "a")
    document["removed"] = [
        {"type": "participant", "id": document["participants"][0]["id"], "removed": document["exported_at"]}
    ]
    with pytest.raises(ImportRefused, match=r"removed\[0\]\.type"):
        import_into(tmp_path / "b", document)
    with opened(tmp_path / "b"):
        assert records.find_participants() == [] and Removal.select().count() == 0


def test_a_backup_to_a_path_with_url_characters_checks_that_very_copy(tmp_path, capsys) -> None:
    data = tmp_path / "data"
    with opened(data):
        records.create_participant("Dana")
    copy = tmp_path / "b#1 %41?.sqlite3"
    assert main(["backup", str(copy), "--data-dir", str(data)]) == 0
    assert "checked whole" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b#1 %41?.sqlite3", "data"]
