"""Which files make up a data directory. Kept free of heavy imports: the cache reads it too."""

from __future__ import annotations

from pathlib import Path

#: The files every data directory has.
SINGLE_FILES = ("partnership.yaml", "toc.yaml", "obpf.yaml", "crest.yaml")


def group_files(root: Path) -> list[Path]:
    return _sorted(root / "groups", "*.yaml")


def returns_files(root: Path) -> list[Path]:
    return _sorted(root / "returns", "*.yaml")


def meeting_files(root: Path) -> list[Path]:
    return _sorted(root / "meetings", "*/*.yaml")


def data_files(root: Path) -> list[Path]:
    """Every file vrptool reads, in the order it reads them."""
    singles = [root / name for name in SINGLE_FILES if (root / name).exists()]
    return singles + group_files(root) + returns_files(root) + meeting_files(root)


def _sorted(folder: Path, pattern: str) -> list[Path]:
    return sorted(folder.glob(pattern)) if folder.is_dir() else []
