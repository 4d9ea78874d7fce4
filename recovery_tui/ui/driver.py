"""Textual's Linux driver, reading terminal input so that no byte can stop the app.

Textual 8.2.8 decodes input as strict UTF-8 in its input thread: one invalid byte
(``tmux send-keys -H ff``) raises ``UnicodeDecodeError`` and input stops for good. Here
invalid bytes are dropped, and pastes are split from typed keys before Textual's parser
reads them (see ``paste.py``). The loop otherwise follows ``LinuxDriver.run_input_thread``.
"""

from __future__ import annotations

import logging
import os
import selectors
from codecs import getincrementaldecoder

from textual import events
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

from recovery_tui.ui.fault_log import LOGGER_NAME, describe
from recovery_tui.ui.paste import PasteSplitter

POLL = 0.1  # seconds between checks that the app has not asked input to stop
PAUSE = 0.05  # seconds without input that end a burst: a paste, or a marker that never completed


class RecoveryDriver(LinuxDriver):
    def run_input_thread(self) -> None:
        try:
            self._read_input()
        except BaseException as error:  # Textual then stops the app; the log says where, without content
            logging.getLogger(LOGGER_NAME).error("terminal input stopped: %s", describe(error))
            raise

    def _read_input(self) -> None:
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")(errors="ignore").decode
        pastes = PasteSplitter()
        try:
            while not self.exit_event.is_set():
                if selector.select(PAUSE if pastes.waiting else POLL):
                    pieces = pastes.feed(decode(os.read(self.fileno, 4096)))
                else:
                    pieces = pastes.pause()
                for pasted, text in pieces:
                    if pasted:
                        self.process_message(events.Paste(text))
                    else:
                        for event in parser.feed(text):
                            self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)
        finally:
            selector.close()
