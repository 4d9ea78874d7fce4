"""The JSON document of DESIGN section 7: export, import, merge, refusal, round trip."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import tempfile
import unicodedata
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from factories import (
    PIN_HASH,
    START,
    WEEK_1,
    Texts,
    as_json_bytes,
    checked_export,
    document_of,
    full_document,
    minimal_participant,
    new_id,
    opened,
    time_text,
    without_exported_at,
)
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from recovery_tui import clock
from recovery_tui.exchange.document import schema
from recovery_tui.exchange.json_export import export_document
from recovery_tui.exchange.json_import import ImportRefused, import_document
from recovery_tui.security import clean_line, clean_text
from recovery_tui.store import records, validation
from recovery_tui.store.models import Activity, AuditEvent, CheckIn, Helper, Participant, Response, Visit
from tests.conftest import soon_after

pytestmark = pytest.mark.backend  # run again on PostgreSQL in CI

VALIDATOR = Draft202012Validator(schema())
TIME = re.compile(r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z\Z")
DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")


def assert_valid(document: dict[str, Any]) -> None:
    errors = sorted(VALIDATOR.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message[:200]}" for e in errors]


def strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_in(item)] + [k for k in value]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return []


@pytest.fixture
def document(tmp_path: Path) -> dict[str, Any]:
    return full_document(tmp_path / "source")


@pytest.fixture
def target(document: dict[str, Any], store):
    """An empty store, opened after ``document`` was built (and its store closed): the test's own, so on
    PostgreSQL the document from a SQLite kiosk is imported into the server."""
    return store


# -- the export ----------------------------------------------------------------


def test_the_shipped_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(schema())


def test_the_schema_refuses_what_it_should() -> None:
    """Guard against a schema that accepts anything (and so validates nothing)."""
    good = document_of(minimal_participant())
    assert_valid(good)
    for broken in (
        {**good, "format": "other"},
        {**good, "version": 2},
        {k: v for k, v in good.items() if k != "participants"},
        document_of({k: v for k, v in minimal_participant().items() if k != "first_name"}),
        document_of({**minimal_participant(), "id": "not-a-uuid"}),
        document_of({**minimal_participant(), "updated": "2026-03-04 15:30:00"}),
    ):
        assert list(VALIDATOR.iter_errors(broken))


def test_export_holds_every_record_kind_and_matches_the_schema(document) -> None:
    assert_valid(document)
    assert document["format"] == "recovery-tui" and document["version"] == 1
    (worker,) = document["workers"]
    assert worker["name"] == "Sam"
    (self_assessment,) = worker["responses"]
    assert self_assessment["instrument"] == "supervisor-self-assessment"
    assert len(self_assessment["answers"]) == 11 and self_assessment["total"] is None

    emile, ozge, lyalya = document["participants"]
    assert [p["first_name"] for p in document["participants"]] == ["Émile", "ÖZGE", "Ляля"]
    assert emile["agency_id"] == "A-101" and ozge["agency_id"] is None
    assert lyalya["archived"] is not None and emile["archived"] is None

    assert [h["name"] for h in emile["helpers"]] == ["Rosa", "Dev"]
    assert emile["helpers"][1]["archived"] is not None
    visit, open_visit = emile["visits"]
    assert visit["worker_id"] == worker["id"] and open_visit["worker_id"] is None
    assert visit["domains"] == ["Advocacy", "Mentoring and Education"] and open_visit["domains"] == []
    assert visit["support_lines_shared"] is True and open_visit["ended"] is None
    assert visit["check_in"]["feeling"] == 4 and open_visit["check_in"] is None
    assert ozge["visits"][0]["check_in"]["feeling"] is None

    complete, declined, draft = emile["responses"]
    assert complete["complete"] and complete["total"] == sum(n % 5 + 1 for n in range(1, 24))
    assert declined["complete"] and declined["answers"]["7"] == "declined" and declined["total"] is None
    assert not draft["complete"] and draft["total"] is None
    assert draft["answers"] == {"1": 5, "2": 4, "3": "declined", "4": 2}

    old_statement, old_text, current_statement, current_text = emile["focus_areas"]
    assert old_statement["statement"] == 3 and old_statement["replaced"] == WEEK_1.isoformat()
    assert old_text["statement"] is None and old_text["text"] == "Cook at home more"
    assert current_statement["replaced"] is None and current_text["text"] == "Find a meeting close to work"

    walk, meeting, carried = emile["activities"]
    rosa, dev = (h["id"] for h in emile["helpers"])
    assert walk["helper_ids"] == [rosa] and meeting["helper_ids"] == [rosa, dev]
    assert walk["focus_area_id"] == current_text["id"] and carried["focus_area_id"] is None
    assert carried["carried_from"] == walk["id"] and walk["carried_from"] is None
    assert [a["status"] for a in emile["activities"]] == ["partly", "done", "planned"]
    assert ozge["activities"][0]["status"] == "not-yet"


def test_export_has_no_pin_hash_and_no_audit_log(document) -> None:
    text = json.dumps(document)
    assert PIN_HASH not in text and "SECRET-PIN-HASH" not in text
    assert "pin" not in {key.lower() for key in _all_keys(document)}
    assert "audit" not in text.lower()


def _all_keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for item in value.values() for k in _all_keys(item)}
    if isinstance(value, list):
        return {k for item in value for k in _all_keys(item)}
    return set()


def test_times_are_utc_with_z_and_dates_are_plain(document) -> None:
    time_keys = {"exported_at", "created", "updated", "started", "ended", "archived"}
    date_keys = {"date", "chosen", "replaced", "week_of"}
    seen = Counter()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in time_keys and item is not None:
                    assert TIME.match(item), (key, item)
                    seen["time"] += 1
                if key in date_keys and item is not None:
                    assert DATE.match(item), (key, item)
                    seen["date"] += 1
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(document)
    assert seen["time"] > 50 and seen["date"] > 10
    assert all(
        dt.date.fromisoformat(a["week_of"]).weekday() == 0 for p in document["participants"] for a in p["activities"]
    )


def test_lists_are_in_creation_order(document) -> None:
    def created(items: list[dict[str, Any]]) -> list[str]:
        return [item["created"] for item in items]

    lists = [document["workers"], document["participants"]]
    for person in document["participants"]:
        lists += [person[key] for key in ("helpers", "visits", "responses", "focus_areas", "activities")]
    assert sum(len(items) > 1 for items in lists) >= 6
    for items in lists:
        assert created(items) == sorted(created(items))


def test_export_is_written_to_the_audit_log_without_content(store, frozen_clock) -> None:
    records.create_participant("Émile")
    before = AuditEvent.select().count()
    checked_export()
    assert AuditEvent.select().count() == before + 1
    (event,) = AuditEvent.select().where(AuditEvent.action == "export")
    assert (event.action, event.record_type, event.record_id) == ("export", "document", None)
    assert soon_after(frozen_clock, event.at)


# -- round trips -----------------------------------------------------------------


def test_round_trip_into_an_empty_store_is_exact(document, tmp_path) -> None:
    with opened(tmp_path / "target"):
        summary = import_document(json.loads(as_json_bytes(document)))
        again = checked_export()
    assert_valid(again)
    assert without_exported_at(again) == without_exported_at(document)
    assert summary.written == Counter(
        Worker=1, Participant=3, Helper=3, Visit=3, CheckIn=2, Response=5, FocusArea=5, Activity=4
    )
    assert not summary.kept


def test_importing_the_same_document_twice_writes_nothing_new(document, tmp_path) -> None:
    with opened(tmp_path / "target"):
        import_document(document)
        second = import_document(document)
        again = checked_export()
    assert not second.written
    assert sum(second.kept.values()) == 26
    assert without_exported_at(again) == without_exported_at(document)


def test_carried_from_may_point_later_in_the_list_when_times_tie(store, tmp_path) -> None:
    """Two activities created in the same clock tick are listed by id; the one carried
    forward can then come first. The document is still whole and must import."""
    clock.set_now(START)
    person = records.create_participant("Ana")
    tie = {"created": START, "updated": START}  # made in the same instant, as two kiosks might
    original = Activity.create(
        id=uuid.UUID(int=2**128 - 1), participant=person.id, week_of=WEEK_1, text="Walk", status="not-yet", **tie
    )
    Activity.create(
        id=uuid.UUID(int=1),
        participant=person.id,
        week_of=WEEK_1 + dt.timedelta(days=7),
        text="Walk",
        status="planned",
        carried_from=original,
        **tie,
    )
    document = checked_export()
    activities = document["participants"][0]["activities"]
    assert activities[0]["carried_from"] == activities[1]["id"]  # the case this test is about
    with opened(tmp_path / "target"):
        import_document(document)
        assert without_exported_at(checked_export()) == without_exported_at(document)


def test_activities_carried_forward_in_a_circle_are_refused(tmp_path) -> None:
    first, second = new_id(), new_id()
    person = minimal_participant()
    for this, other in ((first, second), (second, first)):
        person["activities"].append(
            {
                "id": this,
                "created": time_text(START),
                "updated": time_text(START),
                "week_of": "2026-02-02",
                "text": "Walk",
                "focus_area_id": None,
                "helper_ids": [],
                "status": "planned",
                "review_note": "",
                "carried_from": other,
            }
        )
    with opened(tmp_path / "target"):
        with pytest.raises(ImportRefused, match="carried_from"):
            import_document(document_of(person))
        assert Participant.select().count() == 0


HOSTILE = [
    "[bold]",
    "[/",
    "[/]",
    "[link=file:///etc/passwd]x[/link]",
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x00",
    "\x7f",
    "\x9b31m",
    "👩🏽‍⚕️",
    "🏳️‍🌈",
    "שָׁלוֹם",
    "مرحبا بك",
    "\u202eevil\u202c",
    "\u2067rtl\u2069",
    "e\u0301",
    "Z\u0351\u0363\u036b\u0308",
    "\ud800",
    "\udfff",
    "a\r\nb",
    "\t",
    "\u2028",
    "\x85",
    " ",
    "\xa0",
    "\ufeff",
    "ß",
    "İ",
    "ﬁ",
    "\\",
    '"',
    "%",
    "_",
    "\u0301",
]
LONG = ("Émile \x1b[2J [bold]👩🏽‍⚕️ שָׁלוֹם\ud800 e\u0301 \x00\n" * 4000)[:100_000]
assert len(LONG) == 100_000

fragment = st.sampled_from(HOSTILE) | st.text(max_size=20)
line = (
    st.lists(fragment, max_size=5)
    .map(lambda parts: "A" + "".join(parts))
    .filter(lambda text: len(clean_line(text)) <= 80)
)
short_free_text = st.lists(fragment, max_size=6).map("".join)
long_free_text = st.one_of(
    st.just(LONG),
    st.lists(fragment | st.just(LONG), min_size=2, max_size=3).map(lambda parts: "".join(parts)[:100_000]),
)
# One field in five gets 100k characters: enough to meet it in most examples, few enough to stay quick.
free_text = st.sampled_from([False, False, False, False, True]).flatmap(
    lambda long: long_free_text if long else short_free_text
)
short_text = (
    st.lists(fragment, max_size=6)
    .map(lambda parts: "Grow " + "".join(parts))
    .filter(lambda text: len(clean_text(text)) <= 500)
)
hostile_texts = st.builds(
    Texts,
    worker_name=line,
    first_names=st.tuples(line, line, line),
    helper_name=line,
    helper_notes=free_text,
    visit_note=free_text,
    went_well=free_text,
    hard=free_text,
    focus=free_text,
    focus_text=short_text,
    activity_text=line,
    review_note=free_text,
)


@hypothesis_settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(texts=hostile_texts)
def test_round_trip_survives_hostile_text(texts: Texts) -> None:
    with tempfile.TemporaryDirectory() as folder:
        document = full_document(Path(folder) / "source", texts)
        assert_valid(document)
        sent = as_json_bytes(document)  # what the CLI writes: must encode (no lone surrogates)
        with opened(Path(folder) / "target"):
            import_document(json.loads(sent.decode("utf-8")))
            again = checked_export()
        clock.set_now(None)
    assert_valid(again)
    assert without_exported_at(again) == without_exported_at(document)
    for text in strings_in(again):
        assert not any(unicodedata.category(c) in ("Cc", "Cs") and c != "\n" for c in text), repr(text[:80])
        assert "\u202e" not in text


def test_round_trip_with_100k_hostile_characters_in_every_free_text_field(tmp_path) -> None:
    """Notes that hold 100,000 characters keep them; shorter fields hold as many as they allow."""
    texts = Texts(helper_notes=LONG, visit_note=LONG, went_well=LONG, hard=LONG, focus=LONG, review_note=LONG)
    document = full_document(tmp_path / "source", texts)
    emile = document["participants"][0]
    assert len(emile["visits"][0]["note"]) > 80_000 and "\x1b" not in emile["visits"][0]["note"]
    with opened(tmp_path / "target"):
        import_document(json.loads(as_json_bytes(document)))
        again = checked_export()
    assert without_exported_at(again) == without_exported_at(document)


# -- import: cleaning, merging, auditing -------------------------------------------


def test_import_strips_control_characters_as_entry_does(tmp_path) -> None:
    person = minimal_participant(" \x1b[2JÉmile\x00\u202e ")
    person["visits"].append(
        {
            "id": new_id(),
            "created": time_text(START),
            "updated": time_text(START),
            "worker_id": None,
            "started": time_text(START),
            "ended": None,
            "note": "line one\x1b]0;title\x07\r\nline two\t",
            "domains": [],
            "support_lines_shared": False,
            "check_in": None,
        }
    )
    with opened(tmp_path / "target"):
        import_document(document_of(person))
        (row,) = Participant.select()
        (visit,) = Visit.select()
        assert row.first_name == "[2JÉmile"
        assert visit.note == "line one]0;title\nline two"
        assert [r.first_name for r in records.find_participants("émile")] == ["[2JÉmile"]


def _first_name_after(document: dict[str, Any]) -> list[str]:
    import_document(document)
    return [row.first_name for row in Participant.select()]


def test_merge_newer_updated_wins_and_older_is_kept(tmp_path) -> None:
    pid = new_id()
    t0, t1, t2 = START, START + dt.timedelta(hours=1), START + dt.timedelta(hours=2)
    with opened(tmp_path / "target"):
        assert _first_name_after(document_of(minimal_participant("Ana", updated=t1, participant_id=pid))) == ["Ana"]

        newer = import_document(document_of(minimal_participant("Anna", updated=t2, participant_id=pid)))
        assert [r.first_name for r in Participant.select()] == ["Anna"]
        assert newer.written == Counter(Participant=1) and not newer.kept

        older = import_document(document_of(minimal_participant("Annie", updated=t0, participant_id=pid)))
        assert [r.first_name for r in Participant.select()] == ["Anna"]
        assert older.kept == Counter(Participant=1) and not older.written

        same = import_document(document_of(minimal_participant("Anja", updated=t2, participant_id=pid)))
        assert [r.first_name for r in Participant.select()] == ["Anna"]
        assert same.kept == Counter(Participant=1)

        (row,) = Participant.select()
        assert row.updated == t2 and row.created == START
        assert records.find_participants("anna") and not records.find_participants("annie")


def test_a_change_made_here_after_the_export_is_kept(document, tmp_path) -> None:
    with opened(tmp_path / "target"):
        import_document(document)
        emile = document["participants"][0]
        clock.set_now(START + dt.timedelta(days=3))
        records.update_participant(emile["id"], "Emil", "A-101")
        summary = import_document(document)
        assert records.get_participant(emile["id"]).first_name == "Emil"
        assert summary.kept["Participant"] == 3


def test_merge_works_record_by_record(document, tmp_path) -> None:
    """An older participant is kept while a newer helper, response and activity of theirs are taken."""
    later = time_text(START + dt.timedelta(days=5))
    with opened(tmp_path / "target"):
        import_document(document)
        changed = copy.deepcopy(document)
        emile = changed["participants"][0]
        emile["first_name"] = "Older copy"  # same `updated`: must be kept
        emile["helpers"][0].update(name="Rosa M.", updated=later)
        draft = emile["responses"][2]
        draft.update(answers={"1": 1, "9": "declined"}, updated=later)
        walk = emile["activities"][0]
        walk.update(helper_ids=[emile["helpers"][1]["id"]], status="done", updated=later)
        summary = import_document(changed)
        again = checked_export()

    assert summary.written == Counter(Helper=1, Response=1, Activity=1)
    new_emile = again["participants"][0]
    assert new_emile["first_name"] == "Émile"
    assert new_emile["helpers"][0]["name"] == "Rosa M."
    assert new_emile["responses"][2]["answers"] == {"1": 1, "9": "declined"}
    assert new_emile["activities"][0]["helper_ids"] == [emile["helpers"][1]["id"]]
    assert new_emile["activities"][0]["status"] == "done"
    assert new_emile["activities"][1] == document["participants"][0]["activities"][1]


def test_a_stale_copy_whose_agency_id_moved_on_is_kept_not_refused(tmp_path) -> None:
    """Kiosk A exported Ana as X-1; here Ana became X-2 and Bo took X-1. A's old copy of
    Ana is older, so it is kept: it must not make the whole file fail."""
    ana = minimal_participant("Ana", agency_id="X-1", updated=START)
    with opened(tmp_path / "target"):
        import_document(document_of(ana))
        clock.set_now(START + dt.timedelta(days=1))
        records.update_participant(ana["id"], "Ana", "X-2")
        records.create_participant("Bo", "X-1")
        summary = import_document(document_of(ana))
        assert summary.kept == Counter(Participant=1)
        assert records.get_participant(ana["id"]).agency_id == "X-2"


def test_import_writes_audit_events_without_content(document, tmp_path) -> None:
    with opened(tmp_path / "target"):
        import_document(document)
        events = list(AuditEvent.select())
        cursor = AuditEvent._meta.database.execute_sql("select * from audit_event")
        raw_rows = cursor.fetchall()
    assert len(events) == 26 + 1
    assert {e.action for e in events} == {"import"}
    assert Counter(e.record_type for e in events) == Counter(
        document=1, worker=1, participant=3, helper=3, visit=3, check_in=2, response=5, focus_area=5, activity=4
    )
    exported_ids = {item["id"] for item in _records_with_ids(document)}
    assert {e.record_id for e in events if e.record_type != "document"} == exported_ids
    words = {s for s in _values(document) if len(s) >= 3 and not re.fullmatch(r"[0-9a-f-]{36}|[\d:.TZ-]+", s)}
    assert "Émile" in words and "Rosa" in words
    for row in raw_rows:
        for cell in row:
            assert not any(word in str(cell) for word in words), (row, cell)


def _values(value: Any) -> list[str]:
    """Every string value (not key) in the document."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _values(item)]
    if isinstance(value, list):
        return [s for item in value for s in _values(item)]
    return []


