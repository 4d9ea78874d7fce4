"""Erasing a participant for good: every record about them, their tombstones, the audit lines naming any
of their ids and the names of their take-home files go, in one transaction, once the worker has typed
their first name. What stays is one tombstone (its kind, their UUID, the time: no content), which the
export carries so that an older copy from another kiosk never brings them back, and one audit line that
an erasure happened, by whom and when.

The rows go with SQLite's ``secure_delete`` on (what they held is overwritten with zeros, not only
unlinked); afterwards the store is rebuilt (``VACUUM``) and its write-ahead log folded in and emptied,
so that neither the database file nor its -wal holds any of their text. The migration copies in
``backups/`` are rewritten by ``store.backup_copies``, the take-home files removed by the caller.
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from peewee import SqliteDatabase

from recovery_tui import clock
from recovery_tui.store.errors import ValidationError
from recovery_tui.store.models import (
    Activity,
    ActivityHelper,
    Answer,
    AuditEvent,
    CheckIn,
    FocusArea,
    Helper,
    Participant,
    PlanFile,
    Removal,
    Response,
    Visit,
    database_proxy,
)
from recovery_tui.store.records.common import (
    audit,
    get_row,
    guarded,
    is_database_error,
    note_removal,
    reading,
    transaction,
)

log = logging.getLogger("recovery_tui.store")

ERASED = "erased participant"  # the record_type of an erasure's tombstone (and its "type" in the JSON document)
NOT_THE_NAME = "The first name typed does not match; nothing was erased."
IN_ONE_GO = 500  # ids in one ``IN (...)``: under the 999 variables the oldest SQLite allows


@dataclass(frozen=True)
class ErasedParticipant:
    """What one erasure took out: counts by kind (model names), never what any record said."""

    participant_id: uuid.UUID
    erased_at: dt.datetime
    plan_files: tuple[str, ...]  # the names of the take-home files written for them, for the caller to remove
    removed: Mapping[str, int] = field(default_factory=dict)  # rows by model name
    record_ids: frozenset[uuid.UUID] = frozenset()  # every id of theirs that went: to find them in backup copies
    files_cleared: bool = True  # the database file and its -wal were rewritten without them


def _folded(name: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name.strip()).casefold())


def same_first_name(typed: str, stored: str) -> bool:
    # Case and the spaces around a name say nothing about who is meant (strip, casefold), and one letter
    # typed composed or decomposed (é, or e and a combining accent, as terminals differ) is one letter
    # (NFC). Accents and look-alike forms are not folded, as search folds them: "Zoe" does not erase
    # "Zoë", since a confirmation of something that cannot be undone asks for the name as written.
    return bool(_folded(typed)) and _folded(typed) == _folded(stored)


@guarded
def erase_participant(participant_id: object, typed_first_name: str) -> ErasedParticipant:
    """Erase the participant for good, when ``typed_first_name`` is their first name (else
    ``ValidationError``, nothing erased); returns what went, for the caller to remove their take-home
    files and rewrite the backup copies."""
    secure_deletes()
    with transaction():
        person = get_row(Participant, participant_id)
        if not same_first_name(typed_first_name, person.first_name):
            raise ValidationError("participant", "first_name", NOT_THE_NAME)
        erased = erase_rows(person.id, clock.now())
    return replace(erased, files_cleared=clear_files())


@guarded
def plan_files_to_erase(participant_id: object, typed_first_name: str) -> tuple[str, ...]:
    """The take-home files written for the participant, when ``typed_first_name`` is theirs (else
    ``ValidationError``): removed before their records, so that an erasure cut short never leaves
    files whose names the records no longer hold."""
    with reading():
        person = get_row(Participant, participant_id)
        if not same_first_name(typed_first_name, person.first_name):
            raise ValidationError("participant", "first_name", NOT_THE_NAME)
        return tuple(f.name for f in PlanFile.select(PlanFile.name).where(PlanFile.participant == person.id))


@guarded
def earlier_erasures() -> list[ErasedParticipant]:
    """Every participant erased here so far (ids and times only): each erasure rewrites the upgrade
    copies for all of them, so that one cut short is completed by the next."""
    with reading():
        rows = Removal.select(Removal.record_id, Removal.removed).where(Removal.record_type == ERASED)
        return [ErasedParticipant(row.record_id, row.removed, plan_files=()) for row in rows]


def secure_deletes() -> None:
    """What this connection deletes from now on is overwritten with zeros (SQLite's secure_delete)."""
    if isinstance(database_proxy.obj, SqliteDatabase):
        _execute("PRAGMA secure_delete = ON")


def _execute(sql: str) -> Any:
    """``sql`` on this thread's connection to the store (peewee's stubs leave execute_sql untyped)."""
    db: Any = database_proxy.obj
    return db.execute_sql(sql)


def erase_rows(participant_id: uuid.UUID, erased_at: dt.datetime) -> ErasedParticipant:
    """Inside a transaction (with ``secure_deletes`` on): every row about the participant, their
    tombstones and the audit lines naming their ids; then the erasure's own tombstone and audit line."""
    person = Participant.id == participant_id
    their_visits = Visit.select(Visit.id).where(Visit.participant == participant_id)
    their_responses = Response.select(Response.id).where(Response.participant == participant_id)
    their_activities = Activity.select(Activity.id).where(Activity.participant == participant_id)
    their_helpers = Helper.select(Helper.id).where(Helper.participant == participant_id)
    links = ActivityHelper.activity.in_(their_activities) | ActivityHelper.helper.in_(their_helpers)
    files = list(PlanFile.select(PlanFile.id, PlanFile.name).where(PlanFile.participant == participant_id))
    ids: set[uuid.UUID] = {participant_id, *(f.id for f in files)}
    for query in (
        their_visits,
        their_responses,
        their_activities,
        their_helpers,
        CheckIn.select(CheckIn.id).where(CheckIn.visit.in_(their_visits)),
        Answer.select(Answer.id).where(Answer.response.in_(their_responses)),
        FocusArea.select(FocusArea.id).where(FocusArea.participant == participant_id),
        ActivityHelper.select(ActivityHelper.id).where(links),
    ):
        ids.update(row.id for row in query)
    ids.update(r.record_id for r in Removal.select(Removal.record_id).where(Removal.participant == participant_id))

    removed: Counter[str] = Counter()
    removed["AuditEvent"] = _delete_audit_lines(ids)
    removed["Removal"] = Removal.delete().where(Removal.participant == participant_id).execute()
    removed["ActivityHelper"] = ActivityHelper.delete().where(links).execute()
    Activity.update(carried_from=None).where(Activity.carried_from.in_(their_activities)).execute()
    steps: list[tuple[Any, Any]] = [
        (Activity, Activity.participant == participant_id),  # before their areas to grow, which activities name
        (CheckIn, CheckIn.visit.in_(their_visits)),
        (Visit, Visit.participant == participant_id),
        (Answer, Answer.response.in_(their_responses)),
        (Response, Response.participant == participant_id),
        (FocusArea, FocusArea.participant == participant_id),
        (Helper, Helper.participant == participant_id),
        (PlanFile, PlanFile.participant == participant_id),
        (Participant, person),
    ]
    for model, which in steps:
        removed[model.__name__] = model.delete().where(which).execute()
    note_removal(ERASED, participant_id, erased_at)
    audit("erase", "participant", participant_id)
    return ErasedParticipant(
        participant_id=participant_id,
        erased_at=erased_at,
        plan_files=tuple(f.name for f in files),
        removed={kind: count for kind, count in removed.items() if count},
        record_ids=frozenset(ids),
    )


def id_texts(ids: Iterable[uuid.UUID]) -> list[str]:
    """Each id as the audit log may hold it: with hyphens, as written, and as 32 digits."""
    return sorted({text for record_id in ids for text in (str(record_id), record_id.hex)})


def _delete_audit_lines(ids: Iterable[uuid.UUID]) -> int:
    texts = id_texts(ids)
    deleted = 0
    for start in range(0, len(texts), IN_ONE_GO):
        deleted += AuditEvent.delete().where(AuditEvent.record_id.in_(texts[start : start + IN_ONE_GO])).execute()
    return deleted


def clear_files() -> bool:
    """After an erasure (outside its transaction): rebuild the store without the space its rows took, and
    fold the write-ahead log into the file and empty it, so that neither file holds their text. False when
    that could not be finished just now (another program reading for longer than the wait): what was
    deleted is overwritten already, but the -wal may still hold it until every program has closed the
    records."""
    if not isinstance(database_proxy.obj, SqliteDatabase):
        return True  # a database server keeps its own files
    rebuilt = True
    try:
        before = _execute("PRAGMA temp_store").fetchone()[0]
        _execute("PRAGMA temp_store = MEMORY")  # the rebuilt copy never in a temporary file elsewhere
        try:
            _execute("VACUUM")
        finally:
            _execute(f"PRAGMA temp_store = {int(before)}")
    except Exception as error:
        if not is_database_error(error):
            raise
        log.warning("the store could not be rebuilt after an erasure: %s", type(error).__name__)
        rebuilt = False
    try:
        busy = _execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except Exception as error:
        if not is_database_error(error):
            raise
        log.warning("the write-ahead log could not be emptied after an erasure: %s", type(error).__name__)
        return False
    return rebuilt and busy == 0
