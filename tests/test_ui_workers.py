"""The worker menu (f3), by keys only: adding workers, PINs typed masked, signing in, PINs changed
and reset, retiring, what a peer worker is not offered, and the first worker of a kiosk.

Workers with a PIN are added once the app is running: a PIN set before it starts means a sign-in
comes first, which is the lock screen's business, not this menu's.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from recovery_tui.config import load_settings
from recovery_tui.store import records
from recovery_tui.store.database import close_store, open_store
from recovery_tui.store.models import AuditEvent
from recovery_tui.ui.app import RecoveryApp
from recovery_tui.ui.screens.choice import ChoiceScreen
from recovery_tui.ui.screens.participants import ParticipantsScreen
from recovery_tui.ui.screens.pin_change import PinChangeScreen
from recovery_tui.ui.screens.pin_prompt import PinPromptScreen
from recovery_tui.ui.screens.worker_form import WorkerFormScreen
from recovery_tui.ui.screens.workers import WorkersScreen
from recovery_tui.ui.widgets.key_bar import KeyBar
from recovery_tui.ui.widgets.secret_field import PinField
from recovery_tui.ui.widgets.text_field import TextField
from tests.ui_support import screen_text, type_text

DANA_PIN, SAM_PIN = "4821", "7350"


# Helpers ----------------------------------------------------------------------------------------


async def open_workers(pilot) -> None:
    await pilot.press("f3")
    await pilot.pause()
    assert isinstance(pilot.app.screen, WorkersScreen), pilot.app.screen


def listed(app) -> list[str]:
    """Each worker's row as it reads, its two lines joined: "Dana · Supervisor · signed in"."""
    options = app.screen.query_one("#workers", OptionList)
    if not options.display:
        return []
    rows = (options.get_option_at_index(i).prompt.plain for i in range(options.option_count))
    return [" · ".join(row.replace("  ·  ", " · ").split("\n")) for row in rows]


def bar(app) -> list[str]:
    """The keys the screen's key bar shows now."""
    return [key for key, _ in app.screen.query_one("KeyBar.screen-keys", KeyBar).keys]


def messages(app) -> list[str]:
    return [note.message for note in app._notifications]


def error_of(app, field: str) -> str:
    error = app.screen.query_one(f"#{field}-error", Static)
    return str(error.render()) if error.display else ""


def never_shown(app, *pins: str) -> None:
    text = screen_text(app)
    for pin in pins:
        assert pin not in text
    assert all(pin not in message for message in messages(app) for pin in pins)


async def add_worker(pilot, name: str, supervisor: bool = False, pin: str = "", again: str | None = None) -> None:
    """From the menu: a, the name, ctrl+r for a supervisor, the PIN twice; enter moves on, and saves at the end."""
    await pilot.press("a")
    assert isinstance(pilot.app.screen, WorkerFormScreen)
    assert pilot.app.focused.id == "name"
    await type_text(pilot, name)
    if supervisor:
        await pilot.press("ctrl+r")
    await pilot.press("enter")
    assert pilot.app.focused.id == "pin"
    await pilot.press(*pin, "enter")
    assert pilot.app.focused.id == "pin-again"
    await pilot.press(*(pin if again is None else again))
    never_shown(pilot.app, *(p for p in (pin, again) if p))
    await pilot.press("enter")
    await pilot.pause()


async def sign_in_as(pilot, name: str, pin: str = "") -> None:
    """On the menu: move to ``name``, enter, and the PIN if they have one."""
    options = pilot.app.screen.query_one("#workers", OptionList)
    options.highlighted = next(i for i, row in enumerate(listed(pilot.app)) if row.startswith(f"{name} ·"))
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    if pin:
        assert isinstance(pilot.app.screen, PinPromptScreen)
        await pilot.press(*pin, "enter")
        await pilot.pause()
    assert isinstance(pilot.app.screen, WorkersScreen)


async def highlight(pilot, name: str) -> None:
    """Move the cursor down to ``name`` by keys."""
    for _ in range(len(listed(pilot.app))):
        options = pilot.app.screen.query_one("#workers", OptionList)
        if listed(pilot.app)[options.highlighted].startswith(f"{name} ·"):
            return
        await pilot.press("down")
    raise AssertionError(f"{name} is not listed")


def dana_and_sam() -> tuple[records.WorkerRow, records.WorkerRow]:
    """Dana, a supervisor with a PIN, and Sam, a peer worker with one; nobody signed in."""
    dana = records.create_worker("Dana", "supervisor", DANA_PIN)
    records.act_as(dana.id)  # once a supervisor has a PIN, only a supervisor adds workers
    sam = records.create_worker("Sam", "peer", SAM_PIN)
    records.act_as(None)
    return dana, sam


