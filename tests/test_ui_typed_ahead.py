"""Keys typed ahead, arriving after their screen has moved on, never crash it (issue: 23 digits at once)."""

from __future__ import annotations

from textual import events

from recovery_tui.store import records
from recovery_tui.store.models import Response
from recovery_tui.ui.screens.form_summary import FormSummaryScreen
from recovery_tui.ui.screens.plan_week import PlanWeekScreen

TWENTY_THREE = "54321543215432154321543"


async def test_the_whole_scale_posted_in_one_burst_is_stored_and_the_app_goes_on(make_app) -> None:
    dana = records.create_participant("Dana")
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("enter", "r")
        for key in TWENTY_THREE + "1234":  # as tmux send-keys -l delivers them, and four more
            app.post_message(events.Key(key, key))
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        assert isinstance(app.screen, FormSummaryScreen)
        assert list(app._notifications) == []  # not even the calm message: nothing went wrong
        await pilot.press("escape")
        assert app.is_running
    [response] = Response.select().where(Response.participant == dana.id)
    assert response.complete
    assert records.answers_of(response.id) == {n: int(key) for n, key in enumerate(TWENTY_THREE, 1)}


async def test_a_question_answered_twice_at_once_closes_only_itself(make_app, frozen_clock) -> None:
    dana = records.create_participant("Dana")
    records.add_activity(dana.id, "Walk to the park", None, ())
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("enter", "p")
        await pilot.press("delete")
        app.post_message(events.Key("n", "n"))
        app.post_message(events.Key("n", "n"))  # the second n reaches the question after it has closed
        await pilot.pause()
        assert isinstance(app.screen, PlanWeekScreen)
        assert list(app._notifications) == []
    assert [a.text for a in records.activities_of_week(dana.id, records.week_of(frozen_clock.date()))] == [
        "Walk to the park"
    ]
