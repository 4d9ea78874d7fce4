"""Every check the project holds itself to, run by ``python -m pytest``: lint, format, types and
import contracts, each run from the repository root as a person would run it.
``-m "not checks"`` leaves them out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = Path(sys.executable).parent  # the virtualenv's commands, beside its python

pytestmark = pytest.mark.checks


def passes(*command: str) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}"


def test_ruff_check() -> None:
    passes(sys.executable, "-m", "ruff", "check", "--no-cache", ".")


def test_ruff_format() -> None:
    passes(sys.executable, "-m", "ruff", "format", "--check", "--no-cache", ".")


def test_mypy_strict() -> None:
    passes(sys.executable, "-m", "mypy")  # strict, over recovery_tui: [tool.mypy] in pyproject.toml


def test_import_contracts() -> None:
    passes(str(SCRIPTS / "lint-imports"), "--no-cache", "--no-logo")
