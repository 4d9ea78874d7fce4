"""This week's plan: 1 to 10 activities in the participant's own words, with who will help."""

from __future__ import annotations

import uuid

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from recovery_tui import clock
from recovery_tui.store import records
from recovery_tui.store.validation import ACTIVITIES_MAX
from recovery_tui.ui.screens.activity_form import ActivityFormScreen
from recovery_tui.ui.screens.base import AppScreen, store_errors
from recovery_tui.ui.screens.choice import ChoiceScreen, if_yes
from recovery_tui.ui.screens.review_week import ReviewWeekScreen
from recovery_tui.ui.text import day
from recovery_tui.ui.widgets.activity_line import activity_line


class PlanWeekScreen(AppScreen):
    KEYS = [("a", "Add"), ("enter", "Change"), ("delete", "Take out"), ("l", "Last week"), ("esc", "Overview")]
    EMPTY_KEYS = [("a", "Add"), ("l", "Last week"), ("esc", "Overview")]  # nothing planned: nothing to change
    BINDINGS = [
        Binding("a", "add", show=False),
        Binding("delete", "take_out", show=False),
        Binding("l", "last_week", show=False),
    ]

    def __init__(self, participant_id: uuid.UUID) -> None:
        super().__init__()
        self.participant_id = participant_id
        self.monday = records.week_of(clock.today())
        self.activities: list[records.PlannedActivity] = []

    @property
    def heading(self) -> str:
        return f"My plan for the week of {day(self.monday)}"

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        yield Static(
            "In the next week I will do the following activities to help me increase my recovery capital:",
            classes="field-label",
            markup=False,
        )
        yield OptionList(id="plan")
        yield Static(id="plan-note", markup=False)
        yield from self.compose_keys()

    @store_errors("Could not open", leave=True)
    def on_screen_resume(self) -> None:
        self.activities = records.activities_of_week(self.participant_id, self.monday)
        plan = self.query_one("#plan", OptionList)
        highlighted = plan.highlighted
        plan.clear_options()
        plan.add_options(Option(activity_line(a, with_focus=True), id=str(a.id)) for a in self.activities)
        if self.activities:
            plan.highlighted = min(highlighted or 0, len(self.activities) - 1)
        plan.display = bool(self.activities)
        plan.focus()
        count = len(self.activities)
        self.query_one("#plan-note", Static).update(
            "Nothing planned for this week yet. Press a to add an activity, in the participant's own words."
            if not count
            else f"{count} of up to {ACTIVITIES_MAX} activities."
        )
        self.refresh_keys()

    def screen_keys(self) -> list[tuple[str, str]]:
        return self.KEYS if self.activities else self.EMPTY_KEYS

    def _highlighted(self) -> records.PlannedActivity | None:
        index = self.query_one("#plan", OptionList).highlighted
        return None if index is None or not self.activities else self.activities[index]

    @store_errors("Could not open")
    def action_add(self) -> None:
        self.app.push_screen(ActivityFormScreen(self.participant_id))

    @store_errors("Could not open")
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        activity = self._highlighted()
        if activity is not None:
            self.app.push_screen(ActivityFormScreen(self.participant_id, activity.id))

    def action_take_out(self) -> None:
        activity = self._highlighted()
        if activity is None:
            return
        self.app.push_screen(
            ChoiceScreen(
                "Take this activity out of this week's plan?", [("y", "Yes, take it out"), ("n", "No, keep it")]
            ),
            if_yes(lambda: self._take_out(activity.id)),
        )

    @store_errors("Not saved")
    def _take_out(self, activity_id: uuid.UUID) -> None:
        records.remove_activity(activity_id)
        self.on_screen_resume()

    @store_errors("Could not open")
    def action_last_week(self) -> None:
        monday = records.week_to_review(self.participant_id)
        if monday is None:
            self.query_one("#plan-note", Static).update("There is no earlier plan to look back on yet.")
            return
        self.app.push_screen(ReviewWeekScreen(self.participant_id, monday))
