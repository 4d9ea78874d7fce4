"""The take-home plan: the participant chooses what goes in it, sees it, and takes it home as a PDF
and text file, printed, as QR codes for their own phone, or shown large to photograph. From the
same screen, their whole record. Writing and printing run in a worker thread."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import SelectionList, Static
from textual.worker import Worker, WorkerState

from recovery_tui import clock
from recovery_tui.config import Settings
from recovery_tui.content.support_lines import load_support_lines
from recovery_tui.exchange.take_home import (
    LEFT_OUT_AT_FIRST,
    PLAN_PARTS,
    Document,
    as_text,
    plan_document,
    record_document,
)
from recovery_tui.plans_folder import PrintFailed, print_file, remove_expired, write_files
from recovery_tui.store import records
from recovery_tui.store.errors import StoreError
from recovery_tui.ui.screens.base import AppScreen, in_thread, store_errors
from recovery_tui.ui.screens.large_text import LargeTextScreen
from recovery_tui.ui.screens.qr_codes import QrCodesScreen
from recovery_tui.ui.widgets.marks import MarkList

WRITING = "take-home"


def pdf_of(document: Document, every_page: bool = False) -> bytes:
    """The PDF (the plan on two pages at most; ``every_page`` for the record), its library loaded only
    when one is first made: at start-up it would cost a third of a second."""
    from recovery_tui.exchange.pdf import as_pdf

    return as_pdf(document, most_pages=None) if every_page else as_pdf(document)


@dataclass(frozen=True)
class Written:
    pdf: Path
    text: Path
    document: Document | None = None  # the plan written (None for the record): printed again only if unchanged
    printed: bool = False
    print_problem: str = ""  # why the print command did not take it


def noted(participant_id: uuid.UUID, what: str, pdf: Path, text: Path) -> None:
    """Files written are noted in the records, which an erasure reads to remove them: files that could
    not be noted are removed at once, so that none outlives an erasure unnamed."""
    try:
        records.note_written(participant_id, what, (pdf.name, text.name))
    except BaseException:
        for path in (pdf, text):
            with contextlib.suppress(OSError):
                path.unlink()
        raise


class TakeHomeScreen(AppScreen):
    BINDINGS = [
        Binding("w", "write", show=False),
        Binding("p", "print", show=False),
        Binding("q", "qr", show=False),
        Binding("l", "large", show=False),
        Binding("m", "my_record", show=False),
    ]

    def __init__(self, participant_id: uuid.UUID) -> None:
        super().__init__()
        self.participant_id = participant_id
        self.plan: records.TakeHome | None = None
        self.written: Written | None = None  # the plan as last written, while the choice is the same

    @property
    def heading(self) -> str:
        name = "" if self.plan is None else f" · {self.plan.first_name}"
        return f"Take-home plan{name}"

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with Horizontal(id="take-home"):
            yield MarkList[str](
                *((words, part, part not in LEFT_OUT_AT_FIRST) for part, words in PLAN_PARTS.items()), id="parts"
            )
            with VerticalScroll(id="preview"):
                yield Static(id="plan-text", markup=False)
        yield Static(id="written", markup=False)
        yield from self.compose_keys()

    @property
    def settings(self) -> Settings:
        return self.app.settings  # type: ignore[attr-defined,no-any-return]  # RecoveryApp's, which imports this

    def screen_keys(self) -> list[tuple[str, str]]:
        keys = [("↓↑", "Move"), ("space", "Put in or leave out"), ("tab", "Read the plan")]
        if self.is_mounted and self.focused is self.query_one("#preview"):
            keys = [("↓↑", "Scroll"), ("tab", "Choose parts")]
        keys.append(("w", "Write PDF and text"))
        if self.settings.print_command:
            keys.append(("p", "Print"))
        return [*keys, ("q", "QR code"), ("l", "Large text"), ("m", "My whole record"), ("esc", "Overview")]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return bool(self.settings.print_command) if action == "print" else True

    @store_errors("Could not open", leave=True)
    def on_mount(self) -> None:
        self.plan = records.take_home(self.participant_id)
        self.query_one(".screen-title", Static).update(self.heading)
        self.query_one("#parts", MarkList).focus()
        self._show_preview()

    def chosen(self) -> list[str]:
        return list(self.query_one("#parts", MarkList).selected)

    def document(self) -> Document:
        assert self.plan is not None
        support = load_support_lines(getattr(self.app, "support_lines_file", None)).lines
        return plan_document(self.plan, self.chosen(), support, clock.today())

    def _show_preview(self) -> None:
        self.query_one("#plan-text", Static).update(Content(as_text(self.document())))

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        self.written = None  # another choice: the next print writes it again
        self._show_preview()

    # Writing, printing: in a worker thread (making a PDF takes a moment) ---------------------

    def _run(self, name: str, work: Callable[[], Written]) -> None:
        self._say("Writing…")
        self.run_worker(partial(in_thread, work), name=name, group=WRITING, thread=True, exit_on_error=False)

    def _write_plan(self, document: Document) -> Written:
        folder = self._tidied()
        pdf, text = write_files(folder, "plan", pdf_of(document), as_text(document))
        noted(self.participant_id, "plan", pdf, text)
        return Written(pdf, text, document)

    def _tidied(self) -> Path:
        """The plans folder, its expired plans removed where they can be (a file it may not remove
        never stops a plan being written)."""
        folder = self.settings.plans_folder
        with contextlib.suppress(OSError):
            remove_expired(folder, self.settings.plan_keep_days)
        return folder

    def action_write(self) -> None:
        self._run("plan", partial(self._write_plan, self.document()))

    def action_print(self) -> None:
        document, written, command = self.document(), self.written, self.settings.print_command

        def write_and_print() -> Written:
            files = written if written is not None and written.document == document else self._write_plan(document)
            try:
                print_file(command, files.pdf)
            except PrintFailed as failed:
                return replace(files, printed=False, print_problem=str(failed))
            records.note_written(self.participant_id, "printed")
            return replace(files, printed=True)

        self._run("plan", write_and_print)

    def action_my_record(self) -> None:
        folder, person = self._tidied(), self.participant_id

        def write_record() -> Written:
            document = record_document(records.read_participant(person), clock.today())
            pdf, text = write_files(folder, "record", pdf_of(document, every_page=True), as_text(document))
            noted(person, "record", pdf, text)
            return Written(pdf, text)

        self._run("record", write_record)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker: Worker[Written] = event.worker
        if worker.group != WRITING or not self.is_attached:
            return
        if worker.state == WorkerState.ERROR:
            error = worker.error
            if not isinstance(error, (StoreError, OSError)):
                raise error  # type: ignore[misc]  # the app's last resort: calm words, a log without content
            words = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            self._say(f"Not written: {words}.")
            self.notify(words, title="Not written", severity="error", markup=False)
        elif worker.state == WorkerState.SUCCESS and worker.result is not None:
            self._said_written(worker.name, worker.result)

    def _said_written(self, kind: str, written: Written) -> None:
        what = "Your whole record" if kind == "record" else "The plan"
        where = (
            f"{what} is saved as {written.pdf.name} and {written.text.name} in {written.pdf.parent}. "
            f"It is removed after {self.settings.plan_keep_days} days."
        )
        if kind == "plan":
            self.written = written
        if written.print_problem:
            self._say(f"Not printed: {written.print_problem}. {where}")
            self.notify(written.print_problem, title="Not printed", severity="error", markup=False)
        else:
            self._say(("Sent to the printer. " if written.printed else "") + where)

    def _say(self, words: str) -> None:
        self.query_one("#written", Static).update(words)

    # Ways home without a printer ----------------------------------------------------------

    @store_errors("Could not open")
    def action_qr(self) -> None:
        records.note_written(self.participant_id, "qr")
        self.app.push_screen(QrCodesScreen(as_text(self.document(), underlined=False)))

    @store_errors("Could not open")
    def action_large(self) -> None:
        records.note_written(self.participant_id, "large")
        self.app.push_screen(LargeTextScreen(self.document()))
