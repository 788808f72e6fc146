"""A cache of validation results, so that checking unchanged data costs almost nothing.

The key is a hash of vrptool's version, the date findings are judged against, the data
directory as named, and the path and full content of every data file: any change to any of
them is a new key, so a cached result can never hide a finding. The cache lives in
`.vrptool-cache/` in the current directory (or $VRPTOOL_CACHE_DIR), ignores itself for git,
and is safe to delete. VRPTOOL_NO_CACHE=1 or --no-cache turns it off.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from vrptool import __version__
from vrptool.findings import Finding
from vrptool.layout import data_files

KEEP = 64  # results kept; older ones are removed


def enabled() -> bool:
    return os.environ.get("VRPTOOL_NO_CACHE", "").strip().lower() not in ("1", "true", "yes")


def directory() -> Path:
    return Path(os.environ.get("VRPTOOL_CACHE_DIR") or ".vrptool-cache")


def key(data_dir: Path, today: dt.date) -> str | None:
    """The key of this data as it is now; None when a file cannot be read (no caching then)."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"vrptool {__version__}\0{today.isoformat()}\0{data_dir}\0".encode())
    try:
        for path in data_files(data_dir):
            digest.update(str(path).encode() + b"\0")
            digest.update(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())
    except OSError:
        return None
    return digest.hexdigest()


def load(cache_key: str) -> tuple[list[Finding], int] | None:
    try:
        document = json.loads((directory() / __version__ / f"{cache_key}.json").read_text("utf-8"))
        findings = [Finding.from_dict(f) for f in document["findings"]]
        return findings, int(document["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no entry, or one we cannot trust: validate afresh


def store(cache_key: str, findings: list[Finding], files: int) -> None:
    """Best effort: a cache that cannot be written is no cache, never an error."""
    folder = directory() / __version__
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _ignore_file()
        document = {"findings": [f.as_dict() for f in findings], "files": files}
        temporary = folder / f".{cache_key}.{os.getpid()}.tmp"
        temporary.write_text(json.dumps(document), encoding="utf-8")
        os.replace(temporary, folder / f"{cache_key}.json")
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


class TreeCache:
    """Parsed files by content hash: an unchanged file is read back instead of parsed again.

    Entries are JSON (never pickle), so a tampered cache can at worst be ignored, not run.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()

    @staticmethod
    def digest(content: bytes) -> str:
        return hashlib.blake2b(content, digest_size=20).hexdigest()

    def get(self, digest: str) -> dict | None:
        try:
            entry = json.loads((self.folder / f"{digest}.json").read_text("utf-8"))
        except (OSError, ValueError, RecursionError):
            return None
        self.used.add(digest)
        return entry if isinstance(entry, dict) and "tree" in entry else None

    def put(self, digest: str, entry: dict) -> None:
        self.used.add(digest)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".{digest}.{os.getpid()}.tmp"
            temporary.write_text(json.dumps(entry), encoding="utf-8")
            os.replace(temporary, self.folder / f"{digest}.json")
        except (OSError, ValueError, RecursionError):
            pass

    def prune(self) -> None:
        """Drop entries of files that no longer exist in this form, once they outnumber the live ones."""
        try:
            entries = list(self.folder.glob("*.json"))
            if len(entries) > 2 * len(self.used) + 100:
                for entry in entries:
                    if entry.stem not in self.used:
                        entry.unlink(missing_ok=True)
        except OSError:
            pass


def tree_cache(use_cache: bool = True) -> TreeCache | None:
    if not (use_cache and enabled()):
        return None
    _ignore_file()
    return TreeCache(directory() / __version__ / "trees")


def _ignore_file() -> None:
    try:
        folder = directory()
        ignore = folder / ".gitignore"
        if not ignore.exists():
            folder.mkdir(parents=True, exist_ok=True)
            ignore.write_text("# Created by vrptool: a cache, safe to delete.\n*\n", encoding="utf-8")
    except OSError:
        pass
