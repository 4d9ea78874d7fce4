"""Merge whole records into the store by id: the copy with the newer ``updated`` wins.

Every record is held to the rules the screens use (``store.validation``), and so are the rules
that span records once a participant is merged: at most five current areas to grow, ten
activities a week. Of two unfinished copies of one form (two kiosks began it) the newer is
the one resumed and the other is set aside, kept. A removal (tombstone) takes out an activity
or a draft changed no later than it was removed, here and in the batch. A participant erased (here,
or elsewhere, as the batch's tombstone says) is erased here too and kept out whole, with every record
of theirs. Ids are unique across the batch, and times lie between 1900 and 2100 in their own order.

The whole batch is checked first, against what is here, writing nothing: the first broken rule
is ``RecordRefused`` naming the record and field. Then it is written in short transactions of a
few hundred records, so that another writer (a kiosk saving an answer) waits only briefly; a
write cut off part way leaves whole records, and merging the batch again completes it.

A worker's newer copy brings its name, role and retirement, never a PIN: a worker new here has none,
and one already here keeps theirs.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from peewee import IntegrityError

from recovery_tui import clock
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
    Removal,
    Response,
    Visit,
    Worker,
)
from recovery_tui.store.records.batch import batches, carried_first, check_ids_unique, check_times
from recovery_tui.store.records.common import audit, guarded, reading, transaction
from recovery_tui.store.records.erasure import clear_files, secure_deletes
from recovery_tui.store.records.focus_areas import check_current_count
from recovery_tui.store.records.participants import participant_search_key
from recovery_tui.store.records.plan import check_week_size
from recovery_tui.store.records.tombstones import REMOVABLE, Gone, erased_here, known_tombstones, take_out
from recovery_tui.store.records.transfer import (
    ActivityRecord,
    MergeSummary,
    ParticipantRecord,
    RecordRefused,
    RemovalRecord,
    ResponseRecord,
    Stamped,
    VisitRecord,
    WorkerRecord,
    place,
)
from recovery_tui.store.records.workers import ROLES

RECORDS_PER_WRITE = 300  # about this many records a transaction: a few milliseconds of holding the lock


@guarded
def merge_everything(
    workers: list[WorkerRecord], participants: list[ParticipantRecord], removals: Sequence[RemovalRecord] = ()
) -> MergeSummary:
    """Merge the batch; ``removals`` (tombstones) take those records out here and keep them out."""
    check_ids_unique(workers, participants)
    gone, erased = known_tombstones(removals)
    checker = _Merger(dry=True, gone=gone, erased=erased)
    with reading(), checker.refusing():
        checker.run(workers, enumerate(participants))
    writer = _Merger(dry=False, gone=gone, erased=erased)
    if erased:
        secure_deletes()
    with transaction():
        take_out(removals, erased, writer.summary)
    for number, batch in enumerate(batches(workers, participants, RECORDS_PER_WRITE)):
        with transaction(), writer.refusing():
            # erased here meanwhile (the document was being checked): read again in the batch's own write
            writer.erased |= erased_here()
            writer.run(workers if number == 0 else [], batch)
    with transaction():
        audit("import", "document")
    if writer.summary.erased:  # their rows are overwritten: now the file and its log are rewritten without them
        cleared = clear_files()
        writer.summary.erased = [replace(e, files_cleared=cleared) for e in writer.summary.erased]
    return writer.summary


class _Merger:
    """Merges records by the rules. Dry, it writes nothing and keeps what it would write in
    ``planned``, so that later records of the batch see earlier ones as if they were here."""

    def __init__(self, dry: bool, gone: Gone, erased: set[uuid.UUID]) -> None:
        self.dry = dry
        self.gone = gone  # records taken out, here or where the batch comes from: id to (kind, when)
        self.erased = erased  # participants erased: neither they nor any record of theirs comes (back) in
        self.where = "document"
        self.summary = MergeSummary()
        self.planned: dict[uuid.UUID, dict[str, Any]] = {}  # id to the row's fields, as peewee names them

    def is_gone(self, model: type[BaseModel], record_id: uuid.UUID, updated: dt.datetime) -> bool:
        """Whether a removal takes this record out: one of its kind, made after the record's last change.
        A record changed after it was taken out elsewhere (a draft completed, an activity looked back
        on) is kept: the later change wins, as it does between two copies."""
        found = self.gone.get(record_id)
        return found is not None and REMOVABLE[found[0]] is model and updated <= found[1]

    @contextmanager
    def refusing(self) -> Iterator[None]:
        """A broken rule becomes RecordRefused naming where it was found."""
        try:
            yield
        except ValidationError as error:
            raise RecordRefused(self.where, error.field, error.message) from None
        except IntegrityError as error:  # a conflict with a row already here, e.g. a second check-in for a visit
            rule = str(error).splitlines()[0]  # the rule's name; a server's next lines quote the row's values
            raise RecordRefused(self.where, "id", f"conflicts with a record already here ({rule})") from None

    # What is here, or will be once the batch is written ---------------------------------

    def _found(self, model: type[BaseModel], record_id: uuid.UUID) -> dict[str, Any] | None:
        planned = self.planned.get(record_id)
        if planned is not None and planned["model"] is model:
            return planned
        row = model.get_or_none(model.id == record_id)
        return None if row is None else dict(row.__data__)

    def _exists(self, model: type[BaseModel], record_id: uuid.UUID, participant: uuid.UUID | None = None) -> bool:
        found = self._found(model, record_id)
        return found is not None and (participant is None or found.get("participant") == participant)

    def _rows_of(self, model: Any, participant: uuid.UUID) -> list[dict[str, Any]]:
        """The participant's rows of ``model`` as they are after the merge."""
        rows = {row.id: dict(row.__data__) for row in model.select().where(model.participant == participant)}
        for record_id, fields in self.planned.items():
            if fields["model"] is model and fields.get("participant") == participant:
                rows[record_id] = fields
        return [fields for record_id, fields in rows.items() if not self.is_gone(model, record_id, fields["updated"])]

    def _merge(self, model: type[BaseModel], record: Stamped, owner: dict[str, uuid.UUID], **values: Any) -> bool:
        """Insert the row, or overwrite it when the batch's copy is newer. True if written."""
        kind = model.__name__.lower()
        check_times(kind, record)
        if self.is_gone(model, record.id, record.updated):  # an older copy does not bring it back
            self.summary.removed[model.__name__] += 1
            return False
        if record.id in self.gone and not self.dry:  # changed after it was taken out elsewhere: back it comes
            Removal.delete().where(Removal.record_id == record.id).execute()
        found = self._found(model, record.id)
        for key, expected in owner.items():
            if found is not None and found[key] != expected:
                raise ValidationError(kind, "id", f"already belongs to another {key}")
        if found is not None and found["updated"] >= record.updated:
            self.summary.kept[model.__name__] += 1
            return False
        values.update(owner, updated=record.updated)
        if found is None:
            self.summary.added[model.__name__] += 1
        if self.dry:
            self.planned[record.id] = {"model": model, "id": record.id, **values}
        elif found is None:
            model.create(id=record.id, created=record.created, **values)
        else:
            model.update(**values).where(model.id == record.id).execute()
        if not self.dry:
            audit("import", model._meta.table_name, record.id)
        self.summary.written[model.__name__] += 1
        return True

    # The records, kind by kind ------------------------------------------------------------

    def run(self, workers: list[WorkerRecord], participants: Iterable[tuple[int, ParticipantRecord]]) -> None:
        for index, worker in enumerate(workers):
            self.where = place("worker", index, worker.id)
            self._worker(worker)
            for r_index, response in enumerate(worker.responses):
                self.where = place("response", r_index, response.id, f"worker {index + 1}, ")
                self._response(response, {"worker": worker.id})
        for index, person in participants:
            if person.id in self.erased:  # erased here or elsewhere: an older copy never brings them back
                self.summary.removed["Participant"] += 1
                continue
            self._participant(index, person)

    def _worker(self, data: WorkerRecord) -> None:
        """Never the PIN hash: ``_merge`` writes only the fields given here."""
        values: dict[str, Any] = {"name": validation.required_line("worker", "name", data.name)}
        if data.role is not None:
            values["role"] = validation.one_of("worker", "role", data.role, tuple(ROLES))
            values["retired"] = data.retired
        elif self._found(Worker, data.id) is None:  # from a file before roles and retirement
            values.update(role="peer", retired=None)
        self._merge(Worker, data, {}, **values)

    def _participant(self, index: int, data: ParticipantRecord) -> None:
        self.where = place("participant", index, data.id)
        name = validation.first_name(data.first_name)
        agency = validation.agency_id(data.agency_id)
        found = self._found(Participant, data.id)
        newer = found is None or found["updated"] < data.updated
        if agency is not None and newer:  # an older copy is kept, so cannot clash
            clash = Participant.get_or_none((Participant.agency_id == agency) & (Participant.id != data.id))
            planned = [f for i, f in self.planned.items() if f.get("agency_id") == agency and i != data.id]
            if clash is not None or planned:
                raise ValidationError("participant", "agency_id", "is already used by another participant")
        self._merge(
            Participant,
            data,
            {},
            first_name=name,
            agency_id=agency,
            search_key=participant_search_key(name, agency),
            archived=data.archived,
        )
        owner = {"participant": data.id}
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
        for i, activity in carried_first(data.activities):
            self.where = place("activity", i, activity.id, within)
            self._activity(activity, owner)
        self.where = place("participant", index, data.id)
        self._check_spanning_rules(data.id)

    def _check_spanning_rules(self, participant: uuid.UUID) -> None:
        check_current_count(sum(1 for area in self._rows_of(FocusArea, participant) if area["replaced"] is None))
        for planned in Counter(a["week_of"] for a in self._rows_of(Activity, participant)).values():
            check_week_size(planned)
        self._set_aside_second_drafts(participant)

    def _set_aside_second_drafts(self, participant: uuid.UUID) -> None:
        """Two kiosks that each began the same form: the newer draft stays the one resumed, the other
        is set aside (kept, never lost, never refused)."""
        drafts: dict[str, list[dict[str, Any]]] = {}
        for row in self._rows_of(Response, participant):
            if not row["complete"] and row.get("set_aside") is None:
                drafts.setdefault(row["instrument"], []).append(row)
        for rows in drafts.values():
            newest_first = sorted(rows, key=lambda r: (r["updated"], str(r["id"])), reverse=True)
            for row in newest_first[1:]:
                if self.dry:
                    self.planned[row["id"]] = {**row, "model": Response, "set_aside": clock.now()}
                else:
                    Response.update(set_aside=clock.now()).where(Response.id == row["id"]).execute()
                    audit("change", "response", row["id"])
                self.summary.set_aside += 1

    def _visit(self, data: VisitRecord, owner: dict[str, uuid.UUID]) -> None:
        if data.worker_id is not None and not self._exists(Worker, data.worker_id):
            raise ValidationError("visit", "worker_id", "names no worker in this document or store")
        for domain in data.domains:
            validation.one_of("visit", "domains", domain, validation.ICRC_DOMAINS)
        self._merge(
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
            if self.dry and CheckIn.get_or_none((CheckIn.visit == data.id) & (CheckIn.id != check_in.id)):
                raise ValidationError("check-in", "id", "the visit already has another check-in here")
            self._merge(
                CheckIn,
                check_in,
                {"visit": data.id},
                feeling=validation.feeling(check_in.feeling),
                went_well=validation.free_text("check-in", "went_well", check_in.went_well),
                hard=validation.free_text("check-in", "hard", check_in.hard),
                focus=validation.free_text("check-in", "focus", check_in.focus),
            )

    def _response(self, data: ResponseRecord, owner: dict[str, uuid.UUID]) -> None:
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
        filled_in_with: dict[str, Any] = {}
        if "worker" in owner:  # a worker's own: theirs, and only theirs
            if data.worker_id not in (None, owner["worker"]):
                raise ValidationError("response", "worker_id", "a worker's own response names no other worker")
        elif data.worker_id is not None:
            if not self._exists(Worker, data.worker_id):
                raise ValidationError("response", "worker_id", "names no worker in this document or store")
            filled_in_with["worker"] = data.worker_id
        # else: a copy naming no worker leaves one recorded here as it is (a file from before worker_id)
        written = self._merge(
            Response,
            data,
            owner,
            **filled_in_with,
            instrument=form.code,
            instrument_version=validation.required_line("response", "instrument_version", data.instrument_version, 20),
            date=data.date,
            complete=data.complete,
            set_aside=data.set_aside,
        )
        if written and not self.dry:
            Answer.delete().where(Answer.response == data.id).execute()
            for number, value in sorted(answers.items()):
                Answer.create(
                    response=data.id, statement=number, value=value, created=data.updated, updated=data.updated
                )

    def _activity(self, data: ActivityRecord, owner: dict[str, uuid.UUID]) -> None:
        if data.week_of.weekday() != 0:
            raise ValidationError("activity", "week_of", f"{data.week_of} is not a Monday")
        participant = owner["participant"]
        for key, model, ref in (
            ("focus_area_id", FocusArea, data.focus_area_id),
            ("carried_from", Activity, data.carried_from),
        ):
            if ref is not None and ref not in self.gone and not self._exists(model, ref, participant):
                raise ValidationError("activity", key, "names no record of this participant")
        for ref in data.helper_ids:
            if not self._exists(Helper, ref, participant):
                raise ValidationError("activity", "helper_ids", f"{ref} names no helper of this participant")
        written = self._merge(
            Activity,
            data,
            owner,
            week_of=data.week_of,
            text=validation.required_line("activity", "text", data.text, validation.ACTIVITY_TEXT_MAX),
            focus_area=data.focus_area_id,
            status=validation.one_of("activity", "status", data.status, validation.ACTIVITY_STATUSES),
            review_note=validation.free_text("activity", "review_note", data.review_note, validation.REVIEW_NOTE_MAX),
            carried_from=data.carried_from
            if data.carried_from is not None and self._exists(Activity, data.carried_from, participant)
            else None,
        )
        if written and not self.dry:
            ActivityHelper.delete().where(ActivityHelper.activity == data.id).execute()
            for ref in data.helper_ids:
                ActivityHelper.create(activity=data.id, helper=ref, created=data.updated, updated=data.updated)
