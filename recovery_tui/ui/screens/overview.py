"""What exists about one participant today, laid out for two people to read together."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from recovery_tui import clock
from recovery_tui.content.checkin_words import checkin_words
from recovery_tui.security import clean_line
from recovery_tui.store import records
from recovery_tui.store.errors import StoreError
from recovery_tui.ui.looks import Look, look_of
from recovery_tui.ui.screens.base import AppScreen, store_errors
from recovery_tui.ui.screens.check_in import CheckInScreen
from recovery_tui.ui.screens.choice import ChoiceScreen, if_yes
from recovery_tui.ui.screens.focus_areas import FocusAreasScreen
from recovery_tui.ui.screens.form import FormScreen
from recovery_tui.ui.screens.helpers import HelpersScreen
from recovery_tui.ui.screens.history import HistoryScreen
from recovery_tui.ui.screens.new_participant import NewParticipantScreen
from recovery_tui.ui.screens.plan_week import PlanWeekScreen
from recovery_tui.ui.screens.review_week import ReviewWeekScreen
from recovery_tui.ui.screens.take_home import TakeHomeScreen
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
        text += f"\nUnfinished, from {day(started)}: {answered} answered."
        return Content.assemble(text, (" Press r to carry on.", "dim"))
    return Content(text)


def how_long(started: dt.datetime, ended: dt.datetime) -> str:
    """A visit's length in words: 'less than a minute', '45 minutes', '1 hour 5 minutes'."""
    seconds = (ended - started).total_seconds()
    if seconds < 60:
        return "less than a minute"
    hours, minutes = divmod(round(seconds / 60), 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


def visits_summary(overview: records.Overview) -> Content:
    times = "1 visit" if overview.visits == 1 else f"{overview.visits} visits"
    visit = overview.today
    if visit is not None:
        if visit.ended is None:
            lines = [f"Today's visit started at {time_of_day(visit.started)}. {times.capitalize()} in all."]
        else:
            lines = [
                f"Today's visit started at {time_of_day(visit.started)} and ended at {time_of_day(visit.ended)},"
                f" after {how_long(visit.started, visit.ended)}. {times.capitalize()} in all."
            ]
        if visit.support_lines_shared:
            lines.append("Support lines were shared.")
        text = Content("\n".join(lines))
        if visit.ended is not None:
            text = Content.assemble(text, ("\nPress c to take it up again or to start another.", "dim"))
        return text
    if overview.last_visit is None:
        return Content.assemble("No visits yet.", (" Press c to start today's check-in.", "dim"))
    last = f"Last visit {day(overview.last_visit)}, {times} in all."
    return Content.assemble(last, (" Press c to start today's.", "dim"))


def check_in_summary(overview: records.Overview, look: Look) -> Content:
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
            feeling_chart([f.value for f in overview.feelings], look),
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
        ("r", "Scale"),
        ("a", "Areas to grow"),
        ("p", "Weekly plan"),
        ("w", "Who will help me"),
        ("h", "History"),
        ("e", "Take-home"),
        ("n", "Visit note"),
        ("x", "End visit"),
        ("i", "Name, ID, archive"),
        ("↓↑", "Scroll"),
        ("esc", "Participants"),
    ]
    BINDINGS = [
        Binding("c", "check_in", show=False),
        Binding("p", "plan", show=False),
        Binding("a", "areas", show=False),
        Binding("r", "scale", show=False),
        Binding("n", "visit_note", show=False),
        Binding("w", "helpers", show=False),
        Binding("h", "history", show=False),
        Binding("e", "take_home", show=False),
        Binding("x", "end_visit", show=False),
        Binding("i", "change_details", show=False),
    ]

    def __init__(self, participant_id: uuid.UUID) -> None:
        super().__init__()
        self.participant_id = participant_id
        self.overview: records.Overview | None = None  # as last read, for the key bar and the questions

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
                    ("week", "My plan this week"),
                ):
                    section = Static(id=section_id, classes="section")
                    section.border_title = heading
                    yield section
        yield from self.compose_keys()

    def screen_keys(self) -> list[tuple[str, str]]:
        """``x`` only while today's visit is open, ``↓↑`` only when there is more than fits."""
        hidden = set()
        if not self._visit_open():
            hidden.add("x")
        if not self.is_mounted or not self.query_one("#overview", VerticalScroll).show_vertical_scrollbar:
            hidden.add("↓↑")
        return [(key, words) for key, words in self.KEYS if key not in hidden]

    def _visit_open(self) -> bool:
        today = None if self.overview is None else self.overview.today
        return today is not None and today.ended is None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "end_visit":
            return self._visit_open()  # otherwise the key is not shown, and does nothing
        return True

    def on_mount(self) -> None:
        scroll = self.query_one("#overview", VerticalScroll)
        scroll.focus()
        self.watch(scroll, "show_vertical_scrollbar", lambda _: self.refresh_keys(), init=False)
        with contextlib.suppress(StoreError):  # opened once, audited once; a line not written never keeps it shut
            records.note_opened(self.participant_id)

    @store_errors("Could not open", leave=True)
    def on_screen_resume(self) -> None:
        if self.left_for_good:
            return  # erased: on its way off the stack, with nothing left to read
        self.query_one("#overview", VerticalScroll).focus()  # ↓↑ scroll, whatever had focus before
        self.show(records.participant_overview(self.participant_id))

    def show(self, overview: records.Overview) -> None:
        self.overview = overview
        agency = (
            Content.assemble("Agency ID ", literal(overview.agency_id))
            if overview.agency_id
            else Content("No agency ID")
        )
        self.query_one("#name", Static).update(literal(overview.first_name))
        self.query_one("#details", Static).update(Content.assemble(agency, f"  ·  added {day(overview.added)}"))
        self.query_one("#visits", Static).update(visits_summary(overview))
        self.query_one("#check-in", Static).update(check_in_summary(overview, look_of(self.app)))
        self.query_one("#scale", Static).update(scale_summary(overview))
        self.query_one("#focus", Static).update(
            numbered([literal(words) for words in overview.focus_areas], "None chosen yet.")
        )
        self.query_one("#week", Static).update(week_summary(overview))
        self.refresh_keys()

    @property
    def first_name(self) -> str:
        return "" if self.overview is None else clean_line(self.overview.first_name)

    # Visits: they follow the participant. Looking at someone else never ends or splits one.

    @store_errors("Could not open")
    def action_check_in(self) -> None:
        """Today's visit goes on; one the worker ended is taken up again, or a new one begun, as they choose."""
        today = records.todays_visit(self.participant_id)
        if today is None or today.ended is None:
            self.app.push_screen(CheckInScreen(records.start_or_resume_visit(self.participant_id).id))
            return
        self.app.push_screen(
            ChoiceScreen(
                f"Today's visit with {self.first_name} ended at {time_of_day(today.ended)}.",
                [("r", "Take it up again"), ("n", "Start a new visit")],
            ),
            self._check_in_after_choice,
        )

    @store_errors("Could not open")
    def _check_in_after_choice(self, key: str | None) -> None:
        if key == "r":
            visit = records.start_or_resume_visit(self.participant_id)
        elif key == "n":
            visit = records.start_another_visit(self.participant_id)
        else:
            return
        self.app.push_screen(CheckInScreen(visit.id))

    @store_errors("Could not open")
    def action_visit_note(self) -> None:
        """The note of today's visit, ended or not (a note is often written just after); a visit if none yet."""
        today = records.todays_visit(self.participant_id)
        visit = today if today is not None else records.start_or_resume_visit(self.participant_id)
        self.app.push_screen(VisitNoteScreen(visit.id))

    @store_errors("Not ended")
    def action_end_visit(self) -> None:
        today = records.todays_visit(self.participant_id)
        if today is None or today.ended is not None:
            return
        records.end_visit(today.id)
        ended = records.get_visit(today.id)
        self.show(records.participant_overview(self.participant_id))
        self.notify(f"Visit ended after {how_long(ended.started, ended.ended or ended.started)}.", markup=False)

    # The participant's forms ------------------------------------------------------------------

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

    @store_errors("Could not open")
    def action_scale(self) -> None:
        """An unfinished scale is carried on; a second one the same day is started only when asked for."""
        done = records.completed_responses(self.participant_id)
        draft = records.current_draft(self.participant_id, records.SCALE)
        if draft is not None or not done or done[0].date != clock.today():
            self.app.push_screen(FormScreen(self.participant_id))
            return
        self.app.push_screen(
            ChoiceScreen(
                f"{self.first_name} completed the Recovery Capital Scale today. Start another?",
                [("y", "Yes, start another"), ("n", "No, not now")],
            ),
            if_yes(lambda: self.app.push_screen(FormScreen(self.participant_id))),
        )

    def action_helpers(self) -> None:
        self.app.push_screen(HelpersScreen(self.participant_id))

    def action_history(self) -> None:
        self.app.push_screen(HistoryScreen(self.participant_id, self.first_name))

    def action_take_home(self) -> None:
        self.app.push_screen(TakeHomeScreen(self.participant_id))

    def action_change_details(self) -> None:
        self.app.push_screen(NewParticipantScreen(participant_id=self.participant_id))
