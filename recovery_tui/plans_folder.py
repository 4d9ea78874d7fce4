"""The folder take-home plans and records are written to: 0700, each file 0600, no name in any file
name, each file removed once it is older than the agency's number of days; and printing one.

A file's name says what it is and when it was written (``plan-20261202-153012-3f9a.pdf``), and
that date, not the file's time stamp, decides when it goes, so a copied or touched file still goes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import shlex
import subprocess
from collections.abc import Mapping
from pathlib import Path

from recovery_tui import clock
from recovery_tui.private_files import make_private_dir, write_private

KINDS = ("plan", "record")
NAMED = re.compile(r"^(plan|record)-(\d{8})-(\d{6})-[0-9a-f]{12}\.(pdf|txt)$")
PRINT_SECONDS = 60


class PrintFailed(Exception):
    """The print command did not take the file; the message says why, in words a worker can act on."""


def write_files(folder: Path, kind: str, pdf: bytes, text: str) -> tuple[Path, Path]:
    """Write the PDF and the text version side by side; returns their paths."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    make_private_dir(folder)
    stem = f"{kind}-{clock.now():%Y%m%d-%H%M%S}-{secrets.token_hex(6)}"  # kiosks may share one folder
    written = folder / f"{stem}.pdf", folder / f"{stem}.txt"
    write_private(written[0], pdf)
    write_private(written[1], text.encode("utf-8"))
    return written


def remove_expired(folder: Path, keep_days: int) -> int:
    """Remove the plans and records written more than ``keep_days`` days ago; returns how many went.
    Files of any other name are left alone."""
    if not folder.is_dir():
        return 0
    oldest_kept = clock.today() - dt.timedelta(days=keep_days)
    removed = 0
    for path in folder.iterdir():
        found = NAMED.match(path.name)
        if found is None:
            continue
        try:
            written = dt.datetime.strptime(found.group(2), "%Y%m%d").date()
        except ValueError:
            continue
        if written < oldest_kept:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _without_secrets(environment: Mapping[str, str]) -> dict[str, str]:
    """The environment for the print command: never a passphrase for the records."""
    return {name: value for name, value in environment.items() if "PASSPHRASE" not in name}


def print_file(command: str, path: Path) -> None:
    """Give ``path`` to the agency's print command (``lp``, say); PrintFailed says why it did not print."""
    try:
        words = shlex.split(command)
    except ValueError as error:
        raise PrintFailed(f"the print command cannot be read ({error}): check RECOVERY_TUI_PRINT_COMMAND") from None
    if not words:
        raise PrintFailed("no print command is set (RECOVERY_TUI_PRINT_COMMAND)")
    try:
        done = subprocess.run(
            [*words, str(path)],
            capture_output=True,
            text=True,
            timeout=PRINT_SECONDS,
            check=False,
            env=_without_secrets(os.environ),
        )
    except FileNotFoundError:
        raise PrintFailed(f"the print command {words[0]!r} is not installed on this computer") from None
    except PermissionError:
        raise PrintFailed(f"the print command {words[0]!r} cannot be run (permission denied)") from None
    except subprocess.TimeoutExpired:
        raise PrintFailed(f"the print command gave no answer within {PRINT_SECONDS} seconds") from None
    except OSError as error:
        raise PrintFailed(f"the print command {words[0]!r} could not be run ({error.strerror})") from None
    if done.returncode != 0:
        said = next((line.strip() for line in (done.stderr or done.stdout).splitlines() if line.strip()), "")
        raise PrintFailed(f"the printer did not take it ({said or f'{words[0]} ended with code {done.returncode}'})")
