"""Changes to several data files made all together or not at all, even if the process is killed.

An edit that changes `crest.yaml` and two ToRs writes them in four steps:

1. each new file is written beside the one it replaces, as a short-named temporary flushed to
   disk (a failure here, such as a folder that cannot be written, removes them: all old);
2. the journal, `.vrptool-edit.json` in the data directory, lists the renames to come; it is
   written atomically, and from this moment the edit is made;
3. each temporary is renamed over its file;
4. the journal is removed.

A process killed before step 2 leaves only temporaries, which the next writer removes: all old.
Killed after it, the next writer (every edit and `vrptool fmt` take the data lock, and finish a
journal first) makes the renames that remain: all new. Until then `validate` reports
`interrupted-edit`, for the files may be part old, part new.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from vrptool.files import TEMPORARY, FileRefused, inside, read_checked, regular_target, write_atomic, write_temporary
from vrptool.layout import JOURNAL


class JournalError(Exception):
    """The journal cannot be finished; the message says what to do."""


def commit(data_dir: Path, contents: dict[Path, bytes]) -> list[Path]:
    """Write every file of one edit, all or nothing; the files written."""
    targets = {}
    for path in contents:
        target = regular_target(path)  # a device or a pipe is never replaced
        if not inside(target, data_dir):
            raise OSError(0, "it lies outside the data directory", str(path))
        targets[path] = target
    temporaries: dict[Path, Path] = {}
    try:
        for path, content in contents.items():
            targets[path].parent.mkdir(parents=True, exist_ok=True)
            temporaries[path] = Path(write_temporary(targets[path], content))
        root = os.path.realpath(data_dir)
        renames = [[os.path.relpath(temporaries[path], root), os.path.relpath(targets[path], root)] for path in contents]
        write_atomic(data_dir / JOURNAL, json.dumps({"renames": renames}).encode("utf-8"))
        _sync_folder(data_dir)
    except BaseException:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
        raise
    _finish(data_dir, [(temporaries[path], targets[path]) for path in contents])
    return list(contents)


def pending(data_dir: Path) -> bool:
    return os.path.lexists(data_dir / JOURNAL)


def recover(data_dir: Path) -> list[Path]:
    """Finish the edit a killed process left half made (call under the data lock); the files it
    completed. A journal vrptool did not write is refused, never followed."""
    if not pending(data_dir):
        return []
    journal = data_dir / JOURNAL
    try:
        renames = json.loads(read_checked(journal, data_dir, max_bytes=1 << 20))["renames"]
        steps = [_step(data_dir, temporary, target) for temporary, target in renames]
    except (FileRefused, ValueError, KeyError, TypeError, RecursionError):
        raise JournalError(f"{journal} is not the journal of a vrptool edit; look at it, then remove it") from None
    remaining = [(temporary, target) for temporary, target in steps if os.path.lexists(temporary)]
    _finish(data_dir, remaining)
    return [target for _, target in remaining]


def _step(data_dir: Path, temporary: str, target: str) -> tuple[Path, Path]:
    """One rename of the journal, if it is one an edit would make: a vrptool temporary to a YAML
    file beside it, both inside the data directory."""
    if not (isinstance(temporary, str) and isinstance(target, str)):
        raise ValueError("not a rename")
    temporary_path, target_path = data_dir / temporary, data_dir / target
    if (not TEMPORARY.match(temporary_path.name) or target_path.suffix != ".yaml"
            or temporary_path.parent != target_path.parent or os.path.isabs(temporary) or os.path.isabs(target)
            or not inside(temporary_path, data_dir) or not inside(target_path, data_dir)):
        raise ValueError("not a rename an edit makes")
    return temporary_path, target_path


def _finish(data_dir: Path, renames: list[tuple[Path, Path]]) -> None:
    for temporary, target in renames:
        os.replace(temporary, target)
    for folder in {target.parent for _, target in renames}:
        _sync_folder(folder)
    (data_dir / JOURNAL).unlink(missing_ok=True)
    _sync_folder(data_dir)


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (the renames) to disk, where the system allows it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
