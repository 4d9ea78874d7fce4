"""Worker PINs and the wait after wrong ones; text sanitising.

A PIN is kept only as a scrypt hash with a salt of its own, so that the file does not give it up
and two workers with one PIN have different hashes. After five wrong PINs in a row, each try
waits longer than the last.

Text sanitising: what a person types is kept as typed, minus what can hurt.

Control characters (C0, DEL, C1) could move the cursor or retitle the terminal,
lone surrogates cannot be stored, and explicit bidi overrides can make a row
read backwards. Joiners, variation selectors and combining marks are kept, so
emoji sequences and names in any script survive.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata

PIN_LENGTHS = range(4, 13)
PIN_RULE = "A PIN is 4 to 12 digits."
FREE_TRIES = 5  # wrong PINs in a row before each further try must wait
FIRST_WAIT_SECONDS = 5.0  # after the fifth wrong PIN; doubled for each one after it
LONGEST_WAIT_SECONDS = 300.0
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}  # 16 MiB and about 50 ms a check: slow to guess, quick to type


def pin_problem(pin: str) -> str | None:
    """What is wrong with ``pin`` as a new PIN, or None."""
    if len(pin) not in PIN_LENGTHS or not (pin.isascii() and pin.isdigit()):
        return PIN_RULE
    return None


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)


def hash_pin(pin: str) -> str:
    """The text kept for ``pin``: ``scrypt$n$r$p$salt$hash`` (hex), the salt fresh each time."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(pin, salt, **_SCRYPT)
    return "$".join(["scrypt", str(_SCRYPT["n"]), str(_SCRYPT["r"]), str(_SCRYPT["p"]), salt.hex(), digest.hex()])


def pin_matches(pin: str, kept: str) -> bool:
    """Whether ``pin`` is the one ``kept`` was made from; a kept text of another form matches nothing."""
    try:
        scheme, n, r, p, salt, digest = kept.split("$")
        if scheme != "scrypt":
            return False
        given = _scrypt(pin, bytes.fromhex(salt), int(n), int(r), int(p))
        return hmac.compare_digest(given, bytes.fromhex(digest))
    except (ValueError, TypeError, OverflowError):  # hashlib takes a negative or huge n, r or p as a TypeError
        return False


def wait_after(failures: int) -> float:
    """Seconds the next try must wait after ``failures`` wrong PINs in a row."""
    if failures < FREE_TRIES:
        return 0.0
    return min(FIRST_WAIT_SECONDS * 2.0 ** (failures - FREE_TRIES), LONGEST_WAIT_SECONDS)


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
