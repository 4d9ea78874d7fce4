"""What exists about one participant today, laid out for two people to read together."""

from __future__ import annotations

import uuid

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from recovery_tui.store import records
from recovery_tui.ui.screens.base import AppScreen
from recovery_tui.ui.screens.form import FormScreen
from recovery_tui.ui.text import day, literal

STATUS_WORDS = {"planned": "", "done": "done", "partly": "partly done", "not-yet": "not yet"}


def scale_summary(overview: records.Overview) -> Content:
    scale = overview.scale
    if scale is None:
        text = "Not filled in yet."
    elif scale.total is None:
        text = f"{scale.answered_sum}, with {scale.answered} of {scale.statements} answered, on {day(scale.date)}."
    else:
        text = f"{scale.total} of {scale.statements * 5} on {day(scale.date)}."
        if scale.change == 0:
            text += " The same as last time."
        elif scale.change is not None:
            text += f" {abs(scale.change)} {'more' if scale.change > 0 else 'less'} than last time."
    if overview.scale_draft is not None:
        started, answered = overview.scale_draft
        text += f"\nUnfinished, from {day(started)}: {answered} answered. Press r to carry on."
    return Content(text)


def visits_summary(overview: records.Overview) -> Content:
    if overview.last_visit is None:
        return Content("No visits yet.")
    times = "1 visit" if overview.visits == 1 else f"{overview.visits} visits"
    return Content(f"Last visit {day(overview.last_visit)}, {times} in all.")


def numbered(items: list[Content], empty: str) -> Content:
    if not items:
        return Content(empty)
    return Content("\n").join(Content.assemble(f"{n}. ", item) for n, item in enumerate(items, 1))


def activity_line(activity: records.PlannedActivity) -> Content:
    parts: list[Content | str | tuple[str, str]] = [literal(activity.text)]
    if activity.helpers:
        parts.append(("  with ", "$text-muted"))
        parts.append(Content(", ").join(literal(name) for name in activity.helpers))
    if STATUS_WORDS.get(activity.status):
        parts.append((f"  ({STATUS_WORDS[activity.status]})", "$text-muted"))
    return Content.assemble(*parts)


class OverviewScreen(AppScreen):
    TITLE = "Participant overview"
    KEYS = [("r", "Recovery Capital Scale"), ("esc", "Participants")]
    BINDINGS = [Binding("r", "scale", show=False)]

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
                    ("scale", "Recovery Capital Scale"),
                    ("focus", "Areas I want to grow"),
                    ("week", "This week"),
                ):
                    section = Static(id=section_id, classes="section")
                    section.border_title = heading
                    yield section
        yield from self.compose_keys()

    def on_screen_resume(self) -> None:
        overview = records.participant_overview(self.participant_id)
        agency = Content.assemble("Agency ID ", literal(overview.agency_id)) if overview.agency_id else Content("No agency ID")
        self.query_one("#name", Static).update(literal(overview.first_name))
        self.query_one("#details", Static).update(Content.assemble(agency, f"  ·  added {day(overview.added)}"))
        self.query_one("#visits", Static).update(visits_summary(overview))
        self.query_one("#scale", Static).update(scale_summary(overview))
        self.query_one("#focus", Static).update(
            numbered([literal(words) for words in overview.focus_areas], "None chosen yet.")
        )
        self.query_one("#week", Static).update(
            numbered([activity_line(a) for a in overview.this_week], "Nothing planned yet.")
        )

    def action_scale(self) -> None:
        self.app.push_screen(FormScreen(self.participant_id))
