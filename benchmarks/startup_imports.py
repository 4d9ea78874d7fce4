"""What the app's imports cost a start, against Textual's own, in fresh processes.

    .venv/bin/python benchmarks/startup_imports.py [--runs N]

Each run starts a new Python process for each of: the floor (``import textual.app``), the app's start on
SQLite as ``recovery-tui`` makes it (the command line, then the app's modules, with no PostgreSQL driver
loaded), and the same without keeping the driver out (what peewee would load by itself when psycopg is
installed). The three alternate, so that a busy machine slows all of them; the median of each and its
ratio to the floor are printed. Not part of CI.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

TIMED = "import time; start = time.perf_counter(); {body}; print(time.perf_counter() - start)"
KINDS = {
    "floor: import textual.app": "import textual.app",
    "app on SQLite (driver kept out)": (
        "from recovery_tui.store import server; server.keep_driver_out(); "
        "import recovery_tui.cli, recovery_tui.ui.app; import sys; assert sys.modules.get('psycopg') is None"
    ),
    "app with psycopg loaded by peewee": (
        "import recovery_tui.cli, recovery_tui.ui.app; import sys; assert sys.modules.get('psycopg') is not None"
    ),
}


def once(body: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", TIMED.format(body=body)], capture_output=True, text=True, check=True
    ).stdout
    return float(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for _ in range(runs):
        for kind, body in KINDS.items():
            times[kind].append(once(body))
    floor = statistics.median(times["floor: import textual.app"])
    print(f"{runs} fresh processes each, imports only (no screen drawn)")
    for kind, values in times.items():
        median = statistics.median(values)
        spread = f"{min(values) * 1000:.0f}-{max(values) * 1000:.0f} ms"
        print(f"{kind:36} median {median * 1000:6.1f} ms ({spread}), {median / floor:.2f}x the floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
