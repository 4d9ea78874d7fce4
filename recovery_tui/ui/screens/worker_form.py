"""Add a worker: their name, their role, and a PIN typed twice (masked, never shown or logged).

Every problem shows under its field at once, on ``ctrl+s`` or ``enter`` in the last field;
``enter`` in an earlier field moves on. The role is not typed: ``ctrl+r`` (which no text box
takes) switches between peer worker and supervisor. Once some worker has a PIN, a new
supervisor needs one too: without it anyone at the screen could sign in as them.

With ``first`` (a kiosk on a fresh data folder) the form cannot be left: it sets up the first
worker, with a PIN, and signs them in. Whoever is beneath hears ``Saved`` with the new
worker's id (the app's screens return nothing).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from recovery_tui.security import clean_line
from recovery_tui.store import records
from recovery_tui.store.errors import ValidationError
from recovery_tui.store.validation import NAME_MAX
from recovery_tui.ui.screens.base import AppScreen, SavedByKeys, store_errors
from recovery_tui.ui.text import problem_sentence
from recovery_tui.ui.widgets.secret_field import PinField
from recovery_tui.ui.widgets.text_field import TextField

FIELDS = {"name": "name", "role": "role", "PIN": "pin", "PIN again": "pin-again"}  # store's field: widget id
ORDER = ("name", "role", "pin", "pin-again")
FIRST_WORDS = (
    "This kiosk needs a worker with a PIN before anyone's records can be opened. "
    "Add yourself (or the worker who will use it first); more workers can be added later with f3."
)
SHORT_WORDS = (  # the store's messages that follow the field's name ("Name is required.")
    "is ",
    "must ",
    "has ",
    "'",
)


def worker_sentence(problem: ValidationError) -> str:
    """A problem with a worker's field as a form says it: "PIN again is not the same PIN.", "A PIN is 4 to 12
    digits.", "Only a signed-in supervisor can add workers." """
    if problem.field == "role" and problem.message.startswith("'"):
        return "Choose a role: ctrl+r switches between peer worker and supervisor."
    if problem.message.startswith(SHORT_WORDS):
        return problem_sentence(problem)
    message = problem.message.rstrip(".")
    return f"{message[0].upper()}{message[1:]}."


def labelled(label: str, need: str, widget: Widget, error_id: str) -> ComposeResult:
    """One field: its label and whether it is needed on the left, the field and its error line on the right."""
    with Horizontal(classes="worker-row"):
        with Vertical(classes="worker-label"):
            yield Static(label, classes="worker-label-name", markup=False)
            yield Static(need, id=f"{error_id}-need", classes="worker-label-need", markup=False)
        with Vertical(classes="worker-field"):
            yield widget
            yield Static(id=f"{error_id}-error", classes="error", markup=False)


