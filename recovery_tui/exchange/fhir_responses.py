"""FHIR R4 interchange: completed forms as ``QuestionnaireResponse`` resources in a ``Bundle``.

A plain dict ready for ``json.dumps``, built from the records ``records.read_everything`` gives
(participants only: supervisors' self-assessments belong to workers and are not in it; drafts never).
The identifiers are the ``Questionnaire`` export's (``exchange.fhir``), so that each response's
``questionnaire`` (``<url>|<version>``), ``linkId`` and answer codings resolve against it.

Each participant with at least one completed form is a ``Patient`` identified by their UUID
(:data:`PARTICIPANT_SYSTEM`) and, when they have one, their agency ID (:data:`AGENCY_ID_SYSTEM`).
Their first name is in it only ``with_names``. Without names is not anonymous: the UUID, the agency
ID and the answers can all lead back to the person.

Every entry's ``fullUrl`` is ``urn:uuid:<id>`` and responses point at their Patient that way.
A declined statement is an item with no ``answer``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from recovery_tui import clock
from recovery_tui.content.instruments import Instrument, load_instrument
from recovery_tui.exchange.fhir import answer_system, link_id, questionnaire_url
from recovery_tui.store import records

PARTICIPANT_SYSTEM = "urn:recovery-tui:participant"
AGENCY_ID_SYSTEM = "urn:recovery-tui:agency-id"


def full_url(record_id: object) -> str:
    return f"urn:uuid:{record_id}"


def canonical(instrument: Instrument) -> str:
    """The ``Questionnaire`` export's ``url|version``, as a response refers to it."""
    return f"{questionnaire_url(instrument)}|{instrument.version}"


def _instant(moment: dt.datetime) -> str:
    """A FHIR ``instant``: naive times are UTC (as the clock gives them), aware ones are converted."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def patient(person: records.ParticipantRecord, with_names: bool = False) -> dict[str, Any]:
    identifiers = [{"system": PARTICIPANT_SYSTEM, "value": str(person.id)}]
    if person.agency_id is not None:
        identifiers.append({"system": AGENCY_ID_SYSTEM, "value": person.agency_id})
    resource: dict[str, Any] = {"resourceType": "Patient", "id": str(person.id), "identifier": identifiers}
    if with_names:
        resource["name"] = [{"given": [person.first_name]}]
    return resource


def questionnaire_response(person: records.ParticipantRecord, response: records.ResponseRecord) -> dict[str, Any]:
    """One completed form; its instrument must load (``InstrumentError`` otherwise)."""
    instrument = load_instrument(response.instrument)
    system = answer_system(instrument)
    items: list[dict[str, Any]] = []
    for statement in instrument.statements:
        item: dict[str, Any] = {"linkId": link_id(statement.number), "text": statement.text}
        value = response.answers.get(statement.number)
        if value is not None:  # declined: the item is there, with no answer
            coding = {"system": system, "code": str(value), "display": instrument.label(value)}
            item["answer"] = [{"valueCoding": coding}]
        items.append(item)
    return {
        "resourceType": "QuestionnaireResponse",
        "id": str(response.id),
        "questionnaire": canonical(instrument),
        "status": "completed",
        "subject": {"reference": full_url(person.id)},
        "authored": response.date.isoformat(),
        "item": items,
    }


def response_bundle(
    participants: Sequence[records.ParticipantRecord], with_names: bool = False, exported_at: dt.datetime | None = None
) -> dict[str, Any]:
    """Every completed form of ``participants`` as a FHIR R4 ``collection`` Bundle: for each participant
    who has one, their ``Patient`` and then their ``QuestionnaireResponse``s in record order."""
    entries: list[dict[str, Any]] = []
    for person in participants:
        completed = [r for r in person.responses if r.complete]
        if not completed:
            continue
        entries.append({"fullUrl": full_url(person.id), "resource": patient(person, with_names)})
        entries.extend({"fullUrl": full_url(r.id), "resource": questionnaire_response(person, r)} for r in completed)
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _instant(clock.now() if exported_at is None else exported_at),
    }
    if entries:  # FHIR JSON has no empty arrays
        bundle["entry"] = entries
    return bundle
