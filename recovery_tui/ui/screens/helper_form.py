"""Add or change one person who will help: name, relationship, phone and notes.

A modal that answers with the saved person's id, or None when escape cancels,
so that any screen (the people list, the weekly plan) can add someone on the spot.
Every field's problem is shown at once, under that field. ``enter`` in a text box or
``ctrl+s`` anywhere saves; escape with words typed asks before they are lost.
"""

from __future__ import annotations

import uuid

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from recovery_tui.security import printable
from recovery_tui.store import records
from recovery_tui.store.errors import ValidationError
from recovery_tui.store.validation import NAME_MAX, PHONE_MAX, RELATIONSHIPS
from recovery_tui.ui.guard import Guarded
from recovery_tui.ui.screens.base import SavedByKeys, store_errors
from recovery_tui.ui.screens.keys import KeysScreen
from recovery_tui.ui.text import problem_sentence
from recovery_tui.ui.widgets.key_bar import KeyBar
from recovery_tui.ui.widgets.text_field import TextField

FIELDS = ("name", "relationship", "phone", "notes")  # in screen order; also the store's field names
KEYS = [("enter", "Save"), ("tab", "Next field"), ("esc", "Cancel")]
RELATIONSHIP_KEYS = [("enter", "Open the list"), ("tab", "Next field"), ("ctrl+s", "Save"), ("esc", "Cancel")]
OPEN_LIST_KEYS = [("type", "Jump to a word"), ("↓↑", "Move"), ("enter", "Choose"), ("esc", "Close the list")]
NAME_LIMIT, PHONE_LIMIT = NAME_MAX, PHONE_MAX
NOTES_LIMIT = 200  # one line here; the store holds longer notes, kept as they are unless changed


def sentence(problem: ValidationError) -> str:
    """A problem as the form says it, under its field."""
    if problem.field == "relationship":
        return "Choose a relationship: enter opens the list."
    if problem.field == "phone":
        return "That does not look like a phone number: 3 to 20 digits, with spaces or + - ( ) if you like."
    return problem_sentence(problem)


class HelperFormScreen(SavedByKeys, Guarded, ModalScreen[uuid.UUID | None]):
    BINDINGS = [Binding("f1", "show_keys", show=False)]

    def __init__(self, participant_id: uuid.UUID, helper_id: uuid.UUID | None = None) -> None:
        super().__init__()
        self.participant_id = participant_id
        self.helper_id = helper_id
        # Read before the screen opens: it opens only with what it changes.
        self.helper = records.get_helper(helper_id) if helper_id is not None else None
        self._notes_as_stored = self.helper.notes if self.helper else ""

    @property
    def title_text(self) -> str:
        return "Add someone who will help" if self.helper_id is None else "Change this person's details"

    def compose(self) -> ComposeResult:
        name = relationship = phone = notes = ""
        if self.helper is not None:
            name, relationship, phone = self.helper.name, self.helper.relationship, self.helper.phone
            notes = printable(self.helper.notes)  # a one-line box: line breaks show as spaces
        with Vertical(id="helper-box"):
            yield Static(self.title_text, classes="box-title", markup=False)
            with VerticalScroll(id="helper-fields", can_focus=False):
                yield from self._row(
                    "name",
                    "Name",
                    "required",
                    TextField(
                        name, placeholder="What they like to be called", limit=max(NAME_LIMIT, len(name)), id="name"
                    ),
                )
                yield from self._row(
                    "relationship",
                    "Relationship",
                    "required",
                    Select(
                        [(word, word) for word in RELATIONSHIPS],
                        value=relationship if relationship in RELATIONSHIPS else Select.NULL,
                        prompt="Not chosen yet",
                        id="relationship",
                    ),
                )
                yield from self._row(
                    "phone",
                    "Phone",
                    "optional",
                    TextField(phone, placeholder="As they give it", limit=max(PHONE_LIMIT, len(phone)), id="phone"),
                )
                yield from self._row(
                    "notes",
                    "Notes",
                    "optional",
                    TextField(
                        notes,
                        placeholder="When to call, what they can help with",
                        limit=max(NOTES_LIMIT, len(notes)),
                        id="notes",
                    ),
                )
            yield KeyBar(self._keys(), id="helper-keys")

    @staticmethod
    def _row(field: str, label: str, need: str, widget: Widget) -> ComposeResult:
        with Horizontal(classes="helper-row"):
            with Vertical(classes="helper-label"):
                yield Static(label, classes="helper-label-name", markup=False)
                yield Static(need, classes="helper-label-need", markup=False)
            with Vertical(classes="helper-field"):
                yield widget
                yield Static(id=f"{field}-error", classes="error", markup=False)

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self._show_keys_line()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._show_keys_line()

    def _keys(self) -> list[tuple[str, str]]:
        """The keys that work in the field that has focus: a list field opens with enter, and saves with ctrl+s."""
        focused = self.focused if self.is_mounted else None
        if focused is not None and any(node.id == "relationship" for node in focused.ancestors_with_self):
            keys = OPEN_LIST_KEYS if self.query_one("#relationship", Select).expanded else RELATIONSHIP_KEYS
        else:
            keys = KEYS
        return [*keys, ("f2", "Support lines")]

    def _show_keys_line(self) -> None:
        self.query_one("#helper-keys", KeyBar).show(self._keys())

    def action_show_keys(self) -> None:
        self.app.push_screen(KeysScreen(self.title_text, [*self._keys(), ("ctrl+q", "Quit")]))

    # Errors -------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show_error(event.input.id or "", "")

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL:
            self._show_error("relationship", "")

    def _show_error(self, field: str, text: str) -> None:
        if field not in FIELDS:
            return
        error = self.query_one(f"#{field}-error", Static)
        error.update(text)
        error.display = bool(text)

    # Saving -------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def _values(self) -> tuple[str, str, str, str]:
        relationship = self.query_one("#relationship", Select).value
        notes = self.query_one("#notes", Input).value
        if notes == printable(self._notes_as_stored):
            notes = self._notes_as_stored  # unchanged: keep its line breaks
        return (
            self.query_one("#name", Input).value,
            relationship if isinstance(relationship, str) else "",
            self.query_one("#phone", Input).value,
            notes,
        )

    @store_errors("Not saved")
    def action_save(self) -> None:
        name, relationship, phone, notes = self._values()
        problems = records.helper_problems(name, relationship, phone, notes)
        if not problems:
            try:
                if self.helper_id is None:
                    helper = records.create_helper(self.participant_id, name, relationship, phone, notes)
                else:
                    helper = records.update_helper(self.helper_id, name, relationship, phone, notes)
            except ValidationError as refused:
                problems = [refused]
        if problems:
            for field in FIELDS:
                self._show_error(field, "")
            for problem in problems:
                self._show_error(problem.field if problem.field in FIELDS else "name", sentence(problem))
            fields = [problem.field if problem.field in FIELDS else "name" for problem in problems]
            first = min(fields, key=FIELDS.index)
            self.query_one(f"#{first}").focus()
            return
        self.dismiss(helper.id)

    def leave(self) -> None:
        self.dismiss(None)
