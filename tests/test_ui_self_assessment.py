"""My self-assessments, by keys only: a signed-in supervisor fills in the Supervisor of Peer Workers
Self-Assessment in the generic form, reads its summary (areas to develop and the seed's advice, never a
total), finds the past ones by date and sets two side by side. Another worker sees none of them."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest

from recovery_tui import clock
from recovery_tui.content.instruments import load_instrument
from recovery_tui.store import records
from recovery_tui.ui.screens.date_choice import DateChoiceScreen
from recovery_tui.ui.screens.form import FormScreen
from recovery_tui.ui.screens.form_summary import FormSummaryScreen
from recovery_tui.ui.screens.self_assessments import SelfAssessmentsScreen
from tests.ui_support import screen_text

FORM = load_instrument(records.SELF_ASSESSMENT)
ADVICE = (
    "For areas that are learning needs, speak to your supervisor about strategies for learning the needed competencies."
)
KEYS = "52314245153"  # statements 2, 4, 6 and 9 are rated 1 or 2


def flat(text: str) -> str:
    """Screen text as one line of words, borders and scroll bars left out: wrapped lines read whole."""
    return " ".join(re.sub(r"[\u2500-\u259f]", " ", text).split())


@pytest.fixture
def sam(store, frozen_clock) -> records.WorkerRow:
    """A supervisor with a PIN, signed in before the app starts."""
    worker = records.create_worker("Sam", "supervisor", "1234")
    assert records.sign_in(worker.id, "1234").right
    return worker


def complete(values: list[int | None], on: dt.date) -> uuid.UUID:
    """The signed-in supervisor's self-assessment completed on ``on``; the clock goes back to now."""
    now = clock.now()
    clock.set_now(dt.datetime.combine(on, dt.time(10, 0)))
    response = records.start_self_assessment()
    for number, value in enumerate(values, 1):
        if value is None:
            records.decline_answer(response.id, number)
        else:
            records.give_answer(response.id, number, value)
    records.complete_response(response.id)
    clock.set_now(now)
    return response.id


async def open_mine(app, pilot) -> None:
    """The worker menu's ``s`` is another screen's: here the screen is pushed as that key does."""
    await pilot.pause()
    app.push_screen(SelfAssessmentsScreen())
    await pilot.pause()
    assert isinstance(app.screen, SelfAssessmentsScreen)


async def test_a_supervisor_fills_it_in_and_the_summary_lists_the_areas_to_develop(make_app, sam) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mine(app, pilot)
        text = screen_text(app)
        assert "My self-assessments" in text and "None completed yet: n starts today's." in text
        await pilot.press("n")
        assert isinstance(app.screen, FormScreen)
        text = screen_text(app)
        assert "Statement 1 of 11" in text
        for choice in FORM.scale:  # each rating's description as help, letter for letter
            assert f"{choice.value} {choice.label}: {choice.description}" in flat(text)
        assert "1 Professional Learning Need: I don't know how to do this" in text
        assert "esc Back" in text and "Overview" not in text
        await pilot.press(*KEYS)
        await pilot.pause()
        assert isinstance(app.screen, FormSummaryScreen)
        text = flat(screen_text(app))
        assert "Areas I would like to develop (rated 1 or 2):" in text
        assert "2. I understand the values and practice of peer support (Personal Learning need)" in text
        assert "4. I can maintain a balance between the administrative, educational, and supportive " in text
        assert "functions of supervision (Professional Learning Need)" in text
        assert "6. I can provide an environment" in text and "9. I can deliver strengths-based" in text
        assert "1. I understand and can clarify" not in text and "3. I understand the roles" not in text
        assert ADVICE in text
        assert not app.screen.query(".summary-total")
        assert "Total" not in text and "Score" not in text and " of 55" not in text
        assert "None rated" not in text

        await pilot.press("escape")  # back to the list, which now holds it
        assert isinstance(app.screen, SelfAssessmentsScreen)
        assert "4 Mar 2026  4 areas to develop" in screen_text(app)
    [done] = records.self_assessments()
    response = records.get_response(done.response_id)
    assert response.worker_id == sam.id and response.participant_id is None and response.complete
    assert records.answers_of(done.response_id) == {n: int(k) for n, k in enumerate(KEYS, 1)}


async def test_with_nothing_rated_1_or_2_the_summary_says_so_warmly(make_app, sam) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mine(app, pilot)
        await pilot.press("n", *"34534543345")
        await pilot.pause()
        assert isinstance(app.screen, FormSummaryScreen)
        text = flat(screen_text(app))
        assert "None rated 1 or 2 this time: each one is something I already do, at least now and then." in text
        assert ADVICE not in text


