"""The worker's note on today's visit: free text, IC&RC domains touched, support lines shared.

What is marked reads [x], what is not [ ], without colour.
"""

from __future__ import annotations

import uuid

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, SelectionList, Static

from recovery_tui.store import records
from recovery_tui.store.validation import ICRC_DOMAINS
from recovery_tui.ui.screens.base import AppScreen, store_errors
from recovery_tui.ui.widgets.marks import MarkBox, MarkList
from recovery_tui.ui.widgets.note_area import NoteArea


class VisitNoteScreen(AppScreen):
    TITLE = "Visit note (for the worker)"
    KEYS = [("tab", "Next"), ("space", "Mark or unmark"), ("esc", "Done")]

    def screen_keys(self) -> list[tuple[str, str]]:
        """The keys of the field that has focus: writing in the note, marking in the lists."""
        focused = self.focused
        if isinstance(focused, NoteArea) or focused is None:
            here = [("type", "Write"), ("tab", "Next")]
        elif isinstance(focused, SelectionList):
            here = [("↓↑", "Move"), ("space", "Mark or unmark"), ("tab", "Next")]
        else:
            here = [("space", "Mark or unmark"), ("shift+tab", "Back")]
        return [*here, ("esc", "Done")]

    def __init__(self, visit_id: uuid.UUID) -> None:
        super().__init__()
        self.visit_id = visit_id
        self.visit = records.get_visit(visit_id)  # read before the screen opens: it opens only with it

    def compose(self) -> ComposeResult:
        visit = self.visit
        touched = set(visit.domains.split("\n"))
        yield from self.compose_title()
        with VerticalScroll(id="visit-note", can_focus=False):  # focus starts in the first field
            yield Static("Note", classes="field-label", markup=False)
            yield NoteArea(visit.note, save=lambda text: self._save(note=text), id="note")
            yield Static("IC&RC Peer Recovery domains this session touched", classes="field-label", markup=False)
            yield MarkList[str](*((d, d, d in touched) for d in ICRC_DOMAINS), id="domains")
            yield MarkBox(
                "Support lines were shared during this visit",
                value=visit.support_lines_shared,
                id="support-lines-shared",
            )
        yield from self.compose_keys()

    @store_errors("Not saved")
    def _save(self, /, **values: object) -> bool:
        records.save_visit_note(self.visit_id, **values)
        return True

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        self._save(domains=list(event.selection_list.selected))

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._save(support_lines_shared=event.value)
