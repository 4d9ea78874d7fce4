"""A participant's history built the way the app builds it: through ``store.records``, with the
clock set to each day in turn. Used by the history tests and by the history benchmark."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from recovery_tui import clock
from recovery_tui.store import records

AFTERNOON = dt.time(15, 30)
DECLINED = None


def on(day: dt.date) -> None:
    clock.set_now(dt.datetime.combine(day, AFTERNOON))


def add_scale(participant_id: uuid.UUID, day: dt.date, values: Sequence[int | None]) -> uuid.UUID:
    """A completed scale on ``day``: ``values`` for statements 1 to 23 in turn, None for declined."""
    on(day)
    return complete_scale(participant_id, values)


def complete_scale(participant_id: uuid.UUID, values: Sequence[int | None]) -> uuid.UUID:
    """A completed scale today (as the clock says): ``values`` for statements 1 to 23, None for declined."""
    response = records.start_response(participant_id, records.SCALE)
    for number, value in enumerate(values, 1):
        if value is None:
            records.decline_answer(response.id, number)
        else:
            records.give_answer(response.id, number, value)
    records.complete_response(response.id)
    return response.id


def add_check_in(participant_id: uuid.UUID, day: dt.date, feeling: int | None, focus: str = "") -> None:
    on(day)
    visit = records.start_another_visit(participant_id)
    records.save_check_in(visit.id, feeling=feeling, focus=focus)
    records.end_visit(visit.id)


def add_week(
    participant_id: uuid.UUID, monday: dt.date, activities: Sequence[str], statuses: Sequence[str], carry: int | None
) -> None:
    """Activities planned on ``monday``, looked back on the Monday after; the one at ``carry`` carried over."""
    on(monday)
    planned = [records.add_activity(participant_id, text).id for text in activities]
    on(monday + dt.timedelta(days=7))
    for activity_id, status in zip(planned, statuses, strict=False):
        records.review_activity(activity_id, status)
    if carry is not None:
        records.carry_forward(planned[carry])


def values_for(total_step: int) -> list[int]:
    """23 answers, rising a little with ``total_step``: a total of 46 + total_step, at most 115."""
    raised = min(total_step, 69)
    return [2 + (1 if n < raised % 23 else 0) + raised // 23 for n in range(23)]


def long_history(participant_id: uuid.UUID, start: dt.date, scales: int, check_ins: int, weeks: int) -> None:
    """A long history for the benchmark: scales every fortnight (every fifth with one declined), check-ins
    twice a week, weekly plans, and a new set of areas to grow every ten scales."""
    for n in range(check_ins):
        add_check_in(participant_id, start + dt.timedelta(days=n * 7 // 2), n % 5 + 1, f"Focus {n}")
    for n in range(weeks):
        monday = records.week_of(start) + dt.timedelta(weeks=n)
        add_week(participant_id, monday, [f"Walk {n}", f"Call {n}", f"Group {n}"], ["done", "partly", "not-yet"], 2)
    for n in range(scales):
        values: list[int | None] = list(values_for(n % 60))
        if n % 5 == 4:
            values[6] = DECLINED
        add_scale(participant_id, start + dt.timedelta(days=14 * n), values)
        if n % 10 == 0:
            response_id = records.completed_responses(participant_id)[0].id
            lowest = records.focus_candidates(response_id)[:3]
            records.choose_focus_areas(participant_id, [records.FocusChoice(c.number, "") for c in lowest])
