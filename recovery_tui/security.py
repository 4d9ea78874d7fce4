"""Text sanitising: what a person types is kept as typed, minus what can hurt.

Control characters (C0, DEL, C1) could move the cursor or retitle the terminal,
lone surrogates cannot be stored, and explicit bidi overrides can make a row
read backwards. Joiners, variation selectors and combining marks are kept, so
emoji sequences and names in any script survive.
"""

from __future__ import annotations

import re
import unicodedata

_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85\v\f]")


def _keep(char: str) -> bool:
    if char in _BIDI_CONTROLS:
        return False
    return unicodedata.category(char) not in ("Cc", "Cs")


def printable(text: str) -> str:
    """Text as it may be typed into a one-line field: line breaks and tabs become spaces, controls go."""
    text = _LINE_BREAKS.sub(" ", text).replace("\t", " ")
    return "".join(c for c in text if _keep(c))


def printable_block(text: str) -> str:
    """Text as it may be typed into a notes box: line breaks kept (as \\n), other controls go."""
    lines = _LINE_BREAKS.split(text.replace("\t", "    "))
    return "\n".join("".join(c for c in line if _keep(c)) for line in lines)


def clean_line(text: str) -> str:
    """One line of text as stored: printable, composed (NFC), ends trimmed."""
    return unicodedata.normalize("NFC", printable(text)).strip()


def clean_text(text: str) -> str:
    """Free text as stored: printable lines, each right-trimmed, composed (NFC), ends trimmed."""
    kept = (line.rstrip() for line in printable_block(text).split("\n"))
    return unicodedata.normalize("NFC", "\n".join(kept)).strip()


def search_key(text: str) -> str:
    """The form of a name or query compared in search, the same on every database: compatibility
    forms folded (NFKC), case folded, accents taken off ("Zoë", "ZOE" and "zoe" all give "zoe")."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", clean_line(text)).casefold())
    return unicodedata.normalize("NFC", "".join(c for c in folded if unicodedata.category(c) != "Mn"))
