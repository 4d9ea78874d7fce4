"""Helpers for driving the real app by keys and reading what a person would see."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea


def screen_text(app: App) -> str:
    """The screen as plain text, row by row, as a person would read it."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def type_text(pilot: Pilot, text: str) -> None:
    """Type printable text key by key; anything else arrives as a terminal paste does, at the app."""
    if text.isprintable() and text.isascii() and len(text) < 200:
        await pilot.press(*text)
    else:
        assert isinstance(pilot.app.focused, (Input, TextArea)), pilot.app.focused
        pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def add_participant(pilot: Pilot, first_name: str, agency_id: str = "") -> None:
    await pilot.press("ctrl+n")
    await type_text(pilot, first_name)
    if agency_id:
        await pilot.press("tab")
        await type_text(pilot, agency_id)
    await pilot.press("enter")
    await pilot.pause()
