"""Words at a shared screen, by keys only: what two people reading together see.

No running total while the scale is answered (it could steer an answer); the summary
says the total, what it is out of and what it means; areas to grow show the
participant's own answer in words; the participant's screens speak in the first
person; a broken agency support-lines file shows the default lines first and the
problem, for the worker, on one short line below them.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from textual.widgets import OptionList, Static

from recovery_tui import clock
from recovery_tui.store import records
from recovery_tui.ui.app import RecoveryApp
from recovery_tui.ui.screens.focus_areas import FocusAreasScreen
from recovery_tui.ui.screens.form import FormScreen
from recovery_tui.ui.screens.form_summary import FormSummaryScreen
from recovery_tui.ui.screens.support_lines import SupportLinesScreen
from tests.history_data import complete_scale
from tests.ui_support import screen_text

MEANING = "a higher number means more recovery capital to draw on"
DEFAULT_NAMES = ("988 Suicide & Crisis Lifeline", "SAMHSA National Helpline", "Crisis Text Line")


@pytest.fixture
def dana(store):
    return records.create_participant("Dana")


def flat(text: str) -> str:
    """Screen text as one line of words, borders and scroll bars left out."""
    return " ".join(re.sub(r"[│█▐▌▁▔▇▂╭╮╰╯─]", " ", text).split())


# The scale: progress while answering, the total only after -------------------------


async def test_no_running_total_is_on_screen_at_any_point_while_answering(make_app, dana) -> None:
    keys = [*"5432154321543215432154", "0"]  # 22 answers, then the last declined
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "r")
        assert isinstance(app.screen, FormScreen)
        given = 0
        for number, key in enumerate(keys, 1):
            text = screen_text(app)
            assert f"Statement {number} of 23" in text
            assert "total" not in text.lower() and "score" not in text.lower()
            # No sum of the answers so far appears anywhere, in any words, once there is one.
            if given > 23:  # above every statement number on screen
                assert not re.search(rf"(?<![\d.]){given}(?![\d.])", text), (number, given)
            await pilot.press(key)
            given += int(key)
        assert isinstance(app.screen, FormSummaryScreen)  # the total is for here


async def test_the_summary_of_a_complete_scale_says_out_of_what_and_what_it_means(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "r", *list("45444544454445444544454"))
        assert isinstance(app.screen, FormSummaryScreen)
        total = app.screen.query_one(".summary-total", Static)
        assert str(total.render()) == f"My Score: 98 of 115; {MEANING}."
        assert "answered" not in flat(screen_text(app))


async def test_the_summary_of_a_partly_declined_scale_adds_up_only_what_was_answered(make_app, dana) -> None:
    complete_scale(dana.id, [3] * 23)  # an earlier complete one: never compared as a total with this one
    clock.set_now(clock.now() + dt.timedelta(days=28))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "r", "0", *(["3"] * 16), *(["4"] * 6))  # 48 + 24
        assert isinstance(app.screen, FormSummaryScreen)
        text = flat(screen_text(app))
        total = app.screen.query_one(".summary-total", Static)
        assert str(total.render()) == f"72 of 110 for the 22 statements answered; {MEANING}."
        assert "22 of 23 answered; a total out of 115 is given when all 23 are answered." in text
        assert "My Score" not in text
        assert "This time not every statement was answered, so the totals are not compared." in text


async def test_one_statement_answered_is_said_in_the_singular(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "r", "2", *(["0"] * 22))
        total = app.screen.query_one(".summary-total", Static)
        assert str(total.render()) == f"2 of 5 for the 1 statement answered; {MEANING}."


# Areas to grow: the participant's own answer in words ---------------------------------


async def test_areas_to_grow_show_each_answer_in_the_scales_words(make_app, dana) -> None:
    complete_scale(dana.id, [4] * 5 + [2] + [None] + [4] * 9 + [1] + [5] * 6)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "a")
        assert isinstance(app.screen, FocusAreasScreen)
        candidates = app.screen.query_one("#candidates", OptionList)
        prompts = [candidates.get_option_at_index(i).prompt.plain for i in range(candidates.option_count)]
        assert prompts[0] == "17. I have a sponsor or other mentor for my recovery  (Completely disagree)"
        assert prompts[1].startswith("6. ") and prompts[1].endswith("  (Mostly disagree)")
        assert prompts[2].endswith("  (Mostly Agree)") and prompts[-2].endswith("  (Completely Agree)")
        assert prompts[-1].startswith("7. ") and prompts[-1].endswith("  (prefer not to answer)")
        assert not any(re.search(r"\(\d\)", prompt) for prompt in prompts)  # never a bare number
        text = screen_text(app)
        assert "Areas I might like to grow" in text and "Areas I want to grow (up to 5)" in text
        assert "you" not in text.lower()  # one voice: the participant's


# The supervisor self-assessment through the same form and summary ----------------------


async def test_the_supervisor_self_assessment_has_no_total_and_lists_areas_to_develop(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        app.push_screen(FormScreen(dana.id, "supervisor-self-assessment"))
        await pilot.pause()
        assert "Statement 1 of 11" in screen_text(app)
        await pilot.press("5", "2", "3", "1", "4", "0", "5", "5", "5", "5", "5")
        assert isinstance(app.screen, FormSummaryScreen)
        text = flat(screen_text(app))
        assert not app.screen.query(".summary-total")
        assert " of 55" not in text and "Score" not in text and "recovery capital" not in text
        assert "Areas I would like to develop (rated 1 or 2):" in text
        assert "2. I understand the values and practice of peer support (Personal Learning need)" in text
        assert "(Professional Learning Need)" in text and "4. I can maintain a balance" in text
        assert "3. I understand the roles" not in text and "6. I can provide" not in text


# Support lines: the defaults first, the problem for the worker below ------------------


async def test_a_broken_agency_file_shows_the_defaults_first_and_the_problem_on_one_line_below(
    store, frozen_clock
) -> None:
    file = store.data_dir / "support-lines.toml"
    file.write_text('[[lines]]\nname = "Harbor Warmline"\n', encoding="utf-8")
    app = RecoveryApp(cursor_blink=False, support_lines_file=file)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        assert isinstance(app.screen, SupportLinesScreen)
        rows = [flat(row) for row in screen_text(app).splitlines()]
        problem = "For the worker: support-lines.toml: lines[1].contact is missing"
        [at] = [n for n, row in enumerate(rows) if problem in row]  # on one line
        last_line = max(n for n, row in enumerate(rows) if "Text HOME to 741741" in row)
        first_line = min(n for n, row in enumerate(rows) if DEFAULT_NAMES[0] in row)
        assert first_line < last_line < at
        assert rows[at] == problem  # short: nothing more on its line
        assert "Harbor" not in screen_text(app)
        line = app.screen.query_one("#support-problem", Static)
        assert line.region.height == 1 and line.styles.color != app.screen.query_one(".support-line").styles.color
