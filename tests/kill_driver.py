"""Run the real app headless and answer the scale without end, reporting each answer once it is drawn.

Used by test_kill_reliability.py, which kills this process with SIGKILL at a
random moment. Each stdout line "RESPONSE_ID STATEMENT VALUE" is printed only
after the screen shows the answer, that is, after it was committed.
"""

from __future__ import annotations

import asyncio
import random
import sys
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import OptionList

from recovery_tui.config import load_settings
from recovery_tui.store.database import open_store
from recovery_tui.ui.app import RecoveryApp
from recovery_tui.ui.screens.choice import ChoiceScreen
from recovery_tui.ui.screens.form import FormScreen
from recovery_tui.ui.screens.overview import OverviewScreen
from recovery_tui.ui.screens.participants import ParticipantsScreen


async def until(pilot: Pilot[None], ready: Callable[[], bool]) -> None:
    """Wait for a screen to be ready for the next key (a busy machine can be slow to get there)."""
    while not ready():
        await pilot.pause(0.05)


async def answer_forever(seed: int) -> None:
    chooser = random.Random(seed)
    app = RecoveryApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:

        def listed() -> bool:
            return isinstance(app.screen, ParticipantsScreen) and app.screen.query_one(OptionList).option_count > 0

        await until(pilot, listed)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, OverviewScreen))
        while True:
            await pilot.press("r")
            await until(pilot, lambda: not isinstance(app.screen, OverviewScreen))
            if isinstance(app.screen, ChoiceScreen):  # a scale was completed today: start another
                await pilot.press("y")
                await until(pilot, lambda: not isinstance(app.screen, ChoiceScreen))
            screen = app.screen
            if not isinstance(screen, FormScreen):  # a draft killed after its last answer completes on opening
                await pilot.press("escape")
                await until(pilot, lambda: isinstance(app.screen, OverviewScreen))
                continue
            print("ready", flush=True)
            while app.screen is screen:
                number = screen.current
                key = chooser.choice("0123455")
                await pilot.press(key)
                if number in screen.answers and screen.response_id is not None:
                    value = screen.answers[number]
                    print(screen.response_id, number, "declined" if value is None else value, flush=True)
            await pilot.press("escape")  # from the summary back to the overview; r starts a new one


def main() -> None:
    data_dir, seed = sys.argv[1], int(sys.argv[2])
    open_store(load_settings(data_dir=data_dir))
    asyncio.run(answer_forever(seed))


if __name__ == "__main__":
    main()
