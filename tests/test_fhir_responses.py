"""Completed forms exported as a FHIR R4 Bundle of QuestionnaireResponses, validated with fhir.resources (R4B)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from recovery_tui.content.instruments import load_instrument
from recovery_tui.exchange.fhir import questionnaire
from recovery_tui.exchange.fhir_responses import AGENCY_ID_SYSTEM, PARTICIPANT_SYSTEM, response_bundle
from recovery_tui.store import records
from tests.factories import build_full_store
from tests.history_data import DECLINED, complete_scale

pytestmark = pytest.mark.backend  # run again on PostgreSQL in CI

VALUES: list[int | None] = [n % 5 + 1 for n in range(23)]
WITH_DECLINED: list[int | None] = [*VALUES[:6], DECLINED, *VALUES[7:]]  # statement 7 declined
TODAY = "2026-03-04"  # the frozen clock's date


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle.get("entry", []) if e["resource"]["resourceType"] == kind]


def by_link_id(response: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["linkId"]: item for item in response["item"]}


@pytest.fixture
def people(store, frozen_clock) -> dict[str, uuid.UUID]:
    """Ana (agency ID, a scale with statement 7 declined, a full scale and a draft), Bea (no agency ID,
    one scale), Cal (only a draft), Dee (a completed supervisor self-assessment, oddly hers)."""
    ana = records.create_participant("Anastasia", "AGENCY-7731")
    bea = records.create_participant("Beatrix")
    cal = records.create_participant("Calloway", "C-3")
    dee = records.create_participant("Delphine")
    ids = {
        "ana": ana.id,
        "bea": bea.id,
        "cal": cal.id,
        "dee": dee.id,
        "ana_declined": complete_scale(ana.id, WITH_DECLINED),
        "ana_full": complete_scale(ana.id, VALUES),
        "bea_scale": complete_scale(bea.id, [3] * 23),
    }
    ana_draft = records.start_response(ana.id, records.SCALE)
    records.give_answer(ana_draft.id, 1, 5)
    cal_draft = records.start_response(cal.id, records.SCALE)
    for number in range(1, 24):
        records.give_answer(cal_draft.id, number, 4)  # all answered, never completed
    supervisor = records.start_response(dee.id, "supervisor-self-assessment")
    for number in range(1, 12):
        records.give_answer(supervisor.id, number, 2)
    records.complete_response(supervisor.id)
    ids.update(ana_draft=ana_draft.id, cal_draft=cal_draft.id, dee_form=supervisor.id)
    return ids


@pytest.fixture
def bundle(people) -> dict[str, Any]:
    return response_bundle(records.read_everything()[1])


def test_validates_as_r4b_bundle(bundle):
    model = Bundle.model_validate(bundle)
    assert model.type == "collection"
    assert len(model.entry) == 3 + 4  # three Patients, four completed forms
    for response in resources(bundle, "QuestionnaireResponse"):
        assert QuestionnaireResponse.model_validate(response).status == "completed"
    for patient in resources(bundle, "Patient"):
        Patient.model_validate(patient)
    # a round trip through the model keeps every field we wrote
    assert json.loads(model.model_dump_json()) == bundle
    assert json.loads(json.dumps(bundle, ensure_ascii=False)) == bundle


def test_drafts_are_left_out(people, bundle):
    response_ids = [r["id"] for r in resources(bundle, "QuestionnaireResponse")]
    assert response_ids == [str(people[k]) for k in ("ana_declined", "ana_full", "bea_scale", "dee_form")]
    # Cal has only a draft: no Patient either.
    assert [p["id"] for p in resources(bundle, "Patient")] == [str(people[k]) for k in ("ana", "bea", "dee")]


def test_entries_and_references(people, bundle):
    entries = bundle["entry"]
    assert [e["fullUrl"] for e in entries] == [f"urn:uuid:{e['resource']['id']}" for e in entries]
    # each Patient comes just before their forms
    assert [e["resource"]["resourceType"] for e in entries] == [
        "Patient",
        "QuestionnaireResponse",
        "QuestionnaireResponse",
        "Patient",
        "QuestionnaireResponse",
        "Patient",
        "QuestionnaireResponse",
    ]
    patients = {e["fullUrl"] for e in entries if e["resource"]["resourceType"] == "Patient"}
    subjects = [r["subject"] for r in resources(bundle, "QuestionnaireResponse")]
    assert subjects == [{"reference": f"urn:uuid:{people[k]}"} for k in ("ana", "ana", "bea", "dee")]
    assert {s["reference"] for s in subjects} <= patients


def test_questionnaire_reference_is_the_questionnaire_export(bundle):
    idaho = questionnaire(load_instrument("idaho-rcs"))
    supervisor = questionnaire(load_instrument("supervisor-self-assessment"))
    assert [r["questionnaire"] for r in resources(bundle, "QuestionnaireResponse")] == [
        f"{idaho['url']}|{idaho['version']}",
        f"{idaho['url']}|{idaho['version']}",
        f"{idaho['url']}|{idaho['version']}",
        f"{supervisor['url']}|{supervisor['version']}",
    ]
    assert (
        resources(bundle, "QuestionnaireResponse")[0]["questionnaire"] == "urn:recovery-tui:questionnaire:idaho-rcs|1"
    )


def test_response_header(bundle):
    for response in resources(bundle, "QuestionnaireResponse"):
        assert response["status"] == "completed"
        assert response["authored"] == TODAY


def test_items_are_the_questionnaire_items(bundle):
    for response in resources(bundle, "QuestionnaireResponse"):
        code = response["questionnaire"].split(":")[-1].split("|")[0]
        expected = questionnaire(load_instrument(code))["item"]
        assert [(i["linkId"], i["text"]) for i in response["item"]] == [(i["linkId"], i["text"]) for i in expected]


def test_a_declined_statement_has_no_answer(bundle):
    declined, full = resources(bundle, "QuestionnaireResponse")[:2]
    item = by_link_id(declined)["7"]
    assert "answer" not in item
    assert item["text"] == load_instrument("idaho-rcs").statements[6].text
    assert [i["linkId"] for i in declined["item"] if "answer" not in i] == ["7"]
    assert all("answer" in i for i in full["item"])


def test_answers_are_codings_from_the_questionnaire(bundle):
    idaho = questionnaire(load_instrument("idaho-rcs"))
    options = {i["linkId"]: [o["valueCoding"] for o in i["answerOption"]] for i in idaho["item"]}
    full = resources(bundle, "QuestionnaireResponse")[1]
    for number, (value, item) in enumerate(zip(VALUES, full["item"], strict=True), 1):
        [answer] = item["answer"]
        assert answer == {
            "valueCoding": {
                "system": "urn:recovery-tui:answer-scale:idaho-rcs",
                "code": str(value),
                "display": load_instrument("idaho-rcs").label(value),
            }
        }
        assert answer["valueCoding"] in options[str(number)]
    assert by_link_id(full)["5"]["answer"][0]["valueCoding"]["display"] == "Completely Agree"
    assert by_link_id(full)["6"]["answer"][0]["valueCoding"]["display"] == "Completely disagree"
    assert by_link_id(full)["3"]["answer"][0]["valueCoding"]["display"] == "Agree a little"


def test_supervisor_labels_verbatim(bundle):
    form = resources(bundle, "QuestionnaireResponse")[3]
    codings = [i["answer"][0]["valueCoding"] for i in form["item"]]
    assert len(codings) == 11
    assert {(c["system"], c["code"], c["display"]) for c in codings} == {
        ("urn:recovery-tui:answer-scale:supervisor-self-assessment", "2", "Personal Learning need")
    }


def test_no_names_by_default(people, bundle):
    text = json.dumps(bundle, ensure_ascii=False)
    for name in ("Anastasia", "Beatrix", "Calloway", "Delphine"):
        assert name not in text
    assert all("name" not in p for p in resources(bundle, "Patient"))


def test_names_when_asked(people):
    bundle = response_bundle(records.read_everything()[1], with_names=True)
    Bundle.model_validate(bundle)
    assert [p["name"] for p in resources(bundle, "Patient")] == [
        [{"given": ["Anastasia"]}],
        [{"given": ["Beatrix"]}],
        [{"given": ["Delphine"]}],
    ]
    assert "Calloway" not in json.dumps(bundle)  # only a draft: not in the bundle at all


def test_identifiers(people, bundle):
    ana, bea, dee = resources(bundle, "Patient")
    assert ana["identifier"] == [
        {"system": PARTICIPANT_SYSTEM, "value": str(people["ana"])},
        {"system": AGENCY_ID_SYSTEM, "value": "AGENCY-7731"},
    ]
    assert bea["identifier"] == [{"system": PARTICIPANT_SYSTEM, "value": str(people["bea"])}]
    assert dee["identifier"] == [{"system": PARTICIPANT_SYSTEM, "value": str(people["dee"])}]
    assert PARTICIPANT_SYSTEM == "urn:recovery-tui:participant"
    assert AGENCY_ID_SYSTEM == "urn:recovery-tui:agency-id"
    assert "C-3" not in json.dumps(bundle)


def test_timestamp(people, frozen_clock):
    everyone = records.read_everything()[1]
    given = response_bundle(everyone, exported_at=dt.datetime(2026, 5, 6, 7, 8, 9))
    assert given["timestamp"] == "2026-05-06T07:08:09.000000Z"
    aware = dt.datetime(2026, 5, 6, 9, 8, 9, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert response_bundle(everyone, exported_at=aware)["timestamp"] == "2026-05-06T07:08:09.000000Z"
    now = dt.datetime.fromisoformat(response_bundle(everyone)["timestamp"]).replace(tzinfo=None)
    assert frozen_clock < now < frozen_clock + dt.timedelta(seconds=1)


def test_supervisors_self_assessments_are_not_exported(store):
    built = build_full_store()
    workers, everyone = records.read_everything()
    assert workers[0].responses[0].complete  # the worker's self-assessment is there to be left out
    bundle = response_bundle(everyone)
    Bundle.model_validate(bundle)
    ids = [r["id"] for r in resources(bundle, "QuestionnaireResponse")]
    assert ids == [str(built.response_ids[k]) for k in ("complete", "declined", "ozge")]
    assert str(built.worker_response_id) not in json.dumps(bundle)
    assert "supervisor-self-assessment" not in json.dumps(bundle)


def test_nothing_completed_is_an_empty_valid_bundle(store, frozen_clock):
    ana = records.create_participant("Ana")
    records.give_answer(records.start_response(ana.id, records.SCALE).id, 1, 5)
    bundle = response_bundle(records.read_everything()[1])
    assert "entry" not in bundle
    assert Bundle.model_validate(bundle).type == "collection"
