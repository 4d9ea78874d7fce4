"""FHIR R4 interchange: instruments as ``Questionnaire`` resources.

Plain dicts ready for ``json.dumps``; no third-party imports (tests validate the
output with ``fhir.resources``' R4B models, the nearest it ships to R4).

Identifiers, shared with the ``QuestionnaireResponse`` export:
- ``Questionnaire.url``          ``urn:recovery-tui:questionnaire:<code>``
- item ``linkId``                the statement number as text ("1".."N")
- answer coding ``system``       ``urn:recovery-tui:answer-scale:<code>``,
  ``code`` the scale value as text, ``display`` its label verbatim.
"""

from __future__ import annotations

import re
from typing import Any

from recovery_tui.content.instruments import Instrument

QUESTIONNAIRE_URL_PREFIX = "urn:recovery-tui:questionnaire:"
ANSWER_SYSTEM_PREFIX = "urn:recovery-tui:answer-scale:"

_SUBJECT_TYPE = {"participant": "Patient", "worker": "Practitioner"}


def questionnaire_url(instrument: Instrument) -> str:
    return f"{QUESTIONNAIRE_URL_PREFIX}{instrument.code}"


def answer_system(instrument: Instrument) -> str:
    return f"{ANSWER_SYSTEM_PREFIX}{instrument.code}"


def link_id(number: int) -> str:
    return str(number)


def _computer_name(title: str) -> str:
    """FHIR que-0 name: ``[A-Z]([A-Za-z0-9_]){0,254}``, e.g. "IdahoRecoveryCapitalScale"."""
    words = re.findall(r"[A-Za-z0-9]+", title)
    name = "".join(w[:1].upper() + w[1:] for w in words)
    if not name or not name[0].isalpha():
        name = "Q" + name
    return name[:255]


def _markdown_text(text: str) -> str:
    """Escape the characters that would make plain text format as markdown."""
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", text)


def _description(instrument: Instrument) -> str:
    parts = [_markdown_text(instrument.instruction)]
    described = [c for c in instrument.scale if c.description]
    if described:
        parts.append(
            "\n".join(f"- {c.value} {_markdown_text(c.label)}: {_markdown_text(c.description)}" for c in described)
        )
    return "\n\n".join(parts)


def _copyright(instrument: Instrument) -> str:
    if instrument.attribution and instrument.attribution not in instrument.source:
        return _markdown_text(f"{instrument.attribution}. {instrument.source}")
    return _markdown_text(instrument.source)


def questionnaire(instrument: Instrument) -> dict[str, Any]:
    """The instrument as a FHIR R4 ``Questionnaire`` resource (a JSON-ready dict)."""
    system = answer_system(instrument)
    options = [{"valueCoding": {"system": system, "code": str(c.value), "display": c.label}} for c in instrument.scale]
    return {
        "resourceType": "Questionnaire",
        "id": instrument.code,
        "url": questionnaire_url(instrument),
        "version": instrument.version,
        "name": _computer_name(instrument.title),
        "title": instrument.title,
        "status": "active",
        "subjectType": [_SUBJECT_TYPE.get(instrument.respondent, "Patient")],
        "description": _description(instrument),
        "copyright": _copyright(instrument),
        "item": [
            {
                "linkId": link_id(s.number),
                "prefix": f"{s.number}.",
                "text": s.text,
                "type": "choice",
                "required": False,
                "answerOption": [dict(o, valueCoding=dict(o["valueCoding"])) for o in options],
            }
            for s in instrument.statements
        ],
    }


# questionnaire_response(...) (a completed form as a QuestionnaireResponse) belongs here too.
