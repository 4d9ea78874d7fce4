"""Workers in the store, on a real SQLite file: PINs kept as salted hashes, sign-in and the growing
wait after wrong PINs (counted from the audit log), who may add, retire and reset, the acting worker,
and migration 0004 upgrading a store made before it."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from pathlib import Path

import pytest
from playhouse.schema_diff import diff_models

from recovery_tui import clock, security
from recovery_tui.config import Settings
from recovery_tui.store import records
from recovery_tui.store.database import MIGRATIONS_DIR, close_store, open_store
from recovery_tui.store.errors import NotFound, ValidationError
from recovery_tui.store.models import ALL_MODELS, AuditEvent, Visit, Worker, database_proxy
from tests.conftest import soon_after

pytestmark = pytest.mark.backend  # run again on PostgreSQL in CI

# Long enough that neither turns up by chance in a hash's hex or in the "scrypt$16384$8$1$" prefix.
PIN = "27182818"
OTHER_PIN = "31415926"
WRONG = "90210457"


def refused(call, *args, field: str, message: str = "") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(*args)
    error = caught.value
    assert (error.record, error.field) == ("worker", field), (error.record, error.field, error.message)
    assert message in error.message, error.message
    return error


def later(seconds: float) -> None:
    """Move the set clock on."""
    clock.set_now(clock.now() + dt.timedelta(seconds=seconds))


def audit_rows() -> list[tuple[object, ...]]:
    return list(database_proxy.obj.execute_sql("select * from audit_event").fetchall())


def failures_of(worker_id: uuid.UUID) -> list[AuditEvent]:
    return list(
        AuditEvent.select()
        .where((AuditEvent.action == "failed unlock") & (AuditEvent.record_id == str(worker_id)))
        .order_by(AuditEvent.at)
    )


def wrong_tries(worker_id: uuid.UUID, times: int) -> list[records.PinCheck]:
    return [records.sign_in(worker_id, WRONG) for _ in range(times)]


@pytest.fixture
def staff(store, frozen_clock) -> tuple[records.WorkerRow, records.WorkerRow, records.WorkerRow]:
    """A supervisor and two peer workers, each with a PIN (the supervisor last: from then on only a
    signed-in supervisor adds workers)."""
    dana = records.create_worker("Dana", "peer", PIN)
    lee = records.create_worker("Lee", "peer", OTHER_PIN)
    sam = records.create_worker("Sam", "supervisor", PIN)
    return sam, dana, lee


# -- PIN rules and hashes -----------------------------------------------------------------


@pytest.mark.parametrize("pin", ["1234", "0000", "123456789012", "000000000001"])
def test_a_pin_is_4_to_12_ascii_digits(pin) -> None:
    assert security.pin_problem(pin) is None


@pytest.mark.parametrize(
    "pin",
    [
        "",
        "123",
        "1234567890123",
        "12a4",
        " 1234",
        "1234 ",
        "12 34",
        "-123",
        "12.4",
        "١٢٣٤",  # Arabic-Indic digits
        "۱۲۳۴",  # Extended Arabic-Indic digits
        "\uff11\uff12\uff13\uff14",  # fullwidth digits
        "१२३४",  # Devanagari digits
        "²³⁴⁵",  # superscripts: str.isdigit() says yes
        "1234\n",
        "12\x0034",
    ],
)
def test_anything_else_is_not_a_pin(pin) -> None:
    assert security.pin_problem(pin) == security.PIN_RULE


def test_the_same_pin_hashes_differently_each_time_and_both_match() -> None:
    first, second = security.hash_pin(PIN), security.hash_pin(PIN)
    assert first != second
    assert first.split("$")[4] != second.split("$")[4]  # a salt of its own
    for kept in (first, second):
        assert kept.startswith("scrypt$") and PIN not in kept
        assert security.pin_matches(PIN, kept)
        assert not security.pin_matches(WRONG, kept)
        assert not security.pin_matches("", kept)


@pytest.mark.parametrize(
    "kept",
    [
        "",
        "garbage",
        PIN,
        "scrypt$",
        "scrypt$16384$8$1$00",
        "scrypt$16384$8$1$00$00$00",
        "bcrypt$16384$8$1$00$00",
        "scrypt$x$8$1$00$00",
        "scrypt$16384$8$1$zz$00",
        "scrypt$16384$8$1$00$not-hex",
        "scrypt$3$8$1$00$00",  # n not a power of 2
        "scrypt$0$8$1$00$00",
        "scrypt$16384$0$1$00$00",
        "scrypt$-16384$8$1$00$00",  # hashlib calls these a TypeError, not a ValueError
        "scrypt$16384$8$-1$00$00",
        "scrypt$99999999999999999999999$8$1$00$00",
        "scrypt$16384$8$99999999999999999999$00$00",
        "scrypt$1048576$8$1$00$00",  # more memory than allowed
        "scrypt$16384$8$1$c2FsdHNhbHQ=$SECRET-PIN-HASH",
    ],
)
def test_a_kept_text_of_another_form_matches_nothing_and_never_raises(kept) -> None:
    assert security.pin_matches(PIN, kept) is False


def test_a_kept_hash_cut_short_matches_nothing() -> None:
    kept = security.hash_pin(PIN)
    assert not security.pin_matches(PIN, kept[:-2])
    assert not security.pin_matches(PIN, kept.replace("scrypt", "SCRYPT"))


def test_the_wait_after_wrong_pins_starts_after_five_and_doubles_up_to_five_minutes() -> None:
    assert [security.wait_after(n) for n in range(8)] == [0, 0, 0, 0, 0, 5, 10, 20]
    assert security.wait_after(11) == 300 and security.wait_after(40) == 300


@pytest.mark.sqlite_only
def test_the_stored_pin_hash_never_holds_the_pin_and_differs_for_the_same_pin(store, settings) -> None:
    dana = records.create_worker("Dana", "peer", PIN)
    lee = records.create_worker("Lee", "peer", PIN)
    kept = {w.id: w.pin_hash for w in Worker.select()}
    assert kept[dana.id] != kept[lee.id]
    for text in kept.values():
        assert text.startswith("scrypt$") and PIN not in text
        assert security.pin_matches(PIN, text)
    database_proxy.obj.execute_sql("pragma wal_checkpoint(FULL)")
    on_disk = b"".join(p.read_bytes() for p in settings.data_dir.glob("recovery.sqlite3*"))
    assert PIN.encode() not in on_disk


# -- creating and listing -------------------------------------------------------------------


def test_workers_are_listed_in_the_order_of_their_names_as_a_person_reads_them(store, frozen_clock) -> None:
    for name in ("Zoë", "ana", "Ben", "Émile"):
        records.create_worker(name)
    assert [w.name for w in records.workers()] == ["ana", "Ben", "Émile", "Zoë"]


def test_a_new_worker_is_a_row_with_role_and_pin_flag_and_an_audit_line(store, frozen_clock) -> None:
    dana = records.create_worker("Dana")
    sam = records.create_worker("  Sam\x1b[31m ", "supervisor", PIN)
    assert sam.name == "Sam[31m"  # cleaned as every name is: the escape character goes, the ends are trimmed
    assert (sam.role, sam.is_supervisor, sam.role_words, sam.has_pin, sam.retired) == (
        "supervisor",
        True,
        "Supervisor",
        True,
        None,
    )
    assert (dana.role, dana.is_supervisor, dana.role_words, dana.has_pin) == ("peer", False, "Peer worker", False)
    assert records.get_worker(dana.id) == dana
    assert [w.name for w in records.workers(with_pin_only=True)] == [sam.name]
    created = AuditEvent.select().where((AuditEvent.action == "create") & (AuditEvent.record_type == "worker"))
    assert {e.record_id for e in created} == {str(sam.id), str(dana.id)}


def test_an_empty_pin_is_no_pin(store) -> None:
    assert not records.create_worker("Dana", "peer", "").has_pin
    assert not records.any_pin()


@pytest.mark.parametrize("missing", [uuid.uuid4(), "not-an-id", None])
def test_an_unknown_worker_is_not_found(store, missing) -> None:
    with pytest.raises(NotFound):
        records.get_worker(missing)
    with pytest.raises(NotFound):
        records.sign_in(missing, PIN)


def test_create_worker_refuses_a_broken_rule_and_writes_nothing(store) -> None:
    refused(records.create_worker, " \t", field="name", message="required")
    refused(records.create_worker, "Dana", "boss", field="role")
    refused(records.create_worker, "Dana", "peer", "١٢٣٤", field="PIN", message="4 to 12 digits")
    refused(records.create_worker, "Dana", "peer", "123", field="PIN")
    assert Worker.select().count() == 0
    assert AuditEvent.select().count() == 0


def test_worker_problems_names_every_broken_rule_at_once(store) -> None:
    problems = records.worker_problems("", "boss", "١٢٣٤", "1234")
    assert [(p.record, p.field) for p in problems] == [
        ("worker", "name"),
        ("worker", "role"),
        ("worker", "PIN"),
        ("worker", "PIN again"),
    ]
    assert records.worker_problems("Dana", "peer", "", "") == []
    assert records.worker_problems("Dana", "supervisor", PIN, PIN) == []
    assert [p.field for p in records.worker_problems("Dana", "peer", "", PIN)] == ["PIN", "PIN again"]
    assert [p.field for p in records.worker_problems("Dana", "peer", PIN, "")] == ["PIN again"]
    assert Worker.select().count() == 0


def test_a_retired_worker_is_hidden_from_the_list_unless_asked_for(staff) -> None:
    sam, dana, _lee = staff
    records.act_as(sam.id)
    records.retire_worker(dana.id)
    assert [w.name for w in records.workers()] == ["Lee", "Sam"]
    assert [w.name for w in records.workers(with_pin_only=True)] == ["Lee", "Sam"]
    everyone = records.workers(with_retired=True)
    assert [w.name for w in everyone] == ["Dana", "Lee", "Sam"]
    retired = records.get_worker(dana.id).retired
    assert retired is not None and everyone[0].retired == retired


# -- signing in ---------------------------------------------------------------------------------


def test_the_right_pin_signs_in_and_is_audited(staff) -> None:
    _sam, dana, _lee = staff
    assert records.acting_worker() is None and records.acting_worker_id() is None
    assert records.sign_in(dana.id, PIN) == records.PinCheck(True)
    assert records.acting_worker_id() == dana.id
    assert records.acting_worker() == records.get_worker(dana.id)
    (event,) = AuditEvent.select().where(AuditEvent.action == "sign in")
    assert (event.record_type, event.record_id) == ("worker", str(dana.id))
    assert records.sign_in(dana.id, PIN, "unlock").right
    assert AuditEvent.select().where(AuditEvent.action == "unlock").count() == 1


def test_an_action_other_than_sign_in_or_unlock_is_a_programming_error(staff) -> None:
    with pytest.raises(ValueError):
        records.sign_in(staff[1].id, PIN, "lock")


def test_a_wrong_pin_is_a_failed_unlock_naming_the_worker_and_no_pin_is_kept_anywhere(staff, frozen_clock) -> None:
    sam, dana, _lee = staff
    records.act_as(sam.id)
    tried = ["27182819", WRONG, "١٢٣٤٥٦٧٨", "11235813", "16180339"]  # none turns up by chance in a time or id
    checks = [records.sign_in(dana.id, pin) for pin in tried]
    assert [c.right for c in checks] == [False] * 5
    assert [c.wait_seconds for c in checks[:4]] == [0.0] * 4
    assert records.acting_worker_id() == sam.id  # a wrong PIN changes nobody
    events = failures_of(dana.id)
    assert len(events) == 5
    assert all(e.record_type == "worker" and soon_after(frozen_clock, e.at) for e in events)
    rows = audit_rows()
    assert rows
    for row in rows:
        for value in row:
            for pin in (PIN, OTHER_PIN, *tried):
                assert pin not in str(value), row
    for worker in Worker.select():
        assert worker.pin_hash not in {str(v) for row in rows for v in row}


def test_a_worker_without_a_pin_signs_in_with_an_empty_one_only(store) -> None:
    dana = records.create_worker("Dana")
    assert not records.sign_in(dana.id, "1234").right
    assert records.acting_worker_id() is None
    assert records.sign_in(dana.id, "").right
    assert records.acting_worker_id() == dana.id


# -- the wait after wrong PINs -------------------------------------------------------------------


def test_five_wrong_pins_are_allowed_then_the_next_try_waits_without_being_checked(staff) -> None:
    _sam, dana, _lee = staff
    checks = wrong_tries(dana.id, 5)
    assert [c.wait_seconds for c in checks[:4]] == [0.0] * 4
    assert checks[4].wait_seconds == pytest.approx(5.0, abs=0.01)
    assert records.wait_before_pin(dana.id) == pytest.approx(5.0, abs=0.01)

    before = AuditEvent.select().count()
    later(4.9)
    sixth = records.sign_in(dana.id, PIN)  # the right PIN, but not checked yet
    assert not sixth.right and sixth.wait_seconds == pytest.approx(0.1, abs=0.01)
    assert records.acting_worker_id() is None
    assert AuditEvent.select().count() == before  # a try refused unchecked is neither counted nor audited

    later(0.2)
    assert records.wait_before_pin(dana.id) == 0.0
    assert records.sign_in(dana.id, PIN).right
    assert records.acting_worker_id() == dana.id


def test_each_wrong_pin_after_the_fifth_doubles_the_wait(staff) -> None:
    _sam, dana, _lee = staff
    wrong_tries(dana.id, 5)
    for expected in (10.0, 20.0, 40.0):
        refused_early = records.sign_in(dana.id, WRONG)
        assert not refused_early.right and refused_early.wait_seconds > 0
        later(expected / 2 + 0.001)
        check = records.sign_in(dana.id, WRONG)
        assert not check.right and check.wait_seconds == pytest.approx(expected, abs=0.01)
    assert len(failures_of(dana.id)) == 8


def test_the_wait_is_never_longer_than_five_minutes(staff) -> None:
    _sam, dana, _lee = staff
    for _ in range(14):
        later(301)
        check = records.sign_in(dana.id, WRONG)
    assert check.wait_seconds == pytest.approx(300.0, abs=0.01)


def test_a_right_pin_starts_the_count_again(staff) -> None:
    _sam, dana, _lee = staff
    wrong_tries(dana.id, 6)
    later(10.1)
    assert records.sign_in(dana.id, PIN).right
    assert [c.wait_seconds for c in wrong_tries(dana.id, 4)] == [0.0] * 4
    assert records.sign_in(dana.id, PIN).right
    assert records.wait_before_pin(dana.id) == 0.0


def test_the_wait_is_counted_for_each_worker_alone(staff) -> None:
    _sam, dana, lee = staff
    wrong_tries(dana.id, 5)
    assert records.wait_before_pin(dana.id) > 0
    assert records.wait_before_pin(lee.id) == 0.0
    assert [c.wait_seconds for c in wrong_tries(lee.id, 4)] == [0.0] * 4
    assert records.sign_in(lee.id, OTHER_PIN).right
    assert not records.sign_in(dana.id, PIN).right  # Lee's right PIN does not clear Dana's wait


def test_the_wait_survives_closing_and_reopening_the_store(settings: Settings, frozen_clock) -> None:
    db = open_store(settings)
    dana = records.create_worker("Dana", "peer", PIN)
    wrong_tries(dana.id, 5)
    close_store(db)
    records.act_as(None)  # as a restarted app begins
    db = open_store(settings)
    try:
        check = records.sign_in(dana.id, PIN)
        assert not check.right and check.wait_seconds == pytest.approx(5.0, abs=0.01)
        later(5.1)
        assert records.sign_in(dana.id, PIN).right
    finally:
        close_store(db)


# -- who may add, retire and reset --------------------------------------------------------------


def test_anyone_adds_and_retires_workers_until_a_supervisor_has_a_pin(store, frozen_clock) -> None:
    sam = records.create_worker("Sam", "supervisor")  # a supervisor, but without a PIN
    dana = records.create_worker("Dana", "peer")
    records.retire_worker(dana.id)
    lee = records.create_worker("Lee", "peer", PIN)  # a peer's PIN guards nothing of a supervisor's
    assert records.any_pin()
    assert records.create_worker("Kim").name == "Kim"
    refused(records.create_worker, "Ana", "supervisor", field="PIN", message="a supervisor needs a PIN")
    assert records.sign_in(sam.id, "").right  # no supervisor has a PIN yet: as anyone could
    records.change_own_pin("", OTHER_PIN)
    # A supervisor has a PIN: from now on only a signed-in supervisor.
    records.act_as(None)
    refused(records.create_worker, "Ana", field="role", message="only a signed-in supervisor can add workers")
    records.act_as(lee.id)
    refused(records.create_worker, "Ana", field="role")
    refused(records.retire_worker, sam.id, field="role", message="only a signed-in supervisor can retire workers")
    assert records.sign_in(sam.id, OTHER_PIN).right
    assert records.create_worker("Ana").name == "Ana"


def test_once_a_supervisor_has_a_pin_a_supervisor_without_one_cannot_sign_in(staff) -> None:
    sam, _dana, _lee = staff
    records.act_as(sam.id)
    kim = records.create_worker("Kim", "supervisor", OTHER_PIN)
    records.act_as(kim.id)
    records.reset_pin(sam.id, "5555")
    records.act_as(None)
    assert records.sign_in(sam.id, "5555").right
    Worker.update(pin_hash=None).where(Worker.id == kim.id).execute()  # as a worker imported from a file comes
    refused(records.sign_in, kim.id, "", field="PIN", message="a supervisor signs in with a PIN")


def test_pins_without_any_supervisor_leave_adding_open_to_anyone(store) -> None:
    dana = records.create_worker("Dana", "peer", PIN)
    lee = records.create_worker("Lee", "peer", OTHER_PIN)
    records.retire_worker(lee.id)
    records.act_as(dana.id)
    assert records.create_worker("Sam", "supervisor", PIN).is_supervisor


def test_once_a_supervisor_and_a_pin_exist_only_a_signed_in_supervisor_adds_or_retires(staff) -> None:
    sam, dana, lee = staff
    for acting in (None, dana.id):
        records.act_as(acting)
        refused(records.create_worker, "Ana", field="role")
        refused(records.retire_worker, lee.id, field="role")
    assert records.get_worker(lee.id).retired is None
    assert [w.name for w in records.workers()] == ["Dana", "Lee", "Sam"]
    assert records.sign_in(sam.id, PIN).right
    ana = records.create_worker("Ana", "supervisor", OTHER_PIN)
    records.retire_worker(lee.id)
    assert records.get_worker(lee.id).retired is not None
    assert ana.is_supervisor


def test_a_supervisor_retired_elsewhere_while_signed_in_is_no_longer_a_supervisor(staff) -> None:
    sam, dana, _lee = staff
    records.act_as(sam.id)
    kim = records.create_worker("Kim", "supervisor", OTHER_PIN)
    records.act_as(kim.id)
    records.retire_worker(sam.id)  # at another kiosk, while Sam is still signed in here
    records.act_as(sam.id)
    refused(records.create_worker, "Ana", field="role")
    refused(records.retire_worker, dana.id, field="role")
    refused(records.reset_pin, dana.id, "5555", field="role")


def test_a_supervisor_resets_another_workers_pin(staff) -> None:
    sam, dana, _lee = staff
    records.act_as(sam.id)
    records.reset_pin(dana.id, "5555")
    assert not records.sign_in(dana.id, PIN).right
    assert records.sign_in(dana.id, "5555").right
    change = AuditEvent.select().where((AuditEvent.action == "change") & (AuditEvent.record_id == str(dana.id)))
    assert [e.worker_id for e in change] == [sam.id]


def test_a_reset_pin_needs_no_wait_after_the_forgotten_ones(staff) -> None:
    sam, dana, _lee = staff
    wrong_tries(dana.id, 8)  # Dana has forgotten her PIN
    assert records.wait_before_pin(dana.id) > 0
    records.act_as(sam.id)
    records.reset_pin(dana.id, "5555")
    assert records.wait_before_pin(dana.id) == 0.0
    assert records.sign_in(dana.id, "5555").right


def test_a_supervisor_cannot_reset_their_own_pin_and_a_peer_none(staff) -> None:
    sam, dana, lee = staff
    records.act_as(sam.id)
    refused(records.reset_pin, sam.id, "5555", field="PIN", message="current one")
    refused(records.reset_pin, dana.id, "12", field="new PIN")
    records.act_as(dana.id)
    refused(records.reset_pin, lee.id, "5555", field="role", message="only a signed-in supervisor")
    records.act_as(None)
    refused(records.reset_pin, lee.id, "5555", field="role")
    for worker, pin in ((sam, PIN), (dana, PIN), (lee, OTHER_PIN)):
        assert records.sign_in(worker.id, pin).right


def test_a_supervisor_resets_only_with_a_pin_of_their_own(store) -> None:
    sam = records.create_worker("Sam", "supervisor")
    dana = records.create_worker("Dana")
    records.act_as(dana.id)
    refused(records.reset_pin, sam.id, "5555", field="role")
    records.act_as(sam.id)
    refused(records.reset_pin, dana.id, "5555", field="role", message="supervisor with a PIN")
    records.change_own_pin("", OTHER_PIN)
    records.reset_pin(dana.id, "5555")
    assert records.get_worker(dana.id).has_pin


# -- changing one's own PIN ---------------------------------------------------------------------


def test_changing_your_own_pin_needs_the_current_one(staff) -> None:
    _sam, dana, _lee = staff
    refused(records.change_own_pin, PIN, "5555", field="PIN", message="sign in first")
    records.act_as(dana.id)
    refused(records.change_own_pin, WRONG, "5555", field="current PIN", message="not right")
    assert len(failures_of(dana.id)) == 1  # a wrong current PIN counts as any wrong PIN
    refused(records.change_own_pin, PIN, "55", field="new PIN")
    records.change_own_pin(PIN, "5555")
    assert not records.sign_in(dana.id, PIN).right
    assert records.sign_in(dana.id, "5555").right


def test_a_worker_without_a_pin_sets_their_first_one(store) -> None:
    dana = records.create_worker("Dana")
    records.act_as(dana.id)
    records.change_own_pin("", PIN)
    assert records.get_worker(dana.id).has_pin and records.any_pin()
    assert records.sign_in(dana.id, PIN).right


def test_the_current_pin_is_not_checked_while_a_wait_is_due(staff) -> None:
    """Someone who finds a screen left signed in cannot guess the worker's PIN through changing it."""
    _sam, dana, _lee = staff
    records.act_as(dana.id)
    for _ in range(5):
        refused(records.change_own_pin, WRONG, "5555", field="current PIN", message="not right")
    before = AuditEvent.select().count()
    refused(records.change_own_pin, PIN, "5555", field="current PIN", message="wait")
    assert AuditEvent.select().count() == before
    later(5.1)
    records.change_own_pin(PIN, "5555")
    assert records.sign_in(dana.id, "5555").right


