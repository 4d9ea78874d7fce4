"""Last week's activities one by one: done, partly, not yet, with a short note; carry one over with c."""

from __future__ import annotations

import datetime as dt
import uuid

from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from recovery_tui.store import records
from recovery_tui.store.validation import REVIEW_NOTE_MAX
from recovery_tui.ui.screens.base import AppScreen, store_errors
from recovery_tui.ui.text import day
from recovery_tui.ui.widgets.activity_line import activity_line
from recovery_tui.ui.widgets.text_field import TextField

STATUS_KEYS = {"d": "done", "p": "partly", "n": "not-yet"}


class ReviewWeekScreen(AppScreen):
    KEYS = [
        ("d", "Done"),
        ("p", "Partly"),
        ("n", "Not yet"),
        ("c", "Not yet, carry into this week"),
        ("tab", "Note"),
        ("↓↑", "Move"),
        ("esc", "This week's plan"),
    ]
    TYPING_KEYS = [("enter", "Keep the note, next activity"), ("tab", "Back to the list"), ("esc", "This week's plan")]

    def __init__(self, participant_id: uuid.UUID, monday: dt.date) -> None:
        super().__init__()
        self.participant_id = participant_id
        self.monday = monday
        self.activities: list[records.PlannedActivity] = []
        self.note_for: records.PlannedActivity | None = None  # whose note the field holds

    @property
    def heading(self) -> str:
        return f"Looking back at the week of {day(self.monday)}"

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        yield OptionList(id="review")
        yield Static("A short note (enter keeps it)", classes="field-label", markup=False)
        yield TextField(limit=REVIEW_NOTE_MAX, placeholder="How it went, in a few words", id="review-note")
        yield from self.compose_keys()

    @store_errors("Could not open", leave=True)
    def on_mount(self) -> None:
        self._reload(0)
        self.query_one("#review", OptionList).focus()

    def _reload(self, highlight: int) -> None:
        self.activities = records.activities_of_week(self.participant_id, self.monday)
        review = self.query_one("#review", OptionList)
        review.clear_options()
        review.add_options(Option(self._row(a)) for a in self.activities)
        if self.activities:
            review.highlighted = min(highlight, len(self.activities) - 1)
            self._show_note()

    def _row(self, activity: records.PlannedActivity) -> Content:
        line = activity_line(activity, with_focus=True)
        if activity.carried_to is not None:
            return Content.assemble(line, (" → carried into this week", "dim"))
        return line

    def _current(self) -> tuple[int, records.PlannedActivity] | None:
        index = self.query_one("#review", OptionList).highlighted
        return None if index is None or not self.activities else (index, self.activities[index])

    def _show_note(self) -> None:
        self.settle()
        current = self._current()
        self.note_for = None if current is None else current[1]
        self.query_one("#review-note", Input).value = self.note_for.review_note if self.note_for else ""

    @store_errors("Not saved")
    def settle(self) -> None:
        """Save the note typed for an activity before it is left, however it is left."""
        super().settle()
        self._save_note()

    def _save_note(self) -> None:
        note = self.query_one("#review-note", Input).value
        if self.note_for is not None and note != self.note_for.review_note:
            records.review_activity(self.note_for.id, review_note=note)
            self.note_for = records.planned_activity(self.note_for.id)

    def on_option_list_option_highlighted(self) -> None:
        self._show_note()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.settle()

    @store_errors("Not saved")
    def on_key(self, event: events.Key) -> None:
        if not self.is_current:
            return  # typed ahead after the screen was left
        current = self._current()
        if current is None or not self.query_one("#review", OptionList).has_focus:
            return
        index, activity = current
        if event.key in STATUS_KEYS:
            records.review_activity(activity.id, STATUS_KEYS[event.key])
        elif event.key == "c":
            records.carry_forward(activity.id)
        else:
            return
        event.stop()
        self._reload(index)
        self.query_one("#review-note", Input).focus()

    @store_errors("Not saved")
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        current = self._current()
        if current is None:
            return
        self._save_note()  # a note not saved stays in the field, on its activity
        self._reload(current[0] + 1)
        self.query_one("#review", OptionList).focus()
