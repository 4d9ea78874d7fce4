"""Workers: who is signed in, their PINs, the wait after wrong ones, and retiring.

Without any worker the app runs as an unnamed peer worker (``acting_worker()`` is None). Once a
supervisor exists and some worker has a PIN, only a signed-in supervisor adds or retires workers;
only a supervisor ever resets another's PIN.
A PIN is checked for one chosen worker (one hash, never one per worker), and every wrong one is
in the audit log, which is also where the wait after five in a row is counted from: a restart
does not clear it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from recovery_tui import clock, security
from recovery_tui.store import validation
from recovery_tui.store.errors import ValidationError
from recovery_tui.store.models import AuditEvent, Worker
from recovery_tui.store.records import common
from recovery_tui.store.records.common import audit, get_row, guarded, rows_of, touch, transaction

ROLES = {"peer": "Peer worker", "supervisor": "Supervisor"}
SUCCESS = ("sign in", "unlock", "PIN again")  # "PIN again": typed once more before the audit log or erasure
FAILURE = "failed unlock"
# What ends a run of wrong PINs: a right one, or a new PIN (changed with the current one, or reset by a
# supervisor for a worker who had forgotten theirs: the wait is for guessing, not for them). Retiring is a
# "change" too, and a retired worker does not sign in.
FRESH_START = (*SUCCESS, "change")


@dataclass(frozen=True)
class WorkerRow:
    id: uuid.UUID
    name: str
    role: str  # a key of ROLES
    has_pin: bool
    retired: dt.datetime | None

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"

    @property
    def role_words(self) -> str:
        return ROLES[self.role]


@dataclass(frozen=True)
class PinCheck:
    """What came of a PIN: right, or wrong (or not tried) with the seconds the next try must wait."""

    right: bool
    wait_seconds: float = 0.0


def _row(worker: Worker) -> WorkerRow:
    return WorkerRow(worker.id, worker.name, worker.role, worker.pin_hash is not None, worker.retired)


@guarded
def workers(with_retired: bool = False, with_pin_only: bool = False) -> list[WorkerRow]:
    """Workers in the order of their names, as a person reads them ("ana" before "Ben"), the same on
    every database (a database's own order puts capitals first, and differs between SQLite and PostgreSQL)."""
    query = Worker.select().order_by(Worker.created)
    if not with_retired:
        query = query.where(Worker.retired.is_null())
    if with_pin_only:
        query = query.where(Worker.pin_hash.is_null(False))
    return [_row(w) for w in sorted(query, key=lambda w: security.search_key(w.name))]  # stable: then created


@guarded
def get_worker(worker_id: object) -> WorkerRow:
    return _row(get_row(Worker, worker_id))


@guarded
def any_pin() -> bool:
    """Whether some worker who has not retired has a PIN: then the screen can lock, and start-up asks
    for a sign-in."""
    return bool(Worker.select().where(Worker.retired.is_null() & Worker.pin_hash.is_null(False)).exists())


def acting_worker_id() -> uuid.UUID | None:
    return common.acting_worker_id


@guarded
def acting_worker() -> WorkerRow | None:
    """The signed-in worker, or None for the unnamed peer worker."""
    worker_id = common.acting_worker_id
    return None if worker_id is None else get_worker(worker_id)


def act_as(worker_id: uuid.UUID | None) -> None:
    """What is recorded from now on is this worker's (None: the unnamed peer worker). Only after a
    right PIN, or for a worker without one."""
    common.acting_worker_id = worker_id


def _guarded() -> bool:
    """Whether a supervisor with a PIN exists: then only a supervisor who typed their PIN adds, retires
    or resets, and a supervisor without a PIN cannot sign in (anyone could, with an empty one)."""
    return bool(
        Worker.select()
        .where(Worker.retired.is_null() & (Worker.role == "supervisor") & Worker.pin_hash.is_null(False))
        .exists()
    )


def _acting_supervisor(with_pin: bool = False) -> bool:
    """Whether the signed-in worker is a supervisor now (and has a PIN): one retired since they signed
    in (by another supervisor, perhaps at another kiosk) no longer is."""
    acting = common.acting_worker_id
    if acting is None:
        return False
    worker = Worker.get_or_none(Worker.id == acting)
    if worker is None or worker.role != "supervisor" or worker.retired is not None:
        return False
    return worker.pin_hash is not None or not with_pin


@dataclass(frozen=True)
class WorkerRights:
    """What the person at the screen may do in the worker menu, by the rules below."""

    manage: bool  # add and retire workers
    reset: bool  # set a new PIN for another worker
    self_assess: bool  # fill in the supervisor's self-assessment


@guarded
def worker_rights() -> WorkerRights:
    return WorkerRights(
        manage=not _guarded() or _acting_supervisor(),
        reset=_acting_supervisor(with_pin=True),
        self_assess=_acting_supervisor(),
    )


def _only_a_supervisor(doing: str) -> None:
    """Once a supervisor has a PIN: before that, anyone at the screen could sign in as any supervisor."""
    if not _guarded():
        return
    if not _acting_supervisor():
        raise ValidationError("worker", "role", f"only a signed-in supervisor can {doing}")


def _pin(field: str, pin: str) -> str:
    problem = security.pin_problem(pin)
    if problem:
        raise ValidationError("worker", field, problem)
    return pin


@guarded
def worker_problems(name: str, role: str, pin: str, pin_again: str) -> list[ValidationError]:
    """Every rule a new worker's fields break, all at once. An empty PIN is no PIN."""
    checks: list[Callable[[], object]] = [
        lambda: validation.required_line("worker", "name", name),
        lambda: validation.one_of("worker", "role", role, tuple(ROLES)),
    ]
    if pin or pin_again:
        checks.append(lambda: _pin("PIN", pin))
        if pin != pin_again:
            checks.append(lambda: _raise("PIN again", "is not the same PIN"))
    return validation.problems_of(*checks)


def _raise(field: str, message: str) -> None:
    raise ValidationError("worker", field, message)


@guarded
def create_worker(name: str, role: str = "peer", pin: str | None = None) -> WorkerRow:
    kept = security.hash_pin(_pin("PIN", pin)) if pin else None
    with transaction():
        _only_a_supervisor("add workers")
        if role == "supervisor" and kept is None and any_pin():
            raise ValidationError("worker", "PIN", "a supervisor needs a PIN once workers have PINs")
        worker = Worker.create(
            name=validation.required_line("worker", "name", name),
            role=validation.one_of("worker", "role", role, tuple(ROLES)),
            pin_hash=kept,
        )
        audit("create", "worker", worker.id)
    return _row(worker)


@guarded
def change_own_pin(current: str, new: str) -> None:
    """The signed-in worker's new PIN, given the one they have now (if they have one)."""
    acting = common.acting_worker_id
    if acting is None:
        raise ValidationError("worker", "PIN", "sign in first to change your PIN")
    worker = get_row(Worker, acting)
    if worker.pin_hash is not None and wait_before_pin(worker.id) > 0:  # not checked at all while waiting
        raise ValidationError("worker", "current PIN", "too many wrong PINs in a row: wait, then try again")
    if worker.pin_hash is not None and not security.pin_matches(current, worker.pin_hash):
        with transaction():
            audit(FAILURE, "worker", worker.id)
        raise ValidationError("worker", "current PIN", "is not right")
    kept = security.hash_pin(_pin("new PIN", new))
    with transaction():
        Worker.update(pin_hash=kept, updated=clock.now()).where(Worker.id == worker.id).execute()
        audit("change", "worker", worker.id)


@guarded
def reset_pin(worker_id: object, new: str) -> None:
    """A supervisor sets a new PIN for another worker who has forgotten theirs."""
    acting = common.acting_worker_id
    if not _acting_supervisor(with_pin=True):
        raise ValidationError("worker", "role", "only a signed-in supervisor with a PIN can reset a PIN")
    worker = get_row(Worker, worker_id)
    if worker.id == acting:
        raise ValidationError("worker", "PIN", "change your own PIN with your current one")
    kept = security.hash_pin(_pin("new PIN", new))
    with transaction():
        Worker.update(pin_hash=kept, updated=clock.now()).where(Worker.id == worker.id).execute()
        audit("change", "worker", worker.id)


@guarded
def retire_worker(worker_id: object) -> None:
    """The worker no longer signs in; visits and answers they recorded stay theirs."""
    with transaction():
        _only_a_supervisor("retire workers")
        worker = get_row(Worker, worker_id)
        if worker.id == common.acting_worker_id:
            raise ValidationError("worker", "retired", "sign in as someone else to retire yourself")
        if worker.retired is None:
            worker.retired = clock.now()
            touch(worker)
            audit("change", "worker", worker.id)


def _failures_in_a_row(worker_id: uuid.UUID) -> tuple[int, dt.datetime | None]:
    """Wrong PINs for this worker since their last right one (or new PIN), and when the latest was."""
    events = (
        AuditEvent.select(AuditEvent.action, AuditEvent.at)
        .where(
            (AuditEvent.record_type == "worker")
            & (AuditEvent.record_id == str(worker_id))
            & AuditEvent.action.in_((*FRESH_START, FAILURE))
        )
        .order_by(AuditEvent.at.desc())
        .limit(64)
    )
    failures, latest = 0, None
    for action, at in rows_of(events):
        if action != FAILURE:
            break
        failures += 1
        latest = latest or at
    return failures, latest


@guarded
def wait_before_pin(worker_id: object) -> float:
    """Seconds before this worker's PIN may be tried again (0: now)."""
    worker = get_row(Worker, worker_id)
    failures, latest = _failures_in_a_row(worker.id)
    if latest is None:
        return 0.0
    due = latest + dt.timedelta(seconds=security.wait_after(failures))
    return max(0.0, (due - clock.now()).total_seconds())


@guarded
def sign_in(worker_id: object, pin: str, action: str = "sign in") -> PinCheck:
    """Check ``pin`` for this worker; if it is right, they are the signed-in worker. ``action`` is
    what the audit log calls it ("sign in" or "unlock"); a wrong PIN is a "failed unlock". A worker
    without a PIN signs in with an empty one."""
    if action not in SUCCESS:
        raise ValueError(action)
    waiting = wait_before_pin(worker_id)
    if waiting > 0:
        return PinCheck(False, waiting)
    worker = get_row(Worker, worker_id)
    if worker.retired is not None:
        raise ValidationError("worker", "retired", "has retired and cannot sign in")
    if worker.pin_hash is None and worker.role == "supervisor" and _guarded():
        raise ValidationError(
            "worker", "PIN", "a supervisor signs in with a PIN: a supervisor who has one can set it with Reset PIN"
        )
    # Checked outside the write: the hash takes about 50 ms, and another kiosk may be waiting to write.
    right = security.pin_matches(pin, worker.pin_hash) if worker.pin_hash is not None else not pin
    with transaction():
        audit(action if right else FAILURE, "worker", worker.id, by=worker.id if right else None)
    if not right:
        return PinCheck(False, wait_before_pin(worker.id))
    act_as(worker.id)
    return PinCheck(True)


@guarded
def note_lock() -> None:
    with transaction():
        audit("lock", "worker", common.acting_worker_id)
