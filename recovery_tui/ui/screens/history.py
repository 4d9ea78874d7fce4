"""The participant's history, in parts reached by keys: scores over time, two scales side by side,
check-ins, weekly plans and areas to grow.

Each part is read when it is first shown, in a worker thread, so that a long history never holds
up a key; what has been read is kept while the screen is open.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Static
from textual.worker import Worker, WorkerState

from recovery_tui.content.instruments import Instrument
from recovery_tui.store import records, validation
from recovery_tui.store.errors import StoreError
from recovery_tui.ui.looks import look_of
from recovery_tui.ui.screens import history_parts as words
from recovery_tui.ui.screens.base import AppScreen, in_thread
from recovery_tui.ui.screens.date_choice import DateChoiceScreen
from recovery_tui.ui.text import day, literal
from recovery_tui.ui.widgets.hanging import Hanging
from recovery_tui.ui.widgets.score_chart import ScoreChart

PARTS = {  # part: (key, name in the bar, name in the title)
    "scores": ("s", "Scores", "Scores over time"),
    "side": ("t", "Two scales", "Two scales side by side"),
    "check-ins": ("c", "Check-ins", "Check-ins"),
    "plans": ("p", "Plans", "Weekly plans"),
    "areas": ("a", "Areas to grow", "Areas to grow over time"),
}
HISTORY_WORKERS = "history"

Pair = tuple[uuid.UUID, uuid.UUID]


class HistoryScreen(AppScreen):
    BINDINGS = [
        *(Binding(key, f"show_part('{part}')", show=False) for part, (key, _, _) in PARTS.items()),
        Binding("f", "since_start", show=False),
        Binding("d", "choose_dates", show=False),
    ]

    def __init__(self, participant_id: uuid.UUID, first_name: str) -> None:
        super().__init__()
        self.participant_id = participant_id
        self.first_name = first_name
        self.part = "scores"
        self.asked: set[str] = set()  # parts read or being read
        self.drawn: set[str] = set()  # parts whose reading is on screen
        self.points: list[records.ScalePoint] = []  # the completed scales, oldest first, once read
        self.chosen: Pair | None = None  # two scales chosen by date; None: the latest two, or first and latest
        self.since_start = False
        self.form: Instrument = validation.instrument(records.SCALE)

    @property
    def heading(self) -> str:
        return f"History · {PARTS[self.part][2]} · {self.first_name}"  # a long name is cut short, not the part

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with ContentSwitcher(initial=self.part):
            for part in PARTS:
                with VerticalScroll(id=part, classes="history-part"):
                    yield Static("Loading…", classes="history-text")
        yield from self.compose_keys()

    def screen_keys(self) -> list[tuple[str, str]]:
        # The part shown has no key of its own, unless reading it failed: its key tries again.
        keys = [(key, name) for part, (key, name, _) in PARTS.items() if part != self.part or part not in self.asked]
        if self._can_choose():
            latest_two = self.since_start or self.chosen is not None
            keys += [("f", "Latest two" if latest_two else "Since we started"), ("d", "Choose dates")]
        if self.is_mounted and self._shown().show_vertical_scrollbar:
            keys.append(("↓↑", "Scroll"))
        return [*keys, ("esc", "Overview")]

    def _can_choose(self) -> bool:
        return self.part == "side" and len(self.points) >= 2 and "side" in self.asked

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"since_start", "choose_dates"}:
            return self._can_choose()
        return True

    def _shown(self) -> VerticalScroll:
        return self.query_one(f"#{self.part}", VerticalScroll)

    def on_mount(self) -> None:
        for shown in self.query(".history-part").results(VerticalScroll):
            self.watch(shown, "show_vertical_scrollbar", lambda _: self.refresh_keys(), init=False)
        self.action_show_part(self.part)

    def on_screen_resume(self) -> None:
        self._shown().focus()  # ↓↑ scroll the part shown
        super().on_screen_resume()

    def action_show_part(self, part: str) -> None:
        self.part = part
        self.query_one(ContentSwitcher).current = part
        self.query_one(".screen-title", Static).update(self.heading)
        self._shown().focus()
        if part not in self.asked:
            self.asked.add(part)
            self._read(part, self._reader(part))
        self.refresh_keys()

    def _reader(self, part: str) -> Callable[[], object]:
        person = self.participant_id
        readers: dict[str, Callable[[], object]] = {
            "scores": partial(records.scale_history, person),
            "side": partial(self._read_side, person, self.chosen, self.since_start),
            "check-ins": partial(records.check_in_history, person),
            "plans": partial(records.plan_history, person),
            "areas": partial(records.focus_history, person),
        }
        return readers[part]

    @staticmethod
    def _read_side(
        person: uuid.UUID, chosen: Pair | None, since_start: bool
    ) -> tuple[list[records.ScalePoint], records.SideBySide | None]:
        points = records.scale_history(person)
        if chosen is None and len(points) >= 2:
            earlier = points[0] if since_start else points[-2]
            chosen = (earlier.response_id, points[-1].response_id)
        return points, None if chosen is None else records.side_by_side(person, *chosen)

    # Reading in a worker thread, drawing on the app's own ---------------------------------

    def _read(self, part: str, reader: Callable[[], object]) -> None:
        self.run_worker(  # a newer read of the same part replaces an older one still going
            partial(in_thread, reader),
            name=part,
            group=f"{HISTORY_WORKERS} {part}",
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker: Worker[Any] = event.worker
        if not worker.group.startswith(HISTORY_WORKERS) or not self.is_attached:
            return
        part = worker.name
        if worker.state == WorkerState.SUCCESS:
            await self._fill(part, self._draw(part, worker.result))
        elif worker.state == WorkerState.ERROR:
            self.asked.discard(part)  # its key reads it again
            if part == "side":
                self.chosen = None  # a pair that could not be read is not tried again and again
            if not isinstance(worker.error, StoreError):
                raise worker.error  # type: ignore[misc]  # the app's last resort: calm words, a log without content
            self.notify(str(worker.error), title="Could not open", severity="error", markup=False)
            key = PARTS[part][0]
            words = f"This part could not be read just now. Press {key} to try again."
            await self._fill(part, [Static(words, markup=False)])

    async def _fill(self, part: str, widgets: list[Widget]) -> None:
        shown = self.query_one(f"#{part}", VerticalScroll)
        self.drawn.discard(part)
        await shown.remove_children()
        await shown.mount_all(widgets)
        shown.scroll_home(animate=False)
        self.drawn.add(part)
        self.refresh_keys()

    def _draw(self, part: str, result: Any) -> list[Widget]:
        if part == "scores":
            return self._draw_scores(result)
        if part == "side":
            return self._draw_side(*result)
        if part == "areas":
            return self._draw_areas(result)
        if part == "check-ins":
            return [Static(words.check_ins(result, look_of(self.app)), classes="history-text")]
        return [Static(words.plan_weeks(result), classes="history-text")]

    def _draw_scores(self, points: list[records.ScalePoint]) -> list[Widget]:
        self.points = points
        form = self.form
        if not points:
            return [Static("No completed scale yet. Press r on the overview to fill one in together.")]
        if len(points) == 1:
            return [Static(words.only_one_scale(form, points[0]), classes="history-text")]
        return [
            ScoreChart(points, form.min_total or 0, form.max_total or 0),
            Static(words.scores_sentence(form, points, look_of(self.app)), classes="history-text"),
            Static(words.scales_list(form, points), classes="history-text"),
        ]

    def _draw_side(self, points: list[records.ScalePoint], pair: records.SideBySide | None) -> list[Widget]:
        self.points = points
        if pair is None:
            if not points:
                return [Static("No completed scale yet. Press r on the overview to fill one in together.")]
            return [Static(words.only_one_scale(self.form, points[0]), classes="history-text")]
        since_start = self.chosen is None and self.since_start
        heading = Static(words.side_by_side_heading(self.form, pair, since_start), classes="history-text")
        return [
            heading,
            *(Hanging(number, text, "history-row") for number, text in words.statement_rows(self.form, pair)),
        ]

    def _draw_areas(self, sets: list[records.FocusSet]) -> list[Widget]:
        if not sets:
            return [Static("No areas to grow chosen yet.")]
        drawn: list[Widget] = []
        for focus_set in sets:
            drawn.append(Static(words.focus_set_heading(focus_set), classes="history-heading", markup=False))
            drawn += [Hanging(f"{rank}. ", literal(area)) for rank, area in enumerate(focus_set.areas, 1)]
        return drawn

    # Choosing the two scales ------------------------------------------------------------

    def _reread_side(self) -> None:
        self.asked.add("side")
        self._read("side", self._reader("side"))

    def action_since_start(self) -> None:
        self.since_start = self.chosen is None and not self.since_start
        self.chosen = None
        self._reread_side()

    def action_choose_dates(self) -> None:
        newest_first = list(reversed(self.points))  # as the list shows them, whatever is read meanwhile
        dates = [(day(p.date), words.point_words(self.form, p)) for p in newest_first]
        self.app.push_screen(DateChoiceScreen("Which scale first?", dates), partial(self._first_chosen, newest_first))

    def _first_chosen(self, newest_first: list[records.ScalePoint], index: int | None) -> None:
        if index is None:
            return
        first = newest_first[index]
        others = [p for p in newest_first if p is not first]
        dates = [(day(p.date), words.point_words(self.form, p)) for p in others]
        question = f"Set {day(first.date)} beside which?"
        self.app.push_screen(
            DateChoiceScreen(question, dates), partial(self._second_chosen, newest_first, first, others)
        )

    def _second_chosen(
        self,
        newest_first: list[records.ScalePoint],
        first: records.ScalePoint,
        others: list[records.ScalePoint],
        index: int | None,
    ) -> None:
        if index is None:
            return
        later, earlier = sorted((first, others[index]), key=newest_first.index)
        self.chosen = (earlier.response_id, later.response_id)
        self._reread_side()
