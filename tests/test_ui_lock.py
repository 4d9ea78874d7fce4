"""The lock screen, signing in at start, the idle lock and kiosk mode, driven by keys only."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt

import pytest

from recovery_tui import clock
from recovery_tui.store import records
from recovery_tui.store.models import AuditEvent
from recovery_tui.ui.app import RecoveryApp
from recovery_tui.ui.screens.check_in import CheckInScreen
from recovery_tui.ui.screens.lock import LockScreen
from recovery_tui.ui.screens.participants import ParticipantsScreen
from recovery_tui.ui.screens.support_lines import SupportLinesScreen
from tests.ui_support import screen_text, type_text


@pytest.fixture
def workers(store):
    """Dana (supervisor, PIN 2468) and Lee (peer worker, PIN 1357), and a participant, Ana."""
    dana = records.create_worker("Dana", "supervisor", "2468")
    records.act_as(dana.id)  # once a supervisor has a PIN, only a supervisor adds workers
    lee = records.create_worker("Lee", "peer", "1357")
    records.create_participant("Ana")
    records.act_as(None)  # as the app starts: nobody signed in
    return dana, lee


def app_with(store, **changes) -> RecoveryApp:
    return RecoveryApp(cursor_blink=False, settings=dataclasses.replace(store, **changes))


async def sign_in(pilot, pin: str, moves: int = 0) -> None:
    for _ in range(moves):
        await pilot.press("down")
    await pilot.press(*pin, "enter")
    await pilot.pause()


async def test_without_a_pin_nothing_asks_and_ctrl_l_says_how_to_lock(make_app) -> None:
    records.create_participant("Ana")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, ParticipantsScreen) and "Ana" in screen_text(app)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not app.locked
        assert "locks once a worker has a PIN" in " ".join(n.message for n in app._notifications)


async def test_a_pin_set_means_signing_in_before_anyone_is_shown(store, frozen_clock, workers) -> None:
    dana, _ = workers
    app = app_with(store)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = screen_text(app)
        assert isinstance(app.screen, LockScreen) and "Sign in" in shown
        assert "Ana" not in shown and "Dana" in shown
        await sign_in(pilot, "2468")
        assert isinstance(app.screen, ParticipantsScreen) and "Ana" in screen_text(app)
        assert records.acting_worker_id() == dana.id
    actions = [e.action for e in AuditEvent.select().where(AuditEvent.record_id == str(dana.id))]
    assert "sign in" in actions


async def test_lock_shows_nothing_of_the_participant_and_unlocks_to_the_half_typed_note(
    store, frozen_clock, workers
) -> None:
    dana, _ = workers
    app = app_with(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "2468")
        await pilot.press("enter", "c")  # Ana's overview, then her check-in
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "walked by the river")
        assert isinstance(app.screen, CheckInScreen)
        check_in = app.screen
        await pilot.press("ctrl+l")
        await pilot.pause()
        shown = screen_text(app)
        assert app.locked and "Locked" in shown
        assert "Ana" not in shown and "river" not in shown and "Check-in" not in shown
        for key in ("escape", "ctrl+q", "f1", "c", "r", "tab", "ctrl+n", "f3", "ctrl+l", "enter", "ctrl+c", "ctrl+z"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, LockScreen), key
            assert app.is_running, key
        assert "Ana" not in screen_text(app)
        await sign_in(pilot, "2468")
        assert app.screen is check_in and not app.locked
        assert "walked by the river" in screen_text(app)
    assert records.acting_worker_id() == dana.id


async def test_the_support_lines_show_over_the_lock_screen_and_go_back_to_it(store, frozen_clock, workers) -> None:
    app = app_with(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SupportLinesScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)


async def test_another_workers_pin_switches_to_them_at_the_participants_screen(store, frozen_clock, workers) -> None:
    _, lee = workers
    app = app_with(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "2468")
        await type_text(pilot, "An")
        await pilot.press("enter", "c")
        await pilot.pause()
        visit = records.todays_visit(records.find_participants("Ana")[0].id)
        await pilot.press("ctrl+l")
        await pilot.pause()
        await sign_in(pilot, "1357", moves=1)  # Lee is second in the list
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen) and len(app.screen_stack) == 2
        assert records.acting_worker_id() == lee.id
        assert app.screen.query_one("#search").value == ""
    assert visit is not None and records.get_visit(visit.id).ended is None  # the visit stays open


async def test_wrong_pins_wait_longer_after_five_and_each_is_audited(store, frozen_clock, workers) -> None:
    dana, _ = workers
    app = app_with(store)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(4):
            await sign_in(pilot, "0000")
            assert "That PIN is not right" in screen_text(app)
        await sign_in(pilot, "0000")
        assert "Too many wrong PINs in a row. Please wait 5 seconds" in screen_text(app)
        await sign_in(pilot, "2468")  # the right PIN, too soon: not even checked
        assert isinstance(app.screen, LockScreen)
        assert "Please wait 5 seconds" in screen_text(app)
        await asyncio.sleep(5.2)  # the words say when the wait is over
        await pilot.pause()
        assert "You can try the PIN again now." in screen_text(app)
        clock.set_now(clock.now() + dt.timedelta(seconds=6))
        await sign_in(pilot, "2468")
        assert isinstance(app.screen, ParticipantsScreen)
    failed = AuditEvent.select().where((AuditEvent.action == "failed unlock") & (AuditEvent.record_id == str(dana.id)))
    assert failed.count() == 5


async def test_idle_for_the_set_time_locks_by_itself(store, frozen_clock, workers) -> None:
    app = app_with(store, idle_lock_minutes=0.05)  # 3 s, looked at every 0.75 s
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "2468")
        await asyncio.sleep(1.0)
        assert not app.locked  # keys a moment ago
        app.last_key_at -= 3600  # the last key an hour ago
        for _ in range(100):  # a busy machine may take longer to look
            await asyncio.sleep(0.1)
            if app.locked:
                break
        await pilot.pause()
        assert app.locked and "Ana" not in screen_text(app)


async def test_kiosk_quits_only_with_a_pin(store, frozen_clock, workers) -> None:
    app = app_with(store, kiosk=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "2468")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen) and "needed to quit" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen) and app.is_running
        await pilot.press("ctrl+q")
        await sign_in(pilot, "1111")
        assert app.is_running and "not right" in screen_text(app)
        await sign_in(pilot, "2468")
    assert app.return_code == 0


async def test_kiosk_ignores_ctrl_c_and_ctrl_z_and_lists_nobody_until_two_characters(
    store, frozen_clock, workers
) -> None:
    app = app_with(store, kiosk=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "2468")
        assert "Ana" not in screen_text(app)
        await pilot.press("ctrl+c", "ctrl+z")
        await pilot.pause()
        assert app.is_running and not app._notifications and isinstance(app.screen, ParticipantsScreen)
        await type_text(pilot, "A")
        assert "Ana" not in screen_text(app)
        await type_text(pilot, "n")
        assert "Ana" in screen_text(app)


async def test_a_kiosk_on_a_fresh_data_folder_first_asks_for_a_worker_with_a_pin(store, frozen_clock) -> None:
    records.create_participant("Ana")
    app = app_with(store, kiosk=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Set up the first worker" in screen_text(app) and "Ana" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "Set up the first worker" in screen_text(app)
        await type_text(pilot, "Dana")
        assert "Supervisor" in screen_text(app)  # the first worker adds and resets the others
        await pilot.press("tab")
        await pilot.press(*"2468", "tab", *"2468", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)
        (dana,) = records.workers()
        assert dana.name == "Dana" and dana.is_supervisor and dana.has_pin and records.acting_worker_id() == dana.id
        await pilot.press("ctrl+q")  # a kiosk asks for the PIN that now exists
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)


async def test_a_pin_to_quit_left_alone_becomes_a_lock_that_escape_does_not_leave(store, frozen_clock, workers) -> None:
    app = app_with(store, kiosk=True, idle_lock_minutes=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "2468")
        await type_text(pilot, "An")
        await pilot.press("enter")  # Ana's overview
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert "needed to quit" in screen_text(app)
        app.last_key_at -= 3600
        for _ in range(100):
            await asyncio.sleep(0.1)
            if "Locked" in screen_text(app):
                break
        await pilot.press("escape", "ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen) and "This screen is locked" in screen_text(app)
        await sign_in(pilot, "2468")
        assert app.is_running and "Ana" in screen_text(app)  # back where Dana was, not quit


async def test_another_workers_unlock_draws_none_of_the_last_participants_screens(store, frozen_clock, workers) -> None:
    app = app_with(store)
    drawn: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "2468")
        await pilot.press("enter", "h")  # Ana's overview, then her history
        await pilot.pause()
        await pilot.press("ctrl+l")
        await pilot.pause()
        display = app._display

        def spy(screen, *args, **kwargs):
            drawn.append(type(screen).__name__)
            return display(screen, *args, **kwargs)

        app._display = spy
        await sign_in(pilot, "1357", moves=1)
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)
    assert drawn and set(drawn) <= {"LockScreen", "ParticipantsScreen"}, drawn


async def test_nothing_notified_shows_over_the_lock_screen(store, frozen_clock, workers) -> None:
    app = app_with(store)
    async with app.run_test(size=(80, 24)) as pilot:
        app.notify("Saved Ana's note")
        await pilot.pause()
        assert not app._notifications and "Ana" not in screen_text(app)


async def test_a_pin_is_never_copied_out_of_its_box(store, frozen_clock, workers) -> None:
    app = app_with(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"2468", "shift+home", "ctrl+c", "ctrl+x")
        await pilot.pause()
        assert "2468" not in app.clipboard


async def test_workers_that_could_not_be_read_are_read_again_at_enter(
    store, frozen_clock, workers, monkeypatch
) -> None:
    real = records.workers
    failing = {"left": 1}

    def workers_once_failing(*args, **kwargs):
        if failing["left"]:
            failing["left"] -= 1
            raise records_busy()
        return real(*args, **kwargs)

    monkeypatch.setattr(records, "workers", workers_once_failing)
    app = app_with(store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert (
            "busy" in screen_text(app) and "Press enter to try" in screen_text(app) and "Dana" not in screen_text(app)
        )
        await pilot.press("enter")
        await pilot.pause()
        assert "Dana" in screen_text(app)
        await sign_in(pilot, "2468")
        assert isinstance(app.screen, ParticipantsScreen)


def records_busy():
    from recovery_tui.store.errors import DatabaseProblem

    return DatabaseProblem("The records are busy with another program just now.")


async def test_with_the_records_out_of_reach_the_lock_still_locks(store, frozen_clock, workers, monkeypatch) -> None:
    """A server down must not open the kiosk: whether any PIN is set is then as last read."""
    from recovery_tui.store.errors import DatabaseProblem

    app = app_with(store, kiosk=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "2468")
        assert isinstance(app.screen, ParticipantsScreen)

        def out_of_reach() -> bool:
            raise DatabaseProblem("The records server could not be reached.", connection_lost=True)

        monkeypatch.setattr(records, "any_pin", out_of_reach)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.locked and "Ana" not in screen_text(app)
        await pilot.press("ctrl+q")  # a kiosk still asks for a PIN to quit
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, LockScreen)
