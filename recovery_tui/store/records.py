"""The reads and writes the screens need, as plain functions.

Every write validates first (``store.validation``), runs in its own short
transaction and leaves an ``AuditEvent`` naming the record, never its content.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from peewee import DatabaseError, IntegrityError, fn

from recovery_tui import clock
from recovery_tui.instruments import Instrument
from recovery_tui.security import search_key
from recovery_tui.store import validation
from recovery_tui.store.errors import NotFound, StoreError, ValidationError
from recovery_tui.store.models import (
    Activity,
    ActivityHelper,
    Answer,
    AuditEvent,
    BaseModel,
    CheckIn,
    FocusArea,
    Helper,
    Participant,
    Response,
    Visit,
    database_proxy,
)

acting_worker_id: uuid.UUID | None = None  # the unnamed peer worker until workers exist


@contextmanager
def transaction() -> Iterator[None]:
    """One short transaction. A database that cannot be written (locked by another program,
    a lost server) is a StoreError the screens show, never a crash; nothing half-written stays."""
    try:
        with database_proxy.atomic():
            yield
    except DatabaseError as error:
        raise StoreError(f"The records could not be saved just now ({error}). Please try again.") from None


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


def _change(row: BaseModel, values: dict[str, object]) -> None:
    """Set the given fields, stamp the row as updated and note the change in the audit log."""
    for name, value in values.items():
        setattr(row, name, value)
    _touch(row)
    audit("change", row._meta.table_name, row.id)


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
    return validation.problems_of(
        lambda: validation.first_name(first_name),
        lambda: _check_agency_id_free(validation.agency_id(agency_id), own_id),
    )


def create_participant(first_name: str, agency_id: str | None = None) -> Participant:
    name = validation.first_name(first_name)
    agency = validation.agency_id(agency_id)
    with transaction():
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
    with transaction():
        participant = get_participant(participant_id)
        _check_agency_id_free(agency, participant.id)
        participant.first_name = name
        participant.agency_id = agency
        participant.search_key = participant_search_key(name, agency)
        _touch(participant)
        audit("change", "participant", participant.id)
    return participant


def archive_participant(participant_id: object) -> None:
    with transaction():
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
    with transaction():
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
    with transaction():
        found = Response.select(Response.instrument, Response.complete).where(Response.id == response_id).tuples()
        if not found:
            raise NotFound(f"no response with id {response_id}")
        (instrument, complete), = found
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


def give_answer(response_id: object, statement: int, value: int) -> None:
    _write_answer(response_id, statement, value)


def decline_answer(response_id: object, statement: int) -> None:
    """Record "prefer not to answer": stored as declined, never as a value."""
    _write_answer(response_id, statement, None, declined=True)


def clear_answer(response_id: object, statement: int) -> None:
    with transaction():
        response = get_response(response_id)
        validation.statement_number(_open_form(response), statement)
        Answer.delete().where((Answer.response == response) & (Answer.statement == statement)).execute()
        _touch(response)
        audit("change", "response", response.id)


def complete_response(response_id: object) -> Response:
    """Mark the response complete (every statement answered or declined) and date it today."""
    with transaction():
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
    with transaction():
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
    maximum: int | None  # the highest total the instrument allows
    change: int | None  # since the previous completed scale, when both have totals


@dataclass(frozen=True)
class PlannedActivity:
    id: uuid.UUID
    week_of: dt.date
    text: str
    status: str
    review_note: str
    focus_area_id: uuid.UUID | None
    focus: str  # the focus area in words, or ""
    helper_ids: tuple[uuid.UUID, ...]
    helpers: tuple[str, ...]  # names, "(archived)" after those no longer current
    carried_from: uuid.UUID | None
    carried_to: uuid.UUID | None  # the copy of it in a later week, if it was carried forward


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
    last_week: WeekResult | None
    today: Visit | None  # today's open visit
    last_check_in: tuple[dt.date, CheckIn] | None
    feelings: tuple[Feeling, ...]


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
        maximum=form.max_total,
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
    return [_planned(activity) for activity in rows]


def _planned(activity: Activity) -> PlannedActivity:
    helpers = list(
        Helper.select(Helper.id, Helper.name, Helper.archived)
        .join(ActivityHelper)
        .where(ActivityHelper.activity == activity)
        .order_by(Helper.created, Helper.id)
    )
    area = activity.focus_area
    carried_to = Activity.select(Activity.id).where(Activity.carried_from == activity.id).first()
    return PlannedActivity(
        id=activity.id,
        week_of=activity.week_of,
        text=activity.text,
        status=activity.status,
        review_note=activity.review_note,
        focus_area_id=activity.focus_area_id,
        focus="" if area is None else focus_choice_words(FocusChoice(area.statement, area.text)),
        helper_ids=tuple(h.id for h in helpers),
        helpers=tuple(h.name + (" (archived)" if h.archived else "") for h in helpers),
        carried_from=activity.carried_from_id,
        carried_to=None if carried_to is None else carried_to.id,
    )


def participant_overview(participant_id: object) -> Overview:
    with transaction():
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
            last_week=None if (reviewed := week_to_review(person.id)) is None else week_result(person.id, reviewed),
            today=todays_visit(person.id),
            last_check_in=last_check_in(person.id),
            feelings=tuple(recent_feelings(person.id)),
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
    with transaction():
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


# Visits and check-ins ---------------------------------------------------------

UNCHANGED: object = object()  # a keyword left out of a save: keep what is stored


def _end_of_local_day(moment: dt.datetime) -> dt.datetime:
    """The last microsecond of the local day ``moment`` (naive UTC) falls in, as naive UTC."""
    last = dt.datetime.combine(_local_date(moment) or clock.today(), dt.time.max).astimezone()
    return last.astimezone(dt.UTC).replace(tzinfo=None)


def close_past_visits() -> None:
    """A visit still open at the end of its day is closed then."""
    start_of_today = dt.datetime.combine(clock.today(), dt.time.min).astimezone().astimezone(dt.UTC).replace(tzinfo=None)
    with transaction():
        for visit in Visit.select().where(Visit.ended.is_null() & (Visit.started < start_of_today)):
            visit.ended = _end_of_local_day(visit.started)
            _touch(visit)
            audit("change", "visit", visit.id)


def todays_visit(participant_id: object) -> Visit | None:
    """The participant's visit still open today, if any."""
    close_past_visits()
    return (
        Visit.select()
        .where((Visit.participant == participant_id) & Visit.ended.is_null())
        .order_by(Visit.started.desc())
        .first()
    )


