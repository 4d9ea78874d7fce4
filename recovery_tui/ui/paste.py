"""Terminal input split into what was typed and what was pasted, before any of it is read as keys.

A terminal brackets a paste as ``ESC [200~`` text ``ESC [201~``. Textual 8.2.8's parser
reads an escape code inside a paste as live keys, ahead of the paste (so a pasted ``ESC``
then ``ctrl+q`` quits), and some terminals (tmux 3.3a) pass a pasted end marker through,
so that what follows it in the clipboard arrives as typed keys. A terminal sends a paste
without pausing, so here a paste is what comes from its start marker up to the last end
marker before the input pauses (or up to the pause, if it never ends), and the escape
codes inside it are removed where they stand.
"""

from __future__ import annotations

import re

START = "\x1b[200~"
END = "\x1b[201~"
# CSI (7- and 8-bit, or cut short), OSC, DCS, SOS, PM and APC strings, two-character escapes, a lone ESC.
ESCAPE_CODE = re.compile(
    r"\x1b\[[0-?]*[ -/]*(?:[@-~]|$)|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]|\x1b"
)

Piece = tuple[bool, str]  # (pasted, text)


def strip_escape_codes(text: str) -> str:
    return ESCAPE_CODE.sub("", text)


def _marker_start_at_end(text: str) -> int:
    """How many characters at the end of ``text`` could begin a paste marker still arriving."""
    for n in range(min(len(START) - 1, len(text)), 0, -1):
        if START.startswith(text[-n:]) or END.startswith(text[-n:]):
            return n
    return 0


class PasteSplitter:
    def __init__(self) -> None:
        self._held = ""  # input not yet known to be typed or pasted
        self._pasted: list[str] | None = None  # inside a paste: its text so far
        self._ended = False  # an end marker came; a later one in the same burst still ends this paste

    @property
    def waiting(self) -> bool:
        """Whether a pause in the input would settle something held back."""
        return self._pasted is not None or bool(self._held)

    def feed(self, text: str) -> list[Piece]:
        pieces: list[Piece] = []
        held = self._held + text
        self._held = ""
        while held:
            if self._pasted is None:
                at = [i for i in (held.find(START), held.find(END)) if i >= 0]
                if not at:
                    keep = _marker_start_at_end(held)
                    pieces.append((False, held[: len(held) - keep]))
                    self._held = held[len(held) - keep :]
                    break
                pieces.append((False, held[: min(at)]))
                if held.startswith(START, min(at)):
                    self._pasted = []
                held = held[min(at) + len(START) :]  # an end marker with no paste open is dropped
            elif not self._ended:
                end = held.find(END)
                if end < 0:
                    keep = _marker_start_at_end(held)
                    self._pasted.append(held[: len(held) - keep])
                    self._held = held[len(held) - keep :]
                    break
                self._pasted.append(held[:end])
                held = held[end + len(END) :]
                self._ended = True
            else:
                end = held.rfind(END)
                if end >= 0:  # the earlier end marker was part of what was pasted
                    self._pasted.append(held[:end])
                    held = held[end + len(END) :]
                self._held = held
                break
        return [piece for piece in pieces if piece[1]]

    def pause(self) -> list[Piece]:
        """The input paused: a paste is over, and what is held back after it was typed."""
        if self._pasted is not None:
            if not self._ended:  # no end marker came: what is held is the paste's own
                self._pasted.append(self._held)
                self._held = ""
            pasted, after = strip_escape_codes("".join(self._pasted)), self._held
            self._pasted, self._ended, self._held = None, False, ""
            return [(True, pasted), *self.feed(after)]
        typed, self._held = self._held, ""
        return [(False, typed)] if typed else []
