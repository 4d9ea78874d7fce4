"""What a person sees, at 80x24 and 120x40. Each snapshot was looked at before it was accepted.

Update with `pytest tests/test_ui_snapshots.py --snapshot-update`, then look again.
"""

from __future__ import annotations

import datetime as dt

import pytest

from recovery_tui import clock
from recovery_tui.store import records
from recovery_tui.store.models import Activity, ActivityHelper, FocusArea, Helper, Participant, Visit

SIZES = [(80, 24), (120, 40)]


def some_participants() -> None:
    for name, agency in (("Émile", "K-1001"), ("Ляля", None), ("مريم", "K-1003"), ("[bold]Sam", None)):
        records.create_participant(name, agency)


def a_participant_with_a_story() -> Participant:
    """Two completed scales, focus areas, a plan for this week with helpers, three visits."""
    person = records.create_participant("Dana", "K-2040")
    today = clock.today()
    for days_ago, value in ((35, 3), (0, 4)):
        clock.set_now(clock.now() - dt.timedelta(days=days_ago))
        response = records.start_response(person.id, "idaho-rcs")
        for number in range(1, 24):
            records.give_answer(response.id, number, value if number % 4 else value - 1)
        records.complete_response(response.id)
        clock.set_now(clock.now() + dt.timedelta(days=days_ago))
    for days_ago in (35, 14, 0):
        Visit.create(participant=person, started=clock.now() - dt.timedelta(days=days_ago))
    for rank, (statement, text) in enumerate(((16, ""), (6, ""), (None, "Get back to [painting] on Sundays")), 1):
        FocusArea.create(participant=person, rank=rank, statement=statement, text=text, chosen=today)
    sponsor = Helper.create(participant=person, name="Mo", relationship="sponsor")
    sister = Helper.create(participant=person, name="Aunt Ré", relationship="family")
    monday = records.week_of(today)
    for text, helpers in (
        ("Go to the Tuesday meeting", [sponsor]),
        ("Call about the job at the bakery", [sponsor, sister]),
    ):
        activity = Activity.create(participant=person, week_of=monday, text=text)
        for helper in helpers:
            ActivityHelper.create(activity=activity, helper=helper)
    return person


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_participants_screen(snap_compare, make_app, size) -> None:
    some_participants()
    assert snap_compare(make_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_new_participant_with_an_error(snap_compare, make_app, size) -> None:
    records.create_participant("Ana", "K-1")
    assert snap_compare(make_app(), press=["ctrl+n", "tab", "K", "-", "1", "enter"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_overview(snap_compare, make_app, size) -> None:
    a_participant_with_a_story()
    assert snap_compare(make_app(), press=["enter"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_keys_box(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(), press=["f1"], terminal_size=size)


def dana_with_an_earlier_scale() -> None:
    person = records.create_participant("Dana")
    response = records.start_response(person.id, "idaho-rcs")
    for number in range(1, 24):
        if number == 9:
            records.decline_answer(response.id, number)
        else:
            records.give_answer(response.id, number, 1 + number % 5)
    records.complete_response(response.id)
    clock.set_now(clock.now() + dt.timedelta(days=28))


MID_SCALE = ["enter", "r", "5", "4", "4", "3", "0", "2", "5"]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_scale_mid_way(snap_compare, make_app, size) -> None:
    dana_with_an_earlier_scale()
    assert snap_compare(make_app(), press=MID_SCALE, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_scale_with_last_times_answers(snap_compare, make_app, size) -> None:
    dana_with_an_earlier_scale()
    assert snap_compare(make_app(), press=[*MID_SCALE, "v"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_scale_summary(snap_compare, make_app, size) -> None:
    dana_with_an_earlier_scale()
    answers = list("54432254321543215432154")
    assert snap_compare(make_app(), press=["enter", "r", *answers], terminal_size=size)


def test_check_in(snap_compare, make_app) -> None:
    person = records.create_participant("Dana")
    visit = records.start_or_resume_visit(person.id)
    records.save_check_in(
        visit.id, feeling=4, went_well="Went to my group on Tuesday [and stayed]", hard="Sleep has been hard", focus=""
    )
    assert snap_compare(make_app(), press=["enter", "c"], terminal_size=(80, 24))


def test_visit_note(snap_compare, make_app) -> None:
    person = records.create_participant("Dana")
    visit = records.start_or_resume_visit(person.id)
    records.save_visit_note(
        visit.id,
        note="Talked about the job at the bakery.",
        domains=["Mentoring and Education"],
        support_lines_shared=True,
    )
    assert snap_compare(make_app(), press=["enter", "n"], terminal_size=(80, 24))
