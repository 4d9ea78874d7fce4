"""A new participant: a first name (required) and an agency ID (optional)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Label, Static

from recovery_tui.store import records
from recovery_tui.store.errors import ValidationError
from recovery_tui.ui.screens.base import AppScreen, store_errors
from recovery_tui.ui.screens.overview import OverviewScreen
from recovery_tui.ui.text import problem_sentence
from recovery_tui.ui.widgets.text_field import TextField

FIELDS = {"first name": "first-name", "agency ID": "agency-id"}


class NewParticipantScreen(AppScreen):
    TITLE = "New participant"
    KEYS = [("enter", "Save"), ("tab", "Next field"), ("esc", "Cancel")]
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        yield Label("First name (required)", classes="field-label")
        yield TextField(placeholder="The name they would like to be called", id="first-name")
        yield Static(id="first-name-error", classes="error", markup=False)
        yield Label("Agency ID (optional)", classes="field-label")
        yield TextField(placeholder="Leave empty if there is none", id="agency-id")
        yield Static(id="agency-id-error", classes="error", markup=False)
        yield from self.compose_keys()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show_error(event.input.id or "", "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value

    def _show_error(self, field_id: str, text: str) -> None:
        error = self.query_one(f"#{field_id}-error", Static)
        error.update(text)
        error.display = bool(text)

    @store_errors("Not saved")
    def save(self) -> None:
        first_name, agency_id = self._value("first-name"), self._value("agency-id")
        problems = records.participant_problems(first_name, agency_id)
        if not problems:
            try:
                participant = records.create_participant(first_name, agency_id)
            except ValidationError as refused:
                problems = [refused]
        if problems:
            for problem in problems:
                self._show_error(FIELDS.get(problem.field, "first-name"), problem_sentence(problem))
            self.query_one(f"#{FIELDS.get(problems[0].field, 'first-name')}", Input).focus()
            return
        self.app.switch_screen(OverviewScreen(participant.id))

    def action_cancel(self) -> None:
        self.dismiss()
