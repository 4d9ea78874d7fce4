"""The question behind ``ctrl+o`` on a participant's details: archive them, or erase them for good.

Archiving is undone from the worker menu, so it asks nothing more; erasing asks for the signed-in
worker's PIN again (where any worker has one), then for the participant's first name.
"""

from __future__ import annotations

import uuid
from typing import Any

from textual.screen import Screen

from recovery_tui.security import clean_line
from recovery_tui.store import records
from recovery_tui.store.errors import StoreError
from recovery_tui.ui.screens.base import close_screens_of
from recovery_tui.ui.screens.choice import ChoiceScreen
from recovery_tui.ui.screens.erase import EraseScreen
from recovery_tui.ui.screens.pin_prompt import ask_pin_again


def ask_archive_or_erase(screen: Screen[Any], participant_id: uuid.UUID, first_name: str) -> None:
    name = clean_line(first_name)
    choices = [
        ("a", f"Archive: {name} leaves the participants list; every record stays, and f3, then b, brings them back"),
        ("e", f"Erase: everything recorded about {name} is removed for good"),
    ]

    def answered(key: str | None) -> None:
        if key == "a":
            archive(screen, participant_id, name)
        elif key == "e":
            ask_pin_again(screen, f"to erase {name}", lambda: screen.app.push_screen(EraseScreen(participant_id, name)))

    screen.app.push_screen(ChoiceScreen(f"Archive or erase {name}?", choices), answered)


def archive(screen: Screen[Any], participant_id: uuid.UUID, name: str) -> None:
    """Archive, then back to the participants list: every screen about them closes."""
    try:
        records.archive_participant(participant_id)
    except StoreError as error:
        screen.notify(str(error), title="Not archived", severity="error", markup=False)
        return
    app = screen.app
    close_screens_of(app, participant_id)
    app.notify(f"{name} is archived: f3, then b, brings them back.", markup=False)
