"""A session as two people at one screen expect it, by keys only.

Visits follow the people (looking at someone else never ends one; the worker ends it
with a key; `c` takes today's visit up again or, when asked, starts another); people
are told apart (a first name already used is said before saving, rows sharing a name
show the day each was added) and can be changed; the overview's keys do what its bar says.
"""

from __future__ import annotations

import datetime as dt

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Input, OptionList

from recovery_tui import clock
from recovery_tui.store import records
from recovery_tui.store.models import Visit
from recovery_tui.ui.app import RecoveryApp
from recovery_tui.ui.screens.check_in import CheckInScreen
from recovery_tui.ui.screens.choice import ChoiceScreen
from recovery_tui.ui.screens.form import FormScreen
from recovery_tui.ui.screens.new_participant import NewParticipantScreen
from recovery_tui.ui.screens.overview import OverviewScreen, how_long
from recovery_tui.ui.screens.participants import ParticipantsScreen
from recovery_tui.ui.widgets.key_bar import KeyBar
from tests.ui_support import screen_text, type_text


@pytest.fixture
def dana(store):
    return records.create_participant("Dana", "K-2040")


def listed(app) -> list[str]:
    options = app.screen.query_one("#participants", OptionList)
    return [options.get_option_at_index(i).prompt.plain for i in range(options.option_count)]


def names_listed(app) -> list[str]:
    return [row.split("  ")[0] for row in listed(app)]


def bar(app) -> str:
    """The key bar as a person reads it."""
    return app.screen.query_one(KeyBar).render().plain


def flat(text: str) -> str:
    """Screen text as one line of words, borders left out: a question that wraps reads whole."""
    return " ".join(text.replace("│", " ").split())


def notes(app) -> list[str]:
    return [note.message for note in app._notifications]


def visits_of(person) -> list[Visit]:
    return list(Visit.select().where(Visit.participant == person.id).order_by(Visit.started))


async def open_participant(pilot, name: str) -> None:
    """From the participants list: find by typing, then open."""
    await type_text(pilot, name)
    await pilot.press("enter")
    assert isinstance(pilot.app.screen, OverviewScreen)


async def back_to_list(pilot) -> None:
    while not isinstance(pilot.app.screen, ParticipantsScreen):
        await pilot.press("escape")
    search = pilot.app.screen.query_one("#search", Input)
    search.value = ""  # as backspace would, quicker
    await pilot.pause()


# Visits follow the people ------------------------------------------------------------------


async def test_a_visit_survives_another_participant_and_a_restart(make_app, dana) -> None:
    eli = records.create_participant("Eli")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_participant(pilot, "dana")
        await pilot.press("c", "4", "tab")
        await type_text(pilot, "Went to my group")
        await back_to_list(pilot)
        await open_participant(pilot, "eli")
        await pilot.press("c", "2", "escape")  # Eli's own visit, side by side with Dana's
        [danas] = visits_of(dana)
        assert danas.ended is None  # looking at someone else never ends a visit
        await back_to_list(pilot)
        await open_participant(pilot, "dana")
        assert "Today's visit started at 15:30." in screen_text(app)
        await pilot.press("ctrl+q")

    again = RecoveryApp(cursor_blink=False)  # the app started again on the same store
    async with again.run_test(size=(80, 24)) as pilot:
        await open_participant(pilot, "dana")
        await pilot.press("c")
        assert isinstance(again.screen, CheckInScreen)
        text = screen_text(again)
        assert "● I'm doing pretty well" in text and "Went to my group" in text
        assert again.screen.visit_id == danas.id
    assert [v.id for v in visits_of(dana)] == [danas.id]
    assert visits_of(dana)[0].ended is None
    assert len(visits_of(eli)) == 1 and visits_of(eli)[0].ended is None


