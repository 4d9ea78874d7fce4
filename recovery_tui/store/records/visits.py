"""Visits, their check-ins and the worker's note; how the participant has felt lately."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from recovery_tui import clock
from recovery_tui.store import validation
from recovery_tui.store.errors import ValidationError
from recovery_tui.store.models import CheckIn, Participant, Visit
from recovery_tui.store.records import common
from recovery_tui.store.records.common import (
    UNCHANGED,
    audit,
    change,
    get_row,
    guarded,
    local_date,
    rows_of,
    touch,
    transaction,
)
from recovery_tui.store.records.participants import get_participant


def _end_of_local_day(moment: dt.datetime) -> dt.datetime:
    """The last microsecond of the local day ``moment`` (naive UTC) falls in, as naive UTC."""
    last = dt.datetime.combine(local_date(moment) or clock.today(), dt.time.max).astimezone()
    return last.astimezone(dt.UTC).replace(tzinfo=None)


def _start_of_today() -> dt.datetime:
    return dt.datetime.combine(clock.today(), dt.time.min).astimezone().astimezone(dt.UTC).replace(tzinfo=None)


@guarded
def close_past_visits() -> None:
    """A visit still open at the end of its day is closed then. Writes only when there is one."""
    still_open = Visit.ended.is_null() & (Visit.started < _start_of_today())
    if not Visit.select().where(still_open).exists():
        return
    with transaction():
        for visit in Visit.select().where(still_open):
            visit.ended = _end_of_local_day(visit.started)
            touch(visit)
            audit("change", "visit", visit.id)


@guarded
def todays_visit(participant_id: object) -> Visit | None:
    """The participant's latest visit started today, ended or not. Visits follow the participant:
    looking at someone else in between never ends or splits one."""
    visit: Visit | None = (
        Visit.select()
        .where((Visit.participant == participant_id) & (Visit.started >= _start_of_today()))
        .order_by(Visit.started.desc())
        .first()
    )
    return visit


@guarded
def start_or_resume_visit(participant_id: object) -> Visit:
    """Today's visit, taken up again if the worker had ended it; a new one on a day without one, or when
    another worker signed in has the participant now (the earlier visit ends then: it was the other's)."""
    close_past_visits()
    with transaction():
        person = get_participant(participant_id)
        visit = todays_visit(person.id)
        if visit is not None and visit.worker_id != common.acting_worker_id:
            if visit.ended is None:
                change(visit, {"ended": clock.now()})
            visit = None
        if visit is None:
            return _new_visit(person)
        if visit.ended is not None:
            change(visit, {"ended": None})
    return visit


@guarded
def start_another_visit(participant_id: object) -> Visit:
    """A second visit the same day, chosen deliberately: today's visit ends, if still open, and a new one begins."""
    close_past_visits()
    with transaction():
        person = get_participant(participant_id)
        earlier = todays_visit(person.id)
        if earlier is not None and earlier.ended is None:
            change(earlier, {"ended": clock.now()})
        return _new_visit(person)


def _new_visit(person: Participant) -> Visit:
    visit = Visit.create(participant=person, worker=common.acting_worker_id, started=clock.now())
    audit("create", "visit", visit.id)
    return visit


@guarded
def get_visit(visit_id: object) -> Visit:
    return get_row(Visit, visit_id)


@guarded
def end_visit(visit_id: object) -> None:
    with transaction():
        visit = get_visit(visit_id)
        if visit.ended is None:
            visit.ended = clock.now()
            touch(visit)
            audit("change", "visit", visit.id)


@guarded
def check_in_of(visit_id: object) -> CheckIn | None:
    return CheckIn.get_or_none(CheckIn.visit == visit_id)


@guarded
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
            change(check_in, values)
    return check_in


@guarded
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
        touch(visit)
        audit("change", "visit", visit.id)
    return visit


@dataclass(frozen=True)
class Feeling:
    day: dt.date
    value: int


@guarded
def recent_feelings(participant_id: object, limit: int = 8) -> list[Feeling]:
    """How the participant felt at their most recent check-ins, oldest first."""
    rows = (
        CheckIn.select(CheckIn.feeling, Visit.started)
        .join(Visit)
        .where((Visit.participant == participant_id) & CheckIn.feeling.is_null(False))
        .order_by(Visit.started.desc())
        .limit(limit)
    )
    return [Feeling(local_date(started) or clock.today(), value) for value, started in reversed(rows_of(rows))]


@guarded
def last_check_in(participant_id: object) -> tuple[dt.date, CheckIn] | None:
    row = (
        CheckIn.select(CheckIn, Visit.started)
        .join(Visit)
        .where(Visit.participant == participant_id)
        .order_by(Visit.started.desc())
        .first()
    )
    return None if row is None else (local_date(row.visit.started) or clock.today(), row)
