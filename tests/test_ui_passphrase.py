"""An encrypted store's passphrase, asked by the app on a screen of its own before anything is shown,
driven by keys only; and how the command line hands the app its opener."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual import events

from recovery_tui import cli
from recovery_tui.config import Settings
from recovery_tui.store import encryption, records
from recovery_tui.store.database import APP_WAIT_SECONDS, close_store, open_store
from recovery_tui.store.errors import DatabaseProblem
from recovery_tui.store.models import database_proxy
from recovery_tui.ui.app import RecoveryApp
from recovery_tui.ui.screens import passphrase as passphrase_screen
from recovery_tui.ui.screens.lock import LockScreen
from recovery_tui.ui.screens.participants import ParticipantsScreen
from recovery_tui.ui.screens.passphrase import PassphraseField, PassphraseScreen
from recovery_tui.ui.screens.support_lines import SupportLinesScreen
from tests.ui_support import screen_text, type_text

RIGHT = "correct horse"
WRONG = "battery staple"
SAYS_WRONG = "That passphrase does not open these records. Please try again."
CALM = "Something went wrong and was not saved. Please try again; if it keeps happening, ask the agency's IT contact."

Opener = Callable[[str], object]


def encrypt(settings: Settings) -> None:
    """Close the plain store and encrypt it; the models are left unbound, as when the app starts."""
    close_store(database_proxy.obj)
    encryption.encrypt_file(settings.sqlite_path, RIGHT)
    database_proxy.initialize(None)  # anything that reads the records now fails loudly, not as a StoreError


def as_cli_builds_it(settings: Settings) -> Opener:
    return lambda passphrase: open_store(settings, APP_WAIT_SECONDS, passphrase)


@pytest.fixture(autouse=True)
def _no_passphrase_around(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("RECOVERY_TUI_PASSPHRASE", raising=False)
    yield
    if database_proxy.obj is not None:  # the encrypted store the app opened
        close_store(database_proxy.obj)


@pytest.fixture
def encrypted(store: Settings, frozen_clock) -> Settings:
    """An encrypted store holding one participant, Rosa, and no worker."""
    records.create_participant("Rosa")
    encrypt(store)
    return store


@pytest.fixture
def encrypted_with_a_pin(store: Settings, frozen_clock) -> Settings:
    """An encrypted store holding Rosa and Dana, a supervisor with the PIN 2468."""
    records.create_participant("Rosa")
    records.create_worker("Dana", "supervisor", "2468")
    encrypt(store)
    return store


def app_for(settings: Settings, opener: Opener | None = None, **changes: object) -> RecoveryApp:
    return RecoveryApp(
        cursor_blink=False,
        settings=dataclasses.replace(settings, **changes),
        open_store=opener or as_cli_builds_it(settings),
    )


async def enter(pilot, passphrase: str) -> None:
    await type_text(pilot, passphrase)
    await pilot.press("enter")
    await pilot.pause()


async def test_the_passphrase_screen_comes_first_and_shows_nothing_else(encrypted) -> None:
    app = app_for(encrypted)
    async with app.run_test(size=(80, 24)):
        shown = screen_text(app)
        assert isinstance(app.screen, PassphraseScreen) and len(app.screen_stack) == 2  # the blank default beneath
        assert "Encrypted records" in shown
        assert "These records are encrypted. Type the passphrase to open them." in shown
        assert "enter Open" in shown and "f2 Support lines" in shown and "ctrl+q Quit" in shown
        assert "Rosa" not in shown and "Participants" not in shown
        assert isinstance(app.focused, PassphraseField) and app.focused.password
        assert not app.records_open and not app._notifications


async def test_a_wrong_passphrase_says_so_and_the_right_one_opens_the_participants(encrypted) -> None:
    app = app_for(encrypted)
    async with app.run_test(size=(80, 24)) as pilot:
        await enter(pilot, WRONG)
        field = app.screen.query_one(PassphraseField)
        assert isinstance(app.screen, PassphraseScreen) and SAYS_WRONG in screen_text(app)
        assert field.value == "" and app.focused is field  # another try, at once
        await enter(pilot, "correct horsf")
        assert isinstance(app.screen, PassphraseScreen) and SAYS_WRONG in screen_text(app)
        await enter(pilot, RIGHT)
        assert isinstance(app.screen, ParticipantsScreen) and "Rosa" in screen_text(app)
        assert app.records_open and not app._notifications


async def test_what_is_typed_never_shows_and_cannot_be_copied(encrypted) -> None:
    app = app_for(encrypted)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, RIGHT)
        shown = screen_text(app)
        assert "correct" not in shown and "horse" not in shown
        assert "•" * len(RIGHT) in shown  # masked, one mark a character
        await pilot.press("ctrl+shift+a", "ctrl+c", "ctrl+x")
        await pilot.pause()
        assert app.clipboard == "" and app.screen.query_one(PassphraseField).value == RIGHT
        await pilot.press("enter")
        await pilot.pause()
        assert "horse" not in screen_text(app)


async def test_any_printable_characters_are_taken_and_control_characters_are_not(store, frozen_clock) -> None:
    tried: list[str] = []
    app = app_for(store, opener=tried.append)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "Ünïcode ✓ pass~phrase")
        await type_text(pilot, "\x1b[31m")  # a paste holding an escape sequence is not added
        await pilot.press("enter")
        await pilot.pause()
    assert tried == ["Ünïcode ✓ pass~phrase"]


async def test_an_empty_enter_is_not_a_try(encrypted) -> None:
    tried: list[str] = []
    app = app_for(encrypted, opener=tried.append)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert "Type the passphrase, then press enter." in screen_text(app) and tried == []
        assert isinstance(app.screen, PassphraseScreen)


async def test_f2_shows_the_support_lines_over_it_and_escape_returns_to_it(encrypted) -> None:
    app = app_for(encrypted)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "corr")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SupportLinesScreen) and "Rosa" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PassphraseScreen) and app.screen.query_one(PassphraseField).value == "corr"
        await type_text(pilot, "ect horse")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen) and "Rosa" in screen_text(app)


async def test_the_apps_other_keys_do_nothing_there(encrypted_with_a_pin) -> None:
    app = app_for(encrypted_with_a_pin)
    async with app.run_test(size=(80, 24)) as pilot:
        before = screen_text(app)
        for key in ("ctrl+l", "f1", "escape", "f3", "ctrl+n", "tab", "ctrl+c", "ctrl+z"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, PassphraseScreen) and len(app.screen_stack) == 2, key
            assert app.is_running and not app.locked and not app._notifications, key
        assert screen_text(app) == before


async def test_ctrl_q_quits_with_no_pin_asked_even_in_a_kiosk(encrypted_with_a_pin) -> None:
    app = app_for(encrypted_with_a_pin, kiosk=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "corr")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0 and not app.records_open


async def test_a_store_with_a_worker_pin_asks_for_the_sign_in_after_the_passphrase(encrypted_with_a_pin) -> None:
    app = app_for(encrypted_with_a_pin)
    async with app.run_test(size=(80, 24)) as pilot:
        await enter(pilot, RIGHT)
        shown = screen_text(app)
        assert isinstance(app.screen, LockScreen) and "Sign in" in shown
        assert "Dana" in shown and "Rosa" not in shown
        await pilot.press(*"2468", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen) and "Rosa" in screen_text(app)
        await pilot.press("ctrl+l")  # the records are open: the lock works as ever
        await pilot.pause()
        assert isinstance(app.screen, LockScreen) and "Locked" in screen_text(app)


async def test_after_five_wrong_passphrases_each_further_try_waits(encrypted, monkeypatch) -> None:
    waits: list[int] = []

    def short_wait(wrong_in_a_row: int) -> float:
        waits.append(wrong_in_a_row)
        return 0.0 if wrong_in_a_row < 5 else 1.5

    monkeypatch.setattr(passphrase_screen, "wait_after", short_wait)
    tried: list[str] = []
    opener = as_cli_builds_it(encrypted)

    def counted(passphrase: str) -> object:
        tried.append(passphrase)
        return opener(passphrase)

    app = app_for(encrypted, opener=counted)
    async with app.run_test(size=(80, 24)) as pilot:
        for n in range(4):
            await enter(pilot, f"wrong {n}")
            assert SAYS_WRONG in screen_text(app)
        await enter(pilot, "wrong 4")
        assert "Too many wrong passphrases in a row. Please wait 2 seconds, then try again." in screen_text(app)
        app.post_message(events.Paste(RIGHT))  # pasted: typing it key by key could outlast the wait
        await pilot.press("enter")  # within the wait: not even checked
        await pilot.pause()
        assert len(tried) == 5 and isinstance(app.screen, PassphraseScreen)
        assert "Please wait" in screen_text(app)
        await asyncio.sleep(1.6)
        await pilot.pause()
        assert "You can try the passphrase again now." in screen_text(app)
        await enter(pilot, RIGHT)
        assert isinstance(app.screen, ParticipantsScreen) and "Rosa" in screen_text(app)
    assert waits == [1, 2, 3, 4, 5]
    assert tried == ["wrong 0", "wrong 1", "wrong 2", "wrong 3", "wrong 4", RIGHT]


async def test_another_store_problem_is_said_in_its_own_words_and_can_be_tried_again(encrypted) -> None:
    busy = "The records are busy with another program just now."
    opener = as_cli_builds_it(encrypted)
    calls = 0

    def busy_once(passphrase: str) -> object:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise DatabaseProblem(busy)
        return opener(passphrase)

    app = app_for(encrypted, opener=busy_once)
    async with app.run_test(size=(80, 24)) as pilot:
        await enter(pilot, RIGHT)
        assert isinstance(app.screen, PassphraseScreen) and busy in screen_text(app)
        await enter(pilot, RIGHT)
        assert isinstance(app.screen, ParticipantsScreen) and "Rosa" in screen_text(app)


async def test_an_unexpected_failure_is_calm_and_the_fault_log_holds_no_passphrase(encrypted, tmp_path) -> None:
    def broken(passphrase: str) -> object:
        raise RuntimeError(f"could not use {passphrase}")

    log_dir = tmp_path / "logs"
    app = RecoveryApp(cursor_blink=False, settings=encrypted, open_store=broken, log_dir=log_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await enter(pilot, RIGHT)
        assert app.is_running and isinstance(app.screen, PassphraseScreen)
        assert [n.message.split("\n")[0] for n in app._notifications] == [CALM]
        assert "horse" not in screen_text(app)
    log = (log_dir / "recovery-tui.log").read_text(encoding="utf-8")
    assert "RuntimeError" in log and "horse" not in log


async def test_an_app_that_cannot_start_once_the_records_open_stops_calmly(encrypted, monkeypatch, capsys) -> None:
    def broken(folder: object, keep_days: object) -> None:
        raise RuntimeError("plans folder")

    monkeypatch.setattr("recovery_tui.ui.app.remove_expired", broken)
    app = app_for(encrypted)
    async with app.run_test(size=(80, 24)) as pilot:
        await enter(pilot, RIGHT)
    assert app.return_code == 1
    assert "horse" not in capsys.readouterr().err


# The command line ---------------------------------------------------------------------------------


def test_the_app_is_given_an_opener_when_the_passphrase_is_missing_or_wrong(encrypted, monkeypatch) -> None:
    started: list[RecoveryApp] = []
    monkeypatch.setattr(RecoveryApp, "run", lambda app: started.append(app))
    data_dir = str(encrypted.data_dir)

    assert cli.main(["--data-dir", data_dir]) == 0
    monkeypatch.setenv("RECOVERY_TUI_PASSPHRASE", WRONG)
    assert cli.main(["--data-dir", data_dir]) == 0
    for app in started:
        assert app.open_store is not None and not app.records_open
        with pytest.raises(encryption.WrongPassphrase):
            app.open_store(WRONG)
        app.open_store(RIGHT)
        assert [p.first_name for p in records.find_participants("Rosa")] == ["Rosa"]
        close_store(database_proxy.obj)

    monkeypatch.setenv("RECOVERY_TUI_PASSPHRASE", RIGHT)  # the records open before the app starts
    assert cli.main(["--data-dir", data_dir]) == 0
    assert started[-1].open_store is None and started[-1].records_open
    assert [p.first_name for p in records.find_participants("Rosa")] == ["Rosa"]


def test_a_command_with_a_wrong_passphrase_says_one_calm_line(encrypted, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "recovery_tui", "--data-dir", str(encrypted.data_dir), "export", "json"],
        cwd=tmp_path,
        env={**os.environ, "RECOVERY_TUI_PASSPHRASE": WRONG},
        capture_output=True,
        timeout=120,
    )
    err = result.stderr.decode()
    assert result.returncode == 1 and result.stdout == b""
    assert err == "recovery-tui: that passphrase does not open these records; nothing was done\n"
    assert "hmac" not in err.lower() and "ERROR CORE" not in err and WRONG not in err
