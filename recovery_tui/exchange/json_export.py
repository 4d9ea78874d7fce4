"""The whole store as the version 1 JSON document (no PIN hashes, no audit log)."""

from __future__ import annotations

import uuid
from typing import Any

from recovery_tui import clock
from recovery_tui.exchange.document import DECLINED, FORMAT, VERSION, format_date, format_time
from recovery_tui.store import records
from recovery_tui.store.records import (
    ActivityRecord,
    FocusAreaRecord,
    HelperRecord,
    ParticipantRecord,
    RemovalRecord,
    ResponseRecord,
    Stamped,
    VisitRecord,
    WorkerRecord,
)


def export_document() -> dict[str, Any]:
    workers, participants = records.read_everything()
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": format_time(clock.now()),
        "workers": [_worker(w) for w in workers],
        "participants": [_participant(p) for p in participants],
    }
    removed = records.read_removals()
    if removed:  # keys added to version 1 are written only when they hold something
        document["removed"] = [_removal(r) for r in removed]
    return document


def _removal(removal: RemovalRecord) -> dict[str, Any]:
    """Its kind, id and time; and whose record it was, where known, so that erasing them elsewhere takes it too."""
    written = {"type": removal.record_type, "id": str(removal.record_id), "removed": format_time(removal.removed)}
    if removal.participant is not None:
        written["participant"] = str(removal.participant)
    return written


def _stamps(record: Stamped) -> dict[str, Any]:
    return {"id": str(record.id), "created": format_time(record.created), "updated": format_time(record.updated)}


def _id(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


def _worker(worker: WorkerRecord) -> dict[str, Any]:
    """Name, role and retirement; never a PIN or its hash."""
    return {
        **_stamps(worker),
        "name": worker.name,
        "role": worker.role or "peer",
        "retired": format_time(worker.retired),
        "responses": [_response(r) for r in worker.responses],
    }


def _participant(person: ParticipantRecord) -> dict[str, Any]:
    return {
        **_stamps(person),
        "first_name": person.first_name,
        "agency_id": person.agency_id,
        "archived": format_time(person.archived),
        "helpers": [_helper(h) for h in person.helpers],
        "visits": [_visit(v) for v in person.visits],
        "responses": [_response(r) for r in person.responses],
        "focus_areas": [_focus_area(f) for f in person.focus_areas],
        "activities": [_activity(a) for a in person.activities],
    }


def _helper(helper: HelperRecord) -> dict[str, Any]:
    return {
        **_stamps(helper),
        "name": helper.name,
        "relationship": helper.relationship,
        "phone": helper.phone,
        "notes": helper.notes,
        "archived": format_time(helper.archived),
    }


def _visit(visit: VisitRecord) -> dict[str, Any]:
    check_in = visit.check_in
    return {
        **_stamps(visit),
        "worker_id": _id(visit.worker_id),
        "started": format_time(visit.started),
        "ended": format_time(visit.ended),
        "note": visit.note,
        "domains": list(visit.domains),
        "support_lines_shared": visit.support_lines_shared,
        "check_in": None
        if check_in is None
        else {
            **_stamps(check_in),
            "feeling": check_in.feeling,
            "went_well": check_in.went_well,
            "hard": check_in.hard,
            "focus": check_in.focus,
        },
    }


def _response(response: ResponseRecord) -> dict[str, Any]:
    written = {
        **_stamps(response),
        "instrument": response.instrument,
        "instrument_version": response.instrument_version,
        "date": format_date(response.date),
        "complete": response.complete,
        "answers": {str(n): DECLINED if v is None else v for n, v in sorted(response.answers.items())},
        "total": response.total,
    }
    if response.set_aside is not None:
        written["set_aside"] = format_time(response.set_aside)
    if response.worker_id is not None:  # a participant's response filled in with a signed-in worker
        written["worker_id"] = str(response.worker_id)
    return written


def _focus_area(area: FocusAreaRecord) -> dict[str, Any]:
    return {
        **_stamps(area),
        "rank": area.rank,
        "statement": area.statement,
        "text": area.text,
        "chosen": format_date(area.chosen),
        "replaced": format_date(area.replaced),
    }


def _activity(activity: ActivityRecord) -> dict[str, Any]:
    return {
        **_stamps(activity),
        "week_of": format_date(activity.week_of),
        "text": activity.text,
        "focus_area_id": _id(activity.focus_area_id),
        "helper_ids": [str(h) for h in activity.helper_ids],
        "status": activity.status,
        "review_note": activity.review_note,
        "carried_from": _id(activity.carried_from),
    }
