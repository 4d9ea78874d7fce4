"""The instruments as data: verbatim text, the loader's checks, and scoring."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from recovery_tui.assets import asset_path
from recovery_tui.content.instruments import (
    Instrument,
    InstrumentError,
    available_instruments,
    load_instrument,
    load_instrument_file,
)

SEED_NAME = "002_a55f09af54963188.txt"
SEED_CANDIDATES = (
    Path("/work/shared/seeds") / SEED_NAME,
    Path(__file__).resolve().parents[2] / "shared" / "seeds" / SEED_NAME,
)

# An independent copy of the printed statements, so that the test runs without
# the seeds folder. Letter for letter, no added punctuation.
IDAHO_STATEMENTS = [
    "I live in an environment that is free from alcohol and other drugs",
    "I have an intimate partner that is supportive of my recovery",
    "I have family members who are supportive of my recovery",
    "I have friends who are supportive of my recovery",
    "I have people close to me (intimate partner, family, friends) who are also in recovery",
    "I have a job that provides for my basic needs",
    "I have a written plan for my recovery",
    "I am in reasonably good physical health",
    "I am in reasonably good mental health",
    "I have a plan to manage my mental health",
    "I am taking prescribed medication to support my mental health",
    "I am taking prescribed medication to help my cravings for alcohol or other drugs",
    "I have access to regular healthy meals",
    "I have clothes that are comfortable and clean and do not represent drug using",
    "I have access to recovery support groups in my community",
    "I am regularly involved with a local recovery support group",
    "I have a sponsor or other mentor for my recovery",
    "I have people who look to me as a mentor for their recovery",
    "I have completed or am complying with all legal requirements related to my past",
    "I have recovery rituals that are part of my daily life",
    "I have goals for my future",
    "I feel I am a part of my community",
    "Services to others is an important part of my life today",
]

IDAHO_SCALE = [
    (5, "Completely Agree"),
    (4, "Mostly Agree"),
    (3, "Agree a little"),
    (2, "Mostly disagree"),
    (1, "Completely disagree"),
]

SUPERVISOR_STATEMENTS = [
    "I understand and can clarify organizational systems, structures and processes",
    "I understand the values and practice of peer support",
    "I understand the roles and responsibilities of peer support workers",
    "I can maintain a balance between the administrative, educational, and supportive functions of supervision",
    "I can establish a relationship characterized by trust and mutuality",
    "I can provide an environment that promotes reflection on peer support practice and ethics",
    "I can help a person set and plan for the achievement of professional goals",
    "I can teach and model skills needed for effective peer practice",
    "I can deliver strengths-based supervision and can use affirmations",
    "I can give feedback that assists the person in recognizing a professional development need",
    "I can advocate for recovery-oriented services within the agency",
]

SUPERVISOR_SCALE = [
    (1, "Professional Learning Need", "I don't know how to do this"),
    (2, "Personal Learning need", "I know how to do this but unable to make it happen"),
    (3, "Sporadically Competent", "I occasionally do this fine"),
    (4, "Consistently Competent", "This has become a part of my natural way of doing things"),
    (5, "Mastery", "I can role model this and can teach it to others"),
]

SUPERVISOR_INTRO = (
    "This Supervisor of Peer Workers Self-Assessment is designed to help you reflect on "
    "your own supervision practice and identify areas you would like to develop to become "
    "a more effective supervisor of peer workers. For areas that are learning needs, speak "
    "to your supervisor about strategies for learning the needed competencies."
)


def _seed_lines() -> list[str]:
    for path in SEED_CANDIDATES:
        if path.is_file():
            return path.read_text(encoding="utf-8").splitlines()
    pytest.skip(f"seed {SEED_NAME} not present in this checkout")


@pytest.fixture
def idaho() -> Instrument:
    return load_instrument("idaho-rcs")


@pytest.fixture
def supervisor() -> Instrument:
    return load_instrument("supervisor-self-assessment")


# -- the shipped instruments ------------------------------------------------


def test_available_instruments_lists_both_sorted():
    assert available_instruments() == ["idaho-rcs", "supervisor-self-assessment"]


def test_every_shipped_file_loads_and_code_matches_file_name():
    for path in sorted(asset_path("instruments").glob("*.toml")):
        instrument = load_instrument_file(path)
        assert instrument.code == path.stem


def test_idaho_metadata(idaho):
    assert idaho.code == "idaho-rcs"
    assert idaho.version == "1"
    assert idaho.title == "Idaho Recovery Capital Scale"
    assert idaho.source == (
        "Idaho Recovery Capital Scale (Adapted from William White at "
        "williamwhitepapers.org.) for the Idaho Response to Opiate Crisis Project"
    )
    assert idaho.attribution == "Adapted from William White"
    assert idaho.instruction == ("Place a number by each statement that best describes your situation today.")
    assert idaho.scoring == "sum"
    assert idaho.total_label == "My Score"
    assert idaho.respondent == "participant"


def test_idaho_statements_match_hard_coded_copy(idaho):
    assert [s.number for s in idaho.statements] == list(range(1, 24))
    assert [s.text for s in idaho.statements] == IDAHO_STATEMENTS
    assert idaho.statement(23).text == "Services to others is an important part of my life today"
    assert "clean" in idaho.statement(14).text


def test_idaho_statements_match_the_seed(idaho):
    lines = _seed_lines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "Today's Date: _____")
    end = next(i for i, line in enumerate(lines) if i > start and line.strip() == "My Score")
    printed = [line for line in lines[start + 1 : end] if line.strip()]
    assert len(printed) == 23
    assert [s.text for s in idaho.statements] == printed
    assert printed == IDAHO_STATEMENTS  # the hard-coded copy is itself faithful


def test_idaho_scale_labels_exact_and_in_printed_order(idaho):
    assert [(c.value, c.label) for c in idaho.scale] == IDAHO_SCALE
    assert idaho.label(5) == "Completely Agree"
    assert idaho.label(1) == "Completely disagree"
    assert all(c.description == "" for c in idaho.scale)


def test_idaho_scale_matches_the_seed(idaho):
    lines = _seed_lines()
    printed = []
    for line in lines:
        m = re.fullmatch(r"([1-5]) - \*(.+)\*", line.strip())
        if m:
            printed.append((int(m.group(1)), m.group(2)))
    assert printed == [(c.value, c.label) for c in idaho.scale]


def test_no_declined_choice_in_the_file(idaho):
    labels = {c.label.casefold() for c in idaho.scale}
    assert not any("prefer" in label or "declin" in label for label in labels)
    assert len(idaho.scale) == 5


def test_supervisor_instrument(supervisor):
    assert supervisor.title == "Supervisor of Peer Workers Self-Assessment"
    assert supervisor.instruction == SUPERVISOR_INTRO
    assert supervisor.scoring == "none"
    assert supervisor.respondent == "worker"
    assert supervisor.develop_below == 3
    assert [s.number for s in supervisor.statements] == list(range(1, 12))
    assert [s.text for s in supervisor.statements] == SUPERVISOR_STATEMENTS
    assert [(c.value, c.label, c.description) for c in supervisor.scale] == SUPERVISOR_SCALE


def test_supervisor_matches_the_seed(supervisor):
    lines = _seed_lines()
    text = "\n".join(lines)
    assert SUPERVISOR_INTRO in lines
    for number, label, description in SUPERVISOR_SCALE:
        assert f"{number}. {label}\u2014{description}" in lines
    for statement in supervisor.statements:
        assert f"| {statement.number}. {statement.text} |" in text


# -- lookups and scoring ----------------------------------------------------


@pytest.mark.parametrize("value", [0, 6, -1, 23, True])
def test_is_valid_value_rejects_off_scale(idaho, value):
    assert idaho.is_valid_value(value) is False


@pytest.mark.parametrize("value", [1, 2, 3, 4, 5])
def test_is_valid_value_accepts_scale(idaho, value):
    assert idaho.is_valid_value(value) is True


def test_statement_and_label_lookups_reject_unknown(idaho):
    assert idaho.statement(1).text == IDAHO_STATEMENTS[0]
    assert idaho.statement(0) is None
    assert idaho.statement(24) is None
    assert idaho.statement(True) is None
    assert idaho.choice(6) is None
    assert idaho.choice(4).label == "Mostly Agree"
    with pytest.raises(KeyError):
        idaho.label(6)
    with pytest.raises(KeyError):
        idaho.label(0)


def test_totals_range(idaho, supervisor):
    assert (idaho.min_total, idaho.max_total) == (23, 115)
    assert (supervisor.min_total, supervisor.max_total) == (None, None)


def test_score_complete_is_the_sum(idaho):
    answers = {n: (n % 5) + 1 for n in range(1, 24)}
    assert idaho.score(answers) == 69  # 4 x (2+3+4+5+1) + 2+3+4
    assert idaho.score({n: 5 for n in range(1, 24)}) == 115
    assert idaho.score({n: 1 for n in range(1, 24)}) == 23


def test_score_one_declined_is_none_but_answered_sum_counts(idaho):
    answers = {n: 4 for n in range(1, 24)}
    answers[7] = None
    assert idaho.score(answers) is None
    assert idaho.answered_sum(answers) == 22 * 4
    assert idaho.answered_count(answers) == 22


def test_score_missing_is_none(idaho):
    answers = {n: 3 for n in range(1, 23)}  # statement 23 not answered
    assert idaho.score(answers) is None
    assert idaho.answered_sum(answers) == 66
    assert idaho.score({}) is None
    assert idaho.answered_sum({}) == 0


def test_score_none_rule_is_always_none(supervisor):
    answers = {n: 5 for n in range(1, 12)}
    assert supervisor.score(answers) is None
    assert supervisor.answered_sum(answers) == 55


def test_areas_to_develop_lists_ratings_1_and_2(supervisor):
    answers = {1: 1, 2: 3, 3: 2, 4: None, 5: 5, 6: 2}
    assert supervisor.areas_to_develop(answers) == [1, 3, 6]


@pytest.mark.parametrize("answers", [{1: 6}, {1: 0}, {24: 3}, {0: 3}, {1: True}])
def test_score_rejects_bad_answers(idaho, answers):
    with pytest.raises(ValueError):
        idaho.score(answers)


def test_instrument_is_frozen(idaho):
    with pytest.raises(dataclasses.FrozenInstanceError):
        idaho.title = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        idaho.statements[0].text = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        idaho.scale[0].label = "x"  # type: ignore[misc]


def test_load_is_cached(idaho):
    assert load_instrument("idaho-rcs") is idaho


def test_unknown_code_names_code_and_lists_available():
    with pytest.raises(InstrumentError) as err:
        load_instrument("no-such-form")
    message = str(err.value)
    assert "no-such-form" in message
    assert "idaho-rcs" in message and "supervisor-self-assessment" in message


def test_path_like_code_is_unknown():
    with pytest.raises(InstrumentError, match="unknown instrument"):
        load_instrument("../instruments/idaho-rcs")


# -- malformed files ----------------------------------------------------------

VALID = """\
code = "mini"
version = "1"
title = "Mini"
source = "A test instrument"
instruction = "Answer each."
scoring = "sum"

