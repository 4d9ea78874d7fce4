"""The commands for encryption at rest: ``encrypt`` a plain store, ``rekey`` an encrypted one, and the
passphrase asked on the terminal (or taken from RECOVERY_TUI_PASSPHRASE) by every command.

``encrypt`` converts the migration copies in ``backups/`` first and the store last, so that an
interrupted run leaves the store whole (plain, or encrypted) and a second run finishes the job.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from recovery_tui.config import Settings
from recovery_tui.store import encryption
from recovery_tui.store.errors import StoreError

PASSPHRASE_VARIABLE = "RECOVERY_TUI_PASSPHRASE"
NEW_PASSPHRASE_VARIABLE = "RECOVERY_TUI_NEW_PASSPHRASE"  # rekey's new one, for a script
TRIES = 3
LOST_WORDS = (
    "Keep the passphrase safe: without it nobody can open these records again, the agency included, "
    "and there is no way to get it back."
)


class PassphraseRefused(StoreError):
    """No passphrase could be had: none on the terminal, or the same mistake too often."""


def passphrase_from_environment() -> str | None:
    return os.environ.get(PASSPHRASE_VARIABLE) or None


def ask_passphrase(question: str = "Passphrase for the records: ") -> str:
    """The passphrase, from the environment or asked on the terminal (never echoed)."""
    given = passphrase_from_environment()
    if given:
        return given
    if not sys.stdin.isatty():
        raise PassphraseRefused(
            f"these records are encrypted: type the passphrase at a terminal, or set {PASSPHRASE_VARIABLE}"
        )
    return getpass.getpass(question)


def ask_new_passphrase(variable: str = PASSPHRASE_VARIABLE) -> str:
    """A new passphrase, from the environment variable ``variable`` or typed twice on the terminal."""
    given = os.environ.get(variable)
    if given:
        problem = encryption.passphrase_problem(given)
        if problem:
            raise PassphraseRefused(f"{variable}: {problem}")
        return given
    if not sys.stdin.isatty():
        raise PassphraseRefused(f"type the new passphrase at a terminal, or set {variable}")
    for _ in range(TRIES):
        first = getpass.getpass("New passphrase (at least 8 characters): ")
        problem = encryption.passphrase_problem(first)
        if problem is None and getpass.getpass("The same passphrase again: ") == first:
            return first
        print(problem or "The two passphrases were not the same. Please try again.", file=sys.stderr)
    raise PassphraseRefused("no passphrase was set; nothing was changed")


def _store_file(settings: Settings) -> Path:
    path = settings.sqlite_path
    if path is None:
        raise StoreError("encryption here is for a SQLite store; a database server has its own")
    if encryption.file_kind(path) == "missing":
        raise StoreError(f"there are no records in {settings.data_dir} yet; nothing was changed")
    if encryption.file_kind(path) == "neither":
        raise StoreError(f"{path} is neither a SQLite file nor an encrypted one; nothing was changed")
    return path


def _copies(settings: Settings) -> list[Path]:
    """The migration copies in ``backups/`` beside the store. A copy that was never finished (its
    writer stopped: a ``.part`` file) is removed: it would stay in clear, and nothing can use it."""
    folder = settings.data_dir / "backups"
    if not folder.is_dir():
        return []
    for unfinished in folder.glob(".*.part"):
        unfinished.unlink(missing_ok=True)
    return sorted(folder.glob("*.sqlite3"))


def _copies_words(count: int) -> str:
    return "1 backup copy" if count == 1 else f"{count} backup copies"


def encrypt(settings: Settings) -> int:
    path = _store_file(settings)
    already = encryption.file_kind(path) == "encrypted"
    passphrase = ask_passphrase() if already else ask_new_passphrase()
    # Nobody opens the store (nor makes an upgrade copy) until this is done, and nothing is touched
    # while another program has it open: a copy converted then would be under a passphrase the store
    # never got.
    with encryption.opening_alone(path):
        encryption.check_alone(path, passphrase if already else None)
        plain_copies = [copy for copy in _copies(settings) if encryption.file_kind(copy) == "plain"]
        for copy in plain_copies:
            encryption.encrypt_file(copy, passphrase, lock_held=True)  # the store's lock covers its copies
        if not already:
            encryption.encrypt_file(path, passphrase, lock_held=True)
    copies = _copies_words(len(plain_copies))
    if already:
        done = f"{copies} encrypted" if plain_copies else "nothing left to encrypt"
        print(f"The records at {path} were already encrypted; {done}.", file=sys.stderr)
    else:
        also = f" and {copies}" if plain_copies else ""
        print(f"Encrypted the records at {path}{also}. {LOST_WORDS}", file=sys.stderr)
    return 0


def rekey(settings: Settings) -> int:
    path = _store_file(settings)
    if encryption.file_kind(path) != "encrypted":
        raise StoreError("these records are not encrypted: recovery-tui encrypt encrypts them")
    current = ask_passphrase("Current passphrase: ")
    encryption.connect(path, current).close()
    new = ask_new_passphrase(NEW_PASSPHRASE_VARIABLE)
    changed, other = 0, 0
    with encryption.opening_alone(path):
        encryption.check_alone(path, current)
        for copy in _copies(settings):
            if encryption.file_kind(copy) == "plain":  # never left in clear
                encryption.encrypt_file(copy, new, lock_held=True)
                changed += 1
                continue
            try:
                encryption.rekey_file(copy, current, new, lock_held=True)
                changed += 1
            except encryption.WrongPassphrase:
                other += 1
        encryption.rekey_file(path, current, new, lock_held=True)
    also = f" and {_copies_words(changed)}" if changed else ""
    print(f"Changed the passphrase of the records at {path}{also}. {LOST_WORDS}", file=sys.stderr)
    if other:
        print(
            f"{_copies_words(other)} in {settings.data_dir / 'backups'} did not open with the current "
            "passphrase and were left as they are: they open only with the passphrase they were made under.",
            file=sys.stderr,
        )
    return 0
