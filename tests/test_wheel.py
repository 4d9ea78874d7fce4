"""The built wheel works on its own: installed into a fresh virtualenv (dependencies from
PyPI), run from another folder, it finds its instruments and its schema.

Slow (about a minute: a wheel build, a venv and a pip install), and needs PyPI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from recovery_tui import __version__

PROJECT = Path(__file__).resolve().parent.parent


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything pointing back at this checkout or its venv."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = dist.glob("recovery_tui-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel installed; returns its bin folder."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    result = subprocess.run(
        [
            str(bin_dir / "python"),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-input",
            "--quiet",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env=_clean_env(),
        cwd=env_dir,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return bin_dir


def run_installed(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_dir / "recovery-tui"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env=_clean_env(),
    )


def test_the_wheel_ships_the_assets_and_nothing_else(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for asset in (
        "recovery_tui/assets/instruments/idaho-rcs.toml",
        "recovery_tui/assets/instruments/supervisor-self-assessment.toml",
        "recovery_tui/assets/schema/recovery-tui-v1.schema.json",
        "recovery_tui/store/migrations/0001_initial.py",
        "recovery_tui/cli.py",
    ):
        assert asset in names, asset
    assert not any(name.startswith(("tests/", "benchmarks/", ".ci/")) for name in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "recovery-tui = recovery_tui.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_version(installed: Path, tmp_path: Path) -> None:
    result = run_installed(installed, "--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"recovery-tui {__version__}"


def test_installed_package_is_the_wheel_not_this_checkout(installed: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(installed / "python"), "-c", "import recovery_tui; print(recovery_tui.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env=_clean_env(),
    )
    assert result.returncode == 0, result.stderr
    location = Path(result.stdout.strip()).resolve()
    assert installed.parent.resolve() in location.parents
    assert PROJECT not in location.parents


def test_installed_questionnaire_from_another_folder(installed: Path, tmp_path: Path) -> None:
    result = run_installed(installed, "questionnaire", "idaho-rcs", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    resource = json.loads(result.stdout)
    assert resource["resourceType"] == "Questionnaire"
    assert len(resource["item"]) == 23
    assert [item["linkId"] for item in resource["item"]] == [str(n) for n in range(1, 24)]


def test_installed_export_and_import_find_the_schema(installed: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    out = tmp_path / "records.json"
    out.write_text(
        '{"format": "recovery-tui", "version": 1, "exported_at": "2026-01-01T00:00:00Z", '
        '"workers": [], "participants": []}'
    )
    assert run_installed(installed, "--data-dir", str(data), "import", str(out), cwd=tmp_path).returncode == 0
    exported = run_installed(installed, "--data-dir", str(data), "export", "json", "--out", str(out), cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == "recovery-tui" and document["participants"] == []
    imported = run_installed(installed, "--data-dir", str(tmp_path / "other"), "import", str(out), cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "Traceback" not in imported.stderr
