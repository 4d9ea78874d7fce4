"""How the screens show text: what a person typed is always shown literally."""

from __future__ import annotations

import datetime as dt

from textual.content import Content

from recovery_tui.security import clean_line, clean_text
from recovery_tui.store.errors import ValidationError


def literal(text: str) -> Content:
    """One line a person typed, never parsed as markup, controls removed."""
    return Content(clean_line(text))


def literal_block(text: str) -> Content:
    """Free text a person typed, line breaks kept, never parsed as markup."""
    return Content(clean_text(text))


def day(date: dt.date) -> str:
    """A date both people read the same way: 4 Mar 2026."""
    return f"{date.day} {date:%b %Y}"


def time_of_day(moment: dt.datetime) -> str:
    """A stored time (naive UTC) as the local clock shows it: 14:05."""
    return moment.replace(tzinfo=dt.UTC).astimezone().strftime("%H:%M")


def compared(change: int) -> str:
    """A change in total, said without judgement: '3 more than', '2 less than', 'the same as'."""
    if change == 0:
        return "the same as"
    return f"{abs(change)} {'more' if change > 0 else 'less'} than"


def problem_sentence(problem: ValidationError) -> str:
    """A broken rule as a form says it under its field: 'First name is required.'"""
    return f"{problem.field[0].upper()}{problem.field[1:]} {problem.message}."