# -- retiring ---------------------------------------------------------------------------------


def test_nobody_retires_themselves(staff) -> None:
    sam, _dana, _lee = staff
    records.act_as(sam.id)
    refused(records.retire_worker, sam.id, field="retired", message="someone else")
    assert records.get_worker(sam.id).retired is None


def test_retiring_keeps_the_visits_they_recorded_and_stops_their_sign_in(staff, frozen_clock) -> None:
    sam, dana, _lee = staff
    person = records.create_participant("Ana")
    records.act_as(dana.id)
    visit = records.start_or_resume_visit(person.id)
    assert visit.worker_id == dana.id
    records.act_as(sam.id)
    records.retire_worker(dana.id)
    records.retire_worker(dana.id)  # a second time changes nothing
    assert records.get_visit(visit.id).worker_id == dana.id
    assert Visit.select().count() == 1
    retired = records.get_worker(dana.id)
    assert retired.name == "Dana" and retired.retired is not None and soon_after(frozen_clock, retired.retired)
    refused(records.sign_in, dana.id, PIN, field="retired", message="cannot sign in")
    assert records.acting_worker_id() == sam.id
    assert not failures_of(dana.id)


def test_retiring_the_only_worker_with_a_pin_leaves_no_pin(store) -> None:
    sam = records.create_worker("Sam", "supervisor")
    dana = records.create_worker("Dana", "peer", PIN)
    assert records.any_pin()
    records.act_as(sam.id)
    records.retire_worker(dana.id)
    assert not records.any_pin()
    assert records.workers(with_pin_only=True) == []


