"""The supervisor's self-assessment summary as a supervisor sees it at 80x24: the areas to develop and
the seed's advice, never a total. It was looked at before it was accepted.

Update with `pytest tests/test_ui_snapshots_self_assessment.py --snapshot-update`, then look again.
"""

from __future__ import annotations

from recovery_tui.store import records
from recovery_tui.ui.screens.self_assessments import SelfAssessmentsScreen


async def _fill_in(pilot) -> None:
    """Open My self-assessments (the worker menu's key is another screen's) and answer all eleven."""
    await pilot.pause()
    pilot.app.push_screen(SelfAssessmentsScreen())
    await pilot.pause()
    await pilot.press("n", *"52314245153")  # 2, 4, 6 and 9 rated 1 or 2
    await pilot.pause()


def test_self_assessment_summary_80x24(snap_compare, make_app) -> None:
    sam = records.create_worker("Sam", "supervisor", "1234")  # the clock is frozen by make_app
    assert records.sign_in(sam.id, "1234").right
    assert snap_compare(make_app(), run_before=_fill_in, terminal_size=(80, 24))
