"""Files written whole or not at all, 0600; folders the app makes 0700 whatever the umask."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import as_json_bytes, document_of

from recovery_tui import cli, private_files
from recovery_tui.config import load_settings
from recovery_tui.private_files import make_private_dir, private_file, write_private


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def umask_000() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    """An earlier export, 0644, longer than what replaces it."""
    target = tmp_path / "records.json"
    target.write_bytes(b'{"old": true}' + b" " * 100_000)
    os.chmod(target, 0o644)
    return target


def test_write_private_replaces_the_file_whole_and_0600(tmp_path, old_file) -> None:
    write_private(old_file, b"new")
    assert old_file.read_bytes() == b"new"
    assert mode(old_file) == 0o600
    assert os.listdir(tmp_path) == ["records.json"]  # no temporary file left beside it


def test_a_write_that_fails_leaves_the_old_file_exactly_as_it_was(tmp_path, old_file, monkeypatch) -> None:
    before = old_file.read_bytes()

    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(private_files.os, "fsync", disk_full)
    with pytest.raises(OSError) as raised:
        write_private(old_file, b"new" * 1000)
    assert raised.value.errno == errno.ENOSPC
    assert old_file.read_bytes() == before
    assert mode(old_file) == 0o644
    assert os.listdir(tmp_path) == ["records.json"]


def test_a_streaming_writer_never_touches_the_old_file_until_it_is_done(tmp_path, old_file) -> None:
    before = old_file.read_bytes()
    with pytest.raises(RuntimeError), private_file(old_file) as handle:
        handle.write(b"half of it")
        handle.flush()
        assert old_file.read_bytes() == before  # written elsewhere, not truncated in place
        [temporary] = [name for name in os.listdir(tmp_path) if name != "records.json"]
        assert mode(tmp_path / temporary) == 0o600
        raise RuntimeError("the writer failed part way")
    assert old_file.read_bytes() == before
    assert os.listdir(tmp_path) == ["records.json"]

    with private_file(old_file) as handle:
        handle.write(b"all of it")
    assert old_file.read_bytes() == b"all of it"


def test_new_files_are_0600_under_a_umask_that_takes_more_away(tmp_path) -> None:
    old = os.umask(0o277)
    try:
        write_private(tmp_path / "plan.txt", b"plan")
    finally:
        os.umask(old)
    assert mode(tmp_path / "plan.txt") == 0o600


def test_every_folder_made_is_0700_under_umask_000(tmp_path, umask_000) -> None:
    os.chmod(tmp_path, 0o755)
    make_private_dir(tmp_path / "a" / "b" / "data")
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "data"):
        assert mode(folder) == 0o700, folder
    assert mode(tmp_path) == 0o755  # what was there already is not the app's to change
    make_private_dir(tmp_path / "a" / "b" / "data")  # again: nothing to do, no error


@pytest.mark.parametrize("tighten", [True, False])
def test_an_existing_open_folder_is_tightened_only_when_asked(tmp_path, tighten) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    os.chmod(folder, 0o755)
    make_private_dir(folder, tighten=tighten)
    assert mode(folder) == (0o700 if tighten else 0o755)


def test_a_file_in_the_way_is_an_error(tmp_path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OSError):
        make_private_dir(tmp_path / "file" / "data")


def test_settings_know_whether_the_person_chose_the_data_folder(tmp_path, monkeypatch) -> None:
    assert not load_settings().data_dir_chosen
    assert load_settings(data_dir=str(tmp_path / "flag")).data_dir_chosen
    monkeypatch.setenv("RECOVERY_TUI_DATA_DIR", str(tmp_path / "env"))
    assert load_settings().data_dir_chosen


# -- through the command line: these hold once store/database.py makes its folder with make_private_dir


def an_empty_export(tmp_path: Path) -> str:
    path = tmp_path / "empty.json"
    path.write_bytes(as_json_bytes(document_of()))
    return str(path)


def test_the_data_folder_and_its_new_parents_are_0700_under_umask_000(tmp_path, umask_000, capsys) -> None:
    assert cli.main(["--data-dir", str(tmp_path / "a" / "b" / "data"), "import", an_empty_export(tmp_path)]) == 0
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "data"):
        assert mode(folder) == 0o700, folder


def test_the_apps_own_data_folder_is_tightened_to_0700(tmp_path, capsys) -> None:
    own = load_settings().data_dir  # under the test's XDG_DATA_HOME
    own.mkdir(parents=True)
    os.chmod(own, 0o755)
    assert cli.main(["import", an_empty_export(tmp_path)]) == 0
    assert mode(own) == 0o700


def test_a_chosen_data_folder_open_to_others_is_left_as_it_is(tmp_path, capsys) -> None:
    chosen = tmp_path / "shared-volume"
    chosen.mkdir()
    os.chmod(chosen, 0o755)
    assert cli.main(["--data-dir", str(chosen), "import", an_empty_export(tmp_path)]) == 0
    assert mode(chosen) == 0o755
