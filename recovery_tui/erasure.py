"""Erasing a participant for good, the one way both the command line and the app do it: the records
(``records.erase_participant``), then the take-home files written for them in the plans folder, then
the upgrade copies in ``backups/`` (rewritten without them, or removed). An import that carries an
erasure from another kiosk finishes the same way (``finish``).

What it says afterwards is counts and folders, never a name. Copies made elsewhere (``backup``, an
export) are out of its reach: they hold the participant until they are next made.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from recovery_tui.config import Settings
from recovery_tui.plans_folder import NAMED
from recovery_tui.store import records
from recovery_tui.store.backup_copies import erase_in_copies
from recovery_tui.store.errors import StoreError, ValidationError
from recovery_tui.store.records import ErasedParticipant

ELSEWHERE = (
    "Copies made with recovery-tui backup, and exports, still hold them until they are next made: "
    "replace or delete those too."
)
KIND_WORDS = {  # model names as a person counts them
    "Visit": ("visit", "visits"),
    "CheckIn": ("check-in", "check-ins"),
    "Response": ("form", "forms"),
    "Answer": ("answer", "answers"),
    "FocusArea": ("area to grow", "areas to grow"),
    "Helper": ("person who helps", "people who help"),
    "Activity": ("activity", "activities"),
    "ActivityHelper": ("link between an activity and a helper", "links between activities and helpers"),
    "Removal": ("note of something taken out", "notes of things taken out"),
    "AuditEvent": ("audit line", "audit lines"),
    "PlanFile": ("take-home file name", "take-home file names"),
}


class NotConfirmed(StoreError):
    """The first name typed is not the participant's: nothing was erased."""


@dataclass(frozen=True)
class ErasureReport:
    """What an erasure did, in counts: never a name or anything else about the person."""

    participants: int
    removed: Mapping[str, int] = field(default_factory=dict)  # records by model name (participants left out)
    plans_folder: Path | None = None
    plan_files_removed: int = 0
    plan_files_left: int = 0  # could not be removed: they still hold them
    backups_folder: Path | None = None
    copies_rewritten: int = 0
    copies_untouched: int = 0  # held nothing of them
    copies_removed: int = 0
    copies_left: int = 0  # could be neither rewritten nor removed: they still hold them
    files_cleared: bool = True  # the records' file and its -wal were rewritten without them


def erase(settings: Settings, participant_id: uuid.UUID, typed_first_name: str) -> ErasureReport:
    """Erase the participant (when ``typed_first_name`` is their first name: else ``NotConfirmed``, and
    nothing is erased), their take-home files and what the upgrade copies hold of them. Every failure is
    a ``StoreError`` with words a person can read.

    The files go first, while the records still name them; the copies last, for every participant ever
    erased here, so that an erasure cut short (a power cut, a copy that could not be read) is completed
    by the next one."""
    try:
        plan_files = records.plan_files_to_erase(participant_id, typed_first_name)
        files = _remove_plan_files(settings.plans_folder, plan_files)
        erased = records.erase_participant(participant_id, typed_first_name)
    except ValidationError as error:
        raise NotConfirmed(error.message) from None
    return finish(settings, [erased], files)


def finish(
    settings: Settings, erased: Sequence[ErasedParticipant], files: tuple[int, int] | None = None
) -> ErasureReport:
    """After participants were erased from the records (here, or by an import): their take-home files
    (unless ``files`` says how many were removed and left already) and the upgrade copies."""
    if not erased:
        return ErasureReport(participants=0)
    removed_files, left_files = files or _remove_plan_files(
        settings.plans_folder, [name for person in erased for name in person.plan_files]
    )
    now = {person.participant_id for person in erased}
    copies = erase_in_copies([*erased, *(e for e in records.earlier_erasures() if e.participant_id not in now)])
    removed: Counter[str] = Counter()
    for person in erased:
        removed.update({kind: n for kind, n in person.removed.items() if kind != "Participant"})
    return ErasureReport(
        participants=len(erased),
        removed=dict(removed),
        plans_folder=settings.plans_folder,
        plan_files_removed=removed_files,
        plan_files_left=left_files,
        backups_folder=copies.folder,
        copies_rewritten=len(copies.rewritten),
        copies_untouched=len(copies.untouched),
        copies_removed=len(copies.removed),
        copies_left=len(copies.left),
        files_cleared=all(person.files_cleared for person in erased),
    )


def _remove_plan_files(folder: Path, names: Sequence[str]) -> tuple[int, int]:
    """Only files recorded as written for them, and only by a name the plans folder gives (never a path
    elsewhere); a file already gone (expired, removed by hand) is fine. How many went, and were left."""
    removed = left = 0
    for name in names:
        if NAMED.match(name) is None:
            continue
        path = folder / name
        try:
            if path.exists():
                path.unlink()
                removed += 1
        except OSError:
            left += 1
    return removed, left


def _counted(count: int, kind: str) -> str:
    one, many = KIND_WORDS.get(kind, (kind, kind))
    return f"{count} {one if count == 1 else many}"


def _copies(count: int) -> str:
    return "1 copy" if count == 1 else f"{count} copies"


def report_lines(report: ErasureReport) -> list[str]:
    """What was done, a sentence a line, for the command line and the app."""
    who = "the participant" if report.participants == 1 else f"{report.participants} participants"
    kinds = [_counted(n, kind) for kind, n in sorted(report.removed.items()) if n and kind in KIND_WORDS]
    lines = [f"Erased {who} and everything recorded about them ({', '.join(kinds) or 'nothing more'})."]
    if not report.files_cleared:
        lines.append(
            "The records' files could not all be rewritten just now (another program was using them): "
            "what was erased is overwritten, but the -wal file beside the records may hold it until "
            "every program using the records is closed."
        )
    if report.plan_files_removed or report.plan_files_left:
        lines.append(f"Take-home files removed from {report.plans_folder}: {report.plan_files_removed}.")
    if report.plan_files_left:
        lines.append(f"{report.plan_files_left} take-home files could not be removed: delete them by hand.")
    copies = []
    if report.copies_rewritten:
        copies.append(f"{_copies(report.copies_rewritten)} rewritten without them")
    if report.copies_removed:
        copies.append(f"{_copies(report.copies_removed)} removed, as they could not be rewritten")
    if report.copies_left:
        copies.append(f"{_copies(report.copies_left)} could not be rewritten or removed: delete them by hand")
    if copies:
        lines.append(f"Upgrade copies in {report.backups_folder}: {'; '.join(copies)}.")
    lines.append(ELSEWHERE)
    return lines


def report_words(report: ErasureReport) -> str:
    return " ".join(report_lines(report))
