"""Dates and changes as both people at the screen read them, on screen and on paper alike."""

from __future__ import annotations

import datetime as dt


def day(date: dt.date) -> str:
    """A date both people read the same way: 4 Mar 2026."""
    return f"{date.day} {date:%b %Y}"


def compared(change: int) -> str:
    """A change in total, said without judgement: '3 more than', '2 less than', 'the same as'."""
    if change == 0:
        return "the same as"
    return f"{abs(change)} {'more' if change > 0 else 'less'} than"
