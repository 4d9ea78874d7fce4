"""Run the speed benchmarks and print each case against the Textual floor.

    .venv/bin/python benchmarks/run.py [--samples N] [--gap MS] [--case NAME] [--encrypted]

Not part of CI. Exits 1 when a case misses its target. A case is a module with NAME,
SIZE, TARGETS ({"wall": ratio, "cpu": ratio}), optionally LIMIT_MS (a median in ms), and
``async run(samples, gap)`` returning Timings for "floor" and "app"; add it to CASES.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import sys
from importlib.metadata import version

import answer_key
import history_open
import timing

CASES = {"answer": answer_key, "history": history_open}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def report(case, results, gap_ms: float) -> bool:  # type: ignore[no-untyped-def]
    floor, app = results["floor"].summary(), results["app"].summary()
    pace = f"{gap_ms:g} ms apart" if gap_ms else "back to back"
    print(f"\n{case.NAME}: {app['n']} keys each, {pace}, headless {case.SIZE[0]}x{case.SIZE[1]}")
    print(f"{'':10} {'median':>10} {'p90':>10} {'CPU/key':>10} {'frames/key':>11}")
    for label, row in (("floor", floor), ("app", app)):
        print(f"{label:10} {ms(row['median']):>10} {ms(row['p90']):>10} {ms(row['cpu']):>10} {row['frames']:>11.2f}")
    wall, cpu = app["median"] / floor["median"], app["cpu"] / floor["cpu"]
    print(f"{'app/floor':10} {wall:>9.2f}x {app['p90'] / floor['p90']:>9.2f}x {cpu:>9.2f}x")
    met = wall <= case.TARGETS["wall"] and cpu <= case.TARGETS["cpu"]
    limit = getattr(case, "LIMIT_MS", None)
    if limit is not None:
        met &= app["median"] * 1000 <= limit
    within = f", median <= {limit:g} ms ({app['median'] * 1000:.1f} ms)" if limit is not None else ""
    print(
        f"target: median <= {case.TARGETS['wall']}x floor ({wall:.2f}x), "
        f"CPU <= {case.TARGETS['cpu']}x floor ({cpu:.2f}x){within}: {'met' if met else 'MISSED'}"
    )
    undrawn = results["floor"].undrawn + results["app"].undrawn
    if undrawn:
        print(f"INVALID: {undrawn} keys were not followed by a drawn frame; their times are too short")
    return met and not undrawn


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200, help="timed keys per app and case (default 200)")
    parser.add_argument(
        "--gap", type=float, default=0.0, metavar="MS", help="untimed pause before each key (default 0: back to back)"
    )
    parser.add_argument("--case", choices=sorted(CASES), action="append", help="run only this case (repeatable)")
    parser.add_argument("--encrypted", action="store_true", help="the app's store encrypted with SQLCipher")
    args = parser.parse_args()
    if args.encrypted:
        timing.ENCRYPTED_WITH = "benchmark passphrase"
    print(f"Python {platform.python_version()}, Textual {version('textual')}, {platform.machine()} {platform.system()}")
    print("median and p90: wall time from posting the key to the callback after the frame that shows it;")
    print("CPU/key: median process CPU time over the same span")
    if args.encrypted:
        print("the app's store: encrypted with SQLCipher")
    met = True
    for name in args.case or list(CASES):
        case = CASES[name]
        met &= report(case, asyncio.run(case.run(args.samples, args.gap / 1000)), args.gap)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
