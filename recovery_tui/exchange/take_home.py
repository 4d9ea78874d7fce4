"""The take-home plan and the participant's own record, as a document of headed sections in the
participant's voice, and that document as plain text. ``pdf.py`` draws the same document.

The plan holds the first name and date, the parts the participant chose and the support lines,
nothing else (no agency ID, no worker's notes). The record holds everything recorded about them.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from recovery_tui.content.checkin_words import checkin_words
from recovery_tui.content.instruments import Instrument
from recovery_tui.content.support_lines import SupportLine
from recovery_tui.security import clean_line, clean_text
from recovery_tui.store import records, validation
from recovery_tui.words import compared, day

PLAN_PARTS = {  # part: what the participant chooses, as the list says it
    "focus": "Areas I want to grow",
    "activities": "This week's activities",
    "helpers": "Who will help, with phones",
    "support": "Support lines",
    "score": "My score and its change",
}
LEFT_OUT_AT_FIRST = frozenset({"score"})  # some of it may not be safe at home: the score stays out unless chosen
STATUS_WORDS = {"planned": "planned", "done": "done", "partly": "partly done", "not-yet": "not yet"}


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    sections: tuple[Section, ...]


LEFT_TO_RIGHT_MARK = "\u200e"


def theirs(text: str, free: bool = False) -> str:
    """A person's words, cleaned (``free``: line breaks kept), set into a line of ours. Words holding
    right-to-left letters end with a left-to-right mark, so that what follows them keeps the line's
    direction: "שרה, 4 Mar 2026" is otherwise drawn (in the PDF, and by any viewer that follows the
    Unicode bidi rules) as "4 ,הרש Mar 2026"."""
    kept = clean_text(text) if free else clean_line(text)
    if any(unicodedata.bidirectional(c) in ("R", "AL") for c in kept):
        return kept + LEFT_TO_RIGHT_MARK
    return kept


def local_day(moment: dt.datetime) -> str:
    """A stored time (naive UTC) as the local date it fell on."""
    return day(moment.replace(tzinfo=dt.UTC).astimezone().date())


def _changed(change: int) -> str:
    return f"{compared(change)} last time"


def score_line(form: Instrument, score: records.ScaleResult) -> str:
    if score.total is None:
        return f"On {day(score.date)} I answered {score.answered} of {score.statements} statements."
    line = f"{form.total_label}: {score.total} of {score.maximum} on {day(score.date)}"
    return line + (f", {_changed(score.change)}." if score.change is not None else ".")


def person_line(name: str, relationship: str, phone: str) -> str:
    """Someone who helps, as both the plan and the record say it: 'Mo (sponsor): 555-0101'."""
    return f"{theirs(name)} ({clean_line(relationship)})" + (f": {clean_line(phone)}" if phone else "")


def support_section(lines: Iterable[SupportLine]) -> Section:
    said = []
    for line in lines:
        reach = ", ".join(part for part in (line.contact, line.extra) if part)
        said.append(f"{line.name}: {reach}" + (f" ({line.note})" if line.note else ""))
    return Section("If I need support now", tuple(said))


def plan_document(
    plan: records.TakeHome, parts: Collection[str], support: Iterable[SupportLine], today: dt.date
) -> Document:
    """The plan with the parts chosen, in the order of PLAN_PARTS; a part with nothing in it is left out."""
    form = validation.instrument(records.SCALE)
    sections: list[Section] = []
    if "focus" in parts and plan.focus_areas:
        sections.append(
            Section("What I want to grow", tuple(f"{n}. {theirs(a)}" for n, a in enumerate(plan.focus_areas, 1)))
        )
    if "activities" in parts and plan.activities:
        lines = []
        for activity in plan.activities:
            with_whom = f" (with {', '.join(theirs(h) for h in activity.helpers)})" if activity.helpers else ""
            lines.append(f"- {theirs(activity.text)}{with_whom}")
        sections.append(Section("What I will do this week", tuple(lines)))
    if "helpers" in parts and plan.helpers:
        sections.append(
            Section("Who will help me", tuple(person_line(h.name, h.relationship, h.phone) for h in plan.helpers))
        )
    if "score" in parts and plan.score is not None:
        sections.append(Section("My Recovery Capital Scale", (score_line(form, plan.score),)))
    if "support" in parts:
        sections.append(support_section(support))
    return Document(
        title=f"My plan for the week of {day(plan.week_of)}",
        subtitle=f"{theirs(plan.first_name)}, {day(today)}",
        sections=tuple(sections),
    )


def record_document(person: records.ParticipantRecord, today: dt.date) -> Document:
    """Everything recorded about the participant, each kind newest first."""
    form = validation.instrument(records.SCALE)
    words = checkin_words()
    about = [f"First name: {theirs(person.first_name)}"]
    about.append(f"Agency ID: {theirs(person.agency_id)}" if person.agency_id else "Agency ID: none")
    about.append(f"Added on {local_day(person.created)}")
    sections = [Section("About me", tuple(about))]

    visits = sorted(person.visits, key=lambda v: v.started, reverse=True)
    check_ins = []
    for visit in visits:
        if visit.check_in is None:
            continue
        check = visit.check_in
        felt = words.feeling(check.feeling) if check.feeling else "not filled in"
        check_ins.append(f"{local_day(visit.started)}: how I felt: {felt}")
        for question, answer in (
            (words.went_well, check.went_well),
            (words.hard, check.hard),
            (words.focus, check.focus),
        ):
            if answer:
                check_ins.append(f"    {question}: {theirs(answer, free=True)}")
    sections.append(Section("My check-ins", tuple(check_ins) or ("None yet.",)))

    scales = []
    for response in sorted(person.responses, key=lambda r: r.date, reverse=True):
        if response.instrument != form.code:
            continue
        state = f"total {response.total} of {form.max_total}" if response.total is not None else "no total"
        scales.append(f"{day(response.date)} ({'completed' if response.complete else 'not finished'}, {state})")
        for statement in form.statements:
            if statement.number in response.answers:
                value = response.answers[statement.number]
                said = "prefer not to answer" if value is None else form.label(value)
                scales.append(f"    {statement.number}. {statement.text}: {said}")
    sections.append(Section("My Recovery Capital Scales", tuple(scales) or ("None yet.",)))

    areas = [
        f"{day(a.chosen)}{' to ' + day(a.replaced) if a.replaced else ' (now)'}: "
        + theirs(records.focus_choice_words(records.FocusChoice(a.statement, a.text)))
        for a in sorted(person.focus_areas, key=lambda a: (-a.chosen.toordinal(), a.created, a.rank))
    ]
    sections.append(Section("Areas I chose to grow", tuple(areas) or ("None yet.",)))

    names = {h.id: theirs(h.name) for h in person.helpers}
    plans = []
    for activity in sorted(person.activities, key=lambda a: a.week_of, reverse=True):
        helpers = [names[h] for h in activity.helper_ids if h in names]
        line = f"Week of {day(activity.week_of)}: {theirs(activity.text)} ({STATUS_WORDS.get(activity.status, '')})"
        line += f", with {', '.join(helpers)}" if helpers else ""
        plans.append(line + (f". {theirs(activity.review_note, free=True)}" if activity.review_note else ""))
    sections.append(Section("My weekly plans", tuple(plans) or ("None yet.",)))

    people = []
    for helper in person.helpers:
        line = person_line(helper.name, helper.relationship, helper.phone)
        line += " (no longer on my list)" if helper.archived else ""
        people.append(line + (f". {theirs(helper.notes, free=True)}" if helper.notes else ""))
    sections.append(Section("People who help me", tuple(people) or ("None yet.",)))

    notes = []
    for visit in visits:
        about_visit = [f"{local_day(visit.started)}: visit"]
        if visit.note:
            about_visit.append(f"note: {theirs(visit.note, free=True)}")
        if visit.domains:
            about_visit.append(f"we talked about: {', '.join(visit.domains)}")
        if visit.support_lines_shared:
            about_visit.append("support lines were shared")
        notes.append("; ".join(about_visit) + ".")
    sections.append(Section("My visits and the peer worker's notes", tuple(notes) or ("None yet.",)))
    return Document(
        title="Everything recorded about me",
        subtitle=f"{theirs(person.first_name)}, {day(today)}",
        sections=tuple(sections),
    )


def as_text(document: Document, underlined: bool = True) -> str:
    """Plain text; headings ``underlined`` with dashes (left out where every byte counts: a QR code)."""
    lines = [document.title, document.subtitle]
    for section in document.sections:
        rule = ["-" * min(len(section.heading), 60)] if underlined else []
        lines += ["", section.heading, *rule, *section.lines]
    return "\n".join(lines) + "\n"
