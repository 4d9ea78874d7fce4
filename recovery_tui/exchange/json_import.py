"""Read a version 1 JSON document back, merging by UUID: the newer ``updated`` wins.

A document that breaks any rule is refused whole: everything runs in one
transaction, and the first broken rule rolls it back and is reported with the
record and field it was found in.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import jsonschema
from peewee import IntegrityError

from recovery_tui.exchange.document import DECLINED, FORMAT, VERSION, parse_date, parse_time, schema
from recovery_tui.store import records, validation
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
    database_proxy,
)


class ImportRefused(Exception):
    """The document was refused whole; nothing was written."""


@dataclass
class ImportSummary:
    written: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)


def import_document(document: Any) -> ImportSummary:
    _check_shape(document)
    importer = _Importer()
    try:
        with database_proxy.atomic():
            importer.run(document)
            records.audit("import", "document")
    except ValidationError as error:
        raise ImportRefused(f"{importer.where}, {error.field}: {error.message}") from None
    except IntegrityError as error:  # a conflict with a row already here, e.g. a second check-in for a visit
        raise ImportRefused(f"{importer.where}: conflicts with a record already here ({error})") from None
    return importer.summary


def _time(record: str, field: str, text: str | None) -> dt.datetime | None:
    """The schema checks the form; this refuses times that do not exist (month 13, 25:00)."""
    try:
        return parse_time(text)
    except ValueError:
        raise ValidationError(record, field, f"{text!r} is not a real time") from None


def _date(record: str, field: str, text: str | None) -> dt.date | None:
    try:
        return parse_date(text)
    except ValueError:
        raise ValidationError(record, field, f"{text!r} is not a real date") from None


def _carried_first(activities: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """The activities with their indexes, each one carried forward placed after the activity it
    was carried from (the list is in creation order, but times can tie and ties go by id)."""
    pending = list(enumerate(activities))
    in_document = {data["id"] for data in activities}
    done: set[str] = set()
    ordered: list[tuple[int, dict[str, Any]]] = []
    while pending:
        ready = [(i, a) for i, a in pending if a["carried_from"] not in in_document or a["carried_from"] in done]
        if not ready:
            index, data = pending[0]
            raise ValidationError("activity", "carried_from", f"activity {index + 1} (id {data['id']}) is carried "
                                  "from itself, directly or through others")
        ordered += ready
        done.update(a["id"] for _, a in ready)
        taken = {i for i, _ in ready}
        pending = [(i, a) for i, a in pending if i not in taken]
    return ordered


def _check_shape(document: Any) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportRefused("this is not a recovery-tui export file")
    if document.get("version") != VERSION:
        raise ImportRefused(
            f"this file is format version {document.get('version')!r}; this app reads version {VERSION}"
        )
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(schema()).iter_errors(document)
    )
    if error is not None:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        raise ImportRefused(f"document{where}: {error.message}")


class _Importer:
    def __init__(self) -> None:
        self.where = "document"
        self.summary = ImportSummary()

    def _at(self, kind: str, index: int, data: dict[str, Any], within: str = "") -> None:
        self.where = f"{within}{kind} {index + 1} (id {data['id']})"

    def _merge(
        self, model: type[BaseModel], data: dict[str, Any], owner: dict[str, Any], **values: Any
    ) -> tuple[BaseModel, bool]:
        """Insert the row, or overwrite it when the document's copy is newer. True if written."""
        record = model.__name__.lower()
        updated = _time(record, "updated", data["updated"])
        existing = model.get_or_none(model.id == data["id"])
        for key, expected in owner.items():
            if existing is not None and getattr(existing, f"{key}_id") != expected:
                raise ValidationError(model.__name__.lower(), "id", f"already belongs to another {key}")
        kind = model.__name__
        if existing is not None and existing.updated >= updated:
            self.summary.kept[kind] += 1
            return existing, False
        values.update({f"{k}_id": v for k, v in owner.items()}, updated=updated)
        if existing is None:
            row = model.create(id=data["id"], created=_time(record, "created", data["created"]), **values)
        else:
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save()
            row = existing
        records.audit("import", model._meta.table_name, row.id)
        self.summary.written[kind] += 1
        return row, True

    def run(self, document: dict[str, Any]) -> None:
        for index, data in enumerate(document["workers"]):
            self._at("worker", index, data)
            worker, _ = self._merge(
                Worker, data, {}, name=validation.required_line("worker", "name", data["name"])
            )
            for r_index, response in enumerate(data["responses"]):
                self._at("response", r_index, response, f"worker {index + 1}, ")
                self._response(response, {"worker": worker.id})
        for index, data in enumerate(document["participants"]):
            self._participant(index, data)

    def _participant(self, index: int, data: dict[str, Any]) -> None:
        self._at("participant", index, data)
        name = validation.first_name(data["first_name"])
        agency = validation.agency_id(data["agency_id"])
        existing = Participant.get_or_none(Participant.id == data["id"])
        newer = existing is None or existing.updated < _time("participant", "updated", data["updated"])
        clash = Participant.get_or_none((Participant.agency_id == agency) & (Participant.id != data["id"]))
        if agency is not None and clash is not None and newer:  # an older copy is kept, so cannot clash
            raise ValidationError("participant", "agency_id", "is already used by another participant")
        person, _ = self._merge(
            Participant, data, {},
            first_name=name, agency_id=agency,
            search_key=records.participant_search_key(name, agency),
            archived=_time("participant", "archived", data["archived"]),
        )
        owner = {"participant": person.id}
        within = f"participant {index + 1}, "
        for i, helper in enumerate(data["helpers"]):
            self._at("helper", i, helper, within)
            self._merge(
                Helper, helper, owner,
                name=validation.required_line("helper", "name", helper["name"]),
                relationship=validation.one_of("helper", "relationship", helper["relationship"], validation.RELATIONSHIPS),
                phone=validation.phone(helper["phone"]),
                notes=validation.free_text("helper", "notes", helper["notes"], validation.HELPER_NOTES_MAX),
                archived=_time("helper", "archived", helper["archived"]),
            )
        for i, visit in enumerate(data["visits"]):
            self._at("visit", i, visit, within)
            self._visit(visit, owner)
        for i, response in enumerate(data["responses"]):
            self._at("response", i, response, within)
            self._response(response, owner)
        for i, area in enumerate(data["focus_areas"]):
            self._at("focus area", i, area, within)
            rank, statement, text = validation.focus_area(area["rank"], area["statement"], area["text"])
            self._merge(
                FocusArea, area, owner, rank=rank, statement=statement, text=text,
                chosen=_date("focus area", "chosen", area["chosen"]),
                replaced=_date("focus area", "replaced", area["replaced"]),
            )
        self.where = f"{within}activities"
        for i, activity in _carried_first(data["activities"]):
            self._at("activity", i, activity, within)
            self._activity(activity, owner)

    def _visit(self, data: dict[str, Any], owner: dict[str, Any]) -> None:
        worker_id = data["worker_id"]
        if worker_id is not None and Worker.get_or_none(Worker.id == worker_id) is None:
            raise ValidationError("visit", "worker_id", "names no worker in this document or store")
        for domain in data["domains"]:
            validation.one_of("visit", "domains", domain, validation.ICRC_DOMAINS)
        visit, _ = self._merge(
            Visit, data, owner,
            worker=worker_id,
            started=_time("visit", "started", data["started"]), ended=_time("visit", "ended", data["ended"]),
            note=validation.free_text("visit", "note", data["note"]),
            domains="\n".join(data["domains"]),
            support_lines_shared=data["support_lines_shared"],
        )
        check_in = data["check_in"]
        if check_in is not None:
            self.where += ", check-in"
            self._merge(
                CheckIn, check_in, {"visit": visit.id},
                feeling=validation.feeling(check_in["feeling"]),
                went_well=validation.free_text("check-in", "went_well", check_in["went_well"]),
                hard=validation.free_text("check-in", "hard", check_in["hard"]),
                focus=validation.free_text("check-in", "focus", check_in["focus"]),
            )

    def _response(self, data: dict[str, Any], owner: dict[str, Any]) -> None:
        form = validation.instrument(data["instrument"])
        answers: dict[int, int | None] = {}
        for key, value in data["answers"].items():
            number = validation.statement_number(form, int(key))
            answers[number] = None if value == DECLINED else validation.answer_value(form, value)
        if data["complete"] and len(answers) < len(form.statements):
            raise ValidationError("response", "answers", "a complete response must answer or decline every statement")
        total = form.score(answers) if data["complete"] else None
        if data["total"] != total:
            raise ValidationError("response", "total", f"is {data['total']!r} but the answers give {total!r}")
        response, written = self._merge(
            Response, data, owner,
            instrument=form.code,
            instrument_version=validation.required_line("response", "instrument_version", data["instrument_version"], 20),
            date=_date("response", "date", data["date"]), complete=data["complete"],
        )
        if written:
            Answer.delete().where(Answer.response == response).execute()
            stamp = response.updated
            for number, value in sorted(answers.items()):
                Answer.create(response=response, statement=number, value=value, created=stamp, updated=stamp)

    def _activity(self, data: dict[str, Any], owner: dict[str, Any]) -> None:
        week_of = _date("activity", "week_of", data["week_of"])
        assert isinstance(week_of, dt.date)
        if week_of.weekday() != 0:
            raise ValidationError("activity", "week_of", f"{week_of} is not a Monday")
        for key, model in (("focus_area_id", FocusArea), ("carried_from", Activity)):
            ref = data[key]
            if ref is not None and model.get_or_none((model.id == ref) & (model.participant == owner["participant"])) is None:
                raise ValidationError("activity", key, "names no record of this participant")
        helper_ids = data["helper_ids"]
        for ref in helper_ids:
            if Helper.get_or_none((Helper.id == ref) & (Helper.participant == owner["participant"])) is None:
                raise ValidationError("activity", "helper_ids", f"{ref} names no helper of this participant")
        activity, written = self._merge(
            Activity, data, owner,
            week_of=week_of,
            text=validation.required_line("activity", "text", data["text"], validation.ACTIVITY_TEXT_MAX),
            focus_area=data["focus_area_id"],
            status=validation.one_of("activity", "status", data["status"], validation.ACTIVITY_STATUSES),
            review_note=validation.free_text("activity", "review_note", data["review_note"], validation.REVIEW_NOTE_MAX),
            carried_from=data["carried_from"],
        )
        if written:
            ActivityHelper.delete().where(ActivityHelper.activity == activity).execute()
            for ref in helper_ids:
                ActivityHelper.create(activity=activity, helper=ref, created=activity.updated, updated=activity.updated)
