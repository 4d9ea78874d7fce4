"""The support-lines panel as a person sees it. Each snapshot was looked at before it was accepted.

Update with `pytest tests/test_ui_snapshots_support.py --snapshot-update`, then look again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from recovery_tui.store import records


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RECOVERY_TUI_SUPPORT_LINES", raising=False)


def test_support_lines_over_the_participants_list_80x24(snap_compare, make_app) -> None:
    records.create_participant("Ana")
    assert snap_compare(make_app(), press=["f2"], terminal_size=(80, 24))


def test_support_lines_over_the_scale_120x40(snap_compare, make_app) -> None:
    records.create_participant("Dana")
    assert snap_compare(make_app(), press=["enter", "r", "5", "4", "f2"], terminal_size=(120, 40))


def test_support_lines_with_a_problem_in_the_agency_file_80x24(snap_compare, store, frozen_clock, monkeypatch) -> None:
    from recovery_tui.ui.app import RecoveryApp

    monkeypatch.chdir(store.data_dir)  # the panel names the file: keep the name the same from run to run
    agency = Path("support-lines.toml")
    agency.write_text('[[lines]]\nname = "Harbor Warmline"\n', encoding="utf-8")
    assert snap_compare(
        RecoveryApp(cursor_blink=False, support_lines_file=agency), press=["f2"], terminal_size=(80, 24)
    )