[[scale]]
value = 2
label = "Yes"

[[scale]]
value = 1
label = "No"

[[statements]]
number = 1
text = "First"

[[statements]]
number = 2
text = "Second"

[[statements]]
number = 3
text = "Third"
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mini.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_fixture_loads(tmp_path):
    instrument = load_instrument_file(_write(tmp_path, VALID))
    assert [s.text for s in instrument.statements] == ["First", "Second", "Third"]
    assert instrument.score({1: 2, 2: 1, 3: 2}) == 5
    assert instrument.total_label == "Total"
    assert instrument.attribution == ""


MALFORMED = [
    pytest.param(VALID.replace('code = "mini"\n', ""), "code", id="missing-code"),
    pytest.param(VALID.replace('version = "1"', "version = 1"), "version", id="version-not-text"),
    pytest.param(VALID.replace('text = "Third"', 'text = ""'), "statements[2].text", id="empty-text"),
    pytest.param(VALID.replace('text = "Second"', "text = 2"), "statements[1].text", id="text-not-text"),
    pytest.param(VALID.replace("number = 2", "number = 3"), "statements[1].number", id="number-skips"),
    pytest.param(VALID.replace("number = 1", "number = 0"), "statements[0].number", id="number-zero"),
    pytest.param(VALID.replace("value = 1", "value = 2"), "scale[1].value", id="duplicate-value"),
    pytest.param(VALID.replace('label = "No"', 'label = "  "'), "scale[1].label", id="blank-label"),
    pytest.param(VALID.replace("value = 2", 'value = "2"'), "scale[0].value", id="value-not-int"),
    pytest.param(VALID.replace('scoring = "sum"', 'scoring = "average"'), "scoring", id="unknown-scoring"),
    pytest.param(VALID.replace('title = "Mini"', 'titel = "Mini"'), "titel", id="unknown-field"),
    pytest.param(VALID.split("[[statements]]")[0], "statements", id="no-statements"),
    pytest.param(
        VALID.replace("[[scale]]\nvalue = 1", "[[scale]]\nvalue = 1\nlable = 'x'"),
        "scale[1].lable",
        id="unknown-choice-field",
    ),
]


