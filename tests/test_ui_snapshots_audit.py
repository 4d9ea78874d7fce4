"""The audit log as a supervisor sees it at 80x24, after typing their PIN again. It was looked at before
it was accepted.

Update with `pytest tests/test_ui_snapshots_audit.py --snapshot-update`, then look again.
"""

from __future__ import annotations

import datetime as dt

from recovery_tui.store import records
from recovery_tui.store.models import AuditEvent

PIN = "4821"
PARTICIPANT = "3f9a1c2e-5b7d-4e1f-9a2c-6d8e0f1b3c5a"  # fixed ids, so that the lines read the same each run
VISIT, CHECK_IN, FORM, ACTIVITY = (
    "7d4e2b90-1111-4a4a-8b8b-000000000001",
    "c02f77d1-2222-4a4a-8b8b-000000000002",
    "51c7e9a0-3333-4a4a-8b8b-000000000003",
    "8b21d0e4-4444-4a4a-8b8b-000000000004",
)


async def a_morning_then_the_log(pilot) -> None:
    """Dana (a supervisor with a PIN) and a peer worker with a long name; a morning's events written
    with fixed times and ids; Dana signed in opens the log: f3, l, her PIN again."""
    dana = records.create_worker("Dana Okafor", "supervisor", PIN)
    records.act_as(dana.id)
    sam = records.create_worker("Samantha Featherstonehaugh-Whitfield", "peer")
    events = [
        ((3, 17, 40), dana.id, "lock", "worker", str(dana.id)),
        ((3, 17, 45), dana.id, "quit", "app", None),
        ((4, 9, 2), dana.id, "backup", "store", None),
        ((4, 14, 35), None, "failed unlock", "worker", str(sam.id)),
        ((4, 14, 36), sam.id, "sign in", "worker", str(sam.id)),
        ((4, 14, 37), sam.id, "view", "participant", PARTICIPANT),
        ((4, 14, 38), sam.id, "create", "visit", VISIT),
        ((4, 14, 40), sam.id, "create", "check_in", CHECK_IN),
        ((4, 14, 41), sam.id, "create", "response", FORM),
        ((4, 14, 50), sam.id, "change", "response", FORM),
        ((4, 14, 55), sam.id, "create", "activity", ACTIVITY),
        ((4, 15, 10), sam.id, "export", "take-home plan", PARTICIPANT),
        ((4, 15, 12), sam.id, "export", "printed plan", PARTICIPANT),
    ]
    with records.transaction():
        for (day, hour, minute), worker, action, record_type, record_id in events:
            at = dt.datetime(2026, 3, day, hour, minute)
            AuditEvent.create(worker=worker, at=at, action=action, record_type=record_type, record_id=record_id)
    for key in ("f3", "l", *PIN, "enter"):
        await pilot.press(key)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # the log is read in a worker
    await pilot.pause()


def test_audit_log_after_the_pin_again_80x24(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), run_before=a_morning_then_the_log, terminal_size=(80, 24))