# -- the acting worker ------------------------------------------------------------------------


def test_the_acting_worker_is_recorded_on_visits_and_audit_events(staff) -> None:
    _sam, dana, lee = staff
    assert records.sign_in(dana.id, PIN).right
    ana = records.create_participant("Ana")
    visit = records.start_or_resume_visit(ana.id)
    assert visit.worker_id == dana.id
    (created,) = AuditEvent.select().where((AuditEvent.action == "create") & (AuditEvent.record_id == str(ana.id)))
    assert created.worker_id == dana.id
    assert records.sign_in(lee.id, OTHER_PIN).right
    ben = records.create_participant("Ben")
    assert records.start_or_resume_visit(ben.id).worker_id == lee.id
    records.note_lock()
    (lock,) = AuditEvent.select().where(AuditEvent.action == "lock")
    assert (lock.worker_id, lock.record_id) == (lee.id, str(lee.id))
    records.act_as(None)
    cal = records.create_participant("Cal")
    assert records.start_or_resume_visit(cal.id).worker_id is None
    (unnamed,) = AuditEvent.select().where((AuditEvent.action == "create") & (AuditEvent.record_id == str(cal.id)))
    assert unnamed.worker_id is None


# -- migration 0004 ---------------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_a_store_made_before_0004_upgrades_with_peer_workers_and_nothing_lost(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frozen_clock
) -> None:
    older = tmp_path / "migrations-0003"
    older.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("[0-9]*.py")):
        if path.name < "0004":
            (older / path.name).write_text(path.read_text())
    monkeypatch.setattr("recovery_tui.store.database.MIGRATIONS_DIR", older)
    db = open_store(settings)
    assert "role" not in [c.name for c in db.get_columns("worker")]
    ana = records.create_participant("Ana")
    kept_hash = security.hash_pin(PIN)
    worker_ids = [uuid.uuid4(), uuid.uuid4()]
    for worker_id, name, pin_hash in zip(worker_ids, ("Sam", "Dana"), (kept_hash, None), strict=True):
        db.execute_sql(
            "insert into worker (id, created, updated, name, pin_hash) values (?, ?, ?, ?, ?)",
            (worker_id.hex, "2026-01-05 09:00:00", "2026-01-06 09:00:00", name, pin_hash),
        )
    Visit.create(participant=ana.id, worker=worker_ids[0], started=clock.now())
    counts = {t: db.execute_sql(f"select count(*) from {t}").fetchone()[0] for t in db.get_tables()}
    close_store(db)

    monkeypatch.setattr("recovery_tui.store.database.MIGRATIONS_DIR", MIGRATIONS_DIR)
    db = open_store(settings)
    try:
        assert not diff_models(database_proxy.obj, ALL_MODELS)
        after = {t: db.execute_sql(f"select count(*) from {t}").fetchone()[0] for t in db.get_tables()}
        assert {t: after[t] for t in counts if t != "schema_migration"} == {  # later migrations add tables
            t: n for t, n in counts.items() if t != "schema_migration"
        }
        rows = {w.id: w for w in records.workers(with_retired=True)}
        assert set(rows) == set(worker_ids)
        assert [(rows[i].name, rows[i].role, rows[i].retired) for i in worker_ids] == [
            ("Sam", "peer", None),
            ("Dana", "peer", None),
        ]
        assert Worker.get_by_id(worker_ids[0]).pin_hash == kept_hash
        assert Worker.get_by_id(worker_ids[0]).updated == dt.datetime(2026, 1, 6, 9)
        assert records.sign_in(worker_ids[0], PIN).right
        assert Visit.get().worker_id == worker_ids[0]
        indexes = {i.name: i.columns for i in db.get_indexes("audit_event")}
        assert ["record_id", "at"] in indexes.values()
    finally:
        close_store(db)
    backups = list((settings.data_dir / "backups").glob("*before-0004_worker_roles_and_retirement.sqlite3"))
    assert len(backups) == 1
    copy = sqlite3.connect(backups[0])
    try:
        assert sorted(r[0] for r in copy.execute("select name from worker")) == ["Dana", "Sam"]
        assert "role" not in [r[1] for r in copy.execute("pragma table_info(worker)")]
    finally:
        copy.close()


