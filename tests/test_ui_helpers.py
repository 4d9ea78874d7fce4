"""Who will help me, by keys only: add, change and archive people; never deleted."""

from __future__ import annotations

import uuid

import pytest
from textual.app import App, ComposeResult
from textual.widgets import OptionList, Select, Static

from recovery_tui.store import records
from recovery_tui.store.validation import RELATIONSHIPS
from recovery_tui.ui.screens.choice import ChoiceScreen
from recovery_tui.ui.screens.helper_form import HelperFormScreen
from recovery_tui.ui.screens.helpers import HelpersScreen
from recovery_tui.ui.screens.keys import KeysScreen
from recovery_tui.ui.screens.overview import OverviewScreen
from recovery_tui.ui.widgets.key_bar import KeyBar
from tests.ui_support import screen_text, type_text


@pytest.fixture
def dana(store):
    return records.create_participant("Dana")


def listed(app) -> list[str]:
    """The people on the list, as their first lines read."""
    options = app.screen.query_one("#helpers", OptionList)
    if not options.display:
        return []
    return [options.get_option_at_index(i).prompt.plain.split("\n")[0] for i in range(options.option_count)]


async def choose(pilot, word: str) -> None:
    """On the relationship field: open the list, type to jump to the word, enter chooses it."""
    assert pilot.app.focused.id == "relationship"
    await pilot.press("enter")
    await type_text(pilot, word)
    await pilot.press("enter")
    await pilot.pause()


async def add_helper(pilot, name: str, relationship: str, phone: str = "", notes: str = "") -> None:
    """From the people list: a, then every field in turn, enter in the last one saves."""
    await pilot.press("a")
    assert isinstance(pilot.app.screen, HelperFormScreen)
    assert pilot.app.focused.id == "name"
    await type_text(pilot, name)
    await pilot.press("tab")
    await choose(pilot, relationship)
    await pilot.press("tab")
    await type_text(pilot, phone)
    await pilot.press("tab")
    await type_text(pilot, notes)
    await pilot.press("enter")
    await pilot.pause()


async def open_helpers(pilot) -> None:
    await pilot.press("enter", "w")
    assert isinstance(pilot.app.screen, HelpersScreen)


def error_of(app, field: str) -> str:
    error = app.screen.query_one(f"#{field}-error", Static)
    return str(error.render()) if error.display else ""


async def test_w_on_the_overview_opens_an_empty_list_that_says_what_to_do(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_helpers(pilot)
        text = screen_text(app)
        assert "Who will help me" in text
        assert "The people Dana can turn to" in text
        assert "No one yet. Press a to add someone who will help." in text
        assert "archived" not in text
        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)


