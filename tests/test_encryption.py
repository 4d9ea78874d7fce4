"""Encryption at rest with SQLCipher, against real files: ``recovery-tui encrypt`` and ``rekey``, the
passphrase on the command line, backups and migration copies of an encrypted store, a conversion
killed part way, and a plain store never paying for sqlcipher3.

What is "in clear" is found by searching every file's bytes for long, unusual strings from the records
(a first name, a visit note): short ones turn up by chance in random bytes. The search is shown to find
them before anything is encrypted, so that it is not blind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from factories import Texts, build_full_store, checked_export, without_exported_at

from recovery_tui import clock
from recovery_tui.config import Settings, load_settings
from recovery_tui.store import encryption, records
from recovery_tui.store.database import MIGRATIONS_DIR, close_store, open_store
from recovery_tui.store.errors import StoreError

PASSPHRASE = "correct horse battery"
NEW_PASSPHRASE = "staple-the-lighthouse"
NAME = "Wilhelmina-Xanthe"
NOTE = "blue heron by the reservoir"
HELPER_NOTES = "Rings on Thursdays from the allotment by the canal lock."
LATE_NAME = "Bartholomew-Quillon"  # written last, left in a write-ahead log
TEXTS = Texts(first_names=(NAME, "Ottoline-Brakespeare", "Ляля"), visit_note=NOTE, helper_notes=HELPER_NOTES)
SECRETS = [text.encode("utf-8") for text in (NAME, NOTE, HELPER_NOTES, "Ottoline-Brakespeare", LATE_NAME)]
SQLCIPHER_LOG_WORDS = (b"ERROR CORE", b"hmac check", b"sqlcipher_", b"sqlite3Codec")
UPGRADE = "0099_pronouns"


def cli(
    *args: object, cwd: Path, passphrase: str | None = None, new: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    """``python -m recovery_tui ARGS`` as tests/test_cli.py's ``run`` does, with the passphrases in the
    environment and standard input never a terminal (nothing can wait at a prompt)."""
    env = dict(os.environ)
    if passphrase is not None:
        env["RECOVERY_TUI_PASSPHRASE"] = passphrase
    if new is not None:
        env["RECOVERY_TUI_NEW_PASSPHRASE"] = new
    return subprocess.run(
        [sys.executable, "-m", "recovery_tui", *map(str, args)],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=120,
    )


def one_calm_line(result: subprocess.CompletedProcess[bytes]) -> str:
    """A refusal: exit 1, nothing on standard output, one line on standard error, no traceback and
    nothing SQLCipher wrote itself."""
    assert result.returncode == 1, result.stderr
    assert result.stdout == b""
    assert b"Traceback" not in result.stderr
    for words in SQLCIPHER_LOG_WORDS:
        assert words not in result.stderr, result.stderr
    lines = result.stderr.decode("utf-8").splitlines()
    assert len(lines) == 1 and lines[0].startswith("recovery-tui: "), lines
    return lines[0]


def store_path(settings: Settings) -> Path:
    assert settings.sqlite_path is not None
    return settings.sqlite_path


def files_in(data_dir: Path) -> list[str]:
    """The store's files and copies (not the empty lock file that openers take turns on)."""
    files = (path for path in data_dir.rglob("*") if path.is_file() and not path.name.endswith(".lock"))
    return sorted(str(path.relative_to(data_dir)) for path in files)


def in_clear(data_dir: Path) -> list[str]:
    """Every file in the data folder holding any of the records' distinctive text as it is."""
    found = []
    for name in files_in(data_dir):
        data = (data_dir / name).read_bytes()
        if any(secret in data for secret in SECRETS):
            found.append(name)
    return found


def exported(settings: Settings, passphrase: str | None = None) -> dict[str, Any]:
    """The store's JSON export, less the moment it was taken, opened as the app would."""
    db = open_store(settings, passphrase=passphrase)
    try:
        return without_exported_at(checked_export())
    finally:
        close_store(db)


def cli_export(settings: Settings, cwd: Path, passphrase: str | None) -> dict[str, Any]:
    result = cli("--data-dir", settings.data_dir, "export", "json", cwd=cwd, passphrase=passphrase)
    assert result.returncode == 0, result.stderr
    return without_exported_at(json.loads(result.stdout))


