"""The last resort: where the app cannot go on it stops with a calm message and status 1, never a traceback;
the fault log holds no content, is 0600 in a 0700 folder, and is appended; debug mode shows tracebacks again."""

from __future__ import annotations

import logging
import re
import stat
from pathlib import Path

import pytest
from rich.text import Text

from recovery_tui.store import records
from recovery_tui.ui.app import RecoveryApp
from recovery_tui.ui.fault_log import describe
from recovery_tui.ui.screens.keys import KeysScreen
from recovery_tui.ui.screens.overview import OverviewScreen

PLANTED = "Zebedee-PLANTED"
CALM = "Something went wrong and was not saved. Please try again; if it keeps happening, ask the agency's IT contact."


@pytest.fixture
def dana(store, frozen_clock):
    return records.create_participant("Dana")


def broken_compose(self):
    participant_name = PLANTED  # a local, as a traceback with locals would show it
    raise RuntimeError(f"cannot draw {participant_name}")


def failing_overview(participant_id):
    participant_name = PLANTED
    raise RuntimeError(f"no overview for {participant_name}")


async def test_where_the_app_cannot_go_on_it_stops_with_status_1_and_a_calm_message(
    dana, tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setattr(KeysScreen, "compose", broken_compose)  # Textual handles a compose error itself
    app = RecoveryApp(cursor_blink=False, log_dir=tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
    assert app.return_code == 1
    err = capsys.readouterr().err
    log = tmp_path / "data" / "recovery-tui.log"
    said = f"recovery-tui: {CALM} Details for IT, without anyone's information: {log}"
    assert "".join(err.split()) == "".join(said.split())  # as the terminal's width wraps it
    logged = log.read_text()
    assert "unexpected error; the app stopped: RuntimeError" in logged and "test_ui_faults.py" in logged
    assert PLANTED not in err + logged and "cannot draw" not in logged


async def test_a_panic_stops_calmly_without_printing_what_it_was_given(tmp_path: Path, capsys) -> None:
    app = RecoveryApp(cursor_blink=False, log_dir=tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        app.panic(Text(f"Traceback ... participant_name = {PLANTED!r}"))  # as the driver's input thread does
        await pilot.pause()
    assert app.return_code == 1
    err = capsys.readouterr().err
    assert CALM in " ".join(err.split()) and PLANTED not in err and "Traceback" not in err
    assert "the app stopped" in (tmp_path / "data" / "recovery-tui.log").read_text()


async def test_after_a_fault_the_app_goes_on_and_quits_with_status_0(dana, tmp_path: Path, monkeypatch) -> None:
    app = RecoveryApp(cursor_blink=False, log_dir=tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(records, "participant_overview", failing_overview)
            await pilot.press("enter")
        assert len(app.screen_stack) == 2  # the overview could not load: back on the list
        await pilot.press("enter")
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("ctrl+q")
    assert app.return_code == 0


@pytest.mark.parametrize("how", ["argument", "environment"])
async def test_debug_mode_gives_textuals_traceback_back(dana, monkeypatch, how: str) -> None:
    if how == "environment":
        monkeypatch.setenv("RECOVERY_TUI_DEBUG", "1")
    app = RecoveryApp(cursor_blink=False, debug=how == "argument")
    with pytest.raises(RuntimeError, match=PLANTED):  # Textual re-raises what it printed as a traceback
        async with app.run_test(size=(80, 24)) as pilot:
            monkeypatch.setattr(records, "participant_overview", failing_overview)
            await pilot.press("enter")
    assert app.return_code == 1


async def test_without_a_log_folder_nothing_is_written_and_nothing_is_printed(
    dana, tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)
    app = RecoveryApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(records, "participant_overview", failing_overview)
        await pilot.press("enter")
        assert [n.message for n in app._notifications] == [CALM]
    assert list(tmp_path.rglob("*.log")) == []
    assert capsys.readouterr().err == ""


async def test_the_log_is_0600_in_a_0700_folder_and_appended(dana, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(records, "participant_overview", failing_overview)
    folder = tmp_path / "new" / "data"
    for _ in range(2):
        app = RecoveryApp(cursor_blink=False, log_dir=folder)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
    log = folder / "recovery-tui.log"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert log.read_text().count("unexpected error; the app carried on: RuntimeError") == 2


async def test_the_store_logs_to_the_same_file_while_the_app_runs(tmp_path: Path) -> None:
    app = RecoveryApp(cursor_blink=False, log_dir=tmp_path)
    async with app.run_test(size=(80, 24)):
        logging.getLogger("recovery_tui.store").warning("database is locked (OperationalError)")
    logging.getLogger("recovery_tui.store").warning("after the app: not in its file")
    logged = (tmp_path / "recovery-tui.log").read_text()
    assert "WARNING recovery_tui.store: database is locked (OperationalError)" in logged
    assert "after the app" not in logged


def test_a_fault_is_described_by_types_and_frames_only() -> None:
    def inner(name: str) -> None:
        raise KeyError(name)

    def outer() -> None:
        participant_name = PLANTED
        try:
            inner(participant_name)
        except KeyError as error:
            raise ValueError(f"no such person: {participant_name}") from error

    with pytest.raises(ValueError) as caught:
        outer()
    described = describe(caught.value)
    lines = described.splitlines()
    assert lines[0] == "ValueError"
    assert re.fullmatch(
        r"  /.*/tests/test_ui_faults\.py:\d+:test_a_fault_is_described_by_types_and_frames_only", lines[1]
    )
    assert "KeyError" in lines and any(line.endswith(":inner") for line in lines)
    assert PLANTED not in described and "no such person" not in described
