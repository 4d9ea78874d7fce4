"""Case: a number key answers a Recovery Capital Scale statement.

Timed from the key to the frame that shows the answer committed (its own SQLite
transaction) and the next statement highlighted. The floor is a printable key typed
into the floor app's Input. Rounds of the two alternate, each in a fresh app, so that
machine noise falls on both.
"""

from __future__ import annotations

import itertools
import string
from collections.abc import Callable

from floor import FloorApp
from textual.widgets import Input
from timing import Timings, alternate, throwaway_store, time_keys

from recovery_tui.store import records
from recovery_tui.ui.app import RecoveryApp
from recovery_tui.ui.screens.form import FormScreen

NAME = "answer a statement"
TARGETS = {"wall": 1.25, "cpu": 2.0}  # at most these times the floor's median wall and CPU per key
SIZE = (80, 24)
PER_ROUND = 20
WARM_UP = 2  # answers 1-2 are sent untimed; 3-22 are timed; never the 23rd, which completes the form


async def floor_round(gap: float) -> Timings:
    app = FloorApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = app.query_one(Input)
        assert app.focused is field

        def until() -> Callable[[], bool]:
            before = len(field.value)
            return lambda: len(field.value) > before

        keys = [(c, c) for c in string.ascii_lowercase[: WARM_UP + PER_ROUND]]
        timings = await time_keys(app, keys, until, WARM_UP, gap)
        assert field.value == "".join(c for c, _ in keys), field.value
    return timings


async def app_round(participant_id: object, gap: float) -> Timings:
    values = list(itertools.islice(itertools.cycle("54321"), WARM_UP + PER_ROUND))
    app = RecoveryApp(cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FormScreen) and screen.current == 1 and not screen.answers, (
            "enter, r did not open a fresh scale form"
        )

        def until() -> Callable[[], bool]:
            before = screen.current
            return lambda: screen.current != before

        timings = await time_keys(app, [(v, v) for v in values], until, WARM_UP, gap)
        assert app.screen is screen and screen.current == len(values) + 1
    draft = records.current_draft(participant_id, records.SCALE)
    assert draft is not None
    assert records.answers_of(draft.id) == {n: int(v) for n, v in enumerate(values, 1)}, (
        "the answers were not all stored"
    )
    records.discard_draft(draft.id)  # the next round starts a fresh form
    return timings


async def run(samples: int, gap: float = 0.0) -> dict[str, Timings]:
    rounds = max(1, -(-samples // PER_ROUND))
    with throwaway_store():
        dana = records.create_participant("Dana")
        results = await alternate(rounds, lambda: floor_round(gap), lambda: app_round(dana.id, gap))
    return results
