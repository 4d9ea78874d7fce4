"""Completed Recovery Capital Scales as CSV text, for a spreadsheet or an agency's report.

One row per completed ``idaho-rcs`` response of a participant, in the order the participants are
given, then by date. Drafts are never in it, nor supervisors' self-assessments (those belong to
workers, and only participants are passed in).

By default the file is *without names*: it carries the participant's UUID, not their first name or
agency ID. That is not anonymous: whoever holds the store (or the agency's own list) can tell who a
UUID is, and the answers themselves may be enough to recognise a person. Treat the file as
identifiable data. ``with_agency_id`` and ``with_names`` add those columns.

The text opens cleanly in a spreadsheet: a UTF-8 byte order mark first, ``\\r\\n`` line ends, and
every text cell that a spreadsheet would read as a formula (one starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) prefixed with a single quote, as OWASP advises against CSV
injection. Numbers are written as numbers and never changed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from recovery_tui.content.instruments import load_instrument
from recovery_tui.store import records

INSTRUMENT = records.SCALE  # "idaho-rcs"
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    """``text`` as a cell that cannot run as a formula: a leading quote when it starts like one."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def header(with_agency_id: bool = False, with_names: bool = False) -> list[str]:
    columns = ["participant_id"]
    if with_agency_id:
        columns.append("agency_id")
    if with_names:
        columns.append("first_name")
    return [*columns, "date", *(f"s{n}" for n in _numbers()), "total"]


def _numbers() -> range:
    """The statement numbers, 1..23."""
    return range(1, len(load_instrument(INSTRUMENT).statements) + 1)


def _cell(value: str | int | None) -> str | int:
    if value is None:
        return ""
    if isinstance(value, int):  # scale values and totals: positive, never neutralised
        return value
    return neutralised(value)


def scales_csv(
    participants: Sequence[records.ParticipantRecord], with_agency_id: bool = False, with_names: bool = False
) -> str:
    """Every completed Recovery Capital Scale of ``participants`` as CSV text (BOM, ``\\r\\n``):
    ``participant_id``, [``agency_id``], [``first_name``], ``date``, ``s1``..``s23`` (empty when
    declined), ``total`` (empty when there is none)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header(with_agency_id, with_names))
    numbers = _numbers()
    for person in participants:
        completed = [r for r in person.responses if r.complete and r.instrument == INSTRUMENT]
        for response in sorted(completed, key=lambda r: r.date):  # stable: same-day scales keep their order
            row: list[str | int | None] = [str(person.id)]
            if with_agency_id:
                row.append(person.agency_id)
            if with_names:
                row.append(person.first_name)
            row.append(response.date.isoformat())
            row.extend(response.answers.get(n) for n in numbers)
            row.append(response.total)
            writer.writerow([_cell(v) for v in row])
    return BOM + out.getvalue()
