"""After the last statement: the total, what changed since last time, without judgement.

The total is shown here and not while answering. It says what it is out of and
what it means; with statements declined, only the sum of those answered, never
compared as a total with a complete one. An instrument without a total (the
supervisor self-assessment) lists the statements rated below its ``develop_below``
as areas to develop, with its own advice on them.
"""

from __future__ import annotations

import re
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
from recovery_tui.ui.widgets.hanging import Hanging


def total_lines(form: Instrument, result: records.ScaleResult) -> list[str]:
    """The total with what it is out of and what it means; with declines, the sum of what was answered."""
    if result.total is not None:
        return [total_sentence(form, result)]
    return [total_sentence(form, result), answered_sentence(form, result)]


def _below(form: Instrument) -> str:
    """The ratings below ``develop_below``, in words: "1 or 2"."""
    return " or ".join(str(v) for v in form.values if form.develop_below is not None and v < form.develop_below)


def develop_heading(form: Instrument) -> str:
    return f"Areas I would like to develop (rated {_below(form)}):"


def develop_rows(form: Instrument, answers: dict[int, int | None]) -> list[tuple[str, str]]:
    """The statements rated below ``develop_below``: each number, and its text with the rating in the
    instrument's words."""
    return [
        (f"{n}. ", f"{form.statement(n).text} ({answer_words(form, answers[n])})")  # type: ignore[union-attr]
        for n in form.areas_to_develop(answers)
    ]


def nothing_to_develop(form: Instrument) -> str:
    return f"None rated {_below(form)} this time: each one is something I already do, at least now and then."


def develop_advice(form: Instrument) -> str:
    """What the instrument says to do about areas to develop: the last sentence of its instruction
    (the self-assessment's "For areas that are learning needs, speak to your supervisor ...")."""
    return re.split(r"(?<=[.!?])\s+", form.instruction.strip())[-1]


def statements(count: int) -> str:
    return f"{count} statement" if count == 1 else f"{count} statements"


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

    def __init__(self, participant_id: uuid.UUID | None, response_id: uuid.UUID) -> None:
        """``participant_id``: whose form it is; None: the signed-in worker's own (a self-assessment)."""
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
        participants = self.participant_id is not None
        focus = [("enter", "Choose areas to grow")] if self.form.code == records.SCALE and participants else []
        return [*focus, ("↓↑", "Scroll"), ("esc", "Overview" if participants else "Back"), *super().keys()]

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
                yield Static(develop_heading(self.form), classes="summary-line summary-develop", markup=False)
                areas = develop_rows(self.form, self.answers)
                for number, text in areas:
                    yield Hanging(number, Content(text), classes="summary-area")
                if areas:  # the instrument's own advice on them
                    yield Static(develop_advice(self.form), classes="summary-line summary-advice", markup=False)
                else:
                    yield Static(nothing_to_develop(self.form), classes="summary-area-none", markup=False)
            if comparison is not None:
                if self.form.scoring != "sum":  # the sum's comparison says when last time was
                    when = f"Beside last time, on {day(comparison.previous_date)}:"
                    yield Static(when, classes="summary-line summary-since", markup=False)
                if comparison.went_up:
                    yield Static(changed_block("Went up", comparison.went_up), classes="summary-line")
                if comparison.went_down:
                    yield Static(changed_block("Went down", comparison.went_down), classes="summary-line")
                if comparison.unchanged:
                    yield Static(
                        f"The same as last time: {statements(comparison.unchanged)}.",
                        classes="summary-line",
                        markup=False,
                    )
                if comparison.not_compared:
                    yield Static(
                        f"Not compared, as not answered one time or the other: {statements(comparison.not_compared)}.",
                        classes="summary-line",
                        markup=False,
                    )
        yield from self.compose_keys()

    def on_mount(self) -> None:
        self.query_one("#summary", VerticalScroll).focus()

    @store_errors("Could not open")
    def action_choose_focus(self) -> None:
        from recovery_tui.ui.screens.focus_areas import FocusAreasScreen

        if self.form.code == records.SCALE and self.participant_id is not None:
            self.app.switch_screen(FocusAreasScreen(self.participant_id, self.response_id))
