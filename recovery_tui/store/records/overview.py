"""The participant overview: everything its screen shows, read in one transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from peewee import fn

from recovery_tui import clock
from recovery_tui.store.models import CheckIn, Visit
from recovery_tui.store.records.common import guarded, local_date, reading
from recovery_tui.store.records.focus_areas import (
    FocusChoice,
    current_focus_areas,
    focus_choice_words,
)
from recovery_tui.store.records.participants import get_participant
from recovery_tui.store.records.plan import (
    PlannedActivity,
    WeekResult,
    activities_of_week,
    week_of,
    week_result,
    week_to_review,
)
from recovery_tui.store.records.responses import (
    SCALE,
    ScaleResult,
    answers_of,
    current_draft,
    latest_scale,
)
from recovery_tui.store.records.visits import (
    Feeling,
    close_past_visits,
    last_check_in,
    recent_feelings,
    todays_visit,
)


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
    today: Visit | None  # today's latest visit, ended or not
    last_check_in: tuple[dt.date, CheckIn] | None
    feelings: tuple[Feeling, ...]


@guarded
def participant_overview(participant_id: object) -> Overview:
    close_past_visits()
    with reading():
        person = get_participant(participant_id)
        visits = Visit.select(fn.COUNT(Visit.id), fn.MAX(Visit.started)).where(Visit.participant == person)
        count, last = visits.scalar(as_tuple=True)
        draft = current_draft(person.id, SCALE)
        return Overview(
            id=person.id,
            first_name=person.first_name,
            agency_id=person.agency_id,
            added=local_date(person.created) or clock.today(),
            last_visit=local_date(last),
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
