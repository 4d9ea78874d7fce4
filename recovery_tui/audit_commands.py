"""``recovery-tui audit``: the audit log printed, newest first, as aligned text or as CSV.

The same lines as the audit screen, all of them (the screen shows the newest 500): who, when, what,
which record, never what a record holds. Printing it is itself a line in the log.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sys
from typing import TYPE_CHECKING

from recovery_tui.config import Settings
from recovery_tui.record_commands import CommandError, open_records, store_must_exist, write_out

if TYPE_CHECKING:
    from recovery_tui.store import records

COLUMNS = ("When", "Who", "What", "Which record")
CSV_COLUMNS = ("when", "who", "what", "which", "record_id")
GAP = "  "


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser], where: argparse.ArgumentParser) -> None:
    audit = commands.add_parser(
        "audit", parents=[where], help="print the audit log, newest first: who did what to which record, and when"
    )
    audit.add_argument("--participant", metavar="P", help="only about this participant (id or agency ID)")
    audit.add_argument("--since", metavar="YYYY-MM-DD", help="only from this day on (the local date)")
    audit.add_argument("--csv", action="store_true", help="as CSV with a header row, times in UTC")


def since_date(given: str | None) -> dt.date | None:
    if given is None:
        return None
    try:
        return dt.date.fromisoformat(given.strip())
    except ValueError:
        raise CommandError(f"--since {given!r} is not a date: give it as YYYY-MM-DD, e.g. 2026-03-04") from None


def print_audit(settings: Settings, args: argparse.Namespace) -> int:
    from recovery_tui.store import records  # loaded when the command runs, not when the app starts

    since = since_date(args.since)
    store_must_exist(settings, "no audit log to print")
    open_records(settings)
    participant = records.participant_by_reference(args.participant) if args.participant else None
    lines = records.audit_lines(participant_id=participant, since=since, limit=None)
    records.note_audit_log_read(printed=True)
    write_out((as_csv(lines) if args.csv else as_text(lines)).encode("utf-8"))
    if not lines and not args.csv:
        print("Nothing in the audit log matches.", file=sys.stderr)
    return 0


def as_text(lines: list[records.AuditLine]) -> str:
    """Columns as wide as their widest entry, a header row first."""
    from rich.cells import cell_len  # wide letters take two columns in a terminal

    rows = [COLUMNS, *((line.when_words, line.who, line.what, line.which) for line in lines)]
    widths = [max(cell_len(row[column]) for row in rows) for column in range(len(COLUMNS) - 1)]
    out = []
    for row in rows:
        cells = [cell + " " * (width - cell_len(cell)) for cell, width in zip(row, widths, strict=False)]
        out.append(GAP.join([*cells, row[-1]]).rstrip() + "\n")
    return "".join(out)


def as_csv(lines: list[records.AuditLine]) -> str:
    """As ``export csv`` writes: a BOM for spreadsheets, ``\r\n``, and no cell a spreadsheet would run
    as a formula (a worker named "=cmd|..." gets a leading quote)."""
    from recovery_tui.exchange.csv_export import BOM, neutralised

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for line in lines:
        when = line.when.replace(microsecond=0).isoformat() + "Z"  # UTC, as the JSON export gives times
        cells = (when, line.who, line.what, line.which, line.record_id or "")
        writer.writerow([neutralised(cell) for cell in cells])
    return BOM + buffer.getvalue()
