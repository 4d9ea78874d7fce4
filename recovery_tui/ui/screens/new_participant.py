"""A participant's first name (required) and agency ID (optional): added here, or changed later.

Every problem shows under its field at once. A first name someone else already has (as
search folds it) is said in the form before saving, naming nobody else's details; saving
again adds the second person. ``enter`` or ``ctrl+s`` saves; leaving with typed text asks first.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from recovery_tui.security import clean_line, search_key
from recovery_tui.store import records
from recovery_tui.store.errors import ValidationError
from recovery_tui.store.validation import AGENCY_ID_MAX
from recovery_tui.ui.screens.archive_or_erase import ask_archive_or_erase
from recovery_tui.ui.screens.base import AppScreen, SavedByKeys, store_errors
from recovery_tui.ui.text import problem_sentence
from recovery_tui.ui.widgets.text_field import TextField

FIELDS = {"first name": "first-name", "agency ID": "agency-id"}


class NewParticipantScreen(SavedByKeys, AppScreen):
    KEYS = [("enter", "Save"), ("ctrl+s", "Save"), ("tab", "Next field"), ("esc", "Cancel")]
    ARCHIVE_KEY = ("ctrl+o", "Archive or erase")  # only for a participant who exists
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+o", "archive_or_erase", show=False, priority=True)]

    @dataclass
    class Saved(Message):
        """Told to the screens beneath: the participants list shows everyone again."""

        participant_id: uuid.UUID

    def __init__(
        self,
        participant_id: uuid.UUID | None = None,
        open_after: Callable[[uuid.UUID], Screen[Any]] | None = None,
    ) -> None:
        """Without ``participant_id`` a new participant, whose ``open_after`` screen replaces this form;
        with it, that participant's name and ID to change, and back to where the worker was."""
        super().__init__()
        self.participant_id = participant_id
        self.open_after = open_after
        self.stored = ("", "")
        if participant_id is not None:  # read before the screen opens: it opens only with them
            person = records.get_participant(participant_id)
            self.stored = (person.first_name, person.agency_id or "")
        self.same_name_confirmed: str | None = None  # the first name the worker said yes to

    @property
    def heading(self) -> str:
        return "New participant" if self.participant_id is None else "Change name or agency ID"

    def screen_keys(self) -> list[tuple[str, str]]:
        """While the same-name question shows, saving again is the yes: the bar says so."""
        keys = self.KEYS
        if self._same_name_shown():
            save = "Yes, add another" if self.participant_id is None else "Yes, save"
            keys = [("enter", save), ("ctrl+s", save), *self.KEYS[2:]]
        if self.participant_id is not None:
            keys = [*keys[:-1], self.ARCHIVE_KEY, keys[-1]]
        return keys

    def compose(self) -> ComposeResult:
        first_name, agency_id = self.stored
        yield from self.compose_title()
        yield Label("First name (required)", classes="field-label")
        yield TextField(first_name, placeholder="The name they would like to be called", id="first-name")
        yield Static(id="first-name-error", classes="error", markup=False)
        yield Static(id="same-name", markup=False)
        yield Label("Agency ID (optional)", classes="field-label")
        yield TextField(agency_id, placeholder="Leave empty if there is none", id="agency-id", limit=AGENCY_ID_MAX)
        yield Static(id="agency-id-error", classes="error", markup=False)
        yield from self.compose_keys()

    def action_archive_or_erase(self) -> None:
        if self.participant_id is not None:
            ask_archive_or_erase(self, self.participant_id, self.stored[0])

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show_error(event.input.id or "", "")
        if event.input.id == "first-name":
            self.same_name_confirmed = None
            self._show_same_name(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value

    def _show_error(self, field_id: str, text: str) -> None:
        if field_id not in FIELDS.values():
            return
        error = self.query_one(f"#{field_id}-error", Static)
        error.update(text)
        error.display = bool(text)

    def _show_same_name(self, first_name: str | None) -> None:
        """The question about a name already used: only the name typed here, nothing of the other person."""
        note = self.query_one("#same-name", Static)
        if first_name is None:
            note.update("")
        else:
            name = clean_line(first_name)
            question = f"Add another {name}?" if self.participant_id is None else f"Name this participant {name} too?"
            again = "add them" if self.participant_id is None else "save the change"
            note.update(
                Content.assemble(
                    f"There is already a participant named {name}. {question}",
                    (f"\nPress enter or ctrl+s again to {again}, or change the name.", "dim"),
                )
            )
        note.display = first_name is not None
        self.refresh_keys()

    def _same_name_shown(self) -> bool:
        return self.is_mounted and self.query_one("#same-name", Static).display

    def _needs_same_name_question(self, first_name: str) -> bool:
        """A first name someone else has, not yet said yes to; a name kept as it was is not asked about again."""
        key = search_key(first_name)
        if key == search_key(self.stored[0]) and self.participant_id is not None:
            return False
        if self.same_name_confirmed is not None and search_key(self.same_name_confirmed) == key:
            return False
        return records.others_named(first_name, own_id=self.participant_id) > 0

    @store_errors("Not saved")
    def action_save(self) -> None:
        first_name, agency_id = self._value("first-name"), self._value("agency-id")
        problems = records.participant_problems(first_name, agency_id, own_id=self.participant_id)
        if not problems and self._needs_same_name_question(first_name):
            self.same_name_confirmed = first_name
            self._show_same_name(first_name)
            return
        if not problems:
            try:
                if self.participant_id is None:
                    participant = records.create_participant(first_name, agency_id)
                else:
                    participant = records.update_participant(self.participant_id, first_name, agency_id)
            except ValidationError as refused:
                problems = [refused]
        if problems:
            for problem in problems:
                self._show_error(FIELDS.get(problem.field, "first-name"), problem_sentence(problem))
            self.query_one(f"#{FIELDS.get(problems[0].field, 'first-name')}", Input).focus()
            return
        for screen in self.app.screen_stack:
            if screen is not self:
                screen.post_message(self.Saved(participant.id))
        if self.open_after is not None:
            self.app.switch_screen(self.open_after(participant.id))
        else:
            self.dismiss()
