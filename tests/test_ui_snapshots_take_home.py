"""The take-home plan as a person sees it, at 80x24 and 120x40. Each was looked at before it was accepted.

Update with `pytest tests/test_ui_snapshots_take_home.py --snapshot-update`, then look again.
"""

from __future__ import annotations

import pytest

from tests.test_take_home import someone
from tests.test_ui_snapshots_history import pressing

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_take_home_plan(snap_compare, make_app, size) -> None:
    someone()
    assert snap_compare(make_app(), run_before=pressing("enter", "e"), terminal_size=size)


def test_take_home_plan_with_the_score_put_in(snap_compare, make_app) -> None:
    someone()
    keys = pressing("enter", "e", "down", "down", "down", "down", "space")
    assert snap_compare(make_app(), run_before=keys, terminal_size=(120, 40))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_the_plan_as_a_qr_code(snap_compare, make_app, size) -> None:
    someone()
    assert snap_compare(make_app(), run_before=pressing("enter", "e", "q"), terminal_size=size)


def test_the_plan_large(snap_compare, make_app) -> None:
    someone()
    assert snap_compare(make_app(), run_before=pressing("enter", "e", "l", "right"), terminal_size=(80, 24))
