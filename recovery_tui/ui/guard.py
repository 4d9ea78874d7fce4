"""The last resort for what a handler did not expect: reported calmly, and the app goes on.

Textual ends the app on any exception from a handler, an action, a timer or a callback,
and prints a traceback whose locals can show a participant's data. The app, its screens
and its widgets take this mixin, so those exceptions reach ``App.recover`` first; an
app without ``recover`` (or one that declines) gets Textual's own handling.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump


class Guarded(MessagePump):
    async def _dispatch_message(self, message: Message) -> None:
        try:
            await super()._dispatch_message(message)
        except Exception as error:
            if not self._recovered(error, message):
                raise

    def call_after_refresh(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
        return super().call_after_refresh(self._guard(callback), *args, **kwargs)

    def call_next(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().call_next(self._guard(callback), *args, **kwargs)  # how a dismissed screen answers push_screen

    def _guard(self, callback: Callable[..., Any]) -> Callable[..., Any]:
        async def run(*args: Any, **kwargs: Any) -> None:
            try:
                result = callback(*args, **kwargs)
                if inspect.isawaitable(result):
                    await result
            except Exception as error:
                if not self._recovered(error, None):
                    raise

        return run

    def _recovered(self, error: Exception, message: Message | None) -> bool:
        recover: Callable[[Exception, MessagePump, Message | None], bool] | None = getattr(self.app, "recover", None)
        return recover is not None and recover(error, self, message)
