"""Keys typed ahead wait their turn, so that each lands where it would have at typing speed.

Textual routes a key as soon as the app reads it: to whatever has focus at that moment.
Keys that arrive together (a fast typist, ``tmux send-keys 'abc' Tab 'def'``) are all
routed before the first has had its effect: the letters after a ``tab`` land in the field
the ``tab`` was leaving, and keys after an ``enter`` that opens a screen reach a screen
that is not mounted yet and has nothing focused. Here a key (or a paste) that arrives while
the app is still busy with earlier ones waits, in order, until the app has settled: every
message so far handled, the screen on top mounted with its focus placed. A key that arrives
while the app is quiet (anyone typing at a human pace) is handled at once.

A question that asks for a decision ignores keys that were typed before it was drawn
(``ChoiceScreen``): they waited here, but their time says when they were typed.
"""

from __future__ import annotations

import asyncio
from collections import deque
from time import monotonic
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.widget import Widget

HELD = (events.Key, events.Paste)
POLL = 0.002  # seconds between looks at a busy app
PATIENCE = 2.0  # seconds a key waits at most: an app that never settles still gets its keys


def quiet(pump: MessagePump, handling_one: bool = False) -> bool:
    """Whether ``pump`` has nothing left to do: no message queued, none being handled, no callback due.

    ``handling_one``: the pump is handling one message now (the app, with the key in hand).
    Reads Textual 8.2.8's queue and callbacks, as its own test pilot waits for them.
    """
    queue: asyncio.Queue[Any] = pump._message_queue
    if not queue.empty():
        return False
    if handling_one:
        return True
    return getattr(queue, "_unfinished_tasks", 0) == 0 and not getattr(pump, "_next_callbacks", None)


class KeysInTurn(App[Any]):
    """An app whose keys are handled one after another, each once the last has had its effect."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._keys_waiting: deque[events.Event] = deque()
        self._keys_in_turn: set[int] = set()  # ids of waiting keys sent back to the app for handling
        self._releasing: asyncio.Task[None] | None = None

    @property
    def keys_waiting(self) -> int:
        """How many keys typed ahead are still waiting for their turn."""
        return len(self._keys_waiting)

    def settled(self, handling_one: bool = False) -> bool:
        """Whether a key arriving now would land where it would at typing speed."""
        if not self.screen_stack:
            return False
        screen = self.screen
        if not screen.is_mounted or not quiet(self, handling_one):
            return False
        widgets = list(screen.walk_children(Widget, with_self=False))
        return all(quiet(s) for s in self.screen_stack) and all(w.is_mounted and quiet(w) for w in widgets)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, HELD) and not event.is_forwarded:
            if id(event) in self._keys_in_turn:
                self._keys_in_turn.discard(id(event))
            elif self._keys_waiting or not self.settled(handling_one=True):
                self._keys_waiting.append(event)
                if self._releasing is None or self._releasing.done():
                    self._releasing = asyncio.create_task(self._release_in_turn())
                return
        await super().on_event(event)

    async def _release_in_turn(self) -> None:
        """Hand the waiting keys back to the app one at a time, each once the app has settled."""
        while self._keys_waiting and self.is_running:
            give_up = monotonic() + PATIENCE
            while not self.settled() and monotonic() < give_up and self.is_running:
                await asyncio.sleep(POLL)
            event = self._keys_waiting.popleft()
            self._keys_in_turn.add(id(event))
            self.post_message(event)
            await asyncio.sleep(0)  # the app takes it before the next look

    def on_unmount(self) -> None:
        if self._releasing is not None:
            self._releasing.cancel()
        self._keys_waiting.clear()
