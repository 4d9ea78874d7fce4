"""How things have changed for one participant: scales over time, two scales side by side,
check-ins, weekly plans and areas to grow. Each part is read on its own, in one read, with a
fixed number of queries however long the history is: the history screen reads only the part it shows."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from peewee import fn

from recovery_tui import clock
from recovery_tui.store import validation
from recovery_tui.store.errors import ValidationError
from recovery_tui.store.models import Activity, Answer, CheckIn, FocusArea, Response, Visit
from recovery_tui.store.records.common import guarded, local_date, reading, rows_of
from recovery_tui.store.records.focus_areas import FocusChoice, focus_choice_words
from recovery_tui.store.records.participants import get_participant
from recovery_tui.store.records.responses import SCALE, get_response


@dataclass(frozen=True)
class ScalePoint:
    """One completed scale: a total only when every statement was answered."""

    response_id: uuid.UUID
    date: dt.date
    total: int | None
    answered: int
    answered_sum: int
    statements: int


@dataclass(frozen=True)
class StatementPair:
    number: int
    text: str
    earlier: int | None  # None: "prefer not to answer"
    later: int | None


@dataclass(frozen=True)
class SideBySide:
    earlier: ScalePoint
    later: ScalePoint
    statements: tuple[StatementPair, ...]


@dataclass(frozen=True)
class CheckInEntry:
    date: dt.date
    feeling: int | None
    focus: str


@dataclass(frozen=True)
class PlanWeek:
    week_of: dt.date
    done: int
    partly: int
    not_yet: int
    not_looked_back: int
    carried_over: tuple[str, ...]  # activities carried into a later week


@dataclass(frozen=True)
class FocusSet:
    chosen: dt.date
    replaced: dt.date | None  # None: the current set
    areas: tuple[str, ...]


def _points(responses: Any) -> list[ScalePoint]:
    """``responses``: a query of Response rows, in the order wanted. Added up by the database, in one query."""
    form = validation.instrument(SCALE)
    counted = {
        response_id: (answered, answered_sum)
        for response_id, answered, answered_sum in rows_of(
            Answer.select(Answer.response, fn.COUNT(Answer.value), fn.COALESCE(fn.SUM(Answer.value), 0))
            .where(Answer.response.in_(responses.select(Response.id)))
            .group_by(Answer.response)
        )
    }
    points = []
    for response_id, date in rows_of(responses.select(Response.id, Response.date)):
        answered, answered_sum = counted.get(response_id, (0, 0))
        points.append(
            ScalePoint(
                response_id=response_id,
                date=date,
                total=form.total_of(answered, answered_sum),
                answered=answered,
                answered_sum=answered_sum,
                statements=len(form.statements),
            )
        )
    return points


@guarded
def scale_history(participant_id: object) -> list[ScalePoint]:
    """Every completed Recovery Capital Scale of the participant, oldest first."""
    with reading():
        person = get_participant(participant_id)
        return _points(
            Response.select()
            .where((Response.participant == person.id) & (Response.instrument == SCALE) & (Response.complete == True))
            .order_by(Response.date, Response.updated)
        )


@guarded
def side_by_side(participant_id: object, earlier_id: object, later_id: object) -> SideBySide:
    """Two of the participant's completed scales, statement by statement. Refuses a scale of anyone else."""
    with reading():
        person = get_participant(participant_id)
        chosen = [get_response(earlier_id), get_response(later_id)]
        for response in chosen:
            if response.participant_id != person.id or response.instrument != SCALE or not response.complete:
                raise ValidationError("scale", "date", "is not one of this participant's completed scales")
        points = {p.response_id: p for p in _points(Response.select().where(Response.id.in_([r.id for r in chosen])))}
        earlier, later = (points[r.id] for r in chosen)
        form = validation.instrument(SCALE)
        given = {
            (response_id, statement): value
            for response_id, statement, value in rows_of(
                Answer.select(Answer.response, Answer.statement, Answer.value).where(
                    Answer.response.in_([earlier.response_id, later.response_id])
                )
            )
        }
        return SideBySide(
            earlier,
            later,
            tuple(
                StatementPair(
                    s.number,
                    s.text,
                    given.get((earlier.response_id, s.number)),
                    given.get((later.response_id, s.number)),
                )
                for s in form.statements
            ),
        )


@guarded
def check_in_history(participant_id: object) -> list[CheckInEntry]:
    """How the participant felt and what they wanted to focus on at each check-in, newest first."""
    with reading():
        person = get_participant(participant_id)
        rows = (
            CheckIn.select(CheckIn.feeling, CheckIn.focus, Visit.started)
            .join(Visit)
            .where(Visit.participant == person.id)
            .order_by(Visit.started.desc())
        )
        return [
            CheckInEntry(local_date(started) or clock.today(), feeling, focus)
            for feeling, focus, started in rows_of(rows)
        ]


@guarded
def plan_history(participant_id: object) -> list[PlanWeek]:
    """Week by week, newest first: how the activities went and which were carried over."""
    with reading():
        person = get_participant(participant_id)
        rows = rows_of(
            Activity.select(Activity.id, Activity.week_of, Activity.text, Activity.status, Activity.carried_from)
            .where(Activity.participant == person.id)
            .order_by(Activity.week_of.desc(), Activity.created, Activity.id)
        )
    carried = {carried_from for *_, carried_from in rows if carried_from is not None}
    weeks: dict[dt.date, list[tuple[uuid.UUID, str, str]]] = defaultdict(list)
    for activity_id, monday, text, status, _ in rows:
        weeks[monday].append((activity_id, text, status))
    return [
        PlanWeek(
            week_of=monday,
            done=sum(status == "done" for _, _, status in activities),
            partly=sum(status == "partly" for _, _, status in activities),
            not_yet=sum(status == "not-yet" for _, _, status in activities),
            not_looked_back=sum(status == "planned" for _, _, status in activities),
            carried_over=tuple(text for activity_id, text, _ in activities if activity_id in carried),
        )
        for monday, activities in weeks.items()
    ]


@guarded
def focus_history(participant_id: object) -> list[FocusSet]:
    """The current areas to grow, then each set they replaced, newest first, each with its dates."""
    with reading():
        person = get_participant(participant_id)
        rows = rows_of(
            FocusArea.select(FocusArea.rank, FocusArea.statement, FocusArea.text, FocusArea.chosen, FocusArea.replaced)
            .where(FocusArea.participant == person.id)
            .order_by(FocusArea.chosen, FocusArea.created, FocusArea.rank)
        )
    sets: list[tuple[dt.date, dt.date | None, list[str]]] = []
    for rank, statement, text, chosen, replaced in rows:
        # A set is chosen at once and replaced at once; its first area begins it.
        if not sets or rank == 1 or sets[-1][:2] != (chosen, replaced):
            sets.append((chosen, replaced, []))
        sets[-1][2].append(focus_choice_words(FocusChoice(statement, text)))
    newest_first = sorted(
        enumerate(sets), key=lambda item: (item[1][1] is None, item[1][1] or item[1][0], item[0]), reverse=True
    )
    return [FocusSet(chosen, replaced, tuple(areas)) for _, (chosen, replaced, areas) in newest_first]
