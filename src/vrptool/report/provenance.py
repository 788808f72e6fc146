"""Which version of the data a report was built from: its git commit, and whether it has changes."""

from __future__ import annotations

from pathlib import Path

from vrptool.git import GitError, GitMissing, commit_of


def data_provenance(data_dir: Path) -> dict:
    try:
        commit, dirty = commit_of(data_dir)
    except GitMissing:
        return {"commit": None, "dirty": None, "note": "git is not available"}
    except GitError:
        return {"commit": None, "dirty": None, "note": "the data is not in a git repository"}
    note = "with uncommitted changes" if dirty else "no uncommitted changes"
    return {"commit": commit, "dirty": dirty, "note": note}
