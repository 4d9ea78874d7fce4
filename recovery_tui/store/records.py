"""The reads and writes the screens need, as plain functions.

Every write validates first (``store.validation``), runs in its own short
transaction and leaves an ``AuditEvent`` naming the record, never its content.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from peewee import IntegrityError, fn

from recovery_tui import clock
from recovery_tui.instruments import Instrument
from recovery_tui.security import search_key
from recovery_tui.store import validation
from recovery_tui.store.errors import NotFound, ValidationError
from recovery_tui.store.models import (
    Activity,
    ActivityHelper,
    Answer,
    AuditEvent,
    BaseModel,
    FocusArea,
    Helper,
    Participant,
    Response,
    Visit,
    database_proxy,
)

acting_worker_id: uuid.UUID | None = None  # the unnamed peer worker until workers exist


def audit(action: str, record_type: str, record_id: object = None) -> None:
    AuditEvent.create(
        worker=acting_worker_id,
        action=action,
        record_type=record_type,
        record_id=None if record_id is None else str(record_id),
    )


def _touch(row: BaseModel) -> None:
    row.updated = clock.now()
    row.save()


def _get(model: type[BaseModel], record_id: object) -> BaseModel:
    try:
        return model.get_by_id(record_id)
    except (model.DoesNotExist, ValueError):
        raise NotFound(f"no {model.__name__.lower()} with id {record_id}") from None


# Participants --------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantRow:
    """What the participants list may show: a first name and the last visit, no more."""

    id: uuid.UUID
    first_name: str
    last_visit: dt.date | None


def participant_search_key(first_name: str, agency_id: str | None) -> str:
    return "\n".join(search_key(part) for part in (first_name, agency_id or ""))


def _check_agency_id_free(agency_id: str | None, own_id: object = None) -> None:
    if agency_id is None:
        return
    clash = Participant.select().where(Participant.agency_id == agency_id)
    if own_id is not None:
        clash = clash.where(Participant.id != own_id)
    if clash.exists():
        raise ValidationError("participant", "agency ID", "is already used by another participant")


def participant_problems(
    first_name: str, agency_id: str | None, own_id: object = None
) -> list[ValidationError]:
    """Every rule the fields break, all at once, so that a form can show them together."""
    problems = []
    for check in (lambda: validation.first_name(first_name), lambda: _check_agency_id_free(validation.agency_id(agency_id), own_id)):
        try:
            check()
        except ValidationError as problem:
            problems.append(problem)
    return problems


def create_participant(first_name: str, agency_id: str | None = None) -> Participant:
    name = validation.first_name(first_name)
    agency = validation.agency_id(agency_id)
    with database_proxy.atomic():
        _check_agency_id_free(agency)
        try:
            participant = Participant.create(
                first_name=name,
                agency_id=agency,
                search_key=participant_search_key(name, agency),
            )
        except IntegrityError:
            raise ValidationError("participant", "agency ID", "is already used by another participant") from None
        audit("create", "participant", participant.id)
    return participant


def update_participant(participant_id: object, first_name: str, agency_id: str | None) -> Participant:
    name = validation.first_name(first_name)
    agency = validation.agency_id(agency_id)
    with database_proxy.atomic():
        participant = get_participant(participant_id)
        _check_agency_id_free(agency, participant.id)
        participant.first_name = name
        participant.agency_id = agency
        participant.search_key = participant_search_key(name, agency)
        _touch(participant)
        audit("change", "participant", participant.id)
    return participant


def archive_participant(participant_id: object) -> None:
    with database_proxy.atomic():
        participant = get_participant(participant_id)
        participant.archived = clock.now()
        _touch(participant)
        audit("change", "participant", participant.id)


def get_participant(participant_id: object) -> Participant:
    return _get(Participant, participant_id)


def find_participants(query: str = "", limit: int = 200) -> list[ParticipantRow]:
    """Participants not archived whose first name or agency ID contains ``query``, in any case."""
    last_visit = (
        Visit.select(fn.MAX(Visit.started)).where(Visit.participant == Participant.id)
    )
    rows = (
        Participant.select(Participant.id, Participant.first_name, last_visit.alias("last_visit"))
        .where(Participant.archived.is_null())
        .order_by(Participant.search_key, Participant.created)
        .limit(limit)
    )
    key = search_key(query)
    if key:
        rows = rows.where(Participant.search_key.contains(key))
    return [
        ParticipantRow(row.id, row.first_name, _local_date(row.last_visit))
        for row in rows.objects()
    ]


def _local_date(moment: object) -> dt.date | None:
    if moment is None:
        return None
    if isinstance(moment, str):  # SQLite hands back MAX() of a datetime column as text
        moment = dt.datetime.fromisoformat(moment)
    assert isinstance(moment, dt.datetime)
    return moment.replace(tzinfo=dt.UTC).astimezone().date()


# Responses -----------------------------------------------------------------


def current_draft(participant_id: object, instrument_code: str) -> Response | None:
    return (
        Response.select()
        .where(
            (Response.participant == participant_id)
            & (Response.instrument == instrument_code)
            & (Response.complete == False)  # noqa: E712 (peewee expression)
        )
        .order_by(Response.created)
        .first()
    )


def start_response(participant_id: object, instrument_code: str) -> Response:
    """The participant's open draft of this instrument, or a new one: never two drafts."""
    form = validation.instrument(instrument_code)
    with database_proxy.atomic():
        participant = get_participant(participant_id)
        draft = current_draft(participant.id, form.code)
        if draft is not None:
            return draft
        response = Response.create(
            instrument=form.code,
            instrument_version=form.version,
            participant=participant,
            date=clock.today(),
        )
        audit("create", "response", response.id)
    return response