def start_or_resume_visit(participant_id: object) -> Visit:
    with transaction():
        person = get_participant(participant_id)
        visit = todays_visit(person.id)
        if visit is None:
            visit = Visit.create(participant=person, worker=acting_worker_id, started=clock.now())
            audit("create", "visit", visit.id)
    return visit


def get_visit(visit_id: object) -> Visit:
    return _get(Visit, visit_id)


def end_visit(visit_id: object) -> None:
    with transaction():
        visit = get_visit(visit_id)
        if visit.ended is None:
            visit.ended = clock.now()
            _touch(visit)
            audit("change", "visit", visit.id)


def check_in_of(visit_id: object) -> CheckIn | None:
    return CheckIn.get_or_none(CheckIn.visit == visit_id)


def save_check_in(
    visit_id: object,
    *,
    feeling: object = UNCHANGED,
    went_well: object = UNCHANGED,
    hard: object = UNCHANGED,
    focus: object = UNCHANGED,
) -> CheckIn:
    """Save the fields given, each as it is entered; the others keep what they hold."""
    values: dict[str, object] = {}
    if feeling is not UNCHANGED:
        values["feeling"] = validation.feeling(feeling)
    for name, given in (("went_well", went_well), ("hard", hard), ("focus", focus)):
        if given is not UNCHANGED:
            values[name] = validation.free_text("check-in", name.replace("_", " "), given)
    with transaction():
        visit = get_visit(visit_id)
        check_in = check_in_of(visit.id)
        if check_in is None:
            check_in = CheckIn.create(visit=visit, **values)
            audit("create", "check_in", check_in.id)
        else:
            _change(check_in, values)
    return check_in


def save_visit_note(
    visit_id: object,
    *,
    note: object = UNCHANGED,
    domains: object = UNCHANGED,
    support_lines_shared: object = UNCHANGED,
) -> Visit:
    """The worker's note on a visit: free text, the IC&RC domains touched, support lines shared."""
    with transaction():
        visit = get_visit(visit_id)
        if note is not UNCHANGED:
            visit.note = validation.free_text("visit", "note", note)
        if domains is not UNCHANGED:
            chosen = [validation.one_of("visit", "domains", d, validation.ICRC_DOMAINS) for d in domains]  # type: ignore[attr-defined]
            visit.domains = "\n".join(d for d in validation.ICRC_DOMAINS if d in chosen)
        if support_lines_shared is not UNCHANGED:
            if not isinstance(support_lines_shared, bool):
                raise ValidationError("visit", "support lines shared", "must be yes or no")
            visit.support_lines_shared = support_lines_shared
        _touch(visit)
        audit("change", "visit", visit.id)
    return visit


