"""The visit, the check-in and the visit note, by keys."""

from __future__ import annotations

import datetime as dt

import pytest

from recovery_tui import clock
from recovery_tui.store import records
from recovery_tui.store.database import close_store, open_store
from recovery_tui.store.models import CheckIn, Visit, database_proxy
from recovery_tui.ui.app import RecoveryApp
from recovery_tui.ui.screens.check_in import CheckInScreen
from recovery_tui.ui.screens.overview import OverviewScreen
from recovery_tui.ui.screens.visit_note import VisitNoteScreen
from tests.ui_support import screen_text, type_text


@pytest.fixture
def dana(store):
    return records.create_participant("Dana")


def only_visit() -> Visit:
    [visit] = Visit.select()
    return visit


async def test_a_full_check_in_is_saved_and_shown_on_the_overview(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "c")
        assert isinstance(app.screen, CheckInScreen)
        assert "How am I feeling today?" in screen_text(app)
        await pilot.press("4", "tab")
        await type_text(pilot, "Went to my [bold] group")
        await pilot.press("tab")
        await type_text(pilot, "Sleep\x1b[2J has been hard\nmost nights")
        await pilot.press("tab")
        await type_text(pilot, "Call my sister")
        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)
        text = screen_text(app)
        assert "Last check-in 4 Mar 2026: I'm doing pretty well." in text
        assert "Focus: Call my sister" in text
        assert "Today's visit started at 15:30." in text
    check_in = CheckIn.get()
    assert (check_in.feeling, check_in.went_well, check_in.hard, check_in.focus) == (
        4,
        "Went to my [bold] group",
        "Sleep[2J has been hard\nmost nights",
        "Call my sister",
    )


async def test_every_field_can_be_skipped(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "c", "tab", "tab", "tab", "escape")
        assert "No check-ins yet." in screen_text(app)
    assert only_visit().ended is None
    assert CheckIn.select().count() == 0


async def test_c_again_resumes_todays_visit_with_what_was_saved(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "c", "3", "tab", *"Walked", "escape")
        await pilot.press("c")
        text = screen_text(app)
        assert "● I'm getting by" in text and "Walked" in text
        await pilot.press("5", "escape")
    assert Visit.select().count() == 1
    assert (CheckIn.get().feeling, CheckIn.get().went_well) == (5, "Walked")


async def test_typing_then_quitting_at_once_loses_nothing(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "c", "tab", *"Slept well", "ctrl+q")
    assert CheckIn.get().went_well == "Slept well"


async def test_a_visit_left_open_yesterday_is_closed_and_c_starts_a_new_one(make_app, dana, settings) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "c", "2", "escape", "ctrl+q")
    yesterday = only_visit()
    close_store(database_proxy.obj)
    clock.set_now(clock.now() + dt.timedelta(days=1))
    open_store(settings)
    again = RecoveryApp(cursor_blink=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert "Last visit 4 Mar 2026, 1 visit in all. Press c to start today's." in screen_text(again)
        await pilot.press("c", "4", "escape")
        assert "Today's visit started at 15:30." in screen_text(again)
    closed = Visit.get_by_id(yesterday.id)
    assert closed.ended == dt.datetime(2026, 3, 4, 23, 59, 59, 999999)  # the end of its day (TZ=UTC)
    assert Visit.select().count() == 2
    assert [f.value for f in records.recent_feelings(dana.id)] == [2, 4]


async def test_opening_another_participant_leaves_the_visit_open(make_app, dana) -> None:
    records.create_participant("Eli")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "c", "escape", "escape")  # Dana's visit, back to the list
        assert only_visit().ended is None
        await pilot.press(*"eli", "enter")
        assert isinstance(app.screen, OverviewScreen)
    assert only_visit().ended is None  # a visit follows the person: only the worker ends it


async def test_returning_to_the_same_participant_keeps_the_visit_open(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "c", "escape", "escape", "enter")
    assert only_visit().ended is None


async def test_visit_note_domains_and_support_lines_shared_only_when_marked(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "n")
        assert isinstance(app.screen, VisitNoteScreen)
        await type_text(pilot, "Talked about [work]")
        await pilot.press("tab", "space", "down", "down", "space", "escape")
        assert "Support lines were shared." not in screen_text(app)
    visit = only_visit()
    assert (visit.note, visit.domains, visit.support_lines_shared) == (
        "Talked about [work]",
        "Advocacy\nMentoring and Education",
        False,
    )

    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "n", "tab", "tab", "space", "escape")
        assert "Support lines were shared." in screen_text(pilot.app)
    assert Visit.get_by_id(visit.id).support_lines_shared is True


async def test_the_overview_charts_feeling_over_recent_check_ins(make_app, dana) -> None:
    start = clock.now()
    for days_ago, feeling in ((21, 2), (14, 3), (7, 3), (0, 5)):
        clock.set_now(start - dt.timedelta(days=days_ago))
        records.save_check_in(records.start_or_resume_visit(dana.id).id, feeling=feeling)
    clock.set_now(start)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        text = screen_text(app)
        assert "How I felt at the last 4 check-ins, oldest first:" in text
        assert "▃  ▅  ▅  █" in text and "2  3  3  5" in text