def get_response(response_id: object) -> Response:
    return _get(Response, response_id)


def answers_of(response_id: object) -> dict[int, int | None]:
    """Statement number to value, ``None`` for declined. Unanswered statements are absent."""
    return {
        statement: value
        for statement, value in Answer.select(Answer.statement, Answer.value)
        .where(Answer.response == response_id)
        .tuples()
    }


def _write_answer(response_id: object, statement: int, value: int | None, *, declined: bool = False) -> None:
    with database_proxy.atomic():
        response = get_response(response_id)
        form = _open_form(response)
        number = validation.statement_number(form, statement)
        if not declined:  # a value of None is not on any scale: declining is decline_answer
            validation.answer_value(form, value)
        existing = Answer.get_or_none(response=response, statement=number)
        if existing is None:
            Answer.create(response=response, statement=number, value=value)
        else:
            existing.value = value
            _touch(existing)
        _touch(response)
        audit("change", "response", response.id)


def _open_form(response: Response) -> Instrument:
    if response.complete:
        raise ValidationError("response", "complete", "a completed response cannot be changed")
    return validation.instrument(response.instrument)


def give_answer(response_id: object, statement: int, value: int) -> None:
    _write_answer(response_id, statement, value)


def decline_answer(response_id: object, statement: int) -> None:
    """Record "prefer not to answer": stored as declined, never as a value."""
    _write_answer(response_id, statement, None, declined=True)


def clear_answer(response_id: object, statement: int) -> None:
    with database_proxy.atomic():
        response = get_response(response_id)
        validation.statement_number(_open_form(response), statement)
        Answer.delete().where((Answer.response == response) & (Answer.statement == statement)).execute()
        _touch(response)
        audit("change", "response", response.id)


def complete_response(response_id: object) -> Response:
    """Mark the response complete (every statement answered or declined) and date it today."""
    with database_proxy.atomic():
        response = get_response(response_id)
        form = _open_form(response)
        missing = [s.number for s in form.statements if s.number not in answers_of(response.id)]
        if missing:
            raise ValidationError(
                "response", "answers", f"statements {', '.join(map(str, missing))} are not answered yet"
            )
        response.complete = True
        response.date = clock.today()
        _touch(response)
        audit("change", "response", response.id)
    return response


def discard_draft(response_id: object) -> None:
    with database_proxy.atomic():
        response = get_response(response_id)
        _open_form(response)
        response.delete_instance(recursive=True)
        audit("delete", "response", response_id)


