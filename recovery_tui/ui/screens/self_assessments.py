"""My self-assessments: a signed-in supervisor's own, and only theirs.

``n`` starts today's (or carries on with the unfinished one) in the generic form; the completed
ones are listed by date, newest first, and ``enter`` opens one's summary; ``t`` sets two side by
side, statement by statement (the latest two, or any two chosen by date with ``d``). The store
decides who may see what: for a worker who is not a supervisor the screen says so, and nothing more.
"""

from __future__ import annotations

import uuid
from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import ContentSwitcher, OptionList, Static
from textual.widgets.option_list import Option

from recovery_tui.content.instruments import Instrument
from recovery_tui.store import records, validation
from recovery_tui.store.errors import StoreError, ValidationError
from recovery_tui.ui.screens.base import AppScreen, store_errors
from recovery_tui.ui.screens.date_choice import DateChoiceScreen
from recovery_tui.ui.screens.form import FormScreen
from recovery_tui.ui.screens.form_summary import FormSummaryScreen
from recovery_tui.ui.screens.history_parts import change_words
from recovery_tui.ui.text import answer_words, day
from recovery_tui.ui.widgets.hanging import Hanging

TITLE = "My self-assessments"
CHANGES = ("went up", "went down", "stayed the same", "not compared")


def rating_words(form: Instrument, value: int | None) -> str:
    """A rating with its label ("2 Personal Learning need"); a declined one kindly."""
    return answer_words(form, value) if value is None else f"{value} {answer_words(form, value)}"


def held_words(done: records.SelfAssessment) -> str:
    """What one completed self-assessment holds, beside its date: never a total."""
    if done.to_develop == 0:
        words = "nothing rated 1 or 2"
    else:
        words = f"{done.to_develop} area{'' if done.to_develop == 1 else 's'} to develop"
    if done.rated < done.statements:
        words += f", {done.rated} of {done.statements} rated"
    return words


def side_heading(pair: records.SelfAssessmentPair, chosen: bool) -> Content:
    which = "the two chosen" if chosen else "the latest two"
    counts = dict.fromkeys(CHANGES, 0)
    for statement in pair.statements:
        counts[change_words(statement.earlier, statement.later)] += 1
    said = ", ".join(f"{words} {count}" for words, count in counts.items() if count)
    return Content.assemble(
        (f"{day(pair.earlier.date)} → {day(pair.later.date)}", "bold"),
        f": {which}, each rating then → now.\n{said[0].upper()}{said[1:]}.",
    )


def side_rows(form: Instrument, pair: records.SelfAssessmentPair) -> list[Content]:
    """Each statement with both ratings in words and whether it went up, down or stayed."""
    return [
        Content.assemble(
            (s.text, "bold"),
            f"\n{rating_words(form, s.earlier)}  →  {rating_words(form, s.later)}",
            ("  · " + change_words(s.earlier, s.later), "$text-accent"),
        )
        for s in pair.statements
    ]


