"""Participants taken off the list: bringing one back, or erasing everything about them.

Reached from the worker menu after the signed-in worker's PIN (where any worker has one): the
list names people the participants list no longer shows.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from recovery_tui.security import clean_line
from recovery_tui.store import records
from recovery_tui.ui.screens.base import AppScreen, store_errors
from recovery_tui.ui.screens.choice import ChoiceScreen, if_yes
from recovery_tui.ui.screens.erase import EraseScreen
from recovery_tui.ui.screens.pin_prompt import ask_pin_again
from recovery_tui.ui.text import day

NOBODY_ARCHIVED = "Nobody is archived. A participant is archived from their details: i on their overview, then ctrl+o."
BRING_BACK_CHOICES = [("y", "Yes, bring them back"), ("n", "No, leave them archived")]


def archived_prompt(row: records.ArchivedRow) -> Content:
    """The name on a line of its own (cut short when it does not fit), then when they were archived."""
    return Content.assemble(
        Content.styled(clean_line(row.first_name), "bold"), "\n", (f"archived {day(row.archived)}", "dim")
    )


class ArchivedScreen(AppScreen):
    TITLE = "Archived participants"
    KEYS = [("↓↑", "Move"), ("b", "Bring back"), ("e", "Erase"), ("esc", "Back")]
    BINDINGS = [Binding("b", "bring_back", show=False), Binding("e", "erase", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[records.ArchivedRow] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        yield OptionList(id="archived")
        yield Static(NOBODY_ARCHIVED, id="archived-empty", markup=False)
        yield from self.compose_keys()

    @store_errors("Could not open", leave=True)
    def on_mount(self) -> None:
        self.refresh_list()

    @store_errors("Could not open")
    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.refresh_list()

    def refresh_list(self) -> None:
        self.rows = records.archived_participants()
        options = self.query_one("#archived", OptionList)
        was = options.highlighted or 0
        options.clear_options()
        options.add_options(Option(archived_prompt(row), id=str(row.id)) for row in self.rows)
        options.display = bool(self.rows)
        self.query_one("#archived-empty", Static).display = not self.rows
        if self.rows:
            options.highlighted = min(was, len(self.rows) - 1)
            options.focus()
        self.refresh_keys()

    def screen_keys(self) -> list[tuple[str, str]]:
        works = {"↓↑": len(self.rows) > 1, "b": bool(self.rows), "e": bool(self.rows), "esc": True}
        return [(key, words) for key, words in self.KEYS if works[key]]

    def chosen(self) -> records.ArchivedRow | None:
        options = self.query_one("#archived", OptionList)
        if not self.rows or options.highlighted is None:
            return None
        return self.rows[options.highlighted]

    def action_bring_back(self) -> None:
        row = self.chosen()
        if row is None:
            return
        question = f"Bring {clean_line(row.first_name)} back to the participants list?"
        self.app.push_screen(ChoiceScreen(question, BRING_BACK_CHOICES), if_yes(lambda: self._bring_back(row)))

    @store_errors("Not brought back")
    def _bring_back(self, row: records.ArchivedRow) -> None:
        records.bring_back_participant(row.id)
        self.notify(f"{clean_line(row.first_name)} is back on the participants list.", markup=False)
        self.refresh_list()

    def action_erase(self) -> None:
        row = self.chosen()
        if row is not None:
            name = clean_line(row.first_name)
            ask_pin_again(self, f"to erase {name}", lambda: self.app.push_screen(EraseScreen(row.id, row.first_name)))