def response_total(response: Response) -> int | None:
    """The instrument's score: for a sum, only when complete with nothing declined."""
    if not response.complete:
        return None
    return validation.instrument(response.instrument).score(answers_of(response.id))


# The participant overview ---------------------------------------------------

SCALE = "idaho-rcs"


@dataclass(frozen=True)
class ScaleResult:
    """A completed scale as the overview shows it: a total only when nothing was declined."""

    date: dt.date
    total: int | None
    answered: int
    answered_sum: int
    statements: int
    change: int | None  # since the previous completed scale, when both have totals


@dataclass(frozen=True)
class PlannedActivity:
    text: str
    status: str
    helpers: tuple[str, ...]


@dataclass(frozen=True)
class Overview:
    id: uuid.UUID
    first_name: str
    agency_id: str | None
    added: dt.date
    last_visit: dt.date | None
    visits: int
    scale: ScaleResult | None
    focus_areas: tuple[str, ...]
    this_week: tuple[PlannedActivity, ...]


def week_of(day: dt.date) -> dt.date:
    """The Monday that starts the week ``day`` is in."""
    return day - dt.timedelta(days=day.weekday())


def completed_responses(participant_id: object, instrument_code: str = SCALE) -> list[Response]:
    """Completed responses, newest first."""
    return list(
        Response.select()
        .where(
            (Response.participant == participant_id)
            & (Response.instrument == instrument_code)
            & (Response.complete == True)  # noqa: E712 (peewee expression)
        )
        .order_by(Response.date.desc(), Response.updated.desc())
    )


def latest_scale(participant_id: object) -> ScaleResult | None:
    done = completed_responses(participant_id)
    if not done:
        return None
    form = validation.instrument(SCALE)
    latest = answers_of(done[0].id)
    total = form.score(latest)
    change = None
    if total is not None and len(done) > 1:
        previous = form.score(answers_of(done[1].id))
        change = None if previous is None else total - previous
    return ScaleResult(
        date=done[0].date,
        total=total,
        answered=form.answered_count(latest),
        answered_sum=form.answered_sum(latest),
        statements=len(form.statements),
        change=change,
    )


def current_focus_areas(participant_id: object) -> list[FocusArea]:
    return list(
        FocusArea.select()
        .where((FocusArea.participant == participant_id) & FocusArea.replaced.is_null())
        .order_by(FocusArea.rank)
    )


def focus_area_words(area: FocusArea) -> str:
    """A focus area in words: the participant's own text, else the statement it names."""
    if area.text:
        return area.text
    statement = validation.instrument(SCALE).statement(area.statement)
    return statement.text if statement else ""


def activities_of_week(participant_id: object, monday: dt.date) -> list[PlannedActivity]:
    rows = (
        Activity.select()
        .where((Activity.participant == participant_id) & (Activity.week_of == monday))
        .order_by(Activity.created, Activity.id)
    )
    planned = []
    for activity in rows:
        helpers = (
            Helper.select(Helper.name)
            .join(ActivityHelper)
            .where(ActivityHelper.activity == activity)
            .order_by(Helper.created, Helper.id)
        )
        planned.append(PlannedActivity(activity.text, activity.status, tuple(h.name for h in helpers)))
    return planned


def participant_overview(participant_id: object) -> Overview:
    with database_proxy.atomic():
        person = get_participant(participant_id)
        visits = Visit.select(fn.COUNT(Visit.id), fn.MAX(Visit.started)).where(Visit.participant == person)
        count, last = visits.scalar(as_tuple=True)
        return Overview(
            id=person.id,
            first_name=person.first_name,
            agency_id=person.agency_id,
            added=_local_date(person.created) or clock.today(),
            last_visit=_local_date(last),
            visits=count,
            scale=latest_scale(person.id),
            focus_areas=tuple(focus_area_words(a) for a in current_focus_areas(person.id)),
            this_week=tuple(activities_of_week(person.id, week_of(clock.today()))),
        )
