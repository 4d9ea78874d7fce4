"""Instruments (the forms) as data: load ``assets/instruments/*.toml``.

An instrument file holds, at the top level:

``code``          the instrument's id, lower-case words joined by ``-``; for a
                  shipped file it equals the file name without ``.toml``
``version``       text, e.g. ``"1"``; stored with every response
``title``         the name shown on screen
``source``        the source note (the full heading as printed)
``attribution``   optional short credit shown with the form, e.g. "Adapted from ..."
``instruction``   the line shown above the statements
``respondent``    optional, ``"participant"`` (default) or ``"worker"``: who fills it in
``scoring``       ``"sum"`` (a total exists only when every statement has a value)
                  or ``"none"`` (never a total)
``total_label``   optional label for the total, e.g. "My Score" (default "Total")
``develop_below`` optional integer: the summary lists the statements rated below
                  it as areas to develop (the supervisor self-assessment uses 3,
                  i.e. ratings 1 and 2)
``[[scale]]``     the response choices in display order: ``value`` (integer,
                  unique), ``label`` (verbatim), optional ``description``
``[[statements]]`` ``number`` (1..N in order) and ``text`` (verbatim)

"Prefer not to answer" is not a scale value: callers pass ``None`` for a declined
statement. A malformed file raises :class:`InstrumentError` naming the file and
the field.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from recovery_tui.assets import asset_path

SCORING_RULES = ("sum", "none")
RESPONDENTS = ("participant", "worker")

_CODE_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_TOP_LEVEL = {
    "code",
    "version",
    "title",
    "source",
    "attribution",
    "instruction",
    "respondent",
    "scoring",
    "total_label",
    "develop_below",
    "scale",
    "statements",
}
_CHOICE_KEYS = {"value", "label", "description"}
_STATEMENT_KEYS = {"number", "text"}


class InstrumentError(ValueError):
    """An instrument file is missing, unreadable or malformed."""


@dataclass(frozen=True)
class Statement:
    number: int
    text: str


@dataclass(frozen=True)
class Choice:
    value: int
    label: str
    description: str = ""


@dataclass(frozen=True)
class Instrument:
    code: str
    version: str
    title: str
    source: str
    instruction: str
    scoring: str
    statements: tuple[Statement, ...]
    scale: tuple[Choice, ...]
    attribution: str = ""
    respondent: str = "participant"
    total_label: str = "Total"
    develop_below: int | None = None

    # -- lookups -----------------------------------------------------------

    def is_valid_value(self, value: int) -> bool:
        """True if ``value`` is one of the scale's values (booleans never are)."""
        return isinstance(value, int) and not isinstance(value, bool) and any(c.value == value for c in self.scale)

    def statement(self, number: int) -> Statement | None:
        """The statement numbered ``number`` (1-based), or None if there is none."""
        if isinstance(number, int) and not isinstance(number, bool) and 1 <= number <= len(self.statements):
            return self.statements[number - 1]
        return None

    def choice(self, value: int) -> Choice | None:
        """The scale choice with ``value``, or None if it is not on the scale."""
        if not self.is_valid_value(value):
            return None
        return next(c for c in self.scale if c.value == value)

    def label(self, value: int) -> str:
        """The verbatim label of ``value``; KeyError if it is not on the scale."""
        choice = self.choice(value)
        if choice is None:
            raise KeyError(f"{self.code} has no scale value {value!r}")
        return choice.label

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(c.value for c in self.scale)

    # -- totals ------------------------------------------------------------

    @property
    def min_total(self) -> int | None:
        """Lowest possible total, or None when the instrument has no total."""
        if self.scoring != "sum":
            return None
        return len(self.statements) * min(self.values)

    @property
    def max_total(self) -> int | None:
        """Highest possible total, or None when the instrument has no total."""
        if self.scoring != "sum":
            return None
        return len(self.statements) * max(self.values)

    def _given(self, answers: Mapping[int, int | None]) -> dict[int, int | None]:
        """Check ``answers`` (statement number -> value, None = declined);
        ValueError for an unknown statement number or a value off the scale."""
        for number, value in answers.items():
            if self.statement(number) is None:
                raise ValueError(f"{self.code} has no statement {number!r}")
            if value is not None and not self.is_valid_value(value):
                raise ValueError(
                    f"{self.code}: statement {number}: {value!r} is not on the scale {sorted(self.values)}"
                )
        return dict(answers)

    def answered_count(self, answers: Mapping[int, int | None]) -> int:
        """How many statements have a value (declined and missing ones do not count)."""
        return sum(1 for v in self._given(answers).values() if v is not None)

    def answered_sum(self, answers: Mapping[int, int | None]) -> int:
        """Sum of the values given so far, whatever the scoring rule."""
        return sum(v for v in self._given(answers).values() if v is not None)

    def score(self, answers: Mapping[int, int | None]) -> int | None:
        """The total, or None: for "sum" only when every statement has a value
        (none declined, none missing); for "none" always None."""
        given = self._given(answers)
        values = [v for s in self.statements if (v := given.get(s.number)) is not None]
        return self.total_of(len(values), sum(values))

    def total_of(self, answered: int, answered_sum: int) -> int | None:
        """The total from how many statements have a value and what they add up to (as a database
        adds them up): for "sum" only when every statement has one; for "none" always None."""
        if self.scoring != "sum" or answered < len(self.statements):
            return None
        return answered_sum

    def areas_to_develop(self, answers: Mapping[int, int | None]) -> list[int]:
        """Statement numbers rated below ``develop_below``, in order (empty if unset)."""
        given = self._given(answers)
        below = self.develop_below
        if below is None:
            return []
        return [s.number for s in self.statements if (v := given.get(s.number)) is not None and v < below]


