"""Areas of recovery capital to grow: up to five current, chosen from a scale or in own words."""

from __future__ import annotations

from dataclasses import dataclass

from recovery_tui import clock
from recovery_tui.store import validation
from recovery_tui.store.errors import ValidationError
from recovery_tui.store.models import FocusArea
from recovery_tui.store.records.common import audit, guarded, touch, transaction
from recovery_tui.store.records.participants import get_participant
from recovery_tui.store.records.responses import SCALE, answers_of


@dataclass(frozen=True)
class FocusChoice:
    """One area to grow: a statement of the scale, or the participant's own words."""

    statement: int | None
    text: str


@dataclass(frozen=True)
class FocusCandidate:
    number: int
    text: str
    value: int | None  # as rated in the response; None when declined


def focus_choice_words(choice: FocusChoice) -> str:
    if choice.text:
        return choice.text
    statement = validation.instrument(SCALE).statement(choice.statement)  # type: ignore[arg-type]
    return statement.text if statement else ""


@guarded
def focus_candidates(response_id: object) -> list[FocusCandidate]:
    """Every statement, those rated lowest first; declined ones last."""
    form = validation.instrument(SCALE)
    answers = answers_of(response_id)
    ranked = sorted(
        form.statements,
        key=lambda s: (answers.get(s.number) is None, answers.get(s.number) or 0, s.number),
    )
    return [FocusCandidate(s.number, s.text, answers.get(s.number)) for s in ranked]


@guarded
def choose_focus_areas(participant_id: object, choices: list[FocusChoice]) -> list[FocusArea]:
    """Replace the current set with ``choices`` (1 to 5, in rank order); the old set keeps its dates."""
    if not 1 <= len(choices) <= validation.FOCUS_AREAS_MAX:
        raise ValidationError("focus area", "rank", f"choose 1 to {validation.FOCUS_AREAS_MAX} areas")
    cleaned = [validation.focus_area(rank, c.statement, c.text) for rank, c in enumerate(choices, 1)]
    keys = [(statement, text.casefold()) for _, statement, text in cleaned]
    if len(set(keys)) != len(keys):
        raise ValidationError("focus area", "text", "the same area is chosen twice")
    today = clock.today()
    with transaction():
        person = get_participant(participant_id)
        for old in current_focus_areas(person.id):
            old.replaced = today
            touch(old)
            audit("change", "focus_area", old.id)
        created = []
        for rank, statement, text in cleaned:
            area = FocusArea.create(participant=person, rank=rank, statement=statement, text=text, chosen=today)
            audit("create", "focus_area", area.id)
            created.append(area)
    return created


@guarded
def current_focus_areas(participant_id: object) -> list[FocusArea]:
    return list(
        FocusArea.select()
        .where((FocusArea.participant == participant_id) & FocusArea.replaced.is_null())
        .order_by(FocusArea.rank)
    )


def check_current_count(current: int) -> None:
    """Up to five areas to grow are current at once, however they came in."""
    if current > validation.FOCUS_AREAS_MAX:
        raise ValidationError(
            "focus area", "replaced", f"at most {validation.FOCUS_AREAS_MAX} areas are current at once"
        )
