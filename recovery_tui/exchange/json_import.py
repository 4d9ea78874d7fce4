"""Read a version 1 JSON document back: check its shape, turn it into plain records, and hand
them to the store, which merges them by id (the newer ``updated`` wins) under the screens' rules.

A document that breaks any rule is refused whole, with the record and field named, and nothing
is written.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import jsonschema

from recovery_tui.exchange.document import DECLINED, FORMAT, VERSION, parse_date, parse_time, schema
from recovery_tui.store import records
from recovery_tui.store.records import (
    ActivityRecord,
    CheckInRecord,
    FocusAreaRecord,
    HelperRecord,
    MergeSummary,
    ParticipantRecord,
    RecordRefused,
    ResponseRecord,
    VisitRecord,
    WorkerRecord,
    place,
)


class ImportRefused(Exception):
    """The document was refused whole; nothing was written."""


def import_document(document: Any) -> MergeSummary:
    _check_shape(document)
    try:
        workers = [_worker(i, w) for i, w in enumerate(document["workers"])]
        participants = [_participant(i, p) for i, p in enumerate(document["participants"])]
        removals = [_removal(i, r) for i, r in enumerate(document.get("removed", []))]
        return records.merge_everything(workers, participants, removals)
    except RecordRefused as error:
        raise ImportRefused(str(error)) from None


def _check_shape(document: Any) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportRefused("this is not a recovery-tui export file")
    if document.get("version") != VERSION:
        raise ImportRefused(
            f"this file is format version {document.get('version')!r}; this app reads version {VERSION}"
        )
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema()).iter_errors(document))
    if error is not None:
        error, message = _explained(error)
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        raise ImportRefused(f"document{where}: {message}")


KINDS = {
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "null": "null",
    "object": "an object",
    "array": "a list",
    "boolean": "true or false",
}


def _explained(error: jsonschema.ValidationError) -> tuple[jsonschema.ValidationError, str]:
    """The error to name, and its words. Where a value fits none of a choice's branches (``oneOf``),
    jsonschema says only "is not valid under any of the given schemas": this goes into the one
    branch the value is the right kind for, or else says what kinds it could have been."""
    while error.validator in ("oneOf", "anyOf") and error.context:
        branches: dict[object, list[jsonschema.ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        depth = len(error.absolute_path)
        fitting = [
            errors
            for errors in branches.values()
            if not all(e.validator in ("type", "const", "enum") and len(e.absolute_path) == depth for e in errors)
        ]
        if len(fitting) != 1:
            wanted = " or ".join(dict.fromkeys(_kind(errors) for errors in branches.values()))
            return error, f"{error.instance!r} is not {wanted}"
        found = jsonschema.exceptions.best_match(fitting[0])
        assert found is not None
        error = found
    return error, error.message


def _kind(errors: list[jsonschema.ValidationError]) -> str:
    for error in errors:
        if error.validator == "type":
            return KINDS.get(str(error.validator_value), str(error.validator_value))
        if error.validator == "const":
            return repr(error.validator_value)
    return errors[0].message


class _Reader:
    """Reads the fields of one record, naming the record and field when a time or date does not exist
    (the schema has checked the form: month 13 or 25:00 still pass it)."""

    def __init__(self, where: str, data: dict[str, Any]) -> None:
        self.where = where
        self.data = data

    def time(self, key: str) -> dt.datetime | None:
        try:
            return parse_time(self.data[key])
        except ValueError:
            raise RecordRefused(self.where, key, f"{self.data[key]!r} is not a real time") from None

    def date(self, key: str) -> dt.date | None:
        try:
            return parse_date(self.data[key])
        except ValueError:
            raise RecordRefused(self.where, key, f"{self.data[key]!r} is not a real date") from None

    def stamps(self) -> dict[str, Any]:
        return {"id": uuid.UUID(self.data["id"]), "created": self.time("created"), "updated": self.time("updated")}


def _id(value: str | None) -> uuid.UUID | None:
    return None if value is None else uuid.UUID(value)


def _worker(index: int, data: dict[str, Any]) -> WorkerRecord:
    read = _Reader(place("worker", index, data["id"]), data)
    within = f"worker {index + 1}, "
    return WorkerRecord(
        **read.stamps(),
        name=data["name"],
        responses=tuple(_response(i, r, within) for i, r in enumerate(data["responses"])),
        # A file from before roles and retirement has neither: the store keeps what it has, or makes a peer.
        role=data.get("role"),
        retired=read.time("retired") if "retired" in data else None,
    )


def _participant(index: int, data: dict[str, Any]) -> ParticipantRecord:
    read = _Reader(place("participant", index, data["id"]), data)
    within = f"participant {index + 1}, "
    return ParticipantRecord(
        **read.stamps(),
        first_name=data["first_name"],
        agency_id=data["agency_id"],
        archived=read.time("archived"),
        helpers=tuple(_helper(i, h, within) for i, h in enumerate(data["helpers"])),
        visits=tuple(_visit(i, v, within) for i, v in enumerate(data["visits"])),
        responses=tuple(_response(i, r, within) for i, r in enumerate(data["responses"])),
        focus_areas=tuple(_focus_area(i, f, within) for i, f in enumerate(data["focus_areas"])),
        activities=tuple(_activity(i, a, within) for i, a in enumerate(data["activities"])),
    )


def _helper(index: int, data: dict[str, Any], within: str) -> HelperRecord:
    read = _Reader(place("helper", index, data["id"], within), data)
    return HelperRecord(
        **read.stamps(),
        name=data["name"],
        relationship=data["relationship"],
        phone=data["phone"],
        notes=data["notes"],
        archived=read.time("archived"),
    )


def _visit(index: int, data: dict[str, Any], within: str) -> VisitRecord:
    read = _Reader(place("visit", index, data["id"], within), data)
    check_in = data["check_in"]
    started = read.time("started")
    assert started is not None  # the schema requires it
    return VisitRecord(
        **read.stamps(),
        worker_id=_id(data["worker_id"]),
        started=started,
        ended=read.time("ended"),
        note=data["note"],
        domains=tuple(data["domains"]),
        support_lines_shared=data["support_lines_shared"],
        check_in=None
        if check_in is None
        else CheckInRecord(
            **_Reader(f"{read.where}, check-in", check_in).stamps(),
            feeling=check_in["feeling"],
            went_well=check_in["went_well"],
            hard=check_in["hard"],
            focus=check_in["focus"],
        ),
    )


def _response(index: int, data: dict[str, Any], within: str) -> ResponseRecord:
    read = _Reader(place("response", index, data["id"], within), data)
    date = read.date("date")
    assert date is not None  # the schema requires it
    return ResponseRecord(
        **read.stamps(),
        instrument=data["instrument"],
        instrument_version=data["instrument_version"],
        date=date,
        complete=data["complete"],
        answers={int(n): None if v == DECLINED else v for n, v in data["answers"].items()},
        total=data["total"],
        set_aside=read.time("set_aside") if "set_aside" in data else None,
        worker_id=_id(data.get("worker_id")),
    )


def _removal(index: int, data: dict[str, Any]) -> records.RemovalRecord:
    read = _Reader(place("removal", index, data["id"]), data)
    removed = read.time("removed")
    assert removed is not None  # the schema requires it
    return records.RemovalRecord(data["type"], uuid.UUID(data["id"]), removed, _id(data.get("participant")))


def _focus_area(index: int, data: dict[str, Any], within: str) -> FocusAreaRecord:
    read = _Reader(place("focus area", index, data["id"], within), data)
    chosen = read.date("chosen")
    assert chosen is not None  # the schema requires it
    return FocusAreaRecord(
        **read.stamps(),
        rank=data["rank"],
        statement=data["statement"],
        text=data["text"],
        chosen=chosen,
        replaced=read.date("replaced"),
    )


def _activity(index: int, data: dict[str, Any], within: str) -> ActivityRecord:
    read = _Reader(place("activity", index, data["id"], within), data)
    week_of = read.date("week_of")
    assert week_of is not None  # the schema requires it
    return ActivityRecord(
        **read.stamps(),
        week_of=week_of,
        text=data["text"],
        focus_area_id=_id(data["focus_area_id"]),
        helper_ids=tuple(uuid.UUID(h) for h in data["helper_ids"]),
        status=data["status"],
        review_note=data["review_note"],
        carried_from=_id(data["carried_from"]),
    )
