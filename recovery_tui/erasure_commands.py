"""``recovery-tui erase --participant P``: erase a participant for good, once their first name is typed
on the terminal (or given with ``--confirm NAME``, for a script). The name asked for is never shown:
whoever erases must know it."""

from __future__ import annotations

import sys

from recovery_tui import erasure
from recovery_tui.config import Settings
from recovery_tui.record_commands import CommandError, open_records, store_must_exist

ASK = "To erase this participant for good, type their first name and press enter: "


def _typed_name() -> str:
    """The first name as typed on standard input (a terminal, or a pipe): not secret, so not hidden."""
    print(ASK, end="", file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    if not line:
        raise CommandError("no first name was typed; nothing was erased")
    return line.rstrip("\r\n")


def erase(settings: Settings, reference: str | None, confirm: str | None) -> int:
    from recovery_tui.store import records

    if not reference:
        raise CommandError("erase needs --participant P (their id or agency ID)")
    store_must_exist(settings, "nothing was erased")
    open_records(settings)
    person = records.participant_by_reference(reference)
    typed = confirm if confirm is not None else _typed_name()
    try:
        report = erasure.erase(settings, person, typed)
    except erasure.NotConfirmed as error:
        raise CommandError(str(error)) from None
    for line in erasure.report_lines(report):
        print(line, file=sys.stderr)
    return 0