async def test_x_ends_todays_visit_and_says_how_long_it_lasted(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert "x End visit" not in bar(app)  # no visit open: the key is neither shown nor acts
        await pilot.press("x")
        assert visits_of(dana) == []
        await pilot.press("c", "escape")
        assert "x End visit" in bar(app)
        clock.set_now(clock.now() + dt.timedelta(minutes=45))
        await pilot.press("x")
        assert notes(app)[-1] == "Visit ended after 45 minutes."
        text = screen_text(app)
        assert "Today's visit started at 15:30 and ended at 16:15, after 45 minutes." in text
        assert "x End visit" not in bar(app)
    [visit] = visits_of(dana)
    assert visit.ended is not None and visit.ended - visit.started >= dt.timedelta(minutes=45)


@pytest.mark.parametrize(
    ("started", "ended", "words"),
    [
        (0, 30, "less than a minute"),
        (0, 60, "1 minute"),
        (0, 45 * 60, "45 minutes"),
        (0, 3600, "1 hour"),
        (0, 3600 + 5 * 60, "1 hour 5 minutes"),
        (0, 2 * 3600 + 60, "2 hours 1 minute"),
    ],
)
def test_a_visits_length_in_words(started: int, ended: int, words: str) -> None:
    start = dt.datetime(2026, 3, 4, 14, 0)
    assert how_long(start + dt.timedelta(seconds=started), start + dt.timedelta(seconds=ended)) == words


async def end_danas_visit_after_a_check_in(pilot) -> None:
    await pilot.press("enter", "c", "tab")
    await type_text(pilot, "Slept well")
    await pilot.press("escape")
    clock.set_now(clock.now() + dt.timedelta(minutes=20))
    await pilot.press("x")


async def test_c_after_the_visit_ended_can_take_it_up_again(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await end_danas_visit_after_a_check_in(pilot)
        await pilot.press("c")
        assert isinstance(app.screen, ChoiceScreen)
        text = screen_text(app)
        assert "Today's visit with Dana ended at 15:50." in text
        assert "r  Take it up again" in text and "n  Start a new visit" in text
        await pilot.press("r")
        assert isinstance(app.screen, CheckInScreen)
        assert "Slept well" in screen_text(app)
        await pilot.press("escape")
        assert "x End visit" in bar(app)
    [visit] = visits_of(dana)
    assert visit.ended is None


async def test_c_after_the_visit_ended_can_start_a_new_one(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await end_danas_visit_after_a_check_in(pilot)
        await pilot.press("c", "n")
        assert isinstance(app.screen, CheckInScreen)
        assert "Slept well" not in screen_text(app)
        await pilot.press("escape")
    first, second = visits_of(dana)
    assert first.ended is not None and second.ended is None
    assert records.check_in_of(first.id).went_well == "Slept well"


async def test_escape_from_the_question_starts_nothing(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await end_danas_visit_after_a_check_in(pilot)
        await pilot.press("c", "escape")
        assert isinstance(app.screen, OverviewScreen)
    [visit] = visits_of(dana)
    assert visit.ended is not None


async def test_the_note_of_an_ended_visit_shows_what_was_written_and_keeps_it_ended(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "n")
        await type_text(pilot, "Talked about work")
        await pilot.press("escape", "x", "n")
        assert "Talked about work" in screen_text(app)
        await type_text(pilot, ", and the bus pass")
        await pilot.press("escape")
    [visit] = visits_of(dana)
    assert visit.note == "Talked about work, and the bus pass"
    assert visit.ended is not None


async def test_the_visit_notes_marks_read_without_colour(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "n", "tab", "space", "tab", "space")
        text = screen_text(app)
        assert "[x] Advocacy" in text and "[ ] Ethical Responsibility" in text
        assert "[x] Support lines were shared during this visit" in text


# People are told apart ---------------------------------------------------------------------


async def test_a_first_name_already_used_is_asked_about_without_the_other_persons_details(make_app, store) -> None:
    records.create_participant("María", "CASE-0042")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")
        await type_text(pilot, "maria")
        await pilot.press("enter")
        assert isinstance(app.screen, NewParticipantScreen)
        text = screen_text(app)
        assert "There is already a participant named maria. Add another maria?" in text
        assert "Press enter or ctrl+s again to add them" in text
        assert "enter Yes, add another" in bar(app)
        for detail in ("CASE-0042", "María", "added", "4 Mar"):
            assert detail not in text
        assert len(records.find_participants("maria")) == 1  # nothing saved yet

        await pilot.press("ctrl+s")
        assert isinstance(app.screen, OverviewScreen)
    assert sorted(row.first_name for row in records.find_participants("maria")) == ["María", "maria"]


async def test_changing_the_name_after_the_question_asks_again_or_not_at_all(make_app, store) -> None:
    records.create_participant("Maria")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n", *"Maria", "enter")
        assert "There is already a participant named Maria." in screen_text(app)
        await pilot.press("space", "B", "enter")  # "Maria B": nobody else has it
        assert isinstance(app.screen, OverviewScreen)
    assert sorted(row.first_name for row in records.find_participants("maria")) == ["Maria", "Maria B"]


async def test_rows_sharing_a_first_name_show_the_day_each_was_added_never_the_agency_id(make_app, store) -> None:
    clock.set_now(dt.datetime(2026, 2, 10, 9, 0))
    records.create_participant("Maria", "K-1")
    clock.set_now(dt.datetime(2026, 3, 4, 15, 30))
    records.create_participant("MARIA", "K-2")
    records.create_participant("Sam", "K-3")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = listed(app)
        assert rows == [
            "Maria  added 10 Feb 2026  ·  no visits yet",
            "MARIA  added 4 Mar 2026  ·  no visits yet",
            "Sam  ·  no visits yet",
        ]
        assert "K-" not in screen_text(app)


async def test_escape_with_typed_text_asks_before_leaving(make_app, store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n", "escape")
        assert isinstance(app.screen, ParticipantsScreen)  # nothing typed: straight back

        await pilot.press("ctrl+n", *"Dee", "escape")
        assert isinstance(app.screen, ChoiceScreen)
        assert "Leave without saving?" in screen_text(app)
        await pilot.press("n")
        assert isinstance(app.screen, NewParticipantScreen)
        assert app.screen.query_one("#first-name", Input).value == "Dee"
        await pilot.press("escape", "y")
        assert isinstance(app.screen, ParticipantsScreen)
    assert records.find_participants() == []


async def test_name_and_agency_id_change_from_the_overview_with_the_forms_checks(make_app, dana) -> None:
    records.create_participant("Ana", "K-1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_participant(pilot, "dana")
        assert "i Name, ID, archive" in bar(app)
        await pilot.press("i")
        assert isinstance(app.screen, NewParticipantScreen)
        assert "Change name or agency ID" in screen_text(app)
        assert app.screen.query_one("#first-name", Input).value == "Dana"
        await pilot.press("tab", *["backspace"] * 6)
        await type_text(pilot, "K-1")
        await pilot.press("ctrl+s")
        assert "Agency ID is already used by another participant." in screen_text(app)
        assert isinstance(app.screen, NewParticipantScreen)
        assert records.get_participant(dana.id).agency_id == "K-2040"

        await pilot.press("backspace", "7", "shift+tab", *["backspace"] * 4)
        await type_text(pilot, "Dani")
        await pilot.press("enter")
        assert isinstance(app.screen, OverviewScreen)
        text = screen_text(app)
        assert "Dani" in text and "Agency ID K-7" in text
    person = records.get_participant(dana.id)
    assert (person.first_name, person.agency_id) == ("Dani", "K-7")


async def test_keeping_a_shared_name_while_changing_the_id_asks_nothing(make_app, dana) -> None:
    records.create_participant("Dana", "Z-1")  # listed after the first Dana
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "dana")
        await pilot.press("enter", "i", "tab", "backspace", "enter")
        assert isinstance(app.screen, OverviewScreen)
    assert records.get_participant(dana.id).agency_id == "K-204"


async def test_the_list_shows_everyone_after_an_add_and_after_a_change(make_app, dana) -> None:
    records.create_participant("Eli")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "el")
        assert names_listed(app) == ["Eli"]
        await pilot.press("ctrl+n", *"Zed", "enter")
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("escape")
        assert app.screen.query_one("#search", Input).value == ""
        assert names_listed(app) == ["Dana", "Eli", "Zed"]
        assert app.screen.query_one("#participants", OptionList).highlighted_option.prompt.plain.startswith("Zed")

        await type_text(pilot, "eli")
        await pilot.press("enter", "i", *["backspace"] * 3, *"Ely", "enter", "escape")
        assert isinstance(app.screen, ParticipantsScreen)
        assert app.screen.query_one("#search", Input).value == ""
        assert names_listed(app) == ["Dana", "Ely", "Zed"]


async def test_escape_from_a_change_keeps_the_search(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "da")
        await pilot.press("enter", "i", "escape", "escape")
        assert app.screen.query_one("#search", Input).value == "da"


@pytest.mark.parametrize(("typed", "found"), [("zoe", "Zoë"), ("emile", "Émile"), ("ozge", "ÖZGE")])
async def test_search_ignores_accents_and_case(make_app, store, typed: str, found: str) -> None:
    for name in ("Zoë", "Émile", "ÖZGE", "Sam"):
        records.create_participant(name)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, typed)
        assert names_listed(app) == [found]
        await pilot.press("enter")
        assert isinstance(app.screen, OverviewScreen)
        assert found in screen_text(app)


# The overview's keys -----------------------------------------------------------------------


def complete_a_scale(person) -> None:
    response = records.start_response(person.id, records.SCALE)
    for number in range(1, 24):
        records.give_answer(response.id, number, 3)
    records.complete_response(response.id)


async def test_r_asks_before_a_second_scale_the_same_day(make_app, dana) -> None:
    complete_a_scale(dana)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "r")
        assert isinstance(app.screen, ChoiceScreen)
        assert "Dana completed the Recovery Capital Scale today. Start another?" in flat(screen_text(app))
        await pilot.press("n")
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("r", "y")
        assert isinstance(app.screen, FormScreen)


async def test_r_on_a_later_day_starts_the_scale_at_once(make_app, dana) -> None:
    complete_a_scale(dana)
    clock.set_now(clock.now() + dt.timedelta(days=1))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "r")
        assert isinstance(app.screen, FormScreen)


async def test_the_overview_scrolls_by_keys_and_says_so_only_when_it_can(make_app, dana) -> None:
    for n in range(6):
        records.add_activity(dana.id, f"Activity {n}")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert "↓↑ Scroll" in bar(app)
        assert "Activity 5" not in screen_text(app)
        await pilot.press("pagedown")
        assert "Activity 5" in screen_text(app)
        assert app.screen.query_one("#overview", VerticalScroll).scroll_y > 0
        await pilot.press("up", "up")
        await pilot.press("home")
        assert app.screen.query_one("#overview", VerticalScroll).scroll_y == 0
        await pilot.press("c", "escape", "down")  # back from a form: the arrows still scroll
        assert app.screen.query_one("#overview", VerticalScroll).scroll_y > 0

    async with make_app().run_test(size=(160, 60)) as pilot:
        await pilot.press("enter")
        assert "Scroll" not in bar(pilot.app)  # everything fits: nothing to scroll


async def test_the_participants_bar_shows_opening_with_someone_listed_and_moving_with_two(make_app, store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Open" not in bar(app) and "Move" not in bar(app)
        await pilot.press("ctrl+n", *"Ana", "enter", "escape")
        assert "enter Open" in bar(app) and "Move" not in bar(app)  # one row: nowhere to move to
        await pilot.press("ctrl+n", *"Bo", "enter", "escape")
        assert "enter Open" in bar(app) and "↓↑ Move" in bar(app)
        await type_text(pilot, "zz")
        assert "Open" not in bar(app)


async def test_the_check_in_bar_follows_focus(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "c")
        assert "1-5 How I feel" in bar(app)
        await pilot.press("tab")
        assert "1-5" not in bar(app) and "type Write" in bar(app)
        await pilot.press("shift+tab")
        assert "1-5 How I feel" in bar(app)
