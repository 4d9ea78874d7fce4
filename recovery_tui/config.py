"""Settings: where the data lives, kiosk mode and the idle lock, read from the command line, the
environment and the agency's ``config.toml`` in the data folder, in that order."""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "recovery-tui"
DATABASE_FILE = "recovery.sqlite3"
CONFIG_FILE = "config.toml"  # the agency's settings, in the data folder
KIOSK_IDLE_LOCK_MINUTES = 5.0
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
    kiosk: bool = False  # a worker with a PIN first; quitting needs a PIN; the list empty until typed into
    idle_lock_minutes: float = 0.0  # lock after this long without a key (when a worker has a PIN); 0: never

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


def load_settings(
    data_dir: str | None = None, database: str | None = None, console: bool = False, kiosk: bool = False
) -> Settings:
    """Command-line values win over the environment, which wins over the agency's config file, which
    wins over the defaults."""
    chosen_dir = data_dir or os.environ.get("RECOVERY_TUI_DATA_DIR")
    directory = (Path(chosen_dir).expanduser() if chosen_dir else platformdirs.user_data_path(APP_NAME)).absolute()
    url = database or os.environ.get("RECOVERY_TUI_DATABASE") or ""
    if not url:
        url = f"sqlite:///{directory / DATABASE_FILE}"
    agency = _agency_config(directory / CONFIG_FILE)
    kiosk = kiosk or _flag("RECOVERY_TUI_KIOSK") or agency.get("kiosk", False)
    idle = _minutes(agency.get("idle_lock_minutes"), KIOSK_IDLE_LOCK_MINUTES if kiosk else 0.0)
    return Settings(
        data_dir=directory,
        database_url=url,
        data_dir_chosen=bool(chosen_dir),
        import_max_bytes=_positive("RECOVERY_TUI_IMPORT_MAX_BYTES", IMPORT_MAX_BYTES, "bytes, such as 1073741824"),
        plans_dir=Path(plans).expanduser().absolute() if (plans := os.environ.get("RECOVERY_TUI_PLANS_DIR")) else None,
        plan_keep_days=_positive("RECOVERY_TUI_PLAN_KEEP_DAYS", PLAN_KEEP_DAYS, "days, such as 30"),
        print_command=os.environ.get("RECOVERY_TUI_PRINT_COMMAND", "").strip(),
        console=console or console_from_environment(),
        kiosk=kiosk,
        idle_lock_minutes=idle,
    )


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip() == "1"


def _agency_config(path: Path) -> dict[str, Any]:
    """``kiosk`` (true or false) and ``idle_lock_minutes`` (0 for never) from the agency's file, if any."""
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return {}  # no file: the defaults (a data folder that cannot be made says so when it is opened)
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path} is not valid TOML: {error}") from None
    unknown = sorted(set(values) - {"kiosk", "idle_lock_minutes"})
    if unknown:
        raise SettingsError(f"{path}: unknown setting {unknown[0]!r}; the settings are kiosk and idle_lock_minutes")
    if not isinstance(values.get("kiosk", False), bool):
        raise SettingsError(f"{path}: kiosk must be true or false")
    minutes = values.get("idle_lock_minutes")
    if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int | float)):
        raise SettingsError(f"{path}: idle_lock_minutes must be a number of minutes, such as 5 (0 for never)")
    return values


def _minutes(from_file: float | None, default: float) -> float:
    """The idle lock's minutes: the environment's, else the file's, else ``default``."""
    text = os.environ.get("RECOVERY_TUI_IDLE_LOCK_MINUTES", "").strip()
    if not text:
        value = default if from_file is None else float(from_file)
    else:
        try:
            value = float(text)
        except ValueError:
            value = -1.0
    if not math.isfinite(value) or value < 0:
        raise SettingsError(
            f"the idle lock must be a number of minutes, such as 5 (0 for never), not {text or from_file!r}"
        )
    return value


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
