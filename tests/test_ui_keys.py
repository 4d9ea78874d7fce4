"""Keys do what the bar says: marks without colour, questions in words, pastes that say what they kept,
forms that ask before typed words are lost, keys that work where they are shown, and keys typed ahead."""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

from recovery_tui.store import records
from recovery_tui.ui.screens.activity_form import ActivityFormScreen
from recovery_tui.ui.screens.choice import ChoiceScreen
from recovery_tui.ui.screens.helper_form import HelperFormScreen
from recovery_tui.ui.screens.helpers import HelpersScreen
from recovery_tui.ui.screens.new_participant import NewParticipantScreen
from recovery_tui.ui.screens.overview import OverviewScreen
from recovery_tui.ui.screens.plan_week import PlanWeekScreen
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


# Leaving a form with typed words asks first; ctrl+s saves from any field ----------------------------


def question_words(app) -> str:
    """The screen's words in one line, as a question wrapped inside its box reads."""
    return " ".join(screen_text(app).replace("│", " ").split())


async def test_leaving_a_new_activity_with_words_typed_asks_first(make_app, dana, frozen_clock) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p", "a", "escape")  # nothing typed: leaves at once
        assert isinstance(app.screen, PlanWeekScreen)
        await pilot.press("a", *"Walk", "escape")
        assert isinstance(app.screen, ChoiceScreen)
        assert "Leave without saving? y Yes, leave without saving n No, stay here" in question_words(app)
        await pilot.press("n")
        assert isinstance(app.screen, ActivityFormScreen)
        assert app.focused.value == "Walk"  # the words are still there
        await pilot.press("escape", "escape")  # escape on the question is no
        assert isinstance(app.screen, ActivityFormScreen)
        await pilot.press("escape", "y")
        assert isinstance(app.screen, PlanWeekScreen)
    assert records.activities_of_week(dana.id, records.week_of(frozen_clock.date())) == []


async def test_leaving_a_new_person_with_words_typed_asks_first(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "w", "a", *"Ray", "escape")
        assert isinstance(app.screen, ChoiceScreen)
        assert "Leave without saving?" in question_words(app)
        await pilot.press("n", "backspace", "backspace", "backspace", "escape")  # the words taken out: no question
        assert isinstance(app.screen, HelpersScreen)
    assert [h.name for h in records.helpers_of(dana.id)] == ["Mo", "Jules"]


async def test_ctrl_s_saves_an_activity_from_every_field(make_app, dana, frozen_clock) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p", "a", *"Walk", "tab", "tab", "space", "ctrl+s")  # in the people list
        assert isinstance(app.screen, PlanWeekScreen)
        await pilot.press("a", *"Read", "tab", "ctrl+s")  # on the area list
        assert isinstance(app.screen, PlanWeekScreen)
        await pilot.press("a", *"Cook", "tab", "enter", "ctrl+s")  # with the area list open
        assert isinstance(app.screen, PlanWeekScreen)
        await pilot.press("a", *"Swim", "ctrl+s")  # in the words
        assert isinstance(app.screen, PlanWeekScreen)
    week = records.activities_of_week(dana.id, records.week_of(frozen_clock.date()))
    assert [(a.text, a.helpers) for a in week] == [("Walk", ("Mo",)), ("Read", ()), ("Cook", ()), ("Swim", ())]


async def test_ctrl_s_saves_a_person_from_every_field(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "w", "a", *"Ray", "tab", "enter", *"friend", "enter", "ctrl+s")
        assert isinstance(app.screen, HelpersScreen)
        await pilot.press("a", *"Sol", "tab", "enter", *"other", "ctrl+s")  # with the list open: what was chosen
        assert isinstance(app.screen, HelperFormScreen)
        assert "Choose a relationship" in screen_text(app)  # nothing chosen yet: the form says so
        assert app.focused.id == "relationship"  # where the problem is
        await pilot.press("enter", *"other", "enter", "tab", *"555 0101", "ctrl+s")  # in the phone
        assert isinstance(app.screen, HelpersScreen)
    assert [(h.name, h.relationship) for h in records.helpers_of(dana.id)] == [
        ("Mo", "sponsor"),
        ("Jules", "peer worker"),
        ("Ray", "friend"),
        ("Sol", "other"),
    ]


# Keys typed ahead land where they would at typing speed -------------------------------------------

CHARACTERS = {"space": " ", "tab": "\t", "enter": "\r"}


def burst(app, *keys: str) -> None:
    """Post keys all at once, as a terminal delivers ``tmux send-keys``: none waits for the one before."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else CHARACTERS.get(key)))


async def settle(pilot) -> None:
    """Wait until every key of a burst has had its turn and the app is idle again."""
    for _ in range(200):
        await pilot.pause()
        if not pilot.app.keys_waiting:
            break
    await pilot.pause()


async def test_a_burst_of_keys_lands_in_the_screens_and_fields_it_was_typed_for(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "ctrl+n", *"Ana", "tab", *"A12", "enter")  # as tmux send-keys C-n 'Ana' Tab 'A12' Enter
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
    [ana] = records.find_participants()
    assert (ana.first_name, records.get_participant(ana.id).agency_id) == ("Ana", "A12")


async def test_a_burst_plans_the_week_as_typing_would(make_app, dana, frozen_clock) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "enter", "p", "a", *"Walk", "tab", "tab", "space", "ctrl+s", "a", *"Read", "enter")
        burst(app, "escape", "w", "a", *"Ray", "tab", "enter", *"friend", "enter", "tab", *"555 0101", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HelpersScreen)
    week = records.activities_of_week(dana.id, records.week_of(frozen_clock.date()))
    assert [(a.text, a.helpers) for a in week] == [("Walk", ("Mo",)), ("Read", ())]
    ray = records.helpers_of(dana.id)[-1]
    assert (ray.name, ray.relationship, ray.phone) == ("Ray", "friend", "555 0101")


async def test_a_paste_in_a_burst_waits_for_its_field(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "ctrl+n")
        app.post_message(events.Paste("Zoë"))
        burst(app, "tab", *"B7")
        await settle(pilot)
        assert isinstance(app.screen, NewParticipantScreen)
        assert app.screen.query_one("#first-name", Input).value == "Zoë"
        assert app.screen.query_one("#agency-id", Input).value == "B7"


async def test_a_question_ignores_keys_typed_before_it_was_drawn(make_app, dana, frozen_clock) -> None:
    records.add_activity(dana.id, "Walk", None, ())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "enter", "p", "delete", "y")  # y was typed before anyone could read the question
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        burst(app, "escape")
        await settle(pilot)
        assert isinstance(app.screen, PlanWeekScreen)
        burst(app, "delete", "escape", "n")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)  # neither escape nor n was seen: the question stays
        await pilot.press("y")  # typed once it is on screen: answered
        assert isinstance(app.screen, PlanWeekScreen)
    assert records.activities_of_week(dana.id, records.week_of(frozen_clock.date())) == []
