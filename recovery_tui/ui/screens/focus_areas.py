"""Up to five areas of recovery capital to grow in the next 6 months, chosen by the participant.

The statements rated lowest are offered first, as areas they might like to grow,
each with their own answer in the scale's words ("Mostly disagree"); their own
words are just as welcome. What the participant reads is in the first person;
notes for the worker are dim. Saving replaces the current set; the old
set stays in the record with its dates.
"""

from __future__ import annotations

import uuid

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from recovery_tui.content.instruments import load_instrument
from recovery_tui.store import records
from recovery_tui.store.validation import FOCUS_AREAS_MAX, visible
from recovery_tui.ui.screens.base import AppScreen, store_errors
from recovery_tui.ui.screens.own_words import OwnWordsScreen
from recovery_tui.ui.text import answer_words, literal


class FocusAreasScreen(AppScreen):
    TITLE = "Areas of recovery capital I want to increase in the next 6 months"
    KEYS = [
        ("enter", "Add"),
        ("w", "My own words"),
        ("tab", "Switch list"),
        ("shift+↓↑", "Reorder"),
        ("delete", "Remove"),
        ("s", "Save"),
        ("esc", "Leave unchanged"),
    ]
    ON_CHOSEN = {"shift+↓↑", "delete"}  # they act on the chosen areas; enter adds from the suggestions

    def screen_keys(self) -> list[tuple[str, str]]:
        on_chosen = self.is_mounted and self.focused is not None and self.focused.id == "chosen"
        hidden = {"enter"} if on_chosen else self.ON_CHOSEN
        return [(key, what) for key, what in self.KEYS if key not in hidden]

    BINDINGS = [
        Binding("w", "own_words", show=False),
        Binding("s", "save", show=False),
        Binding("delete", "remove", show=False),
        Binding("shift+up", "reorder(-1)", show=False),
        Binding("shift+down", "reorder(1)", show=False),
    ]

    def __init__(self, participant_id: uuid.UUID, response_id: uuid.UUID | None) -> None:
        super().__init__()
        self.participant_id = participant_id
        self.scale = load_instrument(records.SCALE)
        self.candidates = records.focus_candidates(response_id) if response_id else []
        self.chosen: list[records.FocusChoice] = [
            records.FocusChoice(a.statement, a.text) for a in records.current_focus_areas(participant_id)
        ]

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with Horizontal(id="focus-lists"):
            with Vertical():
                yield Static("Areas I might like to grow", classes="list-heading", markup=False)
                yield OptionList(*(Option(self._candidate(c)) for c in self.candidates), id="candidates")
            with Vertical(id="chosen-column"):
                yield Static(f"Areas I want to grow (up to {FOCUS_AREAS_MAX})", classes="list-heading", markup=False)
                yield OptionList(id="chosen")
        yield Static(id="focus-note", markup=False)
        yield from self.compose_keys()

    def _note(self, text: str) -> None:
        self.query_one("#focus-note", Static).update(text)

    def _candidate(self, candidate: records.FocusCandidate) -> Content:
        """The statement with the participant's own answer in the scale's words, never a bare number."""
        answered = f"  ({answer_words(self.scale, candidate.value)})"
        return Content.assemble(f"{candidate.number}. {candidate.text}", (answered, "dim"))

    def on_mount(self) -> None:
        self._redraw_chosen()
        self.query_one("#candidates" if self.candidates else "#chosen", OptionList).focus()

    def _redraw_chosen(self, highlight: int | None = None) -> None:
        chosen = self.query_one("#chosen", OptionList)
        chosen.clear_options()
        chosen.add_options(
            Option(Content.assemble(f"{rank}. ", literal(records.focus_choice_words(c))))
            for rank, c in enumerate(self.chosen, 1)
        )
        if self.chosen:
            chosen.highlighted = min(highlight or 0, len(self.chosen) - 1)

    def _add(self, choice: records.FocusChoice) -> None:
        if choice in self.chosen:
            return
        if len(self.chosen) >= FOCUS_AREAS_MAX:
            self._note(f"Up to {FOCUS_AREAS_MAX} areas: remove one to add another.")
            return
        self._note("")
        self.chosen.append(choice)
        self._redraw_chosen(len(self.chosen) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "candidates":
            event.stop()
            self._add(records.FocusChoice(self.candidates[event.option_index].number, ""))

    def action_own_words(self) -> None:
        def add(words: str | None) -> None:
            if words and visible(words):  # zero-width characters alone would be a blank line
                self._add(records.FocusChoice(None, words))

        self.app.push_screen(OwnWordsScreen("An area I want to grow, in my own words"), add)

    def _chosen_index(self) -> int | None:
        chosen = self.query_one("#chosen", OptionList)
        return chosen.highlighted if chosen.has_focus and self.chosen else None

    def action_remove(self) -> None:
        index = self._chosen_index()
        if index is not None:
            del self.chosen[index]
            self._note("")
            self._redraw_chosen(index)

    def action_reorder(self, step: int) -> None:
        index = self._chosen_index()
        if index is None or not 0 <= index + step < len(self.chosen):
            return
        self.chosen[index], self.chosen[index + step] = self.chosen[index + step], self.chosen[index]
        self._redraw_chosen(index + step)

    @store_errors("Not saved")
    def action_save(self) -> None:
        if not self.chosen:
            self._note("Choose at least one area, or press esc to leave the current ones as they are.")
            return
        records.choose_focus_areas(self.participant_id, self.chosen)
        self.dismiss()