class SelfAssessmentsScreen(AppScreen):
    BINDINGS = [
        Binding("n", "start", show=False),
        Binding("t", "side_by_side", show=False),
        Binding("d", "choose_dates", show=False),
        Binding("escape", "show_list", show=False),  # from two side by side back to the list
    ]

    def __init__(self) -> None:
        super().__init__()
        self.form: Instrument = validation.instrument(records.SELF_ASSESSMENT)
        self.done: list[records.SelfAssessment] = []  # completed, newest first
        self.draft_begun: str | None = None  # the day the unfinished one was begun, if there is one
        self.refusal: str | None = None  # why this worker has no self-assessments here, in plain words
        self.chosen: tuple[uuid.UUID, uuid.UUID] | None = None  # two chosen by date; None: the latest two
        self.side = False  # two side by side shown, not the list

    @property
    def heading(self) -> str:
        return f"{TITLE} · Two side by side" if self.side else TITLE

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with ContentSwitcher(initial="self-list"):
            with Vertical(id="self-list"):
                yield Static(id="self-note")
                yield OptionList(id="self-dates")
            with VerticalScroll(id="self-side", can_focus=True):
                # One row a statement, drawn once and filled in as two are chosen.
                yield Static(classes="self-heading")
                for statement in self.form.statements:
                    yield Hanging(f"{statement.number:>2}. ", Content(statement.text), "self-row")
        yield from self.compose_keys()

    def screen_keys(self) -> list[tuple[str, str]]:
        if self.refusal is not None:
            return [("esc", "Back")]
        if self.side:
            keys = [("d", "Choose dates"), ("↓↑", "Scroll"), ("esc", "Back to the list")]
            return keys if len(self.done) > 2 else [k for k in keys if k[0] != "d"]
        keys = [("n", "Carry on with mine" if self.draft_begun else "Start today's")]
        if self.done:
            keys += [("↓↑", "Move"), ("enter", "Open")]
        if len(self.done) >= 2:
            keys.append(("t", "Two side by side"))
        return [*keys, ("esc", "Back")]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_list":
            return self.side  # on the list, escape goes back as everywhere
        if action in {"start", "side_by_side"}:
            return self.refusal is None and not self.side
        if action == "choose_dates":
            return self.refusal is None and self.side and len(self.done) > 2
        return True

    def on_screen_resume(self) -> None:
        """On opening, and back from the form or a summary: what is there now."""
        if not self.side:
            self._load()
        super().on_screen_resume()

    # The list ---------------------------------------------------------------------

    def _load(self) -> None:
        try:
            self.done = records.self_assessments()
            draft = records.self_assessment_draft()
        except ValidationError as refused:  # not a signed-in supervisor: said plainly, nothing shown
            self.refusal = f"{refused.message[0].upper()}{refused.message[1:]}."
            self.done, self.draft_begun = [], None
        except StoreError as error:
            self.notify(str(error), title="Could not open", severity="error", markup=False)
            return
        else:
            self.refusal = None
            self.draft_begun = None if draft is None else day(draft.date)
        self._draw_list()

    def _draw_list(self) -> None:
        note = self.query_one("#self-note", Static)
        dates = self.query_one("#self-dates", OptionList)
        dates.display = bool(self.done)
        # The same one stays highlighted, unless one was added (just completed: the newest, at the top).
        highlighted = dates.highlighted if dates.option_count == len(self.done) else 0
        dates.set_options(
            Option(Content.assemble((f"{day(d.date):>11}", "bold"), f"  {held_words(d)}"), id=str(d.response_id))
            for d in self.done
        )
        if self.done:
            dates.highlighted = min(highlighted or 0, len(self.done) - 1)
        if self.refusal is not None:
            note.update(Content(self.refusal))
        else:
            note.update(self._note())
        if self.done:
            dates.focus()
        self.refresh_keys()

    def _note(self) -> Content:
        lines = ["A look at my own supervision practice, and at areas I would like to develop."]
        if self.draft_begun is not None:
            lines.append(f"An unfinished one, begun {self.draft_begun}: n carries on with it.")
        if self.done:
            lines.append("Every one completed, newest first:")
        else:
            lines.append("None completed yet: n starts today's.")
        return Content("\n".join(lines))

    @store_errors("Could not open")
    def action_start(self) -> None:
        self.app.push_screen(FormScreen(None, self.form.code))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self._open(uuid.UUID(event.option.id))

    @store_errors("Could not open")
    def _open(self, response_id: uuid.UUID) -> None:
        self.app.push_screen(FormSummaryScreen(None, response_id))

    # Two side by side ---------------------------------------------------------------

    def action_side_by_side(self) -> None:
        if len(self.done) < 2:
            self.notify("Two side by side needs two completed self-assessments.", markup=False)
            return
        self._draw_side()

    def action_show_list(self) -> None:
        self.side = False
        self.query_one(ContentSwitcher).current = "self-list"
        self.query_one(".screen-title", Static).update(self.heading)
        self._draw_list()

    def _draw_side(self) -> None:
        chosen = self.chosen
        if chosen is None:
            chosen = (self.done[1].response_id, self.done[0].response_id)
        try:
            pair = records.compare_self_assessments(*chosen)
        except StoreError as error:
            self.chosen = None  # a pair that could not be read is not tried again and again
            self.notify(str(error), title="Could not open", severity="error", markup=False)
            return
        self.side = True
        self.query_one(ContentSwitcher).current = "self-side"
        shown = self.query_one("#self-side", VerticalScroll)
        shown.query_one(".self-heading", Static).update(side_heading(pair, self.chosen is not None))
        texts = shown.query(".self-row > .hanging-text").results(Static)
        for text, words in zip(texts, side_rows(self.form, pair), strict=True):
            text.update(words)
        shown.scroll_home(animate=False)
        shown.focus()
        self.query_one(".screen-title", Static).update(self.heading)
        self.refresh_keys()

    def action_choose_dates(self) -> None:
        dates = [(day(d.date), held_words(d)) for d in self.done]
        question = "Which self-assessment first?"
        self.app.push_screen(DateChoiceScreen(question, dates), partial(self._first_chosen, list(self.done)))

    def _first_chosen(self, newest_first: list[records.SelfAssessment], index: int | None) -> None:
        if index is None:
            return
        first = newest_first[index]
        others = [d for d in newest_first if d is not first]
        dates = [(day(d.date), held_words(d)) for d in others]
        self.app.push_screen(
            DateChoiceScreen(f"Set {day(first.date)} beside which?", dates),
            partial(self._second_chosen, first, others),
        )

    def _second_chosen(
        self, first: records.SelfAssessment, others: list[records.SelfAssessment], index: int | None
    ) -> None:
        if index is None:
            return
        self.chosen = (first.response_id, others[index].response_id)  # the store puts the earlier first
        self._draw_side()
