"""A document (``take_home.Document``) as a PDF that reads well printed in black and white.

DejaVu Sans, shipped in assets/fonts with its licence, is embedded; with fpdf2's text shaping
(uharfbuzz) Arabic and Hebrew come out joined and right to left, beside Latin, Greek and
Cyrillic. A character the font cannot draw (Chinese, Japanese, Korean, most emoji: decided by the font's
own character map) is never drawn as a box: it is left out, and its line is marked as being in
full in the text version.
"""

from __future__ import annotations

import functools
import unicodedata

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from recovery_tui.assets import asset_path
from recovery_tui.exchange.take_home import Document

FONT = "DejaVuSans"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
SIZES = (11, 10, 9)  # body text, smaller each time the document would run past MOST_PAGES
MOST_PAGES = 2
IN_TEXT_VERSION = "(in full in the text version)"
SOME_IN_TEXT_VERSION = (
    "Some letters or signs cannot be shown on this page; the lines marked “in full in the text version” "
    "are there word for word."
)
_INVISIBLE = {"Cc", "Cf", "Mn", "Me", "Zs", "Zl", "Zp"}  # nothing to draw, or drawn with the letter before


@functools.cache
def drawable() -> frozenset[int]:
    """The characters the embedded font has a glyph for."""
    return frozenset(TTFont(asset_path("fonts", FONT_FILES[""])).getBestCmap())


def can_draw(text: str) -> bool:
    have = drawable()
    return all(ord(c) in have or unicodedata.category(c) in _INVISIBLE for c in text)


def drawable_part(text: str) -> str:
    """``text`` with what the font cannot draw taken out and the line marked, never a box in its place."""
    if can_draw(text):
        return text
    have = drawable()
    kept = "".join(c for c in text if ord(c) in have or c.isspace())
    return " ".join([*kept.split(), IN_TEXT_VERSION])


def _render(document: Document, size: int) -> FPDF:
    pdf = FPDF(format="letter")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    for style, file in FONT_FILES.items():
        pdf.add_font(FONT, style, str(asset_path("fonts", file)))
    pdf.set_text_shaping(True, direction="ltr")  # the page is in English: right-to-left names run inside it
    pdf.set_title(document.title)
    pdf.set_creator("recovery-tui")
    pdf.add_page()
    width = pdf.epw

    def line(text: str, style: str = "", points: float = size, gap: float = 0.0) -> None:
        text = drawable_part(text)
        pdf.set_font(FONT, style, points)
        pdf.multi_cell(width, points * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if gap:
            pdf.ln(gap)

    everything = [document.title, document.subtitle, *(t for s in document.sections for t in (s.heading, *s.lines))]
    line(document.title, "B", size + 7, 1)
    line(document.subtitle, "", size + 1, 3)
    if not all(can_draw(text) for text in everything):
        line(SOME_IN_TEXT_VERSION, "", size - 1, 3)
    for section in document.sections:
        line(section.heading, "B", size + 2, 1)
        for text in section.lines:
            line(text)
        pdf.ln(3)
    return pdf


def as_pdf(document: Document, most_pages: int | None = MOST_PAGES) -> bytes:
    """The document as PDF bytes, on ``most_pages`` pages where a smaller type lets it fit (None: no limit)."""
    pdf = _render(document, SIZES[0])
    for size in SIZES[1:]:
        if most_pages is None or pdf.pages_count <= most_pages:
            break
        pdf = _render(document, size)
    return bytes(pdf.output())
