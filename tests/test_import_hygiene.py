"""store and exchange never import Textual (DESIGN section 3), and neither does the CLI's
export/import path: each check runs in a fresh interpreter so nothing else has loaded it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import recovery_tui

PACKAGE_DIR = Path(recovery_tui.__file__).resolve().parent

# Imports every module of recovery_tui.store (migrations included, though they are plain
# files with names no import statement can spell), recovery_tui.exchange and
# recovery_tui.cli, then reports what it imported and which forbidden modules got loaded.
CHECK = r"""
import importlib, importlib.util, json, pkgutil, sys
import recovery_tui.store, recovery_tui.exchange, recovery_tui.cli

names = ["recovery_tui.cli"]
for package in (recovery_tui.store, recovery_tui.exchange):
    names.append(package.__name__)
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
        names.append(info.name)
from recovery_tui.store.database import MIGRATIONS_DIR
for path in sorted(MIGRATIONS_DIR.glob("[0-9]*.py")):
    spec = importlib.util.spec_from_file_location("migration_" + path.stem, path)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    names.append(path.name)
for extra in sys.argv[1:]:
    importlib.import_module(extra)
forbidden = sorted(
    m for m in sys.modules
    if m.split(".")[0] == "textual" or m == "recovery_tui.ui" or m.startswith("recovery_tui.ui.")
)
print(json.dumps({"imported": names, "forbidden": forbidden}))
"""


def check(*extra: str) -> dict[str, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", CHECK, *extra],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_store_exchange_and_cli_never_import_textual() -> None:
    report = check()
    assert report["forbidden"] == []
    imported = set(report["imported"])
    expected = {
        "recovery_tui.cli",
        "recovery_tui.store.database",
        "recovery_tui.store.models",
        "recovery_tui.store.records",
        "recovery_tui.store.validation",
        "recovery_tui.store.errors",
        "0001_initial.py",
        "recovery_tui.exchange.document",
        "recovery_tui.exchange.json_export",
        "recovery_tui.exchange.json_import",
        "recovery_tui.exchange.fhir",
    }
    assert expected <= imported, expected - imported
    # Every .py file of the two packages was imported (a new module cannot slip past).
    on_disk = {
        f"recovery_tui.{package}.{path.stem}"
        for package in ("store", "exchange")
        for path in (PACKAGE_DIR / package).glob("*.py")
        if path.stem != "__init__"
    }
    assert on_disk <= imported, on_disk - imported


def test_the_check_would_see_textual() -> None:
    """The same check, told to import Textual as well, reports it: it is not blind."""
    assert "textual" in check("textual")["forbidden"]


def test_cli_export_and_import_run_without_textual(tmp_path) -> None:
    script = (
        "import sys, json\n"
        "from recovery_tui.cli import main\n"
        f"data = {str(tmp_path / 'data')!r}\n"
        f"out = {str(tmp_path / 'out.json')!r}\n"
        "open(out, 'w').write(json.dumps({'format': 'recovery-tui', 'version': 1, "
        "'exported_at': '2026-01-01T00:00:00Z', 'workers': [], 'participants': []}))\n"
        "assert main(['--data-dir', data, 'import', out]) == 0\n"
        "assert main(['--data-dir', data, 'export', 'json', '--out', out]) == 0\n"
        "assert main(['questionnaire', 'idaho-rcs']) == 0\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stderr.strip().splitlines()[-1]) == []


def test_starting_the_app_loads_no_pdf_qr_or_schema_library() -> None:
    """Those are loaded when a plan, a code or an import first needs them: at start-up they would
    cost a third of a second on every kiosk."""
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, json, recovery_tui.ui.app; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert loaded.returncode == 0, loaded.stderr
    assert not {"fpdf", "fontTools", "PIL", "segno", "uharfbuzz", "jsonschema"} & set(json.loads(loaded.stdout))


DRIVER_LOADED = (
    "import importlib.util, json, sys\n"
    "from recovery_tui.cli import main\n"
    "assert importlib.util.find_spec('psycopg') is not None, 'psycopg is not installed: the check would be blind'\n"
    "main(sys.argv[1:])\n"
    "import recovery_tui.ui.app, recovery_tui.exchange.json_import\n"
    "print(json.dumps(sys.modules.get('psycopg') is not None), file=sys.stderr)\n"
)


def driver_loaded(*arguments: str) -> bool:
    result = subprocess.run(
        [sys.executable, "-c", DRIVER_LOADED, *arguments], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return bool(json.loads(result.stderr.strip().splitlines()[-1]))


def test_a_sqlite_start_never_loads_the_postgresql_driver(tmp_path) -> None:
    """peewee imports psycopg whenever it can, about 140 ms of every start: on SQLite it finds none."""
    assert not driver_loaded("--data-dir", str(tmp_path / "data"), "export", "json", "--out", str(tmp_path / "a.json"))
    assert not driver_loaded("questionnaire", "idaho-rcs")
    # Not blind: pointed at a server (none listens on port 9), the driver is loaded.
    assert driver_loaded("--database", "postgresql://nobody@127.0.0.1:9/records", "export", "json")