async def test_add_three_people_by_keys(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_helpers(pilot)
        await add_helper(pilot, "Mo", "sponsor", "555-0101", "Call after 6")
        await add_helper(pilot, "Aunt Ré", "family", "+44 (20) 7946 0958")
        await add_helper(pilot, "Harbor group", "recovery group")
        assert isinstance(app.screen, HelpersScreen)
        assert listed(app) == [
            "Mo  ·  sponsor  ·  555-0101",
            "Aunt Ré  ·  family  ·  +44 (20) 7946 0958",
            "Harbor group  ·  recovery group",
        ]
        assert "Call after 6" in screen_text(app)
        assert "No one yet" not in screen_text(app)
        assert app.focused is app.screen.query_one("#helpers", OptionList)
        assert app.screen.query_one("#helpers", OptionList).highlighted == 2  # the one just added
    saved = [(h.name, h.relationship, h.phone, h.notes) for h in records.helpers_of(dana.id)]
    assert saved == [
        ("Mo", "sponsor", "555-0101", "Call after 6"),
        ("Aunt Ré", "family", "+44 (20) 7946 0958", ""),
        ("Harbor group", "recovery group", "", ""),
    ]


@pytest.mark.parametrize("word", RELATIONSHIPS)
async def test_every_relationship_can_be_chosen_by_typing(make_app, dana, word) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_helpers(pilot)
        await add_helper(pilot, "Kim", word)
    [helper] = records.helpers_of(dana.id)
    assert helper.relationship == word


async def test_relationship_list_moves_by_arrow_keys_too(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_helpers(pilot)
        await pilot.press(
            "a", *"Jo", "tab", "enter", "down", "down", "down", "enter"
        )  # not chosen yet, sponsor, family, partner
        assert app.screen.query_one("#relationship", Select).value == "partner"
        assert app.focused.id == "relationship"
        await pilot.press("tab", "enter")
        assert isinstance(app.screen, HelpersScreen)
    assert [h.relationship for h in records.helpers_of(dana.id)] == ["partner"]


async def test_every_problem_is_shown_at_once_under_its_field(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_helpers(pilot)
        await pilot.press("a", "tab", "tab")
        await type_text(pilot, "call me maybe")
        await pilot.press("enter")
        assert isinstance(app.screen, HelperFormScreen)
        text = screen_text(app)
        assert "Name is required." in text
        assert "Choose a relationship: enter opens the list." in text
        assert "That does not look like a phone number" in text
        assert error_of(app, "notes") == ""
        assert app.focused.id == "name"  # the first field in error

        await type_text(pilot, "Mo")
        assert "Name is required." not in screen_text(app)  # typing clears that field's error only
        assert "Choose a relationship" in screen_text(app)
        await pilot.press("enter")
        assert error_of(app, "name") == ""
        assert app.focused.id == "relationship"

        await choose(pilot, "friend")
        assert error_of(app, "relationship") == ""
        await pilot.press("enter", "escape")  # the list opened by enter closes with escape; the form stays
        assert isinstance(app.screen, HelperFormScreen)
        await pilot.press("tab", "enter")
        assert app.focused.id == "phone"
        assert "That does not look like a phone number" in error_of(app, "phone")
    assert records.helpers_of(dana.id, include_archived=True) == []


@pytest.mark.parametrize(
    ("phone", "accepted"),
    [("555-01", True), ("12", False), ("(555) 010-0101 ext. 2", True), ("1" * 21, False), ("988", True)],
)
async def test_phone_is_checked_and_stored_as_typed(make_app, dana, phone, accepted) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_helpers(pilot)
        await add_helper(pilot, "Lee", "friend", phone)
        assert isinstance(app.screen, HelpersScreen if accepted else HelperFormScreen)
        if not accepted:
            assert "That does not look like a phone number" in screen_text(app)
    assert [h.phone for h in records.helpers_of(dana.id)] == ([phone] if accepted else [])


async def test_escape_cancels_and_saves_nothing(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_helpers(pilot)
        await pilot.press("a", *"Mo", "tab")
        await choose(pilot, "sponsor")
        await pilot.press("escape")
        assert isinstance(app.screen, ChoiceScreen)  # words typed: leaving asks first
        assert "Leave without saving?" in screen_text(app)
        await pilot.press("y")
        assert isinstance(app.screen, HelpersScreen)
        assert listed(app) == []
    assert records.helpers_of(dana.id, include_archived=True) == []


async def test_enter_changes_a_person_with_the_fields_filled_in(make_app, dana) -> None:
    records.create_helper(dana.id, "Mo", "sponsor", "555-0101", "Evenings")
    second = records.create_helper(dana.id, "Ray", "friend", "555 0102")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_helpers(pilot)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, HelperFormScreen)
        assert "Change this person's details" in screen_text(app)
        assert app.focused.id == "name"
        assert app.screen.query_one("#name").value == "Ray"
        assert app.screen.query_one("#relationship", Select).value == "friend"
        assert app.screen.query_one("#phone").value == "555 0102"
        await type_text(pilot, "mond")
        await pilot.press("tab")
        await choose(pilot, "peer")
        await pilot.press("tab", "backspace", "backspace", "tab")
        await type_text(pilot, "Lives next door")
        await pilot.press("enter")
        assert isinstance(app.screen, HelpersScreen)
        assert listed(app) == ["Mo  ·  sponsor  ·  555-0101", "Raymond  ·  peer worker  ·  555 01"]
        assert app.screen.query_one("#helpers", OptionList).highlighted == 1
    changed = records.get_helper(second.id)
    assert (changed.name, changed.relationship, changed.phone, changed.notes) == (
        "Raymond",
        "peer worker",
        "555 01",
        "Lives next door",
    )
    assert len(records.helpers_of(dana.id, include_archived=True)) == 2


async def test_changing_other_fields_keeps_line_breaks_in_notes(make_app, dana) -> None:
    helper = records.create_helper(dana.id, "Mo", "sponsor", "", "Evenings\nnot Sundays")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_helpers(pilot)
        await pilot.press("enter", "tab", "tab")
        await type_text(pilot, "555 0101")
        await pilot.press("enter")
        assert isinstance(app.screen, HelpersScreen)
    assert (records.get_helper(helper.id).phone, records.get_helper(helper.id).notes) == (
        "555 0101",
        "Evenings\nnot Sundays",
    )


async def test_archive_asks_first_and_no_or_escape_keeps_the_person(make_app, dana) -> None:
    records.create_helper(dana.id, "Mo", "sponsor")
    ray = records.create_helper(dana.id, "Ray", "friend")
    records.create_helper(dana.id, "Sol", "counselor")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_helpers(pilot)
        await pilot.press("down", "delete")
        assert isinstance(app.screen, ChoiceScreen)
        words = " ".join(screen_text(app).replace("│", " ").split())  # the question wraps inside its box
        assert "Take Ray off my list? They stay in the plans they were part of." in words
        await pilot.press("n")
        assert isinstance(app.screen, HelpersScreen)
        await pilot.press("delete", "escape")
        assert isinstance(app.screen, HelpersScreen)
        await pilot.press("delete", "x")  # any other key leaves the question open
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")
        assert [name.split("  ")[0] for name in listed(app)] == ["Mo", "Ray", "Sol"]
        assert records.get_helper(ray.id).archived is None

        await pilot.press("delete", "y")
        assert isinstance(app.screen, HelpersScreen)
        assert [name.split("  ")[0] for name in listed(app)] == ["Mo", "Sol"]
        assert "1 person taken off this list still shows in past plans." in screen_text(app)
        assert app.screen.query_one("#helpers", OptionList).highlighted == 1  # the cursor stays where it was

        await pilot.press("delete", "y", "delete", "y")
        assert listed(app) == []
        text = screen_text(app)
        assert "No one yet. Press a to add someone who will help." in text
        assert "3 people taken off this list still show in past plans." in text
        await pilot.press("delete", "enter")  # nothing to archive or change: nothing happens
        assert isinstance(app.screen, HelpersScreen)
    everyone = records.helpers_of(dana.id, include_archived=True)
    assert [h.name for h in everyone] == ["Mo", "Ray", "Sol"]  # never deleted
    assert all(h.archived is not None for h in everyone)
    assert records.helpers_of(dana.id) == []


async def test_only_this_participants_people_are_listed(make_app, dana) -> None:
    other = records.create_participant("Eli")
    records.create_helper(other.id, "Eli's sponsor", "sponsor")
    records.create_helper(dana.id, "Mo", "sponsor")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"dana")
        await open_helpers(pilot)
        assert listed(app) == ["Mo  ·  sponsor"]
        assert "Eli" not in screen_text(app)


HOSTILE = [
    ("[bold]Jo[/", "[bold]Jo[/"),
    ("Al\x1b[2J", "Al[2J"),
    ("Sam 🧡🏳️‍🌈", "Sam 🧡🏳️‍🌈"),
    ("مريم", "مريم"),
    ("\u202eevil", "evil"),
]


@pytest.mark.parametrize(("entered", "shown"), HOSTILE, ids=[repr(e)[:16] for e, _ in HOSTILE])
async def test_hostile_text_in_every_field_is_shown_literally(make_app, dana, entered, shown) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_helpers(pilot)
        await pilot.press("a")
        await type_text(pilot, entered)  # typed; pasted when it holds controls or non-ASCII
        await pilot.press("tab")
        await choose(pilot, "other")
        await pilot.press("tab")
        await type_text(pilot, f"555 {entered}")
        await pilot.press("tab")
        await type_text(pilot, f"notes {entered} [/red]")
        await pilot.press("enter")
        assert app.focused.id == "phone"  # a phone holds digits and a few signs, nothing else
        assert "That does not look like a phone number" in screen_text(app)
        assert f"555 {shown}" in screen_text(app)  # what was typed, shown literally in the field
        await pilot.press("ctrl+u")
        await type_text(pilot, "555 0101")
        await pilot.press("enter")
        assert isinstance(app.screen, HelpersScreen)
        text = screen_text(app)
        assert f"{shown}  ·  other  ·  555 0101" in text
        assert f"notes {shown} [/red]" in text
        assert "\x1b" not in text and "\u202e" not in text
        await pilot.press("delete")
        assert f"Take {shown} off my list?" in screen_text(app)
    [helper] = records.helpers_of(dana.id, include_archived=True)
    assert (helper.name, helper.notes) == (shown, f"notes {shown} [/red]")


class Host(App[None]):
    """Any screen that pushes the form, as the weekly plan does, and keeps what it answers."""

    def __init__(self, participant_id: uuid.UUID, helper_id: uuid.UUID | None = None) -> None:
        super().__init__()
        self.participant_id = participant_id
        self.helper_id = helper_id
        self.answers: list[uuid.UUID | None] = []

    def compose(self) -> ComposeResult:
        yield Static("the plan")

    def on_mount(self) -> None:
        self.ask()

    def ask(self) -> None:
        self.push_screen(HelperFormScreen(self.participant_id, self.helper_id), self.answers.append)


async def test_the_form_as_a_modal_answers_with_the_new_persons_id(dana) -> None:
    host = Host(dana.id)
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(host.screen, HelperFormScreen)
        await type_text(pilot, "Mo")
        await pilot.press("tab")
        await choose(pilot, "sponsor")
        await pilot.press("enter")  # enter on the relationship opens its list again
        await pilot.press("escape", "tab", "enter")
        await pilot.pause()
        assert not isinstance(host.screen, HelperFormScreen)
        [saved] = records.helpers_of(dana.id)
        assert host.answers == [saved.id]

        host.ask()
        await pilot.pause()
        await pilot.press(*"Ray", "escape", "y")
        await pilot.pause()
        assert host.answers == [saved.id, None]
    assert [h.name for h in records.helpers_of(dana.id, include_archived=True)] == ["Mo"]


async def test_the_form_as_a_modal_answers_with_the_changed_persons_id(dana) -> None:
    mo = records.create_helper(dana.id, "Mo", "sponsor")
    host = Host(dana.id, mo.id)
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("backspace", "backspace", *"Maureen", "enter")
        await pilot.pause()
        assert host.answers == [mo.id]
    assert records.get_helper(mo.id).name == "Maureen"


async def test_keys_are_listed_on_screen_and_by_f1(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert ("w", "Who will help me") in OverviewScreen.KEYS
        await pilot.press("enter")
        assert "w Who will help me" in screen_text(app)
        await pilot.press("w")
        text = screen_text(app)
        assert isinstance(app.screen, HelpersScreen)
        shown = app.screen.keys()
        for key, words in shown:
            assert f"{key} {words}" in text
        await pilot.press("f1")
        assert isinstance(app.screen, KeysScreen)
        assert "Keys: Who will help me" in screen_text(app)
        await pilot.press("escape", "a")
        assert isinstance(app.screen, HelperFormScreen)
        assert "enter Save" in screen_text(app) and "esc Cancel" in screen_text(app)
        await pilot.press("tab")
        assert "enter Open the list" in screen_text(app) and "ctrl+s Save" in screen_text(app)
        await pilot.press("enter")
        shown = app.screen.query_one("#helper-keys", KeyBar).keys  # the open list covers part of the bar
        assert ("type", "Jump to a word") in shown and ("esc", "Close the list") in shown
        await pilot.press("escape")
        assert isinstance(app.screen, HelperFormScreen)
        assert "enter Open the list" in screen_text(app)
        await pilot.press("f1")
        assert isinstance(app.screen, KeysScreen)
        assert "Keys: Add someone who will help" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, HelperFormScreen)
        await pilot.press("f2")
        assert "988" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, HelperFormScreen)


def test_every_key_on_the_helpers_screen_is_bound() -> None:
    bound = {b.key for b in HelpersScreen.BINDINGS} | {"escape", "enter", "↓↑"}
    for key, _ in HelpersScreen.KEYS:
        assert {"esc": "escape"}.get(key, key) in bound, key
    assert "w" in {b.key for b in OverviewScreen.BINDINGS}
