"""A new PIN: the signed-in worker's own (given the current one, if they have one), or, for a
supervisor, another worker's who has forgotten theirs.

The new PIN is typed twice, masked; the two are compared here before the store is asked. Every
problem shows under its field at once, on ``ctrl+s`` or ``enter`` in the last field. No PIN is
ever shown, put in a message, or logged. A wrong current PIN counts as a wrong PIN, and the wait
after five in a row holds here as on the lock screen.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from recovery_tui.security import PIN_RULE, clean_line, pin_problem
from recovery_tui.store import records
from recovery_tui.store.errors import ValidationError
from recovery_tui.ui.screens.base import AppScreen, SavedByKeys, store_errors
from recovery_tui.ui.screens.pin_prompt import pin_words
from recovery_tui.ui.screens.worker_form import labelled, worker_sentence
from recovery_tui.ui.widgets.secret_field import PinField

ORDER = ("current", "new", "new-again")
FIELDS = {"current PIN": "current", "new PIN": "new", "new PIN again": "new-again"}  # store's field: widget id
OWN_WORDS = "A PIN is 4 to 12 digits. Keep it to yourself: it signs you in and unlocks the screen."
RESET_WORDS = (
    "For a worker who has forgotten their PIN. Give them the new one in person; "
    "once signed in, they can change it with p on the workers screen."
)


class PinChangeScreen(SavedByKeys, AppScreen):
    def __init__(self, worker: records.WorkerRow, own: bool) -> None:
        """``own``: the signed-in worker's own PIN (``worker`` is them); otherwise a supervisor resets ``worker``'s."""
        super().__init__()
        self.worker = worker
        self.own = own

    @property
    def asks_current(self) -> bool:
        return self.own and self.worker.has_pin

    @property
    def heading(self) -> str:
        if not self.own:
            return f"Reset the PIN for {clean_line(self.worker.name)}"
        return "Change my PIN" if self.worker.has_pin else "Choose my PIN"

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        yield Static(OWN_WORDS if self.own else RESET_WORDS, id="pin-change-words", markup=False)
        with VerticalScroll(id="worker-fields", can_focus=False):
            if self.asks_current:
                yield from labelled(
                    "Current PIN", "", PinField(placeholder="The PIN you have now", id="current"), "current"
                )
            yield from labelled("New PIN", "", PinField(placeholder="4 to 12 digits", id="new"), "new")
            yield from labelled("New PIN again", "", PinField(placeholder="The same PIN", id="new-again"), "new-again")
        yield from self.compose_keys()

    def on_mount(self) -> None:
        self.query(PinField).first().focus()

    def screen_keys(self) -> list[tuple[str, str]]:
        last = self.is_mounted and self.focused is not None and self.focused.id == "new-again"
        return [("enter", "Save" if last else "Next field"), ("ctrl+s", "Save"), ("esc", "Cancel")]

    def has_unsaved_text(self) -> bool:
        return False  # PINs are typed again in a moment; nothing else is typed here

    # Errors ----------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if not event.value:
            return  # a field emptied after a problem keeps what was said about it
        self._show_error(event.input.id or "", "")
        if event.input.id == "new":
            self._show_error("new-again", "")

    def _show_error(self, field_id: str, text: str) -> None:
        if field_id not in ORDER or not self.query(f"#{field_id}-error"):
            return
        error = self.query_one(f"#{field_id}-error", Static)
        error.update(text)
        error.display = bool(text)

    def _show_problems(self, shown: list[tuple[str, str]]) -> None:
        for field_id in ORDER:
            self._show_error(field_id, "")
        for field_id, words in shown:
            self._show_error(field_id, words)
        fields = list(self.query(PinField))
        for field in fields:  # masked PINs are typed again from the top rather than corrected unseen
            field.value = ""
        fields[0].focus()

    def _field_of(self, problem: ValidationError) -> str:
        field_id = FIELDS.get(problem.field, "new")
        return "new" if field_id == "current" and not self.asks_current else field_id

    # Saving ----------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "new-again":
            self.action_save()
        else:
            self.focus_next()

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value if self.query(f"#{field_id}") else ""

    def _problems(self, current: str, new: str, again: str) -> list[tuple[str, str]]:
        """What is wrong before the store is asked: a PIN left out, the rule, the two new ones not the same."""
        shown = []
        if self.asks_current:
            waiting = records.wait_before_pin(self.worker.id)
            if waiting > 0:
                shown.append(("current", pin_words(records.PinCheck(False, waiting))))
            elif not current:
                shown.append(("current", "Current PIN is required."))
        if pin_problem(new):
            shown.append(("new", PIN_RULE))
        if new != again:
            shown.append(("new-again", "New PIN again is not the same PIN."))
        return shown

    @store_errors("PIN not changed")
    def action_save(self) -> None:
        current, new, again = self._value("current"), self._value("new"), self._value("new-again")
        shown = self._problems(current, new, again)
        if not shown:
            try:
                if self.own:
                    records.change_own_pin(current, new)
                else:
                    records.reset_pin(self.worker.id, new)
            except ValidationError as refused:
                field_id = self._field_of(refused)
                if field_id == "current":  # a wrong PIN, said as the lock screen says it, with any wait
                    waiting = records.wait_before_pin(self.worker.id)
                    shown = [(field_id, pin_words(records.PinCheck(False, waiting)))]
                else:
                    shown = [(field_id, worker_sentence(refused))]
        if shown:
            self._show_problems(shown)
            return
        if not self.own:
            self.notify(f"PIN reset for {clean_line(self.worker.name)}", markup=False)
        else:
            self.notify("PIN changed" if self.worker.has_pin else "PIN saved", markup=False)
        self.dismiss()
