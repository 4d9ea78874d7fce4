"""The generic form: any instrument, one statement highlighted, answered by number keys.

Progress shows ("Statement 7 of 23"), the running total does not: it could steer
an answer. The summary that follows gives the total.

Each answer is committed before it is shown. Leaving and coming back resumes the
draft at its first unanswered statement; the last answer completes the form.

The form is a participant's, or (no participant) the signed-in worker's own self-assessment:
only where the draft comes from and what the earlier ones are differ. When the scale's choices
have descriptions (the supervisor self-assessment's), they are shown as help under the form.
"""

from __future__ import annotations

import datetime as dt
import uuid

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from recovery_tui import clock
from recovery_tui.content.instruments import Instrument, load_instrument
from recovery_tui.store import records
from recovery_tui.ui.screens.base import GLOBAL_KEYS, AppScreen, store_errors
from recovery_tui.ui.screens.choice import ChoiceScreen
from recovery_tui.ui.screens.form_summary import FormSummaryScreen
from recovery_tui.ui.text import DECLINED, answer_words, day
from recovery_tui.ui.widgets.hanging import Hanging
from recovery_tui.ui.widgets.key_bar import KeyBar

STALE_AFTER_DAYS = 14


class FormScreen(AppScreen):
    BINDINGS = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("backspace", "clear", show=False),
        Binding("v", "toggle_previous", show=False),
    ]

    def __init__(self, participant_id: uuid.UUID | None, instrument: str = records.SCALE) -> None:
        """``participant_id``: whose form it is; None: the signed-in worker's own (a self-assessment)."""
        super().__init__()
        self.participant_id = participant_id
        self.form: Instrument = load_instrument(instrument)
        self.value_keys = {str(c.value): c.value for c in self.form.scale if 0 <= c.value <= 9}
        self.decline_key = "0" if "0" not in self.value_keys else "n"
        self.response_id: uuid.UUID | None = None
        self.answers: dict[int, int | None] = {}
        self.previous: dict[int, int | None] = {}
        self.show_previous = False
        self.current = 1
        self._clear_shown = False

    @property
    def heading(self) -> str:
        return self.form.title

    # Layout ----------------------------------------------------------------

    def keys(self) -> list[tuple[str, str]]:
        values = sorted(self.value_keys)
        return [
            (f"{values[0]}-{values[-1]}", "Answer"),
            (self.decline_key, "Prefer not to answer"),
            ("↓↑", "Move"),
            *([("backspace", "Clear")] if self._can_clear() else []),
            ("v", "Last time"),
            ("esc", "Overview" if self.participant_id is not None else "Back"),
            *GLOBAL_KEYS,
        ]

    def _can_clear(self) -> bool:
        return self.current in self.answers

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        about = Content(self.form.instruction)
        if self.form.attribution:
            about = Content.assemble(about, "\n", (self.form.attribution, "dim"))
        yield Static(about, id="form-about")
        yield Static(id="progress")
        yield Static(id="current-statement")
        # One widget per statement, so that an answer redraws its own row and not the whole list.
        with VerticalScroll(id="statements", can_focus=False):
            for statement in self.form.statements:
                yield Static(self._row(statement.number), classes="statement-row")
        if any(c.description for c in self.form.scale):
            # Each rating with what it means, as printed; the key bar says how to decline.
            with Vertical(id="scale-help"):
                for c in self.form.scale:
                    words = f"{c.label}: {c.description}" if c.description else c.label
                    yield Hanging(f"{c.value} ", Content(words), classes="scale-help-row")
        else:
            legend = [(str(c.value), c.label) for c in self.form.scale]
            yield KeyBar([*legend, (self.decline_key, DECLINED.capitalize())], id="scale-legend")
        yield from self.compose_keys()

    def _given(self, number: int, answers: dict[int, int | None]) -> str:
        if number not in answers:
            return ""
        value = answers[number]
        words = answer_words(self.form, value)
        return words if value is None else f"{value} {words}"

    def _row(self, number: int) -> Content:
        """The answer first, in a column of its own, so that rows stay one line where they can."""
        text = self.form.statement(number).text  # type: ignore[union-attr]
        value = self.answers.get(number)
        badge = " " if number not in self.answers else ("–" if value is None else str(value))
        here = number == self.current
        parts: list[Content | str | tuple[str, str]] = [
            ("▶" if here else " ", "bold $accent"),
            f"{number:>2}. ",
            (f"[{badge}]", "bold $text-success"),
            " ",
            (text, "bold") if here else text,
        ]
        if self.show_previous and number in self.previous:
            before = self.previous[number]
            parts.append(("  (last time " + ("–" if before is None else str(before)) + ")", "dim"))
        return Content.assemble(*parts)

    # Whose form: a participant's, or the signed-in worker's own --------------

    def _draft(self) -> tuple[uuid.UUID, dt.date] | None:
        """The unfinished one to resume, and the day it was begun."""
        if self.participant_id is None:
            draft = records.self_assessment_draft(self.form.code)
        else:
            draft = records.current_draft(self.participant_id, self.form.code)
        return None if draft is None else (draft.id, draft.date)

    def _latest_completed(self) -> uuid.UUID | None:
        if self.participant_id is None:
            mine = records.self_assessments(self.form.code)
            return mine[0].response_id if mine else None
        done = records.completed_responses(self.participant_id, self.form.code)
        return done[0].id if done else None

    def _start(self) -> uuid.UUID:
        if self.participant_id is None:
            return records.start_self_assessment(self.form.code).id
        return records.start_response(self.participant_id, self.form.code).id

    # Opening -----------------------------------------------------------------

    @store_errors("Could not open", leave=True)
    def on_mount(self) -> None:
        self.rows = list(self.query(".statement-row").results(Static))
        draft = self._draft()
        latest = self._latest_completed()
        self.previous = records.answers_of(latest) if latest else {}
        if draft is not None and (clock.today() - draft[1]).days > STALE_AFTER_DAYS:
            draft_id, begun = draft
            self.app.push_screen(
                ChoiceScreen(
                    f"There is an unfinished {self.form.title} from {day(begun)}.",
                    [("r", "Carry on with it"), ("d", "Set it aside and start a new one")],
                ),
                lambda key: self._open_draft(
                    draft_id if key != "d" else None, discard=draft_id if key == "d" else None
                ),
            )
        else:
            self._open_draft(draft[0] if draft else None)

    @store_errors("Could not open", leave=True)
    def _open_draft(self, response_id: uuid.UUID | None, discard: uuid.UUID | None = None) -> None:
        if discard is not None:
            records.discard_draft(discard)
        self.response_id = response_id
        self.answers = records.answers_of(response_id) if response_id else {}
        unanswered = self._unanswered()
        if response_id is not None and not unanswered:
            self._complete()  # every statement was answered before the app stopped: finish it now
            return
        self.current = unanswered[0] if unanswered else 1
        self._redraw_all()

    def _unanswered(self) -> list[int]:
        return [s.number for s in self.form.statements if s.number not in self.answers]

    # Drawing -----------------------------------------------------------------

    def _redraw_all(self) -> None:
        for statement in self.form.statements:
            self._redraw_row(statement.number)
        self._redraw_current()

    def _redraw_row(self, number: int, layout: bool = True) -> None:
        self.rows[number - 1].update(self._row(number), layout=layout)

    def _redraw_current(self) -> None:
        self.call_after_refresh(self._keep_in_view)  # after rows rewrap (v) too

    def _keep_in_view(self) -> None:
        """Scroll only when the statement is out of view, then to the top: the next ones show too."""
        if not self.is_current:
            return  # asked for before the last answer moved on to the summary
        row, statements = self.rows[self.current - 1], self.query_one("#statements")
        if not statements.content_region.contains_region(row.region):
            statements.scroll_to_widget(row, top=True, animate=False)
        # Progress only: a running total while answering could steer the next answer.
        if self._can_clear() != self._clear_shown:  # the bar changes only when backspace comes or goes
            self._clear_shown = self._can_clear()
            self.refresh_keys()
        progress = f"Statement {self.current} of {len(self.form.statements)}"
        self.query_one("#progress", Static).update(Content(progress), layout=False)
        statement = Content(self.form.statement(self.current).text)  # type: ignore[union-attr]
        given = self._given(self.current, self.answers)
        if given:
            statement = Content.assemble(statement, ("\n→ " + given, "$text-success"))
        if self.show_previous and self.current in self.previous:
            before = self._given(self.current, self.previous) or "not answered"
            statement = Content.assemble(statement, ("\nlast time: " + before, "dim"))
        self.query_one("#current-statement", Static).update(statement, layout=False)  # fixed height

    # Keys --------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        if not self.is_current:
            return  # typed ahead after the last answer: this form is done
        if event.key in self.value_keys:
            event.stop()
            self._answer(self.value_keys[event.key])
        elif event.key == self.decline_key:
            event.stop()
            self._answer(None)

    @store_errors("Not saved")
    def _answer(self, value: int | None) -> None:
        number = self.current
        if self.response_id is None:
            self.response_id = self._start()
        if value is None:
            records.decline_answer(self.response_id, number)
        else:
            records.give_answer(self.response_id, number, value)
        self.answers[number] = value
        unanswered = self._unanswered()
        if not unanswered:
            self._redraw_row(number, layout=False)
            self._complete()
            return
        self._move_to(number + 1 if number < len(self.form.statements) else unanswered[0])

    def _move_to(self, number: int) -> None:
        """Highlight another statement: only its row and the one left are redrawn, in place."""
        before, self.current = self.current, number
        self._redraw_row(before, layout=False)  # rows keep their width and height: no relayout
        self._redraw_row(number, layout=False)
        self._redraw_current()

    @store_errors("Not completed")
    def _complete(self) -> None:
        assert self.response_id is not None
        records.complete_response(self.response_id)
        self._show_summary(self.response_id)

    @store_errors("Could not open", leave=True)
    def _show_summary(self, response_id: uuid.UUID) -> None:
        self.app.switch_screen(FormSummaryScreen(self.participant_id, response_id))

    def action_move(self, step: int) -> None:
        self._move_to(min(max(self.current + step, 1), len(self.form.statements)))

    @store_errors("Not saved")
    def action_clear(self) -> None:
        if self.response_id is None or self.current not in self.answers:
            return
        records.clear_answer(self.response_id, self.current)
        del self.answers[self.current]
        self._redraw_row(self.current)
        self._redraw_current()

    def action_toggle_previous(self) -> None:
        if not self.previous:
            earlier = "scale" if self.participant_id is not None else "self-assessment"
            self.notify(f"There is no earlier completed {earlier} to show.", markup=False)
            return
        self.show_previous = not self.show_previous
        self._redraw_all()
