"""store.records on a real SQLite file: the rules every write obeys, search, the audit log."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest

from recovery_tui import clock
from recovery_tui.store import records, validation
from recovery_tui.store.errors import NotFound, StoreError, ValidationError
from recovery_tui.store.models import Answer, AuditEvent, Participant, Response, Visit, database_proxy
from tests.conftest import soon_after

pytestmark = pytest.mark.backend  # run again on PostgreSQL in CI


def refused(call, *args, record: str, field: str, message: str = "") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(*args)
    error = caught.value
    assert (error.record, error.field) == (record, field), (error.record, error.field, error.message)
    assert message in error.message
    assert str(error) == f"{record} {field}: {error.message}"
    return error


def new_response(first_name: str = "Ana", instrument: str = "idaho-rcs") -> Response:
    person = records.create_participant(first_name)
    return records.start_response(person.id, instrument)


# -- participants: first name and agency ID -------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", "\t\n", "\x1b\x00\x07", " \u202e\x1b\x00 ", "\ud800"])
def test_a_first_name_is_required(store, name) -> None:
    refused(records.create_participant, name, record="participant", field="first name", message="required")
    assert Participant.select().count() == 0


@pytest.mark.parametrize("name", [None, 5, b"Ana", ["Ana"]])
def test_a_first_name_must_be_text(store, name) -> None:
    with pytest.raises(ValidationError) as caught:
        records.create_participant(name)
    assert (caught.value.record, caught.value.field) == ("participant", "first name")
    assert Participant.select().count() == 0


def test_a_first_name_is_1_to_80_characters_after_cleaning(store) -> None:
    assert records.create_participant("A").first_name == "A"
    assert records.create_participant("é" * 80).first_name == "é" * 80
    refused(records.create_participant, "é" * 81, record="participant", field="first name", message="81 characters")
    # Surrounding space and control characters do not count.
    padded = records.create_participant("  \x1b" + "Z" * 80 + "\x00\t \n")
    assert padded.first_name == "Z" * 80
    # Counted after NFC: 80 decomposed letters are 80 characters, not 160.
    assert records.create_participant("e\u0301" * 80).first_name == "é" * 80
    assert Participant.select().count() == 4


def test_a_first_name_is_stored_clean(store) -> None:
    person = records.create_participant(" \x1b]0;title\x07Ana\u202e\x00 ")
    assert person.first_name == "]0;titleAna"
    assert Participant.get_by_id(person.id).first_name == "]0;titleAna"


def test_agency_id_rules(store) -> None:
    assert records.create_participant("Ana", "   ").agency_id is None
    refused(
        records.create_participant, "Bo", "X" * 41, record="participant", field="agency ID", message="41 characters"
    )
    records.create_participant("Cy", "A-1")
    refused(records.create_participant, "Di", " A-1 ", record="participant", field="agency ID", message="already used")
    assert [p.first_name for p in Participant.select().order_by(Participant.first_name)] == ["Ana", "Cy"]


def test_update_validates_and_allows_keeping_the_own_agency_id(store, frozen_clock) -> None:
    ana = records.create_participant("Ana", "A-1")
    bo = records.create_participant("Bo", "B-1")
    clock.set_now(frozen_clock + dt.timedelta(minutes=5))
    updated = records.update_participant(ana.id, "Anna", "A-1")
    assert (updated.first_name, updated.agency_id) == ("Anna", "A-1")
    row = Participant.get_by_id(ana.id)
    assert soon_after(frozen_clock, row.created) and soon_after(frozen_clock + dt.timedelta(minutes=5), row.updated)
    refused(records.update_participant, bo.id, "Bo", "A-1", record="participant", field="agency ID")
    refused(records.update_participant, bo.id, " ", "B-1", record="participant", field="first name")
    assert Participant.get_by_id(bo.id).first_name == "Bo"
    assert soon_after(frozen_clock, Participant.get_by_id(bo.id).updated)  # the refusals changed nothing


@pytest.mark.parametrize("missing", [uuid.UUID(int=7), str(uuid.UUID(int=8)), "not-a-uuid", None, 42])
def test_unknown_participant_is_not_found(store, missing) -> None:
    with pytest.raises(NotFound):
        records.get_participant(missing)
    with pytest.raises(NotFound):
        records.update_participant(missing, "Ana", None)
    with pytest.raises(NotFound):
        records.archive_participant(missing)
    with pytest.raises(NotFound):
        records.start_response(missing, "idaho-rcs")
    assert issubclass(NotFound, StoreError) and issubclass(ValidationError, StoreError)


# -- search -------------------------------------------------------------------


@pytest.fixture
def people(store) -> dict[str, uuid.UUID]:
    names = {"Émile": "AG-Ø1", "ÖZGE": None, "Ляля": "КЛ-7", "Straße": None, "Ana": "a_b%1", "Zoë": None}
    return {name: records.create_participant(name, agency).id for name, agency in names.items()}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("émile", {"Émile"}),
        ("ÉMILE", {"Émile"}),
        ("E\u0301MILE", {"Émile"}),  # decomposed input
        ("mile", {"Émile"}),
        ("özge", {"ÖZGE"}),
        ("Özge", {"ÖZGE"}),
        ("ZGE", {"ÖZGE"}),
        ("ляля", {"Ляля"}),
        ("ЛЯЛЯ", {"Ляля"}),
        ("ля", {"Ляля"}),
        ("STRASSE", {"Straße"}),
        ("zoe\u0308", {"Zoë"}),
        ("ag-ø1", {"Émile"}),  # agency ID, any case
        ("кл-7", {"Ляля"}),
        ("a_b%", {"Ana"}),  # LIKE wildcards are literal
        ("_", {"Ana"}),
        ("%", {"Ana"}),
        ("emile", {"Émile"}),  # accents are ignored, as a person searching expects
        ("zoe", {"Zoë"}),
        ("ozge", {"ÖZGE"}),
        ("xyz", set()),
    ],
)
def test_search_ignores_case_in_any_script(people, query, expected) -> None:
    assert {row.first_name for row in records.find_participants(query)} == expected


def test_an_empty_query_lists_everyone_not_archived_with_names_and_last_visit_only(people, frozen_clock) -> None:
    records.archive_participant(people["Straße"])
    Visit.create(participant=people["ÖZGE"], started=frozen_clock - dt.timedelta(days=3))
    Visit.create(participant=people["ÖZGE"], started=frozen_clock - dt.timedelta(days=1))
    rows = records.find_participants("  ")
    assert {row.first_name for row in rows} == {"Émile", "ÖZGE", "Ляля", "Ana", "Zoë"}
    by_name = {row.first_name: row for row in rows}
    assert (
        by_name["ÖZGE"].last_visit == (frozen_clock - dt.timedelta(days=1)).replace(tzinfo=dt.UTC).astimezone().date()
    )
    assert by_name["Ana"].last_visit is None
    # the date added tells two people with one name apart; nothing else about anyone
    assert {f.name for f in dataclasses.fields(rows[0])} == {"id", "first_name", "last_visit", "added"}
    assert not records.find_participants("straße")


def test_search_follows_a_change_of_name(people) -> None:
    records.update_participant(people["Ana"], "Ânne", None)
    assert [r.first_name for r in records.find_participants("ÂNNE")] == ["Ânne"]
    assert not records.find_participants("a_b%")


# -- responses and answers ------------------------------------------------------


@pytest.mark.parametrize("value", [0, 6, -1, 100, True, False, "5", 2.5, None])
def test_an_answer_off_the_scale_is_refused(store, value) -> None:
    response = new_response()
    refused(records.give_answer, response.id, 1, value, record="answer", field="value", message="not on the scale")
    assert records.answers_of(response.id) == {}


@pytest.mark.parametrize("statement", [0, 24, -1, True, "1", 1.0, None])
def test_an_answer_to_a_statement_not_in_the_instrument_is_refused(store, statement) -> None:
    response = new_response()
    refused(records.give_answer, response.id, statement, 3, record="answer", field="statement")
    refused(records.decline_answer, response.id, statement, record="answer", field="statement")
    assert Answer.select().count() == 0


def test_the_scale_comes_from_the_instrument_not_from_the_code(store) -> None:
    supervisor = records.start_response(records.create_participant("Ana").id, "supervisor-self-assessment")
    records.give_answer(supervisor.id, 11, 1)
    refused(records.give_answer, supervisor.id, 12, 1, record="answer", field="statement", message="1 to 11")
    refused(records.give_answer, supervisor.id, 1, 6, record="answer", field="value", message="1, 2, 3, 4, 5")
    assert records.answers_of(supervisor.id) == {11: 1}


def test_unknown_instrument_is_refused(store) -> None:
    person = records.create_participant("Ana")
    refused(
        records.start_response, person.id, "phq-9", record="response", field="instrument", message="unknown instrument"
    )
    refused(records.start_response, person.id, None, record="response", field="instrument")
    assert Response.select().count() == 0


def test_answers_are_stored_declined_changed_and_cleared(store) -> None:
    response = new_response()
    records.give_answer(response.id, 1, 5)
    records.decline_answer(response.id, 2)
    records.give_answer(response.id, 3, 1)
    records.give_answer(response.id, 3, 2)
    records.clear_answer(response.id, 1)
    assert records.answers_of(response.id) == {2: None, 3: 2}
    assert Answer.select().count() == 2


def test_a_draft_is_never_duplicated(store) -> None:
    person = records.create_participant("Ana")
    first = records.start_response(person.id, "idaho-rcs")
    again = records.start_response(person.id, "idaho-rcs")
    assert first.id == again.id and Response.select().count() == 1


def test_completing_needs_every_statement_and_then_freezes_the_response(store, frozen_clock) -> None:
    response = new_response()
    for number in range(1, 22):
        records.give_answer(response.id, number, 4)
    error = refused(records.complete_response, response.id, record="response", field="answers")
    assert "22, 23" in error.message
    records.give_answer(response.id, 22, 4)
    records.decline_answer(response.id, 23)
    done = records.complete_response(response.id)
    assert done.complete and done.date == clock.today()
    assert records.response_total(records.get_response(response.id)) is None  # one declined: no total
    refused(records.give_answer, response.id, 1, 5, record="response", field="complete")
    refused(records.clear_answer, response.id, 1, record="response", field="complete")
    refused(records.discard_draft, response.id, record="response", field="complete")
    assert records.answers_of(response.id)[1] == 4


def test_the_total_is_the_sum_only_when_every_statement_has_a_value(store) -> None:
    response = new_response()
    for number in range(1, 24):
        records.give_answer(response.id, number, number % 5 + 1)
    assert records.response_total(records.get_response(response.id)) is None  # still a draft
    records.complete_response(response.id)
    assert records.response_total(records.get_response(response.id)) == sum(n % 5 + 1 for n in range(1, 24))


def test_discarding_a_draft_removes_it_and_its_answers(store) -> None:
    response = new_response()
    records.give_answer(response.id, 1, 3)
    records.discard_draft(response.id)
    assert Response.select().count() == 0 and Answer.select().count() == 0
    with pytest.raises(NotFound):
        records.give_answer(response.id, 1, 3)
    with pytest.raises(NotFound):
        records.get_response(uuid.uuid4())


# -- the audit log ----------------------------------------------------------------


def events() -> list[tuple[str, str, str | None]]:
    rows = AuditEvent.select().order_by(AuditEvent.at, AuditEvent.created)
    return [(e.action, e.record_type, e.record_id) for e in rows]


def test_every_create_and_change_is_audited(store, frozen_clock) -> None:
    person = records.create_participant("Émile", "A-1")
    records.update_participant(person.id, "Emil", "A-1")
    response = records.start_response(person.id, "idaho-rcs")
    records.give_answer(response.id, 1, 5)
    records.decline_answer(response.id, 2)
    records.archive_participant(person.id)
    pid, rid = str(person.id), str(response.id)
    assert events() == [
        ("create", "participant", pid),
        ("change", "participant", pid),
        ("create", "response", rid),
        ("change", "response", rid),
        ("change", "response", rid),
        ("archive", "participant", pid),
    ]
    assert all(soon_after(frozen_clock, e.at) for e in AuditEvent.select())


def test_a_refused_write_leaves_no_audit_event(store) -> None:
    response = new_response()
    before = events()
    with pytest.raises(ValidationError):
        records.give_answer(response.id, 1, 9)
    with pytest.raises(ValidationError):
        records.create_participant("")
    assert events() == before


def test_audit_events_name_the_worker_and_hold_no_content(store, monkeypatch) -> None:
    from recovery_tui.store.models import Worker

    worker = Worker.create(name="Sam Worker")
    monkeypatch.setattr(records.common, "acting_worker_id", worker.id)
    person = records.create_participant("Émile Secret", "AGENCY-SECRET")
    records.update_participant(person.id, "Ляля Secret", "AGENCY-SECRET-2")
    response = records.start_response(person.id, "idaho-rcs")
    records.give_answer(response.id, 1, 5)
    assert {e.worker_id for e in AuditEvent.select()} == {worker.id}

    columns = {c.name for c in database_proxy.get_columns("audit_event")}
    assert columns == {"id", "created", "updated", "worker_id", "at", "action", "record_type", "record_id"}
    secrets = ("Émile", "Ляля", "Secret", "AGENCY", "Sam")
    for row in database_proxy.execute_sql("select * from audit_event").fetchall():
        for cell in row:
            assert not any(secret.lower() in str(cell).lower() for secret in secrets), row


# -- the validation helpers used by imports and the coming screens ----------------------


def test_validation_rules_for_the_other_record_kinds() -> None:
    assert validation.phone(" +1 (208) 555-0100 ") == "+1 (208) 555-0100"
    assert validation.phone("") == ""
    for bad in ("call me", "12", "1" * 21, "555-0100; DROP TABLE"):
        with pytest.raises(ValidationError) as caught:
            validation.phone(bad)
        assert (caught.value.record, caught.value.field) == ("helper", "phone")
    assert validation.feeling(None) is None and validation.feeling(5) == 5
    for bad in (0, 6, True, "3"):
        with pytest.raises(ValidationError, match="check-in feeling"):
            validation.feeling(bad)
    assert validation.focus_area(1, 3, "") == (1, 3, "")
    assert validation.focus_area(5, None, " Cook \x1b ") == (5, None, "Cook")
    for rank, statement, text in ((0, 3, ""), (6, 3, ""), (1, None, "  "), (1, 24, ""), (True, 3, "")):
        with pytest.raises(ValidationError):
            validation.focus_area(rank, statement, text)
    with pytest.raises(ValidationError, match="activity status"):
        validation.one_of("activity", "status", "Done", validation.ACTIVITY_STATUSES)
    long_note = "x" * validation.TEXT_MAX
    assert validation.free_text("visit", "note", long_note) == long_note
    with pytest.raises(ValidationError, match="visit note"):
        validation.free_text("visit", "note", long_note + "x")


def test_a_visit_follows_the_participant_and_is_resumed_the_same_day_ended_or_not(store, frozen_clock) -> None:
    dana = records.create_participant("Dana")
    ali = records.create_participant("Ali")
    first = records.start_or_resume_visit(dana.id)
    records.start_or_resume_visit(ali.id)  # looking at someone else in between ends nothing
    assert records.get_visit(first.id).ended is None
    assert records.start_or_resume_visit(dana.id).id == first.id
    records.end_visit(first.id)
    resumed = records.start_or_resume_visit(dana.id)
    assert resumed.id == first.id and records.get_visit(first.id).ended is None
    second = records.start_another_visit(dana.id)  # only when the worker chooses it
    assert second.id != first.id and records.get_visit(first.id).ended is not None
    assert Visit.select().where(Visit.participant == dana.id).count() == 2
    clock.set_now(frozen_clock + dt.timedelta(days=1))
    assert records.todays_visit(dana.id) is None
    assert records.start_or_resume_visit(dana.id).id not in (first.id, second.id)


def test_others_named_folds_names_as_search_does(store) -> None:
    zoe = records.create_participant("Zoë")
    records.create_participant("ZOE", agency_id="Z-1")
    records.create_participant("Zoey")
    assert records.others_named("zoe") == 2
    assert records.others_named("Zoë", own_id=zoe.id) == 1
    assert records.others_named("Maria") == 0
