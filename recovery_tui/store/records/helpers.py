"""Who will help me: the participant's people. Archived, never deleted."""

from __future__ import annotations

from collections.abc import Callable

from recovery_tui import clock
from recovery_tui.store import validation
from recovery_tui.store.errors import ValidationError
from recovery_tui.store.models import Helper
from recovery_tui.store.records.common import audit, change, get_row, guarded, touch, transaction
from recovery_tui.store.records.participants import get_participant


def _helper_checks(name: object, relationship: object, phone: object, notes: object) -> dict[str, Callable[[], object]]:
    """Each field's rule, returning the value to store."""
    return {
        "name": lambda: validation.required_line("helper", "name", name),
        "relationship": lambda: validation.one_of("helper", "relationship", relationship, validation.RELATIONSHIPS),
        "phone": lambda: validation.phone(phone),
        "notes": lambda: validation.free_text("helper", "notes", notes, validation.HELPER_NOTES_MAX),
    }


def _helper_values(name: object, relationship: object, phone: object, notes: object) -> dict[str, object]:
    return {field: check() for field, check in _helper_checks(name, relationship, phone, notes).items()}


def helper_problems(name: object, relationship: object, phone: object, notes: object) -> list[ValidationError]:
    """Every rule the fields break, all at once, so that a form can show them together."""
    return validation.problems_of(*_helper_checks(name, relationship, phone, notes).values())


@guarded
def create_helper(participant_id: object, name: str, relationship: str, phone: str = "", notes: str = "") -> Helper:
    values = _helper_values(name, relationship, phone, notes)
    with transaction():
        person = get_participant(participant_id)
        helper = Helper.create(participant=person, **values)
        audit("create", "helper", helper.id)
    return helper


@guarded
def update_helper(helper_id: object, name: str, relationship: str, phone: str = "", notes: str = "") -> Helper:
    values = _helper_values(name, relationship, phone, notes)
    with transaction():
        helper = get_helper(helper_id)
        change(helper, values)
    return helper


@guarded
def archive_helper(helper_id: object) -> None:
    """Never deleted: an archived person stays in the plans they were part of."""
    with transaction():
        helper = get_helper(helper_id)
        if helper.archived is None:
            helper.archived = clock.now()
            touch(helper)
            audit("change", "helper", helper.id)


@guarded
def get_helper(helper_id: object) -> Helper:
    return get_row(Helper, helper_id)


@guarded
def helpers_of(participant_id: object, include_archived: bool = False) -> list[Helper]:
    """The participant's people, in the order they were added."""
    rows = Helper.select().where(Helper.participant == participant_id)
    if not include_archived:
        rows = rows.where(Helper.archived.is_null())
    return list(rows.order_by(Helper.created, Helper.id))
