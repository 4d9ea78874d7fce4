"""The plain-text plan as QR codes for the participant's own phone camera: nothing goes over a network.

A plan too long for one code that fits the screen is split into numbered codes, each beginning
"(2/3)", between lines where it can be and never inside a character. The text is encoded as
UTF-8 bytes (segno), error correction L: the code is read off a bright screen, not a worn sheet.
"""

from __future__ import annotations

import segno

BORDER = 2  # the quiet zone, in modules, on each side
ERROR = "l"
MOST_CODES = 99
# Bytes a code holds in byte mode at error correction L, versions 1 to 40 (ISO/IEC 18004, table 7).
BYTES_AT_L = (
    17, 32, 53, 78, 106, 134, 154, 192, 230, 271, 321, 367, 425, 458, 520, 586, 644, 718, 792, 858,
    929, 1003, 1091, 1171, 1273, 1367, 1465, 1528, 1628, 1732, 1840, 1952, 2068, 2188, 2303, 2431,
    2563, 2699, 2809, 2953,
)  # fmt: skip


class TooSmall(ValueError):
    """Not even the smallest code fits in the room given, or the text needs too many."""


def largest_version(modules: int) -> int:
    """The largest QR version whose side, quiet zone included, is at most ``modules``."""
    version = min(40, (modules - 2 * BORDER - 17) // 4)
    if version < 1:
        raise TooSmall(f"a QR code needs at least {21 + 2 * BORDER} modules a side, not {modules}")
    return version


def split(text: str, version: int) -> list[str]:
    """``text`` in pieces that each fit a code of ``version`` or smaller, numbered when more than one."""
    room = BYTES_AT_L[version - 1]
    if len(text.encode("utf-8")) <= room:
        return [text]
    for digits in (1, 2):  # "(1/9) " while it takes fewer than ten codes, "(10/12) " after
        prefix = len(f"({'9' * digits}/{'9' * digits}) ")
        pieces = _pieces(text, room - prefix)
        if len(pieces) < 10**digits:
            break
    if len(pieces) > MOST_CODES:
        raise TooSmall(f"the text needs more than {MOST_CODES} codes at this size")
    return [f"({n}/{len(pieces)}) {piece}" for n, piece in enumerate(pieces, 1)]


def _pieces(text: str, room: int) -> list[str]:
    """Pieces of at most ``room`` UTF-8 bytes, each ending at a line break where one is in the second half."""
    if room < 4:  # the longest character in UTF-8
        raise TooSmall("no text fits beside the number")
    pieces = []
    rest = text
    while rest:
        cut, used = 0, 0
        for character in rest:
            used += len(character.encode("utf-8"))
            if used > room:
                break
            cut += 1
        if cut < len(rest):
            at_line = rest.rfind("\n", 0, cut)
            if at_line >= cut // 2:
                cut = at_line + 1
        pieces.append(rest[:cut])
        rest = rest[cut:]
    return pieces


def matrix(text: str) -> list[list[bool]]:
    """The code for ``text`` as rows of modules, True for dark, with its quiet zone."""
    code = segno.make_qr(text, error=ERROR, encoding="utf-8", boost_error=False)
    return [[bool(module) for module in row] for row in code.matrix_iter(border=BORDER)]
