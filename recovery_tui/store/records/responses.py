"""Filled-in instruments: drafts, answers one key at a time, completion, totals and comparison.

A response is a participant's, or (``participant`` empty) a worker's own self-assessment. A worker's own
is read and changed only by its author: for anyone else it does not exist (``NotFound``). A participant's
response records the worker who began it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from recovery_tui import clock
from recovery_tui.content.instruments import Instrument
from recovery_tui.store import validation
from recovery_tui.store.errors import NotFound, ValidationError
from recovery_tui.store.models import Answer, Response
from recovery_tui.store.records import common
from recovery_tui.store.records.common import audit, get_row, guarded, note_removal, rows_of, touch, transaction
from recovery_tui.store.records.participants import get_participant


def _drafts(participant_id: object, instrument_code: str) -> Any:
    return Response.select().where(
        (Response.participant == participant_id)
        & (Response.instrument == instrument_code)
        & (Response.complete == False)
        & Response.set_aside.is_null()  # a draft set aside is kept, never resumed
    )


@guarded
def current_draft(participant_id: object, instrument_code: str) -> Response | None:
    draft: Response | None = _drafts(participant_id, instrument_code).order_by(Response.created).first()
    return draft


@guarded
def start_response(participant_id: object, instrument_code: str) -> Response:
    """The participant's open draft of this instrument, or a new one: never two drafts."""
    form = validation.instrument(instrument_code)
    with transaction():
        participant = get_participant(participant_id)
        draft = current_draft(participant.id, form.code)
        if draft is not None:
            return draft
        response = Response.create(
            instrument=form.code,
            instrument_version=form.version,
            participant=participant,
            worker=common.acting_worker_id,  # who began it with the participant
            date=clock.today(),
        )
        audit("create", "response", response.id)
    return response


def _readable(participant_id: uuid.UUID | None, worker_id: uuid.UUID | None) -> bool:
    """Whether the acting worker may see a response so owned: any participant's, and only their own
    self-assessment."""
    return participant_id is not None or (worker_id is not None and worker_id == common.acting_worker_id)


def _not_found(response_id: object) -> NotFound:
    return NotFound(f"no response with id {response_id}")


@guarded
def get_response(response_id: object) -> Response:
    """The response; ``NotFound`` for another worker's self-assessment, as for one that does not exist."""
    response = get_row(Response, response_id)
    if not _readable(response.participant_id, response.worker_id):
        raise _not_found(response_id)
    return response


@guarded
def answers_of(response_id: object) -> dict[int, int | None]:
    """Statement number to value, ``None`` for declined. Unanswered statements are absent."""
    owners = rows_of(Response.select(Response.participant, Response.worker).where(Response.id == response_id))
    if not owners or not _readable(*owners[0]):
        raise _not_found(response_id)
    return _answers(response_id)


def _answers(response_id: object) -> dict[int, int | None]:
    return dict(rows_of(Answer.select(Answer.statement, Answer.value).where(Answer.response == response_id)))


def _write_answer(response_id: object, statement: int, value: int | None, *, declined: bool = False) -> None:
    with transaction():
        found = rows_of(
            Response.select(Response.instrument, Response.complete, Response.participant, Response.worker).where(
                Response.id == response_id
            )
        )
        if not found or not _readable(*found[0][2:]):
            raise _not_found(response_id)
        ((instrument, complete, _, _),) = found
        form = _open_form(Response(instrument=instrument, complete=complete))
        number = validation.statement_number(form, statement)
        if not declined:  # a value of None is not on any scale: declining is decline_answer
            validation.answer_value(form, value)
        # Few, simple statements: this runs on the keystroke that gives the answer.
        now = clock.now()
        Answer.insert(
            id=uuid.uuid4(), response=response_id, statement=number, value=value, created=now, updated=now
        ).on_conflict(
            conflict_target=[Answer.response, Answer.statement],
            update={Answer.value: value, Answer.updated: now},
        ).execute()
        Response.update(updated=now).where(Response.id == response_id).execute()
        audit("change", "response", response_id)


def _open_form(response: Response) -> Instrument:
    if response.complete:
        raise ValidationError("response", "complete", "a completed response cannot be changed")
    return validation.instrument(response.instrument)


@guarded
def give_answer(response_id: object, statement: int, value: int) -> None:
    _write_answer(response_id, statement, value)


@guarded
def decline_answer(response_id: object, statement: int) -> None:
    """Record "prefer not to answer": stored as declined, never as a value."""
    _write_answer(response_id, statement, None, declined=True)


