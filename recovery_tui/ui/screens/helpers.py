"""Who will help me: the participant's people. Added, changed and archived by keys, never deleted."""

from __future__ import annotations

import uuid
from typing import Protocol

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from recovery_tui.security import clean_line
from recovery_tui.store import records
from recovery_tui.ui.screens.base import AppScreen, store_errors
from recovery_tui.ui.screens.choice import ChoiceScreen, if_yes
from recovery_tui.ui.screens.helper_form import HelperFormScreen
from recovery_tui.ui.text import literal

SEPARATOR = ("  ·  ", "dim")


class Person(Protocol):
    """What these screens read of one of the participant's people, as ``records`` hands it back."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def name(self) -> str: ...
    @property
    def relationship(self) -> str: ...
    @property
    def phone(self) -> str: ...
    @property
    def notes(self) -> str: ...


def helper_prompt(helper: Person) -> Content:
    """Name, relationship and phone on one line; notes, if any, on the next."""
    parts: list[Content | str | tuple[str, str]] = [
        Content.styled(clean_line(helper.name), "bold"),
        SEPARATOR,
        helper.relationship,
    ]
    if helper.phone:
        parts += [SEPARATOR, literal(helper.phone)]
    if helper.notes:
        parts += ["\n", (clean_line(helper.notes), "italic")]
    return Content.assemble(*parts)


def archived_note(count: int) -> str:
    if count == 0:
        return ""
    if count == 1:
        return "1 person taken off this list still shows in past plans."
    return f"{count} people taken off this list still show in past plans."


class HelpersScreen(AppScreen):
    TITLE = "Who will help me"
    KEYS = [("a", "Add"), ("enter", "Change"), ("delete", "Take off my list"), ("↓↑", "Move"), ("esc", "Back")]
    EMPTY_KEYS = [("a", "Add"), ("esc", "Back")]  # nobody on the list: nothing to change or take off
    BINDINGS = [
        Binding("a", "add", show=False),
        Binding("delete", "archive", show=False),
    ]

    def __init__(self, participant_id: uuid.UUID) -> None:
        super().__init__()
        self.participant_id = participant_id

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        yield Static(id="helpers-intro")
        yield OptionList(id="helpers")
        yield Static(id="helpers-note")
        yield from self.compose_keys()

    @store_errors("Could not open", leave=True)
    def on_mount(self) -> None:
        first_name = records.get_participant(self.participant_id).first_name
        self.query_one("#helpers-intro", Static).update(
            Content.assemble("The people ", literal(first_name), " can turn to while working on the plan.")
        )
        self.refresh_list()

    def refresh_list(self, highlight: uuid.UUID | None = None) -> None:
        """Show the active people; keep the cursor on ``highlight``, or where it was."""
        people = records.helpers_of(self.participant_id, include_archived=True)
        active = [person for person in people if person.archived is None]
        options = self.query_one("#helpers", OptionList)
        was = options.highlighted
        options.clear_options()
        for n, person in enumerate(active):  # a line between people keeps each one's notes with them
            options.add_options([None] if n else [])
            options.add_option(Option(helper_prompt(person), id=str(person.id)))
        options.display = bool(active)
        if active:
            ids = [person.id for person in active]
            index = ids.index(highlight) if highlight in ids else min(was or 0, len(active) - 1)
            options.highlighted = index
            options.focus()
        lines = [] if active else ["No one yet. Press a to add someone who will help."]
        if note := archived_note(len(people) - len(active)):
            lines.append(note)
        note_widget = self.query_one("#helpers-note", Static)
        note_widget.update(Content("\n".join(lines)))
        note_widget.display = bool(lines)
        note_widget.set_class(not active, "-empty")
        self.refresh_keys()

    def screen_keys(self) -> list[tuple[str, str]]:
        shown = self.is_mounted and self.query_one("#helpers", OptionList).display
        return self.KEYS if shown else self.EMPTY_KEYS

    def _highlighted(self) -> Person | None:
        option = self.query_one("#helpers", OptionList).highlighted_option
        if option is None or option.id is None or not self.query_one("#helpers", OptionList).display:
            return None
        return records.get_helper(uuid.UUID(option.id))

    @store_errors("Could not open")
    def _saved(self, helper_id: uuid.UUID | None) -> None:
        self.refresh_list(highlight=helper_id)

    def action_add(self) -> None:
        self.app.push_screen(HelperFormScreen(self.participant_id), self._saved)

    @store_errors("Could not open")
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.app.push_screen(HelperFormScreen(self.participant_id, uuid.UUID(event.option.id)), self._saved)

    @store_errors("Could not open")
    def action_archive(self) -> None:
        helper = self._highlighted()
        if helper is None:
            return
        question = f"Take {clean_line(helper.name)} off my list? They stay in the plans they were part of."
        choices = [("y", "Yes, take them off"), ("n", "No, keep them")]
        self.app.push_screen(ChoiceScreen(question, choices), if_yes(lambda: self._archive(helper.id)))

    @store_errors("Not archived")
    def _archive(self, helper_id: uuid.UUID) -> None:
        records.archive_helper(helper_id)
        self._saved(None)
