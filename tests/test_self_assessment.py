"""The supervisor's self-assessment in the store: only a signed-in supervisor fills one in, only its
author ever reads or changes it, and the JSON export carries it with its worker."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from recovery_tui import clock
from recovery_tui.exchange.json_export import export_document
from recovery_tui.store import records
from recovery_tui.store.errors import NotFound, ValidationError
from recovery_tui.store.models import Answer, AuditEvent, Response

pytestmark = pytest.mark.backend  # run again on PostgreSQL in CI

FORM = records.SELF_ASSESSMENT
ELEVEN = [3, 2, 4, 1, 5, 3, 3, 2, 4, 5, 3]  # 2, 4 and 8 are rated 1 or 2


@pytest.fixture
def sam(store, frozen_clock) -> records.WorkerRow:
    """A supervisor with a PIN, signed in."""
    worker = records.create_worker("Sam", "supervisor", "1234")
    assert records.sign_in(worker.id, "1234").right
    return worker


@pytest.fixture
def pat(sam) -> records.WorkerRow:
    """A peer worker (added by Sam, who stays signed in)."""
    return records.create_worker("Pat", "peer", "5678")


@pytest.fixture
def lee(sam) -> records.WorkerRow:
    """Another supervisor."""
    return records.create_worker("Lee", "supervisor", "2468")


def fill_in(values: list[int | None], on: dt.date | None = None) -> uuid.UUID:
    """The signed-in supervisor's self-assessment, completed (on the day given)."""
    if on is not None:
        clock.set_now(dt.datetime.combine(on, dt.time(15, 30)))
    response = records.start_self_assessment()
    for number, value in enumerate(values, 1):
        if value is None:
            records.decline_answer(response.id, number)
        else:
            records.give_answer(response.id, number, value)
    records.complete_response(response.id)
    return response.id