@guarded
def clear_answer(response_id: object, statement: int) -> None:
    with transaction():
        response = get_response(response_id)
        validation.statement_number(_open_form(response), statement)
        Answer.delete().where((Answer.response == response) & (Answer.statement == statement)).execute()
        touch(response)
        audit("change", "response", response.id)


@guarded
def complete_response(response_id: object) -> Response:
    """Mark the response complete (every statement answered or declined) and date it today."""
    with transaction():
        response = get_response(response_id)
        form = _open_form(response)
        missing = [s.number for s in form.statements if s.number not in _answers(response.id)]
        if missing:
            raise ValidationError(
                "response", "answers", f"statements {', '.join(map(str, missing))} are not answered yet"
            )
        response.complete = True
        response.date = clock.today()
        touch(response)
        audit("change", "response", response.id)
    return response


@guarded
def discard_draft(response_id: object) -> None:
    with transaction():
        response = get_response(response_id)
        _open_form(response)
        response.delete_instance(recursive=True)
        note_removal("response", response.id, participant=response.participant_id)
        audit("delete", "response", response_id)


@guarded
def response_total(response: Response) -> int | None:
    """The instrument's score: for a sum, only when complete with nothing declined. ``response`` is a row
    the caller already holds (the export reads every one)."""
    if not response.complete:
        return None
    return validation.instrument(response.instrument).score(_answers(response.id))


SCALE = "idaho-rcs"


@dataclass(frozen=True)
class ScaleResult:
    """A completed scale as the overview shows it: a total only when nothing was declined."""

    date: dt.date
    total: int | None
    answered: int
    answered_sum: int
    statements: int
    maximum: int | None  # the highest total the instrument allows
    change: int | None  # since the previous completed scale, when both have totals


@guarded
def completed_responses(participant_id: object, instrument_code: str = SCALE) -> list[Response]:
    """Completed responses, newest first."""
    return list(
        Response.select()
        .where(
            (Response.participant == participant_id)
            & (Response.instrument == instrument_code)
            & (Response.complete == True)
        )
        .order_by(Response.date.desc(), Response.updated.desc())
    )


@dataclass(frozen=True)
class StatementChange:
    number: int
    text: str
    before: int
    after: int


@dataclass(frozen=True)
class ScaleComparison:
    """A completed response beside the one completed before it. Totals are compared only when both exist."""

    previous_date: dt.date
    previous_total: int | None
    change: int | None
    went_up: list[StatementChange]
    went_down: list[StatementChange]
    unchanged: int
    not_compared: int = 0  # not answered (declined) one time or the other


def _previous_completed(response: Response) -> Response | None:
    owner = Response.participant == response.participant_id
    if response.participant_id is None:  # a worker's own: not a participant's they began
        owner = (Response.worker == response.worker_id) & Response.participant.is_null()
    done = list(
        Response.select()
        .where(owner & (Response.instrument == response.instrument) & (Response.complete == True))
        .order_by(Response.date.desc(), Response.updated.desc())
    )
    ids = [r.id for r in done]
    later = ids.index(response.id) + 1 if response.id in ids else 0
    return done[later] if later < len(done) else None


@guarded
def compare_with_previous(response_id: object) -> ScaleComparison | None:
    response = get_response(response_id)
    previous = _previous_completed(response)
    if previous is None:
        return None
    form = validation.instrument(response.instrument)
    now, before = _answers(response.id), _answers(previous.id)
    total, previous_total = form.score(now), form.score(before)
    up: list[StatementChange] = []
    down: list[StatementChange] = []
    same = not_compared = 0
    for statement in form.statements:
        a, b = now.get(statement.number), before.get(statement.number)
        if a is None or b is None:
            not_compared += 1
            continue
        if a == b:
            same += 1
        else:
            (up if a > b else down).append(StatementChange(statement.number, statement.text, b, a))
    change = None if total is None or previous_total is None else total - previous_total
    return ScaleComparison(previous.date, previous_total, change, up, down, same, not_compared)


@guarded
def response_result(response_id: object) -> ScaleResult:
    response = get_response(response_id)
    form = validation.instrument(response.instrument)
    answers = _answers(response.id)
    comparison = compare_with_previous(response.id) if response.complete else None
    return ScaleResult(
        date=response.date,
        total=form.score(answers) if response.complete else None,
        answered=form.answered_count(answers),
        answered_sum=form.answered_sum(answers),
        statements=len(form.statements),
        maximum=form.max_total,
        change=comparison.change if comparison else None,
    )


@guarded
def latest_scale(participant_id: object) -> ScaleResult | None:
    done = completed_responses(participant_id)
    return response_result(done[0].id) if done else None
