"""Case: h on the overview opens the history with its chart drawn, for a long history.

The participant has 100 completed scales (every fifth with a statement declined), 200
check-ins and 100 weeks of plans, built through ``store.records`` as the app builds them.
Timed from the key to the frame that shows the scores chart, read in a worker thread. The
floor is the floor app opening a screen of its own (a header, a label and a footer) on a key
and closing it on escape, timed the same way: what any Textual screen costs to open.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from floor import FloorApp
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Label
from timing import Timings, alternate, throwaway_store, time_keys

from recovery_tui import clock
from recovery_tui.store import records
from recovery_tui.ui.app import RecoveryApp
from recovery_tui.ui.screens.history import HistoryScreen
from recovery_tui.ui.screens.overview import OverviewScreen
from recovery_tui.ui.widgets.score_chart import ScoreChart

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.history_data import long_history  # the tests' builder, from the checkout

NAME = "open the history (100 scales, 200 check-ins, 100 weeks)"
TARGETS = {"wall": 3.0, "cpu": 3.0}  # against the floor opening a screen of its own
LIMIT_MS = 150.0  # the history issue's own figure, whatever the floor
SIZE = (80, 24)
PER_ROUND = 10
WARM_UP = 1
POLL = 0.001  # seconds between looks for the chart, leaving the reading thread the interpreter


class FloorScreen(Screen[None]):
    BINDINGS = [Binding("escape", "dismiss", show=False)]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("A screen of the Textual floor")
        yield Footer()

    def on_mount(self) -> None:
        self.app.opened = True  # type: ignore[attr-defined]


class FloorWithScreen(FloorApp):
    BINDINGS = [Binding("f5", "open", show=False)]  # the floor's Input would take "h" as typing
    opened = False

    def action_open(self) -> None:
        self.push_screen(FloorScreen())


async def floor_round(gap: float) -> Timings:
    app = FloorWithScreen()
    timings = Timings()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for index in range(WARM_UP + PER_ROUND):
            app.opened = False
            one = await time_keys(app, [("f5", None)], lambda: lambda: app.opened, 0, gap, POLL)
            if index >= WARM_UP:
                timings.add(one)
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, FloorScreen)
    return timings


def chart_shown(app: RecoveryApp) -> Callable[[], bool]:
    return lambda: isinstance(app.screen, HistoryScreen) and "scores" in app.screen.drawn


async def app_round(gap: float) -> Timings:
    app = RecoveryApp(cursor_blink=False)
    timings = Timings()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen), "enter did not open the participant"
        for index in range(WARM_UP + PER_ROUND):
            one = await time_keys(app, [("h", "h")], lambda: chart_shown(app), 0, gap, POLL)
            assert isinstance(app.screen, HistoryScreen) and app.screen.query(ScoreChart), "no chart drawn"
            if index >= WARM_UP:
                timings.add(one)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, OverviewScreen)
    return timings


async def run(samples: int, gap: float = 0.0) -> dict[str, Timings]:
    rounds = max(1, -(-samples // PER_ROUND))
    with throwaway_store():
        dana = records.create_participant("Dana")
        long_history(dana.id, dt.date(2023, 1, 2), scales=100, check_ins=200, weeks=100)
        clock.set_now(None)
        assert len(records.scale_history(dana.id)) == 100
        results = await alternate(rounds, lambda: floor_round(gap), lambda: app_round(gap))
    return results