def _records_with_ids(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        own = [value] if "id" in value and "created" in value else []
        return own + [r for item in value.values() for r in _records_with_ids(item)]
    if isinstance(value, list):
        return [r for item in value for r in _records_with_ids(item)]
    return []


def test_a_refused_import_writes_no_audit_event(store) -> None:
    records.create_participant("Ana")
    before = AuditEvent.select().count()
    with pytest.raises(ImportRefused):
        import_document(document_of(minimal_participant(""), minimal_participant("Bo")))
    with pytest.raises(ImportRefused):
        import_document({"format": "other"})
    assert AuditEvent.select().count() == before


# -- import: refusals that need more than the command line tests ---------------------


def _refused(document: dict[str, Any], *fragments: str) -> str:
    with pytest.raises(ImportRefused) as caught:
        import_document(document)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    return message


@pytest.mark.parametrize("bad", ["2026-02-30T10:00:00Z", "2026-13-01T00:00:00Z", "2026-03-04T25:00:00Z"])
def test_an_impossible_time_is_refused_naming_the_field(store, bad) -> None:
    person = minimal_participant()
    person["updated"] = bad
    _refused(document_of(person), "participant 1", "updated")
    assert Participant.select().count() == 0


def test_an_impossible_date_is_refused_naming_the_field(target, document) -> None:
    document["participants"][0]["responses"][0]["date"] = "2026-02-30"
    _refused(document, "participant 1", "response 1", "date")
    assert Participant.select().count() == 0


def test_digits_from_other_scripts_are_not_a_date(store) -> None:
    person = minimal_participant()
    person["created"] = "٢٠٢٦-٠٣-٠٤T10:00:00Z"  # noqa: RUF001 (Arabic-Indic digits on purpose)
    _refused(document_of(person), "participants[0]")


def test_an_id_with_a_trailing_newline_is_refused(store) -> None:
    person = minimal_participant()
    person["id"] += "\n"
    _refused(document_of(person), "participants[0]")
    assert Participant.select().count() == 0


def test_free_text_over_the_limit_is_refused_naming_the_field(target, document) -> None:
    document["participants"][0]["visits"][0]["check_in"]["hard"] = "x" * 100_001
    _refused(document, "participant 1", "visit 1", "check-in", "hard", "100001 characters")
    assert Participant.select().count() == 0


def test_free_text_of_100k_characters_is_accepted(target, document) -> None:
    document["participants"][0]["visits"][0]["note"] = "é" * 100_000
    import_document(document)
    assert len(Visit.get_by_id(document["participants"][0]["visits"][0]["id"]).note) == 100_000


def test_instrument_version_is_cleaned_and_bounded(target, document) -> None:
    response = document["participants"][0]["responses"][0]
    response["instrument_version"] = "\ud800\x1b\x00 "
    _refused(copy.deepcopy(document), "response 1", "instrument_version")
    response["instrument_version"] = "1" * 21
    _refused(copy.deepcopy(document), "response 1", "instrument_version")
    response["instrument_version"] = "\x1b1\x00"
    import_document(document)
    assert Response.get_by_id(response["id"]).instrument_version == "1"


def test_a_second_check_in_for_a_visit_is_refused_cleanly(document, tmp_path) -> None:
    with opened(tmp_path / "target"):
        import_document(document)
        other = copy.deepcopy(document)
        visit = other["participants"][0]["visits"][0]
        visit["check_in"]["id"] = new_id()
        visit["updated"] = time_text(START + dt.timedelta(days=1))
        _refused(other, "participant 1", "visit 1", "check-in")
        assert CheckIn.select().count() == 2


def test_a_record_id_belonging_to_another_participant_is_refused(target, document) -> None:
    import_document(document)
    moved = copy.deepcopy(document)
    moved["participants"][1]["helpers"].append(moved["participants"][0]["helpers"].pop(0))
    for activity in moved["participants"][0]["activities"]:
        activity["helper_ids"] = []
    before = Helper.select().count()
    _refused(moved, "participant 2", "helper 2", "already belongs")
    assert Helper.select().count() == before


def test_a_participant_response_to_a_worker_self_assessment_id_is_refused(target, document) -> None:
    import_document(document)
    moved = copy.deepcopy(document)
    moved["participants"][0]["responses"].append(moved["workers"][0]["responses"].pop(0))
    before = Response.select().count()
    _refused(moved, "participant 1", "response 4", "already belongs")
    assert Response.select().count() == before


@pytest.mark.parametrize(
    ("second", "where"),
    [
        (
            lambda d: d["participants"][1]["helpers"].append(copy.deepcopy(d["participants"][0]["helpers"][0])),
            "participant 2, helper 2",
        ),
        (lambda d: d["participants"].append(copy.deepcopy(d["participants"][0])), "participant 4 ("),
        (lambda d: d["workers"].append(copy.deepcopy(d["workers"][0])), "worker 2 ("),
        (
            lambda d: d["participants"][0]["responses"].append(copy.deepcopy(d["workers"][0]["responses"][0])),
            "participant 1, response 4",
        ),
    ],
    ids=[
        "a helper under two participants",
        "a participant twice",
        "a worker twice",
        "a response of a worker and a participant",
    ],
)
def test_an_id_used_twice_in_one_file_is_refused(target, document, second, where) -> None:
    second(document)
    message = _refused(document, where, "is used twice in this file")
    assert "also by" in message
    assert Participant.select().count() == 0 and Response.select().count() == 0


@pytest.mark.parametrize("limit_ok", [True, False], ids=["at the limit", "one over"])
def test_import_holds_helper_notes_to_the_same_limit_as_the_screens(tmp_path, limit_ok) -> None:
    person = minimal_participant()
    notes = "n" * (validation.HELPER_NOTES_MAX + (0 if limit_ok else 1))
    person["helpers"].append(
        {
            "id": new_id(),
            "created": time_text(START),
            "updated": time_text(START),
            "name": "Mo",
            "relationship": "sponsor",
            "phone": "",
            "notes": notes,
            "archived": None,
        }
    )
    with opened(tmp_path / "target"):
        if limit_ok:
            import_document(document_of(person))
            assert Helper.get().notes == notes
        else:
            with pytest.raises(ImportRefused, match=r"helper 1 .* notes: is 2001 characters; at most 2000 fit"):
                import_document(document_of(person))
            assert Participant.select().count() == 0


# -- import: the rules that span records hold as they do on the screens --------


def _stamped(**fields: Any) -> dict[str, Any]:
    return {"id": new_id(), "created": time_text(START), "updated": time_text(START), **fields}


def _areas(count: int) -> list[dict[str, Any]]:
    return [
        _stamped(rank=min(n, 5), statement=None, text=f"Area {n}", chosen="2026-02-02", replaced=None)
        for n in range(1, count + 1)
    ]


def _activities(count: int) -> list[dict[str, Any]]:
    return [
        _stamped(
            week_of="2026-02-02",
            text=f"Walk {n}",
            focus_area_id=None,
            helper_ids=[],
            status="planned",
            review_note="",
            carried_from=None,
        )
        for n in range(count)
    ]


def _drafts(count: int) -> list[dict[str, Any]]:
    return [
        _stamped(
            instrument="idaho-rcs",
            instrument_version="1",
            date="2026-02-02",
            complete=False,
            answers={"1": 4},
            total=None,
        )
        for _ in range(count)
    ]


def test_two_drafts_of_one_form_are_not_refused_the_newer_stays_and_the_other_is_set_aside(store) -> None:
    person = minimal_participant()
    older, newer = _drafts(2)
    newer["updated"] = "2026-02-03T10:00:00.000000Z"
    person["responses"] = [older, newer]
    summary = import_document(document_of(person))
    assert summary.set_aside == 1
    draft = records.current_draft(person["id"], records.SCALE)
    assert draft is not None and str(draft.id) == newer["id"]
    kept = Response.get_by_id(older["id"])
    assert kept.set_aside is not None and not kept.complete  # kept, never lost
    exported = {r["id"]: r for r in export_document()["participants"][0]["responses"]}
    assert "set_aside" in exported[older["id"]] and "set_aside" not in exported[newer["id"]]


@pytest.mark.parametrize(
    ("kind", "make", "allowed", "fragment"),
    [
        ("focus_areas", _areas, validation.FOCUS_AREAS_MAX, "at most 5 areas are current"),
        ("activities", _activities, validation.ACTIVITIES_MAX, "a week holds up to 10 activities"),
    ],
)
def test_import_holds_the_limits_that_span_records(store, kind, make, allowed, fragment) -> None:
    person = minimal_participant()
    person[kind] = make(allowed + 1)
    _refused(document_of(person), "participant 1", fragment)
    assert Participant.select().count() == 0
    person[kind] = make(allowed)
    import_document(document_of(person))
    assert Participant.select().count() == 1
