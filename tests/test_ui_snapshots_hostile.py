"""The worst of the hostile corpus at 80x24 (issue 17): a right-to-left name with joined emoji, a
100,000-character check-in, markup, escapes, stacked marks and double-width letters. Each snapshot was
looked at before it was accepted.

Update with `pytest tests/test_ui_snapshots_hostile.py --snapshot-update`, then look again.
"""

from __future__ import annotations

import datetime as dt

from recovery_tui import clock
from recovery_tui.store import records
from tests.hostile_corpus import BY_ID, LONG
from tests.test_ui_snapshots_history import pressing

NAME = "مريم 🧡🏳️‍🌈 Sam"  # right to left, then emoji joined by zero-width joiners, then left to right
FOCUSES = ["markup", "zalgo", "wide", "emoji-joiners", "osc"]  # before today's long one, newest first


def worst_case() -> None:
    """A participant whose every field holds something hostile; today's check-in 100,000 characters,
    the five before it a day apart."""
    now = clock.now()
    person = records.create_participant(NAME, BY_ID["markup"].line[:16])
    helper = records.create_helper(person.id, BY_ID["bidi-mixed"].line, "friend", "555-0101", BY_ID["zalgo"].text)
    records.choose_focus_areas(
        person.id, [records.FocusChoice(None, BY_ID[key].text) for key in ("unbalanced-markup", "zalgo", "wide")]
    )
    for key in ("ansi-csi", "markup-actions", "emoji-joiners"):
        records.add_activity(person.id, BY_ID[key].text, None, (helper.id,))
    for days_ago, text in reversed(list(enumerate([LONG, *(BY_ID[key].text for key in FOCUSES)]))):
        clock.set_now(now - dt.timedelta(days=days_ago))
        visit = records.start_or_resume_visit(person.id)
        records.save_check_in(visit.id, feeling=days_ago % 5 + 1, focus=text)
        if days_ago:
            records.end_visit(visit.id)
    clock.set_now(now)


def test_overview_with_a_100000_character_check_in(snap_compare, make_app) -> None:
    worst_case()
    assert snap_compare(make_app(), run_before=pressing("enter"), terminal_size=(80, 24))


def test_take_home_preview(snap_compare, make_app) -> None:
    worst_case()
    assert snap_compare(make_app(), run_before=pressing("enter", "e"), terminal_size=(80, 24))


def test_history_check_ins(snap_compare, make_app) -> None:
    worst_case()
    assert snap_compare(make_app(), run_before=pressing("enter", "h", "c"), terminal_size=(80, 24))
