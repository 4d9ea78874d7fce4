"""Keys do what the bar says: marks without colour, questions in words, pastes that say what they kept,
forms that ask before typed words are lost, keys that work where they are shown, and keys typed ahead."""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult

from recovery_tui.store import records
from recovery_tui.ui.screens.activity_form import ActivityFormScreen
from recovery_tui.ui.widgets.marks import MarkBox
from tests.ui_support import screen_text, type_text


@pytest.fixture
def dana(store, frozen_clock):
    person = records.create_participant("Dana")
    records.create_helper(person.id, "Mo", "sponsor")
    records.create_helper(person.id, "Jules", "peer worker")
    return person


# Marks read without colour ----------------------------------------------------------------------


async def test_helpers_marked_for_an_activity_read_x_and_blank(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p", "a")
        assert isinstance(app.screen, ActivityFormScreen)
        assert "[ ] Mo (sponsor)" in screen_text(app)
        assert "[ ] Jules (peer worker)" in screen_text(app)
        await pilot.press("tab", "tab", "down", "space")
        text = screen_text(app)
        assert "[ ] Mo (sponsor)" in text
        assert "[x] Jules (peer worker)" in text
        await pilot.press("space")
        assert "[ ] Jules (peer worker)" in screen_text(app)


class OneBox(App[None]):
    def compose(self) -> ComposeResult:
        yield MarkBox("Support lines were shared during this visit")


async def test_a_checkbox_reads_x_when_ticked_and_blank_when_not() -> None:
    app = OneBox()
    async with app.run_test(size=(80, 24)) as pilot:
        assert "[ ] Support lines were shared" in screen_text(app)
        await pilot.press("space")
        assert "[x] Support lines were shared" in screen_text(app)
        await pilot.press("space")
        assert "[ ] Support lines were shared" in screen_text(app)


# A paste that does not fit says what was kept ---------------------------------------------------


async def test_a_paste_longer_than_the_field_keeps_what_fits_and_says_the_rest_was_not_added(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")
        await type_text(pilot, "Ana")
        app.post_message(events.Paste("b" * 200))
        await pilot.pause()
        assert app.focused.value == "Ana" + "b" * 77
        assert "Kept 77 of 200 characters; the rest was not added." in screen_text(app)
        app.post_message(events.Paste("more"))  # nothing fits now: nothing is added, and it says so
        await pilot.pause()
        assert app.focused.value == "Ana" + "b" * 77
        assert "At most 80 characters fit here; that paste was not added." in screen_text(app)
        await pilot.press("backspace")
        assert "not added" not in screen_text(app)  # the note goes with the next change


async def test_a_paste_of_several_lines_keeps_every_line_in_a_one_line_field(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p", "a")
        app.post_message(events.Paste("Walk to the park\nwith Mo\r\n"))
        await pilot.pause()
        assert app.focused.value == "Walk to the park with Mo"
