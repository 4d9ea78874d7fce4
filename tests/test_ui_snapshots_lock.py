"""The lock screen as a person sees it. Each snapshot was looked at before it was accepted.

Update with `pytest tests/test_ui_snapshots_lock.py --snapshot-update`, then look again.
"""

from __future__ import annotations

from recovery_tui.store import records
from recovery_tui.ui.app import RecoveryApp


def test_the_lock_screen_over_a_participants_scale_shows_nothing_of_it_80x24(snap_compare, store, frozen_clock) -> None:
    dana = records.create_worker("Dana", "supervisor", "2468")
    records.act_as(dana.id)
    records.create_worker("Lee", "peer", "1357")
    records.act_as(None)
    records.create_participant("Zoë")
    # Signed in, Zoë's scale three answers in, a wrong PIN typed at the lock.
    keys = ["2", "4", "6", "8", "enter", "enter", "r", "5", "4", "3", "ctrl+l", "1", "1", "1", "1", "enter"]
    app = RecoveryApp(cursor_blink=False, settings=store)
    assert snap_compare(app, press=keys, terminal_size=(80, 24))
