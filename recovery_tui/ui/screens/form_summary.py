"""After the last statement: the total, what changed since last time, without judgement.

The total is shown here and not while answering. It says what it is out of and
what it means; with statements declined, only the sum of those answered, never
compared as a total with a complete one.
"""

from __future__ import annotations

import uuid

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from recovery_tui.content.instruments import Instrument, load_instrument
from recovery_tui.store import records
from recovery_tui.ui.screens.base import AppScreen, store_errors
from recovery_tui.ui.text import answer_words, answered_sentence, compared, day, total_sentence


def total_lines(form: Instrument, result: records.ScaleResult) -> list[str]:
    """The total with what it is out of and what it means; with declines, the sum of what was answered."""
    if result.total is not None:
        return [total_sentence(form, result)]
    return [total_sentence(form, result), answered_sentence(form, result)]


def develop_block(form: Instrument, answers: dict[int, int | None]) -> str:
    """The statements rated below ``develop_below``, each with the rating in the instrument's words."""
    below = " or ".join(str(v) for v in form.values if form.develop_below is not None and v < form.develop_below)
    rows = [
        f"  {n}. {form.statement(n).text} ({answer_words(form, answers[n])})"  # type: ignore[union-attr]
        for n in form.areas_to_develop(answers)
    ]
    return f"Areas I would like to develop (rated {below}):\n" + ("\n".join(rows) or f"  None rated {below} this time.")


def comparison_lines(
    result: records.ScaleResult, comparison: records.ScaleComparison | None, maximum: int | None
) -> list[str]:
    if comparison is None:
        return ["This is the first completed scale, so there is nothing to compare with yet."]
    lines = []
    if comparison.previous_total is None:
        lines.append(
            f"Last time, on {day(comparison.previous_date)}, not every statement was answered, "
            "so the totals are not compared."
        )
    elif result.total is None:
        lines.append(
            f"Last time, on {day(comparison.previous_date)}: {comparison.previous_total} of {maximum}. "
            "This time not every statement was answered, so the totals are not compared."
        )
    else:
        moved = compared(result.total - comparison.previous_total)
        lines.append(
            f"Last time, on {day(comparison.previous_date)}: {comparison.previous_total} of {maximum}. "
            f"This time is {moved} last time."
        )
    return lines


def changed_block(heading: str, changes: list[records.StatementChange]) -> Content:
    rows = [Content.assemble((heading, "bold"))]
    rows += [Content(f"  {c.number}. {c.text}: {c.before} → {c.after}") for c in changes]
    return Content("\n").join(rows)


class FormSummaryScreen(AppScreen):
    BINDINGS = [Binding("enter", "choose_focus", show=False)]

    def __init__(self, participant_id: uuid.UUID, response_id: uuid.UUID) -> None:
        super().__init__()
        self.participant_id = participant_id
        self.response_id = response_id
        # Read before the screen opens: it opens only with all it shows.
        self.form = load_instrument(records.get_response(response_id).instrument)
        self.result = records.response_result(response_id)
        self.comparison = records.compare_with_previous(response_id)
        self.answers = records.answers_of(response_id)

    @property
    def heading(self) -> str:
        return f"{self.form.title}: summary"

    def keys(self) -> list[tuple[str, str]]:
        own = [("enter", "Choose areas to grow")] if self.form.code == records.SCALE else []
        return [*own, ("↓↑", "Scroll"), ("esc", "Overview"), *super().keys()]

    def compose(self) -> ComposeResult:
        result, comparison = self.result, self.comparison
        yield from self.compose_title()
        with VerticalScroll(id="summary"):
            yield Static(f"Completed on {day(result.date)}", classes="summary-line", markup=False)
            if self.form.scoring == "sum":
                total, *more = total_lines(self.form, result)
                yield Static(total, classes="summary-total", markup=False)
                for line in [*more, *comparison_lines(result, comparison, self.form.max_total)]:
                    yield Static(line, classes="summary-line", markup=False)
            if self.form.develop_below is not None:
                yield Static(
                    develop_block(self.form, self.answers), classes="summary-line summary-develop", markup=False
                )
            if comparison is not None:
                if comparison.went_up:
                    yield Static(changed_block("Went up", comparison.went_up), classes="summary-line")
                if comparison.went_down:
                    yield Static(changed_block("Went down", comparison.went_down), classes="summary-line")
                if comparison.unchanged:
                    yield Static(
                        f"The same as last time: {comparison.unchanged} statements.",
                        classes="summary-line",
                        markup=False,
                    )
        yield from self.compose_keys()

    def on_mount(self) -> None:
        self.query_one("#summary", VerticalScroll).focus()

    @store_errors("Could not open")
    def action_choose_focus(self) -> None:
        from recovery_tui.ui.screens.focus_areas import FocusAreasScreen

        if self.form.code == records.SCALE:
            self.app.switch_screen(FocusAreasScreen(self.participant_id, self.response_id))
