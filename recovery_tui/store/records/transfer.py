"""Whole records as plain values, for moving them between stores and formats.

The store reads them out (``records.read_everything``) and merges them in
(``records.merge_everything``); ``exchange`` only translates between a file
format and these. Field names are the JSON document's (DESIGN section 7), so a
refusal names a field the way the file does.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from recovery_tui.store.errors import StoreError

if TYPE_CHECKING:
    from recovery_tui.store.records.erasure import ErasedParticipant


@dataclass(frozen=True)
class Stamped:
    id: uuid.UUID
    created: dt.datetime
    updated: dt.datetime


@dataclass(frozen=True)
class ResponseRecord(Stamped):
    instrument: str
    instrument_version: str
    date: dt.date
    complete: bool
    answers: dict[int, int | None]  # statement number to value; None is declined
    total: int | None
    set_aside: dt.datetime | None = None  # a draft kept, no longer the one resumed
    # A participant's response filled in with a signed-in worker: that worker. None for a worker's own
    # (its worker is the one holding it) and where none was recorded; a merge never unsets one kept here.
    worker_id: uuid.UUID | None = None


@dataclass(frozen=True)
class WorkerRecord(Stamped):
    """A worker, never their PIN or its hash. ``role`` None: the record comes from a version before roles
    and retirement (a file without them), which says nothing about either: a merge keeps what is here,
    and a worker new here is a peer worker, not retired."""

    name: str
    responses: tuple[ResponseRecord, ...]
    role: str | None = None  # "peer" or "supervisor" (records.ROLES)
    retired: dt.datetime | None = None


@dataclass(frozen=True)
class HelperRecord(Stamped):
    name: str
    relationship: str
    phone: str
    notes: str
    archived: dt.datetime | None


@dataclass(frozen=True)
class CheckInRecord(Stamped):
    feeling: int | None
    went_well: str
    hard: str
    focus: str


@dataclass(frozen=True)
class VisitRecord(Stamped):
    worker_id: uuid.UUID | None
    started: dt.datetime
    ended: dt.datetime | None
    note: str
    domains: tuple[str, ...]
    support_lines_shared: bool
    check_in: CheckInRecord | None


@dataclass(frozen=True)
class FocusAreaRecord(Stamped):
    rank: int
    statement: int | None
    text: str
    chosen: dt.date
    replaced: dt.date | None


@dataclass(frozen=True)
class ActivityRecord(Stamped):
    week_of: dt.date
    text: str
    focus_area_id: uuid.UUID | None
    helper_ids: tuple[uuid.UUID, ...]
    status: str
    review_note: str
    carried_from: uuid.UUID | None


@dataclass(frozen=True)
class ParticipantRecord(Stamped):
    first_name: str
    agency_id: str | None
    archived: dt.datetime | None
    helpers: tuple[HelperRecord, ...]
    visits: tuple[VisitRecord, ...]
    responses: tuple[ResponseRecord, ...]
    focus_areas: tuple[FocusAreaRecord, ...]
    activities: tuple[ActivityRecord, ...]


@dataclass(frozen=True)
class RemovalRecord:
    """A record taken out: its kind ("activity", "response"; "erased participant": a participant erased
    for good), its id and when, and whose record it was where known. Never its content."""

    record_type: str
    record_id: uuid.UUID
    removed: dt.datetime
    participant: uuid.UUID | None = None


@dataclass
class MergeSummary:
    """How many records of each kind were written (added, or updated by a newer copy), kept because the
    copy here was as new, taken out (or kept out) because a removal said so, or set aside as a second
    draft; and the participants erased here because the batch says they were erased elsewhere."""

    written: Counter[str] = field(default_factory=Counter)
    added: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    set_aside: int = 0
    erased: list[ErasedParticipant] = field(default_factory=list)  # here, as the batch says they were elsewhere

    @property
    def updated(self) -> Counter[str]:
        return self.written - self.added


class RecordRefused(StoreError):
    """A record in a batch broke a rule; nothing of the batch was written."""

    def __init__(self, where: str, field: str, message: str) -> None:
        super().__init__(f"{where}, {field}: {message}")
        self.where = where
        self.field = field
        self.message = message


def place(kind: str, index: int, record_id: object, within: str = "") -> str:
    """Where a record sits in a batch, as a person counts: 'participant 2, visit 1 (id ...)'."""
    return f"{within}{kind} {index + 1} (id {record_id})"
