"""Time vrptool as whole processes, beside the floor of importing its parsing libraries.

    python bench/run.py [--runs N] [--data DIR] [-o bench/RESULTS.md]

Each command runs once to warm the file cache, then N times (default 9); the median wall time
is reported, with the peak resident memory of the slowest run. Nothing here is a unit test:
numbers depend on the machine, so they are written down, not asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_once(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one run of command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = 0  # reaped by wait4
    return seconds, usage.ru_maxrss / 1024


def measure(command: list[str], runs: int) -> tuple[float, float]:
    """Median seconds and the highest peak memory (MB) of `runs` runs after one warm-up."""
    run_once(command)
    results = [run_once(command) for _ in range(runs)]
    return statistics.median(s for s, _ in results), max(m for _, m in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()

    python = sys.executable
    floor_cmd = [python, "-c", "import pydantic, ruamel.yaml"]
    commands = {
        "floor: python -c 'import pydantic, ruamel.yaml'": floor_cmd,
        "vrptool --version": [python, "-m", "vrptool", "--version"],
        "vrptool --help": [python, "-m", "vrptool", "--help"],
        "vrptool validate (bundled data)": [python, "-m", "vrptool", "validate", "--data", str(args.data)],
    }
    rows = []
    floor = None
    for label, command in commands.items():
        seconds, memory = measure(command, args.runs)
        floor = floor or seconds
        rows.append((label, seconds, memory))
        print(f"{label:55} {seconds * 1000:8.1f} ms  {seconds / floor:5.2f}x floor  {memory:6.1f} MB", flush=True)

    lines = [
        "# Benchmark results",
        "",
        f"`python bench/run.py --runs {args.runs}`: median wall time of {args.runs} runs after one warm-up,",
        "each a whole process; peak resident memory of the runs.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()}.",
        "",
        "| command | median | × floor | peak memory |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {label} | {s * 1000:.1f} ms | {s / floor:.2f} | {m:.1f} MB |" for label, s, m in rows]
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