async def test_n_carries_on_with_the_unfinished_one(make_app, sam) -> None:
    draft = records.start_self_assessment()
    for number in (1, 2, 3):
        records.give_answer(draft.id, number, 4)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mine(app, pilot)
        assert "An unfinished one, begun 4 Mar 2026: n carries on with it." in screen_text(app)
        assert "n Carry on with mine" in screen_text(app)
        await pilot.press("n")
        assert isinstance(app.screen, FormScreen)
        assert "Statement 4 of 11" in screen_text(app)
        await pilot.press("5", "escape")
        assert isinstance(app.screen, SelfAssessmentsScreen)
    assert records.self_assessment_draft().id == draft.id  # type: ignore[union-attr]
    assert records.answers_of(draft.id) == {1: 4, 2: 4, 3: 4, 4: 5}


async def test_past_ones_are_listed_by_date_newest_first_and_enter_opens_one(make_app, sam) -> None:
    complete([3] * 11, dt.date(2026, 1, 7))
    complete([2, *[4] * 10], dt.date(2026, 2, 4))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mine(app, pilot)
        rows = [row.strip() for row in screen_text(app).splitlines()]
        newer = rows.index("4 Feb 2026  1 area to develop")
        older = rows.index("7 Jan 2026  nothing rated 1 or 2")
        assert newer < older
        await pilot.press("down", "enter")  # the older one
        assert isinstance(app.screen, FormSummaryScreen)
        text = flat(screen_text(app))
        assert "Completed on 7 Jan 2026" in text and "None rated 1 or 2 this time" in text
        await pilot.press("escape", "up", "enter")
        text = flat(screen_text(app))
        assert "Completed on 4 Feb 2026" in text and "Beside last time, on 7 Jan 2026:" in text
        assert "1. I understand and can clarify organizational systems, structures and processes (Personal" in text


async def test_two_side_by_side_the_latest_two_then_any_two_chosen_by_date(make_app, sam) -> None:
    complete([1] * 11, dt.date(2026, 1, 7))
    complete([3, 3, 3, 3, 3, None, 3, 3, 3, 3, 3], dt.date(2026, 2, 4))
    complete([5, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3], dt.date(2026, 3, 2))
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_mine(app, pilot)
        assert "t Two side by side" in screen_text(app)
        await pilot.press("t")
        text = flat(screen_text(app))
        assert "My self-assessments · Two side by side" in text
        assert "4 Feb 2026 → 2 Mar 2026: the latest two, each rating then → now." in text
        assert "Went up 1, went down 1, stayed the same 8, not compared 1." in text
        assert (
            "1. I understand and can clarify organizational systems, structures and processes "
            "3 Sporadically Competent → 5 Mastery · went up"
        ) in text
        assert "3 Sporadically Competent → 2 Personal Learning need · went down" in text
        assert "prefer not to answer → 3 Sporadically Competent · not compared" in text

        await pilot.press("d")  # the oldest beside the newest
        assert isinstance(app.screen, DateChoiceScreen)
        assert "Which self-assessment first?" in screen_text(app)
        await pilot.press("down", "down", "enter")
        assert "Set 7 Jan 2026 beside which?" in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, SelfAssessmentsScreen)
        text = flat(screen_text(app))
        assert "7 Jan 2026 → 2 Mar 2026: the two chosen, each rating then → now." in text
        assert "1 Professional Learning Need → 5 Mastery · went up" in text
        assert "Went up 11." in text

        await pilot.press("escape")  # back to the list
        assert isinstance(app.screen, SelfAssessmentsScreen)
        assert "2 Mar 2026  1 area to develop" in screen_text(app)
        await pilot.press("escape")  # and away
        assert not isinstance(app.screen, SelfAssessmentsScreen)


async def test_another_supervisor_sees_none_of_sams(make_app, sam) -> None:
    complete([2] * 11, dt.date(2026, 2, 4))
    records.start_self_assessment()  # and an unfinished one
    lee = records.create_worker("Lee", "supervisor", "2468")
    assert records.sign_in(lee.id, "2468").right
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mine(app, pilot)
        text = screen_text(app)
        assert "None completed yet: n starts today's." in text
        assert "4 Feb 2026" not in text and "unfinished" not in text and "t Two side by side" not in text
        await pilot.press("n")
        assert isinstance(app.screen, FormScreen)
        assert "Statement 1 of 11" in screen_text(app) and "[2]" not in screen_text(app)
        await pilot.press("v")  # no earlier one of Lee's to show either
        await pilot.press("4", "escape")
    assert [r.response_id for r in records.self_assessments()] == []
    assert records.answers_of(records.self_assessment_draft().id) == {1: 4}  # type: ignore[union-attr]


async def test_a_peer_worker_is_told_plainly_and_nothing_opens(make_app, sam) -> None:
    complete([2] * 11, dt.date(2026, 2, 4))
    pat = records.create_worker("[b]Pat[/b] 🌱 " + "x" * 60, "peer", "5678")
    assert records.sign_in(pat.id, "5678").right
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mine(app, pilot)
        text = flat(screen_text(app))
        assert "Self-assessments are for supervisors of peer workers: sign in as a supervisor to fill one in." in text
        assert "4 Feb 2026" not in text and "n Start" not in text
        await pilot.press("n", "t", "enter")
        assert isinstance(app.screen, SelfAssessmentsScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, SelfAssessmentsScreen)