def upgrade(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, passphrase: str | None = None) -> Path:
    """Open the store as a newer recovery-tui would, with one migration more (as test_store.py's
    ``test_a_new_migration_upgrades_in_place_after_a_backup``), which copies it into backups/ first;
    then take the upgrade back out, so that this version opens the store again. The copy is returned."""
    newer = tmp_path / "newer-migrations"
    if not newer.exists():
        newer.mkdir()
        for path in MIGRATIONS_DIR.glob("[0-9]*.py"):
            (newer / path.name).write_text(path.read_text())
        (newer / f"{UPGRADE}.py").write_text(
            "from peewee import TextField\n"
            "def up(migrator, db):\n"
            "    migrator.migrate(migrator.add_column('participant', 'pronouns', TextField(default='')))\n"
        )
    backups = settings.data_dir / "backups"
    before = set(backups.glob("*.sqlite3"))
    clock.set_now(clock.now() + dt.timedelta(hours=1))  # the copy's name has the time in it: a new one
    with monkeypatch.context() as patched:
        patched.setattr("recovery_tui.store.database.MIGRATIONS_DIR", newer)
        db = open_store(settings, passphrase=passphrase)
        try:
            assert "pronouns" in [column.name for column in db.get_columns("participant")]
            db.execute_sql("ALTER TABLE participant DROP COLUMN pronouns")
            db.execute_sql("DELETE FROM schema_migration WHERE name = ?", (UPGRADE,))
        finally:
            close_store(db)
    made = set(backups.glob("*.sqlite3")) - before
    assert len(made) == 1, made
    return made.pop()


