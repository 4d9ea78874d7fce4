"""The demo: its shipped records, the private folder it runs in, and the app on them."""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from jsonschema import Draft202012Validator

from recovery_tui import demo
from recovery_tui.assets import asset_path
from recovery_tui.config import APP_NAME, Settings
from recovery_tui.exchange.document import schema
from recovery_tui.exchange.json_import import import_document
from recovery_tui.store import records
from recovery_tui.store.database import close_store
from recovery_tui.store.models import database_proxy
from recovery_tui.ui.app import RecoveryApp
from recovery_tui.ui.screens.overview import OverviewScreen
from recovery_tui.ui.screens.participants import ParticipantsScreen
from tests.demo_data import PEOPLE, demo_document
from tests.ui_support import screen_text

DEMO_NAMES = {"Rosa", "Tomasz", "Amara", "Kenji", "Dana"}
# Words that label people instead of describing them; whole words and their forms ("addiction", "cleaner").
UNWELCOME = re.compile(r"\b(client|addict|clean|dirty|abuser)", re.IGNORECASE)


def shipped() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(asset_path("demo.json").read_text(encoding="utf-8"))
    return document


def texts_of(value: object) -> Iterator[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from texts_of(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts_of(item)


def summary(document: dict[str, Any]) -> list[tuple[object, ...]]:
    """What the generator decides about each participant, without ids or times."""
    return [
        (
            p["first_name"],
            p["agency_id"],
            len(p["visits"]),
            [r["total"] for r in p["responses"]],
            [(a["text"], a["status"]) for a in p["activities"]],
        )
        for p in document["participants"]
    ]


@pytest.fixture
def demo_settings(tmp_path: Path) -> Iterator[Settings]:
    settings = demo.prepare_demo(tmp_path / "demo")
    yield settings
    close_store(database_proxy.obj)


def test_shipped_demo_matches_the_json_schema() -> None:
    errors = [
        f"{list(e.absolute_path)}: {e.message[:200]}" for e in Draft202012Validator(schema()).iter_errors(shipped())
    ]
    assert not errors, errors


def test_shipped_demo_imports_cleanly_into_an_empty_store(store: Settings) -> None:
    assert records.find_participants() == []
    merged = import_document(shipped())
    assert merged.written["Participant"] == 5 and not merged.kept.get("Participant")
    people = records.find_participants()
    assert {p.first_name for p in people} == DEMO_NAMES
    for person in people:
        scales = records.completed_responses(person.id)
        assert len(scales) >= 2, person.first_name
        assert len(records.check_in_history(person.id)) >= 2, person.first_name


def test_shipped_demo_uses_person_first_words_and_fictional_phone_numbers() -> None:
    document = shipped()
    unwelcome = [text for text in texts_of(document) if UNWELCOME.search(text)]
    assert not unwelcome, unwelcome
    phones = [h["phone"] for p in document["participants"] for h in p["helpers"]]
    assert phones and all(re.fullmatch(r"555-01\d\d", phone) for phone in phones), phones


def test_the_word_check_would_catch_an_unwelcome_word() -> None:
    document = shipped()
    document["participants"][0]["visits"][0]["note"] = "The Client arrived early."
    assert any(UNWELCOME.search(text) for text in texts_of(document))


def test_the_generator_and_the_shipped_file_agree(store: Settings) -> None:
    built = demo_document()
    assert [p["first_name"] for p in built["participants"]] == [p["first_name"] for p in shipped()["participants"]]
    assert summary(built) == summary(shipped()), "run: .venv/bin/python -m tests.demo_data assets/demo.json"
    assert {person.first_name for person in PEOPLE} == DEMO_NAMES


def test_prepare_demo_never_touches_the_real_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "real"
    monkeypatch.setenv("RECOVERY_TUI_DATA_DIR", str(real / "data"))
    monkeypatch.setenv("RECOVERY_TUI_DATABASE", f"sqlite:///{real / 'elsewhere.sqlite3'}")
    monkeypatch.setenv("RECOVERY_TUI_PLANS_DIR", str(real / "plans"))
    own_folder = platformdirs.user_data_path(APP_NAME)
    assert str(own_folder).startswith(str(tmp_path))  # the autouse fixture's XDG_DATA_HOME
    folder = tmp_path / "demo"
    settings = demo.prepare_demo(folder)
    try:
        assert settings.data_dir == folder
        assert settings.sqlite_path == folder / "recovery.sqlite3" and settings.sqlite_path.is_file()
        assert settings.plans_folder.parent == folder
        assert (folder.stat().st_mode & 0o777) == 0o700
        assert {p.first_name for p in records.find_participants()} == DEMO_NAMES
    finally:
        close_store(database_proxy.obj)
    assert not own_folder.exists()
    assert not real.exists()


async def test_the_app_opens_on_the_demo_participants(demo_settings: Settings) -> None:
    app = RecoveryApp(settings=demo_settings, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, ParticipantsScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        text = screen_text(app)
        assert "Amara" in text  # first in the list, which is in order of first names
        assert "Recovery Capital Scale" in text
        assert "72 of 115" in text  # her latest scale


def _run_demo_with(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, run: Any) -> Path:
    """Point run_demo's temporary folder at ``tmp_path`` and its app at ``run``; returns where folders go."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.setattr(RecoveryApp, "run", run)
    return temporary


def test_run_demo_runs_the_app_on_a_private_folder_then_removes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[Path, int, set[str]]] = []

    def run(app: RecoveryApp) -> None:
        folder = app.settings.data_dir
        seen.append((folder, folder.stat().st_mode & 0o777, {p.first_name for p in records.find_participants()}))

    monkeypatch.setenv("RECOVERY_TUI_DATA_DIR", str(tmp_path / "real"))
    monkeypatch.setattr(RecoveryApp, "return_code", property(lambda app: 3))
    temporary = _run_demo_with(monkeypatch, tmp_path, run)
    assert demo.run_demo() == 3
    [(folder, mode, names)] = seen
    assert folder.parent == temporary and mode == 0o700 and names == DEMO_NAMES
    assert list(temporary.iterdir()) == []
    assert not (tmp_path / "real").exists()
    assert not platformdirs.user_data_path(APP_NAME).exists()


def test_run_demo_removes_its_folder_when_the_app_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def run(app: RecoveryApp) -> None:
        raise RuntimeError("the app stopped")

    temporary = _run_demo_with(monkeypatch, tmp_path, run)
    with pytest.raises(RuntimeError, match="the app stopped"):
        demo.run_demo()
    assert list(temporary.iterdir()) == []
    assert database_proxy.obj.is_closed()
