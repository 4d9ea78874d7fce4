"""Text that cannot hurt: hostile names typed, pasted and imported, shown literally everywhere."""

from __future__ import annotations

import uuid

import pytest
from textual.widgets import OptionList

from recovery_tui.exchange.json_export import export_document
from recovery_tui.exchange.json_import import import_document
from recovery_tui.store import records
from recovery_tui.ui.screens.new_participant import NewParticipantScreen
from recovery_tui.ui.screens.overview import OverviewScreen
from tests.ui_support import add_participant, screen_text, type_text

# (what is entered, what is kept and shown)
ACCEPTED = [
    ("[bold]", "[bold]"),
    ("[/", "[/"),
    ("[red]x[/red]", "[red]x[/red]"),
    ("Jo\x1b[2J", "Jo[2J"),
    ("Al\x1b]0;title\x07", "Al]0;title"),
    ("Nu\x00ll", "Null"),
    ("Sam 🧡🏳️‍🌈", "Sam 🧡🏳️‍🌈"),
    ("مريم", "مريم"),
    ("דנה", "דנה"),
    ("Zoe\u0308", "Zoë"),
    ("\u202eevil", "evil"),
    ("  Ana\t ", "Ana"),
    ("z̷̢a̵͈l̶g̸o", "z̷̢a̵͈l̶g̸o"),
]
REFUSED = [
    ("", "First name is required."),
    ("   ", "First name is required."),
    ("\x1b\x07\x00", "First name is required."),
]


def assert_harmless(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\x00" not in text


@pytest.mark.parametrize(("entered", "kept"), ACCEPTED, ids=[repr(e)[:20] for e, _ in ACCEPTED])
async def test_hostile_name_entered_by_keys_is_shown_literally(make_app, entered, kept) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await add_participant(pilot, entered)
        assert isinstance(app.screen, OverviewScreen)
        overview = screen_text(app)
        assert kept in overview
        assert_harmless(overview)
        await pilot.press("escape")
        home = screen_text(app)
        assert kept in home
        assert_harmless(home)
        options = app.screen.query_one("#participants", OptionList)
        assert options.option_count == 1
    assert [row.first_name for row in records.find_participants()] == [kept]


@pytest.mark.parametrize(("entered", "message"), REFUSED, ids=["empty", "blank", "controls"])
async def test_unusable_name_gets_a_clear_message_and_saves_nothing(make_app, entered, message) -> None:
    records.create_participant("Ana")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")
        if entered:
            await type_text(pilot, entered)
        await pilot.press("enter")
        assert isinstance(app.screen, NewParticipantScreen)
        assert message in screen_text(app)
    assert [row.first_name for row in records.find_participants()] == ["Ana"]


async def test_hostile_names_arriving_by_import_are_shown_literally(make_app) -> None:
    document = export_document()
    stamp = document["exported_at"]
    for entered, _ in ACCEPTED:
        document["participants"].append(
            {
                "id": str(uuid.uuid4()),
                "created": stamp,
                "updated": stamp,
                "first_name": entered,
                "agency_id": None,
                "archived": None,
                "helpers": [],
                "visits": [],
                "responses": [],
                "focus_areas": [],
                "activities": [],
            }
        )
    import_document(document)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for entered, kept in ACCEPTED:
            await pilot.press(*"x")  # replace the query: select all then type would be a key too
            await pilot.press("ctrl+a", "ctrl+k")
            await type_text(pilot, kept)
            home = screen_text(app)
            assert kept in home, entered
            assert_harmless(home)
            await pilot.press("enter")
            assert isinstance(app.screen, OverviewScreen)
            overview = screen_text(app)
            assert kept in overview
            assert_harmless(overview)
            await pilot.press("escape")


async def test_hostile_search_text_is_shown_literally(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "[red]nobody\x1b[2J")
        text = screen_text(app)
        assert "Nobody matches “[red]nobody[2J”" in text
        assert_harmless(text)


async def test_the_81st_character_is_not_added_and_a_note_says_so(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.press(*("y" * 81))
        assert app.focused.value == "y" * 80
        assert "At most 80 characters fit here; that key was not added." in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, OverviewScreen)
    assert [row.first_name for row in records.find_participants()] == ["y" * 80]


async def test_a_100000_character_paste_keeps_what_fits_says_so_and_loses_nothing_typed(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n", *"Ana")
        await type_text(pilot, "w" * 100_000)
        assert app.focused.value == "Ana" + "w" * 77
        assert "Kept 77 of 100000 characters; the rest was not added." in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, OverviewScreen)
    assert [row.first_name for row in records.find_participants()] == ["Ana" + "w" * 77]
