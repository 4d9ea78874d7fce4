"""Participants: add, change, archive and bring back, and find by a folded name or agency ID."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from peewee import IntegrityError, fn

from recovery_tui import clock
from recovery_tui.security import search_key
from recovery_tui.store import validation
from recovery_tui.store.errors import ValidationError
from recovery_tui.store.models import Participant, Visit
from recovery_tui.store.records.common import (
    audit,
    get_row,
    guarded,
    local_date,
    rows_of,
    touch,
    transaction,
)


@dataclass(frozen=True)
class ParticipantRow:
    """What the participants list may show: a first name and the last visit, no more."""

    id: uuid.UUID
    first_name: str
    last_visit: dt.date | None
    added: dt.date  # tells two people with one name apart (an agency ID can be a case number)


def participant_search_key(first_name: str, agency_id: str | None) -> str:
    return "\n".join(search_key(part) for part in (first_name, agency_id or ""))


def _check_agency_id_free(agency_id: str | None, own_id: object = None) -> None:
    if agency_id is None:
        return
    clash = Participant.select().where(Participant.agency_id == agency_id)
    if own_id is not None:
        clash = clash.where(Participant.id != own_id)
    if clash.exists():
        raise ValidationError("participant", "agency ID", "is already used by another participant")


@guarded
def participant_problems(first_name: str, agency_id: str | None, own_id: object = None) -> list[ValidationError]:
    """Every rule the fields break, all at once, so that a form can show them together."""
    return validation.problems_of(
        lambda: validation.first_name(first_name),
        lambda: _check_agency_id_free(validation.agency_id(agency_id), own_id),
    )


@guarded
def create_participant(first_name: str, agency_id: str | None = None) -> Participant:
    name = validation.first_name(first_name)
    agency = validation.agency_id(agency_id)
    with transaction():
        _check_agency_id_free(agency)
        try:
            participant = Participant.create(
                first_name=name,
                agency_id=agency,
                search_key=participant_search_key(name, agency),
            )
        except IntegrityError as error:
            if "agency_id" not in str(error):  # another rule of the table, e.g. a column this version does not know
                raise
            raise ValidationError("participant", "agency ID", "is already used by another participant") from None
        audit("create", "participant", participant.id)
    return participant


@guarded
def update_participant(participant_id: object, first_name: str, agency_id: str | None) -> Participant:
    name = validation.first_name(first_name)
    agency = validation.agency_id(agency_id)
    with transaction():
        participant = get_participant(participant_id)
        _check_agency_id_free(agency, participant.id)
        participant.first_name = name
        participant.agency_id = agency
        participant.search_key = participant_search_key(name, agency)
        touch(participant)
        audit("change", "participant", participant.id)
    return participant


@dataclass(frozen=True)
class ArchivedRow:
    """A participant taken off the list, as the list of archived ones shows them."""

    id: uuid.UUID
    first_name: str
    archived: dt.date


@guarded
def archive_participant(participant_id: object) -> None:
    """Off the participants list; every record stays, and ``bring_back_participant`` undoes it."""
    _set_archived(participant_id, archived=True)


@guarded
def bring_back_participant(participant_id: object) -> None:
    _set_archived(participant_id, archived=False)


def _set_archived(participant_id: object, archived: bool) -> None:
    with transaction():
        participant = get_participant(participant_id)
        if (participant.archived is not None) != archived:
            participant.archived = clock.now() if archived else None
            touch(participant)
            audit("archive" if archived else "bring back", "participant", participant.id)


@guarded
def any_archived() -> bool:
    return bool(Participant.select().where(Participant.archived.is_null(False)).exists())


@guarded
def archived_participants() -> list[ArchivedRow]:
    """The archived, most recently archived first."""
    rows = (
        Participant.select(Participant.id, Participant.first_name, Participant.archived)
        .where(Participant.archived.is_null(False))
        .order_by(Participant.archived.desc(), Participant.search_key)
    )
    return [ArchivedRow(id_, name, local_date(archived) or clock.today()) for id_, name, archived in rows_of(rows)]


@guarded
def get_participant(participant_id: object) -> Participant:
    return get_row(Participant, participant_id)


def matching(rows: Any, query: str) -> Any:
    """``rows`` of participants narrowed to those whose first name or agency ID holds ``query``, as
    search folds it (any case, any accents); all of them for a query with nothing to search by."""
    key = search_key(query)
    return rows.where(Participant.search_key.contains(key)) if key else rows


@guarded
def find_participants(query: str = "", limit: int = 200) -> list[ParticipantRow]:
    """Participants not archived whose first name or agency ID contains ``query``, in any case."""
    last_visit = Visit.select(fn.MAX(Visit.started)).where(Visit.participant == Participant.id)
    rows = (
        Participant.select(Participant.id, Participant.first_name, last_visit.alias("last_visit"), Participant.created)
        .where(Participant.archived.is_null())
        .order_by(Participant.search_key, Participant.created)
        .limit(limit)
    )
    rows = matching(rows, query)
    return [
        ParticipantRow(id_, name, local_date(last), local_date(created) or clock.today())
        for id_, name, last, created in rows_of(rows)
    ]


@guarded
def others_named(first_name: str, own_id: object = None) -> int:
    """How many other participants (archived ones too) have this first name, as search folds it."""
    key = search_key(first_name)
    others = Participant.select().where(Participant.search_key.startswith(key + "\n"))
    if own_id is not None:
        others = others.where(Participant.id != own_id)
    return int(others.count()) if key else 0
