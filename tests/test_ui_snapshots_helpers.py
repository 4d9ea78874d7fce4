"""Who will help me as a person sees it at 80x24. Each snapshot was looked at before it was accepted.

Update with `pytest tests/test_ui_snapshots_helpers.py --snapshot-update`, then look again.
"""

from __future__ import annotations

from recovery_tui.store import records


def dana_and_her_people() -> None:
    dana = records.create_participant("Dana", "K-2040")
    records.create_helper(dana.id, "Mo", "sponsor", "555-0101", "Call after 6pm; not on Sundays")
    records.create_helper(
        dana.id,
        "Aunt Ré-Marguerite Okonkwo-Fitzgerald of the Tuesday Harbor Street group",
        "family",
        "+44 (20) 7946 0958 ext. 12",
        "Drives me to the Tuesday meeting. Knows about the plan and said to call any time, day or night.",
    )
    records.create_helper(dana.id, "[bold]Sam", "peer worker")
    gone = records.create_helper(dana.id, "Lee", "friend")
    records.archive_helper(gone.id)


def test_helpers_list_80x24(snap_compare, make_app) -> None:
    dana_and_her_people()
    assert snap_compare(make_app(), press=["enter", "w", "down"], terminal_size=(80, 24))


def test_helpers_empty_80x24(snap_compare, make_app) -> None:
    records.create_participant("Dana")
    assert snap_compare(make_app(), press=["enter", "w"], terminal_size=(80, 24))


def test_helper_form_with_errors_80x24(snap_compare, make_app) -> None:
    dana_and_her_people()
    press = ["enter", "w", "a", "tab", "tab", *"call me", "enter"]
    assert snap_compare(make_app(), press=press, terminal_size=(80, 24))


def test_helper_form_changing_a_person_80x24(snap_compare, make_app) -> None:
    dana_and_her_people()
    assert snap_compare(make_app(), press=["enter", "w", "down", "enter", "tab"], terminal_size=(80, 24))


def test_helper_form_relationship_list_open_80x24(snap_compare, make_app) -> None:
    dana_and_her_people()
    assert snap_compare(make_app(), press=["enter", "w", "a", *"Jo", "tab", "enter", "f"], terminal_size=(80, 24))
