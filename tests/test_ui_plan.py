"""The weekly plan by keys: plan, look back a week later, carry over, and who helped."""

from __future__ import annotations

import datetime as dt

import pytest

from recovery_tui import clock
from recovery_tui.store import records
from recovery_tui.store.models import Activity
from recovery_tui.ui.screens.activity_form import ActivityFormScreen
from recovery_tui.ui.screens.overview import OverviewScreen
from recovery_tui.ui.screens.plan_week import PlanWeekScreen
from recovery_tui.ui.screens.review_week import ReviewWeekScreen
from tests.ui_support import screen_text, type_text

WEDNESDAY_MONDAY = dt.date(2026, 3, 2)  # the fixed clock is Wednesday 4 Mar 2026


@pytest.fixture
def dana(store, frozen_clock):
    person = records.create_participant("Dana")
    for name, relationship in (("Mo", "sponsor"), ("Aunt Ré", "family"), ("Jules", "peer worker")):
        records.create_helper(person.id, name, relationship)
    records.choose_focus_areas(person.id, [records.FocusChoice(17, ""), records.FocusChoice(None, "Walk more")])
    return person


async def plan(pilot, text: str, area_downs: int, helper_downs: int) -> None:
    """Add one activity: words, an area (downs in the drop-down), a helper (downs in the list)."""
    await pilot.press("a")
    assert isinstance(pilot.app.screen, ActivityFormScreen)
    await type_text(pilot, text)
    await pilot.press(
        "tab", "enter", *(["down"] * area_downs), "enter", "tab", *(["down"] * helper_downs), "space", "ctrl+s"
    )
    assert isinstance(pilot.app.screen, PlanWeekScreen)


async def test_plan_three_then_look_back_a_week_later_and_carry_one_over(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p")
        assert isinstance(app.screen, PlanWeekScreen)
        assert "My plan for the week of 2 Mar 2026" in screen_text(app)
        await plan(pilot, "Go to the Tuesday meeting", 1, 0)
        await plan(pilot, "Walk to the park [twice]", 2, 2)
        await plan(pilot, "Call about the bakery job", 1, 1)
        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)
        text = screen_text(app)
        assert "1. Go to the Tuesday meeting  with Mo" in text
        assert "2. Walk to the park [twice]  with Jules" in text
    planned = {a.text: a for a in records.activities_of_week(dana.id, WEDNESDAY_MONDAY)}
    assert planned["Walk to the park [twice]"].focus == "Walk more"
    assert planned["Call about the bakery job"].helpers == ("Aunt Ré",)
    assert all(a.week_of == WEDNESDAY_MONDAY for a in planned.values())

    records.archive_helper(records.helpers_of(dana.id)[1].id)  # Aunt Ré
    clock.set_now(clock.now() + dt.timedelta(days=7))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p")
        assert isinstance(app.screen, ReviewWeekScreen)
        assert "Looking back at the week of 2 Mar 2026" in screen_text(app)
        assert "Aunt Ré (archived)" in screen_text(app)  # still shown in the plan they were part of
        await pilot.press("d")
        await type_text(pilot, "Went twice")
        await pilot.press("enter", "p", "enter", "c", "enter")
        text = screen_text(app)
        assert "(done)" in text and "(partly done)" in text and "→ carried into this" in text
        await pilot.press("escape")
        assert isinstance(app.screen, PlanWeekScreen)
        assert "My plan for the week of 9 Mar 2026" in screen_text(app)
        assert "Call about the bakery job" in screen_text(app)
        await pilot.press("escape")
        assert "Week of 2 Mar 2026: 1 of 3 done, 1 partly." in screen_text(app)
    old = {a.text: a for a in records.activities_of_week(dana.id, WEDNESDAY_MONDAY)}
    assert [
        old[t].status for t in ("Go to the Tuesday meeting", "Walk to the park [twice]", "Call about the bakery job")
    ] == ["done", "partly", "not-yet"]
    assert old["Go to the Tuesday meeting"].review_note == "Went twice"
    [carried] = records.activities_of_week(dana.id, WEDNESDAY_MONDAY + dt.timedelta(days=7))
    assert carried.carried_from == old["Call about the bakery job"].id
    assert carried.helpers == ()  # Aunt Ré is archived: not carried into a new week
    assert records.get_helper(old["Call about the bakery job"].helper_ids[0]).name == "Aunt Ré"


async def test_carrying_twice_does_not_copy_twice(make_app, dana) -> None:
    records.add_activity(dana.id, "Call my sister")
    clock.set_now(clock.now() + dt.timedelta(days=7))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p", "c", "enter", "up", "c")
    assert Activity.select().count() == 2


async def test_a_week_holds_up_to_ten(make_app, dana) -> None:
    for n in range(10):
        records.add_activity(dana.id, f"Step {n + 1}")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p", "a", *"One more", "enter")
        assert "Text a week holds up to 10 activities." in screen_text(app)
        await pilot.press("escape", "y")
        assert "10 of up to 10 activities." in screen_text(app)
    assert Activity.select().count() == 10


