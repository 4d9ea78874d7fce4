"""What goes home with the participant: the plan for this week, read in one transaction, and the
audit line for each plan or record written or printed (which participant, never what it says)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from recovery_tui import clock
from recovery_tui.store.errors import NotFound
from recovery_tui.store.models import Participant, PlanFile
from recovery_tui.store.records.common import SHORT_ID, audit, guarded, reading, transaction
from recovery_tui.store.records.focus_areas import FocusChoice, current_focus_areas, focus_choice_words
from recovery_tui.store.records.helpers import helpers_of
from recovery_tui.store.records.participants import get_participant
from recovery_tui.store.records.plan import PlannedActivity, activities_of_week, week_of
from recovery_tui.store.records.responses import ScaleResult, latest_scale

WRITTEN = {  # how a plan or record went home, as the audit log names it
    "plan": "take-home plan",
    "record": "participant record",
    "printed": "printed plan",
    "qr": "plan as QR code",
    "large": "plan shown large",
}


@dataclass(frozen=True)
class HelperLine:
    name: str
    relationship: str
    phone: str


@dataclass(frozen=True)
class TakeHome:
    participant_id: uuid.UUID
    first_name: str
    week_of: dt.date
    focus_areas: tuple[str, ...]
    activities: tuple[PlannedActivity, ...]
    helpers: tuple[HelperLine, ...]
    score: ScaleResult | None


@guarded
def take_home(participant_id: object) -> TakeHome:
    """This week's plan: the current areas to grow, this week's activities, the people who help, the latest score."""
    monday = week_of(clock.today())
    with reading():
        person = get_participant(participant_id)
        return TakeHome(
            participant_id=person.id,
            first_name=person.first_name,
            week_of=monday,
            focus_areas=tuple(
                focus_choice_words(FocusChoice(a.statement, a.text)) for a in current_focus_areas(person.id)
            ),
            activities=tuple(activities_of_week(person.id, monday)),
            helpers=tuple(HelperLine(h.name, h.relationship, h.phone) for h in helpers_of(person.id)),
            score=latest_scale(person.id),
        )


@guarded
def note_written(participant_id: object, what: str, files: Sequence[str] = ()) -> None:
    """An audit line: a take-home plan or record was written, or a plan printed. ``what``: a key of WRITTEN.
    ``files``: the names of the files written to the plans folder for them, which erasing them removes."""
    with transaction():
        person = get_participant(participant_id)
        audit("export", WRITTEN[what], person.id)
        for name in files:
            PlanFile.create(participant=person.id, name=name)


@guarded
def participant_by_reference(reference: str) -> uuid.UUID:
    """The participant a person named on the command line: by UUID, by agency ID, or by the start of
    their id as the audit log shows it (8 characters or more, when only one id begins so)."""
    wanted = reference.strip()
    with reading():
        try:
            return get_participant(uuid.UUID(wanted)).id
        except (ValueError, NotFound):
            found: Participant | None = Participant.get_or_none(Participant.agency_id == wanted)
            if found is not None:
                return found.id
        start = wanted.lower().replace("-", "")
        if len(start) >= SHORT_ID and all(c in "0123456789abcdef" for c in start):
            matches = [row.id for row in Participant.select(Participant.id) if row.id.hex.startswith(start)]
            if len(matches) == 1:
                return matches[0]
            if matches:
                raise NotFound(f"more than one participant's id begins with {reference!r}: give more of it")
    raise NotFound(f"no participant with the id or agency ID {reference!r}")
