"""The audit log as a person reads it: who did what to which record, and when, newest first.

A line names a record by its kind and the start of its id ("participant 3f9a1c2e"), never by what it
holds: no participant's name, no note. Workers are named (the log is about what they did). The
filters: by worker (what they did), by participant (what was done to them and to each of their records:
visits, check-ins, forms, people who help, activities, areas to grow, plans that went home), by kind,
and since a day. Each reads with a fixed number of queries, however many records a participant has.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from peewee import Cast, Expression, Field, SqliteDatabase, fn

from recovery_tui import clock
from recovery_tui.security import clean_line
from recovery_tui.store.models import (
    Activity,
    AuditEvent,
    CheckIn,
    FocusArea,
    Helper,
    Participant,
    Response,
    Visit,
    Worker,
    database_proxy,
)
from recovery_tui.store.records.common import SHORT_ID, audit, guarded, local_date, reading, rows_of, transaction
from recovery_tui.store.records.participants import get_participant, matching
from recovery_tui.store.records.take_home import WRITTEN
from recovery_tui.words import day

AUDIT_LIMIT = 500  # the newest lines a screen shows; the command line shows them all
UNNAMED = "Unnamed worker"  # nobody signed in: the app ran as the unnamed peer worker
UNKNOWN = "Worker not on record"

ACTION_WORDS = {
    "view": "Opened",
    "create": "Added",
    "change": "Changed",
    "delete": "Removed",
    "archive": "Archived",
    "bring back": "Brought back",
    "erase": "Erased",
    "export": "Exported",
    "import": "Imported",
    "backup": "Backed up",
    "sign in": "Signed in",
    "unlock": "Unlocked",
    "failed unlock": "Wrong PIN",
    "lock": "Locked",
    "quit": "Quit",
    "PIN again": "PIN typed again",
}
PLAN_WORDS = {  # a plan or record that went home: the audit line names the participant
    WRITTEN["plan"]: "Plan written",
    WRITTEN["record"]: "Record written",
    WRITTEN["printed"]: "Plan printed",
    WRITTEN["qr"]: "Plan as QR code",
    WRITTEN["large"]: "Plan shown large",
}
RECORD_WORDS = {
    "participant": "participant",
    "visit": "visit",
    "check_in": "check-in",
    "response": "form",
    "answer": "answer",
    "helper": "helper",
    "activity": "activity",
    "activity_helper": "activity's helper",
    "focus_area": "area to grow",
    "worker": "worker",
    "document": "JSON document",
    "store": "all records",
    "csv export": "CSV report",
    "fhir export": "FHIR bundle",
    "audit log": "audit log",
    "app": "",
}


@dataclass(frozen=True)
class AuditKind:
    """One kind of event to filter by; ``plans``: only exports of plans (True) or only others (False)."""

    key: str
    words: str
    actions: tuple[str, ...]
    plans: bool | None = None


AUDIT_KINDS = (
    AuditKind("opened", "Opened", ("view",)),
    AuditKind("added", "Added", ("create",)),
    AuditKind("changed", "Changed, archived or brought back", ("change", "archive", "bring back")),
    AuditKind("removed", "Removed or erased", ("delete", "erase")),
    AuditKind("plans", "Plan written, printed or shown", ("export",), plans=True),
    AuditKind("exported", "Exported", ("export",), plans=False),
    AuditKind("imported", "Imported", ("import",)),
    AuditKind("backed-up", "Backed up", ("backup",)),
    AuditKind("signed-in", "Signed in", ("sign in",)),
    AuditKind("pin-again", "PIN typed again", ("PIN again",)),
    AuditKind("locked", "Locked", ("lock",)),
    AuditKind("unlocked", "Unlocked", ("unlock",)),
    AuditKind("wrong-pin", "Wrong PIN", ("failed unlock",)),
    AuditKind("quit", "Quit", ("quit",)),
)
KIND_BY_KEY = {kind.key: kind for kind in AUDIT_KINDS}


@dataclass(frozen=True)
class AuditLine:
    """One event: ``when`` as the store keeps it (naive UTC), the rest in words, never a record's content."""

    when: dt.datetime
    who: str
    what: str
    which: str  # the kind of record and the start of its id ("participant 3f9a1c2e"), or "" for none
    record_id: str | None  # the whole id, for a report
    worker_id: uuid.UUID | None

    @property
    def local_time(self) -> dt.datetime:
        return self.when.replace(tzinfo=dt.UTC).astimezone()

    @property
    def when_words(self) -> str:
        """As the screen and the command line show it: " 4 Mar 2026 15:30"."""
        moment = self.local_time
        return f"{day(moment.date()):>11} {moment:%H:%M}"


@dataclass(frozen=True)
class AuditParticipant:
    """A participant to filter the log by, as the list to choose from shows them."""

    id: uuid.UUID
    first_name: str
    added: dt.date
    archived: bool


def _short(record_id: str) -> str:
    return clean_line(record_id.replace("-", ""))[:SHORT_ID]


def _what(action: str, record_type: str) -> str:
    if action == "export" and record_type in PLAN_WORDS:
        return PLAN_WORDS[record_type]
    words = ACTION_WORDS.get(action) or clean_line(action)
    return words[:1].upper() + words[1:]


