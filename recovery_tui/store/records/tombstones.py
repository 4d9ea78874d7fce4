"""What an import does with tombstones: the records taken out here or where the batch comes from,
and the participants erased, here or there.

A removal takes out an activity or a draft changed no later than it was removed; a completed form
is never taken out. An erasure is final: the participant is erased here too, whatever changed here
since, and neither they nor any record of theirs comes (back) in.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from recovery_tui.store.models import Activity, Participant, Removal, Response
from recovery_tui.store.records.common import audit, note_removal, reading, rows_of
from recovery_tui.store.records.erasure import ERASED, erase_rows
from recovery_tui.store.records.transfer import MergeSummary, RemovalRecord

REMOVABLE = {"activity": Activity, "response": Response}  # the kinds a removal can take out
Gone = dict[uuid.UUID, tuple[str, dt.datetime]]  # records taken out: id to (kind, when)


def known_tombstones(removals: Sequence[RemovalRecord]) -> tuple[Gone, set[uuid.UUID]]:
    """The records taken out and the participants erased, here and in the batch; of two removals of
    one record, the later."""
    with reading():
        here = rows_of(Removal.select(Removal.record_type, Removal.record_id, Removal.removed))
    gone: Gone = {}
    erased: set[uuid.UUID] = set()
    for record_type, record_id, removed in [*here, *((r.record_type, r.record_id, r.removed) for r in removals)]:
        if record_type in REMOVABLE and (record_id not in gone or removed > gone[record_id][1]):
            gone[record_id] = (record_type, removed)
        elif record_type == ERASED:
            erased.add(record_id)
    return gone, erased


def erased_here() -> set[uuid.UUID]:
    """The participants erased here, as of now: read again inside each write of an import, so that one
    erased while the batch was being checked is kept out."""
    return set(Removal.select(Removal.record_id).where(Removal.record_type == ERASED).scalars())


def take_out(removals: Sequence[RemovalRecord], erased: set[uuid.UUID], summary: MergeSummary) -> None:
    """Inside a transaction: take out here what the batch's removals name, unless changed here since,
    and keep their tombstones; erase here whom the batch says was erased."""
    for removal in removals:
        if removal.record_type == ERASED:
            _erase(removal, summary)
            continue
        if removal.participant in erased:
            continue  # an erased participant's tombstones went with them
        model = REMOVABLE.get(removal.record_type)
        if model is None:
            continue  # a kind this version does not remove: nothing here to take out
        row = model.get_or_none(model.id == removal.record_id)
        if row is not None and (row.updated > removal.removed or getattr(row, "complete", False)):
            continue  # changed here after it was taken out there, or a completed form: it stays
        if row is not None:
            if model is Activity:
                Activity.update(carried_from=None).where(Activity.carried_from == row.id).execute()
            row.delete_instance(recursive=True)
            audit("delete", removal.record_type, removal.record_id)
            summary.removed[model.__name__] += 1
        owner = removal.participant or getattr(row, "participant_id", None)
        note_removal(removal.record_type, removal.record_id, removal.removed, participant=owner)


def _erase(removal: RemovalRecord, summary: MergeSummary) -> None:
    if Participant.get_or_none(Participant.id == removal.record_id) is None:
        note_removal(ERASED, removal.record_id, removal.removed)  # not here (or no more): kept out from now on
        return
    summary.erased.append(erase_rows(removal.record_id, removal.removed))
