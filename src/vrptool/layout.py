"""Which files make up a data directory. Kept free of heavy imports: the cache reads it too."""

from __future__ import annotations

import os
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


#: The folders whose files vrptool reads, and how deep its data files stand in each.
DATA_FOLDERS = {"groups": 1, "returns": 1, "meetings": 2}


def unread_entries(root: Path) -> list[Path]:
    """Every file or folder in the data folders that vrptool does not read (groups/youth.yml,
    returns/notes.txt, meetings/2026-05-06.yaml), so that none is skipped in silence. Hidden
    entries (.gitkeep, an editor's swap file, an edit's temporary file) are not data."""
    unread = []
    for name, depth in DATA_FOLDERS.items():
        folder = root / name
        if not folder.is_dir():
            continue
        pending = [(folder, 1)]
        while pending:
            current, level = pending.pop()
            # os.scandir: whether an entry is a folder is known from the listing, without a stat
            # of each of a national data set's 2,000 files (a link is followed, as Path.is_dir does)
            with os.scandir(current) as listing:
                entries = sorted(((current / entry.name, entry) for entry in listing if not entry.name.startswith(".")),
                                 key=lambda pair: _order(pair[0]))
            for path, entry in entries:
                if _is_dir(entry):
                    if level >= depth:
                        unread.append(path)  # and whatever it holds: a data file there is unread too
                    if not (level >= depth and entry.is_symlink()):  # never round a link's loop
                        pending.append((path, level + 1))
                elif not (level == depth and path.suffix == ".yaml"):
                    unread.append(path)
    return sorted(unread, key=_order)


def _order(path: Path) -> tuple[str, ...]:
    """A path's place in a sorted listing, as Path orders paths on POSIX (by their parts): its
    parts compared in C, where Path's own comparison runs in Python for each of 20,000 pairs."""
    return path.parts


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _sorted(folder: Path, pattern: str) -> list[Path]:
    return sorted(folder.glob(pattern), key=_order) if folder.is_dir() else []


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
