"""Build stores holding every record kind of DESIGN section 4, the way the app would.

Participants and responses go through ``store.records`` (the real write path).
Visits, check-ins, helpers, focus areas and activities have no ``records``
functions yet, so they are made with the peewee models directly, their text set
through ``security.clean_line`` / ``clean_text`` and the ``validation`` rules the
screens will use.

The clock ticks between writes so that every row has its own ``created`` time
(with microseconds) and the export's creation order is deterministic.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from recovery_tui import clock
from recovery_tui.config import Settings, load_settings
from recovery_tui.content.instruments import load_instrument
from recovery_tui.exchange.document import schema
from recovery_tui.exchange.json_export import export_document
from recovery_tui.security import clean_line, clean_text
from recovery_tui.store import records, validation
from recovery_tui.store.database import close_store, open_store
from recovery_tui.store.models import (
    Activity,
    ActivityHelper,
    Answer,
    CheckIn,
    FocusArea,
    Helper,
    Response,
    Visit,
    Worker,
    database_proxy,
)

START = dt.datetime(2026, 2, 2, 9, 0, 0, 123456)  # a Monday, naive UTC
WEEK_1 = dt.date(2026, 2, 2)  # Monday
WEEK_2 = dt.date(2026, 2, 9)  # Monday
PIN_HASH = "scrypt$16384$8$1$c2FsdHNhbHQ=$SECRET-PIN-HASH-NEVER-EXPORTED"
STEP = dt.timedelta(seconds=1, microseconds=1001)


@contextmanager
def opened(data_dir: Path, database: str | None = None) -> Iterator[Settings]:
    """Open (creating) the store in ``data_dir``, or at ``database``, or where RECOVERY_TUI_DATABASE says
    (the test's server), for the length of the block."""
    settings = load_settings(data_dir=str(data_dir), database=database)
    db = open_store(settings)
    try:
        yield settings
    finally:
        close_store(db)


def tick() -> dt.datetime:
    """Move the fixed clock on by a little over a second and return the new time."""
    moment = clock.now() + STEP
    clock.set_now(moment)
    return moment


@dataclass
class Texts:
    """Every piece of text the factory writes; tests swap in hostile strings."""

    worker_name: str = "Sam"
    first_names: tuple[str, str, str] = ("Émile", "ÖZGE", "Ляля")
    helper_name: str = "Rosa"
    helper_notes: str = "Best reached after 6pm.\nLikes walking."
    visit_note: str = "Talked about the week ahead."
    went_well: str = "Went to two meetings."
    hard: str = "Sleep has been hard."
    focus: str = "Finding work."
    focus_text: str = "Find a meeting close to work"
    activity_text: str = "Walk with Rosa on Saturday"
    review_note: str = "Went once, will try again."


@dataclass
class Built:
    """The ids of what ``build_full_store`` made, for tests to look things up."""

    worker_id: uuid.UUID
    worker_response_id: uuid.UUID
    participant_ids: list[uuid.UUID] = field(default_factory=list)
    helper_ids: dict[str, uuid.UUID] = field(default_factory=dict)
    visit_ids: list[uuid.UUID] = field(default_factory=list)
    response_ids: dict[str, uuid.UUID] = field(default_factory=dict)
    focus_area_ids: dict[str, uuid.UUID] = field(default_factory=dict)
    activity_ids: dict[str, uuid.UUID] = field(default_factory=dict)


def _line(value: str, record: str, name: str, max_length: int = validation.NAME_MAX) -> str:
    return validation.required_line(record, name, clean_line(value), max_length)


def within(text: str, limit: int) -> str:
    """Free text as the screens let it be typed: cleaned and no longer than the field holds."""
    return clean_text(clean_text(text)[:limit])


def _helper(participant: Any, name: str, relationship: str, phone: str, notes: str) -> Helper:
    tick()
    return Helper.create(
        participant=participant,
        name=_line(name, "helper", "name"),
        relationship=validation.one_of("helper", "relationship", relationship, validation.RELATIONSHIPS),
        phone=validation.phone(phone),
        notes=within(notes, validation.HELPER_NOTES_MAX),
    )


def _visit(participant: Any, worker: Any, note: str, domains: list[str], shared: bool, *, ended: bool) -> Visit:
    started = tick()
    for domain in domains:
        validation.one_of("visit", "domains", domain, validation.ICRC_DOMAINS)
    return Visit.create(
        participant=participant,
        worker=worker,
        started=started,
        ended=started + dt.timedelta(minutes=50) if ended else None,
        note=clean_text(note),
        domains="\n".join(domains),
        support_lines_shared=shared,
    )


def _check_in(visit: Visit, feeling: int | None, texts: Texts) -> CheckIn:
    tick()
    return CheckIn.create(
        visit=visit,
        feeling=validation.feeling(feeling),
        went_well=clean_text(texts.went_well),
        hard=clean_text(texts.hard),
        focus=clean_text(texts.focus),
    )


def _scale(participant_id: object, values: dict[int, int | None], *, complete: bool) -> uuid.UUID:
    """An idaho-rcs response through ``records``: ``None`` values are declined."""
    tick()
    response = records.start_response(participant_id, "idaho-rcs")
    for number, value in values.items():
        tick()
        if value is None:
            records.decline_answer(response.id, number)
        else:
            records.give_answer(response.id, number, value)
    if complete:
        tick()
        records.complete_response(response.id)
    return response.id


def _focus_area(
    participant: Any, rank: int, statement: int | None, text: str, chosen: dt.date, replaced: dt.date | None = None
) -> FocusArea:
    tick()
    rank, statement, words = validation.focus_area(rank, statement, text)
    return FocusArea.create(
        participant=participant,
        rank=rank,
        statement=statement,
        text=words,
        chosen=chosen,
        replaced=replaced,
    )


def _activity(
    participant: Any,
    week_of: dt.date,
    text: str,
    *,
    status: str,
    review_note: str = "",
    focus_area: Any = None,
    helpers: tuple[Helper, ...] = (),
    carried_from: Any = None,
) -> Activity:
    assert week_of.weekday() == 0
    tick()
    activity = Activity.create(
        participant=participant,
        week_of=week_of,
        text=_line(text, "activity", "text", 500),
        focus_area=focus_area,
        status=validation.one_of("activity", "status", status, validation.ACTIVITY_STATUSES),
        review_note=within(review_note, validation.REVIEW_NOTE_MAX),
        carried_from=carried_from,
    )
    for helper in helpers:
        ActivityHelper.create(activity=activity, helper=helper)
    return activity


def build_full_store(texts: Texts | None = None, start: dt.datetime = START) -> Built:
    """Fill the open store with every record kind; everything in one transaction."""
    texts = texts or Texts()
    clock.set_now(start)
    with database_proxy.atomic():
        return _build(texts)


def _build(texts: Texts) -> Built:
    # A worker with a PIN and a supervisor self-assessment of their own practice.
    tick()
    worker = Worker.create(name=_line(texts.worker_name, "worker", "name"), pin_hash=PIN_HASH)
    form = load_instrument("supervisor-self-assessment")
    tick()
    self_assessment = Response.create(
        instrument=form.code,
        instrument_version=form.version,
        worker=worker,
        date=clock.today(),
        complete=True,
    )
    for statement in form.statements:
        value = validation.answer_value(form, statement.number % 5 + 1)
        Answer.create(response=self_assessment, statement=statement.number, value=value)
    built = Built(worker_id=worker.id, worker_response_id=self_assessment.id)

    # Participants: one with an agency ID (changed once), one without, one archived.
    emile_name, ozge_name, lyalya_name = texts.first_names
    tick()
    emile = records.create_participant(emile_name, "A-100")
    tick()
    records.update_participant(emile.id, emile_name, "A-101")
    tick()
    ozge = records.create_participant(ozge_name)
    tick()
    lyalya = records.create_participant(lyalya_name, "B-7")
    tick()
    records.archive_participant(lyalya.id)
    built.participant_ids = [emile.id, ozge.id, lyalya.id]

    # Helpers.
    rosa = _helper(emile.id, texts.helper_name, "friend", "+1 (208) 555-0100", texts.helper_notes)
    dev = _helper(emile.id, "Dev", "sponsor", "", "")
    tick()
    dev.archived = clock.now()
    dev.updated = clock.now()
    dev.save()
    maya = _helper(ozge.id, "Maya", "family", "208 555 0199", "")
    built.helper_ids = {"rosa": rosa.id, "dev": dev.id, "maya": maya.id}

    # Visits: with and without a worker, closed and open, with and without a check-in.
    first = _visit(emile.id, worker, texts.visit_note, ["Advocacy", "Mentoring and Education"], True, ended=True)
    _check_in(first, 4, texts)
    second = _visit(emile.id, None, "", [], False, ended=False)
    third = _visit(ozge.id, worker, texts.visit_note, ["Recovery/Wellness Support"], False, ended=True)
    _check_in(third, None, texts)
    built.visit_ids = [first.id, second.id, third.id]

    # Recovery Capital Scale: complete, complete with a declined statement, a draft.
    every = {n: n % 5 + 1 for n in range(1, 24)}
    built.response_ids["complete"] = _scale(emile.id, every, complete=True)
    built.response_ids["declined"] = _scale(emile.id, {**every, 7: None}, complete=True)
    built.response_ids["draft"] = _scale(emile.id, {1: 5, 2: 4, 3: None, 4: 2}, complete=False)
    built.response_ids["ozge"] = _scale(ozge.id, {n: 3 for n in range(1, 24)}, complete=True)

    # Focus areas: an older set (one statement, one free text) replaced by a newer one.
    old_statement = _focus_area(emile.id, 1, 3, "", WEEK_1 - dt.timedelta(days=30), replaced=WEEK_1)
    old_text = _focus_area(emile.id, 2, None, "Cook at home more", WEEK_1 - dt.timedelta(days=30), replaced=WEEK_1)
    current_statement = _focus_area(emile.id, 1, 12, "", WEEK_1)
    current_text = _focus_area(emile.id, 2, None, texts.focus_text, WEEK_1)
    _focus_area(ozge.id, 1, 4, "", WEEK_1)
    built.focus_area_ids = {
        "old_statement": old_statement.id,
        "old_text": old_text.id,
        "current_statement": current_statement.id,
        "current_text": current_text.id,
    }

    # Activities: helpers linked, focus areas linked, one carried into the next week.
    walk = _activity(
        emile.id,
        WEEK_1,
        texts.activity_text,
        status="partly",
        review_note=texts.review_note,
        focus_area=current_text,
        helpers=(rosa,),
    )
    meeting = _activity(
        emile.id, WEEK_1, "Go to the Tuesday meeting", status="done", focus_area=current_statement, helpers=(rosa, dev)
    )
    carried = _activity(emile.id, WEEK_2, texts.activity_text, status="planned", helpers=(rosa,), carried_from=walk)
    call = _activity(ozge.id, WEEK_1, "Call my sister", status="not-yet", helpers=(maya,))
    built.activity_ids = {"walk": walk.id, "meeting": meeting.id, "carried": carried.id, "call": call.id}
    return built


def checked_export() -> dict[str, Any]:
    """The open store's export, validated against the shipped JSON Schema."""
    document = export_document()
    errors = [
        f"{list(e.absolute_path)}: {e.message[:200]}" for e in Draft202012Validator(schema()).iter_errors(document)
    ]
    assert not errors, errors
    return document


def full_document(data_dir: Path, texts: Texts | None = None) -> dict[str, Any]:
    """Build a full store in ``data_dir`` and return its (schema-checked) export."""
    with opened(data_dir):
        build_full_store(texts)
        return checked_export()


def without_exported_at(document: dict[str, Any]) -> dict[str, Any]:
    rest = copy.deepcopy(document)
    rest.pop("exported_at")
    return rest


def as_json_bytes(document: object) -> bytes:
    """The bytes the CLI would write."""
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def new_id() -> str:
    return str(uuid.uuid4())


def time_text(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def minimal_participant(
    first_name: str = "Ana",
    *,
    agency_id: str | None = None,
    updated: dt.datetime = START,
    participant_id: str | None = None,
) -> dict[str, Any]:
    """A participant record with nothing attached, as the document holds it."""
    return {
        "id": participant_id or new_id(),
        "created": time_text(START),
        "updated": time_text(updated),
        "first_name": first_name,
        "agency_id": agency_id,
        "archived": None,
        "helpers": [],
        "visits": [],
        "responses": [],
        "focus_areas": [],
        "activities": [],
    }


def document_of(*participants: dict[str, Any], workers: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "format": "recovery-tui",
        "version": 1,
        "exported_at": time_text(START),
        "workers": workers or [],
        "participants": list(participants),
    }
