"""f2 from every screen, by keys only: the support lines, then escape back to exactly where you were.

"Exactly where you were" is checked as the same screen object, the same focused widget,
the same state that screen holds, and the same text on screen, character for character.
"Records nothing" is checked as the same rows, every column, in every table.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from recovery_tui import clock
from recovery_tui.store import records
from recovery_tui.store.database import close_store
from recovery_tui.store.models import ALL_MODELS, Response, database_proxy
from recovery_tui.ui.app import RecoveryApp
from recovery_tui.ui.screens.choice import ChoiceScreen
from recovery_tui.ui.screens.focus_areas import FocusAreasScreen
from recovery_tui.ui.screens.form import FormScreen
from recovery_tui.ui.screens.form_summary import FormSummaryScreen
from recovery_tui.ui.screens.keys import KeysScreen
from recovery_tui.ui.screens.new_participant import NewParticipantScreen
from recovery_tui.ui.screens.overview import OverviewScreen
from recovery_tui.ui.screens.own_words import OwnWordsScreen
from recovery_tui.ui.screens.participants import ParticipantsScreen
from recovery_tui.ui.screens.support_lines import SupportLinesScreen
from tests.ui_support import screen_text, type_text

TWENTY_THREE = list("54321543215432154321543")
DEFAULT_NAMES = ("988 Suicide & Crisis Lifeline", "SAMHSA National Helpline", "Crisis Text Line")
DEFAULT_WAYS = ("Call or text 988", "Call 1-800-662-4357", "TTY 1-800-487-4889", "Text HOME to 741741")


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RECOVERY_TUI_SUPPORT_LINES", raising=False)


@pytest.fixture
def dana(store):
    return records.create_participant("Dana")


@pytest.fixture
def agency_app(store, frozen_clock):
    """The app as the command line starts it: the agency's file in the data directory."""
    file = store.data_dir / "support-lines.toml"
    return file, lambda: RecoveryApp(cursor_blink=False, support_lines_file=file)


def every_row() -> dict[str, list[str]]:
    """Every column of every row of every table, audit log included."""
    return {model.__name__: sorted(map(repr, model.select().tuples())) for model in ALL_MODELS}


def shows_the_defaults(text: str) -> bool:
    return all(words in text for words in (*DEFAULT_NAMES, *DEFAULT_WAYS))


async def f2_and_back(pilot, *, close: str = "escape", while_open: tuple[str, ...] = ()) -> None:
    """Press f2, see the lines, maybe press keys there, close, and find everything as it was."""
    app = pilot.app
    screen, focused, text, rows = app.screen, app.focused, screen_text(app), every_row()
    stack = list(app.screen_stack)
    await pilot.press("f2")
    assert isinstance(app.screen, SupportLinesScreen)
    shown = screen_text(app)
    assert shows_the_defaults(shown) and "esc returns to where you were" in shown
    assert every_row() == rows  # opening writes nothing
    await pilot.press(*while_open, close)
    await pilot.pause()
    assert app.screen is screen and app.screen_stack == stack
    assert app.focused is focused
    assert screen_text(app) == text
    assert every_row() == rows  # nor does closing


async def open_scale(pilot) -> None:
    await pilot.press("enter", "r")
    assert isinstance(pilot.app.screen, FormScreen)


# Every screen ------------------------------------------------------------------


async def test_participants_search_and_list_are_kept(make_app) -> None:
    for name in ("Ana", "Anabel", "Bea"):
        records.create_participant(name)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "ana")
        search = app.screen.query_one("#search", Input)
        search.cursor_position = 1  # the worker had moved back to fix a letter
        await pilot.pause()
        await f2_and_back(pilot, while_open=("x", "backspace", "enter"))  # keys while open go nowhere
        assert isinstance(app.screen, ParticipantsScreen)
        assert search.value == "ana" and search.cursor_position == 1
        participants = app.screen.query_one("#participants", OptionList)
        assert [participants.get_option_at_index(i).prompt.plain.split("  ·  ")[0] for i in range(2)] == [
            "Ana",
            "Anabel",
        ]
        await pilot.press("end", "b")
        assert search.value == "anab"  # typing carries on in the same box