@dataclass(frozen=True)
class Feeling:
    day: dt.date
    value: int


def recent_feelings(participant_id: object, limit: int = 8) -> list[Feeling]:
    """How the participant felt at their most recent check-ins, oldest first."""
    rows = (
        CheckIn.select(CheckIn.feeling, Visit.started)
        .join(Visit)
        .where((Visit.participant == participant_id) & CheckIn.feeling.is_null(False))
        .order_by(Visit.started.desc())
        .limit(limit)
        .tuples()
    )
    return [Feeling(_local_date(started) or clock.today(), value) for value, started in reversed(list(rows))]


def last_check_in(participant_id: object) -> tuple[dt.date, CheckIn] | None:
    row = (
        CheckIn.select(CheckIn, Visit.started)
        .join(Visit)
        .where(Visit.participant == participant_id)
        .order_by(Visit.started.desc())
        .first()
    )
    return None if row is None else (_local_date(row.visit.started) or clock.today(), row)


# Who will help me --------------------------------------------------------------


def _helper_checks(name: object, relationship: object, phone: object, notes: object) -> dict[str, Callable[[], object]]:
    """Each field's rule, returning the value to store."""
    return {
        "name": lambda: validation.required_line("helper", "name", name),
        "relationship": lambda: validation.one_of("helper", "relationship", relationship, validation.RELATIONSHIPS),
        "phone": lambda: validation.phone(phone),
        "notes": lambda: validation.free_text("helper", "notes", notes, validation.HELPER_NOTES_MAX),
    }


def _helper_values(name: object, relationship: object, phone: object, notes: object) -> dict[str, object]:
    return {field: check() for field, check in _helper_checks(name, relationship, phone, notes).items()}


def helper_problems(name: object, relationship: object, phone: object, notes: object) -> list[ValidationError]:
    """Every rule the fields break, all at once, so that a form can show them together."""
    return validation.problems_of(*_helper_checks(name, relationship, phone, notes).values())


def create_helper(participant_id: object, name: str, relationship: str, phone: str = "", notes: str = "") -> Helper:
    values = _helper_values(name, relationship, phone, notes)
    with transaction():
        person = get_participant(participant_id)
        helper = Helper.create(participant=person, **values)
        audit("create", "helper", helper.id)
    return helper


def update_helper(helper_id: object, name: str, relationship: str, phone: str = "", notes: str = "") -> Helper:
    values = _helper_values(name, relationship, phone, notes)
    with transaction():
        helper = get_helper(helper_id)
        _change(helper, values)
    return helper


def archive_helper(helper_id: object) -> None:
    """Never deleted: an archived person stays in the plans they were part of."""
    with transaction():
        helper = get_helper(helper_id)
        if helper.archived is None:
            helper.archived = clock.now()
            _touch(helper)
            audit("change", "helper", helper.id)


def get_helper(helper_id: object) -> Helper:
    return _get(Helper, helper_id)


def helpers_of(participant_id: object, include_archived: bool = False) -> list[Helper]:
    """The participant's people, in the order they were added."""
    rows = Helper.select().where(Helper.participant == participant_id)
    if not include_archived:
        rows = rows.where(Helper.archived.is_null())
    return list(rows.order_by(Helper.created, Helper.id))


# The weekly plan ---------------------------------------------------------------


def get_activity(activity_id: object) -> Activity:
    return _get(Activity, activity_id)


def planned_activity(activity_id: object) -> PlannedActivity:
    return _planned(get_activity(activity_id))


def week_to_review(participant_id: object) -> dt.date | None:
    """The most recent week before this one that has a plan."""
    row = (
        Activity.select(fn.MAX(Activity.week_of))
        .where((Activity.participant == participant_id) & (Activity.week_of < week_of(clock.today())))
        .scalar()
    )
    if isinstance(row, str):
        row = dt.date.fromisoformat(row)
    return row


