"""Completed Recovery Capital Scales as CSV: columns, declined answers, what is left out, spreadsheet safety."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io

import pytest

from recovery_tui.exchange.csv_export import scales_csv
from recovery_tui.store import records
from tests.factories import build_full_store
from tests.history_data import DECLINED, add_scale, complete_scale

pytestmark = pytest.mark.backend  # run again on PostgreSQL in CI

STATEMENTS = [f"s{n}" for n in range(1, 24)]
VALUES = [n % 5 + 1 for n in range(23)]  # 1, 2, 3, 4, 5, 1, ...: a total of 66
TODAY = "2026-03-04"  # the frozen clock's date


def participants() -> list[records.ParticipantRecord]:
    return records.read_everything()[1]


def parsed(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def data_rows(text: str) -> list[list[str]]:
    return parsed(text)[1:]


def as_dicts(text: str) -> list[dict[str, str]]:
    header, *rows = parsed(text)
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize(
    ("flags", "leading"),
    [
        ({}, ["participant_id"]),
        ({"with_agency_id": True}, ["participant_id", "agency_id"]),
        ({"with_names": True}, ["participant_id", "first_name"]),
        ({"with_agency_id": True, "with_names": True}, ["participant_id", "agency_id", "first_name"]),
    ],
)
def test_header(store, frozen_clock, flags, leading):
    assert parsed(scales_csv([], **flags)) == [[*leading, "date", *STATEMENTS, "total"]]


def test_a_completed_scale_is_a_row(store, frozen_clock):
    ana = records.create_participant("Ana", "A-100")
    complete_scale(ana.id, VALUES)
    [row] = as_dicts(scales_csv(participants()))
    assert row == {
        "participant_id": str(ana.id),
        "date": TODAY,
        **{f"s{n}": str(v) for n, v in enumerate(VALUES, 1)},
        "total": "66",
    }


def test_declined_answers_are_empty_and_leave_no_total(store, frozen_clock):
    ana = records.create_participant("Ana")
    values: list[int | None] = list(VALUES)
    values[6] = DECLINED
    values[22] = DECLINED
    complete_scale(ana.id, values)
    [row] = as_dicts(scales_csv(participants()))
    assert row["s7"] == "" and row["s23"] == ""
    assert row["s6"] == "1" and row["s8"] == "3"
    assert row["total"] == ""


def test_drafts_are_left_out(store, frozen_clock):
    ana = records.create_participant("Ana")
    complete_scale(ana.id, VALUES)
    draft = records.start_response(ana.id, records.SCALE)
    for number in range(1, 24):
        records.give_answer(draft.id, number, 5)  # every statement answered, but never completed
    bea = records.create_participant("Bea")
    records.give_answer(records.start_response(bea.id, records.SCALE).id, 1, 4)
    everyone = participants()
    assert [len(p.responses) for p in everyone] == [2, 1]  # the drafts are in the records
    rows = as_dicts(scales_csv(everyone))
    assert [(r["participant_id"], r["total"]) for r in rows] == [(str(ana.id), "66")]


def test_other_instruments_and_supervisors_self_assessments_are_left_out(store):
    built = build_full_store()
    workers, everyone = records.read_everything()
    [self_assessment] = workers[0].responses
    assert self_assessment.complete and self_assessment.instrument == "supervisor-self-assessment"
    # Even a self-assessment that found its way onto a participant is not a scale row.
    emile = everyone[0]
    everyone[0] = dataclasses.replace(emile, responses=(self_assessment, *emile.responses))
    rows = as_dicts(scales_csv(everyone))
    # Emile's two completed scales (his draft left out) and Özge's one; Lyalya has none.
    emile_id, ozge_id, _ = (str(i) for i in built.participant_ids)
    assert [r["participant_id"] for r in rows] == [emile_id, emile_id, ozge_id]
    assert [r["total"] for r in rows] == ["69", "", "69"]
    assert all(set(r) == {"participant_id", "date", *STATEMENTS, "total"} for r in rows)


def test_rows_follow_the_participants_as_given_then_date(store, frozen_clock):
    ana = records.create_participant("Ana")
    bea = records.create_participant("Bea")
    add_scale(ana.id, dt.date(2026, 1, 5), [1] * 23)
    add_scale(ana.id, dt.date(2026, 2, 5), [2] * 23)
    add_scale(bea.id, dt.date(2026, 1, 1), [3] * 23)
    first_ana, first_bea = participants()
    # Bea first, and Ana's responses handed over newest first: the rows still go by date.
    late_first = dataclasses.replace(first_ana, responses=first_ana.responses[::-1])
    rows = as_dicts(scales_csv([first_bea, late_first]))
    assert [(r["participant_id"], r["date"], r["total"]) for r in rows] == [
        (str(bea.id), "2026-01-01", "69"),
        (str(ana.id), "2026-01-05", "23"),
        (str(ana.id), "2026-02-05", "46"),
    ]


def test_names_and_agency_ids_only_when_asked(store, frozen_clock):
    ana = records.create_participant("Anastasia", "AGENCY-7731")
    bea = records.create_participant("Beatrix")
    complete_scale(ana.id, VALUES)
    complete_scale(bea.id, VALUES)
    everyone = participants()

    plain = scales_csv(everyone)
    assert "Anastasia" not in plain and "Beatrix" not in plain and "AGENCY-7731" not in plain

    agency = as_dicts(scales_csv(everyone, with_agency_id=True))
    assert [(r["agency_id"], "first_name" in r) for r in agency] == [("AGENCY-7731", False), ("", False)]
    assert "Anastasia" not in scales_csv(everyone, with_agency_id=True)

    named = as_dicts(scales_csv(everyone, with_names=True))
    assert [(r["first_name"], "agency_id" in r) for r in named] == [("Anastasia", False), ("Beatrix", False)]
    assert "AGENCY-7731" not in scales_csv(everyone, with_names=True)

    both = parsed(scales_csv(everyone, with_agency_id=True, with_names=True))
    assert [row[:4] for row in both[1:]] == [
        [str(ana.id), "AGENCY-7731", "Anastasia", TODAY],
        [str(bea.id), "", "Beatrix", TODAY],
    ]


HOSTILE_NAMES = ['=HYPERLINK("http://x")', "@SUM(A1)", "-2+3", "+1", "=1+1"]


def test_cells_that_would_run_as_formulas_are_neutralised(store, frozen_clock):
    for name in [*HOSTILE_NAMES, "Ana"]:
        person = records.create_participant(name, f"={name}" if name != "Ana" else "-A-1")
        complete_scale(person.id, VALUES)
    rows = as_dicts(scales_csv(participants(), with_agency_id=True, with_names=True))
    assert [r["first_name"] for r in rows] == [*(f"'{n}" for n in HOSTILE_NAMES), "Ana"]
    assert [r["agency_id"] for r in rows] == [*(f"'={n}" for n in HOSTILE_NAMES), "'-A-1"]
    # The numbers are left alone.
    assert all(r["total"] == "66" and r["s1"] == "1" for r in rows)


def test_tabs_and_carriage_returns_are_neutralised(store, frozen_clock):
    # The store cleans tabs and line breaks out of a name; a record from elsewhere might carry one.
    ana = records.create_participant("Ana", "A-1")
    complete_scale(ana.id, VALUES)
    [record] = participants()
    assert record.first_name == "Ana"
    tab = dataclasses.replace(record, first_name="\tTab", agency_id="\r=1+1")
    [row] = as_dicts(scales_csv([tab], with_agency_id=True, with_names=True))
    assert row["first_name"] == "'\tTab"
    assert row["agency_id"] == "'\r=1+1"


def test_text_opens_cleanly_in_a_spreadsheet(store, frozen_clock):
    ana = records.create_participant("Zoë")
    complete_scale(ana.id, VALUES)
    complete_scale(ana.id, VALUES)
    text = scales_csv(participants(), with_names=True)
    assert text.startswith("\ufeff") and not text.startswith("\ufeff\ufeff")
    lines = text.split("\r\n")
    assert len(lines) == 4 and lines[-1] == ""  # header, two rows, and a line end after the last
    assert "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", "")
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbfparticipant_id,")
    assert "Zoë" in text
