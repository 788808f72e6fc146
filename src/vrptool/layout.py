"""Which files make up a data directory. Kept free of heavy imports: the cache reads it too."""

from __future__ import annotations

from pathlib import Path

#: The journal of an edit under way (vrptool.edit): while it exists, files may be part old, part new.
JOURNAL = ".vrptool-edit.json"

#: The files every data directory has.
SINGLE_FILES = ("partnership.yaml", "toc.yaml", "obpf.yaml", "crest.yaml")
#: Files a data directory may have.
OPTIONAL_FILES = ("population.yaml",)


def group_files(root: Path) -> list[Path]:
    return _sorted(root / "groups", "*.yaml")


def returns_files(root: Path) -> list[Path]:
    return _sorted(root / "returns", "*.yaml")


def meeting_files(root: Path) -> list[Path]:
    return _sorted(root / "meetings", "*/*.yaml")


def data_files(root: Path) -> list[Path]:
    """Every file vrptool reads, in the order it reads them."""
    singles = [root / name for name in SINGLE_FILES + OPTIONAL_FILES if (root / name).exists()]
    return singles + group_files(root) + returns_files(root) + meeting_files(root)


def _sorted(folder: Path, pattern: str) -> list[Path]:
    return sorted(folder.glob(pattern)) if folder.is_dir() else []


#: The data directory's name in a data repository, and what `--data` means when not given.
DEFAULT_DATA = Path("data")


def find_data_dir(start: Path) -> Path | None:
    """The data directory for a command run in `start`, found as git finds its repository.

    `start/data` if it exists; else, going up from `start`: a folder holding partnership.yaml
    (the command runs inside the data directory), or one whose data/ holds it, or the
    repository root (a folder with .git), whose data/ it is. None when nothing is found."""
    if (start / DEFAULT_DATA).is_dir():
        return start / DEFAULT_DATA
    for folder in (start, *start.parents):
        if (folder / "partnership.yaml").is_file():
            return folder
        if (folder / DEFAULT_DATA / "partnership.yaml").is_file() or (folder / ".git").exists():
            return folder / DEFAULT_DATA if (folder / DEFAULT_DATA).is_dir() else None
    return None
