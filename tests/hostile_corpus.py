"""One corpus of hostile text, and every text field it is pushed through (issue 17).

Each string has an id, what it attacks, and what must come back from it, written out here
letter for letter rather than computed by the product: ``line`` is what a one-line field or an
import keeps, ``block`` what a free-text field keeps (when that differs), ``pasted`` what arrives
at the app when a terminal pastes it (escape codes inside a paste are removed whole, see
``ui/paste.py``), and ``typed`` is read from the keys a keyboard can type. ``as_one_line`` and
``as_free_text`` restate the documented cleaning rules (DESIGN section 7, ``security.py``'s
docstring) independently, so that the expected forms of the long string, of text cut to a
field's limit, and of generated text need no call into the product; a test checks both agree.

The rules, as documented: control characters (C0, DEL, C1) and lone surrogates go; explicit
bidi overrides and isolates go; a one-line field turns line breaks and tabs into spaces, a
free-text field keeps line breaks as ``\\n`` and a tab as four spaces; the text is composed
(NFC) and its ends trimmed (each line right-trimmed in free text). Everything else (joiners,
variation selectors, combining marks, zero-width characters, marks of direction, any script) is
kept as it came.

Typing: Textual's ``Input`` inserts a key only when its character is printable in Python's sense
(``str.isprintable``), so format characters (joiners, zero-width spaces, marks of direction),
spaces other than the ASCII one, line and paragraph separators are not added when typed one key
at a time; pasting keeps them. Control characters are keys (escape, tab, enter), never text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from recovery_tui.ui.paste import END, START

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x85\v\f]")


def _kept(char: str) -> bool:
    return char not in BIDI_CONTROLS and unicodedata.category(char) not in ("Cc", "Cs")


def as_one_line(text: str) -> str:
    """A one-line field's rule: breaks and tabs to spaces, controls out, NFC, ends trimmed."""
    text = LINE_BREAK.sub(" ", text).replace("\t", " ")
    return unicodedata.normalize("NFC", "".join(c for c in text if _kept(c))).strip()


def as_free_text(text: str) -> str:
    """A free-text field's rule: breaks kept as \\n, a tab as four spaces, controls out, lines
    right-trimmed, NFC, ends trimmed."""
    lines = LINE_BREAK.split(text.replace("\t", "    "))
    kept = ("".join(c for c in line if _kept(c)).rstrip() for line in lines)
    return unicodedata.normalize("NFC", "\n".join(kept)).strip()


def in_a_box(text: str) -> str:
    """What a one-line box holds as text arrives: breaks and tabs as spaces, controls out (composed and
    trimmed only when saved)."""
    return "".join(c for c in LINE_BREAK.sub(" ", text).replace("\t", " ") if _kept(c))


def typeable(text: str) -> str:
    """The characters a person can type into a text box one key at a time (see the module's note)."""
    return "".join(c for c in text if c.isprintable())


