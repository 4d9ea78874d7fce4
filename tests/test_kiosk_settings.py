"""Kiosk mode and the idle lock, from the command line, the environment and the agency's config.toml."""

from __future__ import annotations

import pytest

from recovery_tui.cli import _parser
from recovery_tui.config import SettingsError, load_settings


def write_config(tmp_path, text: str) -> str:
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    (folder / "config.toml").write_text(text, encoding="utf-8")
    return str(folder)


def test_without_settings_there_is_no_kiosk_and_no_idle_lock(tmp_path) -> None:
    settings = load_settings(data_dir=str(tmp_path / "data"))
    assert not settings.kiosk and settings.idle_lock_minutes == 0


def test_kiosk_mode_locks_after_five_idle_minutes_unless_told_otherwise(tmp_path, monkeypatch) -> None:
    folder = str(tmp_path / "data")
    assert load_settings(data_dir=folder, kiosk=True).idle_lock_minutes == 5
    monkeypatch.setenv("RECOVERY_TUI_KIOSK", "1")
    assert load_settings(data_dir=folder).kiosk
    monkeypatch.setenv("RECOVERY_TUI_IDLE_LOCK_MINUTES", "0")
    assert load_settings(data_dir=folder).idle_lock_minutes == 0


def test_the_agency_config_file_sets_kiosk_and_the_idle_time_and_the_environment_wins(tmp_path, monkeypatch) -> None:
    folder = write_config(tmp_path, "kiosk = true\nidle_lock_minutes = 2.5\n")
    settings = load_settings(data_dir=folder)
    assert settings.kiosk and settings.idle_lock_minutes == 2.5
    monkeypatch.setenv("RECOVERY_TUI_IDLE_LOCK_MINUTES", "10")
    assert load_settings(data_dir=folder).idle_lock_minutes == 10
    write_config(tmp_path, "idle_lock_minutes = 3\n")  # an idle lock without kiosk mode
    monkeypatch.delenv("RECOVERY_TUI_IDLE_LOCK_MINUTES")
    settings = load_settings(data_dir=folder)
    assert not settings.kiosk and settings.idle_lock_minutes == 3


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("kiosk = yes\n", "not valid TOML"),
        ('kiosk = "true"\n', "kiosk must be true or false"),
        ("idle_lock_minutes = true\n", "idle_lock_minutes must be a number"),
        ("idle_lock_minutes = -1\n", "idle lock must be a number of minutes"),
        ("kiosk_mode = true\n", "unknown setting 'kiosk_mode'"),
    ],
)
def test_a_config_file_with_a_problem_says_which_and_why(tmp_path, text: str, words: str) -> None:
    folder = write_config(tmp_path, text)
    with pytest.raises(SettingsError, match=words) as raised:
        load_settings(data_dir=folder)
    assert "config.toml" in str(raised.value) or "idle lock" in str(raised.value)


def test_an_idle_time_in_the_environment_that_is_not_a_number_is_refused(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("RECOVERY_TUI_IDLE_LOCK_MINUTES", "soon")
    with pytest.raises(SettingsError, match="not 'soon'"):
        load_settings(data_dir=str(tmp_path / "data"))


def test_the_command_line_takes_kiosk() -> None:
    assert _parser().parse_args(["--kiosk"]).kiosk
    assert not _parser().parse_args([]).kiosk
