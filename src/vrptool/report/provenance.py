"""Which version of the data a report was built from: its git commit, and whether it has changes."""

from __future__ import annotations

import subprocess
from pathlib import Path


def _git(data_dir: Path, *args: str) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(["git", "-C", str(data_dir), *args], capture_output=True, text=True, timeout=10,
                              check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None


def data_provenance(data_dir: Path) -> dict:
    head = _git(data_dir, "rev-parse", "--short=12", "HEAD")
    if head is None:
        return {"commit": None, "dirty": None, "note": "git is not available"}
    if head.returncode != 0:
        return {"commit": None, "dirty": None, "note": "the data is not in a git repository"}
    status = _git(data_dir, "status", "--porcelain", "--", ".")
    dirty = bool(status and status.stdout.strip())
    note = "with uncommitted changes" if dirty else "no uncommitted changes"
    return {"commit": head.stdout.strip(), "dirty": dirty, "note": note}
