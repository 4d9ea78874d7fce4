"""A supervisor's self-assessments of their own practice (instruments whose respondent is a worker).

Only a signed-in supervisor starts one or lists theirs, and a self-assessment is only ever read or
changed by its author: for anyone else it does not exist (``responses.get_response`` and the answer
functions say ``NotFound``, as for an id that was never there). Answers are given, declined and
cleared, and the form completed, through the same functions as a participant's.
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
from recovery_tui.store.models import Answer, Response, Worker
from recovery_tui.store.records import common
from recovery_tui.store.records.common import audit, get_row, guarded, reading, rows_of, transaction
from recovery_tui.store.records.history import StatementPair

SELF_ASSESSMENT = "supervisor-self-assessment"

# Whole sentences in plain words: a screen shows them as they are (``ValidationError.message``).
NOT_SIGNED_IN = "sign in first: a self-assessment is kept for the supervisor who fills it in"
NOT_A_SUPERVISOR = "self-assessments are for supervisors of peer workers: sign in as a supervisor to fill one in"


@dataclass(frozen=True)
class SelfAssessment:
    """One completed self-assessment, as a list of them shows it."""

    response_id: uuid.UUID
    date: dt.date
    rated: int  # statements given a rating (a declined one is not)
    statements: int
    to_develop: int  # statements rated below the instrument's ``develop_below``


@dataclass(frozen=True)
class SelfAssessmentPair:
    """Two of the author's completed self-assessments, the earlier first, statement by statement."""

    earlier: SelfAssessment
    later: SelfAssessment
    statements: tuple[StatementPair, ...]


def _worker_form(instrument_code: object) -> Instrument:
    form = validation.instrument(instrument_code)
    if form.respondent != "worker":
        raise ValidationError(
            "self-assessment", "instrument", f"{form.title} is filled in by a participant, not about one's own practice"
        )
    return form


def _supervisor() -> uuid.UUID:
    """The signed-in supervisor's id, or a refusal in plain words."""
    acting = common.acting_worker_id
    if acting is None:
        raise ValidationError("self-assessment", "worker", NOT_SIGNED_IN)
    found = rows_of(Worker.select(Worker.role, Worker.retired).where(Worker.id == acting))
    if not found or found[0] != ("supervisor", None):  # one retired since signing in no longer is
        raise ValidationError("self-assessment", "worker", NOT_A_SUPERVISOR)
    return acting


def _own(author: uuid.UUID, form: Instrument) -> Any:
    return (Response.worker == author) & Response.participant.is_null() & (Response.instrument == form.code)


def _draft(author: uuid.UUID, form: Instrument) -> Response | None:
    draft: Response | None = (
        Response.select()
        .where(_own(author, form) & (Response.complete == False) & Response.set_aside.is_null())
        .order_by(Response.created)
        .first()
    )
    return draft


@guarded
def self_assessment_draft(instrument_code: str = SELF_ASSESSMENT) -> Response | None:
    """The signed-in supervisor's unfinished self-assessment, if there is one."""
    form = _worker_form(instrument_code)
    with reading():
        return _draft(_supervisor(), form)


@guarded
def start_self_assessment(instrument_code: str = SELF_ASSESSMENT) -> Response:
    """The signed-in supervisor's own unfinished self-assessment, or a new one: never two drafts.
    Refused when nobody is signed in, for a worker who is not a supervisor, and for a participant's
    instrument."""
    form = _worker_form(instrument_code)
    with transaction():
        author = _supervisor()
        draft = _draft(author, form)
        if draft is not None:
            return draft
        response = Response.create(
            instrument=form.code, instrument_version=form.version, worker=author, date=clock.today()
        )
        audit("create", "response", response.id)
    return response


Answers = dict[uuid.UUID, dict[int, int | None]]


def _answers(responses: list[Response]) -> Answers:
    """Each response's answers (statement number to value, None declined), in one query."""
    answers: Answers = {r.id: {} for r in responses}
    for response_id, statement, value in rows_of(
        Answer.select(Answer.response, Answer.statement, Answer.value).where(Answer.response.in_(list(answers)))
    ):
        answers[response_id][statement] = value
    return answers


def _summary(form: Instrument, response: Response, answers: Answers) -> SelfAssessment:
    return SelfAssessment(
        response_id=response.id,
        date=response.date,
        rated=form.answered_count(answers[response.id]),
        statements=len(form.statements),
        to_develop=len(form.areas_to_develop(answers[response.id])),
    )


@guarded
def self_assessments(instrument_code: str = SELF_ASSESSMENT) -> list[SelfAssessment]:
    """The signed-in supervisor's completed self-assessments, newest first."""
    form = _worker_form(instrument_code)
    with reading():
        done = list(
            Response.select()
            .where(_own(_supervisor(), form) & (Response.complete == True))
            .order_by(Response.date.desc(), Response.updated.desc())
        )
        answers = _answers(done)
        return [_summary(form, r, answers) for r in done]


@guarded
def compare_self_assessments(first_id: object, second_id: object) -> SelfAssessmentPair:
    """Two of the signed-in supervisor's completed self-assessments side by side, the earlier first
    whichever order they are given in. Another worker's is ``NotFound``."""
    with reading():
        author = _supervisor()
        chosen = [get_row(Response, response_id) for response_id in (first_id, second_id)]
        for response in chosen:
            if response.participant_id is not None or response.worker_id != author:
                raise NotFound(f"no response with id {response.id}")  # as for one that was never there
        first, second = sorted(chosen, key=lambda r: (r.date, r.updated))
        if first.id == second.id:
            raise ValidationError("self-assessment", "date", "choose two different self-assessments")
        if first.instrument != second.instrument or not (first.complete and second.complete):
            raise ValidationError("self-assessment", "date", "is not one of your completed self-assessments")
        form = _worker_form(first.instrument)
        answers = _answers(chosen)
    before, after = answers[first.id], answers[second.id]
    return SelfAssessmentPair(
        _summary(form, first, answers),
        _summary(form, second, answers),
        tuple(StatementPair(s.number, s.text, before.get(s.number), after.get(s.number)) for s in form.statements),
    )
