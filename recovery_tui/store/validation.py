"""The rules every write obeys, whether typed on a screen or read from an import.

Each function takes what was given and returns the value to store, or raises
``ValidationError`` naming the record and field.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable

from recovery_tui.content.instruments import Instrument, InstrumentError, load_instrument
from recovery_tui.security import clean_line, clean_text
from recovery_tui.store.errors import ValidationError

NAME_MAX = 80
AGENCY_ID_MAX = 40
TEXT_MAX = 100_000


def problems_of(*checks: Callable[[], object]) -> list[ValidationError]:
    """Run every check and return all the rules broken, so that a form can show them together."""
    found = []
    for check in checks:
        try:
            check()
        except ValidationError as problem:
            found.append(problem)
    return found


def visible(text: str) -> bool:
    """Whether ``text`` has a character a person can see: not only spaces, joiners or marks."""
    return any(unicodedata.category(c)[0] in "LNPS" for c in text)


def required_line(record: str, field: str, value: object, max_length: int = NAME_MAX) -> str:
    """Text with at least one character a person can see: not only spaces, joiners or marks."""
    text = optional_line(record, field, value, max_length)
    if not visible(text):
        raise ValidationError(record, field, "is required")
    return text


def _text(record: str, field: str, value: object, max_length: int, clean: Callable[[str], str]) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(record, field, "must be text")
    text = clean(value)
    if len(text) > max_length:
        raise ValidationError(record, field, f"is {len(text)} characters; at most {max_length} fit")
    return text


def optional_line(record: str, field: str, value: object, max_length: int) -> str:
    return _text(record, field, value, max_length, clean_line)


def free_text(record: str, field: str, value: object, max_length: int = TEXT_MAX) -> str:
    return _text(record, field, value, max_length, clean_text)


EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)


def within_years(record: str, field: str, value: dt.date) -> dt.date:
    """A date or time the app can show and reckon with in any time zone: 1900 to 2100."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(record, field, f"{value.isoformat()} is not between {EARLIEST.year} and {LATEST.year}")
    return value


def first_name(value: object) -> str:
    return required_line("participant", "first name", value)


def agency_id(value: object) -> str | None:
    return optional_line("participant", "agency ID", value, AGENCY_ID_MAX) or None


def instrument(code: object) -> Instrument:
    if not isinstance(code, str):
        raise ValidationError("response", "instrument", "must be an instrument code")
    try:
        return load_instrument(code)
    except InstrumentError as error:
        raise ValidationError("response", "instrument", str(error)) from None


def statement_number(form: Instrument, number: object) -> int:
    if form.statement(number) is None:  # type: ignore[arg-type]
        raise ValidationError(
            "answer", "statement", f"{number!r} is not a statement of {form.code} (1 to {len(form.statements)})"
        )
    assert isinstance(number, int)
    return number


def answer_value(form: Instrument, value: object) -> int:
    if not form.is_valid_value(value):  # type: ignore[arg-type]
        allowed = ", ".join(str(choice.value) for choice in form.scale)
        raise ValidationError("answer", "value", f"{value!r} is not on the scale ({allowed})")
    assert isinstance(value, int)
    return value


RELATIONSHIPS = (
    "sponsor",
    "family",
    "partner",
    "friend",
    "peer worker",
    "counselor",
    "recovery group",
    "other",
)
ICRC_DOMAINS = (
    "Advocacy",
    "Ethical Responsibility",
    "Mentoring and Education",
    "Recovery/Wellness Support",
)
ACTIVITY_STATUSES = ("planned", "done", "partly", "not-yet")
FOCUS_AREAS_MAX = 5
HELPER_NOTES_MAX = 2000
ACTIVITIES_MAX = 10
ACTIVITY_TEXT_MAX = 200
REVIEW_NOTE_MAX = 500
PHONE_MAX = 40
_PHONE_CHARACTERS = set("0123456789 +-().#*/xXextEXT,;")


def phone(value: object) -> str:
    """Stored as typed; only plausible characters, 3 to 20 digits, or empty."""
    text = optional_line("helper", "phone", value, PHONE_MAX)
    if not text:
        return ""
    digits = sum(c.isdigit() for c in text)
    if set(text) - _PHONE_CHARACTERS or not 3 <= digits <= 20:
        raise ValidationError("helper", "phone", "does not look like a phone number (digits, spaces, + - ( ) only)")
    return text


def one_of(record: str, field: str, value: object, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValidationError(record, field, f"{value!r} is not one of: {', '.join(allowed)}")
    assert isinstance(value, str)
    return value


def feeling(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationError("check-in", "feeling", f"{value!r} is not from 1 to 5")
    return value


def focus_area(rank: object, statement: object, text: object) -> tuple[int, int | None, str]:
    if isinstance(rank, bool) or not isinstance(rank, int) or not 1 <= rank <= FOCUS_AREAS_MAX:
        raise ValidationError("focus area", "rank", f"{rank!r} is not from 1 to {FOCUS_AREAS_MAX}")
    words = free_text("focus area", "text", text, 500)
    if not visible(words):
        words = ""  # zero-width characters alone are no words: a statement's text shows instead, or none
    if statement is not None:
        statement = statement_number(instrument("idaho-rcs"), statement)
    elif not words:
        raise ValidationError("focus area", "text", "is required when no statement is chosen")
    return rank, statement, words
