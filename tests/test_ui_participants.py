"""Keys-only tests of the participants, new-participant and overview screens."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from recovery_tui.store import records
from recovery_tui.store.database import close_store, open_store
from recovery_tui.ui.app import RecoveryApp
from recovery_tui.ui.screens.new_participant import NewParticipantScreen
from recovery_tui.ui.screens.overview import OverviewScreen
from recovery_tui.ui.screens.participants import ParticipantsScreen
from tests.ui_support import add_participant, screen_text, type_text


def listed(app) -> list[str]:
    options = app.screen.query_one("#participants", OptionList)
    return [options.get_option_at_index(i).prompt.plain.split("  ·  ")[0] for i in range(options.option_count)]


async def test_first_screen_is_usable_at_once_with_search_focused(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, ParticipantsScreen)
        assert app.focused is app.screen.query_one("#search", Input)
        assert "No participants yet. Press ctrl+n to add the first person." in screen_text(app)
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, NewParticipantScreen)
        assert app.focused.id == "first-name"


async def test_add_three_find_open_quit_and_find_all_again(make_app, settings) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for name in ("Émile", "ÖZGE", "Ляля"):
            await add_participant(pilot, name)
            assert isinstance(app.screen, OverviewScreen)
            assert name in screen_text(app)
            await pilot.press("escape")
        assert sorted(listed(app)) == sorted(["Émile", "ÖZGE", "Ляля"])

        await type_text(pilot, "özg")
        assert listed(app) == ["ÖZGE"]
        await pilot.press("enter")
        assert isinstance(app.screen, OverviewScreen)
        assert "ÖZGE" in screen_text(app) and "Émile" not in screen_text(app)
        await pilot.press("ctrl+q")
    assert app.return_code == 0

    close_store(__import__("recovery_tui.store.models", fromlist=["x"]).database_proxy.obj)
    open_store(settings)
    again = RecoveryApp(cursor_blink=False)
    async with again.run_test(size=(80, 24)) as pilot:
        assert sorted(listed(again)) == sorted(["Émile", "ÖZGE", "Ляля"])
        await type_text(pilot, "ЛЯ")
        assert listed(again) == ["Ляля"]
        await pilot.press("backspace", "backspace")
        await type_text(pilot, "ÉMI")
        assert listed(again) == ["Émile"]


async def test_search_by_agency_id_and_move_down_to_open(make_app) -> None:
    records.create_participant("Ana", "K-100")
    records.create_participant("Bea", "K-200")
    records.create_participant("Cai")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert listed(app) == ["Ana", "Bea", "Cai"]
        await pilot.press("down", "down", "up", "enter")
        assert isinstance(app.screen, OverviewScreen)
        assert "Bea" in screen_text(app) and "K-200" in screen_text(app)
        await pilot.press("escape")
        await type_text(pilot, "k-2")
        assert listed(app) == ["Bea"]
        await type_text(pilot, "x")
        assert listed(app) == []
        assert "Nobody matches “k-2x”" in screen_text(app)


async def test_archived_participants_are_not_listed(make_app) -> None:
    kept = records.create_participant("Ana")
    gone = records.create_participant("Anna")
    records.archive_participant(gone.id)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert listed(app) == ["Ana"]
        await type_text(pilot, "ann")
        assert listed(app) == []
    assert records.get_participant(kept.id).archived is None


async def test_new_participant_shows_errors_inline_and_saves_nothing_bad(make_app) -> None:
    records.create_participant("Ana", "K-1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n", "enter")
        assert isinstance(app.screen, NewParticipantScreen)
        assert "First name is required." in screen_text(app)

        await type_text(pilot, "x" * 80)
        assert "First name is required." not in screen_text(app)
        await pilot.press("tab")
        await type_text(pilot, "K-1")
        await pilot.press("enter")
        assert "Agency ID is already used by another participant." in screen_text(app)
        assert isinstance(app.screen, NewParticipantScreen)
        assert app.focused.id == "agency-id"  # the first field in error

        await pilot.press("backspace", "enter")
        assert isinstance(app.screen, OverviewScreen)
        assert "x" * 80 in screen_text(app).replace("\n", "").replace(" ", "")  # wrapped, not cut
    saved = {row.first_name: records.get_participant(row.id).agency_id for row in records.find_participants()}
    assert saved == {"Ana": "K-1", "x" * 80: "K-"}


async def test_escape_cancels_a_new_participant(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n", *"Dee", "escape")
        assert "Leave without saving?" in screen_text(app)  # typed words are not dropped silently
        await pilot.press("y")
        assert isinstance(app.screen, ParticipantsScreen)
    assert records.find_participants() == []


async def test_f1_shows_this_screens_keys_and_escape_returns_with_nothing_lost(make_app) -> None:
    records.create_participant("Ana")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "an")
        await pilot.press("f1")
        text = screen_text(app)
        assert "Keys: Participants" in text and "ctrl+n  New participant" in text
        await pilot.press("escape")
        assert isinstance(app.screen, ParticipantsScreen)
        assert app.screen.query_one("#search", Input).value == "an"
        assert listed(app) == ["Ana"]
        await pilot.press("enter", "f1")
        assert "Keys: Participant overview" in screen_text(app)
        await pilot.press("f1")
        assert isinstance(app.screen, OverviewScreen)


async def test_escape_on_home_stays_home(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, ParticipantsScreen)


async def test_every_key_shown_on_the_key_bar_exists(make_app) -> None:
    """No dead keys: each screen's listed keys are bound on that screen or the app."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        records.create_participant("Ana")
        screens = [ParticipantsScreen, NewParticipantScreen, OverviewScreen]
        bound = {b.key for b in app.BINDINGS}
        for screen in screens:
            # every class's own, as Textual merges them
            inherited = [b for cls in screen.__mro__ for b in cls.__dict__.get("BINDINGS", [])]
            keys = {b.key if hasattr(b, "key") else b[0] for b in inherited} | bound | {"tab", "enter", "type", "↓↑"}
            for key, _ in screen.KEYS:
                name = {"esc": "escape"}.get(key, key)
                assert name in keys, f"{screen.__name__} shows {key} but binds nothing to it"
        await pilot.press("f1")
        assert "ctrl+q" in screen_text(app)
