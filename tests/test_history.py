"""The history: what the records give for each part, and the screen driven by keys.

Participants are built through ``store.records`` with the clock set to each day (tests/history_data.py).
"""

from __future__ import annotations

import datetime as dt

import pytest

from recovery_tui import clock
from recovery_tui.store import records, validation
from recovery_tui.store.errors import DatabaseProblem, NotFound, ValidationError
from recovery_tui.ui.looks import TEXTUAL
from recovery_tui.ui.screens.date_choice import DateChoiceScreen
from recovery_tui.ui.screens.history import HistoryScreen
from recovery_tui.ui.screens.overview import OverviewScreen
from recovery_tui.ui.widgets.key_bar import KeyBar
from recovery_tui.ui.widgets.score_chart import POINT, ScoreChart, score_chart
from tests.history_data import DECLINED, add_check_in, add_scale, add_week, values_for
from tests.ui_support import screen_text

pytestmark = pytest.mark.backend  # run again on PostgreSQL in CI

UNCOMPARED = TEXTUAL.uncompared
JAN_5 = dt.date(2026, 1, 5)  # a Monday, before the fixed clock's 4 Mar 2026
FEB_4 = dt.date(2026, 2, 4)
FEB_18 = dt.date(2026, 2, 18)
MAR_2 = dt.date(2026, 3, 2)


def with_one_declined(step: int) -> list[int | None]:
    values: list[int | None] = list(values_for(step))
    values[8] = DECLINED
    return values


@pytest.fixture
def dana(store, frozen_clock):
    """Four scales (the second with statement 9 declined), two check-ins, a week's plan, two sets of areas."""
    person = records.create_participant("Dana")
    add_scale(person.id, JAN_5, values_for(10))  # 56
    add_scale(person.id, FEB_4, with_one_declined(20))
    add_scale(person.id, FEB_18, values_for(25))  # 71
    add_scale(person.id, MAR_2, values_for(40))  # 86
    add_check_in(person.id, JAN_5, 3, "Sleep [bold]better[/]\nand eat")
    add_check_in(person.id, FEB_4, None, "")
    add_check_in(person.id, MAR_2, 4, "Call my sister")
    add_week(person.id, JAN_5, ["Walk with Sam", "Call the clinic", "Cook"], ["done", "partly", "not-yet"], 2)
    clock.set_now(dt.datetime(2026, 1, 12, 15, 30))
    records.choose_focus_areas(person.id, [records.FocusChoice(3, ""), records.FocusChoice(None, "[Cook] more")])
    clock.set_now(dt.datetime(2026, 3, 2, 15, 30))
    records.choose_focus_areas(person.id, [records.FocusChoice(5, "")])
    clock.set_now(frozen_clock)
    return person


# The records -----------------------------------------------------------------------------


def test_scale_history_gives_every_completed_scale_oldest_first_with_a_total_only_when_all_answered(dana) -> None:
    points = records.scale_history(dana.id)
    assert [(p.date, p.total, p.answered) for p in points] == [
        (JAN_5, 56, 23),
        (FEB_4, None, 22),
        (FEB_18, 71, 23),
        (MAR_2, 86, 23),
    ]
    assert points[1].answered_sum == sum(v for v in with_one_declined(20) if v is not None)


def test_a_draft_is_not_history(dana) -> None:
    draft = records.start_response(dana.id, records.SCALE)
    records.give_answer(draft.id, 1, 5)
    assert len(records.scale_history(dana.id)) == 4


def test_side_by_side_gives_both_answers_of_every_statement(dana) -> None:
    first, declined, *_ = records.scale_history(dana.id)
    pair = records.side_by_side(dana.id, first.response_id, declined.response_id)
    assert (pair.earlier.date, pair.later.date) == (JAN_5, FEB_4)
    assert len(pair.statements) == 23
    nine = pair.statements[8]
    assert (nine.number, nine.earlier, nine.later) == (9, values_for(10)[8], None)
    assert nine.text == validation.instrument(records.SCALE).statements[8].text
    assert [s.later for s in pair.statements if s.number != 9] == [v for n, v in enumerate(values_for(20), 1) if n != 9]


def test_side_by_side_refuses_another_persons_scale_and_a_draft(dana) -> None:
    eli = records.create_participant("Eli")
    theirs = add_scale(eli.id, FEB_4, values_for(3))
    mine = records.scale_history(dana.id)[0].response_id
    clock.set_now(dt.datetime(2026, 3, 4, 16, 0))
    with pytest.raises(ValidationError, match="not one of this participant's completed scales"):
        records.side_by_side(dana.id, mine, theirs)
    draft = records.start_response(dana.id, records.SCALE)
    with pytest.raises(ValidationError):
        records.side_by_side(dana.id, draft.id, mine)
    with pytest.raises(NotFound):
        records.side_by_side(dana.id, mine, "not-an-id")


