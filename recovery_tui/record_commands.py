"""The commands that read or write the records: export (json, csv, fhir, plan), import and backup.

Each opens the store as a command does (waiting longer than a key in the app for another
writer), and says what it did, or why it did nothing, in one line on standard error.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import sqlite3
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from recovery_tui.config import Settings
from recovery_tui.store.errors import StoreError

if TYPE_CHECKING:
    from peewee import Database

RECORD_WORDS = {
    "Worker": "worker records",
    "Participant": "participants",
    "Helper": "people who help",
    "Visit": "visits",
    "CheckIn": "check-ins",
    "Response": "forms",
    "FocusArea": "areas to grow",
    "Activity": "activities",
}
READ_CHUNK = 1 << 20
Opened = TypeVar("Opened")


class CommandError(Exception):
    """A command was refused; the message is for the person who ran it."""


def open_records(settings: Settings, for_the_app: bool = False) -> Database:
    """Open the store; a command waits longer than a key in the app for another writer to finish. An
    encrypted store's passphrase comes from RECOVERY_TUI_PASSPHRASE or, for a command, the terminal;
    the app asks on a screen of its own (it gets ``PassphraseNeeded`` or ``WrongPassphrase``)."""
    from recovery_tui.store.database import APP_WAIT_SECONDS, COMMAND_WAIT_SECONDS, open_store

    wait = APP_WAIT_SECONDS if for_the_app else COMMAND_WAIT_SECONDS
    return _with_passphrase(lambda passphrase: open_store(settings, wait, passphrase), for_the_app)


def _with_passphrase(opening: Callable[[str | None], Opened], for_the_app: bool = False) -> Opened:
    from recovery_tui.encryption_commands import ask_passphrase, passphrase_from_environment
    from recovery_tui.store.encryption import PassphraseNeeded, WrongPassphrase

    try:
        try:
            return opening(passphrase_from_environment())
        except PassphraseNeeded:
            if for_the_app:
                raise
            return opening(ask_passphrase())
    except (PassphraseNeeded, WrongPassphrase):
        if for_the_app:
            raise
        raise CommandError("that passphrase does not open these records; nothing was done") from None
    except StoreError as error:
        raise CommandError(str(error)) from None


def migrate(settings: Settings) -> int:
    """Upgrade the records to this version: the deliberate step on a server, run with the role that owns
    the schema (a SQLite store is upgraded whenever it is opened; this does the same)."""
    from recovery_tui.store.database import migrate_store
    from recovery_tui.store.server import shown_url

    applied = _with_passphrase(lambda passphrase: migrate_store(settings, passphrase=passphrase))
    where = shown_url(settings.database_url)
    if not applied:
        print(f"The records at {where} are up to date; nothing was done", file=sys.stderr)
    else:
        print(f"Upgraded the records at {where}: {', '.join(applied)}", file=sys.stderr)
    return 0


def print_json(document: object) -> None:
    write_out(json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")


def write_out(data: bytes) -> None:
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except OSError as error:  # a full disk, or a reader that stopped (| head)
        with contextlib.suppress(OSError, ValueError):  # so that Python does not try again, loudly, at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise CommandError(f"cannot write to standard output: {error.strerror}") from None


def store_must_exist(settings: Settings, nothing_done: str) -> None:
    """Reading must not leave an empty store behind where there was none."""
    path = settings.sqlite_path
    if path is not None and not path.exists():
        raise CommandError(
            f"there are no records in {settings.data_dir} yet (no {path.name} there); {nothing_done}. "
            "Give --data-dir the folder that holds them"
        )


def export_report(settings: Settings, args: argparse.Namespace) -> int:
    """CSV of the completed scales, or a FHIR Bundle of the completed forms, to --out or standard output."""
    from recovery_tui.exchange.csv_export import scales_csv
    from recovery_tui.exchange.fhir_responses import response_bundle
    from recovery_tui.private_files import write_private
    from recovery_tui.store import records

    store_must_exist(settings, "nothing was exported")
    open_records(settings)
    only = records.participant_by_reference(args.participant) if args.participant else None
    _, participants = records.read_everything(f"{args.format} export")
    if only is not None:
        participants = [p for p in participants if p.id == only]
    if args.format == "csv":
        data = scales_csv(participants, args.with_agency_id, args.with_names).encode("utf-8")
    else:
        bundle = response_bundle(participants, with_names=args.with_names)
        data = json.dumps(bundle, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    if args.out is None:
        write_out(data)
        return 0
    try:
        write_private(args.out, data)
    except OSError as error:
        raise CommandError(_not_written(args.out, error)) from None
    who = _participants(len(participants))
    print(f"Wrote {args.format.upper()} for {who} to {args.out}", file=sys.stderr)
    return 0


def backup(settings: Settings, target: Path) -> int:
    """A consistent copy while the app may be writing: SQLite's online backup, checked, 0600."""
    from recovery_tui.store import records
    from recovery_tui.store.database import backup_sqlite

    store_must_exist(settings, "nothing was backed up")
    if settings.sqlite_path is None and target.suffix.lower() in {".sqlite3", ".sqlite", ".db"}:
        raise CommandError(
            "these records are on a PostgreSQL server, where backup writes the JSON export of every record: "
            "give it a FILE.json (pg_dump makes the server's full backups); nothing was written"
        )
    db = open_records(settings)
    if settings.sqlite_path is None:
        return _backup_as_export(target)
    try:
        backup_sqlite(db, target)  # type: ignore[arg-type]  # a SQLite store, checked above
    except OSError as error:
        raise CommandError(_not_written(target, error)) from None
    checked = _checked(target, db.connect_params.get("passphrase"))
    if checked != "ok":
        target.unlink(missing_ok=True)
        raise CommandError(f"the copy did not pass SQLite's integrity check ({checked}); it was removed")
    records.note_backup()
    print(f"Backed up the records to {target} (checked whole)", file=sys.stderr)
    return 0


