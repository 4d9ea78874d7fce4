"""What each part of the history says, in words two people read together. The participant's own
text is always shown literally; changes are said without judgement, in neutral colours."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from recovery_tui.content.checkin_words import checkin_words
from recovery_tui.content.instruments import Instrument
from recovery_tui.store import records
from recovery_tui.ui.looks import Look
from recovery_tui.ui.text import answer_words, compared, day, literal, literal_block
from recovery_tui.ui.widgets.feeling_chart import feeling_chart

FOCUS_INDENT = 13  # under the feeling, past the date
FEELINGS_CHARTED = 20  # the latest check-ins in the small chart: three columns each


def point_words(form: Instrument, point: records.ScalePoint) -> str:
    if point.total is not None:
        return f"{point.total} of {form.max_total}"
    return f"{point.answered} of {point.statements} answered"


def scores_sentence(form: Instrument, points: Sequence[records.ScalePoint], look: Look) -> Content:
    """Under the chart: the first and the latest in words, and the scales not on the line."""
    totals = [p for p in points if p.total is not None]
    lines = [f"{len(points)} scales completed."]
    if len(totals) >= 2:
        first, latest = totals[0], totals[-1]
        assert first.total is not None and latest.total is not None
        lines.append(
            f"First: {first.total} on {day(first.date)}. Latest: {latest.total} on {day(latest.date)}, "
            f"{compared(latest.total - first.total)} the first."
        )
    uncompared = [p for p in points if p.total is None]
    if uncompared:
        lines.append(
            f"{look.uncompared} marks a scale with some statements not answered: "
            "it has no total, so it is not on the line."
        )
    return Content("\n".join(lines))


def only_one_scale(form: Instrument, point: records.ScalePoint) -> Content:
    return Content(
        f"One scale so far: {point_words(form, point)} on {day(point.date)}.\n"
        "The chart starts when there is a second one to set beside it."
    )


def scales_list(form: Instrument, points: Sequence[records.ScalePoint]) -> Content:
    """Every completed scale, newest first: the chart in words."""
    rows = [f"{day(p.date):>11}  {point_words(form, p)}" for p in reversed(points)]
    return Content.assemble(("Every scale, newest first\n", "bold"), "\n".join(rows))


def change_words(earlier: int | None, later: int | None) -> str:
    if earlier is None or later is None:
        return "not compared"
    if later == earlier:
        return "stayed the same"
    return "went up" if later > earlier else "went down"


def side_by_side_heading(form: Instrument, pair: records.SideBySide, since_start: bool) -> Content:
    earlier, later = pair.earlier, pair.later
    which = "the first and the latest, since we started" if since_start else "each answer then → now"
    lines = [
        f"{day(earlier.date)} → {day(later.date)}: {which}.",
        f"{point_words(form, earlier)} then, {point_words(form, later)} now.",
    ]
    if earlier.total is not None and later.total is not None:
        lines[-1] = f"{earlier.total} then, {later.total} now: {compared(later.total - earlier.total)} before."
    counts = {words: 0 for words in ("went up", "went down", "stayed the same", "not compared")}
    for statement in pair.statements:
        counts[change_words(statement.earlier, statement.later)] += 1
    lines.append(", ".join(f"{words} {count}" for words, count in counts.items() if count).capitalize() + ".")
    return Content("\n".join(lines))


def statement_rows(form: Instrument, pair: records.SideBySide) -> list[tuple[str, Content]]:
    """Each statement's number, and its text with both answers and whether it went up, down or stayed."""
    return [
        (
            f"{statement.number:>2}. ",
            Content.assemble(
                (statement.text, "bold"),
                f"\n{answer_words(form, statement.earlier)}  →  {answer_words(form, statement.later)}",
                ("  · " + change_words(statement.earlier, statement.later), "$text-accent"),
            ),
        )
        for statement in pair.statements
    ]


def feeling_mark(feeling: int, look: Look) -> str:
    """A feeling as a one-cell bar; as its number where the console has no bars that size."""
    return look.feeling_bars[feeling - 1] if look.feeling_bars is not None else str(feeling)


def check_ins(entries: Sequence[records.CheckInEntry], look: Look) -> Content:
    if not entries:
        return Content("No check-ins yet.")
    words = checkin_words()
    parts: list[Content | str | tuple[str, str]] = []
    felt = [e.feeling for e in entries if e.feeling is not None][:FEELINGS_CHARTED]
    if len(felt) > 1:
        parts += [
            (f"How I felt at the last {len(felt)} check-ins, oldest first\n", "bold"),
            feeling_chart(list(reversed(felt)), look),
            "\n\n",
        ]
    parts.append(("Every check-in, newest first", "bold"))
    for entry in entries:
        feeling = (
            Content.assemble((feeling_mark(entry.feeling, look), "$text-accent"), " ", words.feeling(entry.feeling))
            if entry.feeling is not None
            else Content("How I felt was not filled in.")
        )
        parts += ["\n", f"{day(entry.date):>11}  ", feeling]
        if entry.focus:
            focus = literal_block(entry.focus)
            indented = Content("\n" + " " * FOCUS_INDENT).join(focus.split("\n"))
            parts += ["\n" + " " * FOCUS_INDENT, ("Focus: ", "dim"), indented]
    return Content.assemble(*parts)


def plan_weeks(weeks: Sequence[records.PlanWeek]) -> Content:
    if not weeks:
        return Content("No weekly plans yet.")
    parts: list[Content | str | tuple[str, str]] = [("Week by week, newest first", "bold")]
    for week in weeks:
        counts = [
            (week.done, "done"),
            (week.partly, "partly done"),
            (week.not_yet, "not yet"),
            (week.not_looked_back, "not looked back on yet"),
        ]
        said = ", ".join(f"{count} {words}" for count, words in counts if count)
        parts += ["\n", f"Week of {day(week.week_of)}: {said}."]
        for text in week.carried_over:
            parts += ["\n", ("    carried over: ", "dim"), literal(text)]
    return Content.assemble(*parts)


def focus_set_heading(focus_set: records.FocusSet) -> str:
    if focus_set.replaced is None:
        return f"Now, chosen {day(focus_set.chosen)}"
    return f"Chosen {day(focus_set.chosen)}, replaced {day(focus_set.replaced)}"
