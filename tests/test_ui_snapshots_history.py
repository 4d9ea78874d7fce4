"""The history's parts as a person sees them, at 80x24 and 120x40. Each was looked at before it was accepted.

Update with `pytest tests/test_ui_snapshots_history.py --snapshot-update`, then look again.
"""

from __future__ import annotations

import pytest

from tests.test_history import dana  # noqa: F401  (the fixture: four scales, check-ins, a plan, areas)

SIZES = [(80, 24), (120, 40)]
PARTS = {"scores": [], "two scales": ["t"], "check-ins": ["c"], "plans": ["p"], "areas": ["a"]}


def pressing(*keys: str):
    """Press ``keys``, waiting after each for what it read in a worker to be drawn (snap_compare's
    own ``press`` does not wait for workers)."""

    async def run(pilot) -> None:
        for key in keys:
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return run


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("part", PARTS, ids=PARTS.keys())
def test_history_part(snap_compare, make_app, dana, part, size) -> None:  # noqa: F811
    assert snap_compare(make_app(), run_before=pressing("enter", "h", *PARTS[part]), terminal_size=size)


def test_history_date_list(snap_compare, make_app, dana) -> None:  # noqa: F811
    keys = pressing("enter", "h", "t", "d", "down")
    assert snap_compare(make_app(), run_before=keys, terminal_size=(80, 24))
