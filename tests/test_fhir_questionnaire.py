"""Instruments exported as FHIR R4 Questionnaires, validated with fhir.resources (R4B)."""

from __future__ import annotations

import json
import re

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

from recovery_tui.content.instruments import available_instruments, load_instrument
from recovery_tui.exchange.fhir import questionnaire

IDAHO_LABELS = {
    "5": "Completely Agree",
    "4": "Mostly Agree",
    "3": "Agree a little",
    "2": "Mostly disagree",
    "1": "Completely disagree",
}


@pytest.fixture
def idaho_q() -> dict:
    return questionnaire(load_instrument("idaho-rcs"))


def test_validates_as_r4b_questionnaire(idaho_q):
    model = Questionnaire.model_validate(idaho_q)
    assert model.status == "active"
    assert len(model.item) == 23
    # a round trip through the model keeps every field we wrote
    assert json.loads(model.model_dump_json()) == idaho_q


def test_header_fields(idaho_q):
    assert idaho_q["resourceType"] == "Questionnaire"
    assert idaho_q["id"] == "idaho-rcs"
    assert idaho_q["url"] == "urn:recovery-tui:questionnaire:idaho-rcs"
    assert idaho_q["version"] == "1"
    assert idaho_q["title"] == "Idaho Recovery Capital Scale"
    assert idaho_q["status"] == "active"
    assert idaho_q["subjectType"] == ["Patient"]
    # FHIR que-0: name is computer-friendly
    assert re.fullmatch(r"[A-Z][A-Za-z0-9_]{0,254}", idaho_q["name"])
    assert idaho_q["name"] == "IdahoRecoveryCapitalScale"
    # FHIR id pattern
    assert re.fullmatch(r"[A-Za-z0-9\-.]{1,64}", idaho_q["id"])


def test_instruction_and_attribution_are_carried(idaho_q):
    assert "Place a number by each statement that best describes your situation today." in (idaho_q["description"])
    assert "Adapted from William White" in idaho_q["copyright"]
    assert "Idaho Response to Opiate Crisis Project" in idaho_q["copyright"]


def test_items_follow_statements_verbatim(idaho_q):
    instrument = load_instrument("idaho-rcs")
    items = idaho_q["item"]
    assert [i["linkId"] for i in items] == [str(n) for n in range(1, 24)]
    assert [i["text"] for i in items] == [s.text for s in instrument.statements]
    assert items[22]["text"] == "Services to others is an important part of my life today"
    for item in items:
        assert item["type"] == "choice"
        assert item["required"] is False


def test_answer_options_are_the_scale(idaho_q):
    for item in idaho_q["item"]:
        codings = [o["valueCoding"] for o in item["answerOption"]]
        assert {c["code"]: c["display"] for c in codings} == IDAHO_LABELS
        assert [c["code"] for c in codings] == ["5", "4", "3", "2", "1"]
        assert {c["system"] for c in codings} == {"urn:recovery-tui:answer-scale:idaho-rcs"}


def test_answer_options_are_not_shared_objects(idaho_q):
    first = idaho_q["item"][0]["answerOption"][0]["valueCoding"]
    second = idaho_q["item"][1]["answerOption"][0]["valueCoding"]
    assert first == second and first is not second


def test_json_dumps(idaho_q):
    text = json.dumps(idaho_q, ensure_ascii=False)
    assert json.loads(text) == idaho_q


@pytest.mark.parametrize("code", available_instruments())
def test_every_instrument_exports_a_valid_questionnaire(code):
    instrument = load_instrument(code)
    resource = questionnaire(instrument)
    model = Questionnaire.model_validate(resource)
    assert len(model.item) == len(instrument.statements)
    assert resource["id"] == code
    assert re.fullmatch(r"[A-Z][A-Za-z0-9_]{0,254}", resource["name"])
    json.dumps(resource)


def test_supervisor_questionnaire():
    instrument = load_instrument("supervisor-self-assessment")
    resource = questionnaire(instrument)
    assert resource["name"] == "SupervisorOfPeerWorkersSelfAssessment"
    assert resource["subjectType"] == ["Practitioner"]
    assert len(resource["item"]) == 11
    codings = [o["valueCoding"] for o in resource["item"][0]["answerOption"]]
    assert [(c["code"], c["display"]) for c in codings] == [
        ("1", "Professional Learning Need"),
        ("2", "Personal Learning need"),
        ("3", "Sporadically Competent"),
        ("4", "Consistently Competent"),
        ("5", "Mastery"),
    ]
    assert "1 Professional Learning Need: I don't know how to do this" in resource["description"]
    assert instrument.instruction in resource["description"]
