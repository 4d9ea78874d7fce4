"""Hostile text everywhere (issue 17): the corpus of ``hostile_corpus.py`` pushed through every text
field, by keys for short fields and by paste for long ones (each as a terminal sends them), and by
import for all; then shown on every screen that shows it and in every file that carries it.

Nothing may crash, nothing accepted may be lost, no markup may be read, no escape or control byte
may reach the terminal, and the layout must hold at 80x24: the title on the first row, the key bar
whole on the last rows, every row 80 cells. A refused text must be said, under its field, in words.

Laid out to stay within its time (about 40 s of CPU; each screen opened costs Textual 50 to 200 ms):

- every field by keys or paste, one app per form: the whole corpus through the first name and agency
  ID (typed), the review note (pasted into a one-line box) and the check-in's focus (pasted into a
  box of free text); the string of each rule (``EACH_RULE``) through the other fields built on the
  same boxes (the check-in's other two, the visit note, a helper's name, phone and notes, an
  activity, own words, a worker). Each loop names the string in its messages;
- every screen that shows it: one participant holding the whole corpus, each screen opened once;
- every (field, string) through import: kept, or the file refused whole; and on into the JSON
  export, the CSV, FHIR, the take-home plan and the record; a lone surrogate through the command line;
- the PDF: every string drawn or left to the text version, and one 100,000-character note;
- hypothesis: generated text through every write function, and shown on two screens.

Keys and pastes are sent in bursts, as a terminal sends them (``send``). Known, and tested as such:
typed one key at a time, Textual's ``Input`` adds only characters Python calls printable, so
zero-width joiners, zero-width spaces, marks of direction and spaces other than the ASCII one are
not added by keys (a paste keeps them). What a terminal draws for a joined emoji (one glyph, two
cells) may differ from the cells Textual counts for it (two for each emoji joined): no test here
sees a real terminal's glyphs.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import time
import unicodedata
import uuid
from collections.abc import Iterable
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fpdf.bidi import BidiParagraph
from fpdf.enums import TextDirection
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pypdf import PdfReader
from textual import events
from textual._wait import wait_for_idle
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.geometry import Region
from textual.keys import REPLACED_KEYS, _get_unicode_name_from_key
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from recovery_tui import cli, clock
from recovery_tui.content.support_lines import load_support_lines
from recovery_tui.exchange.csv_export import scales_csv
from recovery_tui.exchange.fhir_responses import response_bundle
from recovery_tui.exchange.json_export import export_document
from recovery_tui.exchange.json_import import ImportRefused, import_document
from recovery_tui.exchange.pdf import IN_TEXT_VERSION, as_pdf, can_draw
from recovery_tui.exchange.take_home import (
    PLAN_PARTS,
    Document,
    Section,
    as_text,
    plan_document,
    record_document,
)
from recovery_tui.security import clean_line, clean_text
from recovery_tui.store import records
from recovery_tui.store.errors import StoreError, ValidationError
from recovery_tui.ui.paste import PasteSplitter
from recovery_tui.ui.screens.activity_form import ActivityFormScreen
from recovery_tui.ui.screens.base import AppScreen
from recovery_tui.ui.screens.check_in import CheckInScreen
from recovery_tui.ui.screens.choice import ChoiceScreen
from recovery_tui.ui.screens.focus_areas import FocusAreasScreen
from recovery_tui.ui.screens.helper_form import HelperFormScreen
from recovery_tui.ui.screens.helpers import HelpersScreen
from recovery_tui.ui.screens.history import HistoryScreen
from recovery_tui.ui.screens.large_text import LargeTextScreen
from recovery_tui.ui.screens.new_participant import NewParticipantScreen
from recovery_tui.ui.screens.overview import OverviewScreen
from recovery_tui.ui.screens.participants import ParticipantsScreen
from recovery_tui.ui.screens.plan_week import PlanWeekScreen
from recovery_tui.ui.screens.review_week import ReviewWeekScreen
from recovery_tui.ui.screens.take_home import TakeHomeScreen
from recovery_tui.ui.screens.visit_note import VisitNoteScreen
from recovery_tui.ui.screens.worker_form import WorkerFormScreen
from recovery_tui.ui.screens.workers import WorkersScreen
from recovery_tui.ui.widgets.key_bar import KeyBar, key_pairs, lay_out
from tests.hostile_corpus import (
    BIDI_CONTROLS,
    BY_ID,
    CORPUS,
    EACH_RULE,
    FIELD,
    FIELDS,
    LONG,
    TERMINAL,
    Field,
    Hostile,
    as_free_text,
    as_one_line,
    how_entered,
    in_a_box,
    typeable,
)

WIDTH, HEIGHT = 80, 24
THIS_MONDAY = dt.date(2026, 3, 2)  # the fixed clock is Wednesday 4 Mar 2026
LAST_MONDAY = THIS_MONDAY - dt.timedelta(days=7)


# Keys and pastes, as a terminal sends them ----------------------------------------------------------


class Keys(str):
    """Text typed key by key: read by Textual's own terminal parser, as the driver reads typed input."""


class Paste(str):
    """Text pasted: bracketed as a terminal brackets it, split by the app's own splitter (``ui/paste.py``)."""


def named_key(key: str) -> events.Key:
    """A named key (``tab``, ``ctrl+s``, ``enter``) as ``Pilot.press`` builds it."""
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def terminal_events(item: str) -> list[events.Event]:
    if isinstance(item, Keys):
        parser = XTermParser(False)
        return [*parser.feed(item), *parser.tick()]
    if isinstance(item, Paste):
        splitter = PasteSplitter()
        pieces = [*splitter.feed(Hostile("", item, "", "").terminal_paste), *splitter.pause()]
        assert [pasted for pasted, _ in pieces] == [True], pieces  # all of it pasted, nothing typed
        return [events.Paste(text) for _, text in pieces]
    return [named_key(item)]


async def send(pilot: Pilot[Any], *items: str) -> None:
    """Send keys and pastes in one burst, as a terminal does, and wait until the app has settled."""
    app = pilot.app
    for item in items:
        if isinstance(item, Keys):
            # Typed into the field that has focus, once what was sent before has had its effect: each
            # key as Textual's parser reads it from the terminal, straight to the field (as the app
            # forwards a printable key; skipping the app's queue makes typing 15 times cheaper).
            await settled(pilot)
            assert isinstance(app.focused, Input), app.focused
            for event in terminal_events(item):
                app.focused.post_message(event)
        else:
            for event in terminal_events(item):
                app.post_message(event)
    await settled(pilot)


