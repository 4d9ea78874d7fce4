"""Settings: where the data lives, read from the command line and the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "recovery-tui"
DATABASE_FILE = "recovery.sqlite3"
IMPORT_MAX_BYTES = 1 << 30  # 10,000 full participants are about 82 MiB
PLAN_KEEP_DAYS = 30  # take-home plans and records are removed from the plans folder after this many days


class SettingsError(ValueError):
    """A setting from the environment cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    data_dir_chosen: bool = False  # by --data-dir or RECOVERY_TUI_DATA_DIR; else the app's own folder
    import_max_bytes: int = IMPORT_MAX_BYTES
    plans_dir: Path | None = None  # where take-home plans are written; None: plans/ in the data folder
    plan_keep_days: int = PLAN_KEEP_DAYS
    print_command: str = ""  # e.g. "lp": the plan's PDF is given to it as its last argument; "": no printer
    console: bool = False  # the console look: glyphs a bare Linux console's font has (TERM=linux)

    @property
    def plans_folder(self) -> Path:
        return self.plans_dir or self.data_dir / "plans"

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file, when the store is one (None for a server URL)."""
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix):
            return Path(self.database_url[len(prefix) :])
        return None


def load_settings(data_dir: str | None = None, database: str | None = None, console: bool = False) -> Settings:
    """Command-line values win over the environment, which wins over the defaults."""
    chosen_dir = data_dir or os.environ.get("RECOVERY_TUI_DATA_DIR")
    directory = (Path(chosen_dir).expanduser() if chosen_dir else platformdirs.user_data_path(APP_NAME)).absolute()
    url = database or os.environ.get("RECOVERY_TUI_DATABASE") or ""
    if not url:
        url = f"sqlite:///{directory / DATABASE_FILE}"
    return Settings(
        data_dir=directory,
        database_url=url,
        data_dir_chosen=bool(chosen_dir),
        import_max_bytes=_positive("RECOVERY_TUI_IMPORT_MAX_BYTES", IMPORT_MAX_BYTES, "bytes, such as 1073741824"),
        plans_dir=Path(plans).expanduser().absolute() if (plans := os.environ.get("RECOVERY_TUI_PLANS_DIR")) else None,
        plan_keep_days=_positive("RECOVERY_TUI_PLAN_KEEP_DAYS", PLAN_KEEP_DAYS, "days, such as 30"),
        print_command=os.environ.get("RECOVERY_TUI_PRINT_COMMAND", "").strip(),
        console=console or console_from_environment(),
    )


def console_from_environment() -> bool:
    """The console look on a bare Linux console (TERM=linux), or where RECOVERY_TUI_CONSOLE=1 asks for it."""
    return os.environ.get("TERM") == "linux" or os.environ.get("RECOVERY_TUI_CONSOLE", "").strip() == "1"


def debug_from_environment() -> bool:
    return os.environ.get("RECOVERY_TUI_DEBUG", "").strip() == "1"


def _positive(name: str, default: int, unit: str) -> int:
    """A whole number above 0 from the environment variable ``name``, or ``default`` when it is not set."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise SettingsError(f"{name} must be a number of {unit}, not {text!r}")
    return value
