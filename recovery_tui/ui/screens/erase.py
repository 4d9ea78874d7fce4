"""Erasing everything about one participant, for good, once the worker has typed their first name.

The erasure itself (``recovery_tui.erasure``) runs in a worker thread: rewriting the store and
its copies can take a while, and the screen says so meanwhile. Afterwards every screen about
the participant is closed, so nothing of them stays in view.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from recovery_tui.security import clean_line
from recovery_tui.store import records
from recovery_tui.store.errors import NotFound, StoreError
from recovery_tui.ui.screens.base import AppScreen, close_screens_of, in_thread
from recovery_tui.ui.text import literal
from recovery_tui.ui.widgets.text_field import TextField

if TYPE_CHECKING:
    from recovery_tui.erasure import ErasureReport

WHAT_GOES = (
    "for good: visits and check-ins, every scale, areas to grow, plans, the people who help, visit "
    "notes, and the take-home files written on this machine. It cannot be undone. What stays is a "
    "note that a participant was erased, with no name. Copies made with recovery-tui backup, and "
    "exports, still hold them until they are next made; an older export imported here does not bring them back."
)
NOT_THEIR_NAME = "Type their first name as it is written above, then press enter. Nothing has been erased."
ERASING = "Erasing: the records and their copies are being rewritten. Please wait."


class EraseScreen(AppScreen):
    KEYS = [("enter", "Erase for good"), ("esc", "Back")]
    BINDINGS = [Binding("escape", "back", show=False)]  # not while erasing: the app's own escape would leave

    def __init__(self, participant_id: uuid.UUID, first_name: str) -> None:
        super().__init__()
        self.participant_id = participant_id
        self.first_name = first_name
        self.erasing = False
        self.erased: ErasureReport | str | None = None  # what came of it (or what failed after), until left

    @property
    def heading(self) -> str:
        return f"Erase {clean_line(self.first_name)}"

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with Vertical(id="erase"):
            yield Static(
                Content.assemble("This removes everything recorded about ", literal(self.first_name), ", ", WHAT_GOES),
                id="erase-what",
            )
            yield Static(
                Content.assemble("To erase, type their first name, ", literal(self.first_name), ", and press enter:"),
                id="erase-ask",
            )
            yield TextField(id="erase-name", placeholder="First name", limit=80)
            yield Static("", id="erase-message", markup=False)
        yield from self.compose_keys()

    def screen_keys(self) -> list[tuple[str, str]]:
        return [] if self.erasing else self.KEYS

    def on_mount(self) -> None:
        self.query_one("#erase-name", TextField).focus()

    def say(self, words: str) -> None:
        self.query_one("#erase-message", Static).update(words)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.erasing:
            return
        typed = event.value
        if not typed.strip():
            self.say(NOT_THEIR_NAME)
            return
        self.erasing = True
        self.query_one("#erase-name", TextField).disabled = True
        self.say(ERASING)
        self.refresh_keys()
        from recovery_tui import erasure  # loaded when first needed: it reaches the store's copies and plans

        settings = self.app.settings  # type: ignore[attr-defined]
        work = partial(erasure.erase, settings, self.participant_id, typed)
        self.run_worker(partial(in_thread, work), thread=True, exit_on_error=False, name="erase")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "erase" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        if event.state == WorkerState.ERROR:
            self._failed(event.worker.error)
            return
        self.erased = event.worker.result
        self._leave_when_on_top()

    def _failed(self, error: BaseException | None) -> None:
        """Nothing erased: try again. Erased, but a later step failed (a copy, a file): say so, and leave."""
        words = str(error) if isinstance(error, StoreError) else "Something went wrong while erasing."
        if not isinstance(error, StoreError) and isinstance(error, Exception):
            self.app.recover(error, self, None)  # type: ignore[attr-defined]  # logged, without content
        try:
            records.get_participant(self.participant_id)
        except NotFound:
            self.erased = f"The participant's records were erased, but not everything after: {words}"
            self._leave_when_on_top()
            return
        except StoreError:
            pass
        self.erasing = False
        field = self.query_one("#erase-name", TextField)
        field.disabled = False
        field.focus()
        self.say(words if isinstance(error, StoreError) else f"{words} Nothing was erased.")
        self.refresh_keys()

    def _leave_when_on_top(self) -> None:
        if self.is_active:
            self.leave_everything_about_them()
        # else the lock (or the support lines) is over this screen: leave when it is back on top

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self.erased is not None:
            self.leave_everything_about_them()

    def leave_everything_about_them(self) -> None:
        """Close this screen and every screen beneath it that shows the participant, then say what went."""
        report, self.erased = self.erased, None
        close_screens_of(self.app, self.participant_id)  # this one first: it is on top
        if isinstance(report, str):
            self.app.notify(report, title="Erased", severity="warning", timeout=30, markup=False)
        elif report is not None:
            from recovery_tui.erasure import report_words

            self.app.notify(report_words(report), title="Erased", timeout=15, markup=False)

    def action_back(self) -> None:
        if not self.erasing:
            self.dismiss()
