"""Support lines (f2 on every screen): the shipped list, or the agency's own.

The agency's list is a TOML file laid out like the shipped
``assets/support-lines.toml`` (which documents the fields). It lives as
``support-lines.toml`` in the data directory, or wherever the environment
variable ``RECOVERY_TUI_SUPPORT_LINES`` points. It is read each time the lines
are shown, so an edit is picked up without restarting.

A file that is absent gives the shipped lines. A file that is present but
cannot be used gives the shipped lines too, never a part of the agency's list,
and ``problem`` says which file and which field, for the worker to pass on.
Nothing here ever raises for a bad file.
"""

from __future__ import annotations

import functools
import os
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from recovery_tui.assets import asset_path
from recovery_tui.security import clean_line

ENV_VAR = "RECOVERY_TUI_SUPPORT_LINES"
FILE_NAME = "support-lines.toml"
MAX_LINES = 20
MAX_FILE_BYTES = 64 * 1024
LIMITS = {"name": 80, "contact": 80, "extra": 80, "note": 200}  # characters per field
REQUIRED = ("name", "contact")
USING_DEFAULTS = "showing the default support lines"


@dataclass(frozen=True)
class SupportLine:
    name: str
    contact: str  # how to reach it, e.g. "Call or text 988"
    extra: str = ""  # another way to reach it, e.g. "TTY 1-800-487-4889"
    note: str = ""


@dataclass(frozen=True)
class SupportLines:
    lines: tuple[SupportLine, ...]
    problem: str | None = None  # why the agency's file was not used, naming the file and field
    source: Path | None = None  # the agency's file, when it was read (used or not)


class _Malformed(ValueError):
    pass


# Used only if the shipped file itself is missing or broken (an incomplete install).
_LAST_RESORT = (SupportLine("988 Suicide & Crisis Lifeline", "Call or text 988"),)


def load_support_lines(path: Path | None) -> SupportLines:
    """The lines to show. ``path`` is the agency's file in the data directory (None: none);
    ``RECOVERY_TUI_SUPPORT_LINES``, when set, names the agency's file instead."""
    chosen = os.environ.get(ENV_VAR, "").strip()
    if chosen:
        path, must_exist = Path(chosen).expanduser(), True
    else:
        must_exist = False
    if path is None:
        return default_support_lines()
    try:
        if path.is_dir():
            return _fallback(path, f"{path.name} is a folder, not a file")
        if path.exists() and not path.is_file():  # a pipe or a device could block the screen
            return _fallback(path, f"{path.name} is not an ordinary file")
        data = _read(path)
    except FileNotFoundError:
        if not must_exist:
            return default_support_lines()
        return _fallback(path, f"{ENV_VAR} names {path}, which does not exist")
    except OSError as error:
        return _fallback(path, f"{path.name} cannot be read ({error.strerror or error})")
    except _Malformed as error:
        return _fallback(path, f"{path.name}: {error}")
    try:
        lines = parse_support_lines(data)
    except _Malformed as error:
        return _fallback(path, f"{path.name}: {error}")
    return SupportLines(lines, None, path)


@functools.cache
def default_support_lines() -> SupportLines:
    """The shipped lines (checked by the same rules as an agency's file)."""
    shipped = asset_path(FILE_NAME)
    try:
        return SupportLines(parse_support_lines(_read(shipped)))
    except (OSError, _Malformed) as error:
        return SupportLines(
            _LAST_RESORT, f"the shipped {FILE_NAME} cannot be used ({error}); showing the 988 line only"
        )


def _fallback(path: Path, problem: str) -> SupportLines:
    defaults = default_support_lines()
    return SupportLines(defaults.lines, defaults.problem or f"{clean_line(problem)}; {USING_DEFAULTS}", path)


def _read(path: Path) -> dict[str, object]:
    with path.open("rb") as file:
        raw = file.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise _Malformed(f"the file is larger than {MAX_FILE_BYTES // 1024} KB")
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark, as some editors write, is fine
    except UnicodeDecodeError as error:
        raise _Malformed(f"the file is not UTF-8 text (byte {error.start + 1})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _Malformed(f"the file is not valid TOML ({error})") from None
    except RecursionError:
        raise _Malformed("the file is nested too deeply") from None


def parse_support_lines(data: Mapping[str, object]) -> tuple[SupportLine, ...]:
    """Check a parsed file as a whole; raise :class:`_Malformed` naming the first bad field."""
    unknown = sorted(set(data) - {"lines"})
    if unknown:
        raise _Malformed(f"unknown setting {_quote(unknown[0])} (only [[lines]] entries belong here)")
    entries = data.get("lines")
    if entries is None:
        raise _Malformed("there are no [[lines]] entries")
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise _Malformed("lines should be a list of [[lines]] entries")
    if not entries:
        raise _Malformed("there are no [[lines]] entries")
    if len(entries) > MAX_LINES:
        raise _Malformed(f"there are {len(entries)} lines; at most {MAX_LINES} fit")
    return tuple(_line(entry, f"lines[{n}]") for n, entry in enumerate(entries, 1))


def _line(entry: Mapping[str, object], where: str) -> SupportLine:
    unknown = sorted(set(entry) - set(LIMITS))
    if unknown:
        allowed = ", ".join(LIMITS)
        raise _Malformed(f"{where} has an unknown key {_quote(unknown[0])} (allowed: {allowed})")
    values: dict[str, str] = {}
    for field, limit in LIMITS.items():
        value = entry.get(field)
        if value is None:
            if field in REQUIRED:
                raise _Malformed(f"{where}.{field} is missing")
            continue
        if not isinstance(value, str):
            raise _Malformed(f"{where}.{field} should be text in quotes, not {_kind(value)}")
        if any(not _shown(char) for char in value):
            raise _Malformed(f"{where}.{field} contains a control character")
        value = clean_line(value)
        if not value and field in REQUIRED:
            raise _Malformed(f"{where}.{field} is empty")
        if len(value) > limit:
            raise _Malformed(f"{where}.{field} is {len(value)} characters long; at most {limit} fit")
        values[field] = value
    return SupportLine(**values)


def _shown(char: str) -> bool:
    """Not a control character: a line break or tab inside one field counts as one too."""
    return unicodedata.category(char) not in ("Cc", "Cs") and char not in "\u2028\u2029"


def _quote(key: str) -> str:
    key = clean_line(key)
    return f"“{key[:40]}…”" if len(key) > 40 else f"“{key}”"


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"
