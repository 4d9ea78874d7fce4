"""The check-in's questions and feeling words, read from assets/checkin.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from recovery_tui.assets import asset_path


@dataclass(frozen=True)
class CheckInWords:
    question: str
    went_well: str
    hard: str
    focus: str
    feelings: tuple[tuple[int, str], ...]  # (value, words), 5 down to 1

    def feeling(self, value: int) -> str:
        return dict(self.feelings)[value]


@lru_cache(maxsize=1)
def checkin_words() -> CheckInWords:
    path = asset_path("checkin.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    feelings = tuple(sorted(((f["value"], f["words"]) for f in data["feeling"]), reverse=True))
    if [value for value, _ in feelings] != [5, 4, 3, 2, 1] or not all(words for _, words in feelings):
        raise ValueError(f"{path.name}: feeling must give words for each of 5, 4, 3, 2 and 1")
    return CheckInWords(data["question"], data["went_well"], data["hard"], data["focus"], feelings)