async def settled(pilot: Pilot[Any]) -> None:
    """Wait until every key sent has had its effect, any reading in a worker is drawn and any scroll
    has ended; then draw once (``Pilot.pause`` draws at each call)."""
    app = pilot.app
    await pilot._wait_for_screen()
    await wait_for_idle(0)
    while app.keys_waiting:  # type: ignore[attr-defined]  # RecoveryApp's typed-ahead queue
        await asyncio.sleep(0.005)
        await wait_for_idle(0)
    await app.workers.wait_for_complete()
    await app.animator.wait_until_complete()
    await pilot._wait_for_screen()
    await wait_for_idle(0)
    app.screen._on_timer_update()


def entry(field: Field, hostile: Hostile) -> str:
    """What is sent to fill ``field`` with ``hostile``: its typeable keys, or a paste."""
    return Keys(hostile.typed) if how_entered(field, hostile) == "typed" else Paste(hostile.text)


# Reading the screen -----------------------------------------------------------------------------------


def strips(app: App[Any]) -> list[Strip]:
    return list(app.screen._compositor.render_strips())


def rows_of(lines: list[Strip], region: Region | None = None) -> list[str]:
    """The screen's rows as text, or the part of them inside ``region``."""
    if region is None:
        return [line.text for line in lines]
    region = region.intersection(Region(0, 0, WIDTH, HEIGHT))
    return [lines[y].crop(region.x, region.right).text for y in range(region.y, region.bottom)]


def squash(text: str) -> str:
    """Text with its spaces, line breaks, borders and scroll bars taken out: wrapping moves none of the rest."""
    return "".join(c for c in text if not c.isspace() and not 0x2500 <= ord(c) <= 0x259F)


def harmless(lines: list[Strip]) -> None:
    """Nothing drawn could move the cursor, retitle the terminal, reorder a row or act when clicked."""
    for y, line in enumerate(lines):
        for segment in line:
            assert not segment.control, (y, segment)
            bad = [c for c in segment.text if unicodedata.category(c) in ("Cc", "Cs") or c in BIDI_CONTROLS]
            assert not bad, (y, segment.text[:80], bad)
            style = segment.style
            if style is not None:
                assert not style.link, (y, segment.text[:80])
                assert "@click" not in (style.meta or {}), (y, segment.text[:80])


def layout_holds(app: App[Any], lines: list[Strip]) -> None:
    """80x24 whole: every row 80 cells; the title alone on the first row; every key bar drawn whole,
    a screen's own at the bottom."""
    assert len(lines) == HEIGHT
    assert all(line.cell_length == WIDTH for line in lines), [line.cell_length for line in lines]
    screen = app.screen
    if isinstance(screen, AppScreen):
        title = screen.query_one(".screen-title", Static)
        assert title.region == Region(0, 0, WIDTH, 1)
        drawn = lines[0].text.strip()
        heading = squash(screen.heading)
        if drawn.endswith("…"):
            assert heading.startswith(squash(drawn[:-1])), (drawn, screen.heading[:100])
        else:
            assert squash(drawn) == heading, (drawn, screen.heading[:100])
    for bar in screen.query(KeyBar):
        area = bar.content_region
        expected = lay_out(key_pairs(bar.keys), area.width).plain.split("\n")
        assert [row.rstrip() for row in rows_of(lines, area)] == [row.rstrip() for row in expected]
        if "screen-keys" in bar.classes:
            assert bar.region.bottom == HEIGHT


def check(app: App[Any], *texts: str, within: Widget | None = None, most: int = 60) -> None:
    """The screen is harmless and whole, and shows each of ``texts`` as written (a long one: its first
    ``most`` characters that are not spaces), wherever rows wrapped it: no markup read, nothing restyled
    away. ``within``: in that widget's part of the screen."""
    lines = strips(app)
    harmless(lines)
    layout_holds(app, lines)
    drawn = squash("\n".join(rows_of(lines, None if within is None else within.region)))
    for text in texts:
        wanted = squash(text)[:most]
        assert wanted in drawn, f"{wanted!r} not on the screen:\n" + "\n".join(rows_of(lines))


def said_under(app: App[Any], error_id: str) -> str:
    error = app.screen.query_one(f"#{error_id}", Static)
    return str(error.render()) if error.display else ""


def expect(field: Field, hostile: Hostile) -> tuple[str, str | None]:
    """What ``field`` keeps of ``hostile`` as a person enters it, and the message if it is refused."""
    kept = field.kept(hostile, how_entered(field, hostile))
    return kept, field.problem(kept)


async def refused_then_fixed(
    pilot: Pilot[Any], field: Field, problem: str, field_id: str, save: str, error_id: str = "", fallback: str = ""
) -> str:
    """The form said why, under the field, which has focus: the fallback is typed in its place."""
    app = pilot.app
    check(app)
    error_id = error_id or f"{field_id}-error"
    assert problem in said_under(app, error_id), (problem, said_under(app, error_id))
    assert app.focused is not None and app.focused.id == field_id
    fallback = fallback or field.fallback
    await send(pilot, "home", "ctrl+k", Keys(fallback), save)
    return as_one_line(fallback)


def corpus_ids(strings: Iterable[Hostile]) -> list[str]:
    return [hostile.id for hostile in strings]


# 100,000 characters pasted over 100,000 costs as much again as pasting them: the long one last, and
# it is what the box shows when opened again.
LONG_LAST = [h for h in TERMINAL if h.id != "long"] + [BY_ID["long"]]


# Every field, by keys or paste: one app per form ------------------------------------------------------
#
# Each loop names the corpus string in its assertion messages (``h.id``): a failure says which.


async def test_first_name_and_agency_id_typed_are_kept_and_shown(make_app) -> None:
    """The first string adds a participant; every later one changes their name and agency ID (``i``):
    the same form and the same rules, without a list growing by one at each."""
    first, agency = FIELD["first-name"], FIELD["agency-id"]
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await send(pilot, "ctrl+n")
        for h in TERMINAL:
            await send(pilot, "home", "ctrl+k", entry(first, h), "tab", "home", "ctrl+k", entry(agency, h), "enter")
            kept = {}
            for field in (first, agency):
                kept[field.id], problem = expect(field, h)
                if problem:
                    assert isinstance(app.screen, NewParticipantScreen), h.id
                    kept[field.id] = await refused_then_fixed(pilot, field, problem, field.id, "enter")
            assert isinstance(app.screen, OverviewScreen), h.id
            [row] = records.find_participants()
            person = records.get_participant(row.id)
            assert (person.first_name, person.agency_id or "") == (kept["first-name"], kept["agency-id"]), h.id
            check(app, kept["first-name"], kept["agency-id"])
            if h in EACH_RULE:  # a title that names them: cut short with an ellipsis, never wrapped
                await send(pilot, "h")
                assert isinstance(app.screen, HistoryScreen), h.id
                check(app)
                await send(pilot, "escape")
            await send(pilot, "i")
            assert isinstance(app.screen, NewParticipantScreen), h.id
        await send(pilot, "escape", "escape")
        assert isinstance(app.screen, ParticipantsScreen)
        check(app, kept["first-name"])


