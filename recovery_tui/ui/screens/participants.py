"""Home: find a participant by typing, or add a new one.

Rows show a first name and the last visit only; people who share a first name also the day each was added.
"""

from __future__ import annotations

import uuid
from collections import Counter

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from recovery_tui.security import search_key
from recovery_tui.store import records
from recovery_tui.ui.screens.base import AppScreen, store_errors
from recovery_tui.ui.screens.new_participant import NewParticipantScreen
from recovery_tui.ui.screens.overview import OverviewScreen
from recovery_tui.ui.screens.workers import WorkersScreen
from recovery_tui.ui.text import day, literal
from recovery_tui.ui.widgets.text_field import TextField

LIST_LIMIT = 200
KIOSK_LEAST_TYPED = 2  # a kiosk lists nobody until this many characters are typed


def row_prompt(row: records.ParticipantRow, same_name: bool = False) -> Content:
    """A first name and the last visit; people who share a first name also the day each was added
    (never the agency ID, which in some settings is a case number)."""
    visit = f"last visit {day(row.last_visit)}" if row.last_visit else "no visits yet"
    added = f"  added {day(row.added)}" if same_name else ""
    return Content.assemble(literal(row.first_name), added, ("  ·  " + visit, "dim"))


def shared_names(rows: list[records.ParticipantRow]) -> set[str]:
    """The first names, as search folds them, that more than one of ``rows`` has."""
    counts = Counter(search_key(row.first_name) for row in rows)
    return {name for name, count in counts.items() if count > 1}


class ParticipantsScreen(AppScreen):
    TITLE = "Participants"
    KEYS = [("type", "Find"), ("↓↑", "Move"), ("enter", "Open"), ("ctrl+n", "New participant"), ("f3", "Workers")]
    BINDINGS = [
        Binding("ctrl+n", "new_participant", show=False),
        Binding("f3", "workers", show=False),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        yield TextField(placeholder="Type part of a first name or agency ID", id="search")
        participants = OptionList(id="participants")
        participants.can_focus = False  # the search box keeps focus; up and down move here
        yield participants
        yield Static(id="list-note")
        yield from self.compose_keys()

    def screen_keys(self) -> list[tuple[str, str]]:
        """Opening only when somebody is listed, moving only with two or more. The search box always has
        focus: typing finds."""
        listed = self.query_one("#participants", OptionList).option_count if self.is_mounted else 0
        needs = {"enter": 1, "↓↑": 2}
        return [(key, words) for key, words in self.KEYS if listed >= needs.get(key, 0)]

    def on_mount(self) -> None:
        self.searched_for = records.acting_worker_id()  # the worker whose search the box holds

    def on_screen_resume(self) -> None:
        if records.acting_worker_id() != self.searched_for:  # another worker signed in: their own search
            self.searched_for = records.acting_worker_id()
            self.query_one("#search", Input).value = ""
        self.refresh_list()

    def on_new_participant_screen_saved(self, event: NewParticipantScreen.Saved) -> None:
        """After someone is added or changed, the whole list again, that person highlighted."""
        event.stop()
        self.query_one("#search", Input).value = ""
        self.refresh_list(highlight=str(event.participant_id))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refresh_list()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open()

    @store_errors("Could not open")
    def refresh_list(self, highlight: str | None = None) -> None:
        query = self.query_one("#search", Input).value
        hidden = self._kiosk_waits_for(query)
        rows = [] if hidden else records.find_participants(query, limit=LIST_LIMIT + 1)
        shown = rows[:LIST_LIMIT]
        participants = self.query_one("#participants", OptionList)
        was = participants.highlighted_option
        was_id = highlight or (None if was is None else was.id)
        participants.clear_options()
        shared = shared_names(shown)
        participants.add_options(
            Option(row_prompt(row, search_key(row.first_name) in shared), id=str(row.id)) for row in shown
        )
        ids = [str(row.id) for row in shown]
        participants.highlighted = (ids.index(was_id) if was_id in ids else 0) if shown else None
        participants.display = bool(shown)
        note = (
            Content("Type at least two characters of a first name or agency ID.")
            if hidden
            else self._note(query, len(rows), archived=not rows and records.any_archived())
        )
        self.query_one("#list-note", Static).update(note)
        self.query_one("#list-note", Static).display = bool(note.plain)
        self.refresh_keys()

    def _kiosk_waits_for(self, query: str) -> bool:
        """On a kiosk nobody is listed until two characters are typed: whoever sits down sees no names."""
        settings = getattr(self.app, "settings", None)
        return bool(settings and settings.kiosk) and len(query.strip()) < KIOSK_LEAST_TYPED

    @staticmethod
    def _note(query: str, found: int, archived: bool = False) -> Content:
        """``archived``: someone is archived, so an empty list may not mean nobody was ever added."""
        if found > LIST_LIMIT:
            return Content(f"Showing the first {LIST_LIMIT}. Type more of the name to narrow the list.")
        if found:
            return Content("")
        where = Content(" Archived participants are under f3, then b." if archived else "")
        if query.strip():
            return Content.assemble(
                "Nobody matches “", literal(query), "”. Press ctrl+n to add a new participant.", where
            )
        if archived:
            return Content.assemble("Nobody on the list. Press ctrl+n to add a participant.", where)
        return Content("No participants yet. Press ctrl+n to add the first person.")

    def action_move(self, step: int) -> None:
        participants = self.query_one("#participants", OptionList)
        if step > 0:
            participants.action_cursor_down()
        else:
            participants.action_cursor_up()

    def action_open(self) -> None:
        option = self.query_one("#participants", OptionList).highlighted_option
        if option is not None and option.id is not None:
            self.app.push_screen(OverviewScreen(uuid.UUID(option.id)))

    def action_new_participant(self) -> None:
        self.app.push_screen(NewParticipantScreen(open_after=OverviewScreen))

    def action_workers(self) -> None:
        self.app.push_screen(WorkersScreen())