@pytest.mark.parametrize(("text", "field"), MALFORMED)
def test_malformed_file_names_file_and_field(tmp_path, text, field):
    assert text != VALID
    path = _write(tmp_path, text)
    with pytest.raises(InstrumentError) as err:
        load_instrument_file(path)
    message = str(err.value)
    assert message.startswith("mini.toml: ")
    assert f" {field} " in message


def test_invalid_toml_names_file_and_line(tmp_path):
    path = _write(tmp_path, VALID.replace('title = "Mini"', 'title = "Mini'))
    with pytest.raises(InstrumentError) as err:
        load_instrument_file(path)
    message = str(err.value)
    assert message.startswith("mini.toml: ")
    assert "line 3" in message


def test_missing_file_is_instrument_error(tmp_path):
    with pytest.raises(InstrumentError, match=r"absent\.toml"):
        load_instrument_file(tmp_path / "absent.toml")


def test_instrument_error_is_value_error():
    assert issubclass(InstrumentError, ValueError)


def test_instruments_module_does_not_import_textual():
    import os
    import subprocess
    import sys

    root = str(Path(__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
    code = (
        "import sys, recovery_tui.content.instruments, recovery_tui.exchange.fhir; "
        "sys.exit(1 if any(m == 'textual' or m.startswith('textual.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], env=env).returncode == 0