def _backup_as_export(target: Path) -> int:
    """On a database server, the backup is the JSON export (every record, lossless, for import); full
    backups of the server are its own tool's work."""
    from recovery_tui.exchange.json_export import export_document
    from recovery_tui.store import records

    document = export_document()
    _write_json(document, target)
    records.note_backup()
    print(
        f"Wrote every record ({_participants(len(document['participants']))}) as a JSON export to {target}. "
        "These records are on a PostgreSQL server: pg_dump makes its full backups",
        file=sys.stderr,
    )
    return 0


def _write_json(document: dict[str, Any], out: Path) -> None:
    from recovery_tui.private_files import write_private

    data = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    try:
        write_private(out, data)
    except OSError as error:
        raise CommandError(_not_written(out, error)) from None


def _checked(copy: Path, passphrase: str | None) -> str:
    """SQLite's integrity check of a backup copy: "ok", or what is wrong. An encrypted store's copy is
    read through SQLCipher with the store's passphrase (the stdlib cannot read it), and must be encrypted."""
    if not passphrase:
        try:
            with contextlib.closing(sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)) as plain:
                return str(plain.execute("PRAGMA integrity_check").fetchone()[0])
        except sqlite3.Error as error:
            return str(error)
    from recovery_tui.store import encryption

    if encryption.file_kind(copy) != "encrypted":
        return "the copy of encrypted records was not encrypted"
    try:
        with contextlib.closing(encryption.connect(copy, passphrase)) as encrypted:
            return str(encrypted.execute("PRAGMA integrity_check").fetchone()[0])
    except encryption.WrongPassphrase:
        return "the copy does not open with the records' passphrase"
    except (StoreError, encryption.sqlcipher().Error) as error:
        return str(error)


def export_json(settings: Settings, out: Path | None) -> int:
    from recovery_tui.exchange.json_export import export_document

    store_must_exist(settings, "nothing was exported")
    open_records(settings)
    document = export_document()
    if out is None:
        print_json(document)
        return 0
    _write_json(document, out)
    print(f"Wrote {_participants(len(document['participants']))} to {out}", file=sys.stderr)
    return 0


def export_plan(settings: Settings, reference: str | None, out: Path | None, include: str | None) -> int:
    """The take-home plan as FILE.pdf or FILE.txt, as the take-home screen writes it."""
    from recovery_tui import clock
    from recovery_tui.content.support_lines import load_support_lines
    from recovery_tui.exchange.pdf import as_pdf
    from recovery_tui.exchange.take_home import LEFT_OUT_AT_FIRST, PLAN_PARTS, as_text, plan_document
    from recovery_tui.private_files import write_private
    from recovery_tui.store import records

    if not reference or out is None or out.suffix.lower() not in {".pdf", ".txt"}:
        raise CommandError("export plan needs --participant P (an id or agency ID) and --out FILE.pdf or FILE.txt")
    parts = set(PLAN_PARTS) - LEFT_OUT_AT_FIRST
    if include is not None:
        parts = {part.strip() for part in include.split(",") if part.strip()}
        unknown = sorted(parts - set(PLAN_PARTS))
        if unknown:
            raise CommandError(f"--include: {', '.join(unknown)} is not a part; the parts are {', '.join(PLAN_PARTS)}")
    store_must_exist(settings, "no plan was written")
    open_records(settings)
    person = records.participant_by_reference(reference)
    support = load_support_lines(settings.data_dir / "support-lines.toml").lines
    document = plan_document(records.take_home(person), parts, support, clock.today())
    data = as_pdf(document) if out.suffix.lower() == ".pdf" else as_text(document).encode("utf-8")
    try:
        write_private(out, data)
    except OSError as error:
        raise CommandError(_not_written(out, error)) from None
    records.note_written(person, "plan")
    print(f"Wrote the take-home plan to {out}", file=sys.stderr)
    return 0


