"""Everything the app writes is readable by its owner only, and written whole or not at all.

A file is filled under a temporary name beside its target, flushed to the disk and then
renamed over the target, so a full disk or a killed process leaves the old file as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def write_private(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``, mode 0600, or leave it untouched if that fails."""
    with private_file(path) as handle:
        handle.write(data)


@contextlib.contextmanager
def private_file(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write to; when the block ends without an error it replaces ``path``."""
    with replacing(path) as temporary, temporary.open("wb") as handle:
        yield handle


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """An empty 0600 file beside ``path`` for a writer that needs a name (an SQLite backup).

    When the block ends without an error, the file is fsynced and renamed over ``path`` and
    the folder fsynced; on any error it is removed and ``path`` is left exactly as it was.
    """
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    temporary = Path(name)
    try:
        try:
            os.fchmod(descriptor, 0o600)  # mkstemp asks for 0600, but a umask such as 0277 takes more away
        finally:
            os.close(descriptor)
        yield temporary
        with temporary.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _fsync_folder(path.parent)


def make_private_dir(path: Path, *, tighten: bool = False) -> None:
    """Create ``path`` and any missing parents (like ``mkdir -p``), each 0700 whatever the umask.

    With ``tighten``, an existing ``path`` that group or others may read is made 0700: for
    the app's own folder. A folder the person chose is theirs to set, so it is left alone.
    """
    missing = []
    folder = path
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:  # another first run made it at the same moment
            if not folder.is_dir():
                raise
            continue
        os.chmod(folder, 0o700)
    if tighten and not missing and stat.S_IMODE(path.stat().st_mode) & 0o077:
        os.chmod(path, 0o700)


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` survive a power cut (POSIX; Windows cannot open a folder)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