def _long() -> str:
    """100,000 characters: words, an unbroken run of 300 letters, right-to-left words and an emoji,
    so that wrapping has spaces to break at and a run it must break inside."""
    unit = "Long notes wrap and scroll, never break the screen. " + "x" * 300 + " שלום مرحبا 🌱 "
    text = (unit * (100_000 // len(unit) + 1))[: 100_000 - 3] + "END"
    assert len(text) == 100_000 and as_one_line(text) == text
    return text


LONG = _long()


@dataclass(frozen=True)
class Hostile:
    id: str
    text: str  # what arrives: typed, pasted or imported
    attacks: str
    line: str  # what a one-line field, or an import into one, keeps
    block: str | None = None  # what a free-text field keeps, where that differs from ``line``
    pasted: str | None = None  # what a terminal paste hands the app, where escape codes are removed
    import_only: bool = False  # no terminal can send it (a lone surrogate is not UTF-8)

    @property
    def free_text(self) -> str:
        return self.line if self.block is None else self.block

    @property
    def arrives_pasted(self) -> str:
        """The text as the app receives it from a terminal's bracketed paste."""
        return self.text if self.pasted is None else self.pasted

    @property
    def terminal_paste(self) -> str:
        """What the terminal sends for a paste of this text."""
        return START + self.text + END

    @property
    def typed(self) -> str:
        return typeable(self.text)


CORPUS = [
    Hostile(
        "markup",
        "[bold]Ana[/bold] [red]x[/red]",
        "Rich/Textual markup tags: restyled text if parsed",
        "[bold]Ana[/bold] [red]x[/red]",
    ),
    Hostile("unbalanced-markup", "[/] Jo [/ [b", "closing tags with nothing open: a crash if parsed", "[/] Jo [/ [b"),
    Hostile(
        "markup-actions",
        "[@click=app.quit]Kim[/] [link='https://e.x']l[/link]",
        "Textual action and link markup: a key or click would run it",
        "[@click=app.quit]Kim[/] [link='https://e.x']l[/link]",
    ),
    Hostile(
        "placeholders",
        "{first_name} %s %(x)d $accent $text-error \\[esc]",
        "format placeholders, Textual style variables, an escaped bracket",
        "{first_name} %s %(x)d $accent $text-error \\[esc]",
    ),
    Hostile(
        "ansi-csi",
        "Jo\x1b[2J\x1b[31mred\x1b[0m!",
        "ANSI escapes: clear the screen, colour the rest red",
        "Jo[2J[31mred[0m!",
        pasted="Jored!",
    ),
    Hostile(
        "osc",
        "Al\x1b]0;pwned\x07ex \x1b]8;;http://e.x\x1b\\link\x1b]8;;\x1b\\",
        "OSC escapes: retitle the terminal, a hidden hyperlink",
        "Al]0;pwnedex ]8;;http://e.x\\link]8;;\\",
        pasted="Alex link",
    ),
    Hostile("c1-csi", "Bo\x9b31mb\x9b0m", "8-bit CSI (C1 controls)", "Bo31mb0m", pasted="Bob"),
    Hostile("controls", "Nu\x00ll\x07\x08\x7f!", "NUL, BEL, backspace and DEL", "Null!"),
    Hostile(
        "line-breaks",
        "one\ntwo\r\nthree\tfour\u2028five\x0bsix",
        "line breaks of every kind and a tab: a one-line row split in two",
        "one two three four five six",
        block="one\ntwo\nthree    four\nfive\nsix",
    ),
    Hostile("long", LONG, "100,000 characters, with an unbroken run of 300", LONG),
    Hostile(
        "emoji-joiners",
        "Sam 🧡🏳️‍🌈👩‍👩‍👧‍👦👍🏽",
        "emoji joined by zero-width joiners, variation selectors, skin tones",
        "Sam 🧡🏳️‍🌈👩‍👩‍👧‍👦👍🏽",
    ),
    Hostile("arabic", "مريم سعيد", "right-to-left script, joined letters", "مريم سعيد"),
    Hostile(
        "bidi-mixed", "דנה (Dana) 123 مريم", "right-to-left and left-to-right mixed with digits", "דנה (Dana) 123 مريم"
    ),
    Hostile(
        "bidi-overrides",
        "\u202eevil\u202c.txt \u2066iso\u2069 \u202dlro",
        "bidi overrides and isolates: a row that reads backwards",
        "evil.txt iso lro",
    ),
    Hostile(
        "direction-marks",
        "\u200fRLM\u200e LRM \u061cALM",
        "marks of direction (kept: they cannot reorder letters)",
        "\u200fRLM\u200e LRM \u061cALM",
    ),
    Hostile("combining", "Zoe\u0308 Ame\u0301lie", "decomposed accents: stored composed", "Zoë Amélie"),
    Hostile(
        "zalgo",
        "Z\u0336\u0337\u0338\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309\u030a\u030balgo",
        "a letter under fourteen combining marks",
        "Z\u0336\u0337\u0338\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309\u030a\u030balgo",
    ),
    Hostile(
        "zero-width",
        "Ze\u200bro\u200cwi\u200ddth\u2060\ufeffx",
        "zero-width space, non-joiner, joiner, word joiner, BOM",
        "Ze\u200bro\u200cwi\u200ddth\u2060\ufeffx",
    ),
    Hostile(
        "wide",
        "王小明 \uff46\uff55\uff4c\uff4c 한국어",
        "double-width letters the PDF font lacks",
        "王小明 \uff46\uff55\uff4c\uff4c 한국어",
    ),
    Hostile("formula", "=cmd|' /C calc'!A0", "a spreadsheet formula (CSV injection)", "=cmd|' /C calc'!A0"),
    Hostile(
        "quotes",
        'O\'Brien "Bo" <b>&amp;</b> \\ `x` ;--',
        "quotes, backslash and HTML: CSV, JSON and PDF quoting",
        'O\'Brien "Bo" <b>&amp;</b> \\ `x` ;--',
    ),
    Hostile(
        "invisible",
        "\u200b\u200d\u00a0 \u3000",
        "nothing visible: zero-width characters and odd spaces",
        "\u200b\u200d",
    ),
    Hostile("lone-surrogate", "Ana\ud800", "a lone surrogate, written in JSON as \\ud800", "Ana", import_only=True),
]
BY_ID = {hostile.id: hostile for hostile in CORPUS}
TERMINAL = [h for h in CORPUS if not h.import_only]  # what a terminal can send
SHORT = [h for h in TERMINAL if len(h.text) < 200]  # short enough to type
# One string for each way a box treats what arrives differently: markup kept as typed and over 40
# characters, escape codes typed (their remnants kept) or pasted (removed whole), line breaks (dropped
# as keys, spaces in a one-line box when pasted), longer than any box, joiners dropped as keys, bidi
# overrides, decomposed accents composed on saving, and nothing visible. The first name and agency ID
# (typed), the review note and the check-in's focus (pasted) take the whole corpus; the other fields,
# built on the same boxes, these, so that the corpus stays within its time.
EACH_RULE = [
    BY_ID[key]
    for key in (
        "markup-actions",
        "ansi-csi",
        "osc",
        "line-breaks",
        "long",
        "emoji-joiners",
        "bidi-overrides",
        "combining",
        "invisible",
    )
]


# The text fields ------------------------------------------------------------------------------------

PHONE_CHARACTERS = frozenset("0123456789 +-().#*/xXextEXT,;")


@dataclass(frozen=True)
class Field:
    """A text field: where it is, how a person fills it in, and what the store keeps of it."""

    id: str
    screen: str
    entered: str  # "keys": short, typed key by key (pasted when too long to type); "paste": long text
    box: int | None  # characters its one-line box takes (None: a box of free text, of any length)
    store: int  # characters the store keeps
    free: bool  # the store keeps line breaks (what a one-line box sends has none)
    required: bool
    message_name: str  # how the form names it in a message
    fallback: str = ""  # typed instead, once the form has said why it refused the hostile text

    def arrives(self, hostile: Hostile, how: str) -> str:
        """What reaches the field: typed keys, a terminal paste, or the text itself (import)."""
        if how == "typed":
            return hostile.typed
        if how == "pasted":
            return hostile.arrives_pasted
        return hostile.text

    def kept(self, hostile: Hostile, how: str) -> str:
        """What the store keeps of it, when no rule of the store refuses it."""
        text = self.arrives(hostile, how)
        if how == "imported":
            return as_free_text(text) if self.free else as_one_line(text)
        if self.box is None:
            return as_free_text(text)
        return as_one_line(in_a_box(text)[: self.box])  # held to the box's limit as it arrives

    def problem(self, kept: str) -> str | None:
        """The message the form shows for what it holds, or None when it is saved."""
        if self.required and not any(unicodedata.category(c)[0] in "LNPS" for c in kept):
            return f"{self.message_name} is required."
        if len(kept) > self.store:
            return f"{self.message_name} is {len(kept)} characters; at most {self.store} fit."
        if self.id == "helper-phone" and kept:
            digits = sum(c.isdigit() for c in kept)
            if set(kept) - PHONE_CHARACTERS or not 3 <= digits <= 20:
                return "That does not look like a phone number"
        return None


FIELDS = [
    Field("first-name", "new participant", "keys", 80, 80, False, True, "First name", "Ana"),
    Field("agency-id", "new participant", "keys", 40, 40, False, False, "Agency ID", "A-1"),
    Field("helper-name", "who will help me", "keys", 80, 80, False, True, "Name", "Mo"),
    Field("helper-phone", "who will help me", "keys", 40, 40, False, False, "Phone", "555-0101"),
    Field("helper-notes", "who will help me", "paste", 200, 2000, True, False, "Notes"),
    Field("activity", "weekly plan", "keys", 200, 200, False, True, "Text", "Walk"),
    Field("own-words", "areas to grow", "keys", 200, 500, True, True, "Text", "Grow"),
    Field("review-note", "looking back at last week", "paste", 500, 500, True, False, "Review note"),
    Field("went-well", "check-in", "paste", None, 100_000, True, False, "Went well"),
    Field("hard", "check-in", "paste", None, 100_000, True, False, "Hard"),
    Field("focus", "check-in", "paste", None, 100_000, True, False, "Focus"),
    Field("visit-note", "visit note", "paste", None, 100_000, True, False, "Note"),
    Field("worker-name", "workers", "keys", 80, 80, False, True, "Name", "Sam"),
]
FIELD = {field.id: field for field in FIELDS}


def how_entered(field: Field, hostile: Hostile) -> str:
    """Keys for a short field, unless the text is too long to type; paste for long text."""
    return "typed" if field.entered == "keys" and hostile in SHORT else "pasted"
