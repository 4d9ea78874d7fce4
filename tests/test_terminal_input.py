"""What arrives from a real terminal: a byte that is not UTF-8 is survived, and a paste is only ever data.

The app runs as a person runs it (``python -m recovery_tui``) on a pseudo-terminal, 80x24, TERM=xterm;
the test writes what a terminal would send and reads the store after ``ctrl+q``. Pastes are also
checked through Pilot (``events.Paste`` at each kind of screen) and the splitter by itself.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time
from pathlib import Path

import pytest
from textual import events

from recovery_tui.config import load_settings
from recovery_tui.store import records
from recovery_tui.store.database import close_store, open_store
from recovery_tui.store.models import Answer
from recovery_tui.ui.paste import END, START, PasteSplitter
from recovery_tui.ui.screens.choice import ChoiceScreen
from recovery_tui.ui.screens.form import FormScreen
from recovery_tui.ui.screens.new_participant import NewParticipantScreen
from tests.ui_support import screen_text

CTRL_N, CTRL_Q, ENTER = b"\x0e", b"\x11", b"\r"


class Terminal:
    """The app on a pseudo-terminal: what is written is what a terminal sends; the screen is read raw."""

    def __init__(self, data_dir: Path) -> None:
        env = {**os.environ, "TERM": "xterm", "COLUMNS": "80", "LINES": "24"}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: size the terminal, then become the app
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            os.execvpe(sys.executable, [sys.executable, "-m", "recovery_tui", "--data-dir", str(data_dir)], env)
        self.screen = b""
        self.exit_code: int | None = None

    def read(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if select.select([self.fd], [], [], left)[0]:
                try:
                    self.screen += os.read(self.fd, 65536)
                except OSError:  # the app has ended
                    return

    def wait_for(self, text: str, seconds: float = 20) -> None:
        deadline = time.monotonic() + seconds
        while text.encode() not in self.screen:
            assert self.alive(), f"the app ended while waiting for {text!r}"
            assert time.monotonic() < deadline, f"{text!r} never showed"
            self.read(0.1)

    def send(self, data: bytes) -> None:
        self.screen = b""
        os.write(self.fd, data)

    def alive(self) -> bool:
        if self.exit_code is None:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.exit_code = os.waitstatus_to_exitcode(status)
        return self.exit_code is None

    def quit(self) -> int | None:
        self.send(CTRL_Q)
        deadline = time.monotonic() + 20
        while self.alive() and time.monotonic() < deadline:
            self.read(0.1)
        return self.exit_code


@pytest.fixture
def terminal(tmp_path: Path):
    app = Terminal(tmp_path / "data")
    app.wait_for("Participants")
    yield app
    if app.alive():
        os.kill(app.pid, 9)
        os.waitpid(app.pid, 0)
    os.close(app.fd)


@pytest.fixture
def stored(tmp_path: Path):
    """The store the app wrote, opened once the app has quit."""
    opened = []

    def open_it():
        opened.append(open_store(load_settings(data_dir=str(tmp_path / "data"))))
        return records

    yield open_it
    for db in opened:
        close_store(db)


def test_an_invalid_utf8_byte_is_dropped_and_the_app_goes_on(terminal: Terminal, stored) -> None:
    terminal.send(b"\xff")  # tmux send-keys -H ff
    terminal.send(CTRL_N)
    terminal.wait_for("New participant")
    terminal.send(b"An\xff\xc3")  # a stray byte, and one that starts a character never finished
    terminal.send(b"a")
    terminal.send(ENTER)
    terminal.wait_for("Participant overview")
    assert terminal.quit() == 0
    assert [row.first_name for row in stored().find_participants()] == ["Ana"]


def test_a_paste_with_its_own_end_marker_and_ctrl_q_is_typed_in_not_obeyed(terminal: Terminal, stored) -> None:
    terminal.send(CTRL_N)
    terminal.wait_for("New participant")
    terminal.send(START.encode() + b"Ana\x1b[31m-Lee\x1b[0m" + END.encode() + CTRL_Q + END.encode())
    terminal.read(1)
    assert terminal.alive()
    terminal.send(ENTER)
    terminal.wait_for("Participant overview")
    assert terminal.quit() == 0
    assert [row.first_name for row in stored().find_participants()] == ["Ana-Lee"]  # codes gone, order kept


def test_a_paste_never_answers_the_scale(terminal: Terminal, stored) -> None:
    terminal.send(CTRL_N)
    terminal.wait_for("New participant")
    terminal.send(b"Ana" + ENTER)
    terminal.wait_for("Participant overview")
    terminal.send(b"r")
    terminal.wait_for("Statement 1 of 23")
    terminal.send(START.encode() + b"4\x1b5" + END.encode() + b"53\x1b[201~" + END.encode())
    terminal.read(1)
    terminal.send(b"2")  # a key typed afterwards still answers
    terminal.wait_for("Statement 2 of 23")
    assert terminal.quit() == 0
    stored()
    assert [(a.statement, a.value) for a in Answer.select()] == [(1, 2)]


# The splitter by itself --------------------------------------------------------------


def split(*chunks: str) -> list[tuple[bool, str]]:
    splitter = PasteSplitter()
    pieces = [piece for chunk in chunks for piece in splitter.feed(chunk)]
    while splitter.waiting:
        pieces += splitter.pause()
    return pieces


@pytest.mark.parametrize(
    ("chunks", "pieces"),
    [
        (["ab", START, "Jo\x1b[2Jx", END, "cd"], [(False, "ab"), (True, "Jox"), (False, "cd")]),
        ([START + "Ana" + END + "\x11" + END], [(True, "Ana\x11")]),
        ([START + "Ana" + END + "y" + END, "z"], [(True, "Anay"), (False, "z")]),
        ([START + "a\x1b]0;title\x07b\x1b\x11c" + END], [(True, "ab\x11c")]),
        (["x\x1b[20", "0~pas", "te\x1b[2", "01~q"], [(False, "x"), (True, "paste"), (False, "q")]),
        ([START + "a" + END + " " + START + "b", "c" + END], [(True, "a bc")]),
        ([END + "k"], [(False, "k")]),
        (["\x1b"], [(False, "\x1b")]),
        (["\x1b[A\x1b[20~"], [(False, "\x1b[A\x1b[20~")]),
        ([START + "never ended\x1b[20"], [(True, "never ended")]),
    ],
    ids=[
        "codes stripped in place",
        "own end marker then ctrl+q",
        "own end marker then y",
        "osc and alt-key",
        "markers split across reads",
        "a second paste in the same burst",
        "an end marker with no paste",
        "escape key",
        "arrow and f9",
        "a paste that never ends",
    ],
)
def test_the_splitter_keeps_pastes_apart_from_keys(chunks: list[str], pieces: list[tuple[bool, str]]) -> None:
    assert split(*chunks) == pieces


def test_a_paste_ends_only_when_the_input_pauses() -> None:
    splitter = PasteSplitter()
    assert splitter.feed(START + "Ana" + END) == []
    assert splitter.waiting
    assert splitter.feed("\x11") == []
    assert splitter.pause() == [(True, "Ana"), (False, "\x11")]
    assert not splitter.waiting
    assert splitter.feed(START + "Bo") == []
    assert splitter.pause() == [(True, "Bo")]  # a terminal sends a paste without pausing: it is over
    assert splitter.feed("\x11" + END) == [(False, "\x11")]  # then keys are keys, and a late end marker is dropped


# Through Pilot: a Paste event at each kind of screen -----------------------------------

INJECTED = "Ana\x1b[201~\x11y5\r"


async def test_a_paste_on_a_form_is_text_and_saves_nothing(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")
        app.post_message(events.Paste(INJECTED))
        await pilot.pause()
        assert isinstance(app.screen, NewParticipantScreen)
        assert app.focused.value == "Ana[201~y5"
    assert records.find_participants() == []


async def test_a_paste_never_answers_a_question_or_the_scale(make_app, frozen_clock) -> None:
    dana = records.create_participant("Dana")
    records.add_activity(dana.id, "Walk", None, ())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p", "delete")
        assert isinstance(app.screen, ChoiceScreen)
        app.post_message(events.Paste(INJECTED))
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("n", "escape", "r")
        assert isinstance(app.screen, FormScreen)
        app.post_message(events.Paste(INJECTED))
        await pilot.pause()
        assert "Statement 1 of 23" in screen_text(app)
        assert app.is_running
    assert Answer.select().count() == 0
    assert len(records.activities_of_week(dana.id, records.week_of(frozen_clock.date()))) == 1