def _not_written(out: Path, error: OSError) -> str:
    kept = f"the old {out} is unchanged" if out.is_file() else "nothing was written"
    if error.errno == errno.ENOSPC:
        return f"there is no space left on the disk holding {out}; {kept}"
    if error.errno == errno.EFBIG:
        return f"{out} would be larger than the largest file this system lets the app write; {kept}"
    return f"cannot write {out}: {error.strerror}; {kept}"


def import_file(settings: Settings, file: Path) -> int:
    from recovery_tui.exchange.json_import import ImportRefused, import_document

    try:
        document = json.loads(_read_capped(file, settings.import_max_bytes))
    except OSError as error:
        raise CommandError(f"cannot read {file}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{file} is not UTF-8 text; nothing was imported") from None
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{file} is not a JSON document (line {error.lineno}, column {error.colno}: {error.msg}); "
            "nothing was imported"
        ) from None
    except RecursionError:
        raise CommandError(f"{file} is nested too deeply to be a recovery-tui document; nothing was imported") from None
    except ValueError as error:  # e.g. a number too long to read
        raise CommandError(f"{file} could not be read as JSON ({error}); nothing was imported") from None
    path = settings.sqlite_path
    new_store = path is not None and not path.exists()
    db = open_records(settings)
    try:
        summary = import_document(document)
    except ImportRefused as error:
        if new_store and path is not None:  # a refused file leaves no empty store behind
            _remove_store(db, path)
        raise CommandError(f"{file} was refused, nothing was imported: {error}") from None
    said = [
        f"{what} {_counted(counts)}"
        for what, counts in (
            ("added", summary.added),
            ("updated", summary.updated),
            ("left alone, as new or newer here:", summary.kept),
            ("kept out, as taken out here or elsewhere:", summary.removed),
        )
        if counts
    ]
    if summary.set_aside:
        said.append(f"set aside {summary.set_aside} second draft{'s' if summary.set_aside > 1 else ''} (kept)")
    print(f"Imported {file}: {'; '.join(said) or 'nothing new'}", file=sys.stderr)
    if summary.erased:  # erased on another kiosk: here too, with their take-home files and upgrade copies
        from recovery_tui import erasure

        for line in erasure.report_lines(erasure.finish(settings, summary.erased)):
            print(line, file=sys.stderr)
    return 0


def _participants(count: int) -> str:
    return "1 participant" if count == 1 else f"{count} participants"


def _counted(counts: Counter[str]) -> str:
    return ", ".join(f"{RECORD_WORDS.get(kind, kind)} {n}" for kind, n in sorted(counts.items()))


def _remove_store(db: Database, path: Path) -> None:
    from recovery_tui.store.database import close_store

    close_store(db)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _read_capped(file: Path, cap: int) -> bytearray:
    """The bytes of ``file``, refused before reading more than ``cap`` of them.

    A device or a pipe (``/dev/zero``, ``<(...)``) has no size to check first, so it is read
    in chunks and refused at the first byte past the cap.
    """
    with file.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > cap:
            raise CommandError(_too_big(file, size, cap))
        data = bytearray()
        while chunk := handle.read(min(READ_CHUNK, cap + 1 - len(data))):
            data += chunk
            if len(data) > cap:
                raise CommandError(_too_big(file, None, cap))
    return data


def _too_big(file: Path, size: int | None, cap: int) -> str:
    most = _in_words(cap)
    figure = _in_words(size) if size is not None else most
    what = f"is {figure}" if figure != most else f"is more than {most}"  # no size, or just over the cap
    return (
        f"{file} {what}; the most this app imports at once is {most} "
        "(set RECOVERY_TUI_IMPORT_MAX_BYTES to change it); nothing was imported"
    )


def _in_words(size: int) -> str:
    """A number of bytes as a person reads it: 900 bytes, 82 MiB, 1.2 GiB."""
    for unit, scale in (("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"
