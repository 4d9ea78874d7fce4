"""Keys do what the bar says: marks without colour, questions in words, pastes that say what they kept,
forms that ask before typed words are lost, keys that work where they are shown, and keys typed ahead."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input, OptionList

from recovery_tui import clock
from recovery_tui.config import load_settings
from recovery_tui.store import records
from recovery_tui.store.database import close_store, open_store
from recovery_tui.ui.app import RecoveryApp
from recovery_tui.ui.screens.activity_form import ActivityFormScreen
from recovery_tui.ui.screens.base import AppScreen
from recovery_tui.ui.screens.check_in import CheckInScreen
from recovery_tui.ui.screens.choice import ChoiceScreen
from recovery_tui.ui.screens.date_choice import DateChoiceScreen
from recovery_tui.ui.screens.focus_areas import FocusAreasScreen
from recovery_tui.ui.screens.form import FormScreen
from recovery_tui.ui.screens.form_summary import FormSummaryScreen
from recovery_tui.ui.screens.helper_form import HelperFormScreen
from recovery_tui.ui.screens.helpers import HelpersScreen
from recovery_tui.ui.screens.history import HistoryScreen
from recovery_tui.ui.screens.keys import KeysScreen
from recovery_tui.ui.screens.large_text import LargeTextScreen
from recovery_tui.ui.screens.new_participant import NewParticipantScreen
from recovery_tui.ui.screens.overview import OverviewScreen
from recovery_tui.ui.screens.own_words import OwnWordsScreen
from recovery_tui.ui.screens.participants import ParticipantsScreen
from recovery_tui.ui.screens.plan_week import PlanWeekScreen
from recovery_tui.ui.screens.qr_codes import QrCodesScreen
from recovery_tui.ui.screens.review_week import ReviewWeekScreen
from recovery_tui.ui.screens.support_lines import SupportLinesScreen
from recovery_tui.ui.screens.take_home import TakeHomeScreen
from recovery_tui.ui.screens.visit_note import VisitNoteScreen
from recovery_tui.ui.widgets.key_bar import KeyBar
from recovery_tui.ui.widgets.marks import MarkBox
from recovery_tui.ui.widgets.text_field import TextField
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


# Every key the bar shows does something, on every screen in each of its states ------------------------

LAST_WEEK = dt.timedelta(days=7)


def seed_one() -> None:
    records.create_participant("Eli")


def seed_two() -> None:
    records.create_participant("Eli")
    records.create_participant("Mae")


def seed_dana() -> None:
    records.create_participant("Dana")


def seed_full() -> None:
    """Dana with people, a completed scale, areas to grow and two activities this week; Eli too."""
    dana = records.create_participant("Dana")
    records.create_participant("Eli")
    mo = records.create_helper(dana.id, "Mo", "sponsor")
    records.create_helper(dana.id, "Jules", "peer worker")
    clock.set_now(clock.now() - LAST_WEEK)  # the scale was filled in last week: today's r starts a new one
    response = records.start_response(dana.id, records.SCALE)
    for statement in range(1, 24):
        records.give_answer(response.id, statement, 1 + statement % 5)
    records.complete_response(response.id)
    clock.set_now(clock.now() + LAST_WEEK)
    records.choose_focus_areas(dana.id, [records.FocusChoice(17, ""), records.FocusChoice(None, "Walk more")])
    records.add_activity(dana.id, "Walk", None, (mo.id,))
    records.add_activity(dana.id, "Read", None, ())


def seed_last_week() -> None:
    """As full, with two activities planned last week and not yet looked back on."""
    seed_full()
    [dana, _eli] = records.find_participants()
    clock.set_now(clock.now() - LAST_WEEK)
    records.add_activity(dana.id, "Call my sister", None, ())
    records.add_activity(dana.id, "Cook a meal", None, ())
    clock.set_now(clock.now() + LAST_WEEK)


def seed_history() -> None:
    """As full, with a second scale today (one statement declined) and a check-in: every part of the history."""
    seed_full()
    [dana, _eli] = records.find_participants()
    response = records.start_response(dana.id, records.SCALE)
    for statement in range(1, 24):
        records.give_answer(response.id, statement, 1 + (statement + 1) % 5)
    records.decline_answer(response.id, 4)
    records.complete_response(response.id)
    visit = records.start_or_resume_visit(dana.id)
    records.save_check_in(visit.id, feeling=4, focus="Walk")


@dataclass
class State:
    seed: Callable[[], None] | None
    keys: list[str]  # pressed from the start, one at a time
    screen: type  # the screen this state is on


TO_SUMMARY = ["enter", "r", *("4" * 23)]
STATES = {
    "participants, nobody yet": State(None, [], ParticipantsScreen),
    "participants, one listed": State(seed_one, [], ParticipantsScreen),
    "participants, two listed": State(seed_two, [], ParticipantsScreen),
    "new participant": State(None, ["ctrl+n"], NewParticipantScreen),
    "new participant, a name typed": State(None, ["ctrl+n", *"Ana"], NewParticipantScreen),
    "overview": State(seed_full, ["enter"], OverviewScreen),
    "overview, nothing yet": State(seed_dana, ["enter"], OverviewScreen),
    "check-in, how I feel": State(seed_full, ["enter", "c"], CheckInScreen),
    "check-in, writing": State(seed_full, ["enter", "c", "tab"], CheckInScreen),
    "visit note, the note": State(seed_full, ["enter", "n"], VisitNoteScreen),
    "visit note, the domains": State(seed_full, ["enter", "n", "tab"], VisitNoteScreen),
    "visit note, support lines shared": State(seed_full, ["enter", "n", "tab", "tab"], VisitNoteScreen),
    "the scale": State(seed_full, ["enter", "r"], FormScreen),
    "the scale, an answer given": State(seed_full, ["enter", "r", "4", "up"], FormScreen),
    "the scale's summary": State(seed_full, TO_SUMMARY, FormSummaryScreen),
    "areas to grow": State(seed_full, ["enter", "a"], FocusAreasScreen),
    "areas to grow, the chosen list": State(seed_full, ["enter", "a", "tab"], FocusAreasScreen),
    "areas to grow, my own words": State(seed_full, ["enter", "a", "w"], OwnWordsScreen),
    "plan, nothing yet": State(seed_dana, ["enter", "p"], PlanWeekScreen),
    "plan": State(seed_full, ["enter", "p"], PlanWeekScreen),
    "last week": State(seed_last_week, ["enter", "p"], ReviewWeekScreen),
    "last week, a note": State(seed_last_week, ["enter", "p", "tab"], ReviewWeekScreen),
    "activity, the words": State(seed_full, ["enter", "p", "a"], ActivityFormScreen),
    "activity, words typed": State(seed_full, ["enter", "p", "a", *"Swim"], ActivityFormScreen),
    "activity, the area": State(seed_full, ["enter", "p", "a", "tab"], ActivityFormScreen),
    "activity, the area's list open": State(seed_full, ["enter", "p", "a", "tab", "enter"], ActivityFormScreen),
    "activity, who will help": State(seed_full, ["enter", "p", "a", "tab", "tab"], ActivityFormScreen),
    "who will help me, nobody yet": State(seed_dana, ["enter", "w"], HelpersScreen),
    "who will help me": State(seed_full, ["enter", "w"], HelpersScreen),
    "a person, the name": State(seed_full, ["enter", "w", "a"], HelperFormScreen),
    "a person, the relationship": State(seed_full, ["enter", "w", "a", "tab"], HelperFormScreen),
    "a person, the relationship's list open": State(seed_full, ["enter", "w", "a", "tab", "enter"], HelperFormScreen),
    "a question": State(seed_full, ["enter", "p", "delete"], ChoiceScreen),
    "history, nothing yet": State(seed_dana, ["enter", "h"], HistoryScreen),
    "history": State(seed_history, ["enter", "h"], HistoryScreen),
    "history, two scales": State(seed_history, ["enter", "h", "t"], HistoryScreen),
    "history, since we started": State(seed_history, ["enter", "h", "t", "f"], HistoryScreen),
    "history, the date list": State(seed_history, ["enter", "h", "t", "d"], DateChoiceScreen),
    "history, check-ins": State(seed_history, ["enter", "h", "c"], HistoryScreen),
    "history, plans": State(seed_history, ["enter", "h", "p"], HistoryScreen),
    "history, areas": State(seed_history, ["enter", "h", "a"], HistoryScreen),
    "take-home plan": State(seed_full, ["enter", "e"], TakeHomeScreen),
    "take-home plan, reading it": State(seed_full, ["enter", "e", "tab"], TakeHomeScreen),
    "take-home plan, nothing yet": State(seed_dana, ["enter", "e"], TakeHomeScreen),
    "the plan as QR codes": State(seed_full, ["enter", "e", "q"], QrCodesScreen),
    "the plan large": State(seed_full, ["enter", "e", "l"], LargeTextScreen),
    "f1 keys": State(seed_full, ["enter", "f1"], KeysScreen),
    "f2 support lines": State(seed_full, ["enter", "f2"], SupportLinesScreen),
}
HINTED = {  # boxes that say their keys in a line of their own, not in a key bar
    KeysScreen: ["esc", "f1"],
    SupportLinesScreen: ["esc", "f2"],
    OwnWordsScreen: ["enter", "esc"],
    DateChoiceScreen: ["↓↑", "enter", "esc"],
}
PRESSED = {
    "esc": ["escape"],
    "↓↑": ["down", "up"],
    "→": ["right"],
    "←": ["left"],
    "shift+↓↑": ["shift+down", "shift+up"],
    "type": ["f"],
}


def shown_keys(app) -> list[str]:
    """The keys the screen shows: its key bar (not the scale's legend of answers), or its question's choices."""
    screen = app.screen
    if isinstance(screen, ChoiceScreen):
        return [key for key, _ in screen.choices] + ["esc"]
    if type(screen) in HINTED:
        return HINTED[type(screen)]
    bars = [bar for bar in screen.query(KeyBar) if bar.id != "scale-legend"]
    assert bars, f"{type(screen).__name__} shows no keys"
    return [key for bar in bars for key, _ in bar.keys]


def presses(shown: str) -> list[str]:
    """What to press for a key as the bar shows it: the first of a range, either arrow, a letter for typing."""
    if shown in PRESSED:
        return PRESSED[shown]
    if len(shown) == 3 and shown[1] == "-":
        return [shown[0]]
    return [shown]


def look(app) -> tuple[int, tuple[tuple[str, object], ...]]:
    """What a person sees: which screen is on top, and every character of it with its colours."""
    return id(app.screen), tuple((s.text, s.style) for strip in app.screen._compositor.render_strips() for s in strip)


@contextmanager
def fresh_store(folder: Path) -> Iterator[None]:
    db = open_store(load_settings(data_dir=str(folder)))
    try:
        yield
    finally:
        close_store(db)


async def pressed(pilot, key: str) -> None:
    """Press a key and wait for what it read in a worker (the history's parts) to be drawn."""
    await pilot.press(key)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_state(pilot, state: State) -> None:
    for key in state.keys:
        await pressed(pilot, key)
    assert type(pilot.app.screen) is state.screen, pilot.app.screen


NOT_YET: dict[str, str] = {}  # states whose shown keys are known not to work yet; strict: fixed, it fails


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=NOT_YET[name])) if name in NOT_YET else name
        for name in STATES
    ],
)
async def test_every_key_shown_does_something_visible(name: str, frozen_clock, tmp_path) -> None:
    state = STATES[name]
    with fresh_store(tmp_path / "shown"):
        if state.seed:
            state.seed()
        app = RecoveryApp(cursor_blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_state(pilot, state)
            shown = shown_keys(app)
    did_nothing = []
    for n, key in enumerate(shown):
        with fresh_store(tmp_path / str(n)):  # each key from the same state, on a store of its own
            if state.seed:
                state.seed()
            app = RecoveryApp(cursor_blink=False)
            async with app.run_test(size=(80, 24)) as pilot:
                await open_state(pilot, state)
                before = look(app)
                for press in presses(key):
                    await pressed(pilot, press)
                    if app.return_code is not None or look(app) != before:
                        break
                else:
                    did_nothing.append(key)
    assert did_nothing == [], f"{name}: shown but nothing visible happened"


class Typing(AppScreen):
    KEYS = [("a", "Add"), ("1-5", "Rate"), ("space", "Mark"), ("tab", "Next"), ("type", "Find")]

    def compose(self) -> ComposeResult:
        yield OptionList("one", "two")
        yield TextField(id="words")
        yield from self.compose_keys()


class TypingApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Typing())


async def test_while_a_text_box_has_focus_the_bar_leaves_out_keys_that_would_be_typed() -> None:
    app = TypingApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        assert [key for key, _ in bar.keys] == ["a", "1-5", "space", "tab", "type", "f1", "f2", "ctrl+q"]
        await pilot.press("tab")
        assert isinstance(app.focused, TextField)
        assert [key for key, _ in bar.keys] == ["tab", "type", "f1", "f2", "ctrl+q"]
        assert "a Add" not in screen_text(app) and "tab Next" in screen_text(app)
        await pilot.press("tab")
        assert [key for key, _ in bar.keys][:2] == ["a", "1-5"]
