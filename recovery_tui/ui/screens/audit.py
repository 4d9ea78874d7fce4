"""The audit log: who did what to which record, and when, newest first; never what a record holds.

Opened from the worker menu (``l``), after the signed-in worker's PIN once more where anyone has a
PIN. ``w``, ``p`` and ``k`` narrow the list to one worker (retired ones too), one participant (found
by typing part of a first name or agency ID, archived ones too: what was done to them and to each of
their records) or one kind of event; ``c`` clears them. The filters in force are said in words above
the list. The newest ``AUDIT_LIMIT`` lines are shown; the command line (``recovery-tui audit``) prints
them all. The log is read in a worker thread: a long one never holds up a key.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from recovery_tui.assets import asset_path
from recovery_tui.store import records
from recovery_tui.store.errors import StoreError
from recovery_tui.ui.guard import Guarded
from recovery_tui.ui.screens.base import AppScreen, in_thread, store_errors
from recovery_tui.ui.text import day, literal
from recovery_tui.ui.widgets.key_bar import KeyBar
from recovery_tui.ui.widgets.text_field import TextField

WHEN, WHO, WHAT = 17, 14, 16  # columns that fit 80 wide; what is left goes to the record
GAP = "  "
NAME_IN_FILTERS = 24  # a long name in the filter line is cut short, so that the line stays readable
PICK_LIMIT = 200
KIOSK_LEAST_TYPED = 2  # as on the participants screen: a kiosk lists nobody until this much is typed
ANY = ""  # the option that takes a filter away
READING = "Reading the audit log…"
EVERYTHING = "All events, newest first. A line names a record, never what it holds."
NOTHING_YET = "Nothing recorded yet."
NOTHING_MATCHES = "Nothing matches these filters. Press c to clear them."
MORE_THAN_SHOWN = (
    f"Only the newest {records.AUDIT_LIMIT} are shown. To see them all, run recovery-tui audit on the "
    "command line (--since YYYY-MM-DD, --participant P, --csv)."
)
NOT_READ = "The audit log could not be read just now. Press c to try again."


@dataclass(frozen=True)
class Filters:
    """What the list is narrowed to, with the words the filter line shows."""

    worker: tuple[uuid.UUID, str] | None = None  # id, name
    participant: tuple[uuid.UUID, str] | None = None  # id, first name
    kind: records.AuditKind | None = None

    @property
    def any(self) -> bool:
        return self.worker is not None or self.participant is not None or self.kind is not None


def _cut(text: str, width: int) -> Content:
    return literal(text).truncate(width, ellipsis=True, pad=True)


def line_prompt(line: records.AuditLine) -> Content:
    """One event in columns: when, who (cut short), what, which record."""
    return Content.assemble(
        (line.when_words.ljust(WHEN), "dim"),
        GAP,
        _cut(line.who, WHO),
        GAP,
        Content(line.what.ljust(WHAT)),
        GAP,
        literal(line.which),
    )


def header() -> Content:
    return Content.assemble("When".ljust(WHEN), GAP, "Who".ljust(WHO), GAP, "What".ljust(WHAT), GAP, "Which record")


def filter_words(filters: Filters) -> Content:
    """The filters in force, in words: "Only: by Dana · about Zebedee · Wrong PIN, newest first."."""
    if not filters.any:
        return Content(EVERYTHING)
    parts: list[Content] = []
    if filters.worker is not None:
        parts.append(Content.assemble("by ", _cut(filters.worker[1], NAME_IN_FILTERS).rstrip()))
    if filters.participant is not None:
        about = _cut(filters.participant[1], NAME_IN_FILTERS).rstrip()
        parts.append(Content.assemble("about ", about, " and their records"))
    if filters.kind is not None:
        parts.append(Content(filters.kind.words))
    return Content.assemble(("Only: ", "bold"), Content(" · ").join(parts), ", newest first.")


def participant_prompt(row: records.AuditParticipant) -> Content:
    """A first name and the day they were added (two people may share a name); archived ones said so."""
    details = f"  added {day(row.added)}" + ("  ·  archived" if row.archived else "")
    return Content.assemble(literal(row.first_name), (details, "dim"))


class AuditScreen(AppScreen):
    CSS_PATH = asset_path("styles", "audit.tcss")
    TITLE = "Audit log"
    KEYS = [
        ("↓↑", "Move"),
        ("w", "By worker"),
        ("p", "By participant"),
        ("k", "By kind"),
        ("c", "Clear filters"),
        ("esc", "Back"),
    ]
    BINDINGS = [
        Binding("w", "by_worker", show=False),
        Binding("p", "by_participant", show=False),
        Binding("k", "by_kind", show=False),
        Binding("c", "clear", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filters = Filters()
        self.lines: list[records.AuditLine] = []  # as shown, newest first
        self.reads = 0  # each read is numbered: only the latest one's lines are shown
        self.failed = False

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        yield Static(EVERYTHING, id="audit-filters")
        yield Static(header(), id="audit-header")
        yield OptionList(id="audit-lines")
        yield Static(READING, id="audit-note")
        yield from self.compose_keys()

    def on_mount(self) -> None:
        with contextlib.suppress(StoreError):  # the log is shown even when its own line cannot be written
            records.note_audit_log_read()
        self.query_one("#audit-lines", OptionList).focus()
        self._read()

    def screen_keys(self) -> list[tuple[str, str]]:
        works = {"↓↑": len(self.lines) > 1, "c": self.filters.any or self.failed}
        return [(key, words) for key, words in self.KEYS if works.get(key, True)]

    # Reading in a worker thread, drawing on the app's own ---------------------------------

    def _read(self) -> None:
        self.reads += 1
        self.failed = False
        self.query_one("#audit-filters", Static).update(filter_words(self.filters))
        self.query_one("#audit-note", Static).update(READING)
        self.query_one("#audit-note", Static).display = True
        f = self.filters
        reader = partial(
            records.audit_lines,
            worker_id=None if f.worker is None else f.worker[0],
            participant_id=None if f.participant is None else f.participant[0],
            kind=None if f.kind is None else f.kind.key,
            limit=records.AUDIT_LIMIT + 1,  # one more says there are older ones
        )
        self.run_worker(
            partial(in_thread, reader), name=str(self.reads), group="audit", thread=True, exit_on_error=False
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker: Worker[Any] = event.worker
        if worker.group != "audit" or worker.name != str(self.reads) or not self.is_attached:
            return  # an older read, overtaken by a newer filter
        if worker.state == WorkerState.SUCCESS:
            self._show(worker.result or [])
        elif worker.state == WorkerState.ERROR:
            if not isinstance(worker.error, StoreError):
                raise worker.error  # type: ignore[misc]  # the app's last resort: calm words, a log without content
            self.failed = True
            self.notify(str(worker.error), title="Could not read the audit log", severity="error", markup=False)
            self._show([], NOT_READ)

    def _show(self, lines: list[records.AuditLine], note: str | None = None) -> None:
        self.lines = lines[: records.AUDIT_LIMIT]
        options = self.query_one("#audit-lines", OptionList)
        options.clear_options()
        options.add_options(Option(line_prompt(line)) for line in self.lines)
        options.highlighted = 0 if self.lines else None
        options.display = bool(self.lines)
        self.query_one("#audit-header", Static).display = bool(self.lines)
        if note is None:
            if len(lines) > records.AUDIT_LIMIT:
                note = MORE_THAN_SHOWN
            elif not lines:
                note = NOTHING_MATCHES if self.filters.any else NOTHING_YET
        shown = self.query_one("#audit-note", Static)
        shown.update(note or "")
        shown.display = bool(note)
        self.refresh_keys()

    def _narrow(self, **changes: Any) -> None:
        self.filters = replace(self.filters, **changes)
        self._read()

    # The filters ------------------------------------------------------------------------

    @store_errors("Could not read the workers")
    def action_by_worker(self) -> None:
        workers = records.workers(with_retired=True)
        choices = [(ANY, Content("Any worker"))]
        for worker in workers:
            details = worker.role_words + ("  ·  retired" if worker.retired else "")
            choices.append((str(worker.id), Content.assemble(literal(worker.name), (f"  {details}", "dim"))))
        names = {str(w.id): w.name for w in workers}
        chosen = ANY if self.filters.worker is None else str(self.filters.worker[0])

        def picked(key: str | None) -> None:
            if key is not None:
                self._narrow(worker=None if key == ANY else (uuid.UUID(key), names[key]))

        self.app.push_screen(AuditPickScreen("Whose actions?", choices, chosen), picked)

    def action_by_participant(self) -> None:
        kiosk = bool(getattr(getattr(self.app, "settings", None), "kiosk", False))

        def picked(chosen: Picked | None) -> None:
            if chosen is not None:
                row = chosen.row
                self._narrow(participant=None if row is None else (row.id, row.first_name))

        self.app.push_screen(AuditParticipantScreen(kiosk), picked)

    def action_by_kind(self) -> None:
        choices = [(ANY, Content("Any kind")), *((kind.key, Content(kind.words)) for kind in records.AUDIT_KINDS)]
        chosen = ANY if self.filters.kind is None else self.filters.kind.key
        kinds = {kind.key: kind for kind in records.AUDIT_KINDS}

        def picked(key: str | None) -> None:
            if key is not None:
                self._narrow(kind=None if key == ANY else kinds[key])

        self.app.push_screen(AuditPickScreen("Which kind of event?", choices, chosen), picked)

    def action_clear(self) -> None:
        if self.filters.any or self.failed:
            self.filters = Filters()
            self._read()


class AuditPickScreen(Guarded, ModalScreen[str | None]):
    """One of a list, chosen by keys: returns the chosen option's key, or None on escape."""

    BINDINGS = [Binding("escape", "dismiss(None)", show=False)]

    def __init__(self, question: str, choices: list[tuple[str, Content]], chosen: str) -> None:
        super().__init__()
        self.question = question
        self.choices = choices
        self.chosen = chosen

    def compose(self) -> ComposeResult:
        with Vertical(id="audit-pick-box"):
            yield Static(self.question, classes="box-title", markup=False)
            yield OptionList(*(Option(prompt, id=f"pick-{key}") for key, prompt in self.choices))
            yield KeyBar([("↓↑", "Move"), ("enter", "Choose"), ("esc", "Back")])

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        keys = [key for key, _ in self.choices]
        options.highlighted = keys.index(self.chosen) if self.chosen in keys else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[event.option_index][0])


