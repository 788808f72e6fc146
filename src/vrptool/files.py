"""Writing files so that a failure at any point leaves the old file whole, never half of a new one."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

#: What write_atomic names its temporary files: mkstemp's eight random characters between
#: the file's own name and .tmp.
TEMPORARY = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")


def write_atomic(path: Path, content: bytes) -> None:
    """Write to a temporary file beside path, flush it to disk, then rename it over path."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(temporary, _mode_for(path))
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_stray_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary .yaml files a killed write left below folder; the ones removed.

    Call only while no other vrptool process can be writing there (under the data lock)."""
    removed = []
    for path in folder.rglob(".*.tmp"):
        match = TEMPORARY.match(path.name)
        if match and match["name"].endswith(".yaml") and path.is_file():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _mode_for(path: Path) -> int:
    """The file's own mode when it exists, else what the umask gives a new file."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
