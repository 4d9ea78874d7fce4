"""Key-to-drawn timing, shared by every case: post a key, wait for the frame that shows it.

``pilot.press`` is not used for timed keys: it sleeps until the whole process looks
idle, which adds about 70 ms to every key. Instead one sample is:

1. note ``perf_counter()`` and ``process_time()``;
2. post the key to the app, as a terminal driver would (``app.post_message``);
3. yield to the event loop until ``handled()`` sees the state the key changes (true
   as soon as the key's handler has run);
4. ``app.call_after_refresh`` a callback and await it: the screen runs it after it
   has drawn the refreshes the handler asked for. A frame counter checks that a
   frame was drawn between 3 and 4; a sample without one is reported as invalid;
5. note the wall and CPU time again.

By default keys are sent back to back, so each key arrives just after a frame was
drawn: with Textual's 60 Hz cap even an app that does nothing waits about one frame
(16.7 ms) for the next. The floor app measured the same way shows that cost; a case
lands "in the same frame" when its median is about the floor's. With a gap between
keys (``--gap``, as a person types) the next frame is drawn as soon as the work is
done, so the wall time is the work itself, with no frame wait to hide it.

Headless apps render each frame in full but do not write it to a terminal, for the
app and the floor alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import statistics
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter, process_time

from textual import events
from textual.app import App

from recovery_tui.config import DATABASE_FILE, load_settings
from recovery_tui.store.database import close_store, open_store
from recovery_tui.store.encryption import encrypt_file

TIMEOUT = 10.0  # seconds for one key


@dataclass
class Timings:
    """Wall and CPU seconds per key, and how many keys were not drawn as expected."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    frames: list[int] = field(default_factory=list)  # frames drawn between "handled" and the callback

    def add(self, other: Timings) -> None:
        self.wall += other.wall
        self.cpu += other.cpu
        self.frames += other.frames

    @property
    def undrawn(self) -> int:
        """Samples whose callback ran with no frame drawn after the key: should be 0."""
        return sum(1 for count in self.frames if count == 0)

    def summary(self) -> dict[str, float]:
        return {
            "n": len(self.wall),
            "median": statistics.median(self.wall),
            "p90": percentile(self.wall, 0.9),
            "cpu": statistics.median(self.cpu),
            "frames": statistics.mean(self.frames),
        }


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class FrameCounter:
    """Counts the frames an app draws (each ``App._display`` of a screen update).

    Used only as a check that every timed key was followed by a drawn frame; a headless
    app still composes every frame before ``_display`` declines to write it out.
    """

    def __init__(self, app: App) -> None:
        self.count = 0
        display = app._display

        def counting(screen, renderable) -> None:  # type: ignore[no-untyped-def]
            if renderable is not None:
                self.count += 1
            display(screen, renderable)

        app._display = counting  # type: ignore[method-assign]


async def key_to_drawn(
    app: App, frames: FrameCounter, key: str, character: str | None, handled: Callable[[], bool], poll: float = 0.0
) -> tuple[float, float, int]:
    """One sample: (wall seconds, CPU seconds, frames drawn after the key was handled)."""
    loop = asyncio.get_running_loop()
    drawn: asyncio.Future[None] = loop.create_future()
    try:
        async with asyncio.timeout(TIMEOUT):  # an app that failed on the key never handles it
            wall, cpu = perf_counter(), process_time()
            app.post_message(events.Key(key, character))
            while not handled():
                await asyncio.sleep(poll)
            seen = frames.count
            app.call_after_refresh(drawn.set_result, None)
            await drawn
            return perf_counter() - wall, process_time() - cpu, frames.count - seen
    except TimeoutError:
        raise RuntimeError(f"{type(app).__name__} did not handle and draw the key {key!r} within {TIMEOUT} s") from None


async def time_keys(
    app: App,
    keys: list[tuple[str, str | None]],
    until: Callable[[], Callable[[], bool]],
    warm_up: int = 0,
    gap: float = 0.0,
    poll: float = 0.0,
) -> Timings:
    """Time each key in turn; the first ``warm_up`` are sent but not kept.

    ``until()`` is called just before each key is posted and returns its ``handled`` check
    (so it can note the state the key must change). ``gap`` seconds pass, untimed, before
    each key: 0 sends them back to back. ``poll`` seconds pass between checks of ``handled``: 0
    checks at every turn of the event loop, which starves a worker thread of the interpreter.
    """
    frames = FrameCounter(app)
    timings = Timings()
    for index, (key, character) in enumerate(keys):
        if gap:
            await asyncio.sleep(gap)
        wall, cpu, drawn = await key_to_drawn(app, frames, key, character, until(), poll)
        if index >= warm_up:
            timings.wall.append(wall)
            timings.cpu.append(cpu)
            timings.frames.append(drawn)
    return timings


async def alternate(
    rounds: int, floor_round: Callable[[], Awaitable[Timings]], app_round: Callable[[], Awaitable[Timings]]
) -> dict[str, Timings]:
    """Rounds of the floor and the app in turn, each starting first every other time, so that a busy
    machine slows both."""
    results = {"floor": Timings(), "app": Timings()}
    rounds_of = {"floor": floor_round, "app": app_round}
    for number in range(rounds):
        for which in ["floor", "app"] if number % 2 == 0 else ["app", "floor"]:
            gc.collect()
            results[which].add(await rounds_of[which]())
    return results


ENCRYPTED_WITH: str | None = None  # run.py --encrypted: the throwaway store is encrypted with this


@contextlib.contextmanager
def throwaway_store() -> Iterator[None]:
    """A store in a temporary folder, open for the block: a benchmark never touches real records."""
    with tempfile.TemporaryDirectory(prefix="recovery-tui-bench-") as folder:
        data_dir = Path(folder) / "data"
        settings = load_settings(data_dir=str(data_dir), database=f"sqlite:///{data_dir / DATABASE_FILE}")
        if ENCRYPTED_WITH:
            close_store(open_store(settings))
            encrypt_file(data_dir / DATABASE_FILE, ENCRYPTED_WITH)
        db = open_store(settings, passphrase=ENCRYPTED_WITH)
        try:
            yield
        finally:
            close_store(db)