def test_check_in_history_is_newest_first_with_how_they_felt_and_their_focus(dana) -> None:
    assert [(e.date, e.feeling, e.focus) for e in records.check_in_history(dana.id)] == [
        (MAR_2, 4, "Call my sister"),
        (FEB_4, None, ""),
        (JAN_5, 3, "Sleep [bold]better[/]\nand eat"),
    ]


def test_plan_history_counts_each_week_and_names_what_was_carried_over(dana) -> None:
    weeks = records.plan_history(dana.id)
    assert [(w.week_of, w.done, w.partly, w.not_yet, w.not_looked_back, w.carried_over) for w in weeks] == [
        (dt.date(2026, 1, 12), 0, 0, 0, 1, ()),
        (JAN_5, 1, 1, 1, 0, ("Cook",)),
    ]


def test_focus_history_gives_the_current_set_first_then_each_replaced_set_with_its_dates(dana) -> None:
    current, replaced = records.focus_history(dana.id)
    assert (current.chosen, current.replaced, len(current.areas)) == (MAR_2, None, 1)
    assert (replaced.chosen, replaced.replaced) == (dt.date(2026, 1, 12), MAR_2)
    assert replaced.areas == ("I have family members who are supportive of my recovery", "[Cook] more")


def test_two_sets_chosen_on_one_day_stay_two_sets(store, frozen_clock) -> None:
    person = records.create_participant("Eli")
    records.choose_focus_areas(person.id, [records.FocusChoice(None, "Walk"), records.FocusChoice(None, "Read")])
    records.choose_focus_areas(person.id, [records.FocusChoice(None, "Swim")])
    assert [s.areas for s in records.focus_history(person.id)] == [("Swim",), ("Walk", "Read")]


def test_history_of_nobody_is_not_found(store) -> None:
    with pytest.raises(NotFound):
        records.scale_history("00000000-0000-0000-0000-000000000000")


# The chart -------------------------------------------------------------------------------


def test_the_chart_labels_the_first_and_latest_totals_and_marks_a_declined_scale_on_the_date_axis(dana) -> None:
    chart = score_chart(records.scale_history(dana.id), 23, 115, width=80, rows=8).plain.splitlines()
    plot, axis, dates = chart[:8], chart[8], chart[9]
    assert sum(line.count(POINT) for line in plot) == 3  # the three scales with a total
    assert axis.count(UNCOMPARED) == 1 and UNCOMPARED not in "".join(plot)
    assert any("56" in line for line in plot) and any("86" in line for line in plot)
    assert not any("71" in line for line in plot)  # only the first and the latest are labelled
    assert dates.split() == ["5", "Jan", "2026", "2", "Mar", "2026"]
    assert all(len(line) <= 80 for line in chart)


def test_the_chart_rises_from_left_to_right_as_the_totals_do(dana) -> None:
    plot = score_chart(records.scale_history(dana.id), 23, 115, width=80, rows=8).plain.splitlines()[:8]
    points = [(row, line.index(POINT)) for row, line in enumerate(plot) if POINT in line]
    by_column = [row for row, _ in sorted(points, key=lambda p: p[1])]
    assert by_column == sorted(by_column, reverse=True)  # further right, higher up (a smaller row)


# The screen, by keys --------------------------------------------------------------------


async def press(pilot, *keys: str) -> str:
    """Press ``keys`` and wait for what they read in a worker to be drawn; the screen as text."""
    await pilot.press(*keys)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen_text(pilot.app)


async def open_history(pilot, *keys: str) -> str:
    return await press(pilot, "enter", "h", *keys)


def bar_keys(app) -> list[str]:
    return [key for key, _ in app.screen.query_one(KeyBar).keys]