def _which(record_type: str, record_id: str | None, names: dict[str, str]) -> str:
    if record_type == "worker" and record_id is not None and record_id in names:
        return f"worker {names[record_id]}"
    if record_type == "worker" and record_id is None:
        return ""  # locked while nobody was signed in
    kind = "participant" if record_type in PLAN_WORDS else RECORD_WORDS.get(record_type)
    if kind is None:
        kind = clean_line(record_type).replace("_", " ")
    return f"{kind} {_short(record_id)}".strip() if record_id else kind


def _who(worker_id: uuid.UUID | None, names: dict[str, str]) -> str:
    if worker_id is None:
        return UNNAMED
    return names.get(str(worker_id), UNKNOWN)


def _id_text(field: Field) -> Any:
    """A UUID column as the text ``audit()`` keeps (``str(uuid)``): SQLite holds 32 hex digits, a
    server its own uuid type."""
    if not isinstance(database_proxy.obj, SqliteDatabase):
        return Cast(field, "text")
    cuts = ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
    text: Any = fn.SUBSTR(field, 1, 8)
    for start, length in cuts[1:]:
        text = text.concat("-").concat(fn.SUBSTR(field, start, length))
    return text


def _about(participant_id: uuid.UUID) -> Expression:
    """Events about the participant or any record of theirs: one subquery a kind of record."""
    owned: list[Any] = [
        Visit.select(_id_text(Visit.id)).where(Visit.participant == participant_id),
        CheckIn.select(_id_text(CheckIn.id)).join(Visit).where(Visit.participant == participant_id),
        Response.select(_id_text(Response.id)).where(Response.participant == participant_id),
        Helper.select(_id_text(Helper.id)).where(Helper.participant == participant_id),
        Activity.select(_id_text(Activity.id)).where(Activity.participant == participant_id),
        FocusArea.select(_id_text(FocusArea.id)).where(FocusArea.participant == participant_id),
    ]
    condition: Expression = AuditEvent.record_id == str(participant_id)
    for ids in owned:
        condition = condition | AuditEvent.record_id.in_(ids)
    return condition


def _of_kind(kind: AuditKind) -> Expression:
    condition: Expression = AuditEvent.action.in_(kind.actions)
    if kind.plans is True:
        condition = condition & AuditEvent.record_type.in_(tuple(PLAN_WORDS))
    elif kind.plans is False:
        condition = condition & AuditEvent.record_type.not_in(tuple(PLAN_WORDS))
    return condition


def _start_of(since: dt.date) -> dt.datetime:
    """The local day's first moment, as the store keeps times (naive UTC)."""
    start = dt.datetime.combine(since, dt.time.min).astimezone()
    return start.astimezone(dt.UTC).replace(tzinfo=None)


@guarded
def audit_lines(
    worker_id: object = None,
    participant_id: object = None,
    kind: str | None = None,
    since: dt.date | None = None,
    limit: int | None = AUDIT_LIMIT,
) -> list[AuditLine]:
    """The events, newest first, done by ``worker_id``, about ``participant_id`` (and their records), of
    ``kind`` (a key of AUDIT_KINDS), from the local day ``since`` on; at most ``limit`` (None: all)."""
    query = AuditEvent.select(
        AuditEvent.at, AuditEvent.worker, AuditEvent.action, AuditEvent.record_type, AuditEvent.record_id
    )
    if worker_id is not None:
        query = query.where(AuditEvent.worker == worker_id)
    if participant_id is not None:
        query = query.where(_about(uuid.UUID(str(participant_id))))
    if kind is not None:
        if kind not in KIND_BY_KEY:
            raise ValueError(kind)
        query = query.where(_of_kind(KIND_BY_KEY[kind]))
    if since is not None:
        query = query.where(AuditEvent.at >= _start_of(since))
    query = query.order_by(AuditEvent.at.desc(), AuditEvent.created.desc())
    if limit is not None:
        query = query.limit(limit)
    with reading():
        names = {str(id_): clean_line(name) for id_, name in rows_of(Worker.select(Worker.id, Worker.name))}
        events = rows_of(query)
    return [
        AuditLine(
            when=at,
            who=_who(worker, names),
            what=_what(action, record_type),
            which=_which(record_type, record_id, names),
            record_id=record_id,
            worker_id=worker,
        )
        for at, worker, action, record_type, record_id in events
    ]


@guarded
def audit_participants(query: str = "", limit: int = 200) -> list[AuditParticipant]:
    """Participants whose first name or agency ID contains ``query`` (any case, any accents), archived
    ones too: their log stays theirs."""
    rows = (
        Participant.select(Participant.id, Participant.first_name, Participant.created, Participant.archived)
        .order_by(Participant.search_key, Participant.created)
        .limit(limit)
    )
    rows = matching(rows, query)
    return [
        AuditParticipant(id_, name, local_date(created) or clock.today(), archived is not None)
        for id_, name, created, archived in rows_of(rows)
    ]


@guarded
def note_opened(participant_id: object) -> None:
    """An audit line: a participant's overview was opened."""
    with transaction():
        audit("view", "participant", get_participant(participant_id).id)


@guarded
def note_quit() -> None:
    """An audit line: the app was quit."""
    with transaction():
        audit("quit", "app")


@guarded
def note_audit_log_read(printed: bool = False) -> None:
    """An audit line: the audit log was opened on the screen, or printed by the command line."""
    with transaction():
        audit("export" if printed else "view", "audit log")