async def test_check_in_pasted_is_kept_and_shown_again(make_app) -> None:
    """Pasted over what the box held, saved as focus leaves it: the focus (the box the overview and the
    history show) takes the whole corpus, the other two the string of each rule. The overview shows the
    focus, and the check-in opened again shows what was saved."""
    dana = records.create_participant("Dana")
    fields = [FIELD["went-well"], FIELD["hard"], FIELD["focus"]]
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await send(pilot, "enter", "c")
        assert isinstance(app.screen, CheckInScreen)
        visit = records.todays_visit(dana.id)
        assert visit is not None
        saved_as = {field.id: "" for field in fields}
        for h in LONG_LAST:
            if h in EACH_RULE:  # through all three boxes, back to the feeling
                await send(pilot, *(key for _ in fields for key in ("tab", "f7", Paste(h.text))), "tab")
                saved_as = {field.id: expect(field, h)[0] for field in fields}
            else:  # round to the focus, and back
                await send(pilot, "shift+tab", "f7", Paste(h.text), "tab")
                saved_as["focus"] = expect(FIELD["focus"], h)[0]
            check(app)
            saved = records.check_in_of(visit.id)
            assert {field.id: getattr(saved, field.id.replace("-", "_")) for field in fields} == saved_as, h.id
        await send(pilot, "escape")
        check(app, "Focus:" + saved_as["focus"])
        await send(pilot, "c")
        check(app, saved_as["went-well"])


async def test_visit_note_pasted_is_kept_and_shown_again(make_app) -> None:
    """The string of each rule pasted over what the note held; the note opened again shows it."""
    dana = records.create_participant("Dana")
    note = FIELD["visit-note"]
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await send(pilot, "enter", "n")
        assert isinstance(app.screen, VisitNoteScreen)
        visit = records.todays_visit(dana.id)
        assert visit is not None
        for h in [h for h in LONG_LAST if h in EACH_RULE]:
            await send(pilot, "f7", Paste(h.text), "tab")  # saved as focus leaves the note
            check(app)
            assert records.get_visit(visit.id).note == expect(note, h)[0], h.id
            await send(pilot, "shift+tab")
        await send(pilot, "escape", "n")
        check(app, expect(note, h)[0])  # opened again: what was saved, shown as written


async def test_helper_name_typed_and_notes_pasted_are_kept_and_listed(make_app) -> None:
    """Added once, then changed (``enter``) with the string of each rule (``EACH_RULE``): the name typed,
    the notes pasted."""
    dana = records.create_participant("Dana")
    name, notes = FIELD["helper-name"], FIELD["helper-notes"]
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await send(pilot, "enter", "w", "a", "tab", "enter", "down", "enter", "shift+tab")  # a sponsor
        for h in EACH_RULE:  # shift+tab from the name goes round to the notes
            await send(pilot, "home", "ctrl+k", entry(name, h), "shift+tab", "home", "ctrl+k", entry(notes, h), "enter")
            kept, problem = expect(name, h)
            if problem:
                assert isinstance(app.screen, HelperFormScreen), h.id
                kept = await refused_then_fixed(pilot, name, problem, "name", "enter")
            assert isinstance(app.screen, HelpersScreen), h.id
            [person] = records.helpers_of(dana.id)
            assert (person.name, person.relationship, person.notes) == (kept, "sponsor", expect(notes, h)[0]), h.id
            check(app, kept, expect(notes, h)[0])
            await send(pilot, "enter")
            assert isinstance(app.screen, HelperFormScreen), h.id


async def test_a_phone_typed_is_held_as_typed_and_refused_in_words_unless_it_is_one(make_app) -> None:
    """The string of each rule typed into the phone box of one form: the box holds the typed keys (no
    control character, at most 40); saving one that is not a phone number says so under the field and
    keeps nothing; saving one that is keeps it."""
    dana = records.create_participant("Dana")
    phone = FIELD["helper-phone"]
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await send(pilot, "enter", "w", "a", Keys("Mo"), "tab", "enter", "down", "enter", "tab")
        assert isinstance(app.screen, HelperFormScreen) and app.focused is not None and app.focused.id == "phone"
        for h in EACH_RULE:
            await send(pilot, "home", "ctrl+k", entry(phone, h))
            held = app.screen.query_one("#phone", Input).value
            assert held == in_a_box(phone.arrives(h, how_entered(phone, h)))[: phone.box], h.id
            check(app)
        h = BY_ID["quotes"]
        await send(pilot, "home", "ctrl+k", entry(phone, h), "enter")
        problem = expect(phone, h)[1]
        assert problem is not None and isinstance(app.screen, HelperFormScreen)
        assert records.helpers_of(dana.id) == []
        await refused_then_fixed(pilot, phone, problem, "phone", "enter")
    [person] = records.helpers_of(dana.id)
    assert (person.name, person.phone) == ("Mo", phone.fallback)


async def test_own_words_typed_are_kept_five_at_a_time(make_app) -> None:
    dana = records.create_participant("Dana")
    field = FIELD["own-words"]
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await send(pilot, "enter", "a")
        chosen: list[str] = []
        for n, h in enumerate(EACH_RULE, 1):
            await send(pilot, "w", entry(field, h), "enter")
            assert isinstance(app.screen, FocusAreasScreen), h.id
            kept, problem = expect(field, h)
            if problem is None:
                chosen.append(kept)
            assert app.screen.chosen == [records.FocusChoice(None, words) for words in chosen], h.id
            if chosen:
                check(app, f"{len(chosen)}.{chosen[-1]}")  # the one added is highlighted, so in sight
            if len(chosen) == 5 or n == len(EACH_RULE):
                await send(pilot, "s")
                assert isinstance(app.screen, OverviewScreen), h.id
                assert [area.text for area in records.current_focus_areas(dana.id)] == chosen, h.id
                await send(pilot, "a", *["delete"] * len(chosen))  # a fresh set from the start
                chosen = []


