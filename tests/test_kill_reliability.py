"""Nothing shown as given is ever lost: the app is killed with SIGKILL at random moments."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from recovery_tui.config import load_settings
from recovery_tui.store import records
from recovery_tui.store.database import close_store, open_store

RUNS = 20
DRIVER = Path(__file__).with_name("kill_driver.py")


def run_and_kill(data_dir: Path, seed: int, after_seconds: float) -> list[str]:
    """Start the driver, kill it ``after_seconds`` after it is answering, return what it had reported."""
    process = subprocess.Popen(
        [sys.executable, str(DRIVER), str(data_dir), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
    )
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:  # only whole lines: a line cut by the kill is not counted
            if line.endswith("\n"):
                lines.append(line.strip())
                if line.startswith("ready"):
                    ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if not ready.wait(timeout=60):
        process.kill()
        pytest.fail(f"the driver never became ready: {process.stderr.read() if process.stderr else ''}")
    time.sleep(after_seconds)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    reader.join(timeout=10)
    assert process.returncode == -signal.SIGKILL
    return [line for line in lines if line != "ready"]


def test_every_answer_shown_survives_sigkill(tmp_path) -> None:
    data_dir = tmp_path / "data"
    db = open_store(load_settings(data_dir=str(data_dir)))
    records.create_participant("Dana")
    close_store(db)
    moments = random.Random(2026)
    shown_in_all = 0
    for run in range(RUNS):
        shown = run_and_kill(data_dir, seed=run, after_seconds=moments.uniform(0.05, 1.5))
        connection = sqlite3.connect(data_dir / "recovery.sqlite3")
        try:
            assert connection.execute("pragma integrity_check").fetchone() == ("ok",)
            stored = {
                (uuid.UUID(response).hex, statement): value
                for response, statement, value in connection.execute("select response_id, statement, value from answer")
            }
        finally:
            connection.close()
        for line in shown:
            response, statement, value = line.split()
            key = (uuid.UUID(response).hex, int(statement))
            assert key in stored, f"run {run}: answer {line!r} was shown but is not stored"
            later = [s for s in shown if s.split()[:2] == [response, statement]]
            if later[-1] == line:  # the last value shown for a statement is the one stored
                assert stored[key] == (None if value == "declined" else int(value)), line
        shown_in_all += len(shown)
    assert shown_in_all > RUNS  # the kills landed while answers were being given
