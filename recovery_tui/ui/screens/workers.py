"""Workers: who is signed in, signing in as someone, adding workers, PINs and retiring.

Each row is a worker who has not retired: their name (cut short with an ellipsis when it does
not fit), then their role in words, "no PIN" where they have none and "signed in" for the
acting worker. The key bar offers only what the store would let the signed-in worker do
(``records.worker_rights``, where the rules are).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from recovery_tui.security import clean_line
from recovery_tui.store import records
from recovery_tui.ui.screens.base import AppScreen, store_errors
from recovery_tui.ui.screens.choice import ChoiceScreen, if_yes
from recovery_tui.ui.screens.pin_change import PinChangeScreen
from recovery_tui.ui.screens.pin_prompt import PinPromptScreen, ask_pin_again, pin_words
from recovery_tui.ui.screens.worker_form import WorkerFormScreen
from recovery_tui.ui.text import literal

SEPARATOR = ("  ·  ", "dim")
NOBODY_SIGNED_IN = "Nobody signed in: visits are recorded without a worker's name."
NO_WORKERS = (
    "No workers yet. Until someone is added, visits are recorded as an unnamed peer worker.\n"
    "Press a to add the first worker."
)
RETIRE_CHOICES = [("y", "Yes, retire them"), ("n", "No, keep them")]


def worker_prompt(worker: records.WorkerRow, signed_in: bool) -> Content:
    """The name on a line of its own (cut short by the list when it does not fit), then what they are."""
    details: list[Content | str | tuple[str, str]] = [worker.role_words]
    if not worker.has_pin:
        details += [SEPARATOR, "no PIN"]
    if signed_in:
        details += [SEPARATOR, ("signed in", "bold $text-success")]
    return Content.assemble(Content.styled(clean_line(worker.name), "bold"), "\n", *details)


def signed_in_line(acting: records.WorkerRow | None) -> Content:
    if acting is None:
        return Content(NOBODY_SIGNED_IN)
    return Content.assemble("Signed in as ", literal(acting.name), f" ({acting.role_words})")


@dataclass
class Staff:
    """What the menu knows as things stand: the workers listed, who is signed in, and what the store
    lets them do here."""

    rows: list[records.WorkerRow] = field(default_factory=list)
    acting: records.WorkerRow | None = None
    rights: records.WorkerRights = field(default_factory=lambda: records.WorkerRights(False, False, False))

    def is_acting(self, worker: records.WorkerRow | None) -> bool:
        return worker is not None and self.acting is not None and worker.id == self.acting.id


class WorkersScreen(AppScreen):
    TITLE = "Workers"
    KEYS = [
        ("↓↑", "Move"),
        ("enter", "Sign in"),
        ("a", "Add worker"),
        ("p", "Change my PIN"),
        ("r", "Reset PIN"),
        ("x", "Retire"),
        ("s", "Self-assessment"),
        ("l", "Audit log"),
        ("b", "Archived"),
        ("esc", "Back"),
    ]
    BINDINGS = [
        Binding("a", "add", show=False),
        Binding("p", "change_pin", show=False),
        Binding("r", "reset_pin", show=False),
        Binding("x", "retire", show=False),
        Binding("s", "self_assessment", show=False),
        Binding("l", "audit_log", show=False),
        Binding("b", "archived", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.staff = Staff()

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        yield Static(id="workers-signed-in")
        yield OptionList(id="workers")
        yield Static(NO_WORKERS, id="workers-empty", markup=False)
        yield from self.compose_keys()

    @store_errors("Could not open", leave=True)
    def on_mount(self) -> None:
        self.refresh_list()

    @store_errors("Could not open")
    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.refresh_list()

    def on_worker_form_screen_saved(self, event: WorkerFormScreen.Saved) -> None:
        event.stop()
        self.refresh_list(highlight=event.worker_id)

    def refresh_list(self, highlight: uuid.UUID | None = None) -> None:
        """Read the workers and who is signed in; keep the cursor on ``highlight``, or on whom it was."""
        self.staff = Staff(records.workers(), records.acting_worker(), records.worker_rights())
        rows = self.staff.rows
        options = self.query_one("#workers", OptionList)
        was = options.highlighted_option
        was_id = str(highlight) if highlight is not None else (None if was is None else was.id)
        was_index = options.highlighted or 0
        options.clear_options()
        options.add_options(Option(worker_prompt(row, self.staff.is_acting(row)), id=str(row.id)) for row in rows)
        ids = [str(row.id) for row in rows]
        options.display = bool(rows)
        if rows:
            options.highlighted = ids.index(was_id) if was_id in ids else min(was_index, len(rows) - 1)
            options.focus()
        self.query_one("#workers-empty", Static).display = not rows
        line = self.query_one("#workers-signed-in", Static)
        line.update(signed_in_line(self.staff.acting))
        line.display = bool(rows) or self.staff.acting is not None
        self.refresh_keys()

    def highlighted(self) -> records.WorkerRow | None:
        if not self.is_mounted:
            return None
        options = self.query_one("#workers", OptionList)
        option = options.highlighted_option
        if not options.display or option is None or option.id is None:
            return None
        return next((row for row in self.staff.rows if str(row.id) == option.id), None)

    def screen_keys(self) -> list[tuple[str, str]]:
        staff, chosen = self.staff, self.highlighted()
        someone_else = chosen is not None and not staff.is_acting(chosen)
        works = {
            "↓↑": len(staff.rows) > 1,
            "enter": someone_else,
            "a": staff.rights.manage,
            "p": staff.acting is not None,
            "r": staff.rights.reset and someone_else,
            "x": staff.rights.manage and someone_else,
            "s": staff.rights.self_assess,
            "l": True,
            "b": True,
            "esc": True,
        }
        keys = [(key, words) for key, words in self.KEYS if works[key]]
        if staff.acting is not None and not staff.acting.has_pin:
            keys = [(key, "Choose my PIN" if key == "p" else words) for key, words in keys]
        return keys

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.refresh_keys()

    # Signing in ----------------------------------------------------------------

    @store_errors("Not signed in")
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        worker = self.highlighted()
        if worker is None or self.staff.is_acting(worker):
            return
        worker = records.get_worker(worker.id)  # as it is now: a PIN may have been set since the list was read
        if worker.has_pin:
            self.app.push_screen(PinPromptScreen(worker), lambda right: self._signed_in(worker, bool(right)))
            return
        check = records.sign_in(worker.id, "", "sign in")
        if check.right:
            self._signed_in(worker, True)
        else:
            self.notify(pin_words(check), title="Not signed in", severity="warning", markup=False)

    @store_errors("Could not open")
    def _signed_in(self, worker: records.WorkerRow, right: bool) -> None:
        if right:
            self.notify(f"Signed in as {clean_line(worker.name)}", markup=False)
        self.refresh_list()

    # Adding, PINs and retiring ---------------------------------------------------

    @store_errors("Could not open")
    def action_add(self) -> None:
        self.refresh_list()  # as things stand now: another kiosk may have changed who can add
        if self.staff.rights.manage:
            self.app.push_screen(WorkerFormScreen())

    @store_errors("Could not open")
    def action_change_pin(self) -> None:
        acting = records.acting_worker()
        if acting is not None:
            self.app.push_screen(PinChangeScreen(acting, own=True))

    @store_errors("Could not open")
    def action_reset_pin(self) -> None:
        worker = self.highlighted()
        if worker is not None and self.staff.rights.reset and not self.staff.is_acting(worker):
            self.app.push_screen(PinChangeScreen(records.get_worker(worker.id), own=False))

    def action_retire(self) -> None:
        worker = self.highlighted()
        if worker is None or not self.staff.rights.manage or self.staff.is_acting(worker):
            return
        question = f"Retire {clean_line(worker.name)}? They stay in the records they made."
        self.app.push_screen(ChoiceScreen(question, RETIRE_CHOICES), if_yes(lambda: self._retire(worker)))

    @store_errors("Not retired")
    def _retire(self, worker: records.WorkerRow) -> None:
        records.retire_worker(worker.id)
        self.notify(f"{clean_line(worker.name)} is retired and no longer signs in.", markup=False)
        self.refresh_list()

    def action_self_assessment(self) -> None:
        if not self.staff.rights.self_assess:
            return
        from recovery_tui.ui.screens.self_assessments import SelfAssessmentsScreen  # loaded when first needed

        self.app.push_screen(SelfAssessmentsScreen())

    def action_audit_log(self) -> None:
        from recovery_tui.ui.screens.audit import AuditScreen  # loaded when first needed

        ask_pin_again(self, "to open the audit log", lambda: self.app.push_screen(AuditScreen()))

    def action_archived(self) -> None:
        from recovery_tui.ui.screens.archived import ArchivedScreen  # loaded when first needed

        ask_pin_again(self, "to see the archived participants", lambda: self.app.push_screen(ArchivedScreen()))