async def test_activity_typed_is_kept_and_shown_with_its_area_and_helper(make_app) -> None:
    """Added once with an area and a helper, then changed (``enter``) with the string of each rule."""
    dana = records.create_participant("Dana")
    records.create_helper(dana.id, "Mo", "sponsor")
    records.choose_focus_areas(dana.id, [records.FocusChoice(None, "Grow")])
    field = FIELD["activity"]
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await send(pilot, "enter", "p", "a", Keys("Walk"), "tab", "enter", "down", "enter", "tab", "space", "ctrl+s")
        for h in EACH_RULE:
            await send(pilot, "enter")
            assert isinstance(app.screen, ActivityFormScreen), h.id
            check(app, "Mo(sponsor)", "Grow")
            await send(pilot, "home", "ctrl+k", entry(field, h), "ctrl+s")
            kept, problem = expect(field, h)
            if problem:
                assert isinstance(app.screen, ActivityFormScreen), h.id
                kept = await refused_then_fixed(pilot, field, problem, "activity-text", "ctrl+s", "activity-error")
            assert isinstance(app.screen, PlanWeekScreen), h.id
            [activity] = records.activities_of_week(dana.id, THIS_MONDAY)
            assert (activity.text, activity.helpers, activity.focus) == (kept, ("Mo",), "Grow"), h.id
            check(app, f"{kept}withMofor:Grow")


async def test_review_note_pasted_is_kept(make_app) -> None:
    dana = records.create_participant("Dana")
    clock.set_now(clock.now() - dt.timedelta(days=7))
    walk = records.add_activity(dana.id, "Walk", None, ())
    clock.set_now(clock.now() + dt.timedelta(days=7))
    field = FIELD["review-note"]
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await send(pilot, "enter", "p")
        assert isinstance(app.screen, ReviewWeekScreen)
        for h in TERMINAL:
            await send(pilot, "tab", "home", "ctrl+k", entry(field, h), "enter")
            assert records.planned_activity(walk.id).review_note == expect(field, h)[0], h.id
            assert app.screen.query_one("#review-note", Input).value == expect(field, h)[0], h.id  # shown again
            check(app, "Walk")


async def test_worker_name_typed_is_kept_and_listed(make_app) -> None:
    field = FIELD["worker-name"]
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await send(pilot, "f3")
        names = []
        for h in EACH_RULE:
            await send(pilot, "a", entry(field, h), "ctrl+s")
            kept, problem = expect(field, h)
            if problem:
                assert isinstance(app.screen, WorkerFormScreen), h.id
                kept = await refused_then_fixed(pilot, field, problem, "name", "ctrl+s")
            assert isinstance(app.screen, WorkersScreen), h.id
            names.append(kept)
            assert sorted(w.name for w in records.workers()) == sorted(names), h.id
            check(app, kept)


# Every screen that shows it: one participant holding the whole corpus -----------------------------


def written(field: Field, hostile: Hostile) -> tuple[str, str]:
    """What a display test writes through the store's own functions for ``field``, and what the store
    keeps of it: the text itself where the store takes it, else as much as fits, else the fallback."""
    keep = as_free_text if field.free else as_one_line
    for text in (hostile.text, hostile.text[: field.store], field.fallback):
        if field.problem(keep(text)) is None:
            return text, keep(text)
    raise AssertionError(field.id)


def kept_as(field_id: str, hostile: Hostile) -> str:
    return written(FIELD[field_id], hostile)[1]


NEWEST_FIRST = [h for h in CORPUS if h.id != "long"] + [BY_ID["long"]]  # check-ins: the long one oldest
THIS_WEEK = CORPUS[0:7]  # new this week, with an area and a helper; three more carried from last week
LAST_WEEK = CORPUS[7:17]  # looked back on, each with a note; the first three carried into this week
AREA_SETS = [CORPUS[i : i + 5] for i in range(0, len(CORPUS), 5)]  # chosen one after another; the last is current


def seed_everyone(name: str = "emoji-joiners", agency: str = "bidi-mixed") -> uuid.UUID:
    """Everyone named with a corpus string, and one participant holding the whole corpus: a helper, a
    check-in and visit note, an area to grow, an activity and a review note for each string; written
    through the store's own functions, as the screens and an import write them."""
    now = clock.now()
    for h in CORPUS:
        records.create_participant(written(FIELD["first-name"], h)[0])
    person = records.create_participant(
        written(FIELD["first-name"], BY_ID[name])[0], written(FIELD["agency-id"], BY_ID[agency])[0]
    ).id
    helpers = {
        h.id: records.create_helper(
            person, written(FIELD["helper-name"], h)[0], "sponsor", "555-0101", written(FIELD["helper-notes"], h)[0]
        ).id
        for h in CORPUS
    }
    for days_ago, h in reversed(list(enumerate(NEWEST_FIRST))):
        clock.set_now(now - dt.timedelta(days=days_ago))
        visit = records.start_or_resume_visit(person).id
        text = {field: written(FIELD[field], h)[0] for field in ("went-well", "hard", "focus", "visit-note")}
        records.save_check_in(visit, feeling=days_ago % 5 + 1, went_well=text["went-well"], hard=text["hard"])
        records.save_check_in(visit, focus=text["focus"])
        records.save_visit_note(visit, note=text["visit-note"])
        if days_ago:
            records.end_visit(visit)
    for weeks_ago, chosen in zip(range(len(AREA_SETS) + 1, 1, -1), AREA_SETS, strict=True):
        clock.set_now(now - dt.timedelta(weeks=weeks_ago))
        records.choose_focus_areas(
            person, [records.FocusChoice(None, written(FIELD["own-words"], h)[0]) for h in chosen]
        )
    clock.set_now(now - dt.timedelta(weeks=1))
    looked_back = []
    for h in LAST_WEEK:
        activity = records.add_activity(person, written(FIELD["activity"], h)[0], None, (helpers[h.id],))
        records.review_activity(activity.id, "partly", written(FIELD["review-note"], h)[0])
        looked_back.append(activity.id)
    clock.set_now(now)
    for activity_id in looked_back[:3]:
        records.carry_forward(activity_id)
    areas = records.current_focus_areas(person)
    for n, h in enumerate(THIS_WEEK):
        records.add_activity(person, written(FIELD["activity"], h)[0], areas[n % len(areas)].id, (helpers[h.id],))
    return person


def plain(widget: Widget) -> str:
    """What a widget draws, as text: a Static's content, a list's every option."""
    if isinstance(widget, OptionList):
        return "\n".join(widget.get_option_at_index(i).prompt.plain for i in range(widget.option_count))
    return str(widget.render())


def holds(widget: Widget, *texts: str) -> None:
    """``widget`` draws each of ``texts`` as written (all of it, also what is scrolled out of sight)."""
    drawn = squash(plain(widget))
    for text in texts:
        assert squash(text) in drawn, (text[:80], plain(widget)[:300])


