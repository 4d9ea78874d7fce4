"""The errors the store raises: one clear, typed error for each kind of refusal."""

from __future__ import annotations


class StoreError(Exception):
    """The store could not do what was asked; the message says why, in plain words."""


class ValidationError(StoreError):
    """A value broke a rule. ``record`` and ``field`` say where, ``message`` says what."""

    def __init__(self, record: str, field: str, message: str) -> None:
        super().__init__(f"{record} {field}: {message}")
        self.record = record
        self.field = field
        self.message = message


class NotFound(StoreError):
    """No record with that id."""
