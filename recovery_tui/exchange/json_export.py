"""Write the whole store as the version 1 JSON document (no PIN hashes, no audit log)."""

from __future__ import annotations

from typing import Any

from recovery_tui import clock
from recovery_tui.exchange.document import DECLINED, FORMAT, VERSION, format_date, format_time
from recovery_tui.store import records
from recovery_tui.store.models import (
    Activity,
    ActivityHelper,
    Answer,
    BaseModel,
    CheckIn,
    FocusArea,
    Helper,
    Participant,
    Response,
    Visit,
    Worker,
    database_proxy,
)


def _in_order(query: Any) -> Any:
    model = query.model
    return query.order_by(model.created, model.id)


def _stamps(row: BaseModel) -> dict[str, Any]:
    return {"id": str(row.id), "created": format_time(row.created), "updated": format_time(row.updated)}


def _id(value: object) -> str | None:
    return None if value is None else str(value)


def export_document() -> dict[str, Any]:
    """The full record, read in one transaction so that it is consistent."""
    with database_proxy.atomic():
        document = {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": format_time(clock.now()),
            "workers": [_worker(w) for w in _in_order(Worker.select())],
            "participants": [_participant(p) for p in _in_order(Participant.select())],
        }
        records.audit("export", "document")
    return document


def _worker(worker: Worker) -> dict[str, Any]:
    responses = _in_order(Response.select().where(Response.worker == worker))
    return {**_stamps(worker), "name": worker.name, "responses": [_response(r) for r in responses]}


def _participant(person: Participant) -> dict[str, Any]:
    def owned(model: type[BaseModel]) -> Any:
        return _in_order(model.select().where(model.participant == person))

    return {
        **_stamps(person),
        "first_name": person.first_name,
        "agency_id": person.agency_id,
        "archived": format_time(person.archived),
        "helpers": [_helper(h) for h in owned(Helper)],
        "visits": [_visit(v) for v in owned(Visit)],
        "responses": [_response(r) for r in owned(Response)],
        "focus_areas": [_focus_area(f) for f in owned(FocusArea)],
        "activities": [_activity(a) for a in owned(Activity)],
    }


def _helper(helper: Helper) -> dict[str, Any]:
    return {
        **_stamps(helper),
        "name": helper.name,
        "relationship": helper.relationship,
        "phone": helper.phone,
        "notes": helper.notes,
        "archived": format_time(helper.archived),
    }


def _visit(visit: Visit) -> dict[str, Any]:
    check_in = CheckIn.get_or_none(CheckIn.visit == visit)
    return {
        **_stamps(visit),
        "worker_id": _id(visit.worker_id),
        "started": format_time(visit.started),
        "ended": format_time(visit.ended),
        "note": visit.note,
        "domains": [d for d in visit.domains.split("\n") if d],
        "support_lines_shared": visit.support_lines_shared,
        "check_in": None if check_in is None else {
            **_stamps(check_in),
            "feeling": check_in.feeling,
            "went_well": check_in.went_well,
            "hard": check_in.hard,
            "focus": check_in.focus,
        },
    }


def _response(response: Response) -> dict[str, Any]:
    answers = Answer.select().where(Answer.response == response).order_by(Answer.statement)
    return {
        **_stamps(response),
        "instrument": response.instrument,
        "instrument_version": response.instrument_version,
        "date": format_date(response.date),
        "complete": response.complete,
        "answers": {str(a.statement): DECLINED if a.value is None else a.value for a in answers},
        "total": records.response_total(response),
    }


def _focus_area(area: FocusArea) -> dict[str, Any]:
    return {
        **_stamps(area),
        "rank": area.rank,
        "statement": area.statement,
        "text": area.text,
        "chosen": format_date(area.chosen),
        "replaced": format_date(area.replaced),
    }


def _activity(activity: Activity) -> dict[str, Any]:
    helpers = (
        Helper.select(Helper.id)
        .join(ActivityHelper)
        .where(ActivityHelper.activity == activity)
        .order_by(Helper.created, Helper.id)
    )
    return {
        **_stamps(activity),
        "week_of": format_date(activity.week_of),
        "text": activity.text,
        "focus_area_id": _id(activity.focus_area_id),
        "helper_ids": [str(helper.id) for helper in helpers],
        "status": activity.status,
        "review_note": activity.review_note,
        "carried_from": _id(activity.carried_from_id),
    }