async def test_every_screen_shows_the_whole_corpus_as_written(make_app) -> None:
    """Each screen that shows a person's words, opened once on the participant who holds the whole
    corpus: what it draws holds every string as written (scrolled out of sight or not), and what is in
    sight is harmless, whole, and shows the strings it should."""
    person = seed_everyone()
    everyone = records.get_participant(person)
    name, agency = everyone.first_name, everyone.agency_id or ""
    names = [row.first_name for row in records.find_participants()]
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        # The participants list: every name.
        listed = app.screen.query_one("#participants", OptionList)
        holds(listed, *names)
        check(app, names[0])
        await send(pilot, *["down"] * (len(names) - 1))
        check(app, names[-1])

        # Found by pasting their agency ID; the overview, top and bottom.
        await send(pilot, Paste(agency), "enter")
        assert isinstance(app.screen, OverviewScreen)
        check(app, name, agency, "Focus:" + kept_as("focus", NEWEST_FIRST[0]))
        areas = [kept_as("own-words", h) for h in AREA_SETS[-1]]
        activities = [kept_as("activity", h) for h in LAST_WEEK[:3] + THIS_WEEK]
        holds(app.screen.query_one("#focus"), *(f"{n}.{words}" for n, words in enumerate(areas, 1)))
        holds(app.screen.query_one("#week"), *activities)
        await send(pilot, "end")
        check(app, f"{len(activities)}.{activities[-1]}with{kept_as('helper-name', THIS_WEEK[-1])}")

        # Today's check-in and visit note, opened again.
        await send(pilot, "c")
        assert isinstance(app.screen, CheckInScreen)
        check(app, kept_as("went-well", NEWEST_FIRST[0]))
        await send(pilot, "escape", "n")
        assert isinstance(app.screen, VisitNoteScreen)
        check(app, kept_as("visit-note", NEWEST_FIRST[0]))
        await send(pilot, "escape")

        # A question that names them.
        await send(pilot, "x", "c")
        assert isinstance(app.screen, ChoiceScreen)
        check(app, f"Today's visit with {name} ended at")
        await send(pilot, "escape")

        # History: every check-in's focus (the long one last), carried activities, every set of areas.
        await send(pilot, "h", "c")
        assert isinstance(app.screen, HistoryScreen)
        part = app.screen.query_one("#check-ins .history-text", Static)
        holds(part, *(kept_as("focus", h)[:2000] for h in NEWEST_FIRST))
        check(app, kept_as("focus", NEWEST_FIRST[0]))
        await send(pilot, "end")
        check(app, squash(kept_as("focus", NEWEST_FIRST[-1]))[-40:])
        await send(pilot, "p")
        holds(app.screen.query_one("#plans .history-text", Static), *(kept_as("activity", h) for h in LAST_WEEK[:3]))
        check(app, "carriedover:" + kept_as("activity", LAST_WEEK[0]))
        await send(pilot, "a")
        shown = "\n".join(plain(w) for w in app.screen.query("#areas Static"))
        for h in CORPUS:
            assert squash(kept_as("own-words", h)) in squash(shown), h.id
        check(app)
        await send(pilot, "escape")

        # The take-home plan: its preview, large, and as QR codes.
        await send(pilot, "e")
        assert isinstance(app.screen, TakeHomeScreen)
        helper_lines = [f"{ended(kept_as('helper-name', h))} (sponsor): 555-0101" for h in CORPUS]
        plan = plain(app.screen.query_one("#plan-text", Static)).split("\n")
        for line in [f"{n}. {ended(words)}" for n, words in enumerate(areas, 1)] + helper_lines:
            assert line in plan, line[:80]
        for line in activities:
            assert any(row.startswith(f"- {ended(line)}") for row in plan), line[:80]
        check(app, f"{name}, 4 Mar 2026", within=app.screen.query_one("#preview"))
        await send(pilot, "l")
        assert isinstance(app.screen, LargeTextScreen)
        check(app, name)
        for first in (areas[0], activities[0], helper_lines[0]):
            await send(pilot, "right")
            check(app, first)
        await send(pilot, "escape", "q")
        check(app)
        await send(pilot, "escape", "escape")

        # The week's plan, last week looked back on, an activity opened to change.
        await send(pilot, "p")
        assert isinstance(app.screen, PlanWeekScreen)
        holds(app.screen.query_one("#plan", OptionList), *activities)
        check(app, activities[0])
        await send(pilot, "l")
        assert isinstance(app.screen, ReviewWeekScreen)
        holds(app.screen.query_one("#review", OptionList), *(kept_as("activity", h) for h in LAST_WEEK))
        assert app.screen.query_one("#review-note", Input).value == kept_as("review-note", LAST_WEEK[0])
        check(app, kept_as("activity", LAST_WEEK[0]))
        await send(pilot, "escape", "enter")
        assert isinstance(app.screen, ActivityFormScreen)
        holds(app.screen.query_one("#activity-helpers", OptionList), *(kept_as("helper-name", h) for h in CORPUS))
        check(app)
        await send(pilot, "escape", "escape")

        # Who will help: every person, their notes on one line.
        await send(pilot, "w")
        assert isinstance(app.screen, HelpersScreen)
        holds(
            app.screen.query_one("#helpers", OptionList),
            *(f"{kept_as('helper-name', h)}·sponsor·555-0101" for h in CORPUS),
            *(as_one_line(kept_as("helper-notes", h)) for h in CORPUS),
        )
        check(app, kept_as("helper-name", CORPUS[0]))


# The corpus is what the documented rules say --------------------------------------------------------


@pytest.mark.parametrize("hostile", CORPUS, ids=corpus_ids(CORPUS))
def test_the_corpus_says_what_the_documented_rules_keep(hostile: Hostile) -> None:
    """The corpus's expected forms, written out by hand, are what the rules restated in the corpus
    give, what the product's own cleaning gives, and what a terminal's paste and keys deliver."""
    h = hostile
    assert as_one_line(h.text) == h.line == clean_line(h.text)
    assert as_free_text(h.text) == h.free_text == clean_text(h.text)
    if h.import_only:
        with pytest.raises(UnicodeEncodeError):
            h.text.encode("utf-8")  # no terminal can send it
        return
    assert [event.text for event in terminal_events(Paste(h.text))] == [h.arrives_pasted]  # type: ignore[attr-defined]
    if len(h.text) > 1000:
        return  # too long to type
    characters = "".join(c for c in h.text if unicodedata.category(c) != "Cc")  # a control character is a key
    keys = terminal_events(Keys(characters))
    assert len(keys) == len(characters)  # one key a character
    typed = "".join(k.character or "" for k in keys if isinstance(k, events.Key) and k.is_printable)
    assert typed == typeable(h.text) == h.typed


# Through import, every field ------------------------------------------------------------------------