def _check_links(person: Participant, focus_area_id: object, helper_ids: object, kept_area: object = None) -> None:
    """A new link must be to a current area and to the participant's own people; an area the
    activity already has stays allowed after a newer set replaced it."""
    if focus_area_id is not None:
        area = FocusArea.get_or_none((FocusArea.id == focus_area_id) & (FocusArea.participant == person))
        if area is None or (area.replaced is not None and area.id != kept_area):
            raise ValidationError("activity", "focus area", "is not one of the participant's current areas")
    for helper_id in helper_ids:  # type: ignore[attr-defined]
        if Helper.get_or_none((Helper.id == helper_id) & (Helper.participant == person)) is None:
            raise ValidationError("activity", "helpers", "names someone who is not one of the participant's people")


def _link_helpers(activity: Activity, helper_ids: object) -> None:
    ActivityHelper.delete().where(ActivityHelper.activity == activity).execute()
    for helper_id in dict.fromkeys(helper_ids):  # type: ignore[call-overload]
        ActivityHelper.create(activity=activity, helper=helper_id)


def add_activity(
    participant_id: object,
    text: str,
    focus_area_id: object = None,
    helper_ids: tuple[object, ...] = (),
    carried_from: object = None,
) -> Activity:
    """An activity for this week (weeks start on Monday), in the participant's words."""
    words = validation.required_line("activity", "text", text, validation.ACTIVITY_TEXT_MAX)
    monday = week_of(clock.today())
    with transaction():
        person = get_participant(participant_id)
        _check_links(person, focus_area_id, helper_ids)
        planned = Activity.select().where((Activity.participant == person) & (Activity.week_of == monday)).count()
        if planned >= validation.ACTIVITIES_MAX:
            raise ValidationError("activity", "text", f"a week holds up to {validation.ACTIVITIES_MAX} activities")
        activity = Activity.create(
            participant=person, week_of=monday, text=words, focus_area=focus_area_id, carried_from=carried_from
        )
        _link_helpers(activity, helper_ids)
        audit("create", "activity", activity.id)
    return activity


def update_activity(activity_id: object, text: str, focus_area_id: object, helper_ids: tuple[object, ...]) -> Activity:
    words = validation.required_line("activity", "text", text, validation.ACTIVITY_TEXT_MAX)
    with transaction():
        activity = get_activity(activity_id)
        _check_links(activity.participant, focus_area_id, helper_ids, kept_area=activity.focus_area_id)
        activity.text = words
        activity.focus_area = focus_area_id
        _link_helpers(activity, helper_ids)
        _touch(activity)
        audit("change", "activity", activity.id)
    return activity


def remove_activity(activity_id: object) -> None:
    """Take a planned activity out of this week's plan (people are never deleted, plans may change)."""
    with transaction():
        activity = get_activity(activity_id)
        Activity.update(carried_from=None).where(Activity.carried_from == activity.id).execute()
        activity.delete_instance(recursive=True)
        audit("delete", "activity", activity_id)


def review_activity(activity_id: object, status: object = UNCHANGED, review_note: object = UNCHANGED) -> Activity:
    """How a past activity went, and a short note; each can be given on its own."""
    values: dict[str, object] = {}
    if status is not UNCHANGED:
        values["status"] = validation.one_of("activity", "status", status, validation.ACTIVITY_STATUSES)
    if review_note is not UNCHANGED:
        values["review_note"] = validation.free_text("activity", "review note", review_note, validation.REVIEW_NOTE_MAX)
    with transaction():
        activity = get_activity(activity_id)
        _change(activity, values)
    return activity


def carry_forward(activity_id: object) -> Activity:
    """Mark a past activity 'not yet' and carry it into this week, linked to the one it came from."""
    with transaction():
        activity = get_activity(activity_id)
        if activity.week_of >= week_of(clock.today()):
            raise ValidationError("activity", "week", "only an activity from an earlier week can be carried forward")
        existing = Activity.get_or_none(Activity.carried_from == activity.id)
        if existing is not None:
            return existing
        review_activity(activity.id, "not-yet")
        area = activity.focus_area
        current_area = area.id if area is not None and area.replaced is None else None
        helpers = tuple(
            h.id for h in Helper.select(Helper.id).join(ActivityHelper)
            .where((ActivityHelper.activity == activity) & Helper.archived.is_null())
        )
        return add_activity(activity.participant_id, activity.text, current_area, helpers, carried_from=activity.id)


@dataclass(frozen=True)
class WeekResult:
    week_of: dt.date
    planned: int
    done: int
    partly: int


def week_result(participant_id: object, monday: dt.date) -> WeekResult | None:
    activities = activities_of_week(participant_id, monday)
    if not activities:
        return None
    statuses = [a.status for a in activities]
    return WeekResult(monday, len(statuses), statuses.count("done"), statuses.count("partly"))