# -- loading ---------------------------------------------------------------


def _fail(name: str, field: str, problem: str) -> InstrumentError:
    return InstrumentError(f"{name}: {field} {problem}")


def _is_int(v: object) -> TypeGuard[int]:
    return isinstance(v, int) and not isinstance(v, bool)


def _text(
    name: str, table: Mapping[str, Any], key: str, field: str, *, required: bool = True, default: str = ""
) -> str:
    if key not in table:
        if required:
            raise _fail(name, field, "is missing")
        return default
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        raise _fail(name, field, "must be non-empty text")
    return value


def _int(name: str, table: Mapping[str, Any], key: str, field: str) -> int:
    if key not in table:
        raise _fail(name, field, "is missing")
    value = table[key]
    if not _is_int(value):
        raise _fail(name, field, "must be an integer")
    return value


def _tables(name: str, data: Mapping[str, Any], key: str, keys: set[str]) -> list[dict[str, Any]]:
    if key not in data:
        raise _fail(name, key, "is missing")
    items = data[key]
    if not isinstance(items, list) or not items:
        raise _fail(name, key, "must be a non-empty array of tables")
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise _fail(name, f"{key}[{i}]", "must be a table")
        unknown = sorted(set(item) - keys)
        if unknown:
            raise _fail(name, f"{key}[{i}].{unknown[0]}", "is not a known field")
    return items


def _parse(name: str, data: dict[str, Any]) -> Instrument:
    unknown = sorted(set(data) - _TOP_LEVEL)
    if unknown:
        raise _fail(name, unknown[0], "is not a known field")

    code = _text(name, data, "code", "code")
    if not _CODE_RE.match(code):
        raise _fail(name, "code", "must be lower-case letters and digits joined by '-'")
    version = _text(name, data, "version", "version")
    scoring = _text(name, data, "scoring", "scoring")
    if scoring not in SCORING_RULES:
        raise _fail(name, "scoring", f"must be one of {', '.join(SCORING_RULES)} (got {scoring!r})")
    respondent = _text(name, data, "respondent", "respondent", required=False, default="participant")
    if respondent not in RESPONDENTS:
        raise _fail(name, "respondent", f"must be one of {', '.join(RESPONDENTS)} (got {respondent!r})")
    develop_below = None
    if "develop_below" in data:
        develop_below = _int(name, data, "develop_below", "develop_below")

    scale: list[Choice] = []
    seen_values: set[int] = set()
    seen_labels: set[str] = set()
    for i, item in enumerate(_tables(name, data, "scale", _CHOICE_KEYS)):
        value = _int(name, item, "value", f"scale[{i}].value")
        if value in seen_values:
            raise _fail(name, f"scale[{i}].value", f"duplicates value {value}")
        label = _text(name, item, "label", f"scale[{i}].label")
        if label in seen_labels:
            raise _fail(name, f"scale[{i}].label", f"duplicates label {label!r}")
        description = _text(name, item, "description", f"scale[{i}].description", required=False)
        seen_values.add(value)
        seen_labels.add(label)
        scale.append(Choice(value, label, description))
    if len(scale) < 2:
        raise _fail(name, "scale", "must have at least two choices")

    statements: list[Statement] = []
    for i, item in enumerate(_tables(name, data, "statements", _STATEMENT_KEYS)):
        number = _int(name, item, "number", f"statements[{i}].number")
        if number != i + 1:
            raise _fail(
                name,
                f"statements[{i}].number",
                f"must be {i + 1} (statements are numbered 1..N in order), got {number}",
            )
        statements.append(Statement(number, _text(name, item, "text", f"statements[{i}].text")))

    return Instrument(
        code=code,
        version=version,
        title=_text(name, data, "title", "title"),
        source=_text(name, data, "source", "source"),
        instruction=_text(name, data, "instruction", "instruction"),
        scoring=scoring,
        statements=tuple(statements),
        scale=tuple(scale),
        attribution=_text(name, data, "attribution", "attribution", required=False),
        respondent=respondent,
        total_label=_text(name, data, "total_label", "total_label", required=False, default="Total"),
        develop_below=develop_below,
    )


def load_instrument_file(path: str | Path) -> Instrument:
    """Load and check one instrument file; InstrumentError if it is malformed."""
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InstrumentError(f"{name}: cannot be read: {exc.strerror or exc}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InstrumentError(f"{name}: is not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InstrumentError(f"{name}: invalid TOML: {exc}") from exc
    return _parse(name, data)


# Where instrument files are looked for, the shipped folder first. Tests add a folder of their own.
INSTRUMENT_FOLDERS: list[Path] = [asset_path("instruments")]


def _instrument_files() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in reversed(INSTRUMENT_FOLDERS):
        if folder.is_dir():
            found.update((p.stem, p) for p in folder.glob("*.toml") if p.is_file())
    return found


def available_instruments() -> list[str]:
    """Codes of the instruments that can be loaded, sorted."""
    return sorted(_instrument_files())


@functools.cache
def load_instrument(code: str) -> Instrument:
    """The instrument ``code`` (cached); InstrumentError if unknown or malformed."""
    files = _instrument_files()
    if code not in files:
        raise InstrumentError(f"unknown instrument {code!r}; available: {', '.join(sorted(files)) or 'none'}")
    instrument = load_instrument_file(files[code])
    if instrument.code != code:
        raise InstrumentError(f"{code}.toml: code must match the file name (got {instrument.code!r})")
    return instrument
