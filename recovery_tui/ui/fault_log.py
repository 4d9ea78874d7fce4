"""The fault log: what failed and where, never what anyone typed or the records hold.

A traceback's locals and an exception's message can carry a participant's name or a
query's values, so a fault is written as its type and the file, line and function of
each frame, nothing more. The file is the data folder's ``recovery-tui.log``, 0600,
appended. The store logs its own content-free details to the same ``recovery_tui`` logger.
"""

from __future__ import annotations

import logging
import os
import traceback
from pathlib import Path

from recovery_tui.private_files import make_private_dir

LOGGER_NAME = "recovery_tui"
LOG_FILE = "recovery-tui.log"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def describe(error: BaseException) -> str:
    """The exception's type and frames, and those of the exceptions it came from; no message, no locals."""
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if lines:
            lines.append("  while handling or because of:")
        kind = type(current)
        lines.append(kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}")
        for frame, line in traceback.walk_tb(current.__traceback__):
            lines.append(f"  {frame.f_code.co_filename}:{line}:{frame.f_code.co_name}")
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return "\n".join(lines)


class FaultLog:
    """Handlers on the ``recovery_tui`` logger for as long as the app runs, and where the file is."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.path: Path | None = None
        self._handler: logging.Handler | None = None

    def open(self) -> None:
        if self._handler is not None:
            return
        self._handler = self._file_handler() or logging.NullHandler()
        logger = logging.getLogger(LOGGER_NAME)
        logger.addHandler(self._handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False  # nothing reaches the root logger, which would print to the terminal

    def _file_handler(self) -> logging.Handler | None:
        if self.folder is None:
            return None
        path = self.folder / LOG_FILE
        try:
            make_private_dir(self.folder)
            os.close(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600))
            os.chmod(path, 0o600)
            handler = logging.FileHandler(path, mode="a", encoding="utf-8")
        except OSError:
            return None  # a log that cannot be written must not stop the app
        handler.setFormatter(logging.Formatter(FORMAT))
        self.path = path
        return handler

    def close(self) -> None:
        if self._handler is not None:
            logger = logging.getLogger(LOGGER_NAME)
            logger.removeHandler(self._handler)
            logger.propagate = True
            self._handler.close()
            self._handler = None

    def record(self, what: str, error: BaseException | None = None) -> None:
        self.open()
        logging.getLogger(LOGGER_NAME).error(what if error is None else f"{what}: {describe(error)}")
