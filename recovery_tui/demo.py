"""A practice run of the app on fictional participants, for training and showing the app.

The demo's records (``assets/demo.json``, made by ``tests/demo_data.py``) are imported into a
new store in a private temporary folder, never the real data folder, and the folder is removed
when the app closes: nothing typed in the demo is kept.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from recovery_tui.assets import asset_path
from recovery_tui.config import DATABASE_FILE, Settings, debug_from_environment, load_settings
from recovery_tui.private_files import make_private_dir

if TYPE_CHECKING:
    from peewee import Database

DEMO_FILE = "demo.json"
SUPPORT_LINES_FILE = "support-lines.toml"


def prepare_demo(folder: Path) -> Settings:
    """Make ``folder`` (0700) and a store in it holding the demo's fictional participants, and
    leave that store open for the app. Returns the settings that point at it."""
    settings, _ = _open_demo(folder)
    return settings


def _demo_settings(folder: Path) -> Settings:
    """Settings for ``folder`` alone: the database is named here, so that a RECOVERY_TUI_DATABASE
    or RECOVERY_TUI_DATA_DIR in the environment is never used, and take-home plans are written
    inside it, never into the agency's plans folder."""
    folder = folder.absolute()
    settings = load_settings(data_dir=str(folder), database=f"sqlite:///{folder / DATABASE_FILE}")
    return dataclasses.replace(settings, plans_dir=None)


def _open_demo(folder: Path) -> tuple[Settings, Database]:
    from recovery_tui.exchange.json_import import import_document
    from recovery_tui.store.database import COMMAND_WAIT_SECONDS, close_store, open_store

    make_private_dir(folder)
    settings = _demo_settings(folder)
    document = json.loads(asset_path(DEMO_FILE).read_text(encoding="utf-8"))
    db = open_store(settings, COMMAND_WAIT_SECONDS)
    try:
        import_document(document)
    except BaseException:
        close_store(db)
        raise
    return settings, db


def run_demo(debug: bool = False, console: bool = False) -> int:
    """Run the app on the demo's records in a temporary folder, then remove the folder, whatever
    happened. Returns the app's return code."""
    from recovery_tui.store.database import close_store

    folder = Path(tempfile.mkdtemp(prefix="recovery-tui-demo-"))  # 0700
    db: Database | None = None
    try:
        settings, db = _open_demo(folder)
        from recovery_tui.ui.app import RecoveryApp

        app = RecoveryApp(
            settings=dataclasses.replace(settings, console=settings.console or console),
            log_dir=folder,
            debug=debug,
            support_lines_file=folder / SUPPORT_LINES_FILE,
        )
        app.run()
        return app.return_code or 0
    finally:
        if db is not None:
            close_store(db)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(run_demo(debug=debug_from_environment()))
