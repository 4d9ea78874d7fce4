"""The weekly plan: activities by week (starting Monday), their helpers, the look back, carrying over."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from peewee import fn

from recovery_tui import clock
from recovery_tui.store import validation
from recovery_tui.store.errors import ValidationError
from recovery_tui.store.models import (
    Activity,
    ActivityHelper,
    FocusArea,
    Helper,
    Participant,
)
from recovery_tui.store.records.common import (
    UNCHANGED,
    audit,
    change,
    get_row,
    guarded,
    note_removal,
    touch,
    transaction,
)
from recovery_tui.store.records.focus_areas import FocusChoice, focus_choice_words
from recovery_tui.store.records.participants import get_participant


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


def week_of(day: dt.date) -> dt.date:
    """The Monday that starts the week ``day`` is in."""
    return day - dt.timedelta(days=day.weekday())


@guarded
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


@guarded
def get_activity(activity_id: object) -> Activity:
    return get_row(Activity, activity_id)


@guarded
def planned_activity(activity_id: object) -> PlannedActivity:
    return _planned(get_activity(activity_id))


@guarded
def week_to_review(participant_id: object) -> dt.date | None:
    """The most recent week before this one that has a plan."""
    row = (
        Activity.select(fn.MAX(Activity.week_of))
        .where((Activity.participant == participant_id) & (Activity.week_of < week_of(clock.today())))
        .scalar()
    )
    if isinstance(row, str):  # SQLite hands back MAX() of a date column as text
        return dt.date.fromisoformat(row)
    return row if isinstance(row, dt.date) else None


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


def check_week_size(planned: int) -> None:
    """A week holds up to ten activities, however they came in."""
    if planned > validation.ACTIVITIES_MAX:
        raise ValidationError("activity", "text", f"a week holds up to {validation.ACTIVITIES_MAX} activities")


@guarded
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
        check_week_size(
            Activity.select().where((Activity.participant == person) & (Activity.week_of == monday)).count() + 1
        )
        activity = Activity.create(
            participant=person, week_of=monday, text=words, focus_area=focus_area_id, carried_from=carried_from
        )
        _link_helpers(activity, helper_ids)
        audit("create", "activity", activity.id)
    return activity


@guarded
def update_activity(activity_id: object, text: str, focus_area_id: object, helper_ids: tuple[object, ...]) -> Activity:
    words = validation.required_line("activity", "text", text, validation.ACTIVITY_TEXT_MAX)
    with transaction():
        activity = get_activity(activity_id)
        _check_links(activity.participant, focus_area_id, helper_ids, kept_area=activity.focus_area_id)
        activity.text = words
        activity.focus_area_id = focus_area_id  # type: ignore[assignment]  # an id the links check passed
        _link_helpers(activity, helper_ids)
        touch(activity)
        audit("change", "activity", activity.id)
    return activity


@guarded
def remove_activity(activity_id: object) -> None:
    """Take a planned activity out of this week's plan (people are never deleted, plans may change)."""
    with transaction():
        activity = get_activity(activity_id)
        Activity.update(carried_from=None).where(Activity.carried_from == activity.id).execute()
        activity.delete_instance(recursive=True)
        note_removal("activity", activity.id, participant=activity.participant_id)
        audit("delete", "activity", activity_id)


@guarded
def review_activity(activity_id: object, status: object = UNCHANGED, review_note: object = UNCHANGED) -> Activity:
    """How a past activity went, and a short note; each can be given on its own."""
    values: dict[str, object] = {}
    if status is not UNCHANGED:
        values["status"] = validation.one_of("activity", "status", status, validation.ACTIVITY_STATUSES)
    if review_note is not UNCHANGED:
        values["review_note"] = validation.free_text("activity", "review note", review_note, validation.REVIEW_NOTE_MAX)
    with transaction():
        activity = get_activity(activity_id)
        change(activity, values)
    return activity


@guarded
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
            h.id
            for h in Helper.select(Helper.id)
            .join(ActivityHelper)
            .where((ActivityHelper.activity == activity) & Helper.archived.is_null())
        )
        return add_activity(activity.participant_id, activity.text, current_area, helpers, carried_from=activity.id)


@dataclass(frozen=True)
class WeekResult:
    week_of: dt.date
    planned: int
    done: int
    partly: int


@guarded
def week_result(participant_id: object, monday: dt.date) -> WeekResult | None:
    activities = activities_of_week(participant_id, monday)
    if not activities:
        return None
    statuses = [a.status for a in activities]
    return WeekResult(monday, len(statuses), statuses.count("done"), statuses.count("partly"))
