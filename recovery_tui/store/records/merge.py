"""Merge whole records into the store by id: the copy with the newer ``updated`` wins.

Every record is held to the rules the screens use (``store.validation``), and
so are the rules that span records once a participant is merged: at most five
current areas to grow, ten activities a week, one draft of each form. The batch
is one transaction: the first broken rule rolls it all back and is reported as
``RecordRefused`` naming the record and field.
"""

from __future__ import annotations

import uuid
from typing import Any

from peewee import IntegrityError

from recovery_tui.store import validation
from recovery_tui.store.errors import ValidationError
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
)
from recovery_tui.store.records.common import audit, transaction
from recovery_tui.store.records.focus_areas import check_current_areas
from recovery_tui.store.records.participants import participant_search_key
from recovery_tui.store.records.plan import check_week_has_room
from recovery_tui.store.records.responses import check_single_draft
from recovery_tui.store.records.transfer import (
    ActivityRecord,
    MergeSummary,
    ParticipantRecord,
    RecordRefused,
    ResponseRecord,
    Stamped,
    VisitRecord,
    WorkerRecord,
    place,
)


def merge_everything(workers: list[WorkerRecord], participants: list[ParticipantRecord]) -> MergeSummary:
    merger = _Merger()
    with transaction():
        try:
            merger.run(workers, participants)
        except ValidationError as error:
            raise RecordRefused(merger.where, error.field, error.message) from None
        except IntegrityError as error:  # a conflict with a row already here, e.g. a second check-in for a visit
            raise RecordRefused(merger.where, "id", f"conflicts with a record already here ({error})") from None
        audit("import", "document")
    return merger.summary


def _carried_first(activities: tuple[ActivityRecord, ...]) -> list[tuple[int, ActivityRecord]]:
    """The activities with their indexes, each one carried forward placed after the activity it
    was carried from (the list is in creation order, but times can tie and ties go by id)."""
    pending = list(enumerate(activities))
    in_batch = {a.id for a in activities}
    done: set[uuid.UUID] = set()
    ordered: list[tuple[int, ActivityRecord]] = []
    while pending:
        ready = [(i, a) for i, a in pending if a.carried_from not in in_batch or a.carried_from in done]
        if not ready:
            index, activity = pending[0]
            raise ValidationError(
                "activity",
                "carried_from",
                f"activity {index + 1} (id {activity.id}) is carried from itself, directly or through others",
            )
        ordered += ready
        done.update(a.id for _, a in ready)
        taken = {i for i, _ in ready}
        pending = [(i, a) for i, a in pending if i not in taken]
    return ordered