def refusal(call: Callable[..., Any], *args: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(*args)
    return caught.value


# Starting and resuming ------------------------------------------------------------------------


def test_a_supervisor_starts_their_own_and_resumes_it_never_two_drafts(sam) -> None:
    assert records.self_assessment_draft() is None
    first = records.start_self_assessment()
    again = records.start_self_assessment(FORM)
    assert first.id == again.id and Response.select().count() == 1
    assert first.worker_id == sam.id and first.participant_id is None and not first.complete
    assert first.instrument == FORM and first.date == clock.today()
    records.give_answer(first.id, 1, 4)
    draft = records.self_assessment_draft()
    assert draft is not None and draft.id == first.id
    assert records.answers_of(first.id) == {1: 4}


def test_after_completing_one_the_next_is_a_new_draft(sam) -> None:
    done = fill_in(ELEVEN)
    assert records.self_assessment_draft() is None
    fresh = records.start_self_assessment()
    assert fresh.id != done and Response.select().count() == 2


def test_nobody_signed_in_is_refused_in_plain_words(store, frozen_clock) -> None:
    error = refusal(records.start_self_assessment)
    assert error.message.startswith("sign in first")
    assert refusal(records.self_assessments).message == error.message
    assert refusal(records.self_assessment_draft).message == error.message
    assert Response.select().count() == 0


def test_a_peer_worker_is_refused_in_plain_words(pat) -> None:
    records.act_as(pat.id)
    error = refusal(records.start_self_assessment)
    assert "for supervisors of peer workers" in error.message
    assert "supervisor" in refusal(records.self_assessments).message
    assert Response.select().count() == 0


def test_a_supervisor_retired_since_signing_in_is_refused(sam, lee) -> None:
    records.act_as(lee.id)
    records.retire_worker(sam.id)
    records.act_as(sam.id)
    refusal(records.start_self_assessment)
    assert Response.select().count() == 0


def test_a_participants_instrument_is_refused(sam) -> None:
    error = refusal(records.start_self_assessment, records.SCALE)
    assert error.field == "instrument" and "participant" in error.message
    assert refusal(records.self_assessments, records.SCALE).field == "instrument"
    assert refusal(records.start_self_assessment, "phq-9").field == "instrument"
    assert Response.select().count() == 0


# Only the author ------------------------------------------------------------------------------


def test_only_the_author_reads_or_changes_a_self_assessment(sam, pat, lee) -> None:
    done = fill_in(ELEVEN)
    draft = records.start_self_assessment()
    records.give_answer(draft.id, 1, 3)
    for someone in (pat.id, lee.id, None):
        records.act_as(someone)
        for call, args in [
            (records.get_response, (done,)),
            (records.answers_of, (done,)),
            (records.answers_of, (draft.id,)),
            (records.give_answer, (draft.id, 2, 4)),
            (records.decline_answer, (draft.id, 2)),
            (records.clear_answer, (draft.id, 1)),
            (records.complete_response, (draft.id,)),
            (records.discard_draft, (draft.id,)),
            (records.response_result, (done,)),
            (records.compare_with_previous, (done,)),
        ]:
            with pytest.raises(NotFound) as caught:
                call(*args)
            # The same words as for an id that was never there: nothing says it exists.
            assert str(caught.value) == f"no response with id {args[0]}", call
    records.act_as(lee.id)
    assert records.self_assessments() == [] and records.self_assessment_draft() is None
    with pytest.raises(NotFound):
        records.compare_self_assessments(done, done)
    assert records.start_self_assessment().id != draft.id  # Lee's own, not Sam's

    records.act_as(sam.id)  # nothing was changed, and Sam still has it all
    assert records.answers_of(draft.id) == {1: 3}
    assert records.answers_of(done) == dict(enumerate(ELEVEN, 1))
    assert [d.response_id for d in records.self_assessments()] == [done]


def test_a_refused_read_or_write_leaves_no_audit_event(sam, pat) -> None:
    draft = records.start_self_assessment()
    before = AuditEvent.select().count()
    records.act_as(pat.id)
    with pytest.raises(NotFound):
        records.give_answer(draft.id, 1, 4)
    with pytest.raises(NotFound):
        records.clear_answer(draft.id, 1)
    assert AuditEvent.select().count() == before and Answer.select().count() == 0


def test_an_unknown_id_is_not_found(sam) -> None:
    with pytest.raises(NotFound):
        records.answers_of(uuid.uuid4())
    with pytest.raises(NotFound):
        records.compare_self_assessments(uuid.uuid4(), uuid.uuid4())


def test_what_the_author_writes_is_audited_under_their_name(sam) -> None:
    fill_in(ELEVEN)
    assert {e.worker_id for e in AuditEvent.select().where(AuditEvent.record_type == "response")} == {sam.id}


# Listing and comparing ------------------------------------------------------------------------


def test_completed_ones_are_listed_newest_first_with_their_areas_to_develop(sam, frozen_clock) -> None:
    older = fill_in([3] * 11, on=dt.date(2026, 1, 7))
    newer = fill_in(ELEVEN, on=dt.date(2026, 2, 4))
    declined = fill_in([None, 1, *[4] * 9], on=dt.date(2026, 3, 4))
    records.start_self_assessment()  # a draft is not listed
    listed = records.self_assessments()
    assert [d.response_id for d in listed] == [declined, newer, older]
    assert [d.date for d in listed] == [dt.date(2026, 3, 4), dt.date(2026, 2, 4), dt.date(2026, 1, 7)]
    assert [d.to_develop for d in listed] == [1, 3, 0]
    assert [d.rated for d in listed] == [10, 11, 11] and {d.statements for d in listed} == {11}


def test_two_are_compared_statement_by_statement_the_earlier_first(sam) -> None:
    older = fill_in([3] * 11, on=dt.date(2026, 1, 7))
    newer = fill_in([None, *ELEVEN[1:]], on=dt.date(2026, 2, 4))
    for pair in (records.compare_self_assessments(older, newer), records.compare_self_assessments(newer, older)):
        assert (pair.earlier.response_id, pair.later.response_id) == (older, newer)
        assert [s.number for s in pair.statements] == list(range(1, 12))
        assert [(s.earlier, s.later) for s in pair.statements] == [(3, None), *((3, v) for v in ELEVEN[1:])]
        assert pair.statements[1].text == "I understand the values and practice of peer support"
        assert pair.later.to_develop == 3


def test_a_draft_or_the_same_one_twice_is_not_compared(sam) -> None:
    done = fill_in(ELEVEN)
    draft = records.start_self_assessment()
    assert refusal(records.compare_self_assessments, done, draft.id).field == "date"
    assert refusal(records.compare_self_assessments, done, done).field == "date"


def test_a_self_assessment_is_compared_only_with_its_authors_earlier_one(sam) -> None:
    """A participant's form begun with Sam is Sam's to record, not one of Sam's own."""
    person = records.create_participant("Dee")
    theirs = records.start_response(person.id, FORM)
    for number in range(1, 12):
        records.give_answer(theirs.id, number, 5)
    records.complete_response(theirs.id)
    first = fill_in(ELEVEN)
    assert records.compare_with_previous(first) is None
    second = fill_in([4] * 11)
    comparison = records.compare_with_previous(second)
    assert comparison is not None and comparison.unchanged == 2  # the two rated 4 both times (beside Dee's: none)
    assert records.response_result(second).total is None  # never a total


# A participant's response records the signed-in worker ---------------------------------------


def test_a_participants_response_records_the_signed_in_worker(sam, pat) -> None:
    records.act_as(pat.id)
    person = records.create_participant("Ana")
    response = records.start_response(person.id, records.SCALE)
    assert response.worker_id == pat.id and response.participant_id == person.id
    records.act_as(sam.id)  # anyone working with Ana carries on with it, as before
    assert records.start_response(person.id, records.SCALE).id == response.id
    records.give_answer(response.id, 1, 5)
    assert records.answers_of(response.id) == {1: 5}
    assert records.get_response(response.id).worker_id == pat.id


def test_without_anyone_signed_in_a_participants_response_names_no_worker(store, frozen_clock) -> None:
    response = records.start_response(records.create_participant("Ana").id, records.SCALE)
    assert response.worker_id is None


# The JSON export -----------------------------------------------------------------------------


def test_the_export_carries_a_self_assessment_under_its_worker(sam) -> None:
    done = fill_in(ELEVEN)
    person = records.create_participant("Ana")
    theirs = records.start_response(person.id, records.SCALE)
    records.act_as(None)  # the export reads everyone's, whoever is signed in (the command line: nobody)
    document = export_document()
    [worker] = [w for w in document["workers"] if w["id"] == str(sam.id)]
    [response] = worker["responses"]
    assert response["id"] == str(done) and response["instrument"] == FORM and response["complete"] is True
    assert response["answers"] == {str(n): v for n, v in enumerate(ELEVEN, 1)}
    assert response["total"] is None  # no total, ever
    [ana] = document["participants"]
    assert [r["id"] for r in ana["responses"]] == [str(theirs.id)]  # a participant's stays theirs
    assert str(done) not in str(document["participants"])
