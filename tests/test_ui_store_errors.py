"""Every key that reads or writes the records, with the records failing: a calm message, never a traceback.

For each key, the records function it calls is made to raise, once a ``StoreError`` (its
own words show, under a title that says what did not happen, and the person stays where
they were or goes back) and once a ``RuntimeError`` (the last resort: the calm message with
the log's path, and the app goes on). The failing function holds a participant's name in
a local and in its message, as a real one would: it must show nowhere, nor reach the log.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.screen import Screen

from recovery_tui import clock
from recovery_tui.store import records
from recovery_tui.store.errors import StoreError
from recovery_tui.ui.app import SOMETHING_WENT_WRONG, RecoveryApp
from recovery_tui.ui.fault_log import LOG_FILE
from recovery_tui.ui.screens.activity_form import ActivityFormScreen
from recovery_tui.ui.screens.check_in import CheckInScreen
from recovery_tui.ui.screens.focus_areas import FocusAreasScreen
from recovery_tui.ui.screens.form import FormScreen
from recovery_tui.ui.screens.form_summary import FormSummaryScreen
from recovery_tui.ui.screens.helper_form import HelperFormScreen
from recovery_tui.ui.screens.helpers import HelpersScreen
from recovery_tui.ui.screens.history import HistoryScreen
from recovery_tui.ui.screens.keys import KeysScreen
from recovery_tui.ui.screens.new_participant import NewParticipantScreen
from recovery_tui.ui.screens.overview import OverviewScreen
from recovery_tui.ui.screens.participants import ParticipantsScreen
from recovery_tui.ui.screens.plan_week import PlanWeekScreen
from recovery_tui.ui.screens.review_week import ReviewWeekScreen
from recovery_tui.ui.screens.take_home import TakeHomeScreen
from recovery_tui.ui.screens.visit_note import VisitNoteScreen
from tests.ui_support import screen_text

PLANTED = "Zebedee-PLANTED"
STORE_WORDS = "The records are busy just now. Please try again."


def failing(kind: type[Exception]):
    def fail(*args, **kwargs):
        participant_name = PLANTED  # a local, as a traceback with locals would show it
        if kind is StoreError:
            raise StoreError(STORE_WORDS)
        raise kind(f"no row for {participant_name}")

    return fail


@dataclass
class Case:
    path: list[str]  # keys that reach the screen
    patched: str  # the records function that fails
    keys: list[str]  # the key that calls it
    title: str
    then: type[Screen]  # where a StoreError leaves the person


PLAN = ["enter", "p", "escape"]  # last week's review comes first; escape goes on to this week's plan
SCALE = ["enter", "r", *"4" * 22]
CASES = {
    "participants: typing searches": Case([], "find_participants", ["z"], "Could not open", ParticipantsScreen),
    "participants: enter opens": Case([], "participant_overview", ["enter"], "Could not open", ParticipantsScreen),
    "new participant: enter saves": Case(
        ["ctrl+n", *"Ana"], "create_participant", ["enter"], "Not saved", NewParticipantScreen
    ),
    "new participant: enter checks the agency ID": Case(
        ["ctrl+n", *"Ana"], "participant_problems", ["enter"], "Not saved", NewParticipantScreen
    ),
    "overview: c starts the visit": Case(["enter"], "start_or_resume_visit", ["c"], "Could not open", OverviewScreen),
    "overview: c reads the check-in": Case(["enter"], "check_in_of", ["c"], "Could not open", OverviewScreen),
    "overview: n reads the visit": Case(["enter"], "get_visit", ["n"], "Could not open", OverviewScreen),
    "overview: r": Case(["enter"], "current_draft", ["r"], "Could not open", OverviewScreen),
    "overview: a": Case(["enter"], "completed_responses", ["a"], "Could not open", OverviewScreen),
    "overview: a reads the areas": Case(["enter"], "current_focus_areas", ["a"], "Could not open", OverviewScreen),
    "overview: p": Case(["enter"], "week_to_review", ["p"], "Could not open", OverviewScreen),
    "overview: w": Case(["enter"], "helpers_of", ["w"], "Could not open", OverviewScreen),
    "overview: back to it": Case(
        ["enter", "c"], "participant_overview", ["escape"], "Could not open", ParticipantsScreen
    ),
    "scale: an answer": Case(["enter", "r"], "give_answer", ["5"], "Not saved", FormScreen),
    "scale: backspace": Case(["enter", "r", "5", "up"], "clear_answer", ["backspace"], "Not saved", FormScreen),
    "scale: the last answer": Case(SCALE, "complete_response", ["4"], "Not completed", FormScreen),
    "scale: the summary": Case(SCALE, "response_result", ["4"], "Could not open", OverviewScreen),
    "summary: enter": Case([*SCALE, "4"], "focus_candidates", ["enter"], "Could not open", FormSummaryScreen),
    "areas: s": Case(["enter", "a"], "choose_focus_areas", ["s"], "Not saved", FocusAreasScreen),
    "check-in: a feeling": Case(["enter", "c"], "save_check_in", ["3"], "Not saved", CheckInScreen),
    "check-in: a note": Case(["enter", "c", "tab", *"ok"], "save_check_in", ["tab"], "Not saved", CheckInScreen),
    "visit note: a domain": Case(["enter", "n", "tab"], "save_visit_note", ["space"], "Not saved", VisitNoteScreen),
    "plan: a": Case(PLAN, "current_focus_areas", ["a"], "Could not open", PlanWeekScreen),
    "plan: enter": Case(PLAN, "planned_activity", ["enter"], "Could not open", PlanWeekScreen),
    "plan: l": Case(PLAN, "week_to_review", ["l"], "Could not open", PlanWeekScreen),
    "plan: delete, y": Case(PLAN, "remove_activity", ["delete", "y"], "Not saved", PlanWeekScreen),
    "activity: ctrl+s": Case([*PLAN, "a", *"Walk"], "add_activity", ["ctrl+s"], "Not saved", ActivityFormScreen),
    "activity: after ctrl+n": Case(
        [*PLAN, "a", "ctrl+n"], "helpers_of", ["escape"], "Could not open", ActivityFormScreen
    ),
    "review: d": Case(["enter", "p"], "review_activity", ["d"], "Not saved", ReviewWeekScreen),
    "review: c": Case(["enter", "p"], "carry_forward", ["c"], "Not saved", ReviewWeekScreen),
    "review: a note": Case(["enter", "p", "tab", *"ok"], "review_activity", ["enter"], "Not saved", ReviewWeekScreen),
    "helpers: enter": Case(["enter", "w"], "get_helper", ["enter"], "Could not open", HelpersScreen),
    "helpers: delete": Case(["enter", "w"], "get_helper", ["delete"], "Could not open", HelpersScreen),
    "helpers: delete, y": Case(["enter", "w"], "archive_helper", ["delete", "y"], "Not archived", HelpersScreen),
    "overview: h": Case(["enter"], "scale_history", ["h"], "Could not open", HistoryScreen),
    "history: t": Case(["enter", "h"], "scale_history", ["t"], "Could not open", HistoryScreen),
    "history: c": Case(["enter", "h"], "check_in_history", ["c"], "Could not open", HistoryScreen),
    "history: p": Case(["enter", "h"], "plan_history", ["p"], "Could not open", HistoryScreen),
    "history: a": Case(["enter", "h"], "focus_history", ["a"], "Could not open", HistoryScreen),
    "overview: e": Case(["enter"], "take_home", ["e"], "Could not open", OverviewScreen),
    "take-home: q": Case(["enter", "e"], "note_written", ["q"], "Could not open", TakeHomeScreen),
    "take-home: w": Case(["enter", "e"], "note_written", ["w"], "Not written", TakeHomeScreen),
    "take-home: l": Case(["enter", "e"], "note_written", ["l"], "Could not open", TakeHomeScreen),
    "helper form: enter": Case(["enter", "w", "enter"], "update_helper", ["enter"], "Not saved", HelperFormScreen),
}


@pytest.fixture
def dana(store, frozen_clock):
    """A participant with something behind every key: a scale, areas, a helper, last week's and this week's plan."""
    person = records.create_participant("Dana")
    clock.set_now(frozen_clock - dt.timedelta(days=7))  # last week: a scale and a plan
    response = records.start_response(person.id, records.SCALE)
    for number in range(1, 24):
        records.give_answer(response.id, number, 3)
    records.complete_response(response.id)
    records.choose_focus_areas(person.id, [records.FocusChoice(17, "")])
    records.create_helper(person.id, "Mo", "sponsor")
    records.add_activity(person.id, "Walk to the park", None, ())
    clock.set_now(frozen_clock)
    records.add_activity(person.id, "Call about the job", None, ())
    return person


def told(app: RecoveryApp) -> list[str]:
    """The notifications the app has shown, as title and message."""
    return [f"{note.title}: {note.message}" for note in app._notifications]


@pytest.mark.parametrize("error", [StoreError, RuntimeError])
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
async def test_a_failing_read_or_write_shows_a_calm_message_and_the_app_goes_on(
    dana, tmp_path: Path, capsys, case: Case, error: type[Exception]
) -> None:
    app = RecoveryApp(cursor_blink=False, log_dir=tmp_path / "data")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press(*case.path)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(records, case.patched, failing(error))
            await pilot.press(*case.keys)
            await app.workers.wait_for_complete()  # the history reads in a worker
            await pilot.pause()
            if error is StoreError:
                assert told(app) == [f"{case.title}: {STORE_WORDS}"]
                assert type(app.screen) is case.then
            else:
                log = tmp_path / "data" / LOG_FILE
                assert told(app) == [f": {SOMETHING_WENT_WRONG}\nDetails for IT, without anyone's information:\n{log}"]
            text = screen_text(app)
            assert PLANTED not in text and "Traceback" not in text and ".py" not in text
        await pilot.press("f1")  # the app still answers keys
        assert isinstance(app.screen, KeysScreen)
    assert app.return_code in (None, 0)
    assert "Traceback" not in capsys.readouterr().err
    log = tmp_path / "data" / LOG_FILE
    logged = log.read_text() if log.exists() else ""
    assert PLANTED not in logged and "no row for" not in logged
    if error is RuntimeError:
        assert "unexpected error; the app carried on: RuntimeError" in logged
        assert re.search(r"tests/test_ui_store_errors\.py:\d+:fail$", logged, re.MULTILINE)