@pytest.fixture
def plain(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A plain store holding every record kind, a migration copy of it in backups/, and its export."""
    db = open_store(settings)
    try:
        build_full_store(TEXTS)
    finally:
        close_store(db)
    copy = upgrade(settings, tmp_path, monkeypatch)
    document = exported(settings)
    assert in_clear(settings.data_dir) == sorted(["recovery.sqlite3", f"backups/{copy.name}"])  # the search sees
    return document


def encrypt(settings: Settings, cwd: Path, passphrase: str = PASSPHRASE) -> subprocess.CompletedProcess[bytes]:
    result = cli("--data-dir", settings.data_dir, "encrypt", cwd=cwd, passphrase=passphrase)
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    return result


@pytest.fixture
def encrypted(plain: dict[str, Any], settings: Settings, tmp_path: Path) -> dict[str, Any]:
    """The same store, encrypted by ``recovery-tui encrypt`` with PASSPHRASE; its export."""
    encrypt(settings, tmp_path)
    return plain


def opens_with(path: Path, passphrase: str) -> bool:
    """The file opens with ``passphrase``, checks whole and holds the participants."""
    try:
        with contextlib.closing(encryption.connect(path, passphrase)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert connection.execute("SELECT count(*) FROM participant").fetchone()[0] >= 3
            return True
    except encryption.WrongPassphrase:
        return False


# --- encrypt -----------------------------------------------------------------------------------------


def test_encrypt_leaves_nothing_of_the_store_in_clear(plain, settings, tmp_path) -> None:
    unfinished = settings.data_dir / "backups" / ".recovery-20260304T153000Z-before-0005.sqlite3.x1y2.part"
    unfinished.write_bytes(store_path(settings).read_bytes())  # an upgrade copy whose writer was stopped
    result = encrypt(settings, tmp_path)
    assert b"Encrypted the records" in result.stderr and b"1 backup copy." in result.stderr
    data_dir = settings.data_dir
    copies = list((data_dir / "backups").glob("*.sqlite3"))
    assert len(copies) == 1
    assert files_in(data_dir) == sorted(["recovery.sqlite3", f"backups/{copies[0].name}"])  # no -wal, -shm, part
    assert in_clear(data_dir) == []
    for path in (store_path(settings), copies[0]):
        assert path.read_bytes()[:16] != encryption.PLAIN_HEADER
        assert encryption.file_kind(path) == "encrypted"
        assert opens_with(path, PASSPHRASE)
        assert os.stat(path).st_mode & 0o777 == 0o600


def test_the_export_is_the_same_before_and_after_encrypt(plain, settings, tmp_path) -> None:
    encrypt(settings, tmp_path)
    assert cli_export(settings, tmp_path, PASSPHRASE) == plain
    assert exported(settings, PASSPHRASE) == plain


def test_encrypt_folds_in_a_write_ahead_log_left_by_a_crash_and_removes_it(plain, settings, tmp_path) -> None:
    """The last participant is only in the -wal (the app was killed): it is encrypted with the rest, and
    neither -wal nor -shm is left in clear."""
    left = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys\n"
            "from recovery_tui.config import load_settings\n"
            "from recovery_tui.store import database, records\n"
            "database.open_store(load_settings(data_dir=sys.argv[1]))\n"
            "records.create_participant(sys.argv[2])\n"
            "os._exit(0)\n",
            str(settings.data_dir),
            LATE_NAME,
        ],
        capture_output=True,
        timeout=60,
    )
    assert left.returncode == 0, left.stderr
    wal = settings.data_dir / "recovery.sqlite3-wal"
    assert LATE_NAME.encode() in wal.read_bytes() and LATE_NAME.encode() not in store_path(settings).read_bytes()
    encrypt(settings, tmp_path)
    assert not wal.exists() and not (settings.data_dir / "recovery.sqlite3-shm").exists()
    assert in_clear(settings.data_dir) == []
    names = [person["first_name"] for person in cli_export(settings, tmp_path, PASSPHRASE)["participants"]]
    assert LATE_NAME in names and NAME in names


def test_encrypt_twice_changes_nothing_the_second_time(encrypted, settings, tmp_path) -> None:
    before = store_path(settings).read_bytes()
    result = encrypt(settings, tmp_path)
    assert b"already encrypted" in result.stderr
    assert store_path(settings).read_bytes() == before


def test_encrypting_an_encrypted_file_again_is_refused_and_changes_nothing(encrypted, settings) -> None:
    """Two encrypt commands at once: the second waits for the first, then finds the file encrypted."""
    before = store_path(settings).read_bytes()
    with pytest.raises(StoreError, match="not a plain SQLite file"):
        encryption.encrypt_file(store_path(settings), NEW_PASSPHRASE)
    assert store_path(settings).read_bytes() == before
    assert not [name for name in files_in(settings.data_dir) if name.endswith((".encrypting", "-journal"))]
    assert opens_with(store_path(settings), PASSPHRASE)


def test_encrypt_refuses_a_short_passphrase_and_changes_nothing(plain, settings, tmp_path) -> None:
    before = store_path(settings).read_bytes()
    line = one_calm_line(cli("--data-dir", settings.data_dir, "encrypt", cwd=tmp_path, passphrase="short"))
    assert "at least 8 characters" in line
    assert store_path(settings).read_bytes() == before
    assert exported(settings) == plain


def test_encrypt_refuses_while_the_store_is_open_elsewhere(plain, settings, tmp_path) -> None:
    db = open_store(settings)
    try:
        line = one_calm_line(cli("--data-dir", settings.data_dir, "encrypt", cwd=tmp_path, passphrase=PASSPHRASE))
    finally:
        close_store(db)
    assert "open in another program" in line
    assert encryption.file_kind(store_path(settings)) == "plain"
    (copy,) = (settings.data_dir / "backups").glob("*.sqlite3")
    assert encryption.file_kind(copy) == "plain"  # untouched: never under a passphrase the store did not get
    assert not [name for name in files_in(settings.data_dir) if name.endswith((".encrypting", "-journal"))]
    assert exported(settings) == plain


# --- the passphrase ----------------------------------------------------------------------------------


def test_only_the_passphrase_opens_an_encrypted_store(encrypted, settings) -> None:
    before = store_path(settings).read_bytes()
    with pytest.raises(encryption.PassphraseNeeded):
        open_store(settings)
    with pytest.raises(encryption.WrongPassphrase):
        open_store(settings, passphrase="not the passphrase")
    assert store_path(settings).read_bytes() == before  # refusing wrote nothing
    assert exported(settings, PASSPHRASE) == encrypted


def test_a_busy_store_is_not_said_to_be_a_wrong_passphrase(encrypted, settings) -> None:
    """Another program holding the file (rekey rewriting it) makes it unreadable for a moment: that is
    "busy", within the wait the opener was given, not "wrong passphrase"."""
    with contextlib.closing(encryption.connect(store_path(settings), PASSPHRASE, isolation_level=None)) as holder:
        assert holder.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # as encrypt leaves it
        holder.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        with pytest.raises(StoreError) as raised:
            open_store(settings, wait_seconds=0.3, passphrase=PASSPHRASE)
        assert time.monotonic() - started < 4  # the opener's wait, not sqlcipher3's own five seconds
        holder.execute("ROLLBACK")
    assert not isinstance(raised.value, encryption.WrongPassphrase)
    assert "busy" in str(raised.value)
    assert exported(settings, PASSPHRASE) == encrypted


@pytest.mark.parametrize(
    "command",
    [["export", "json"], ["export", "csv"], ["backup", "copy.sqlite3"], ["rekey"], ["encrypt"]],
    ids=lambda command: "-".join(command),
)
def test_a_wrong_passphrase_is_one_calm_line(encrypted, settings, tmp_path, command) -> None:
    result = cli("--data-dir", settings.data_dir, *command, cwd=tmp_path, passphrase="not the passphrase", new="x" * 12)
    line = one_calm_line(result)
    assert "passphrase does not open these records" in line
    assert not (tmp_path / "copy.sqlite3").exists()
    assert opens_with(store_path(settings), PASSPHRASE)


def test_no_passphrase_and_no_terminal_is_one_calm_line(encrypted, settings, tmp_path) -> None:
    line = one_calm_line(cli("--data-dir", settings.data_dir, "export", "json", cwd=tmp_path))
    assert "RECOVERY_TUI_PASSPHRASE" in line and "terminal" in line


def test_the_check_for_sqlcipher_log_lines_would_see_them(encrypted, settings, tmp_path) -> None:
    """SQLCipher left to itself writes its log lines to standard error: the checks above look for them."""
    loud = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from sqlcipher3 import dbapi2\n"
            "connection = dbapi2.connect(sys.argv[1])\n"
            "connection.execute(\"PRAGMA key='not the passphrase'\")\n"
            "try:\n"
            "    connection.execute('SELECT count(*) FROM sqlite_master')\n"
            "except dbapi2.DatabaseError:\n"
            "    pass\n",
            str(store_path(settings)),
        ],
        capture_output=True,
        timeout=60,
    )
    assert b"hmac check failed" in loud.stderr


# --- a conversion killed part way --------------------------------------------------------------------

# Runs the command line with one step of the conversion made to kill the process (SIGKILL: nothing is
# cleaned up), at: "copying" partway through sqlcipher_export into the copy; "checking" when the copy is
# written whole and its rows are being compared; "renaming" just before the copy is renamed over the
# store; "renamed" just after, before the -wal and -shm are removed; "backups" just before the migration
# copy's encrypted copy is renamed over it.
KILLED_AT = r"""
import os, signal, sys
from recovery_tui.cli import main
from recovery_tui.store import encryption

point, store = sys.argv[1], os.path.realpath(sys.argv[2])


def die():
    os.kill(os.getpid(), signal.SIGKILL)


def main_file(connection):
    return os.path.realpath(connection.execute("PRAGMA database_list").fetchone()[2])


fingerprint = encryption._fingerprint
replace = os.replace
steps = []


def step():
    steps.append(None)
    if len(steps) == 3000:
        die()
    return 0


def watched_fingerprint(connection):
    if point == "checking" and main_file(connection) == store + ".encrypting":
        die()
    found = fingerprint(connection)
    if point == "copying" and main_file(connection) == store:
        connection.set_progress_handler(step, 1)
    return found


def watched_replace(source, target):
    here = os.path.realpath(target)
    if (point == "renaming" and here == store) or (point == "backups" and os.sep + "backups" + os.sep in here):
        die()
    replace(source, target)
    if point == "renamed" and here == store:
        die()


encryption._fingerprint = watched_fingerprint
os.replace = watched_replace
sys.exit(main(sys.argv[3:]))
"""

KILL_POINTS = {"copying": "plain", "checking": "plain", "renaming": "plain", "renamed": "encrypted", "backups": "plain"}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_encrypt_killed_part_way_leaves_the_store_whole_and_finishes_next_time(
    plain, settings, tmp_path, point
) -> None:
    store = store_path(settings)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AT, point, str(store), "--data-dir", str(settings.data_dir), "encrypt"],
        env={**os.environ, "RECOVERY_TUI_PASSPHRASE": PASSPHRASE},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    leftover = store.with_name(store.name + ".encrypting")
    if point in {"copying", "checking", "renaming"}:
        assert leftover.exists() and leftover.stat().st_size > 0  # killed with the copy begun
        for path in settings.data_dir.glob("recovery.sqlite3.encrypting*"):
            assert os.stat(path).st_mode & 0o777 == 0o600, path  # never readable by others, even unfinished

    kind = encryption.file_kind(store)
    assert kind == KILL_POINTS[point]
    assert exported(settings, PASSPHRASE if kind == "encrypted" else None) == plain  # whole, every row

    encrypt(settings, tmp_path)
    assert encryption.file_kind(store) == "encrypted"
    assert exported(settings, PASSPHRASE) == plain
    copies = [f"backups/{path.name}" for path in (settings.data_dir / "backups").glob("*.sqlite3")]
    assert files_in(settings.data_dir) == sorted(["recovery.sqlite3", *copies])  # nothing left over
    assert in_clear(settings.data_dir) == []
    assert all(opens_with(settings.data_dir / copy, PASSPHRASE) for copy in copies)


# Runs the command line with the conversion paused while the copy is being checked, until told to go on.
PAUSED = r"""
import os, sys, time
from pathlib import Path
from recovery_tui.cli import main
from recovery_tui.store import encryption

paused, go, copy = Path(sys.argv[1]), Path(sys.argv[2]), os.path.realpath(sys.argv[3])
fingerprint = encryption._fingerprint


def waiting(connection):
    if os.path.realpath(connection.execute("PRAGMA database_list").fetchone()[2]) == copy:
        paused.touch()
        deadline = time.monotonic() + 60
        while not go.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
    return fingerprint(connection)


encryption._fingerprint = waiting
sys.exit(main(sys.argv[4:]))
"""


def test_a_store_opened_while_encrypt_runs_loses_nothing(plain, settings, tmp_path) -> None:
    """The app started while the copy is checked: it must not write to the plain file that is about to be
    replaced (what it wrote would be gone). It waits, then finds the store encrypted."""
    paused, go = tmp_path / "paused", tmp_path / "go"
    command = ["--data-dir", settings.data_dir, "encrypt"]
    converting = subprocess.Popen(
        [sys.executable, "-c", PAUSED, paused, go, f"{store_path(settings)}.encrypting", *command],
        env={**os.environ, "RECOVERY_TUI_PASSPHRASE": PASSPHRASE},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    outcome: list[object] = []

    def app() -> None:
        try:
            db = open_store(settings)
        except StoreError as error:
            outcome.append(error)
            return
        try:
            records.create_participant(LATE_NAME)
            outcome.append("written")
        except StoreError as error:
            outcome.append(error)
        finally:
            close_store(db)

    try:
        deadline = time.monotonic() + 60
        while not paused.exists() and converting.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert paused.exists()
        opener = threading.Thread(target=app)
        opener.start()
        opener.join(1.0)  # the app's write, if nothing holds it back
        go.touch()
        _, stderr = converting.communicate(timeout=120)
        opener.join(60)
    finally:
        go.touch()
        if converting.poll() is None:
            converting.kill()
            converting.wait()
    assert converting.returncode == 0, stderr
    assert len(outcome) == 1
    names = [person["first_name"] for person in exported(settings, PASSPHRASE)["participants"]]
    if outcome == ["written"]:
        assert LATE_NAME in names  # what the app wrote is in the encrypted store
    else:
        assert isinstance(outcome[0], encryption.PassphraseNeeded), outcome  # it found the store encrypted
        assert LATE_NAME not in names
    assert in_clear(settings.data_dir) == []


# --- rekey -------------------------------------------------------------------------------------------


def test_rekey_changes_the_passphrase_of_the_store_and_its_copies(encrypted, settings, tmp_path) -> None:
    result = cli("--data-dir", settings.data_dir, "rekey", cwd=tmp_path, passphrase=PASSPHRASE, new=NEW_PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert b"1 backup copy" in result.stderr
    copies = list((settings.data_dir / "backups").glob("*.sqlite3"))
    for path in (store_path(settings), *copies):
        assert not opens_with(path, PASSPHRASE)
        assert opens_with(path, NEW_PASSPHRASE)
    with pytest.raises(encryption.WrongPassphrase):
        open_store(settings, passphrase=PASSPHRASE)
    assert exported(settings, NEW_PASSPHRASE) == encrypted
    assert cli_export(settings, tmp_path, NEW_PASSPHRASE) == encrypted
    one_calm_line(cli("--data-dir", settings.data_dir, "export", "json", cwd=tmp_path, passphrase=PASSPHRASE))
    assert in_clear(settings.data_dir) == []


@pytest.mark.parametrize("new", ["short", None])
def test_rekey_without_a_good_new_passphrase_changes_nothing(encrypted, settings, tmp_path, new) -> None:
    before = store_path(settings).read_bytes()
    line = one_calm_line(cli("--data-dir", settings.data_dir, "rekey", cwd=tmp_path, passphrase=PASSPHRASE, new=new))
    assert "RECOVERY_TUI_NEW_PASSPHRASE" in line
    assert store_path(settings).read_bytes() == before


def test_rekey_refuses_while_the_store_is_open_elsewhere(encrypted, settings, tmp_path) -> None:
    """The app holding the store would find its pages unreadable after the key changed under it."""
    db = open_store(settings, passphrase=PASSPHRASE)
    try:
        assert len(records.find_participants()) == 2
        line = one_calm_line(
            cli("--data-dir", settings.data_dir, "rekey", cwd=tmp_path, passphrase=PASSPHRASE, new=NEW_PASSPHRASE)
        )
        assert "open in another program" in line
        records.create_participant(LATE_NAME)  # the app goes on
    finally:
        close_store(db)
    assert opens_with(store_path(settings), PASSPHRASE) and not opens_with(store_path(settings), NEW_PASSPHRASE)
    (copy,) = (settings.data_dir / "backups").glob("*.sqlite3")
    assert opens_with(copy, PASSPHRASE)  # untouched, as the store
    assert LATE_NAME in [person["first_name"] for person in exported(settings, PASSPHRASE)["participants"]]


def test_plain_records_are_not_rekeyed(plain, settings, tmp_path) -> None:
    line = one_calm_line(
        cli("--data-dir", settings.data_dir, "rekey", cwd=tmp_path, passphrase=PASSPHRASE, new=NEW_PASSPHRASE)
    )
    assert "not encrypted" in line
    assert encryption.file_kind(store_path(settings)) == "plain"


# --- copies of an encrypted store --------------------------------------------------------------------


def test_a_backup_of_an_encrypted_store_is_encrypted_with_the_same_passphrase(encrypted, settings, tmp_path) -> None:
    target = tmp_path / "elsewhere" / "copy.sqlite3"
    target.parent.mkdir()
    result = cli("--data-dir", settings.data_dir, "backup", target, cwd=tmp_path, passphrase=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert b"checked whole" in result.stderr
    assert encryption.file_kind(target) == "encrypted" and target.read_bytes()[:16] != encryption.PLAIN_HEADER
    assert in_clear(target.parent) == []
    assert opens_with(target, PASSPHRASE) and not opens_with(target, NEW_PASSPHRASE)
    assert os.stat(target).st_mode & 0o777 == 0o600
    restored = load_settings(data_dir=str(tmp_path / "restored"))
    restored.data_dir.mkdir()
    store_path(restored).write_bytes(target.read_bytes())
    assert exported(restored, PASSPHRASE) == encrypted


def test_a_migration_on_an_encrypted_store_leaves_an_encrypted_copy(encrypted, settings, tmp_path, monkeypatch) -> None:
    copy = upgrade(settings, tmp_path, monkeypatch, passphrase=PASSPHRASE)
    assert encryption.file_kind(copy) == "encrypted"
    assert in_clear(settings.data_dir) == []
    assert opens_with(copy, PASSPHRASE)
    assert os.stat(copy).st_mode & 0o777 == 0o600
    with contextlib.closing(encryption.connect(copy, PASSPHRASE)) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(participant)")]
    assert "first_name" in columns and "pronouns" not in columns  # the copy from before the upgrade
    assert exported(settings, PASSPHRASE) == encrypted


# --- neither plain nor encrypted ---------------------------------------------------------------------


def test_a_file_that_is_neither_plain_nor_encrypted_is_a_clear_error(settings, tmp_path) -> None:
    settings.data_dir.mkdir(parents=True)
    text = (b"These are the minutes of the allotment committee.\n" * 100)[:5000]
    store_path(settings).write_bytes(text)
    assert encryption.file_kind(store_path(settings)) == "neither"
    with pytest.raises(StoreError, match="neither a SQLite file nor an encrypted one") as raised:
        open_store(settings, passphrase=PASSPHRASE)
    assert not isinstance(raised.value, (encryption.PassphraseNeeded, encryption.WrongPassphrase))
    for command in (["export", "json"], ["encrypt"], ["rekey"]):
        line = one_calm_line(
            cli("--data-dir", settings.data_dir, *command, cwd=tmp_path, passphrase=PASSPHRASE, new=NEW_PASSPHRASE)
        )
        assert "neither a SQLite file nor an encrypted one" in line
    assert store_path(settings).read_bytes() == text


def test_a_store_is_known_for_what_it_is_before_it_is_opened(encrypted, settings, tmp_path) -> None:
    assert encryption.file_kind(store_path(settings)) == "encrypted"
    assert encryption.file_kind(tmp_path / "nothing-here") == "missing"
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    assert encryption.file_kind(empty) == "plain"  # a store not yet made


# --- start-up does not pay for sqlcipher3 ------------------------------------------------------------

LOADED = r"""
import json, sys
import recovery_tui.cli, recovery_tui.store.database
from recovery_tui.cli import main
from recovery_tui.config import load_settings
from recovery_tui.record_commands import open_records
from recovery_tui.store import records

open_records(load_settings(data_dir=sys.argv[1]))
records.find_participants()
assert main(["--data-dir", sys.argv[1], "export", "json", "--out", sys.argv[2]]) == 0
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "sqlcipher3" or m == "playhouse.sqlcipher_ext")))
"""


def loaded_for(settings: Settings, tmp_path: Path, passphrase: str | None) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", LOADED, str(settings.data_dir), str(tmp_path / "export.json")],
        env={**os.environ, **({"RECOVERY_TUI_PASSPHRASE": passphrase} if passphrase else {})},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_a_plain_store_never_loads_sqlcipher(plain, settings, tmp_path) -> None:
    assert loaded_for(settings, tmp_path, None) == []


def test_the_sqlcipher_check_would_see_it_loaded(encrypted, settings, tmp_path) -> None:
    assert "sqlcipher3" in loaded_for(settings, tmp_path, PASSPHRASE)


def test_rekey_encrypts_a_plain_copy_and_says_which_copies_it_could_not_open(encrypted, settings, tmp_path) -> None:
    backups = settings.data_dir / "backups"
    (first,) = backups.glob("*.sqlite3")
    plain_copy = backups / "recovery-20260101T000000Z-before-0009_put_back.sqlite3"
    other = backups / "recovery-20260102T000000Z-before-0010_other.sqlite3"
    other.write_bytes(first.read_bytes())
    encryption.rekey_file(other, PASSPHRASE, "an older passphrase")
    with contextlib.closing(sqlite3.connect(plain_copy)) as connection:  # a copy put back in clear
        connection.execute("CREATE TABLE note (text)")
        connection.execute("INSERT INTO note VALUES ('Wilhelmina-Xanthe kept in clear')")
        connection.commit()
    result = cli("--data-dir", settings.data_dir, "rekey", cwd=tmp_path, passphrase=PASSPHRASE, new=NEW_PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert b"1 backup copy in" in result.stderr and b"left as they are" in result.stderr
    assert encryption.file_kind(plain_copy) == "encrypted" and b"Wilhelmina" not in plain_copy.read_bytes()
    assert opens_with(first, NEW_PASSPHRASE)
    assert not opens_with(other, NEW_PASSPHRASE)


def test_a_passphrase_sqlcipher_would_read_as_a_raw_key_is_refused() -> None:
    assert encryption.passphrase_problem("x'" + "ab" * 32 + "'")
    assert encryption.passphrase_problem("X'0011'and more")
    assert encryption.passphrase_problem("a longer passphrase with x' inside") is None


def test_the_print_command_is_never_given_the_passphrase(tmp_path, monkeypatch) -> None:
    from recovery_tui.plans_folder import print_file

    seen = tmp_path / "environment.txt"
    script = tmp_path / "print.sh"
    script.write_text(f"#!/bin/sh\nenv > {seen}\n")
    script.chmod(0o700)
    monkeypatch.setenv("RECOVERY_TUI_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("RECOVERY_TUI_NEW_PASSPHRASE", NEW_PASSPHRASE)
    print_file(str(script), tmp_path / "plan.pdf")
    printed_with = seen.read_text()
    assert "PATH=" in printed_with and PASSPHRASE not in printed_with and NEW_PASSPHRASE not in printed_with
