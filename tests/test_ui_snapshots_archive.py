"""Archived participants and erasing one, as a person sees them at 80x24. Each snapshot was looked at
before it was accepted.

Update with `pytest tests/test_ui_snapshots_archive.py --snapshot-update`, then look again.
"""

from __future__ import annotations

import datetime as dt

from recovery_tui import clock
from recovery_tui.store import records


async def three_archived(pilot) -> None:
    """Three people archived on three days, one with a name longer than a line."""
    start = clock.now()
    for days, name in (
        (0, "Ana"),
        (3, "Bartholomew-Alexander Wolfeschlegelsteinhausenbergerdorff the Third"),
        (9, "Zoë"),
    ):
        clock.set_now(start - dt.timedelta(days=days))
        records.archive_participant(records.create_participant(name).id)
    clock.set_now(start)


def test_archived_participants_80x24(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), press=["f3", "b"], terminal_size=(80, 24), run_before=three_archived)


def test_erase_asks_for_the_first_name_80x24(snap_compare, make_app) -> None:
    press = ["f3", "b", "e", "A", "n"]  # Ana first: the latest archived
    assert snap_compare(make_app(), press=press, terminal_size=(80, 24), run_before=three_archived)