class _Merger:
    def __init__(self) -> None:
        self.where = "document"
        self.summary = MergeSummary()

    def _merge(self, model: type[BaseModel], record: Stamped, owner: dict[str, Any], **values: Any) -> tuple[Any, bool]:
        """Insert the row, or overwrite it when the batch's copy is newer. True if written."""
        existing = model.get_or_none(model.id == record.id)
        for key, expected in owner.items():
            if existing is not None and getattr(existing, f"{key}_id") != expected:
                raise ValidationError(model.__name__.lower(), "id", f"already belongs to another {key}")
        kind = model.__name__
        if existing is not None and existing.updated >= record.updated:
            self.summary.kept[kind] += 1
            return existing, False
        values.update({f"{k}_id": v for k, v in owner.items()}, updated=record.updated)
        if existing is None:
            row = model.create(id=record.id, created=record.created, **values)
        else:
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save()
            row = existing
        audit("import", model._meta.table_name, row.id)
        self.summary.written[kind] += 1
        return row, True

    def run(self, workers: list[WorkerRecord], participants: list[ParticipantRecord]) -> None:
        for index, worker in enumerate(workers):
            self.where = place("worker", index, worker.id)
            self._merge(Worker, worker, {}, name=validation.required_line("worker", "name", worker.name))
            for r_index, response in enumerate(worker.responses):
                self.where = place("response", r_index, response.id, f"worker {index + 1}, ")
                self._response(response, {"worker": worker.id})
        for index, person in enumerate(participants):
            self._participant(index, person)

    def _participant(self, index: int, data: ParticipantRecord) -> None:
        self.where = place("participant", index, data.id)
        name = validation.first_name(data.first_name)
        agency = validation.agency_id(data.agency_id)
        existing = Participant.get_or_none(Participant.id == data.id)
        newer = existing is None or existing.updated < data.updated
        clash = Participant.get_or_none((Participant.agency_id == agency) & (Participant.id != data.id))
        if agency is not None and clash is not None and newer:  # an older copy is kept, so cannot clash
            raise ValidationError("participant", "agency_id", "is already used by another participant")
        person, _ = self._merge(
            Participant,
            data,
            {},
            first_name=name,
            agency_id=agency,
            search_key=participant_search_key(name, agency),
            archived=data.archived,
        )
        owner = {"participant": person.id}
        within = f"participant {index + 1}, "
        for i, helper in enumerate(data.helpers):
            self.where = place("helper", i, helper.id, within)
            self._merge(
                Helper,
                helper,
                owner,
                name=validation.required_line("helper", "name", helper.name),
                relationship=validation.one_of("helper", "relationship", helper.relationship, validation.RELATIONSHIPS),
                phone=validation.phone(helper.phone),
                notes=validation.free_text("helper", "notes", helper.notes, validation.HELPER_NOTES_MAX),
                archived=helper.archived,
            )
        for i, visit in enumerate(data.visits):
            self.where = place("visit", i, visit.id, within)
            self._visit(visit, owner)
        for i, response in enumerate(data.responses):
            self.where = place("response", i, response.id, within)
            self._response(response, owner)
        for i, area in enumerate(data.focus_areas):
            self.where = place("focus area", i, area.id, within)
            rank, statement, text = validation.focus_area(area.rank, area.statement, area.text)
            self._merge(
                FocusArea,
                area,
                owner,
                rank=rank,
                statement=statement,
                text=text,
                chosen=area.chosen,
                replaced=area.replaced,
            )
        self.where = f"{within}activities"
        for i, activity in _carried_first(data.activities):
            self.where = place("activity", i, activity.id, within)
            self._activity(activity, owner)
        self.where = place("participant", index, data.id)
        check_current_areas(person.id)
        for monday in {a.week_of for a in data.activities}:
            check_week_has_room(person.id, monday, adding=0)
        for form in {r.instrument for r in data.responses}:
            check_single_draft(person.id, form)

    def _visit(self, data: VisitRecord, owner: dict[str, Any]) -> None:
        if data.worker_id is not None and Worker.get_or_none(Worker.id == data.worker_id) is None:
            raise ValidationError("visit", "worker_id", "names no worker in this document or store")
        for domain in data.domains:
            validation.one_of("visit", "domains", domain, validation.ICRC_DOMAINS)
        visit, _ = self._merge(
            Visit,
            data,
            owner,
            worker=data.worker_id,
            started=data.started,
            ended=data.ended,
            note=validation.free_text("visit", "note", data.note),
            domains="\n".join(data.domains),
            support_lines_shared=data.support_lines_shared,
        )
        check_in = data.check_in
        if check_in is not None:
            self.where += ", check-in"
            self._merge(
                CheckIn,
                check_in,
                {"visit": visit.id},
                feeling=validation.feeling(check_in.feeling),
                went_well=validation.free_text("check-in", "went_well", check_in.went_well),
                hard=validation.free_text("check-in", "hard", check_in.hard),
                focus=validation.free_text("check-in", "focus", check_in.focus),
            )

    def _response(self, data: ResponseRecord, owner: dict[str, Any]) -> None:
        form = validation.instrument(data.instrument)
        answers: dict[int, int | None] = {}
        for number, value in data.answers.items():
            answers[validation.statement_number(form, number)] = (
                None if value is None else validation.answer_value(form, value)
            )
        if data.complete and len(answers) < len(form.statements):
            raise ValidationError("response", "answers", "a complete response must answer or decline every statement")
        total = form.score(answers) if data.complete else None
        if data.total != total:
            raise ValidationError("response", "total", f"is {data.total!r} but the answers give {total!r}")
        response, written = self._merge(
            Response,
            data,
            owner,
            instrument=form.code,
            instrument_version=validation.required_line("response", "instrument_version", data.instrument_version, 20),
            date=data.date,
            complete=data.complete,
        )
        if written:
            Answer.delete().where(Answer.response == response).execute()
            stamp = response.updated
            for number, value in sorted(answers.items()):
                Answer.create(response=response, statement=number, value=value, created=stamp, updated=stamp)

    def _activity(self, data: ActivityRecord, owner: dict[str, Any]) -> None:
        if data.week_of.weekday() != 0:
            raise ValidationError("activity", "week_of", f"{data.week_of} is not a Monday")
        for key, model, ref in (
            ("focus_area_id", FocusArea, data.focus_area_id),
            ("carried_from", Activity, data.carried_from),
        ):
            if (
                ref is not None
                and model.get_or_none((model.id == ref) & (model.participant == owner["participant"])) is None
            ):
                raise ValidationError("activity", key, "names no record of this participant")
        for ref in data.helper_ids:
            if Helper.get_or_none((Helper.id == ref) & (Helper.participant == owner["participant"])) is None:
                raise ValidationError("activity", "helper_ids", f"{ref} names no helper of this participant")
        activity, written = self._merge(
            Activity,
            data,
            owner,
            week_of=data.week_of,
            text=validation.required_line("activity", "text", data.text, validation.ACTIVITY_TEXT_MAX),
            focus_area=data.focus_area_id,
            status=validation.one_of("activity", "status", data.status, validation.ACTIVITY_STATUSES),
            review_note=validation.free_text("activity", "review_note", data.review_note, validation.REVIEW_NOTE_MAX),
            carried_from=data.carried_from,
        )
        if written:
            ActivityHelper.delete().where(ActivityHelper.activity == activity).execute()
            for ref in data.helper_ids:
                ActivityHelper.create(activity=activity, helper=ref, created=activity.updated, updated=activity.updated)
