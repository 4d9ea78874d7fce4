"""The worker menu as a person sees it at 80x24. Each snapshot was looked at before it was accepted.

Update with `pytest tests/test_ui_snapshots_workers.py --snapshot-update`, then look again.
"""

from __future__ import annotations

from recovery_tui.store import records


async def dana_signed_in_and_sam(pilot) -> None:
    """Added once the app runs (a PIN set before it starts means a sign-in first): Dana, a supervisor
    with a PIN, signed in; Sam, a peer worker without one."""
    dana = records.create_worker("Dana Okafor", "supervisor", "4821")
    records.act_as(dana.id)
    records.create_worker("Sam", "peer")


def test_worker_menu_two_workers_80x24(snap_compare, make_app) -> None:
    press = ["f3", "down"]  # Sam highlighted: every key a signed-in supervisor has
    assert snap_compare(make_app(), press=press, terminal_size=(80, 24), run_before=dana_signed_in_and_sam)
