"""What every screen shares: a title line, the key bar, the list of its keys, and how a store error shows.

The key bar and f1 list the keys that work in the state the screen is in. ``keys()`` answers
for that state; the bar asks again whenever focus moves and when the screen calls
``refresh_keys()`` after a change of its own (a list that became empty, say). While a text box
has focus, keys that would be typed into it (letters, digits, ``space``, ``delete``) are left
out, unless the screen says which keys work there (``TYPING_KEYS``, or its own ``keys()``).

``SavedByKeys`` is what a form saved by a key takes: ``ctrl+s`` saves from any field,
and ``escape`` asks "Leave without saving?" when words typed in it would be lost.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ClassVar, Concatenate, ParamSpec, TypeVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static, TextArea

from recovery_tui.store import records
from recovery_tui.store.errors import StoreError
from recovery_tui.ui.guard import Guarded
from recovery_tui.ui.screens.choice import ChoiceScreen, if_yes
from recovery_tui.ui.widgets.key_bar import KeyBar
from recovery_tui.ui.widgets.note_area import NoteArea
from recovery_tui.ui.widgets.text_field import TextField

GLOBAL_KEYS = [("f1", "Keys"), ("f2", "Support lines"), ("ctrl+q", "Quit")]
TYPED_KEYS = {"space", "backspace", "delete"}  # with single characters and ranges such as 1-5
LEAVE_QUESTION = "Leave without saving?"
LEAVE_CHOICES = [("y", "Yes, leave without saving"), ("n", "No, stay here")]

S = TypeVar("S", bound=Screen[Any])
P = ParamSpec("P")
R = TypeVar("R")


def can_go_back(screen: Screen[Any]) -> bool:
    """Whether ``screen`` is on top and has somewhere to go back to: the participants list stays."""
    return screen.is_active and (isinstance(screen, ModalScreen) or len(screen.app.screen_stack) > 2)


def store_errors(
    title: str, leave: bool = False
) -> Callable[[Callable[Concatenate[S, P], R]], Callable[Concatenate[S, P], R | None]]:
    """Show a ``StoreError`` from the handler as its own words under ``title``, and carry on.

    The handler stops where the store refused (returning None). With ``leave``, the
    screen could not load what it shows, so it goes back to where the person was.
    """

    def decorate(handler: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R | None]:
        @functools.wraps(handler)
        def run(screen: S, /, *args: P.args, **kwargs: P.kwargs) -> R | None:
            try:
                return handler(screen, *args, **kwargs)
            except StoreError as error:
                screen.notify(str(error), title=title, severity="error", markup=False)
                if leave and can_go_back(screen):
                    screen.dismiss()
                return None

        return run

    return decorate


def in_thread(work: Callable[[], R]) -> R:
    """Run ``work`` as a worker thread's whole task: its reads open the thread's own database
    connection, which is closed as the thread finishes."""
    try:
        return work()
    finally:
        records.close_thread_connection()


def close_screens_of(app: App[Any], participant_id: object) -> None:
    """Close the screens about one participant (archived or erased) from the top down to the
    participants list; none of them reads anything of them again on the way out."""
    for screen in app.screen_stack:
        if getattr(screen, "participant_id", None) == participant_id and isinstance(screen, AppScreen):
            screen.left_for_good = True
    while len(app.screen_stack) > 2 and getattr(app.screen, "participant_id", None) == participant_id:
        app.pop_screen()


def is_typed(key: str) -> bool:
    """Whether a key shown in a bar is one a text box takes as typing (``a``, ``1-5``, ``space``)."""
    return key in TYPED_KEYS or len(key) == 1 or (len(key) == 3 and key[1] == "-" and key[0] != key[2])


def typing_in(screen: Screen[Any]) -> bool:
    """Whether a text box on ``screen`` has focus, so that letters, digits and space are typed into it."""
    return isinstance(screen.focused, (Input, TextArea))


class AppScreen(Guarded, Screen[None]):
    TITLE: ClassVar[str] = ""
    KEYS: ClassVar[list[tuple[str, str]]] = []  # what the key bar and f1 show, in that order
    TYPING_KEYS: ClassVar[list[tuple[str, str]] | None] = None  # while a text box has focus; None: KEYS less typed
    left_for_good = False  # its participant is archived or erased: closing, with nothing to read again

    @property
    def heading(self) -> str:
        """The title line and the title of f1's list: ``TITLE``, unless the screen words its own."""
        return self.TITLE

    def keys(self) -> list[tuple[str, str]]:
        """The keys that work now, in the order the bar shows them, the app's own last."""
        return [*self.screen_keys(), *GLOBAL_KEYS]

    def screen_keys(self) -> list[tuple[str, str]]:
        """This screen's keys as things stand: override for keys that depend on its state."""
        if not (self.is_mounted and typing_in(self)):
            return self.KEYS
        if self.TYPING_KEYS is not None:
            return self.TYPING_KEYS
        return [(key, what) for key, what in self.KEYS if not is_typed(key)]

    def compose_title(self) -> ComposeResult:
        yield Static(self.heading, classes="screen-title", markup=False)

    def compose_keys(self) -> ComposeResult:
        yield KeyBar(self.keys(), classes="screen-keys")

    def refresh_keys(self) -> None:
        """Show the keys that work now: called when focus moves; call it after a change of state."""
        for bar in self.query("KeyBar.screen-keys").results(KeyBar):
            bar.show(self.keys())

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.refresh_keys()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.refresh_keys()

    def on_screen_resume(self) -> None:
        self.refresh_keys()

    def settle(self) -> None:
        """Save what is typed but not yet saved; called before the screen is left or covered."""
        for note in self.query(NoteArea):
            note.settle()

    def on_screen_suspend(self) -> None:
        self.settle()


class SavedByKeys(Screen[Any]):
    """A form saved by a key: ``ctrl+s`` saves from any field, ``escape`` leaves.

    Put it first among the screen's bases and write ``action_save``. Leaving asks
    "Leave without saving?" (y / n) while ``has_unsaved_text()`` says words typed here
    would be lost; ``leave()`` is what happens then (by default the screen is dismissed).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", show=False, priority=True),  # no field can take it first
        Binding("escape", "leave", show=False),  # an open list closes first
    ]

    def action_save(self) -> None:
        raise NotImplementedError

    def has_unsaved_text(self) -> bool:
        """Whether any text box holds words other than those it opened with."""
        return any(field.value != field.initial for field in self.query(TextField))

    def action_leave(self) -> None:
        if self.has_unsaved_text():
            self.app.push_screen(ChoiceScreen(LEAVE_QUESTION, LEAVE_CHOICES), if_yes(self.leave))
        else:
            self.leave()

    def leave(self) -> None:
        self.dismiss()