# The menu ---------------------------------------------------------------------------------------


async def test_f3_opens_an_empty_menu_that_says_what_happens_without_workers(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert ("f3", "Workers") in app.screen.query_one("KeyBar.screen-keys", KeyBar).keys
        await open_workers(pilot)
        text = screen_text(app)
        assert "Workers" in text.splitlines()[0]
        assert "No workers yet. Until someone is added, visits are recorded as an unnamed" in text
        assert "peer worker." in text
        assert "Press a to add the first worker." in text
        assert bar(app) == ["a", "l", "b", "esc", "f1", "f2", "ctrl+q"]
        await pilot.press("enter", "p", "r", "x", "s")  # offered to nobody here: nothing happens
        assert isinstance(app.screen, WorkersScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ParticipantsScreen)
    assert records.workers() == []


async def test_add_a_peer_worker_without_a_pin_and_a_supervisor_with_one(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workers(pilot)
        await add_worker(pilot, "Sam")
        assert isinstance(app.screen, WorkersScreen)
        assert listed(app) == ["Sam · Peer worker · no PIN"]
        assert "Nobody signed in: visits are recorded without a worker's name." in screen_text(app)

        await pilot.press("a")
        await type_text(pilot, "Dana")
        assert "Peer worker" in screen_text(app)
        await pilot.press("ctrl+r")  # typed in the name box, it switches the role and types nothing
        assert "Supervisor" in screen_text(app)
        assert app.screen.query_one("#name", TextField).value == "Dana"
        await pilot.press("ctrl+r", "ctrl+r", "tab")
        assert isinstance(app.focused, PinField)
        await pilot.press(*DANA_PIN, "tab", *DANA_PIN)
        never_shown(app, DANA_PIN)
        assert "•" * len(DANA_PIN) in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkersScreen)
        assert listed(app) == ["Dana · Supervisor", "Sam · Peer worker · no PIN"]
        assert app.screen.query_one("#workers", OptionList).highlighted == 0  # the one just added
        never_shown(app, DANA_PIN)
    dana, sam = records.workers()
    assert (dana.name, dana.role, dana.has_pin) == ("Dana", "supervisor", True)
    assert (sam.name, sam.role, sam.has_pin) == ("Sam", "peer", False)
    assert records.sign_in(dana.id, DANA_PIN).right


@pytest.mark.parametrize(
    ("pin", "again", "field", "words"),
    [
        ("4821", "4812", "pin-again", "PIN again is not the same PIN."),
        ("123", "123", "pin", "A PIN is 4 to 12 digits."),
        ("", "4821", "pin", "A PIN is 4 to 12 digits."),
    ],
)
async def test_a_pin_that_breaks_a_rule_is_refused_with_words_and_nothing_is_stored(
    make_app, pin, again, field, words
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workers(pilot)
        await add_worker(pilot, "Dana", supervisor=True, pin=pin, again=again)
        assert isinstance(app.screen, WorkerFormScreen)
        assert error_of(app, field) == words
        assert words in screen_text(app)
        assert error_of(app, "name") == ""
        # Both PINs are typed again from the start: nothing masked is left to correct unseen.
        assert [f.value for f in app.screen.query(PinField)] == ["", ""]
        assert app.focused.id == "pin"
        never_shown(app, *(p for p in (pin, again) if p))
        await pilot.press(*"2468", "enter")
        assert error_of(app, field) == ""  # typing clears what was said
        await pilot.press(*"2468", "enter")
        assert isinstance(app.screen, WorkersScreen)
    [dana] = records.workers()
    assert records.sign_in(dana.id, "2468").right


async def test_every_problem_shows_at_once_and_nothing_is_stored(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workers(pilot)
        await pilot.press("a", "tab", *"12", "tab", *"34", "ctrl+s")
        assert error_of(app, "name") == "Name is required."
        assert error_of(app, "pin") == "A PIN is 4 to 12 digits."
        assert error_of(app, "pin-again") == "PIN again is not the same PIN."
        assert app.focused.id == "name"
        await pilot.press("escape")
        assert isinstance(app.screen, WorkersScreen)  # nothing typed to lose: no question
    assert records.workers() == []


async def test_leaving_the_form_with_a_name_typed_asks_first(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workers(pilot)
        await pilot.press("a", *"Sam", "escape")
        assert isinstance(app.screen, ChoiceScreen)
        assert "Leave without saving?" in screen_text(app)
        await pilot.press("y")
        assert isinstance(app.screen, WorkersScreen)
    assert records.workers() == []


async def test_once_pins_are_in_use_a_new_supervisor_needs_one(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dana, _sam = dana_and_sam()
        records.act_as(dana.id)
        await open_workers(pilot)
        await add_worker(pilot, "Kim", supervisor=True)
        assert error_of(app, "pin") == "A supervisor needs a PIN once any worker has one: 4 to 12 digits."
        await pilot.press("ctrl+r", "ctrl+s")  # a peer worker may go without
        assert isinstance(app.screen, WorkersScreen)
    assert [(w.name, w.role, w.has_pin) for w in records.workers()][1] == ("Kim", "peer", False)


# Signing in -------------------------------------------------------------------------------------


async def test_sign_in_as_a_supervisor_with_a_wrong_then_the_right_pin(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dana, _sam = dana_and_sam()
        await open_workers(pilot)
        assert listed(app) == ["Dana · Supervisor", "Sam · Peer worker"]
        assert bar(app)[:2] == ["↓↑", "enter"]
        await pilot.press("enter")
        assert isinstance(app.screen, PinPromptScreen)
        assert "PIN for Dana" in screen_text(app)
        await pilot.press(*"0000", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PinPromptScreen)
        assert "That PIN is not right. Please try again." in screen_text(app)
        assert records.acting_worker() is None
        await pilot.press(*DANA_PIN, "enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkersScreen)
        assert listed(app) == ["Dana · Supervisor · signed in", "Sam · Peer worker"]
        assert "Signed in as Dana (Supervisor)" in screen_text(app)
        assert "Signed in as Dana" in messages(app)
        never_shown(app, DANA_PIN, "0000")
    assert records.acting_worker() == records.get_worker(dana.id)


async def test_enter_on_an_empty_pin_asks_for_it_and_counts_as_no_try(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dana, _sam = dana_and_sam()
        await open_workers(pilot)
        await pilot.press("enter", "enter", "enter")
        await pilot.pause()
        assert "Type the PIN, then press enter." in screen_text(app)
    assert records.wait_before_pin(dana.id) == 0
    assert not AuditEvent.select().where(AuditEvent.action == "failed unlock").exists()


async def test_escape_from_the_pin_prompt_signs_nobody_in(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dana_and_sam()
        await open_workers(pilot)
        await pilot.press("enter", *DANA_PIN, "escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkersScreen)
        assert "Nobody signed in" in screen_text(app)
    assert records.acting_worker() is None


async def test_a_worker_without_a_pin_is_signed_in_by_enter_alone(make_app) -> None:
    lee = records.create_worker("Lee", "peer")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workers(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert listed(app) == ["Lee · Peer worker · no PIN · signed in"]
        assert "Signed in as Lee (Peer worker)" in screen_text(app)
        assert "enter" not in bar(app)  # already signed in
        assert ("p", "Choose my PIN") in app.screen.query_one("KeyBar.screen-keys", KeyBar).keys
    assert records.acting_worker_id() == lee.id


# PINs -------------------------------------------------------------------------------------------


async def test_change_my_own_pin(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dana, _sam = dana_and_sam()
        await open_workers(pilot)
        assert "p" not in bar(app)  # nobody signed in
        await sign_in_as(pilot, "Dana", DANA_PIN)
        await pilot.press("p")
        assert isinstance(app.screen, PinChangeScreen)
        assert "Change my PIN" in screen_text(app).splitlines()[0]
        assert app.focused.id == "current"

        await pilot.press(*"1111", "enter", *"9753", "enter", *"9753", "enter")  # a wrong current PIN
        assert isinstance(app.screen, PinChangeScreen)
        assert error_of(app, "current") == "That PIN is not right. Please try again."
        assert [f.value for f in app.screen.query(PinField)] == ["", "", ""]  # all typed again, from the top
        assert app.focused.id == "current"

        await pilot.press(*DANA_PIN, "enter", *"9753", "enter", *"9735", "enter")  # new ones not the same
        assert error_of(app, "new-again") == "New PIN again is not the same PIN."
        assert error_of(app, "current") == ""  # typing the current PIN again cleared what was said about it
        assert app.focused.id == "current"

        await pilot.press(*DANA_PIN, "enter")
        await pilot.press(*"9753", "enter", *"9753", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkersScreen)
        assert "PIN changed" in messages(app)
        never_shown(app, DANA_PIN, "9753", "9735", "1111")
    assert not records.sign_in(dana.id, DANA_PIN).right
    assert records.sign_in(dana.id, "9753").right


async def test_a_supervisor_resets_a_peer_workers_pin(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        _dana, sam = dana_and_sam()
        await open_workers(pilot)
        await sign_in_as(pilot, "Dana", DANA_PIN)
        assert "r" not in bar(app)  # Dana herself is highlighted
        await highlight(pilot, "Sam")
        assert "r" in bar(app)
        await pilot.press("r")
        assert isinstance(app.screen, PinChangeScreen)
        assert "Reset the PIN for Sam" in screen_text(app)
        assert not app.screen.query("#current")  # no current PIN asked: that is the point
        await pilot.press(*"2580", "enter", *"2580", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkersScreen)
        assert "PIN reset for Sam" in messages(app)
        never_shown(app, "2580")
    assert not records.sign_in(sam.id, SAM_PIN).right
    assert records.sign_in(sam.id, "2580").right


async def test_a_peer_worker_is_offered_neither_reset_nor_self_assessment(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dana, _sam = dana_and_sam()
        await open_workers(pilot)
        await sign_in_as(pilot, "Sam", SAM_PIN)
        await highlight(pilot, "Dana")
        shown = bar(app)
        assert "enter" in shown and "p" in shown
        for key in ("r", "s", "a", "x"):  # supervisors and PINs in use: only a supervisor manages workers
            assert key not in shown
        await pilot.press("r", "s", "x", "a")
        assert isinstance(app.screen, WorkersScreen)

        await sign_in_as(pilot, "Dana", DANA_PIN)
        await highlight(pilot, "Sam")
        shown = bar(app)
        for key in ("r", "s", "a", "x", "p"):
            assert key in shown
    assert records.get_worker(dana.id).has_pin


@pytest.mark.skipif(
    importlib.util.find_spec("recovery_tui.ui.screens.self_assessments") is None,
    reason="the self-assessment screens are not written yet",
)
async def test_s_opens_the_self_assessment_for_a_supervisor(make_app) -> None:
    from recovery_tui.ui.screens.self_assessments import SelfAssessmentsScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dana_and_sam()
        await open_workers(pilot)
        await sign_in_as(pilot, "Dana", DANA_PIN)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SelfAssessmentsScreen)


# Retiring ---------------------------------------------------------------------------------------


async def test_retire_asks_first_and_the_visits_they_made_still_name_them(make_app) -> None:
    sam = records.create_worker("Sam", "peer")
    records.create_worker("Lee", "peer")
    ana = records.create_participant("Ana")
    records.act_as(sam.id)
    visit = records.start_or_resume_visit(ana.id)
    records.act_as(None)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workers(pilot)
        await highlight(pilot, "Sam")
        await pilot.press("x")
        assert isinstance(app.screen, ChoiceScreen)
        assert "Retire Sam? They stay in the records they made." in screen_text(app)
        await pilot.press("n")
        assert isinstance(app.screen, WorkersScreen)
        assert len(listed(app)) == 2

        await pilot.press("x")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, WorkersScreen)
        assert listed(app) == ["Lee · Peer worker · no PIN"]
        assert "Sam is retired and no longer signs in." in messages(app)
    assert [w.name for w in records.workers()] == ["Lee"]
    assert records.get_worker(sam.id).retired is not None
    assert records.get_visit(visit.id).worker_id == sam.id


async def test_the_signed_in_worker_is_not_offered_retiring_themselves(make_app) -> None:
    records.create_worker("Lee", "peer")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workers(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert "x" not in bar(app)
        await pilot.press("x")
        assert isinstance(app.screen, WorkersScreen)
    assert [w.name for w in records.workers()] == ["Lee"]


# Names as typed ---------------------------------------------------------------------------------

LONG = "Aunt Ré-Marguerite Okonkwo-Fitzgerald of the Tuesday Harbor Street group, again"


async def test_names_are_shown_literally_and_long_ones_cut_short(make_app) -> None:
    for name in ("[bold]Sam[/]", LONG[:80], "שרה כהן 😀"):
        records.create_worker(name, "peer")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workers(pilot)
        text = screen_text(app)
        assert "[bold]Sam[/]" in text
        assert "שרה" in text and "😀" in text
        assert LONG[:40] in text and "…" in text
        assert sum("Peer worker · no PIN" in row for row in listed(app)) == 3
        assert text.count("Peer worker  ·  no PIN") == 3  # every role still shows under a cut name
        await highlight(pilot, "[bold]Sam[/]")
        await pilot.press("x")
        assert app.screen.question == "Retire [bold]Sam[/]? They stay in the records they made."
        assert "Retire [bold]Sam[/]?" in screen_text(app)
        await pilot.press("n")
        await pilot.press("enter")
        await pilot.pause()
        assert "Signed in as [bold]Sam[/] (Peer worker)" in screen_text(app)
        assert "Signed in as [bold]Sam[/]" in messages(app)


# The first worker of a kiosk ----------------------------------------------------------------------


async def test_the_first_worker_form_cannot_be_left_needs_a_pin_and_signs_them_in(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(WorkerFormScreen(pin_required=True, first=True))  # as a kiosk on a fresh folder does
        await pilot.pause()
        text = screen_text(app)
        assert "Set up the first worker" in text.splitlines()[0]
        assert "This kiosk needs a worker with a PIN before anyone's records can be opened." in text
        assert "esc" not in bar(app)
        await type_text(pilot, "Dana")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkerFormScreen)  # no way out, not even a question

        await pilot.press("ctrl+s")
        assert error_of(app, "pin") == "This kiosk needs a PIN for its first worker: 4 to 12 digits."
        assert records.workers() == []

        await pilot.press(*DANA_PIN, "enter", *DANA_PIN, "enter")  # a supervisor unless switched
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)
        assert "Signed in as Dana" in messages(app)
        never_shown(app, DANA_PIN)
    [dana] = records.workers()
    assert (dana.name, dana.role, dana.has_pin) == ("Dana", "supervisor", True)
    assert records.acting_worker_id() == dana.id


# Every key the bar shows does something ---------------------------------------------------------------


@dataclass
class State:
    seed: Callable[[], None] | None  # run once the app has started
    keys: list[str]
    screen: type


def seed_peers() -> None:
    records.create_worker("Lee", "peer")
    records.create_worker("Sam", "peer")


def seed_supervisor_signed_in() -> None:
    dana, _sam = dana_and_sam()
    records.act_as(dana.id)


STATES = {
    "nobody yet": State(None, ["f3"], WorkersScreen),
    "two without PINs": State(seed_peers, ["f3"], WorkersScreen),
    "a supervisor signed in, another highlighted": State(seed_supervisor_signed_in, ["f3", "down"], WorkersScreen),
    "the form, the last field": State(None, ["f3", "a", "tab", "tab"], WorkerFormScreen),
    "a reset": State(seed_supervisor_signed_in, ["f3", "down", "r"], PinChangeScreen),
}
PRESSED = {"esc": ["escape"], "↓↑": ["down", "up"]}


@contextmanager
def fresh_store(folder: Path) -> Iterator[None]:
    db = open_store(load_settings(data_dir=str(folder)))
    try:
        yield
    finally:
        close_store(db)
        records.act_as(None)


def look(app) -> tuple[int, tuple[tuple[str, object], ...]]:
    return id(app.screen), tuple((s.text, s.style) for strip in app.screen._compositor.render_strips() for s in strip)


async def open_state(pilot, state: State) -> None:
    if state.seed:
        state.seed()
    for key in state.keys:
        await pilot.press(key)
        await pilot.pause()
    assert type(pilot.app.screen) is state.screen, pilot.app.screen


@pytest.mark.parametrize("name", list(STATES))
async def test_every_key_shown_does_something_visible(name: str, frozen_clock, tmp_path) -> None:
    state = STATES[name]
    with fresh_store(tmp_path / "shown"):
        app = RecoveryApp(cursor_blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_state(pilot, state)
            shown = [key for key in bar(app) if key not in {"f1", "f2", "ctrl+q"}]  # the app's own: tested with it
            if importlib.util.find_spec("recovery_tui.ui.screens.self_assessments") is None:
                shown = [key for key in shown if key != "s"]  # not written yet: its own test then
    did_nothing = []
    for n, key in enumerate(shown):
        with fresh_store(tmp_path / str(n)):
            app = RecoveryApp(cursor_blink=False)
            async with app.run_test(size=(80, 24)) as pilot:
                await open_state(pilot, state)
                before = look(app)
                for press in PRESSED.get(key, [key]):
                    await pilot.press(press)
                    await pilot.pause()
                    if look(app) != before:
                        break
                else:
                    did_nothing.append(key)
    assert did_nothing == [], f"{name}: shown but nothing visible happened"
