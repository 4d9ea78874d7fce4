"""The JSON document's vocabulary (DESIGN section 7): its name, version, schema and time forms."""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from typing import Any

from recovery_tui.assets import asset_path

FORMAT = "recovery-tui"
VERSION = 1
DECLINED = "declined"
SCHEMA_PATH = asset_path("schema", "recovery-tui-v1.schema.json")


def format_time(moment: dt.datetime | None) -> str | None:
    """Naive UTC to ISO 8601 with ``Z``; microseconds kept so that a round trip is exact."""
    if moment is None:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC).replace(tzinfo=None)


def format_date(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def parse_date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    with open(SCHEMA_PATH, encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded
