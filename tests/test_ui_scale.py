"""The Recovery Capital Scale by keys: 23 presses, declines, resume, stale drafts, last time, focus areas."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import OptionList

from recovery_tui import clock
from recovery_tui.content import instruments
from recovery_tui.store import records
from recovery_tui.store.database import close_store, open_store
from recovery_tui.store.models import FocusArea, Response, database_proxy
from recovery_tui.ui.app import RecoveryApp
from recovery_tui.ui.screens.choice import ChoiceScreen
from recovery_tui.ui.screens.focus_areas import FocusAreasScreen
from recovery_tui.ui.screens.form import FormScreen
from recovery_tui.ui.screens.form_summary import FormSummaryScreen
from recovery_tui.ui.screens.overview import OverviewScreen
from tests.history_data import complete_scale
from tests.ui_support import screen_text, type_text

TWENTY_THREE = list("54321543215432154321543")  # one key per statement


@pytest.fixture
def dana(store):
    return records.create_participant("Dana")


@pytest.fixture
def test_instrument(monkeypatch):
    monkeypatch.setattr(
        instruments, "INSTRUMENT_FOLDERS", [*instruments.INSTRUMENT_FOLDERS, Path(__file__).parent / "instruments"]
    )
    instruments.load_instrument.cache_clear()
    yield
    instruments.load_instrument.cache_clear()


def highlighted(app) -> int:
    """The statement the screen marks as current (▶), read from what is drawn."""
    marked = [row for row in app.screen.query(".statement-row") if str(row.render()).startswith("▶")]
    assert len(marked) == 1
    return int(str(marked[0].render())[1:].split(".")[0])


async def open_scale(pilot) -> None:
    await pilot.press("enter", "r")
    if isinstance(pilot.app.screen, ChoiceScreen):  # a scale was completed today: start another
        await pilot.press("y")
    assert isinstance(pilot.app.screen, FormScreen)


async def test_23_presses_give_a_complete_response(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scale(pilot)
        assert "1 of 23" in screen_text(app)
        await pilot.press(*TWENTY_THREE)
        assert isinstance(app.screen, FormSummaryScreen)
        text = screen_text(app)
        assert "My Score: 72 of 115" in text
        assert "This is the first completed scale" in text
    [response] = Response.select()
    assert response.complete and response.date == clock.today()
    assert records.answers_of(response.id) == {n: int(k) for n, k in enumerate(TWENTY_THREE, 1)}
    assert records.response_total(response) == sum(map(int, TWENTY_THREE)) == 72


async def test_progress_is_always_on_screen_and_a_running_total_never(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scale(pilot)
        await pilot.press("5", "4", "0")
        text = screen_text(app)
        assert "Statement 4 of 23" in text and "total" not in text  # a running total could steer an answer
        assert "Place a number by each statement that best describes your situation today." in text
        assert "Adapted from William White" in text
        for label in (
            "5 Completely Agree",
            "4 Mostly Agree",
            "3 Agree a little",
            "2 Mostly disagree",
            "1 Completely disagree",
            "0 Prefer not to answer",
        ):
            assert label in text


async def test_declined_statements_give_a_sum_with_how_many_answered_and_no_total(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scale(pilot)
        await pilot.press("0", *TWENTY_THREE[1:22], "0")
        assert isinstance(app.screen, FormSummaryScreen)
        text = screen_text(app)
        assert "64 of 105 for the 21 statements answered" in text and "21 of 23 answered" in text
        assert "My Score" not in text
    [response] = Response.select()
    answers = records.answers_of(response.id)
    assert answers[1] is None and answers[23] is None and len(answers) == 23
    assert response.complete and records.response_total(response) is None


async def test_moving_clearing_and_answering_out_of_order(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scale(pilot)
        await pilot.press("5", "5", "up")
        assert highlighted(app) == 2
        await pilot.press("backspace")
        [draft] = Response.select()
        assert records.answers_of(draft.id) == {1: 5}
        await pilot.press("down", "down")
        assert highlighted(app) == 4
        await pilot.press(*(["3"] * 20))  # 4 to 23
        assert isinstance(app.screen, FormScreen)  # statements 2 and 3 are still open
        assert highlighted(app) == 2
        await pilot.press("2", "1")
        assert isinstance(app.screen, FormSummaryScreen)
    assert records.answers_of(draft.id)[2:3] if False else records.answers_of(draft.id)[3] == 1


async def test_leaving_and_restarting_resumes_the_same_draft_at_the_first_unanswered(make_app, dana, settings) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scale(pilot)
        await pilot.press(*TWENTY_THREE[:7], "escape")
        assert isinstance(app.screen, OverviewScreen)
        assert "Unfinished, from 4 Mar 2026: 7 answered. Press r to carry on." in screen_text(app)
        await pilot.press("ctrl+q")
    close_store(database_proxy.obj)
    open_store(settings)
    again = RecoveryApp(cursor_blink=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await open_scale(pilot)
        assert highlighted(again) == 8
        assert "8 of 23" in screen_text(again)
        await pilot.press(*TWENTY_THREE[7:])  # 16 more presses finish it
        assert isinstance(again.screen, FormSummaryScreen)
    assert Response.select().count() == 1


async def test_a_stale_draft_is_offered_to_resume(make_app, dana) -> None:
    draft = records.start_response(dana.id, "idaho-rcs")
    records.give_answer(draft.id, 1, 4)
    clock.set_now(clock.now() + dt.timedelta(days=15))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "r")
        assert isinstance(app.screen, ChoiceScreen)
        text = " ".join(screen_text(app).split())
        assert "There is an unfinished Idaho Recovery Capital Scale │ │ from 4 Mar 2026." in text
        await pilot.press("r")
        assert isinstance(app.screen, FormScreen) and highlighted(app) == 2
    assert records.answers_of(draft.id) == {1: 4}


async def test_a_stale_draft_can_be_set_aside_for_a_new_one(make_app, dana) -> None:
    draft = records.start_response(dana.id, "idaho-rcs")
    records.give_answer(draft.id, 1, 4)
    clock.set_now(clock.now() + dt.timedelta(days=15))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "r", "d")
        assert isinstance(app.screen, FormScreen) and highlighted(app) == 1
        await pilot.press("3")
    [fresh] = Response.select()
    assert fresh.id != draft.id and records.answers_of(fresh.id) == {1: 3}


async def test_a_draft_within_14_days_opens_without_asking(make_app, dana) -> None:
    records.give_answer(records.start_response(dana.id, "idaho-rcs").id, 1, 4)
    clock.set_now(clock.now() + dt.timedelta(days=14))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "r")
        assert isinstance(app.screen, FormScreen) and highlighted(app) == 2


async def test_v_shows_and_hides_last_times_answers(make_app, dana) -> None:
    complete_scale(dana.id, [2] * 22 + [None])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scale(pilot)
        assert "last time" not in screen_text(app)
        await pilot.press("v")
        text = screen_text(app)
        assert "(last time 2)" in text and "last time: 2 Mostly disagree" in text
        await pilot.press("v")
        assert "last time" not in screen_text(app)


async def test_the_summary_counts_the_statements_not_compared_as_declined_one_time(make_app, dana) -> None:
    complete_scale(dana.id, [3] * 22 + [None])
    clock.set_now(clock.now() + dt.timedelta(days=30))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scale(pilot)
        await pilot.press("0", *(["3"] * 22))
        text = screen_text(app)
        assert "The same as last time: 21 statements." in text
        assert "Not compared, as not answered one time or the other: 2 statements." in text


async def test_the_summary_shows_change_and_which_statements_moved(make_app, dana) -> None:
    complete_scale(dana.id, [3] * 23)
    clock.set_now(clock.now() + dt.timedelta(days=30))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scale(pilot)
        await pilot.press("5", "2", *(["3"] * 21))
        text = screen_text(app)
        assert "My Score: 70 of 115" in text
        assert "Last time, on 4 Mar 2026: 69 of 115. This time is 1 more than last time." in text
        assert "1. I live in an environment that is free from alcohol and other drugs: 3 → 5" in text
        assert "2. I have an intimate partner that is supportive of my recovery: 3 → 2" in text
        assert "red" not in str(app.screen.query_one("#summary").styles.color)  # a drop is not red
        assert "The same as last time: 21 statements." in text
        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)
        assert "70 of 115 on 3 Apr 2026. 1 more than last time." in screen_text(app)


async def test_choosing_focus_areas_lowest_first_own_words_reorder_remove(make_app, dana) -> None:
    complete_scale(dana.id, [1] * 23)  # an earlier set that will be replaced
    records.choose_focus_areas(dana.id, [records.FocusChoice(7, "")])
    clock.set_now(clock.now() + dt.timedelta(days=7))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scale(pilot)
        await pilot.press(*(["4"] * 5), "2", *(["4"] * 10), "1", *(["4"] * 6))  # 6 and 17 rated lowest
        await pilot.press("enter")
        assert isinstance(app.screen, FocusAreasScreen)
        candidates = app.screen.query_one("#candidates", OptionList)
        first = [candidates.get_option_at_index(i).prompt.plain for i in range(2)]
        assert first[0].startswith("17. I have a sponsor") and first[1].startswith("6. I have a job")
        await pilot.press("enter", "down", "enter", "w")
        await type_text(pilot, "Walk [every] morning")
        await pilot.press("enter")
        chosen = app.screen.query_one("#chosen", OptionList)
        assert chosen.option_count == 4  # the current area (7) is kept unless removed
        await pilot.press("tab")  # to my areas, where the own words just added are highlighted
        await pilot.press("shift+up", "down", "delete")  # own words up one, then 6 (now last) removed
        await pilot.press("up", "up", "delete")  # and the earlier area, 7, removed
        await pilot.press("s")
        assert isinstance(app.screen, OverviewScreen)
        text = screen_text(app)
        assert "1. I have a sponsor or other mentor for my recovery" in text
        assert "2. Walk [every] morning" in text
    current = records.current_focus_areas(dana.id)
    assert [(a.rank, a.statement, a.text) for a in current] == [(1, 17, ""), (2, None, "Walk [every] morning")]
    [old] = FocusArea.select().where(FocusArea.replaced.is_null(False))
    assert old.statement == 7 and old.chosen == dt.date(2026, 3, 4) and old.replaced == dt.date(2026, 3, 11)


async def test_escape_leaves_focus_areas_unchanged(make_app, dana) -> None:
    records.choose_focus_areas(dana.id, [records.FocusChoice(7, "")])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scale(pilot)
        await pilot.press(*TWENTY_THREE, "enter", "enter", "escape")
        assert isinstance(app.screen, OverviewScreen)
    assert [a.statement for a in records.current_focus_areas(dana.id)] == [7]


async def test_no_more_than_five_areas(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scale(pilot)
        await pilot.press(*TWENTY_THREE, "enter")
        await pilot.press(*(["enter", "down"] * 6))
        assert "Up to 5 areas: remove one to add another." in screen_text(app)
        await pilot.press("s")
    assert len(records.current_focus_areas(dana.id)) == 5


async def test_the_form_renders_any_instrument_it_is_given(make_app, dana, test_instrument) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        app.push_screen(FormScreen(dana.id, "test-mood"))
        await pilot.pause()
        text = screen_text(app)
        assert "Three Small Questions" in text and "I slept enough" in text
        assert "0 Not at all" in text and "4 All the time" in text and "n Prefer not to answer" in text
        await pilot.press("5")  # not on this scale: nothing happens
        assert "Statement 1 of 3" in screen_text(app)
        await pilot.press("0", "n", "4")
        assert isinstance(app.screen, FormSummaryScreen)
        text = screen_text(app)
        assert "My Score" not in text and "Total" not in text
        assert "4 of 8 for the 2 statements answered." in text and "2 of 3 answered; a total out of 12" in text
    [response] = Response.select().where(Response.instrument == "test-mood")
    assert records.answers_of(response.id) == {1: 0, 2: None, 3: 4}


async def test_a_locked_database_gives_a_message_not_a_crash(make_app, dana, settings) -> None:
    import sqlite3

    other = sqlite3.connect(settings.sqlite_path, timeout=0)
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:  # toasts show, as in a terminal
        await open_scale(pilot)
        other.execute("begin immediate")  # another program holds the write lock
        await pilot.press("5")
        text = " ".join(screen_text(app).split())
        assert "Not saved" in text and "busy with another" in text and "locked" not in text
        assert isinstance(app.screen, FormScreen) and highlighted(app) == 1 and app.screen.answers == {}
        other.rollback()
        await pilot.press("5")
        assert highlighted(app) == 2
    other.close()
    [draft] = Response.select()
    assert records.answers_of(draft.id) == {1: 5}


async def test_areas_to_grow_can_be_chosen_again_from_the_overview(make_app, dana) -> None:
    complete_scale(dana.id, [4] * 22 + [2])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "a")
        assert isinstance(app.screen, FocusAreasScreen)
        candidates = app.screen.query_one("#candidates", OptionList)
        assert candidates.get_option_at_index(0).prompt.plain.startswith("23. Services to others")
        await pilot.press("enter", "s")
        assert isinstance(app.screen, OverviewScreen)
        assert "1. Services to others is an important part of my life today" in screen_text(app)
    assert [a.statement for a in records.current_focus_areas(dana.id)] == [23]