async def test_participants_highlighted_row_is_kept(make_app) -> None:
    for name in ("Ana", "Bea", "Cai"):
        records.create_participant(name)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down")
        assert app.screen.query_one("#participants", OptionList).highlighted == 2
        await pilot.press("f2", "escape")
        assert app.screen.query_one("#participants", OptionList).highlighted == 2


async def test_new_participant_typed_name_and_focus_are_kept(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")
        await type_text(pilot, "Dee [bold]")
        await f2_and_back(pilot, while_open=("q", "enter"))
        assert isinstance(app.screen, NewParticipantScreen)
        assert app.focused.id == "first-name"
        assert app.screen.query_one("#first-name", Input).value == "Dee [bold]"
        await pilot.press("tab")
        await type_text(pilot, "K-7")
        await f2_and_back(pilot)
        assert app.focused.id == "agency-id"
        await pilot.press("enter")
        assert isinstance(app.screen, OverviewScreen)
    [row] = records.find_participants()
    assert (row.first_name, records.get_participant(row.id).agency_id) == ("Dee [bold]", "K-7")


async def test_overview(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, OverviewScreen)
        await f2_and_back(pilot, while_open=("r",))  # r while open does not open the scale
        await f2_and_back(pilot, close="f2")  # f2 again closes it too
        await pilot.press("r")
        assert isinstance(app.screen, FormScreen)


async def test_the_scale_keeps_the_highlighted_statement_and_answers(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scale(pilot)
        await pilot.press("5", "4", "3", "up")
        form = app.screen
        before = (form.current, dict(form.answers), screen_text(app))
        assert before[:2] == (3, {1: 5, 2: 4, 3: 3}) and "▶ 3. [3]" in before[2]
        await f2_and_back(pilot, while_open=("5", "0", "backspace", "down", "v"))  # none of them reach the form
        assert (form.current, form.answers, screen_text(app)) == before
        [draft] = Response.select()
        assert records.answers_of(draft.id) == {1: 5, 2: 4, 3: 3}
        await pilot.press("2")  # and the form carries on where it was
        assert records.answers_of(draft.id)[3] == 2


async def test_the_scale_summary(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scale(pilot)
        await pilot.press(*TWENTY_THREE)
        assert isinstance(app.screen, FormSummaryScreen)
        await f2_and_back(pilot, while_open=("enter",))
        await pilot.press("enter")
        assert isinstance(app.screen, FocusAreasScreen)


async def test_focus_areas_not_yet_saved_are_kept(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scale(pilot)
        await pilot.press(*TWENTY_THREE, "enter")
        assert isinstance(app.screen, FocusAreasScreen)
        await pilot.press("enter", "down", "enter", "down")
        chosen_before = list(app.screen.chosen)
        assert len(chosen_before) == 2
        await f2_and_back(pilot, while_open=("enter", "s", "delete"))
        assert app.screen.chosen == chosen_before  # chosen on screen, not saved yet, still there
        assert records.current_focus_areas(dana.id) == []
        await pilot.press("s")
        assert isinstance(app.screen, OverviewScreen)
    assert len(records.current_focus_areas(dana.id)) == 2


async def test_own_words_being_typed_are_kept(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scale(pilot)
        await pilot.press(*TWENTY_THREE, "enter", "w")
        assert isinstance(app.screen, OwnWordsScreen)
        await type_text(pilot, "Paint on Sundays")
        await f2_and_back(pilot)
        assert isinstance(app.screen, OwnWordsScreen)  # escape closed the lines, not the question
        assert app.focused.value == "Paint on Sundays"
        await pilot.press("enter")
        assert isinstance(app.screen, FocusAreasScreen)
        assert app.screen.chosen == [records.FocusChoice(None, "Paint on Sundays")]


async def test_a_question_waiting_for_an_answer_is_still_waiting(make_app, dana) -> None:
    draft = records.start_response(dana.id, "idaho-rcs")
    records.give_answer(draft.id, 1, 4)
    clock.set_now(clock.now() + dt.timedelta(days=15))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "r")
        assert isinstance(app.screen, ChoiceScreen)
        await f2_and_back(pilot, while_open=("d",))  # d while open does not set the draft aside
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("r")
        assert isinstance(app.screen, FormScreen) and app.screen.current == 2
    assert records.answers_of(draft.id) == {1: 4}


async def test_the_keys_box(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, KeysScreen)
        assert re.search(r"f2 +Support lines", screen_text(app))
        await f2_and_back(pilot)
        assert isinstance(app.screen, KeysScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ParticipantsScreen)


async def test_every_screen_lists_f2_on_its_key_bar(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        seen = []
        for keys in ((), ("ctrl+n",), ("escape", "enter"), ("r",), tuple(TWENTY_THREE), ("enter",)):
            await pilot.press(*keys)
            seen.append(type(app.screen))
            assert "f2 Support lines" in screen_text(app), type(app.screen).__name__
        assert seen == [
            ParticipantsScreen,
            NewParticipantScreen,
            OverviewScreen,
            FormScreen,
            FormSummaryScreen,
            FocusAreasScreen,
        ]


# The lines themselves ------------------------------------------------------------


async def test_f2_twice_opens_one_panel_and_escape_closes_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        depth = len(app.screen_stack)
        await pilot.press("f2")
        assert len(app.screen_stack) == depth + 1
        await pilot.press("f2")
        assert len(app.screen_stack) == depth and isinstance(app.screen, ParticipantsScreen)
        await pilot.press("f2", "escape", "escape")  # the second escape is home's: it stays home
        assert len(app.screen_stack) == depth and isinstance(app.screen, ParticipantsScreen)


async def test_the_defaults_fit_at_80x24_without_scrolling(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        assert app.screen.query_one("#support-lines").max_scroll_y == 0
        text = screen_text(app)
        assert shows_the_defaults(text)
        assert "Free and confidential, any time, by text message." in text
        assert "more lines" not in text


async def test_the_agency_list_is_shown_and_an_edit_is_picked_up_at_the_next_f2(agency_app) -> None:
    file, make = agency_app
    file.write_text('[[lines]]\nname = "[bold]Harbor[/] Warmline"\ncontact = "Call [red]555-0100"\n', encoding="utf-8")
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        text = screen_text(app)
        assert "[bold]Harbor[/] Warmline" in text and "Call [red]555-0100" in text  # literally, never markup
        assert "988" not in text and "problem" not in text
        await pilot.press("escape")
        file.write_text('[[lines]]\nname = "Bayside Warmline"\ncontact = "Text 555-0199"\n', encoding="utf-8")
        await pilot.press("f2")
        text = screen_text(app)
        assert "Bayside Warmline" in text and "Harbor" not in text


async def test_a_malformed_agency_file_shows_the_problem_and_the_defaults(agency_app) -> None:
    file, make = agency_app
    file.write_text(
        '[[lines]]\nname = "Harbor Warmline"\ncontact = "Call 555-0100"\n\n[[lines]]\nname = "Two"\n', encoding="utf-8"
    )
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        rows = every_row()
        await pilot.press("f2")
        text = screen_text(app)
        flat = " ".join(text.replace("│", " ").replace("█", " ").split())
        assert shows_the_defaults(text) and "Harbor" not in text
        assert "For the worker: support-lines.toml: lines[2].contact is missing" in flat
        assert flat.index("Text HOME to 741741") < flat.index("For the worker")  # the lines first
        assert "esc returns to where you were" in text
        assert every_row() == rows


async def test_a_long_agency_list_scrolls_by_keys_and_says_so(agency_app) -> None:
    file, make = agency_app
    file.write_text(
        "".join(f'[[lines]]\nname = "Line {n}"\ncontact = "Call 555-01{n:02}"\n' for n in range(1, 21)),
        encoding="utf-8",
    )
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        text = screen_text(app)
        assert "Line 1" in text and "Line 20" not in text
        assert "↓↑ more lines   esc returns to where you were" in text
        await pilot.press("end")
        await pilot.pause()
        assert "Line 20" in screen_text(app)
        assert "esc returns to where you were" in screen_text(app)


async def test_the_command_line_points_the_app_at_the_data_directory(monkeypatch, tmp_path: Path) -> None:
    from recovery_tui import cli

    started = {}

    def fake_run(self) -> None:
        started["file"] = self.support_lines_file

    monkeypatch.setattr(RecoveryApp, "run", fake_run)
    try:
        assert cli.main(["--data-dir", str(tmp_path / "agency")]) == 0
    finally:
        close_store(database_proxy.obj)
    assert started["file"] == tmp_path / "agency" / "support-lines.toml"