async def test_h_opens_the_scores_over_time_with_the_chart_and_words(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        text = await open_history(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert "History · Scores over time · Dana" in text
        assert len(app.screen.query(ScoreChart)) == 1
        assert "First: 56 on 5 Jan 2026. Latest: 86 on 2 Mar 2026, 30 more than the first." in text
        assert UNCOMPARED in text
        await pilot.press("pagedown", "pagedown")
        assert "4 Feb 2026  22 of 23 answered" in screen_text(app)
        assert bar_keys(app)[:4] == ["t", "c", "p", "a"]
        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)


async def test_one_scale_is_said_in_words_instead_of_a_chart(make_app) -> None:
    person = records.create_participant("Eli")
    add_scale(person.id, JAN_5, values_for(10))
    clock.set_now(dt.datetime(2026, 3, 4, 15, 30))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        text = await open_history(pilot)
        assert "One scale so far: 56 of 115 on 5 Jan 2026." in text
        assert not app.screen.query(ScoreChart)
        text = await open_history(pilot, "t")
        assert "One scale so far" in text and "f" not in bar_keys(app)


async def test_no_scale_yet_says_so(make_app, store) -> None:
    records.create_participant("Eli")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        text = await open_history(pilot)
        assert "No completed scale yet." in text
        for key, words in (("c", "No check-ins yet."), ("p", "No weekly plans yet."), ("a", "No areas to grow")):
            assert words in await press(pilot, key)


async def test_t_sets_the_latest_two_side_by_side_and_f_goes_back_to_the_start(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        text = await open_history(pilot, "t")
        assert "History · Two scales side by side · Dana" in text
        assert "18 Feb 2026 → 2 Mar 2026" in text
        assert "71 then, 86 now: 15 more than before." in text
        assert "Mostly Agree  →  Mostly Agree  · stayed the same" in text  # statement 1: 4 and 4
        assert "Agree a little  →  Mostly Agree  · went up" in text  # statement 3: 3 then 4
        assert "f" in bar_keys(app) and "d" in bar_keys(app)
        text = await press(pilot, "f")
        assert "5 Jan 2026 → 2 Mar 2026: the first and the latest, since we started." in text
        assert "56 then, 86 now: 30 more than before." in text
        assert "18 Feb 2026 → 2 Mar 2026" in await press(pilot, "f")


async def test_d_chooses_any_two_scales_from_a_date_list(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot, "t", "d")
        assert isinstance(app.screen, DateChoiceScreen)
        text = screen_text(app)
        assert "Which scale first?" in text and "4 Feb 2026  22 of 23 answered" in text
        await pilot.press("down", "down", "enter")  # newest first: 4 Feb 2026
        assert "Set 4 Feb 2026 beside which?" in screen_text(app)
        text = await press(pilot, "down", "down", "enter")  # the others, newest first: 5 Jan 2026
        assert isinstance(app.screen, HistoryScreen)
        assert "5 Jan 2026 → 4 Feb 2026" in text
        assert "56 of 115 then, 22 of 23 answered now." in text
        assert "Went up 10, stayed the same 12, not compared 1." in text


async def test_escape_in_the_date_list_changes_nothing(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot, "t", "d", "escape")
        assert isinstance(app.screen, HistoryScreen)
        assert "18 Feb 2026 → 2 Mar 2026" in screen_text(app)


async def test_check_ins_plans_and_areas_show_the_participants_words_literally(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        text = await open_history(pilot, "c")
        assert "History · Check-ins · Dana" in text
        lines = text.splitlines()
        newest = next(n for n, line in enumerate(lines) if "2 Mar 2026" in line and "pretty well" in line)
        oldest = next(n for n, line in enumerate(lines) if "5 Jan 2026" in line and "getting by" in line)
        assert newest < oldest
        assert "Focus: Sleep [bold]better[/]" in text and "and eat" in text
        assert "How I felt was not filled in." in text
        text = await press(pilot, "p")
        assert "Week of 5 Jan 2026: 1 done, 1 partly done, 1 not yet." in text
        assert "carried over: Cook" in text
        text = await press(pilot, "a")
        assert "Now, chosen 2 Mar 2026" in text
        assert "Chosen 12 Jan 2026, replaced 2 Mar 2026" in text
        assert "[Cook] more" in text


async def test_a_part_is_read_once_while_the_screen_is_open(make_app, dana, monkeypatch) -> None:
    calls = []
    reader = records.check_in_history
    monkeypatch.setattr(records, "check_in_history", lambda person: calls.append(person) or reader(person))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot, "c", "s", "c")
        assert calls == [dana.id]
        assert not {"check-ins", "scores"} - app.screen.drawn


async def test_a_long_name_stays_on_the_title_line(make_app) -> None:
    records.create_participant("W" * 80)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        text = await open_history(pilot)
        title = text.splitlines()[0]
        assert title.startswith(" History · Scores over time · WWW") and title.rstrip().endswith("…")
        assert "No completed scale yet." in text.splitlines()[2]


async def test_two_scales_that_cannot_be_read_say_so_calmly_and_t_tries_again(make_app, dana, monkeypatch) -> None:
    def busy(*args: object) -> None:
        raise DatabaseProblem("The records are busy just now. Please try again.")

    reader = records.side_by_side
    monkeypatch.setattr(records, "side_by_side", busy)
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        text = await open_history(pilot, "t")
        assert "This part could not be read just now. Press t to try again." in text
        assert "t" in bar_keys(app)
        monkeypatch.setattr(records, "side_by_side", reader)
        text = await press(pilot, "t")
        assert "18 Feb 2026 → 2 Mar 2026" in text and "t" not in bar_keys(app)


async def test_what_lives_as_long_as_the_app_is_kept_out_of_full_collections_while_it_runs(make_app, store) -> None:
    """Full garbage collections over Textual's own objects stalled one history open in ten by
    150-250 ms (benchmarks/history_open.py); once the first screen is drawn they are frozen."""
    import gc

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert gc.get_freeze_count() > 1000
    assert gc.get_freeze_count() == 0  # collectable again once the app is gone
