"""The passphrase screen of an encrypted store as a person sees it. Each snapshot was looked at before it
was accepted.

Update with `pytest tests/test_ui_snapshots_passphrase.py --snapshot-update`, then look again.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from recovery_tui.store import encryption, records
from recovery_tui.store.database import APP_WAIT_SECONDS, close_store, open_store
from recovery_tui.store.models import database_proxy
from recovery_tui.ui.app import RecoveryApp


@pytest.fixture
def encrypted(store, frozen_clock) -> Iterator[object]:
    records.create_participant("Zoë")
    close_store(database_proxy.obj)
    encryption.encrypt_file(store.sqlite_path, "correct horse")
    database_proxy.initialize(None)  # nothing is open until the passphrase is given
    yield store
    if database_proxy.obj is not None:
        close_store(database_proxy.obj)


def test_the_passphrase_screen_after_a_wrong_try_80x24(snap_compare, encrypted) -> None:
    app = RecoveryApp(
        cursor_blink=False,
        settings=encrypted,
        open_store=lambda passphrase: open_store(encrypted, APP_WAIT_SECONDS, passphrase),
    )
    assert snap_compare(app, press=[*"battery staple", "enter"], terminal_size=(80, 24))
