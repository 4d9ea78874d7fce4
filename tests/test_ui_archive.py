"""Archiving a participant, bringing them back, and erasing them from the app, by keys only."""

from __future__ import annotations

import dataclasses
import datetime as dt

from textual.widgets import OptionList

from recovery_tui import clock
from recovery_tui.store import records
from recovery_tui.store.errors import NotFound
from recovery_tui.store.models import AuditEvent
from recovery_tui.ui.app import RecoveryApp
from recovery_tui.ui.screens.archived import ArchivedScreen
from recovery_tui.ui.screens.erase import EraseScreen
from recovery_tui.ui.screens.new_participant import NewParticipantScreen
from recovery_tui.ui.screens.overview import OverviewScreen
from recovery_tui.ui.screens.participants import ParticipantsScreen
from recovery_tui.ui.screens.pin_prompt import PinPromptScreen
from recovery_tui.ui.screens.workers import WorkersScreen
from tests.ui_support import screen_text, type_text

DANA_PIN = "2468"


def listed(app: RecoveryApp) -> list[str]:
    options = app.screen.query_one("#participants", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def open_overview(pilot, name: str) -> None:
    await type_text(pilot, name)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, OverviewScreen)


async def wait_until_left(pilot, screen_type: type) -> None:
    for _ in range(200):
        await pilot.pause(0.02)
        if not isinstance(pilot.app.screen, screen_type):
            return
    raise AssertionError(f"still on {screen_type.__name__}")


def actions_about(participant_id) -> list[str]:
    return [e.action for e in AuditEvent.select().where(AuditEvent.record_id == str(participant_id))]


# The store --------------------------------------------------------------------------------------


def test_archived_participants_leave_the_list_and_come_back_and_each_step_is_audited(store, frozen_clock) -> None:
    ana, bo = records.create_participant("Ana"), records.create_participant("Bo")
    records.archive_participant(ana.id)
    clock.set_now(frozen_clock + dt.timedelta(days=1))
    records.archive_participant(bo.id)
    records.archive_participant(bo.id)  # again: nothing changes, nothing more is audited
    assert [row.first_name for row in records.archived_participants()] == ["Bo", "Ana"]  # latest first
    assert records.find_participants() == []
    records.bring_back_participant(ana.id)
    records.bring_back_participant(ana.id)
    assert [row.first_name for row in records.find_participants()] == ["Ana"]
    assert [row.first_name for row in records.archived_participants()] == ["Bo"]
    assert actions_about(ana.id).count("archive") == 1
    assert actions_about(ana.id).count("bring back") == 1
    assert actions_about(bo.id).count("archive") == 1


def test_bringing_back_someone_unknown_is_a_clear_refusal(store) -> None:
    import uuid

    try:
        records.bring_back_participant(uuid.uuid4())
    except NotFound as error:
        assert "no participant" in str(error)
    else:
        raise AssertionError("an unknown participant was brought back")


# Archiving from the participant's details ----------------------------------------------------------------------


async def test_i_ctrl_o_a_archives_and_the_list_no_longer_shows_them(make_app) -> None:
    ana = records.create_participant("Ana")
    records.create_participant("Bo")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_overview(pilot, "Ana")
        assert "i Name, ID, archive" in " ".join(screen_text(app).split())
        await pilot.press("i")
        await pilot.pause()
        assert "ctrl+o Archive or erase" in " ".join(screen_text(app).split())
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "Archive or erase Ana?" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)
        await pilot.press("backspace", "backspace", "backspace")
        await pilot.pause()
        assert [name.split()[0] for name in listed(app)] == ["Bo"]
    assert records.get_participant(ana.id).archived is not None


async def test_escape_at_the_question_archives_nothing(make_app) -> None:
    ana = records.create_participant("Ana")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_overview(pilot, "Ana")
        await pilot.press("i", "ctrl+o")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, NewParticipantScreen)
    assert records.get_participant(ana.id).archived is None


# Bringing back, from the worker menu ----------------------------------------------------------------