def test_worker_rights_say_what_the_store_then_allows(staff) -> None:
    sam, dana, _lee = staff
    assert records.worker_rights() == records.WorkerRights(manage=False, reset=False, self_assess=False)
    records.act_as(dana.id)
    assert records.worker_rights() == records.WorkerRights(manage=False, reset=False, self_assess=False)
    refused(records.create_worker, "Ana", field="role")
    records.act_as(sam.id)
    assert records.worker_rights() == records.WorkerRights(manage=True, reset=True, self_assess=True)
    records.reset_pin(dana.id, "5555")


def test_before_any_supervisor_has_a_pin_anyone_manages_but_nobody_resets(store) -> None:
    sam = records.create_worker("Sam", "supervisor")
    assert records.worker_rights() == records.WorkerRights(manage=True, reset=False, self_assess=False)
    records.act_as(sam.id)
    assert records.worker_rights() == records.WorkerRights(manage=True, reset=False, self_assess=True)


def test_another_worker_taking_up_a_participant_starts_a_visit_of_their_own(staff) -> None:
    _sam, dana, lee = staff
    ana = records.create_participant("Ana")
    records.act_as(dana.id)
    first = records.start_or_resume_visit(ana.id)
    assert records.start_or_resume_visit(ana.id).id == first.id  # the same worker takes it up again
    records.act_as(lee.id)
    second = records.start_or_resume_visit(ana.id)
    assert second.id != first.id and second.worker_id == lee.id
    assert records.get_visit(first.id).ended is not None and records.get_visit(second.id).ended is None
