"""What every screen shares: a title line, the key bar, the list of its keys, and how a store error shows."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ClassVar, Concatenate, ParamSpec, TypeVar

from textual.app import ComposeResult
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from recovery_tui.store.errors import StoreError
from recovery_tui.ui.guard import Guarded
from recovery_tui.ui.widgets.key_bar import KeyBar
from recovery_tui.ui.widgets.note_area import NoteArea

GLOBAL_KEYS = [("f1", "Keys"), ("f2", "Support lines"), ("ctrl+q", "Quit")]

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


class AppScreen(Guarded, Screen[None]):
    TITLE: ClassVar[str] = ""
    KEYS: ClassVar[list[tuple[str, str]]] = []  # what the key bar and f1 show, in that order

    @property
    def heading(self) -> str:
        """The title line and the title of f1's list: ``TITLE``, unless the screen words its own."""
        return self.TITLE

    def keys(self) -> list[tuple[str, str]]:
        return [*self.KEYS, *GLOBAL_KEYS]

    def compose_title(self) -> ComposeResult:
        yield Static(self.heading, classes="screen-title", markup=False)

    def compose_keys(self) -> ComposeResult:
        yield KeyBar(self.keys())

    def settle(self) -> None:
        """Save what is typed but not yet saved; called before the screen is left or covered."""
        for note in self.query(NoteArea):
            note.settle()

    def on_screen_suspend(self) -> None:
        self.settle()
