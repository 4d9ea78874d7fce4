"""The check-in: how the participant feels, what went well, what was hard, today's focus.

Every field can be skipped; each is saved as it is entered.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from recovery_tui.content.checkin_words import checkin_words
from recovery_tui.store import records
from recovery_tui.ui.screens.base import AppScreen, store_errors
from recovery_tui.ui.widgets.feeling_picker import FeelingPicker
from recovery_tui.ui.widgets.note_area import NoteArea


class CheckInScreen(AppScreen):
    TITLE = "Check-in"
    KEYS = [("1-5", "How I feel"), ("tab", "Next"), ("esc", "Done")]
    TYPING_KEYS = [("type", "Write"), ("tab", "Next"), ("shift+tab", "Back"), ("esc", "Done")]  # 1-5 are digits there

    def __init__(self, visit_id: uuid.UUID) -> None:
        super().__init__()
        self.visit_id = visit_id
        self.saved = records.check_in_of(visit_id)  # read before the screen opens: it opens only with it

    def compose(self) -> ComposeResult:
        words = checkin_words()
        saved = self.saved
        yield from self.compose_title()
        with VerticalScroll(id="check-in", can_focus=False):  # focus starts in the first field
            feeling = FeelingPicker(saved.feeling if saved else None, id="feeling")
            feeling.border_title = words.question  # stays with the choices when the screen scrolls
            yield feeling
            for field, question in (("went_well", words.went_well), ("hard", words.hard), ("focus", words.focus)):
                yield Static(question, classes="field-label", markup=False)
                yield NoteArea(
                    getattr(saved, field) if saved else "", save=self._saver(field), id=field.replace("_", "-")
                )
        yield from self.compose_keys()

    def _saver(self, field: str) -> Callable[[str], bool | None]:
        return lambda text: self._save(**{field: text})

    @store_errors("Not saved")
    def _save(self, /, **values: object) -> bool:
        records.save_check_in(self.visit_id, **values)
        return True

    def on_feeling_picker_chosen(self, event: FeelingPicker.Chosen) -> None:
        if not self._save(feeling=event.value):
            event.picker.show(event.before)  # shown only as stored
