"""At the screen, a key waits briefly for another program's write (an import, a second kiosk)
and then saves: opening a participant, answering and checking in all land once the other writer
is done, within the app's wait."""

from __future__ import annotations

from test_store_faults import hold_write_lock
from ui_support import screen_text

from recovery_tui.store import records
from recovery_tui.store.models import CheckIn, Response, Visit
from recovery_tui.ui.screens.check_in import CheckInScreen
from recovery_tui.ui.screens.form import FormScreen
from recovery_tui.ui.screens.overview import OverviewScreen


async def test_keys_pressed_while_another_program_writes_are_saved_once_it_is_done(make_app, store) -> None:
    records.create_participant("Dana")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        holder = hold_write_lock(store.sqlite_path, 1.0)
        await pilot.press("enter")  # opening only reads: it does not wait
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("r", "5")  # the answer waits for the lock, then is saved
        assert isinstance(app.screen, FormScreen) and "Not saved" not in screen_text(app)
        holder.join()
        holder = hold_write_lock(store.sqlite_path, 1.0)
        await pilot.press("escape", "c", "4")
        assert isinstance(app.screen, CheckInScreen) and "Not saved" not in screen_text(app)
        holder.join()
    [response] = Response.select()
    assert records.answers_of(response.id) == {1: 5}
    assert Visit.select().count() == 1 and CheckIn.get().feeling == 4
