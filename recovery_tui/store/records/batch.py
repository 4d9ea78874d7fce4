"""A batch of records as a whole, before and while it is merged: its ids unique across it, its
times in their own order, activities carried forward after the ones they came from, and the
groups of a few hundred records it is written in."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterator

from recovery_tui.store import validation
from recovery_tui.store.errors import ValidationError
from recovery_tui.store.records.transfer import (
    ActivityRecord,
    ParticipantRecord,
    RecordRefused,
    Stamped,
    VisitRecord,
    WorkerRecord,
    place,
)


def batches(
    workers: list[WorkerRecord], participants: list[ParticipantRecord], per_write: int
) -> Iterator[list[tuple[int, ParticipantRecord]]]:
    """Participants with their places in the batch, grouped so that each group holds about
    ``per_write`` records (a participant is never split). The workers go with the first."""
    group: list[tuple[int, ParticipantRecord]] = []
    size = sum(1 + len(w.responses) for w in workers)
    for index, person in enumerate(participants):
        group.append((index, person))
        size += _size(person)
        if size >= per_write:
            yield group
            group, size = [], 0
    if group or not participants:
        yield group


def _size(person: ParticipantRecord) -> int:
    held = (person.helpers, person.visits, person.responses, person.focus_areas, person.activities)
    answers = sum(len(r.answers) for r in person.responses)
    return 1 + sum(len(kind) for kind in held) + answers // 10


def _ids_of(workers: list[WorkerRecord], participants: list[ParticipantRecord]) -> Iterator[tuple[uuid.UUID, str]]:
    """Every record's id with its place in the batch."""
    for index, worker in enumerate(workers):
        yield worker.id, place("worker", index, worker.id)
        for i, response in enumerate(worker.responses):
            yield response.id, place("response", i, response.id, f"worker {index + 1}, ")
    for index, person in enumerate(participants):
        yield person.id, place("participant", index, person.id)
        within = f"participant {index + 1}, "
        kinds: list[tuple[str, tuple[Stamped, ...]]] = [
            ("helper", person.helpers),
            ("visit", person.visits),
            ("response", person.responses),
            ("focus area", person.focus_areas),
            ("activity", person.activities),
        ]
        for kind, held in kinds:
            for i, record in enumerate(held):
                yield record.id, place(kind, i, record.id, within)
        for i, visit in enumerate(person.visits):
            if visit.check_in is not None:
                yield visit.check_in.id, f"{place('visit', i, visit.id, within)}, check-in"


def check_ids_unique(workers: list[WorkerRecord], participants: list[ParticipantRecord]) -> None:
    first_seen: dict[uuid.UUID, str] = {}
    for record_id, where in _ids_of(workers, participants):
        if record_id in first_seen:
            earlier = first_seen[record_id]
            if "response" in where and earlier.startswith("worker") != where.startswith("worker"):
                raise RecordRefused(
                    where,
                    "id",
                    "is used twice in this file: a response belongs to a participant or to a worker, "
                    f"never both (also by {earlier})",
                )
            raise RecordRefused(where, "id", f"is used twice in this file (also by {earlier})")
        first_seen[record_id] = where


def check_times(kind: str, record: Stamped) -> None:
    """Every time and date between 1900 and 2100; a record not changed before it was made; a
    visit not ended before it started."""
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        if isinstance(value, dt.date):
            validation.within_years(kind, field.name, value)
    if record.updated < record.created:
        raise ValidationError(kind, "updated", "is before created")
    if isinstance(record, VisitRecord) and record.ended is not None and record.ended < record.started:
        raise ValidationError(kind, "ended", "is before started")


def carried_first(activities: tuple[ActivityRecord, ...]) -> list[tuple[int, ActivityRecord]]:
    """The activities with their indexes, each one carried forward placed after the activity it
    was carried from (the list is in creation order, but times can tie and ties go by id)."""
    pending = list(enumerate(activities))
    in_batch = {a.id for a in activities}
    done: set[uuid.UUID] = set()
    ordered: list[tuple[int, ActivityRecord]] = []
    while pending:
        ready = [(i, a) for i, a in pending if a.carried_from not in in_batch or a.carried_from in done]
        if not ready:
            index, activity = pending[0]
            raise ValidationError(
                "activity",
                "carried_from",
                f"activity {index + 1} (id {activity.id}) is carried from itself, directly or through others",
            )
        ordered += ready
        done.update(a.id for _, a in ready)
        taken = {i for i, _ in ready}
        pending = [(i, a) for i, a in pending if i not in taken]
    return ordered