class WorkerFormScreen(SavedByKeys, AppScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "switch_role", show=False, priority=True),  # no text box takes it first
    ]

    @dataclass
    class Saved(Message):
        """Told to the screen beneath (and, unless it stops it, the app): a worker was added."""

        worker_id: uuid.UUID

    def __init__(self, pin_required: bool = False, first: bool = False) -> None:
        super().__init__()
        self.first = first
        self.pin_required = pin_required or first
        self.role = "supervisor" if first else "peer"  # the kiosk's first worker adds and resets the others
        self.pins_in_use = False  # read when the form opens: a new supervisor then needs a PIN

    @property
    def heading(self) -> str:
        return "Set up the first worker" if self.first else "Add a worker"

    def needs_pin(self) -> bool:
        return self.pin_required or (self.role == "supervisor" and self.pins_in_use)

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        if self.first:
            yield Static(FIRST_WORDS, id="worker-first", markup=False)
        with VerticalScroll(id="worker-fields", can_focus=False):
            yield from labelled(
                "Name",
                "required",
                TextField(placeholder="As the participants know them", limit=NAME_MAX, id="name"),
                "name",
            )
            yield from labelled("Role", "", Static(id="role", markup=False), "role")
            yield from labelled("PIN", "optional", PinField(placeholder="4 to 12 digits", id="pin"), "pin")
            yield from labelled("PIN again", "", PinField(placeholder="The same PIN", id="pin-again"), "pin-again")
        yield from self.compose_keys()

    @store_errors("Could not open")
    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self._show_role()
        self.pins_in_use = records.any_pin()
        self._show_role()  # "required" beside the PIN for a supervisor, once PINs are in use

    def _show_role(self) -> None:
        self.query_one("#role", Static).update(
            Content.assemble(records.ROLES[self.role], ("   ctrl+r switches the role", "dim"))
        )
        self.query_one("#pin-need", Static).update("required" if self.needs_pin() else "optional")

    def action_switch_role(self) -> None:
        self.role = "supervisor" if self.role == "peer" else "peer"
        self._show_role()
        self._show_error("role", "")

    # Keys ------------------------------------------------------------------------

    def _in_last_field(self) -> bool:
        return self.is_mounted and self.focused is not None and self.focused.id == "pin-again"

    def screen_keys(self) -> list[tuple[str, str]]:
        keys = [
            ("enter", "Save" if self._in_last_field() else "Next field"),
            ("ctrl+s", "Save"),
            ("ctrl+r", "Switch role"),
        ]
        return keys if self.first else [*keys, ("esc", "Cancel")]

    def action_leave(self) -> None:
        if not self.first:  # the first worker's form cannot be left: the kiosk needs them
            super().action_leave()

    def has_unsaved_text(self) -> bool:
        return super().has_unsaved_text() or any(field.value for field in self.query(PinField))

    def leave(self) -> None:
        self.dismiss()

    # Errors ----------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing clears what was said about the field; a PIN field emptied after a problem keeps it."""
        if not event.value:
            return
        self._show_error(event.input.id or "", "")
        if event.input.id == "pin":
            self._show_error("pin-again", "")

    def _show_error(self, field_id: str, text: str) -> None:
        if field_id not in ORDER:
            return
        error = self.query_one(f"#{field_id}-error", Static)
        error.update(text)
        error.display = bool(text)

    def _show_problems(self, problems: list[ValidationError]) -> None:
        for field_id in ORDER:
            self._show_error(field_id, "")
        shown = [(FIELDS.get(problem.field, "name"), worker_sentence(problem)) for problem in problems]
        for field_id, words in shown:
            self._show_error(field_id, words)
        wrong = {field_id for field_id, _ in shown}
        if wrong & {"pin", "pin-again"}:  # a masked PIN is typed again from the start rather than corrected unseen
            for field_id in ("pin", "pin-again"):
                self.query_one(f"#{field_id}", Input).value = ""
            wrong.add("pin")
        first = min(wrong, key=ORDER.index)
        if first != "role":
            self.query_one(f"#{first}", Input).focus()

    # Saving ----------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "pin-again":
            self.action_save()
        else:
            self.focus_next()

    def _pin_needed(self, pin: str, pin_again: str) -> list[ValidationError]:
        if pin or pin_again or not self.needs_pin():
            return []
        if self.first:
            words = "This kiosk needs a PIN for its first worker: 4 to 12 digits."
        elif self.pin_required:
            words = "A PIN is needed here: 4 to 12 digits."
        else:
            words = "A supervisor needs a PIN once any worker has one: 4 to 12 digits."
        return [ValidationError("worker", "PIN", words)]

    @store_errors("Not saved")
    def action_save(self) -> None:
        name = self.query_one("#name", Input).value
        pin = self.query_one("#pin", Input).value
        pin_again = self.query_one("#pin-again", Input).value
        problems = records.worker_problems(name, self.role, pin, pin_again) + self._pin_needed(pin, pin_again)
        if not problems:
            try:
                worker = records.create_worker(name, self.role, pin or None)
            except ValidationError as refused:
                problems = [refused]
        if problems:
            self._show_problems(problems)
            return
        if self.first:
            records.sign_in(worker.id, pin, "sign in")
            self.notify(f"Signed in as {clean_line(worker.name)}", markup=False)
        stack = self.app.screen_stack
        if len(stack) > 1 and stack[-1] is self:
            stack[-2].post_message(self.Saved(worker.id))
        self.dismiss()
