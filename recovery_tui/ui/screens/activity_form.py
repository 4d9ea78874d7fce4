"""One activity for this week: the participant's words, an area it helps grow, who will help.

A person can be added on the spot (ctrl+n) without leaving the plan. ``enter`` in the words
or ``ctrl+s`` anywhere saves; escape with words typed asks before they are lost.
"""

from __future__ import annotations

import uuid

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Select, SelectionList, Static

from recovery_tui.store import records
from recovery_tui.store.errors import ValidationError
from recovery_tui.store.validation import ACTIVITY_TEXT_MAX
from recovery_tui.ui.screens.base import AppScreen, SavedByKeys, store_errors
from recovery_tui.ui.screens.helper_form import HelperFormScreen
from recovery_tui.ui.text import literal, problem_sentence
from recovery_tui.ui.widgets.marks import MarkList
from recovery_tui.ui.widgets.text_field import TextField

WORDS_KEYS = [("enter", "Save"), ("tab", "Next"), ("ctrl+n", "Add a person"), ("esc", "Cancel")]
AREA_KEYS = [
    ("enter", "Open the list"),
    ("tab", "Next"),
    ("ctrl+s", "Save"),
    ("ctrl+n", "Add a person"),
    ("esc", "Cancel"),
]
OPEN_LIST_KEYS = [("↓↑", "Move"), ("enter", "Choose"), ("esc", "Close the list")]
HELPERS_KEYS = [
    ("space", "Mark or unmark"),
    ("↓↑", "Move"),
    ("tab", "Next"),
    ("ctrl+s", "Save"),
    ("ctrl+n", "Add a person"),
    ("esc", "Cancel"),
]


class ActivityFormScreen(SavedByKeys, AppScreen):
    TITLE = "An activity for this week"
    KEYS = WORDS_KEYS
    BINDINGS = [Binding("ctrl+n", "add_person", show=False)]

    def __init__(self, participant_id: uuid.UUID, activity_id: uuid.UUID | None = None) -> None:
        super().__init__()
        self.participant_id = participant_id
        self.activity_id = activity_id
        # Read before the screen opens: it opens only with what it shows.
        self.existing = records.planned_activity(activity_id) if activity_id else None
        self.areas = records.current_focus_areas(participant_id)

    def compose(self) -> ComposeResult:
        areas = self.areas
        kept = self.existing.focus_area_id if self.existing else None
        if kept not in {a.id for a in areas}:
            kept = None  # chosen before the current areas replaced it: it is kept unless changed here
        yield from self.compose_title()
        yield Static("In the next week I will", classes="field-label", markup=False)
        yield TextField(
            self.existing.text if self.existing else "",
            limit=ACTIVITY_TEXT_MAX,
            placeholder="In the participant's own words",
            id="activity-text",
        )
        yield Static(id="activity-error", classes="error", markup=False)
        yield Static("It helps me grow (optional)", classes="field-label", markup=False)
        yield Select(
            [(literal(records.focus_choice_words(records.FocusChoice(a.statement, a.text))), a.id) for a in areas],
            prompt="No particular area" if areas else "No areas chosen yet",
            value=kept if kept is not None else Select.NULL,
            id="activity-focus",
        )
        yield Static(
            "Who will help me work on it (space marks, ctrl+n adds someone new)", classes="field-label", markup=False
        )
        yield MarkList[uuid.UUID](id="activity-helpers")
        yield from self.compose_keys()

    def screen_keys(self) -> list[tuple[str, str]]:
        """The keys of the field that has focus."""
        focused = self.focused if self.is_mounted else None
        if focused is None or focused.id == "activity-text":
            return WORDS_KEYS
        if focused.id == "activity-helpers":
            return HELPERS_KEYS
        return OPEN_LIST_KEYS if self.query_one("#activity-focus", Select).expanded else AREA_KEYS

    @store_errors("Could not open", leave=True)
    def on_mount(self) -> None:
        self._fill_helpers(set(self.existing.helper_ids) if self.existing else set())
        self.query_one("#activity-text", Input).focus()

    def _fill_helpers(self, marked: set[uuid.UUID]) -> None:
        people = records.helpers_of(self.participant_id, include_archived=True)
        shown = [p for p in people if p.archived is None or p.id in marked]  # archived: only if already linked
        helpers = self.query_one("#activity-helpers", SelectionList)
        helpers.clear_options()
        helpers.add_options(
            (literal(f"{p.name} ({p.relationship})" + (" (archived)" if p.archived else "")), p.id, p.id in marked)
            for p in shown
        )
        helpers.display = bool(shown)
        if shown:
            helpers.highlighted = 0  # so that space marks someone as soon as the list has focus

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()  # enter in the words saves too; in the list, enter marks

    def on_input_changed(self) -> None:
        self.query_one("#activity-error", Static).display = False

    def _area_is_current(self) -> bool:
        current = {a.id for a in records.current_focus_areas(self.participant_id)}
        return self.existing is not None and self.existing.focus_area_id in current

    def action_add_person(self) -> None:
        marked = set(self.query_one("#activity-helpers", SelectionList).selected)

        def added(helper_id: uuid.UUID | None) -> None:
            self._show_helpers(marked | ({helper_id} if helper_id else set()))

        self.app.push_screen(HelperFormScreen(self.participant_id), added)

    @store_errors("Could not open")
    def _show_helpers(self, marked: set[uuid.UUID]) -> None:
        self._fill_helpers(marked)

    @store_errors("Not saved")
    def action_save(self) -> None:
        text = self.query_one("#activity-text", Input).value
        focus = self.query_one("#activity-focus", Select).value
        helpers = tuple(self.query_one("#activity-helpers", SelectionList).selected)
        focus_id = None if focus is Select.NULL else focus
        if focus_id is None and self.existing and self.existing.focus_area_id and not self._area_is_current():
            focus_id = self.existing.focus_area_id  # an earlier area stays linked unless another is chosen
        try:
            if self.activity_id is None:
                records.add_activity(self.participant_id, text, focus_id, helpers)
            else:
                records.update_activity(self.activity_id, text, focus_id, helpers)
        except ValidationError as problem:
            error = self.query_one("#activity-error", Static)
            error.update(problem_sentence(problem))
            error.display = True
            self.query_one("#activity-text", Input).focus()
            return
        self.dismiss()