async def test_f3_b_lists_the_archived_and_b_y_brings_one_back(make_app) -> None:
    ana = records.create_participant("Ana")
    records.archive_participant(ana.id)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert listed(app) == []
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, WorkersScreen)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, ArchivedScreen)  # nobody has a PIN: nothing to ask
        assert "Ana" in screen_text(app) and "archived" in screen_text(app)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("n")  # not yet
        await pilot.pause()
        assert records.get_participant(ana.id).archived is not None
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "Nobody is archived" in screen_text(app)
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)
        assert [name.split()[0] for name in listed(app)] == ["Ana"]
    assert records.get_participant(ana.id).archived is None


async def test_with_a_pin_the_archived_list_asks_for_it_again_and_a_wrong_one_keeps_it_shut(
    store, frozen_clock
) -> None:
    dana = records.create_worker("Dana", "supervisor", DANA_PIN)
    ana = records.create_participant("Ana")
    records.archive_participant(ana.id)
    app = RecoveryApp(cursor_blink=False, settings=dataclasses.replace(store))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*DANA_PIN, "enter")  # signing in at the start
        await pilot.pause()
        assert records.acting_worker_id() == dana.id
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, PinPromptScreen)
        assert "Your PIN again, Dana" in screen_text(app)
        await pilot.press("1", "1", "1", "1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PinPromptScreen) and "not right" in screen_text(app)
        await pilot.press(*DANA_PIN, "enter")
        await pilot.pause()
        assert isinstance(app.screen, ArchivedScreen) and "Ana" in screen_text(app)
    kinds = [e.action for e in AuditEvent.select().where(AuditEvent.record_id == str(dana.id))]
    assert "failed unlock" in kinds and "PIN again" in kinds


# Erasing ---------------------------------------------------------------------------------------------


async def test_erasing_asks_for_the_first_name_and_a_wrong_one_erases_nothing(make_app) -> None:
    ana = records.create_participant("Ana")
    records.save_visit_note(records.start_or_resume_visit(ana.id).id, note="a note about Ana")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_overview(pilot, "Ana")
        await pilot.press("i", "ctrl+o")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EraseScreen)
        assert "cannot be undone" in " ".join(screen_text(app).split())
        await type_text(pilot, "Anna")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EraseScreen)
        assert "Nothing" in screen_text(app) or "nothing" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, NewParticipantScreen)
    assert records.get_participant(ana.id).first_name == "Ana"


async def test_erasing_with_the_first_name_leaves_nothing_of_them_on_screen_or_in_the_store(make_app) -> None:
    ana = records.create_participant("Ana")
    records.create_participant("Bo")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_overview(pilot, "Ana")
        await pilot.press("i", "ctrl+o")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await type_text(pilot, "ana")  # the name as search folds it: case is not a second chance to err
        await pilot.press("enter")
        await wait_until_left(pilot, EraseScreen)
        assert isinstance(app.screen, ParticipantsScreen)
        await pilot.press("backspace", "backspace", "backspace")
        await pilot.pause()
        assert "Ana" not in screen_text(app)
        assert [name.split()[0] for name in listed(app)] == ["Bo"]
        assert any("rased" in n.title + n.message for n in app._notifications)
        assert not any(n.title == "Could not open" for n in app._notifications)  # nothing of them read again
    try:
        records.get_participant(ana.id)
    except NotFound:
        pass
    else:
        raise AssertionError("Ana is still in the store")


async def test_an_archived_participant_can_be_erased_from_the_archived_list(make_app) -> None:
    ana = records.create_participant("Ana")
    records.archive_participant(ana.id)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EraseScreen)
        await type_text(pilot, "Ana")
        await pilot.press("enter")
        await wait_until_left(pilot, EraseScreen)
        assert isinstance(app.screen, ArchivedScreen)
        assert "Nobody is archived" in screen_text(app)
    assert records.archived_participants() == []


async def test_with_everyone_archived_the_empty_list_says_where_they_are(make_app) -> None:
    records.archive_participant(records.create_participant("Ana").id)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        text = " ".join(screen_text(app).split())
        assert "No participants yet" not in text
        assert "Archived participants are under f3, then b." in text
        await type_text(pilot, "Ana")
        text = " ".join(screen_text(app).split())
        assert "Nobody matches “Ana”" in text and "under f3, then b" in text