async def test_change_and_take_out_an_activity(make_app, dana) -> None:
    records.add_activity(dana.id, "Walk")
    records.add_activity(dana.id, "Read")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p", "enter", "end", *" every morning", "enter")
        await pilot.press("down", "delete", "n")
        assert "Read" in screen_text(app)
        await pilot.press("delete", "y")
        assert "Read" not in screen_text(app)
    assert [a.text for a in records.activities_of_week(dana.id, WEDNESDAY_MONDAY)] == ["Walk every morning"]


async def test_empty_words_are_refused_with_a_message(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p", "a", "ctrl+s")
        assert "Text is required." in screen_text(app)
        assert isinstance(app.screen, ActivityFormScreen)
    assert Activity.select().count() == 0


@pytest.mark.parametrize(
    ("typed", "shown"), [("[bold]Run", "[bold]Run"), ("Call\x1b[2J mum", "Call[2J mum"), ("🧡 دعاء", "🧡 دعاء")]
)
async def test_hostile_words_are_shown_literally(make_app, dana, typed, shown) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p", "a")
        await type_text(pilot, typed)
        await pilot.press("enter")
        assert shown in screen_text(app) and "\x1b" not in screen_text(app)
        await pilot.press("escape")
        assert shown in screen_text(app)


async def test_no_earlier_plan_to_look_back_on(make_app, dana) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p", "l")
        assert "There is no earlier plan to look back on yet." in screen_text(app)


async def test_a_person_added_on_the_spot_without_leaving_the_plan(make_app, dana) -> None:
    from tests.test_ui_helpers import choose

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p", "a", *"Coffee after group", "ctrl+n")
        await type_text(pilot, "Rosa")
        await pilot.press("tab")
        await choose(pilot, "friend")
        await pilot.press("tab", "enter")  # enter in the phone field saves the person
        assert isinstance(app.screen, ActivityFormScreen)
        assert app.screen.query_one("#activity-text").value == "Coffee after group"  # nothing lost
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, PlanWeekScreen)
        assert "Coffee after group  with Rosa" in screen_text(app)
    [activity] = records.activities_of_week(dana.id, WEDNESDAY_MONDAY)
    assert activity.helpers == ("Rosa",)
    assert [h.name for h in records.helpers_of(dana.id)][-1] == "Rosa"


def some_plan(person) -> None:
    helpers = records.helpers_of(person.id)
    areas = records.current_focus_areas(person.id)
    records.add_activity(person.id, "Go to the Tuesday meeting", areas[0].id, (helpers[0].id,))
    records.add_activity(person.id, "Walk to the park [twice]", areas[1].id, (helpers[2].id,))
    records.add_activity(person.id, "Call about the bakery job", None, (helpers[0].id, helpers[1].id))


def test_snapshot_plan_week(snap_compare, make_app, dana) -> None:
    some_plan(dana)
    assert snap_compare(make_app(), press=["enter", "p"], terminal_size=(80, 24))


def test_snapshot_review_week(snap_compare, make_app, dana) -> None:
    some_plan(dana)
    records.archive_helper(records.helpers_of(dana.id)[1].id)
    clock.set_now(clock.now() + dt.timedelta(days=7))
    assert snap_compare(make_app(), press=["enter", "p", "d", *"went twice", "enter", "p"], terminal_size=(80, 24))


def test_snapshot_activity_form(snap_compare, make_app, dana) -> None:
    some_plan(dana)
    assert snap_compare(make_app(), press=["enter", "p", "down", "enter", "tab", "tab"], terminal_size=(80, 24))


async def test_changing_an_activity_after_new_areas_were_chosen_keeps_its_area(make_app, dana) -> None:
    old_area = records.current_focus_areas(dana.id)[0]
    records.add_activity(dana.id, "Go to the meeting", old_area.id)
    records.choose_focus_areas(dana.id, [records.FocusChoice(5, "")])  # replaces the area it was linked to
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p", "enter")
        assert isinstance(app.screen, ActivityFormScreen)
        await pilot.press("end", *" on Tuesday", "enter")
        assert isinstance(app.screen, PlanWeekScreen)
    [activity] = records.activities_of_week(dana.id, WEDNESDAY_MONDAY)
    assert (activity.text, activity.focus_area_id) == ("Go to the meeting on Tuesday", old_area.id)


@pytest.mark.parametrize("leave", [["escape"], ["tab"], ["shift+tab", "down"]], ids=["escape", "tab", "move"])
async def test_a_review_note_is_kept_however_the_field_is_left(make_app, dana, leave) -> None:
    records.add_activity(dana.id, "Walk")
    records.add_activity(dana.id, "Read")
    clock.set_now(clock.now() + dt.timedelta(days=7))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p", "d", *"Went twice", *leave)
    walk = records.activities_of_week(dana.id, WEDNESDAY_MONDAY)[0]
    assert (walk.status, walk.review_note) == ("done", "Went twice")
