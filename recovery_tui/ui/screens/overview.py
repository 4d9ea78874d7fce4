"""What exists about one participant today, laid out for two people to read together."""

from __future__ import annotations

import uuid

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from recovery_tui.content.checkin_words import checkin_words
from recovery_tui.store import records
from recovery_tui.ui.screens.base import AppScreen, store_errors
from recovery_tui.ui.screens.check_in import CheckInScreen
from recovery_tui.ui.screens.focus_areas import FocusAreasScreen
from recovery_tui.ui.screens.form import FormScreen
from recovery_tui.ui.screens.helpers import HelpersScreen
from recovery_tui.ui.screens.plan_week import PlanWeekScreen
from recovery_tui.ui.screens.review_week import ReviewWeekScreen
from recovery_tui.ui.screens.visit_note import VisitNoteScreen
from recovery_tui.ui.text import compared, day, literal, literal_block, time_of_day
from recovery_tui.ui.widgets.activity_line import activity_line
from recovery_tui.ui.widgets.feeling_chart import feeling_chart


def scale_summary(overview: records.Overview) -> Content:
    scale = overview.scale
    if scale is None:
        text = "Not filled in yet."
    elif scale.total is None:
        text = f"{scale.answered_sum}, with {scale.answered} of {scale.statements} answered, on {day(scale.date)}."
    else:
        text = f"{scale.total} of {scale.maximum} on {day(scale.date)}."
        if scale.change is not None:
            words = compared(scale.change)
            text += f" {words[0].upper()}{words[1:]} last time."
    if overview.scale_draft is not None:
        started, answered = overview.scale_draft
        text += f"\nUnfinished, from {day(started)}: {answered} answered. Press r to carry on."
    return Content(text)


def visits_summary(overview: records.Overview) -> Content:
    times = "1 visit" if overview.visits == 1 else f"{overview.visits} visits"
    visit = overview.today
    if visit is not None:
        lines = [f"Today's visit started at {time_of_day(visit.started)}. {times.capitalize()} in all."]
        if visit.support_lines_shared:
            lines.append("Support lines were shared.")
        return Content("\n".join(lines))
    if overview.last_visit is None:
        return Content("No visits yet. Press c to start today's check-in.")
    return Content(f"Last visit {day(overview.last_visit)}, {times} in all. Press c to start today's.")


def check_in_summary(overview: records.Overview) -> Content:
    if overview.last_check_in is None:
        return Content("No check-ins yet.")
    when, check_in = overview.last_check_in
    words = checkin_words()
    parts: list[Content | str] = [f"Last check-in {day(when)}"]
    parts.append(f": {words.feeling(check_in.feeling)}." if check_in.feeling else ".")
    if check_in.focus:
        parts += ["\nFocus: ", literal_block(check_in.focus)]
    if len(overview.feelings) > 1:
        parts += [
            f"\nHow I felt at the last {len(overview.feelings)} check-ins, oldest first:\n",
            feeling_chart([f.value for f in overview.feelings]),
        ]
    return Content.assemble(*parts)


def numbered(items: list[Content], empty: str) -> Content:
    if not items:
        return Content(empty)
    return Content("\n").join(Content.assemble(f"{n}. ", item) for n, item in enumerate(items, 1))


def week_summary(overview: records.Overview) -> Content:
    planned = numbered([activity_line(a) for a in overview.this_week], "Nothing planned yet.")
    last = overview.last_week
    if last is None:
        return planned
    words = f"\nWeek of {day(last.week_of)}: {last.done} of {last.planned} done"
    words += f", {last.partly} partly." if last.partly else "."
    return Content.assemble(planned, (words, "dim"))


class OverviewScreen(AppScreen):
    TITLE = "Participant overview"
    KEYS = [
        ("c", "Check-in"),
        ("r", "Recovery Capital Scale"),
        ("a", "Areas to grow"),
        ("p", "Weekly plan"),
        ("w", "Who will help me"),
        ("n", "Visit note"),
        ("esc", "Participants"),
    ]
    BINDINGS = [
        Binding("c", "check_in", show=False),
        Binding("p", "plan", show=False),
        Binding("a", "areas", show=False),
        Binding("r", "scale", show=False),
        Binding("n", "visit_note", show=False),
        Binding("w", "helpers", show=False),
    ]

    def __init__(self, participant_id: uuid.UUID) -> None:
        super().__init__()
        self.participant_id = participant_id

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with VerticalScroll(id="overview"):
            yield Static(id="name", classes="person-name")
            yield Static(id="details", classes="person-details")
            with Grid(id="sections"):
                for section_id, heading in (
                    ("visits", "Visits"),
                    ("check-in", "Check-in"),
                    ("scale", "Recovery Capital Scale"),
                    ("focus", "Areas I want to grow"),
                    ("week", "This week"),
                ):
                    section = Static(id=section_id, classes="section")
                    section.border_title = heading
                    yield section
        yield from self.compose_keys()

    @store_errors("Could not open", leave=True)
    def on_screen_resume(self) -> None:
        self._end_another_participants_visit()
        overview = records.participant_overview(self.participant_id)
        agency = (
            Content.assemble("Agency ID ", literal(overview.agency_id))
            if overview.agency_id
            else Content("No agency ID")
        )
        self.query_one("#name", Static).update(literal(overview.first_name))
        self.query_one("#details", Static).update(Content.assemble(agency, f"  ·  added {day(overview.added)}"))
        self.query_one("#visits", Static).update(visits_summary(overview))
        self.query_one("#check-in", Static).update(check_in_summary(overview))
        self.query_one("#scale", Static).update(scale_summary(overview))
        self.query_one("#focus", Static).update(
            numbered([literal(words) for words in overview.focus_areas], "None chosen yet.")
        )
        self.query_one("#week", Static).update(week_summary(overview))

    def on_mount(self) -> None:
        self.query_one("#overview", VerticalScroll).focus()

    def _end_another_participants_visit(self) -> None:
        """Opening another participant ends the visit this screen's app had open."""
        current = self.app.current_visit_id  # type: ignore[attr-defined]
        if current is not None and records.get_visit(current).participant_id != self.participant_id:
            records.end_visit(current)
            self.app.current_visit_id = None  # type: ignore[attr-defined]

    def _visit(self) -> uuid.UUID:
        visit = records.start_or_resume_visit(self.participant_id)
        self.app.current_visit_id = visit.id  # type: ignore[attr-defined]
        return visit.id

    @store_errors("Could not open")
    def action_check_in(self) -> None:
        self.app.push_screen(CheckInScreen(self._visit()))

    @store_errors("Could not open")
    def action_visit_note(self) -> None:
        self.app.push_screen(VisitNoteScreen(self._visit()))

    @store_errors("Could not open")
    def action_plan(self) -> None:
        """Last week's activities first, when there are some not looked back on yet; then this week."""
        monday = records.week_to_review(self.participant_id)
        last_week = records.activities_of_week(self.participant_id, monday) if monday else []
        self.app.push_screen(PlanWeekScreen(self.participant_id))
        if monday is not None and any(a.status == "planned" for a in last_week):
            self.app.push_screen(ReviewWeekScreen(self.participant_id, monday))

    @store_errors("Could not open")
    def action_areas(self) -> None:
        """Choose areas to grow again, the latest completed scale's lowest rated offered first."""
        done = records.completed_responses(self.participant_id)
        self.app.push_screen(FocusAreasScreen(self.participant_id, done[0].id if done else None))

    def action_scale(self) -> None:
        self.app.push_screen(FormScreen(self.participant_id))

    def action_helpers(self) -> None:
        self.app.push_screen(HelpersScreen(self.participant_id))
