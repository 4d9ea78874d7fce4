"""Every record of the store as plain values, read in one transaction so that they agree."""

from __future__ import annotations

from typing import Any

from recovery_tui.store.models import (
    Activity,
    ActivityHelper,
    Answer,
    BaseModel,
    CheckIn,
    FocusArea,
    Helper,
    Participant,
    Removal,
    Response,
    Visit,
    Worker,
)
from recovery_tui.store.records.common import audit, guarded, reading, rows_of, transaction
from recovery_tui.store.records.participants import get_participant
from recovery_tui.store.records.responses import response_total
from recovery_tui.store.records.transfer import (
    ActivityRecord,
    CheckInRecord,
    FocusAreaRecord,
    HelperRecord,
    ParticipantRecord,
    RemovalRecord,
    ResponseRecord,
    VisitRecord,
    WorkerRecord,
)


@guarded
def read_everything(what: str = "document") -> tuple[list[WorkerRecord], list[ParticipantRecord]]:
    """Workers and participants with all they hold, lists in creation order (no PINs, no audit log).
    The reading itself is audited as an export of ``what`` (the JSON document, a CSV report, ...)."""
    with reading():
        workers = [_worker(w) for w in _in_order(Worker.select())]
        participants = [_participant(p) for p in _in_order(Participant.select())]
    with transaction():
        audit("export", what)
    return workers, participants


@guarded
def read_removals() -> list[RemovalRecord]:
    """Every record taken out (and every participant erased), oldest first: the export carries them so
    they stay out elsewhere."""
    with reading():
        rows = Removal.select().order_by(Removal.removed, Removal.record_id)
        return [RemovalRecord(r.record_type, r.record_id, r.removed, r.participant) for r in rows]


@guarded
def note_backup() -> None:
    """An audit line: the whole store was copied."""
    with transaction():
        audit("backup", "store")


@guarded
def read_participant(participant_id: object) -> ParticipantRecord:
    """One participant with all that is recorded about them (for their own copy). Not audited here:
    the caller says what it wrote (``note_written``)."""
    with reading():
        return _participant(get_participant(participant_id))


def _in_order(query: Any) -> Any:
    model = query.model
    return query.order_by(model.created, model.id)


def _stamps(row: BaseModel) -> dict[str, Any]:
    return {"id": row.id, "created": row.created, "updated": row.updated}


def _worker(worker: Worker) -> WorkerRecord:
    # A response is a participant's or a worker's: one the store holds for both goes with the participant.
    responses = _in_order(Response.select().where((Response.worker == worker) & Response.participant.is_null()))
    return WorkerRecord(
        **_stamps(worker),
        name=worker.name,
        responses=tuple(_response(r) for r in responses),
        role=worker.role,
        retired=worker.retired,
    )  # never the PIN hash


def _participant(person: Participant) -> ParticipantRecord:
    def owned(model: Any) -> Any:  # each model here has a participant field
        return _in_order(model.select().where(model.participant == person))

    return ParticipantRecord(
        **_stamps(person),
        first_name=person.first_name,
        agency_id=person.agency_id,
        archived=person.archived,
        helpers=tuple(_helper(h) for h in owned(Helper)),
        visits=tuple(_visit(v) for v in owned(Visit)),
        responses=tuple(_response(r, with_worker=True) for r in owned(Response)),
        focus_areas=tuple(_focus_area(f) for f in owned(FocusArea)),
        activities=tuple(_activity(a) for a in owned(Activity)),
    )


def _helper(helper: Helper) -> HelperRecord:
    return HelperRecord(
        **_stamps(helper),
        name=helper.name,
        relationship=helper.relationship,
        phone=helper.phone,
        notes=helper.notes,
        archived=helper.archived,
    )


def _visit(visit: Visit) -> VisitRecord:
    check_in = CheckIn.get_or_none(CheckIn.visit == visit)
    return VisitRecord(
        **_stamps(visit),
        worker_id=visit.worker_id,
        started=visit.started,
        ended=visit.ended,
        note=visit.note,
        domains=tuple(d for d in visit.domains.split("\n") if d),
        support_lines_shared=visit.support_lines_shared,
        check_in=None
        if check_in is None
        else CheckInRecord(
            **_stamps(check_in),
            feeling=check_in.feeling,
            went_well=check_in.went_well,
            hard=check_in.hard,
            focus=check_in.focus,
        ),
    )


def _response(response: Response, with_worker: bool = False) -> ResponseRecord:
    """``with_worker``: a participant's response names the worker it was filled in with, if any."""
    answers = (
        Answer.select(Answer.statement, Answer.value).where(Answer.response == response).order_by(Answer.statement)
    )
    return ResponseRecord(
        **_stamps(response),
        instrument=response.instrument,
        instrument_version=response.instrument_version,
        date=response.date,
        complete=response.complete,
        answers=dict(rows_of(answers)),
        total=response_total(response),
        set_aside=response.set_aside,
        worker_id=response.worker_id if with_worker else None,
    )


def _focus_area(area: FocusArea) -> FocusAreaRecord:
    return FocusAreaRecord(
        **_stamps(area),
        rank=area.rank,
        statement=area.statement,
        text=area.text,
        chosen=area.chosen,
        replaced=area.replaced,
    )


def _activity(activity: Activity) -> ActivityRecord:
    helpers = (
        Helper.select(Helper.id)
        .join(ActivityHelper)
        .where(ActivityHelper.activity == activity)
        .order_by(Helper.created, Helper.id)
    )
    return ActivityRecord(
        **_stamps(activity),
        week_of=activity.week_of,
        text=activity.text,
        focus_area_id=activity.focus_area_id,
        helper_ids=tuple(h.id for h in helpers),
        status=activity.status,
        review_note=activity.review_note,
        carried_from=activity.carried_from_id,
    )