STAMP = "2026-03-04T15:30:00.000000Z"
IMPORTED = {  # field: its record and name, as a refusal names them
    "first-name": ("participant", "first name"),
    "agency-id": ("participant", "agency ID"),
    "helper-name": ("helper", "name"),
    "helper-phone": ("helper", "phone"),
    "helper-notes": ("helper", "notes"),
    "own-words": ("focus area", "text"),
    "activity": ("activity", "text"),
    "review-note": ("activity", "review_note"),
    "went-well": ("check-in", "went_well"),
    "hard": ("check-in", "hard"),
    "focus": ("check-in", "focus"),
    "visit-note": ("visit", "note"),
    "worker-name": ("worker", "name"),
}


def document_with(texts: dict[str, str]) -> dict[str, Any]:
    """A version 1 document of one worker and one participant with one of each record, a completed
    scale among them; ``texts`` (by field) in place of plain words."""
    ids = {kind: str(uuid.uuid4()) for kind in ("worker", "participant", "helper", "visit", "check-in", "area")}
    ids |= {"activity": str(uuid.uuid4()), "response": str(uuid.uuid4())}
    stamps = {"created": STAMP, "updated": STAMP}

    def text(field: str, plain: str | None) -> str | None:
        return texts.get(field, plain)

    return {
        "format": "recovery-tui",
        "version": 1,
        "exported_at": STAMP,
        "workers": [{"id": ids["worker"], "name": text("worker-name", "Sam"), **stamps, "responses": []}],
        "participants": [
            {
                "id": ids["participant"],
                "first_name": text("first-name", "Ana"),
                "agency_id": text("agency-id", None),
                "archived": None,
                **stamps,
                "helpers": [
                    {
                        "id": ids["helper"],
                        "name": text("helper-name", "Mo"),
                        "relationship": "sponsor",
                        "phone": text("helper-phone", "555-0101"),
                        "notes": text("helper-notes", ""),
                        "archived": None,
                        **stamps,
                    }
                ],
                "visits": [
                    {
                        "id": ids["visit"],
                        "worker_id": ids["worker"],
                        "started": STAMP,
                        "ended": None,
                        "note": text("visit-note", ""),
                        "domains": [],
                        "support_lines_shared": False,
                        **stamps,
                        "check_in": {
                            "id": ids["check-in"],
                            "feeling": 3,
                            "went_well": text("went-well", ""),
                            "hard": text("hard", ""),
                            "focus": text("focus", ""),
                            **stamps,
                        },
                    }
                ],
                "responses": [
                    {
                        "id": ids["response"],
                        "instrument": "idaho-rcs",
                        "instrument_version": "1",
                        "date": "2026-03-04",
                        "complete": True,
                        "answers": {str(n): 3 for n in range(1, 24)},
                        "total": 69,
                        **stamps,
                    }
                ],
                "focus_areas": [
                    {
                        "id": ids["area"],
                        "rank": 1,
                        "statement": None,
                        "text": text("own-words", "Grow"),
                        "chosen": "2026-03-04",
                        "replaced": None,
                        **stamps,
                    }
                ],
                "activities": [
                    {
                        "id": ids["activity"],
                        "week_of": "2026-03-02",
                        "text": text("activity", "Walk"),
                        "focus_area_id": ids["area"],
                        "helper_ids": [ids["helper"]],
                        "status": "planned",
                        "review_note": text("review-note", ""),
                        "carried_from": None,
                        **stamps,
                    }
                ],
            }
        ],
    }


def as_read_back(document: dict[str, Any]) -> dict[str, str]:
    """Each field as an export of the store holds it."""
    [person] = document["participants"]
    [visit] = person["visits"]
    [helper] = person["helpers"]
    [activity] = person["activities"]
    return {
        "first-name": person["first_name"],
        "agency-id": person["agency_id"] or "",
        "helper-name": helper["name"],
        "helper-phone": helper["phone"],
        "helper-notes": helper["notes"],
        "own-words": person["focus_areas"][0]["text"],
        "activity": activity["text"],
        "review-note": activity["review_note"],
        "went-well": visit["check_in"]["went_well"],
        "hard": visit["check_in"]["hard"],
        "focus": visit["check_in"]["focus"],
        "visit-note": visit["note"],
        "worker-name": document["workers"][0]["name"],
    }


def through_json(document: dict[str, Any]) -> Any:
    """The document as a file holds it, read back: every character beyond ASCII as a JSON escape, so
    a lone surrogate is ``\\ud800`` in the file and one again once read."""
    return json.loads(json.dumps(document))


@pytest.mark.backend
@pytest.mark.parametrize("hostile", CORPUS, ids=corpus_ids(CORPUS))
def test_imported_into_every_field_kept_or_refused_whole_and_carried_into_every_file(store, frozen_clock, hostile):
    """Each field the store's rules let take the text keeps it cleaned; a field that may not refuses the
    whole file, naming the record and field without repeating the text, and writes nothing. What was
    kept comes back out of the JSON export, the CSV, FHIR, the take-home plan and the record."""
    h = hostile
    accepted = {f.id: f.kept(h, "imported") for f in FIELDS if f.problem(f.kept(h, "imported")) is None}
    for field in FIELDS:
        if field.id in accepted:
            continue
        with pytest.raises(ImportRefused) as refused:
            import_document(through_json(document_with({field.id: h.text})))
        message = str(refused.value)
        record, name = IMPORTED[field.id]
        assert f"{record} 1 (id " in message and f"), {name}: " in message, message[:300]
        problem = field.problem(field.kept(h, "imported")) or ""
        said = problem.removeprefix(f"{field.message_name} ").rstrip(".").replace("That does", "does")
        assert said in message, (said, message[:300])
        assert records.find_participants() == []
    import_document(through_json(document_with({field: h.text for field in accepted})))
    exported = export_document()
    json.dumps(exported, ensure_ascii=False).encode("utf-8")  # a file can hold it
    read_back = as_read_back(exported)
    assert {field: read_back[field] for field in accepted} == accepted

    everyone, _ = records.read_everything()[1], None
    [person] = everyone
    name, agency = accepted.get("first-name", "Ana"), accepted.get("agency-id", "")

    # CSV, names and agency IDs put in: one cell each, a formula made harmless.
    rows = list(csv.reader(io.StringIO(scales_csv(everyone, with_agency_id=True, with_names=True).lstrip("\ufeff"))))
    cell = rows[1][1:3]
    harmless_cell = [("'" + text if text.startswith(("=", "+", "-", "@")) else text) for text in (agency, name)]
    assert cell == harmless_cell
    # FHIR: the Patient's name and agency ID, as kept; valid R4B.
    bundle = json.loads(json.dumps(response_bundle(everyone, with_names=True), ensure_ascii=False))
    Bundle.model_validate(bundle)
    patient = bundle["entry"][0]["resource"]
    assert patient["name"] == [{"given": [name]}]
    assert [i["value"] for i in patient["identifier"]][1:] == ([agency] if agency else [])
    # The take-home plan and the whole record, as text.
    plan = as_text(
        plan_document(records.take_home(person.id), PLAN_PARTS, load_support_lines(None).lines, clock.today())
    )
    assert plan.split("\n")[1] == f"{ended(name)}, 4 Mar 2026"
    assert f"1. {ended(as_one_line(accepted.get('own-words', 'Grow')))}" in plan
    assert f"- {ended(accepted.get('activity', 'Walk'))} (with {ended(accepted.get('helper-name', 'Mo'))})" in plan
    record = as_text(record_document(records.read_participant(person.id), clock.today()))
    for field in ("went-well", "hard", "focus", "visit-note", "review-note", "helper-notes"):
        if accepted.get(field):
            assert accepted[field] in record, field
    for text in (plan, record):
        assert not [c for c in text if unicodedata.category(c) in ("Cc", "Cs") and c != "\n"]
        assert not BIDI_CONTROLS & set(text)


