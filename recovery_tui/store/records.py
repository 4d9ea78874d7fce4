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
    scale_draft: tuple[dt.date, int] | None  # an unfinished scale: its date and how many are answered
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


def _previous_completed(response: Response) -> Response | None:
    owner = Response.participant == response.participant_id
    if response.participant_id is None:
        owner = Response.worker == response.worker_id
    done = list(
        Response.select()
        .where(owner & (Response.instrument == response.instrument) & (Response.complete == True))  # noqa: E712
        .order_by(Response.date.desc(), Response.updated.desc())
    )
    ids = [r.id for r in done]
    later = ids.index(response.id) + 1 if response.id in ids else 0
    return done[later] if later < len(done) else None


def compare_with_previous(response_id: object) -> ScaleComparison | None:
    response = get_response(response_id)
    previous = _previous_completed(response)
    if previous is None:
        return None
    form = validation.instrument(response.instrument)
    now, before = answers_of(response.id), answers_of(previous.id)
    total, previous_total = form.score(now), form.score(before)
    up, down, same = [], [], 0
    for statement in form.statements:
        a, b = now.get(statement.number), before.get(statement.number)
        if a is None or b is None:
            continue
        if a == b:
            same += 1
        else:
            (up if a > b else down).append(StatementChange(statement.number, statement.text, b, a))
    change = None if total is None or previous_total is None else total - previous_total
    return ScaleComparison(previous.date, previous_total, change, up, down, same)


def response_result(response_id: object) -> ScaleResult:
    response = get_response(response_id)
    form = validation.instrument(response.instrument)
    answers = answers_of(response.id)
    comparison = compare_with_previous(response.id) if response.complete else None
    return ScaleResult(
        date=response.date,
        total=form.score(answers) if response.complete else None,
        answered=form.answered_count(answers),
        answered_sum=form.answered_sum(answers),
        statements=len(form.statements),
        change=comparison.change if comparison else None,
    )


def latest_scale(participant_id: object) -> ScaleResult | None:
    done = completed_responses(participant_id)
    return response_result(done[0].id) if done else None


def current_focus_areas(participant_id: object) -> list[FocusArea]:
    return list(
        FocusArea.select()
        .where((FocusArea.participant == participant_id) & FocusArea.replaced.is_null())
        .order_by(FocusArea.rank)
    )


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
        draft = current_draft(person.id, SCALE)
        return Overview(
            id=person.id,
            first_name=person.first_name,
            agency_id=person.agency_id,
            added=_local_date(person.created) or clock.today(),
            last_visit=_local_date(last),
            visits=count,
            scale=latest_scale(person.id),
            scale_draft=None if draft is None else (draft.date, len(answers_of(draft.id))),
            focus_areas=tuple(
                focus_choice_words(FocusChoice(a.statement, a.text)) for a in current_focus_areas(person.id)
            ),
            this_week=tuple(activities_of_week(person.id, week_of(clock.today()))),
        )


# Focus areas -----------------------------------------------------------------


@dataclass(frozen=True)
class FocusChoice:
    """One area to grow: a statement of the scale, or the participant's own words."""

    statement: int | None
    text: str


@dataclass(frozen=True)
class FocusCandidate:
    number: int
    text: str
    value: int | None  # as rated in the response; None when declined


def focus_choice_words(choice: FocusChoice) -> str:
    if choice.text:
        return choice.text
    statement = validation.instrument(SCALE).statement(choice.statement)  # type: ignore[arg-type]
    return statement.text if statement else ""


def focus_candidates(response_id: object) -> list[FocusCandidate]:
    """Every statement, those rated lowest first; declined ones last."""
    form = validation.instrument(SCALE)
    answers = answers_of(response_id)
    ranked = sorted(
        form.statements,
        key=lambda s: (answers.get(s.number) is None, answers.get(s.number) or 0, s.number),
    )
    return [FocusCandidate(s.number, s.text, answers.get(s.number)) for s in ranked]


def choose_focus_areas(participant_id: object, choices: list[FocusChoice]) -> list[FocusArea]:
    """Replace the current set with ``choices`` (1 to 5, in rank order); the old set keeps its dates."""
    if not 1 <= len(choices) <= validation.FOCUS_AREAS_MAX:
        raise ValidationError("focus area", "rank", f"choose 1 to {validation.FOCUS_AREAS_MAX} areas")
    cleaned = [validation.focus_area(rank, c.statement, c.text) for rank, c in enumerate(choices, 1)]
    keys = [(statement, text.casefold()) for _, statement, text in cleaned]
    if len(set(keys)) != len(keys):
        raise ValidationError("focus area", "text", "the same area is chosen twice")
    today = clock.today()
    with database_proxy.atomic():
        person = get_participant(participant_id)
        for old in current_focus_areas(person.id):
            old.replaced = today
            _touch(old)
            audit("change", "focus_area", old.id)
        created = []
        for rank, statement, text in cleaned:
            area = FocusArea.create(participant=person, rank=rank, statement=statement, text=text, chosen=today)
            audit("create", "focus_area", area.id)
            created.append(area)
    return created
