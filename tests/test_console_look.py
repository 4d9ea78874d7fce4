"""The console look: on a bare Linux console every character the app draws for itself is one its
font has. The font's Unicode table is read from Debian's Uni2-Fixed16 (console-setup 1.221), in
tests/data with its copyright file; participant text aside (the states here hold ASCII names)."""

from __future__ import annotations

import gzip
import struct
from functools import cache
from pathlib import Path

import pytest

from recovery_tui.config import load_settings
from recovery_tui.ui.app import RecoveryApp
from recovery_tui.ui.screens.qr_codes import QrCodesScreen
from tests.test_take_home import someone
from tests.test_ui_keys import STATES, fresh_store, open_state
from tests.test_ui_snapshots_history import pressing

FONT = Path(__file__).parent / "data" / "Uni2-Fixed16.psf.gz"
SIZE = (80, 25)


@cache
def console_font() -> frozenset[str]:
    """The characters a PSF1 console font maps a glyph to (its Unicode table, sequences left out)."""
    data = gzip.decompress(FONT.read_bytes())
    assert data[:2] == b"\x36\x04", "not a PSF1 font"
    mode, height = data[2], data[3]
    assert mode & 0x02, "the font has no Unicode table"
    table = data[4 + (512 if mode & 0x01 else 256) * height :]
    chars, in_sequence = set(), False
    for (code,) in struct.iter_unpack("<H", table):
        if code == 0xFFFF:
            in_sequence = False
        elif code == 0xFFFE:
            in_sequence = True
        elif not in_sequence:
            chars.add(chr(code))
    return frozenset(chars)


def drawn(app: RecoveryApp) -> set[str]:
    return {c for strip in app.screen._compositor.render_strips() for segment in strip for c in segment.text}


def console_app() -> RecoveryApp:
    return RecoveryApp(cursor_blink=False, settings=load_settings(console=True))


def test_the_font_table_is_read() -> None:
    font = console_font()
    assert {"A", "─", "│", "╭", "═", "█", "●", "↑"} <= font
    assert not {"▁", "▊", "▎", "▔", "▌", "▐", "○", "▀"} & font  # what the Textual look draws with


async def test_the_textual_look_would_not_do_on_a_console(frozen_clock, tmp_path) -> None:
    """The check below can fail: the default look draws glyphs the console font lacks."""
    state = STATES["check-in, how I feel"]
    with fresh_store(tmp_path):
        if state.seed:
            state.seed()
        app = RecoveryApp(cursor_blink=False)
        async with app.run_test(size=SIZE) as pilot:
            await open_state(pilot, state)
            missing = drawn(app) - console_font()
    assert {"▊", "○"} <= missing


@pytest.mark.parametrize("name", STATES)
async def test_every_glyph_the_console_look_draws_is_in_the_console_font(name, frozen_clock, tmp_path) -> None:
    state = STATES[name]
    with fresh_store(tmp_path):
        if state.seed:
            state.seed()
        app = console_app()
        async with app.run_test(size=SIZE) as pilot:
            await open_state(pilot, state)
            missing = drawn(app) - console_font()
            await pilot.press("tab")  # another widget focused, where there is one
            await pilot.pause()
            missing |= drawn(app) - console_font()
    assert not missing, f"{name}: drawn but not in Uni2-Fixed16: {sorted(missing)}"


async def test_a_qr_code_on_a_console_is_drawn_in_whole_blocks_or_not_at_all(store, frozen_clock) -> None:
    someone()
    app = console_app()
    async with app.run_test(size=(160, 64)) as pilot:
        await pilot.press("enter", "e", "q")
        assert isinstance(app.screen, QrCodesScreen) and app.screen.codes
        assert drawn(app) <= console_font()
    small = console_app()
    async with small.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "e", "q")
        assert "The window is too small for a code" in " ".join(
            "".join(s.text for s in strip) for strip in small.screen._compositor.render_strips()
        )


CONSOLE_SCREENS = {
    "participants": [],
    "overview": ["enter"],
    "check-in": ["enter", "c"],
    "scale": ["enter", "r", "y", "4"],
    "history": ["enter", "h"],
    "take-home": ["enter", "e"],
}


@pytest.mark.parametrize("screen", CONSOLE_SCREENS)
def test_console_look_snapshot(snap_compare, store, frozen_clock, screen) -> None:
    someone()
    assert snap_compare(console_app(), run_before=pressing(*CONSOLE_SCREENS[screen]), terminal_size=SIZE)
