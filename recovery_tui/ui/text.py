"""How the screens show text: what a person typed is always shown literally."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from textual.content import Content

from recovery_tui.security import clean_line, clean_text
from recovery_tui.store.errors import ValidationError
from recovery_tui.words import compared as compared  # shared with the take-home plan and record
from recovery_tui.words import day as day

if TYPE_CHECKING:
    from recovery_tui.content.instruments import Instrument
    from recovery_tui.store.records import ScaleResult


def literal(text: str) -> Content:
    """One line a person typed, never parsed as markup, controls removed."""
    return Content(clean_line(text))


def literal_block(text: str) -> Content:
    """Free text a person typed, line breaks kept, never parsed as markup."""
    return Content(clean_text(text))


def time_of_day(moment: dt.datetime) -> str:
    """A stored time (naive UTC) as the local clock shows it: 14:05."""
    return moment.replace(tzinfo=dt.UTC).astimezone().strftime("%H:%M")


def problem_sentence(problem: ValidationError) -> str:
    """A broken rule as a form says it under its field: 'First name is required.'"""
    return f"{problem.field[0].upper()}{problem.field[1:]} {problem.message}."


# Answers and totals, as both people at the screen read them ---------------------

DECLINED = "prefer not to answer"

# What a higher total means, by instrument, in plain strengths-based words. An
# instrument without an entry has its total shown without a meaning.
TOTAL_MEANINGS = {"idaho-rcs": "a higher number means more recovery capital to draw on"}


def answer_words(form: Instrument, value: int | None) -> str:
    """An answer in the instrument's own words ('Mostly disagree'); a declined one kindly."""
    return DECLINED if value is None else form.label(value)


def _statements(count: int) -> str:
    return f"{count} statement{'' if count == 1 else 's'}"


def total_sentence(form: Instrument, result: ScaleResult) -> str:
    """The total, what it is out of and what it means: 'My Score: 96 of 115; a higher ...'.

    With statements declined there is no total: the answered ones are added up out
    of what they could add up to, and said to be only those.
    """
    meaning = TOTAL_MEANINGS.get(form.code)
    end = f"; {meaning}." if meaning else "."
    if result.total is not None:
        return f"{form.total_label}: {result.total} of {form.max_total}{end}"
    if result.answered == 0:
        return "No statement was answered this time, so there is nothing to add up."
    out_of = result.answered * max(form.values)
    return f"{result.answered_sum} of {out_of} for the {_statements(result.answered)} answered{end}"


def answered_sentence(form: Instrument, result: ScaleResult) -> str:
    """Beside a sum with statements declined: how many were answered, and when there is a total."""
    every, out_of = result.statements, form.max_total
    return f"{result.answered} of {every} answered; a total out of {out_of} is given when all {every} are answered."
