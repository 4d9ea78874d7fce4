"""The one place the app reads the date and time from.

Times are stored as naive UTC; ``today()`` is the local calendar date. Tests set
the clock so that snapshots and date logic do not change from day to day.
"""

from __future__ import annotations

import datetime as dt

_fixed: dt.datetime | None = None
_TICK = dt.timedelta(microseconds=1)


def now() -> dt.datetime:
    """The current time as naive UTC.

    A set clock still moves on by a microsecond at each reading, so that rows
    made one after another keep their order, as they do in real time.
    """
    global _fixed
    if _fixed is not None:
        _fixed += _TICK
        return _fixed
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def today() -> dt.date:
    """Today's local date."""
    return now().replace(tzinfo=dt.UTC).astimezone().date()


def set_now(moment: dt.datetime | None) -> None:
    """Fix the clock at ``moment`` (naive UTC, or aware), or free it with None."""
    global _fixed
    if moment is not None and moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    _fixed = moment