def ended(text: str) -> str:
    """A person's words as the plan and record set them into a line: a left-to-right mark after words
    holding right-to-left letters, so that the rest of the line keeps its direction."""
    return text + "\u200e" if any(unicodedata.bidirectional(c) in ("R", "AL") for c in text) else text


def test_a_lone_surrogate_written_as_a_json_escape_is_cleaned_from_text_and_refused_elsewhere(tmp_path, capsys):
    """``\\ud800`` in a file is a lone surrogate once read. In text it goes, as any control character
    does; where the file holds an id, a date or a word from a fixed list, the file is refused with a
    message that shows it escaped (a terminal cannot print it), and nothing is written."""
    data = str(tmp_path / "data")
    texts = {field.id: "Ana\ud800" for field in FIELDS} | {"helper-phone": "555-0101\ud800", "agency-id": "\ud800A-1"}
    file = tmp_path / "surrogates.json"
    file.write_text(json.dumps(document_with(texts)), encoding="ascii")
    assert "\\ud800" in file.read_text(encoding="ascii")
    assert cli.main(["--data-dir", data, "import", str(file)]) == 0
    assert "Imported" in capsys.readouterr().err
    assert cli.main(["--data-dir", data, "export", "json"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert as_read_back(exported) == {field.id: "Ana" for field in FIELDS} | {
        "helper-phone": "555-0101",
        "agency-id": "A-1",
    }
    for place, change in (
        ("participants[0].id", lambda d: d["participants"][0].update(id=str(uuid.uuid4())[:-1] + "\ud800")),
        ("responses[0].date", lambda d: d["participants"][0]["responses"][0].update(date="2026-03-0\ud800")),
        ("helpers[0].relationship", lambda d: d["participants"][0]["helpers"][0].update(relationship="friend\ud800")),
        ("visits[0].domains[0]", lambda d: d["participants"][0]["visits"][0].update(domains=["Advocacy\ud800"])),
        ("answers", lambda d: d["participants"][0]["responses"][0]["answers"].update({"1\ud800": 3})),
        ("instrument", lambda d: d["participants"][0]["responses"][0].update(instrument="idaho\ud800")),
    ):
        document = document_with({})
        change(document)
        file.write_text(json.dumps(document), encoding="ascii")
        assert cli.main(["--data-dir", str(tmp_path / place), "import", str(file)]) == 1, place
        said = capsys.readouterr().err
        assert "was refused, nothing was imported" in said and "\\ud800" in said, (place, said)
        said.encode("utf-8")  # printable as it is
        assert not (tmp_path / place / "recovery.sqlite3").exists(), place


# The take-home plan and the whole record as PDF: nothing crashes, nothing drawn as a box -------------


def letters_of(text: str) -> list[str]:
    """The letters, digits, punctuation and signs of ``text`` in any order: what a PDF's text gives
    back, whatever order it holds right-to-left runs in and wherever it spaces combining marks."""
    folded = unicodedata.normalize("NFKC", text)
    return sorted(c for c in folded if unicodedata.category(c)[0] in "LNPS")


def pdf_sections(data: bytes) -> dict[str, str]:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    sections: dict[str, str] = {}
    heading = ""
    for line in text.split("\n"):
        if line.strip() in BY_ID:
            heading = line.strip()
            sections[heading] = ""
        elif heading:
            sections[heading] += line + "\n"
    return sections


def test_every_string_in_a_pdf_is_drawn_or_left_to_the_text_version_never_a_box() -> None:
    """Each string a section of its own, once as a line and once as free text: every letter the
    embedded font has is drawn, and a line with one it lacks (emoji, Chinese, Korean, full-width
    letters) is drawn without it and marked as being in full in the text version."""
    shown = [h for h in CORPUS if h.id != "long"]
    document = Document(
        "Everything recorded about me",
        ended(BY_ID["bidi-mixed"].line) + ", 4 Mar 2026",
        tuple(Section(h.id, (h.line, h.free_text)) for h in shown),
    )
    sections = pdf_sections(as_pdf(document, most_pages=None))
    for h in shown:
        drawn = sections[h.id]
        if can_draw(h.line):
            assert letters_of(h.line + h.free_text) == letters_of(drawn), h.id
        else:
            assert drawn.count(IN_TEXT_VERSION) == 2, h.id
            lacking = {c for c in h.line if not can_draw(c)}
            assert not lacking & set(drawn), h.id
    # A right-to-left name, its date after it: the date stays where it is written, in the PDF's own order.
    line = BidiParagraph(document.subtitle, base_direction=TextDirection.LTR).get_reordered_string()
    assert line.endswith(", 4 Mar 2026"), line


def test_a_100000_character_note_goes_into_the_record_pdf(store, frozen_clock) -> None:
    """The one long PDF (fpdf2 draws about 16,000 characters a second here): the note's first and last
    words are in it, its emoji left out and the line marked."""
    dana = records.create_participant("Dana")
    visit = records.start_or_resume_visit(dana.id)
    records.save_visit_note(visit.id, note=LONG)
    document = record_document(records.read_participant(dana.id), clock.today())
    text = as_text(document)
    assert LONG in text
    pages = PdfReader(io.BytesIO(as_pdf(document, most_pages=None))).pages
    first, last = pages[0].extract_text(), pages[-1].extract_text()
    assert "Long notes wrap and scroll" in first and "END" in squash(last)
    assert IN_TEXT_VERSION in last and "🌱" not in first + last


# Hypothesis: more hostile text, within a fixed budget -------------------------------------------------

FRAGMENTS = [h.text for h in CORPUS if h.id != "long"] + [
    "\ud800",
    "\udfff",
    "\x1b",
    "\x9b",
    "\u202e",
    "\u2069",
    "\r\n",
]
ANY_CHARACTER = st.characters(categories=["L", "M", "N", "P", "S", "Z", "Cc", "Cf", "Cs", "Co"])
hostile_texts = st.lists(st.sampled_from(FRAGMENTS) | st.text(ANY_CHARACTER, max_size=12), max_size=5).map("".join)
BUDGET = hypothesis_settings(
    deadline=None,
    derandomize=True,  # the same examples every run
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def kept_or_refused(write: Any, rule: Any, field: Field, text: str) -> str | None:
    """``write(text)``'s stored value, checked against the rule; None where the rule refuses it."""
    expected = rule(text)
    problem = field.problem(expected)
    try:
        stored = write(text)
    except StoreError as refused:
        assert problem is not None, (repr(text), str(refused))
        return None
    assert problem is None, (repr(text), problem)
    assert stored == expected, (repr(text), stored, expected)
    return stored


@pytest.mark.backend
@hypothesis_settings(BUDGET, max_examples=60)
@given(text=hostile_texts)
def test_generated_text_is_kept_by_every_write_as_the_rules_say(store, frozen_clock, text: str) -> None:
    """Every write function the screens and the import use: the text cleaned by the documented rule,
    or refused by it; never stored with a control character, a lone surrogate or an override."""
    dana = records.create_participant("Dana")
    visit = records.start_or_resume_visit(dana.id).id

    def first_name(t: str) -> str:
        return records.create_participant(t).first_name

    def focus(t: str) -> str:
        return records.save_check_in(visit, focus=t).focus

    def note(t: str) -> str:
        return records.save_visit_note(visit, note=t).note

    def helper_notes(t: str) -> str:
        return records.create_helper(dana.id, "Mo", "sponsor", "", t).notes

    def activity(t: str) -> str:
        made = records.add_activity(dana.id, t, None, ())
        records.remove_activity(made.id)
        return made.text

    def own_words(t: str) -> str:
        return records.choose_focus_areas(dana.id, [records.FocusChoice(None, t)])[0].text

    def worker(t: str) -> str:
        return records.create_worker(t).name

    for write, field in (
        (first_name, FIELD["first-name"]),
        (focus, FIELD["focus"]),
        (note, FIELD["visit-note"]),
        (helper_notes, FIELD["helper-notes"]),
        (activity, FIELD["activity"]),
        (own_words, FIELD["own-words"]),
        (worker, FIELD["worker-name"]),
    ):
        stored = kept_or_refused(write, as_free_text if field.free else as_one_line, field, text)
        if stored is not None:
            assert not [c for c in stored if unicodedata.category(c) in ("Cc", "Cs") and c != "\n"], field.id
            assert not BIDI_CONTROLS & set(stored), field.id


def generated(count: int) -> list[str]:
    """``count`` texts from ``hostile_texts``, the same every run, for a test that shows them in one app."""
    found: list[str] = []

    @hypothesis_settings(BUDGET, max_examples=count, phases=[Phase.generate])
    @given(text=hostile_texts)
    def collect(text: str) -> None:
        found.append(text)

    collect()
    return found


async def test_generated_text_is_shown_literally_on_the_overview_and_in_the_history(make_app) -> None:
    """Hypothesis's texts as names, check-in focuses and activities, each participant opened in one app:
    shown as written, harmless, the layout whole; within 20 seconds, whatever the machine."""
    people = []
    for n, text in enumerate(generated(6)):
        name = as_one_line(text) if FIELD["first-name"].problem(as_one_line(text)) is None else f"Person {n}"
        person = records.create_participant(name)
        visit = records.start_or_resume_visit(person.id).id
        records.save_check_in(visit, focus=text)
        words = as_one_line(text) if FIELD["activity"].problem(as_one_line(text)) is None else "Walk"
        records.add_activity(person.id, words, None, ())
        people.append((person.id, name, as_free_text(text), words))
    order = [row.id for row in records.find_participants()]
    budget = time.monotonic() + 20  # seconds of wall time: what is left over is not shown
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        shown = 0
        for person, name, focus, words in sorted(people, key=lambda p: order.index(p[0])):
            await send(pilot, "enter")
            assert isinstance(app.screen, OverviewScreen) and app.screen.participant_id == person
            said = ["Focus:" + focus] if focus else []  # an empty focus is not mentioned
            check(app, name, *said)
            holds(app.screen.query_one("#week"), words)
            await send(pilot, "h", "c")
            check(app, *said)
            await send(pilot, "escape", "escape", "down")
            shown += 1
            if time.monotonic() > budget:
                break
        assert shown >= 3


# Regressions: what the corpus found ----------------------------------------------------------------


async def test_own_words_of_zero_width_characters_alone_are_not_an_area(make_app) -> None:
    """Pasted, they once became an area that showed as a blank line; the store now refuses them as no
    words at all, as it refuses such a first name, and a statement chosen with them shows its own text."""
    dana = records.create_participant("Dana")
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await send(pilot, "enter", "a", "w", Paste("\u200b\u200d\ufeff"), "enter")
        assert isinstance(app.screen, FocusAreasScreen)
        assert app.screen.chosen == []
        await send(pilot, "s")
        check(app, "Choose at least one area")
    with pytest.raises(ValidationError, match="is required when no statement is chosen"):
        records.choose_focus_areas(dana.id, [records.FocusChoice(None, "\u200b\u2060")])
    [area] = records.choose_focus_areas(dana.id, [records.FocusChoice(7, "\u200b")])
    assert area.text == "" and records.focus_choice_words(records.FocusChoice(area.statement, area.text))


def test_a_right_to_left_name_keeps_the_date_and_the_notes_after_it_in_the_pdf(store, frozen_clock) -> None:
    """ "שרה, 4 Mar 2026" was drawn "4 ,הרש Mar 2026": the comma and the day's number were taken into
    the name's right-to-left run. The person's words now end with a left-to-right mark."""
    person = records.create_participant("שרה")
    helper = records.create_helper(person.id, "سعيد", "friend")
    clock.set_now(clock.now() - dt.timedelta(days=7))
    walk = records.add_activity(person.id, "مشي", None, (helper.id,))
    clock.set_now(clock.now() + dt.timedelta(days=7))
    records.review_activity(walk.id, "done", "5 times")
    plan = plan_document(records.take_home(person.id), PLAN_PARTS, [], clock.today())
    record = record_document(records.read_participant(person.id), clock.today())
    week = next(line for line in record.sections[4].lines if line.startswith("Week of"))
    for line, end in ((plan.subtitle, ", 4 Mar 2026"), (record.subtitle, ", 4 Mar 2026"), (week, ". 5 times")):
        drawn = BidiParagraph(line, base_direction=TextDirection.LTR).get_reordered_string()
        assert drawn.replace("\u200e", "").endswith(end), drawn
    assert as_text(plan).split("\n")[1] == "שרה\u200e, 4 Mar 2026"