@dataclass(frozen=True)
class Picked:
    """A participant chosen, or None for any participant."""

    row: records.AuditParticipant | None


class AuditParticipantScreen(Guarded, ModalScreen[Picked | None]):
    """Whose log: type part of a first name or agency ID, ``↓↑`` and ``enter``. Returns who was chosen,
    or None on escape. Archived participants are found too; with nothing typed, "Any participant" comes first."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(self, kiosk: bool) -> None:
        super().__init__()
        self.kiosk = kiosk
        self.rows: list[records.AuditParticipant | None] = []  # as listed; None: any participant

    def compose(self) -> ComposeResult:
        with Vertical(id="audit-pick-box"):
            yield Static("About which participant?", classes="box-title")
            yield TextField(placeholder="Type part of a first name or agency ID", id="audit-search")
            found = OptionList(id="audit-found")
            found.can_focus = False  # the search box keeps focus; up and down move here
            yield found
            yield Static(id="audit-pick-note")
            yield KeyBar([("type", "Find"), ("↓↑", "Move"), ("enter", "Choose"), ("esc", "Back")])

    def on_mount(self) -> None:
        self.query_one("#audit-search", Input).focus()
        self._list("")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._list(event.value)

    def _list(self, typed: str) -> None:
        waits = self.kiosk and len(typed.strip()) < KIOSK_LEAST_TYPED
        try:
            found = [] if waits else records.audit_participants(typed, limit=PICK_LIMIT + 1)
            said = self._note(typed, waits, len(found))
        except StoreError as error:
            found, said = [], Content(str(error))
        self.rows = [*([] if typed.strip() else [None]), *found[:PICK_LIMIT]]
        options = self.query_one("#audit-found", OptionList)
        options.clear_options()
        options.add_options(Option("Any participant" if row is None else participant_prompt(row)) for row in self.rows)
        options.highlighted = 0 if self.rows else None
        options.display = bool(self.rows)
        note = self.query_one("#audit-pick-note", Static)
        note.update(said)
        note.display = bool(said.plain)

    @staticmethod
    def _note(typed: str, waits: bool, found: int) -> Content:
        if waits:
            return Content("Type at least two characters of a first name or agency ID.")
        if found > PICK_LIMIT:
            return Content(f"Showing the first {PICK_LIMIT}. Type more of the name to narrow the list.")
        if not found and typed.strip():
            return Content.assemble("Nobody matches “", literal(typed), "”.")
        return Content("")

    def action_move(self, step: int) -> None:
        options = self.query_one("#audit-found", OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        index = self.query_one("#audit-found", OptionList).highlighted
        if index is not None and index < len(self.rows):
            self.dismiss(Picked(self.rows[index]))
