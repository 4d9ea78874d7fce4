"""The command line: export json, import, questionnaire, and how they fail."""

from __future__ import annotations

import contextlib
import copy
import errno
import json
import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest
from factories import (
    Texts,
    as_json_bytes,
    build_full_store,
    checked_export,
    document_of,
    full_document,
    minimal_participant,
    new_id,
    opened,
    without_exported_at,
)
from jsonschema import Draft202012Validator

from recovery_tui import __version__, cli, private_files
from recovery_tui.config import load_settings
from recovery_tui.exchange.document import schema
from recovery_tui.store import records
from recovery_tui.store.models import ALL_MODELS, AuditEvent
from recovery_tui.store.server import shown_url

VALIDATOR = Draft202012Validator(schema())


def run(*args: object, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """``python -m recovery_tui ARGS`` in a child process; output as bytes."""
    return subprocess.run(
        [sys.executable, "-m", "recovery_tui", *map(str, args)],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        timeout=120,
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def snapshot(data_dir: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """The store's export (minus its time) and the row count of every table, audit log included
    (less the export events that taking a snapshot itself writes)."""
    with opened(data_dir):
        counts = {model.__name__: model.select().count() for model in ALL_MODELS}
        counts["AuditEvent"] = AuditEvent.select().where(AuditEvent.action != "export").count()
        document = checked_export()
    return without_exported_at(document), counts


@pytest.fixture(scope="module")
def source_document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The export of a store holding every record kind (participants Émile, ÖZGE, Ляля)."""
    return full_document(tmp_path_factory.mktemp("source"))


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """A data folder that already holds two participants, one with a response."""
    data_dir = tmp_path / "seeded"
    with opened(data_dir):
        ana = records.create_participant("Ana", "S-1")
        records.create_participant("Bo")
        response = records.start_response(ana.id, "idaho-rcs")
        records.give_answer(response.id, 1, 4)
    return data_dir


# -- --version and questionnaire ------------------------------------------------------


def test_version(tmp_path) -> None:
    result = run("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.decode().strip() == f"recovery-tui {__version__}"


def test_questionnaire_prints_the_fhir_questionnaire(capsysbinary) -> None:
    assert cli.main(["questionnaire", "idaho-rcs"]) == 0
    resource = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert resource["resourceType"] == "Questionnaire"
    assert len(resource["item"]) == 23
    assert resource["item"][13]["text"] == (
        "I have clothes that are comfortable and clean and do not represent drug using"  # verbatim
    )


def test_questionnaire_of_an_unknown_instrument_is_a_clear_refusal(capsys) -> None:
    assert cli.main(["questionnaire", "phq-9"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "unknown instrument 'phq-9'" in captured.err and "idaho-rcs" in captured.err


# -- export ---------------------------------------------------------------------


def _seed_full(data_dir: Path) -> None:
    with opened(data_dir):
        build_full_store()


@pytest.mark.parametrize("env", [{"LC_ALL": "C"}, {"LC_ALL": "C", "PYTHONUTF8": "0", "LANG": "C"}])
def test_export_to_standard_output_is_utf8_whatever_the_locale(tmp_path, env) -> None:
    data_dir = tmp_path / "data"
    _seed_full(data_dir)
    result = run("--data-dir", data_dir, "export", "json", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert "Émile".encode() in result.stdout and "Ляля".encode() in result.stdout  # raw UTF-8, not \u escapes
    document = json.loads(result.stdout.decode("utf-8"))
    VALIDATOR.validate(document)
    assert [p["first_name"] for p in document["participants"]] == ["Émile", "ÖZGE", "Ляля"]


def test_export_out_file_is_0600_even_if_it_existed_0644(tmp_path, capsys) -> None:
    data_dir = tmp_path / "data"
    _seed_full(data_dir)
    out = tmp_path / "records.json"
    out.write_bytes(b"x" * 5_000_000)  # longer than the export: no old byte may remain
    os.chmod(out, 0o644)
    assert cli.main(["--data-dir", str(data_dir), "export", "json", "--out", str(out)]) == 0
    assert mode(out) == 0o600
    document = json.loads(out.read_bytes())
    VALIDATOR.validate(document)
    assert len(document["participants"]) == 3
    assert "Wrote 3 participants to" in capsys.readouterr().err


def test_export_out_file_is_0600_with_a_permissive_umask(tmp_path) -> None:
    data_dir = tmp_path / "data"
    _seed_full(data_dir)
    out = tmp_path / "new.json"
    old = os.umask(0)
    try:
        assert cli.main(["--data-dir", str(data_dir), "export", "json", "--out", str(out)]) == 0
    finally:
        os.umask(old)
    assert mode(out) == 0o600


def test_export_to_a_folder_that_does_not_exist_is_a_clear_refusal(tmp_path) -> None:
    with opened(tmp_path / "data"):
        pass
    result = run(
        "--data-dir", tmp_path / "data", "export", "json", "--out", tmp_path / "missing" / "x.json", cwd=tmp_path
    )
    assert result.returncode == 1
    assert b"cannot write" in result.stderr and b"Traceback" not in result.stderr
    assert not (tmp_path / "missing").exists()


def test_export_is_audited(tmp_path, capsys) -> None:
    data_dir = tmp_path / "data"
    with opened(data_dir):
        pass
    assert cli.main(["--data-dir", str(data_dir), "export", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["participants"] == []
    with opened(data_dir):
        assert [(e.action, e.record_type) for e in AuditEvent.select()] == [("export", "document")]


# -- import: the round trip and merging ---------------------------------------------------


def test_export_import_export_through_the_command_line(tmp_path, source_document) -> None:
    exported = tmp_path / "records.json"
    exported.write_bytes(as_json_bytes(source_document))
    result = run("--data-dir", tmp_path / "other", "import", exported, cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    message = result.stderr.decode()
    assert "added activities 4, " in message and "participants 3, forms 5" in message
    again = run("--data-dir", tmp_path / "other", "export", "json", "--out", tmp_path / "again.json", cwd=tmp_path)
    assert again.returncode == 0
    document = json.loads((tmp_path / "again.json").read_bytes())
    assert without_exported_at(document) == without_exported_at(source_document)

    with opened(tmp_path / "other"):
        actions = [e.action for e in AuditEvent.select()]
    assert actions.count("import") == 27 and actions.count("export") == 1


def test_importing_twice_keeps_what_is_here(tmp_path, source_document) -> None:
    exported = tmp_path / "records.json"
    exported.write_bytes(as_json_bytes(source_document))
    assert run("--data-dir", tmp_path / "d", "import", exported, cwd=tmp_path).returncode == 0
    second = run("--data-dir", tmp_path / "d", "import", exported, cwd=tmp_path)
    assert second.returncode == 0
    said = second.stderr.decode()
    assert "added" not in said and "updated" not in said
    assert "left alone, as new or newer here: activities 4, check-ins 2, areas to grow 5" in said


def test_import_merges_newer_over_older(tmp_path, seeded, capsys) -> None:
    before, _ = snapshot(seeded)
    ana = copy.deepcopy(before["participants"][0])
    newer, older = copy.deepcopy(ana), copy.deepcopy(ana)
    newer.update(first_name="Anna", updated="2030-01-01T00:00:00.000000Z")
    older.update(first_name="Annie", updated=ana["created"])  # as old as a record can be
    (tmp_path / "newer.json").write_bytes(as_json_bytes(document_of(newer)))
    (tmp_path / "older.json").write_bytes(as_json_bytes(document_of(older)))

    assert cli.main(["--data-dir", str(seeded), "import", str(tmp_path / "newer.json")]) == 0
    assert ": updated participants 1; left alone, as new or newer here: forms 1\n" in capsys.readouterr().err
    assert cli.main(["--data-dir", str(seeded), "import", str(tmp_path / "older.json")]) == 0
    assert "left alone, as new or newer here: participants 1, forms 1" in capsys.readouterr().err  # Ana, her scale
    after, _ = snapshot(seeded)
    assert [p["first_name"] for p in after["participants"]] == ["Anna", "Bo"]
    assert after["participants"][0]["updated"] == "2030-01-01T00:00:00.000000Z"
    assert after["participants"][1] == before["participants"][1]


# -- import: refusals --------------------------------------------------------------


Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    """A mutation setting ``value`` at a path like ``participants.0.responses.0.answers.5``."""
    *parents, last = path.split(".")

    def mutate(document: dict[str, Any]) -> None:
        node: Any = document
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if value is DELETE:
            del node[last]
        else:
            node[int(last) if isinstance(node, list) else last] = value(document) if callable(value) else value

    return mutate


DELETE = object()


def _missing_answer(document: dict[str, Any]) -> None:
    response = document["participants"][0]["responses"][0]
    assert response["complete"]
    del response["answers"]["23"]
    response["total"] = None


def _wrong_total(document: dict[str, Any]) -> None:
    document["participants"][0]["responses"][0]["total"] += 1


def _last_participant_bad(document: dict[str, Any]) -> None:
    document["participants"] += [minimal_participant(f"Good {n}") for n in range(4)]
    bad = copy.deepcopy(document["participants"][0])
    bad["id"] = new_id()
    bad["agency_id"] = None
    for kind in ("helpers", "visits", "responses", "focus_areas", "activities"):
        bad[kind] = []
    bad["responses"] = [copy.deepcopy(document["participants"][0]["responses"][0])]
    bad["responses"][0]["id"] = new_id()
    bad["responses"][0]["answers"]["23"] = 7
    document["participants"].append(bad)


REFUSALS: dict[str, tuple[bytes | Mutation, list[str]]] = {
    "not JSON": (b'{"format": "recovery-tui", ', ["is not a JSON document", "line 1"]),
    "not UTF-8": ('{"format": "recovery-tui", "first_name": "Émile"}'.encode("latin-1"), ["not UTF-8"]),
    "UTF-8 with a broken sequence": (b'{"a": "\xc3\x28"}', ["not UTF-8"]),
    "nested too deeply": (b"[" * 100_000 + b"]" * 100_000, ["nested too deeply"]),
    "empty file": (b"", ["is not a JSON document"]),
    "a JSON list": (b"[]", ["this is not a recovery-tui export file"]),
    "wrong format": (_set("format", "recovery-tui-v2"), ["this is not a recovery-tui export file"]),
    "wrong version": (_set("version", 2), ["this file is format version 2; this app reads version 1"]),
    "missing first_name": (_set("participants.1.first_name", DELETE), ["participants[1]", "first_name"]),
    "empty first name": (_set("participants.1.first_name", ""), ["participant 2", "first name", "required"]),
    "blank first name": (
        _set("participants.1.first_name", " \t\x1b\x00\u202e "),
        ["participant 2", "first name", "required"],
    ),
    "81-character first name": (
        _set("participants.1.first_name", "é" * 81),
        ["participant 2", "first name", "81 characters"],
    ),
    "answer 6": (
        _set("participants.0.responses.0.answers.5", 6),
        ["participant 1", "response 1", "value", "6 is not on the scale"],
    ),
    "answer 0": (
        _set("participants.0.responses.0.answers.5", 0),
        ["participant 1", "response 1", "value", "0 is not on the scale"],
    ),
    "answer 2.5": (_set("participants.0.responses.0.answers.5", 2.5), ["participants[0].responses[0].answers.5"]),
    "unknown statement 24": (
        _set("participants.0.responses.0.answers.24", 3),
        ["participant 1", "response 1", "statement", "24"],
    ),
    "complete with an answer missing": (_missing_answer, ["participant 1", "response 1", "answers", "every statement"]),
    "wrong total": (_wrong_total, ["participant 1", "response 1", "total"]),
    "week_of not a Monday": (
        _set("participants.0.activities.0.week_of", "2026-02-03"),
        ["participant 1", "activity 1", "week_of", "not a Monday"],
    ),
    "helper of another participant": (
        _set("participants.0.activities.0.helper_ids", lambda d: [d["participants"][1]["helpers"][0]["id"]]),
        ["participant 1", "activity 1", "helper_ids", "no helper of this participant"],
    ),
    "focus area of another participant": (
        _set("participants.0.activities.0.focus_area_id", lambda d: d["participants"][1]["focus_areas"][0]["id"]),
        ["participant 1", "activity 1", "focus_area_id"],
    ),
    "duplicate agency ID": (_set("participants.2.agency_id", "A-101"), ["participant 3", "agency_id", "already used"]),
    "agency ID already used here": (
        _set("participants.2.agency_id", "S-1"),
        ["participant 3", "agency_id", "already used"],
    ),
    "unknown visit worker": (
        _set("participants.0.visits.0.worker_id", new_id()),
        ["participant 1", "visit 1", "worker_id"],
    ),
    "unknown instrument": (
        _set("participants.0.responses.0.instrument", "phq-9"),
        ["participant 1", "response 1", "instrument", "unknown instrument 'phq-9'"],
    ),
    "impossible date": (_set("participants.0.responses.1.date", "2026-02-30"), ["participant 1", "response 2", "date"]),
    "unknown IC&RC domain": (
        _set("participants.0.visits.0.domains", ["Cooking"]),
        ["participants[0].visits[0].domains[0]"],
    ),
    "phone that is not one": (
        _set("participants.0.helpers.0.phone", "call me maybe"),
        ["participant 1", "helper 1", "phone"],
    ),
    "blank worker name": (_set("workers.0.name", "\x1b"), ["worker 1", "name", "required"]),
    "last participant bad": (_last_participant_bad, ["participant 8", "response 1", "value", "7"]),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_bad_file_is_refused_whole(case, tmp_path, seeded, source_document) -> None:
    change, fragments = REFUSALS[case]
    if isinstance(change, bytes):
        data = change
    else:
        document = copy.deepcopy(source_document)
        change(document)
        data = as_json_bytes(document)
    bad = tmp_path / "bad.json"
    bad.write_bytes(data)
    before = snapshot(seeded)

    result = run("--data-dir", seeded, "import", bad, cwd=tmp_path)

    message = result.stderr.decode("utf-8")
    assert result.returncode == 1, message
    assert "Traceback" not in message
    assert message.startswith("recovery-tui: ") and message.count("\n") == 1, message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert "nothing was imported" in message
    assert result.stdout == b""
    assert snapshot(seeded) == before  # every table, the audit log included


def test_the_good_version_of_the_refusal_base_imports(tmp_path, seeded, source_document) -> None:
    """The refusal cases change one thing each in a file that is itself accepted."""
    good = tmp_path / "good.json"
    good.write_bytes(as_json_bytes(source_document))
    result = run("--data-dir", seeded, "import", good, cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    after, _ = snapshot(seeded)
    assert sorted(p["first_name"] for p in after["participants"]) == sorted(["Ana", "Bo", "Émile", "ÖZGE", "Ляля"])


def test_a_refusal_with_non_ascii_text_under_an_ascii_locale(tmp_path, seeded, source_document) -> None:
    document = copy.deepcopy(source_document)
    document["participants"][0]["helpers"][0]["relationship"] = "Ляля's friend"
    bad = tmp_path / "bad-Émile.json"
    bad.write_bytes(as_json_bytes(document))
    result = run("--data-dir", seeded, "import", bad, cwd=tmp_path, env={"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"})
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr
    assert b"relationship" in result.stderr and b"nothing was imported" in result.stderr


@pytest.mark.parametrize("what", ["missing", "folder"])
def test_an_unreadable_file_is_a_clear_refusal(tmp_path, what) -> None:
    target = tmp_path / "nope.json"
    if what == "folder":
        target.mkdir()
    result = run("--data-dir", tmp_path / "data", "import", target, cwd=tmp_path)
    assert result.returncode == 1
    assert b"cannot read" in result.stderr and b"Traceback" not in result.stderr


def test_a_store_that_is_not_a_database_is_a_clear_refusal(tmp_path, source_document) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "recovery.sqlite3").write_bytes(b"not a database" * 1000)
    good = tmp_path / "good.json"
    good.write_bytes(as_json_bytes(source_document))
    for args in (["export", "json"], ["import", good]):
        result = run("--data-dir", data_dir, *args, cwd=tmp_path)
        assert result.returncode == 1
        assert b"cannot open the store" in result.stderr and b"Traceback" not in result.stderr
    assert (data_dir / "recovery.sqlite3").read_bytes() == b"not a database" * 1000


def test_a_data_folder_that_cannot_be_made_is_a_clear_refusal(tmp_path) -> None:
    (tmp_path / "file").write_text("x")
    (tmp_path / "good.json").write_bytes(as_json_bytes(document_of(minimal_participant())))
    result = run("--data-dir", tmp_path / "file" / "data", "import", tmp_path / "good.json", cwd=tmp_path)
    assert result.returncode == 1
    assert b"cannot create the data folder" in result.stderr and b"Traceback" not in result.stderr


def test_data_dir_from_the_environment(tmp_path, source_document) -> None:
    good = tmp_path / "good.json"
    good.write_bytes(as_json_bytes(source_document))
    env = {"RECOVERY_TUI_DATA_DIR": str(tmp_path / "env-data")}
    assert run("import", good, cwd=tmp_path, env=env).returncode == 0
    result = run("export", "json", cwd=tmp_path, env=env)
    assert len(json.loads(result.stdout)["participants"]) == 3
    assert (tmp_path / "env-data" / "recovery.sqlite3").exists()


def test_an_import_waits_for_another_writer_longer_than_a_key_in_the_app(tmp_path, seeded, source_document) -> None:
    good = tmp_path / "good.json"
    good.write_bytes(as_json_bytes(source_document))
    other = sqlite3.connect(seeded / "recovery.sqlite3", isolation_level=None)
    other.execute("begin immediate")  # a kiosk, or another import, is writing
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "recovery_tui", "--data-dir", str(seeded), "import", str(good)],
            stderr=subprocess.PIPE,
        )
        time.sleep(4)  # twice what a key in the app waits
    finally:
        other.execute("rollback")
        other.close()
    _, stderr = child.communicate(timeout=120)
    assert child.returncode == 0, stderr.decode()
    assert "participants 3" in stderr.decode()


# -- import: a size cap, read in chunks ----------------------------------------------


def _bounded_memory() -> None:
    """In the child: a MemoryError instead of a swapping machine if the whole file were read."""
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _assert_refused_too_big(result: subprocess.CompletedProcess[bytes], *fragments: str) -> None:
    message = result.stderr.decode("utf-8")
    assert result.returncode == 1, message
    assert message.startswith("recovery-tui: ") and message.count("\n") == 1, message
    assert "Traceback" not in message
    for fragment in (*fragments, "(set RECOVERY_TUI_IMPORT_MAX_BYTES to change it); nothing was imported"):
        assert fragment in message, (fragment, message)


def test_an_import_just_under_the_cap_is_read_and_one_just_over_is_refused(tmp_path, seeded, source_document) -> None:
    data = as_json_bytes(source_document)
    cap = 50_000
    env = {"RECOVERY_TUI_IMPORT_MAX_BYTES": str(cap)}
    before = snapshot(seeded)
    over = tmp_path / "over.json"
    over.write_bytes(data.ljust(cap + 1))  # JSON allows the spaces: only the size is wrong
    result = run("--data-dir", seeded, "import", over, cwd=tmp_path, env=env)
    _assert_refused_too_big(result, f"{over} is more than 48.8 KiB; the most this app imports at once is 48.8 KiB")
    assert snapshot(seeded) == before

    under = tmp_path / "under.json"
    under.write_bytes(data.ljust(cap))
    result = run("--data-dir", seeded, "import", under, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr.decode()
    assert "participants 3" in result.stderr.decode()


def test_a_file_over_the_default_cap_is_refused_before_it_is_read(tmp_path) -> None:
    big = tmp_path / "records.json"
    with big.open("wb") as handle:  # sparse: takes no room on the disk
        handle.truncate(int(1.2 * (1 << 30)))
    result = subprocess.run(
        [sys.executable, "-m", "recovery_tui", "--data-dir", str(tmp_path / "data"), "import", str(big)],
        capture_output=True,
        timeout=60,
        preexec_fn=_bounded_memory,
    )
    _assert_refused_too_big(result, f"{big} is 1.2 GiB; the most this app imports at once is 1 GiB")


def test_dev_zero_is_refused_without_reading_it_all(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "recovery_tui", "--data-dir", str(tmp_path / "data"), "import", "/dev/zero"],
        env={**os.environ, "RECOVERY_TUI_IMPORT_MAX_BYTES": str(5 << 20)},
        capture_output=True,
        timeout=60,
        preexec_fn=_bounded_memory,
    )
    _assert_refused_too_big(result, "/dev/zero is more than 5 MiB; the most this app imports at once is 5 MiB")


def test_a_pipe_over_the_cap_is_refused(tmp_path, monkeypatch, capsys) -> None:
    fifo = tmp_path / "records.fifo"
    os.mkfifo(fifo)

    def endless_writer() -> None:
        with contextlib.suppress(OSError), fifo.open("wb") as handle:
            while True:
                handle.write(b" " * 65536)

    threading.Thread(target=endless_writer, daemon=True).start()
    monkeypatch.setenv("RECOVERY_TUI_IMPORT_MAX_BYTES", "100000")
    assert cli.main(["--data-dir", str(tmp_path / "data"), "import", str(fifo)]) == 1
    assert f"{fifo} is more than 97.7 KiB;" in capsys.readouterr().err


def test_a_cap_that_is_not_a_number_is_a_clear_refusal(tmp_path) -> None:
    result = run("import", tmp_path / "x.json", cwd=tmp_path, env={"RECOVERY_TUI_IMPORT_MAX_BYTES": "1 GiB"})
    assert result.returncode == 1
    assert result.stderr.decode() == (
        "recovery-tui: RECOVERY_TUI_IMPORT_MAX_BYTES must be a number of bytes, such as 1073741824, not '1 GiB'\n"
    )


# -- export: a failed write leaves the old file whole ---------------------------------


def test_an_export_cut_off_by_a_file_size_limit_leaves_the_old_file_intact(tmp_path) -> None:
    data_dir = tmp_path / "data"
    with opened(data_dir):
        build_full_store(Texts(visit_note='"' * 100_000))  # an export of about 400 KiB
    out = tmp_path / "records.json"
    assert cli.main(["--data-dir", str(data_dir), "export", "json", "--out", str(out)]) == 0
    old = out.read_bytes()
    assert len(old) > 300_000

    def limited() -> None:  # the store's own writes stay below the limit; the export does not
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 16, 1 << 16))

    result = subprocess.run(
        [sys.executable, "-m", "recovery_tui", "--data-dir", str(data_dir), "export", "json", "--out", str(out)],
        capture_output=True,
        timeout=120,
        preexec_fn=limited,
    )
    assert result.returncode == 1
    assert result.stderr.decode() == (
        f"recovery-tui: {out} would be larger than the largest file this system lets the app write; "
        f"the old {out} is unchanged\n"
    )
    assert out.read_bytes() == old
    assert sorted(os.listdir(tmp_path)) == ["data", "records.json"]


def test_an_export_onto_a_full_disk_says_so(tmp_path, monkeypatch, capsys) -> None:
    data_dir = tmp_path / "data"
    with opened(data_dir):
        pass
    out = tmp_path / "records.json"
    assert cli.main(["--data-dir", str(data_dir), "export", "json", "--out", str(out)]) == 0
    old = out.read_bytes()

    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(private_files.os, "fsync", disk_full)
    capsys.readouterr()
    assert cli.main(["--data-dir", str(data_dir), "export", "json", "--out", str(out)]) == 1
    assert capsys.readouterr().err == (
        f"recovery-tui: there is no space left on the disk holding {out}; the old {out} is unchanged\n"
    )
    assert out.read_bytes() == old


def test_standard_output_on_a_full_disk_is_a_clear_refusal(tmp_path) -> None:
    with opened(tmp_path / "d"):
        pass
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "recovery_tui", "--data-dir", str(tmp_path / "d"), "export", "json"],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    assert result.returncode == 1
    assert result.stderr.decode() == "recovery-tui: cannot write to standard output: No space left on device\n"


# -- the app: --debug, and no traceback without it ---------------------------------------


class FakeApp:
    """Stands in for RecoveryApp: records how it was made; ``run`` does what the test says."""

    made: ClassVar[dict[str, Any]] = {}
    fail: ClassVar[BaseException | None] = None
    code: ClassVar[int | None] = None  # what the app gives as its exit status
    return_code: int | None = None

    def __init__(self, **options: Any) -> None:
        FakeApp.made = options

    def run(self) -> None:
        if FakeApp.fail is not None:
            raise FakeApp.fail
        self.return_code = FakeApp.code


@pytest.fixture
def fake_app(monkeypatch) -> type[FakeApp]:
    import recovery_tui.ui.app

    monkeypatch.setattr(recovery_tui.ui.app, "RecoveryApp", FakeApp)
    FakeApp.made, FakeApp.fail, FakeApp.code = {}, None, None
    return FakeApp


@pytest.mark.parametrize(
    ("args", "environment", "debug"),
    [([], "", False), ([], "0", False), (["--debug"], "", True), ([], "1", True), (["--debug"], "0", True)],
)
def test_the_app_is_told_about_debug_and_where_to_log(
    tmp_path, monkeypatch, fake_app, args, environment, debug
) -> None:
    monkeypatch.setenv("RECOVERY_TUI_DEBUG", environment)
    assert cli.main(["--data-dir", str(tmp_path / "data"), *args]) == 0
    assert fake_app.made == {
        "support_lines_file": tmp_path / "data" / "support-lines.toml",
        "debug": debug,
        "log_dir": tmp_path / "data",
        "settings": load_settings(str(tmp_path / "data")),
        "open_store": None,  # a plain store is open before the app starts
    }


def test_an_error_escaping_the_app_is_one_calm_line_without_details(tmp_path, fake_app, capsys) -> None:
    fake_app.fail = RuntimeError("Ana S-1 answered 4")
    assert cli.main(["--data-dir", str(tmp_path / "data")]) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        "recovery-tui: Something went wrong and was not saved. Please try again; "
        "if it keeps happening, ask the agency's IT contact.\n"
    )
    assert captured.out == ""


def test_an_app_that_could_not_go_on_exits_non_zero(tmp_path, fake_app) -> None:
    fake_app.code = 1
    assert cli.main(["--data-dir", str(tmp_path / "data")]) == 1


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_with_debug_the_error_is_raised(tmp_path, monkeypatch, fake_app, how) -> None:
    fake_app.fail = RuntimeError("Ana S-1 answered 4")
    args = ["--data-dir", str(tmp_path / "data")]
    if how == "flag":
        args.append("--debug")
    else:
        monkeypatch.setenv("RECOVERY_TUI_DEBUG", "1")
    with pytest.raises(RuntimeError, match="Ana S-1"):
        cli.main(args)


def test_export_where_there_is_no_store_says_so_and_creates_nothing(tmp_path, capsys) -> None:
    folder = tmp_path / "typo"
    assert cli.main(["--data-dir", str(folder), "export", "json", "--out", str(tmp_path / "out.json")]) == 1
    message = capsys.readouterr().err
    assert f"there are no records in {folder} yet" in message and "nothing was exported" in message
    assert not folder.exists() and not (tmp_path / "out.json").exists()


def test_a_refused_import_into_a_new_folder_leaves_no_empty_store(tmp_path, capsys) -> None:
    bad = minimal_participant(first_name="")
    (tmp_path / "bad.json").write_bytes(as_json_bytes(document_of(bad)))
    folder = tmp_path / "new"
    assert cli.main(["--data-dir", str(folder), "import", str(tmp_path / "bad.json")]) == 1
    assert "nothing was imported" in capsys.readouterr().err
    assert not list(folder.glob("recovery.sqlite3*"))
    good = minimal_participant()
    (tmp_path / "good.json").write_bytes(as_json_bytes(document_of(good)))
    assert cli.main(["--data-dir", str(folder), "import", str(tmp_path / "good.json")]) == 0
    assert (folder / "recovery.sqlite3").exists()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://kiosk:s%40cret:x@db.example/recovery", "postgresql://kiosk:***@db.example/recovery"),
        (
            "postgresql://kiosk@db.example/r?sslmode=require&password=s3cret",
            "postgresql://kiosk@db.example/r?sslmode=require&password=***",
        ),
        (
            "postgresql:///recovery?host=/run/postgresql&sslrootcert=/etc/ca.crt",
            "postgresql:///recovery?host=/run/postgresql&sslrootcert=/etc/ca.crt",
        ),
        ("postgresql://kiosk:s3cret@[db/recovery", "postgresql://kiosk:***@[db/recovery"),
        ("postgresql://kiosk:a/b@c:d@db.example:5432/recovery", "postgresql://kiosk:***@db.example:5432/recovery"),
        ("postgresql://kiosk:Secr3t?word@db/r", "postgresql://kiosk:***@db/r"),
        ("postgresql://kiosk:Secr3t#x@db:5432/r", "postgresql://kiosk:***@db:5432/r"),
        ("postgresql://k@db/r?sslpassword=zz&password=yy", "postgresql://k@db/r?sslpassword=***&password=***"),
        ("host=db password=s3cret user=k", "host=db password=*** user=k"),
        ("sqlite:////var/lib/recovery/recovery.sqlite3", "sqlite:////var/lib/recovery/recovery.sqlite3"),
    ],
)
def test_a_database_url_is_shown_as_written_but_for_its_password(url: str, shown: str) -> None:
    assert shown_url(url) == shown


@pytest.mark.parametrize("password", ["Secr3t#x", "Secr3t?x", "Secr3t/x"])
def test_a_password_that_breaks_the_url_is_never_quoted(password: str, capsys) -> None:
    assert cli.main(["--database", f"postgresql://kiosk:{password}@127.0.0.1:9/r", "export", "json"]) == 1
    said = capsys.readouterr().err
    assert "Secr3t" not in said and "recovery-tui:" in said


def test_a_database_of_another_kind_is_named_as_not_supported(tmp_path, capsys) -> None:
    assert cli.main(["--database", "mysql://kiosk:s3cret@db.example/recovery", "export", "json"]) == 1
    said = capsys.readouterr().err
    assert "the records are sqlite:///FILE or postgresql://" in said and "s3cret" not in said
    assert "driver" not in said
