"""The audit log screen (f3, then l), by keys only: the PIN asked again where anyone has one, each
filter changing the list, the overview's opening and quitting in the log, and never a record's content.

Workers with a PIN are added once the app runs: a PIN set before it starts means a sign-in first,
which is the lock screen's business.
"""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static

from recovery_tui import clock
from recovery_tui.store import records
from recovery_tui.ui.screens.audit import MORE_THAN_SHOWN, AuditParticipantScreen, AuditPickScreen, AuditScreen
from recovery_tui.ui.screens.overview import OverviewScreen
from recovery_tui.ui.screens.participants import ParticipantsScreen
from recovery_tui.ui.screens.pin_prompt import PinPromptScreen
from recovery_tui.ui.screens.workers import WorkersScreen
from recovery_tui.ui.widgets.key_bar import KeyBar
from tests.ui_support import screen_text, type_text

DANA_PIN = "4821"


async def settle(pilot) -> None:
    """Wait for the audit log's read in its worker thread, and for the screen to draw it."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_audit(pilot) -> None:
    await pilot.press("f3", "l")
    await settle(pilot)


def listed(app) -> list[str]:
    """Each line as it reads, its columns split on runs of spaces: "Sam | Opened | participant 3f9a1c2e"."""
    options = app.screen.query_one("#audit-lines", OptionList)
    if not options.display:
        return []
    rows = [options.get_option_at_index(i).prompt.plain for i in range(options.option_count)]
    return [" | ".join(part.strip() for part in row[17:].split("  ") if part.strip()) for row in rows]


def filters(app) -> str:
    return str(app.screen.query_one("#audit-filters", Static).render())


def note(app) -> str:
    shown = app.screen.query_one("#audit-note", Static)
    return str(shown.render()) if shown.display else ""


def bar(app) -> list[str]:
    return [key for key, _ in app.screen.query_one("KeyBar.screen-keys", KeyBar).keys]


def short(record_id: object) -> str:
    return str(record_id).replace("-", "")[:8]


@pytest.fixture
def people(store):
    """Zebedee, with a visit holding a note, and Ana; Sam, a retired peer worker who opened Ana."""
    zeb = records.create_participant("Zebedee", "Z-8")
    visit = records.start_or_resume_visit(zeb.id)
    records.save_visit_note(visit.id, note="secret-note-text")
    ana = records.create_participant("Ana")
    sam = records.create_worker("Sam", "peer")
    records.act_as(sam.id)
    records.note_opened(ana.id)
    records.act_as(None)
    records.retire_worker(sam.id)
    return zeb, visit, ana, sam


# -- opening it ------------------------------------------------------------------------------------


async def test_without_any_pin_l_opens_the_audit_log_at_once_and_escape_goes_back(make_app, people) -> None:
    _, visit, ana, _ = people
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert ("l", "Audit log") in app.screen.query_one("KeyBar.screen-keys", KeyBar).keys
        await open_audit(pilot)
        assert isinstance(app.screen, AuditScreen)
        lines = listed(app)
        assert lines[:3] == [
            "Unnamed worker | Opened | audit log",  # reading the log is in it too
            "Unnamed worker | Changed | worker Sam",  # retired
            f"Sam | Opened | participant {short(ana.id)}",
        ]
        assert f"Unnamed worker | Changed | visit {short(visit.id)}" in lines
        assert filters(app).startswith("All events, newest first.")
        assert bar(app) == ["↓↑", "w", "p", "k", "esc", "f1", "f2", "ctrl+q"]  # nothing to clear yet
        shown = screen_text(app)
        assert "Zebedee" not in shown and "secret-note-text" not in shown and "Z-8" not in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkersScreen)


async def test_with_a_pin_l_asks_it_again_a_wrong_one_does_not_open_the_log_the_right_one_does(
    make_app, people
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dana = records.create_worker("Dana Okafor", "supervisor", DANA_PIN)
        records.act_as(dana.id)
        await pilot.press("f3", "l")
        await pilot.pause()
        assert isinstance(app.screen, PinPromptScreen)
        title = app.screen.query_one(".box-title", Static).render()
        assert str(title) == "Your PIN again, Dana Okafor, to open the audit log"
        await type_text(pilot, "1111")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PinPromptScreen) and "That PIN is not right" in screen_text(app)
        assert "1111" not in screen_text(app)
        await type_text(pilot, DANA_PIN)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        assert listed(app)[:3] == [
            "Dana Okafor | Opened | audit log",
            "Dana Okafor | PIN typed again | worker Dana Okafor",
            "Dana Okafor | Wrong PIN | worker Dana Okafor",
        ]
        assert DANA_PIN not in screen_text(app)


async def test_with_a_pin_escape_from_the_pin_leaves_the_log_shut(make_app, people) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dana = records.create_worker("Dana Okafor", "supervisor", DANA_PIN)
        records.act_as(dana.id)
        await pilot.press("f3", "l")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WorkersScreen)
        assert records.audit_lines(limit=1)[0].what == "Added"  # nothing opened, nothing typed


# -- the filters, by keys --------------------------------------------------------------------------


async def test_by_worker_lists_every_worker_retired_too_and_narrows_the_list(make_app, people) -> None:
    _, _, ana, _ = people
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_audit(pilot)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, AuditPickScreen)
        choices = screen_text(app)
        assert "Any worker" in choices and "Sam  Peer worker  ·  retired" in choices
        await pilot.press("down", "enter")
        await settle(pilot)
        assert listed(app) == [f"Sam | Opened | participant {short(ana.id)}"]
        assert filters(app) == "Only: by Sam, newest first."
        assert "c" in bar(app) and "↓↑" not in bar(app)  # one line: nothing to move to
        await pilot.press("w", "up", "enter")  # any worker again
        await settle(pilot)
        assert len(listed(app)) > 1 and filters(app).startswith("All events")


async def test_by_participant_typed_finds_their_records_events_and_no_one_elses(make_app, people) -> None:
    zeb, visit, _, _ = people
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_audit(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, AuditParticipantScreen)
        assert "Any participant" in screen_text(app) and "Zebedee" in screen_text(app)
        await type_text(pilot, "z-8")  # the agency ID finds them as the first name does
        assert "Ana" not in screen_text(app) and "Any participant" not in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        assert listed(app) == [
            f"Unnamed worker | Changed | visit {short(visit.id)}",
            f"Unnamed worker | Added | visit {short(visit.id)}",
            f"Unnamed worker | Added | participant {short(zeb.id)}",
        ]
        assert filters(app) == "Only: about Zebedee and their records, newest first."
        await pilot.press("p")
        await pilot.pause()
        await type_text(pilot, "nobody")
        assert "Nobody matches “nobody”." in screen_text(app)
        await pilot.press("escape")  # nothing chosen: the filter stays
        await settle(pilot)
        assert len(listed(app)) == 3


async def test_by_kind_and_clearing_every_filter(make_app, people) -> None:
    _, _, ana, _ = people
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_audit(pilot)
        everything = listed(app)
        await pilot.press("k")
        await pilot.pause()
        assert "Plan written, printed or shown" in screen_text(app) and "Wrong PIN" in screen_text(app)
        await pilot.press("down", "enter")  # the first kind: opened
        await settle(pilot)
        assert listed(app) == ["Unnamed worker | Opened | audit log", f"Sam | Opened | participant {short(ana.id)}"]
        assert filters(app) == "Only: Opened, newest first."
        await pilot.press("w", "down", "enter")
        await settle(pilot)
        assert listed(app) == [f"Sam | Opened | participant {short(ana.id)}"]
        assert filters(app) == "Only: by Sam · Opened, newest first."
        await pilot.press("k", "down", "down", "down", "down", "enter")  # removed: Sam removed nothing
        await settle(pilot)
        assert listed(app) == [] and note(app) == "Nothing matches these filters. Press c to clear them."
        await pilot.press("c")
        await settle(pilot)
        assert listed(app) == everything and "c" not in bar(app)


async def test_only_the_newest_are_shown_and_the_rest_are_on_the_command_line(make_app, store) -> None:
    with records.transaction():
        for _ in range(records.AUDIT_LIMIT + 5):
            records.audit("lock", "worker")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_audit(pilot)
        assert len(listed(app)) == records.AUDIT_LIMIT
        assert note(app) == MORE_THAN_SHOWN and "recovery-tui audit" in MORE_THAN_SHOWN
        await pilot.press("k", *["down"] * 11, "enter")  # locked: still more than are shown
        await settle(pilot)
        assert filters(app) == "Only: Locked, newest first." and note(app) == MORE_THAN_SHOWN


# -- what is written to it -------------------------------------------------------------------------


async def test_opening_an_overview_is_one_opened_line_however_often_it_is_come_back_to(make_app, people) -> None:
    zeb, _, _, _ = people
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "Zeb")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("w")  # who will help me, and back
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)
        await open_audit(pilot)
        assert listed(app)[:2] == [
            "Unnamed worker | Opened | audit log",
            f"Unnamed worker | Opened | participant {short(zeb.id)}",
        ]
        assert sum("Opened | participant" in line for line in listed(app)) == 2  # Zebedee once, Ana by Sam


async def test_quitting_is_in_the_log(make_app, store) -> None:
    clock.set_now(clock.now())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert [(line.who, line.what) for line in records.audit_lines()] == [("Unnamed worker", "Quit")]
