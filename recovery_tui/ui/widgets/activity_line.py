"""One planned activity as a line: the participant's words, who will help, and how it went."""

from __future__ import annotations

from textual.content import Content

from recovery_tui.store.records import PlannedActivity
from recovery_tui.ui.text import literal

STATUS_WORDS = {"planned": "", "done": "done", "partly": "partly done", "not-yet": "not yet"}


def activity_line(activity: PlannedActivity, with_focus: bool = False) -> Content:
    parts: list[Content | str | tuple[str, str]] = [literal(activity.text)]
    if activity.helpers:
        parts.append(("  with ", "dim"))
        parts.append(Content(", ").join(literal(name) for name in activity.helpers))
    if with_focus and activity.focus:
        parts.append(("  for: ", "dim"))
        parts.append(literal(activity.focus))
    if STATUS_WORDS.get(activity.status):
        parts.append((f"  ({STATUS_WORDS[activity.status]})", "$text-success"))
    return Content.assemble(*parts)
