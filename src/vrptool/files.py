"""Writing files so that a failure at any point leaves the old file whole, never half of a new one."""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from pathlib import Path

#: What write_atomic names its temporary files: short whatever the file's own name (a name of
#: 250 characters plus a suffix would pass the file system's limit), eight random characters.
#: The second form is what earlier versions wrote, so that their strays are removed too.
TEMPORARY = re.compile(r"^\.(?:vrptool-|.+\.yaml\.)[a-z0-9_]{8}\.tmp$")
PREFIX, SUFFIX = ".vrptool-", ".tmp"


class NotRegularFile(OSError):
    """A path to write that is a device, pipe, socket, directory or dangling link."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(errno.EINVAL, f"it is {what}, not a regular file; vrptool writes only regular files", str(path))


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def regular_target(path: Path) -> Path:
    """The file to write for path: path itself when new or a regular file, the file a link
    points to when that is a regular file; anything else (a device such as /dev/null, a pipe,
    a link to /proc/self/fd/1) is refused, for renaming over it would replace it."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return path
    if stat.S_ISLNK(status.st_mode):
        try:
            status = os.stat(path)
        except OSError:
            raise NotRegularFile(path, "a link to nothing") from None
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(path, f"a link to {_kind(status.st_mode)}")
        real = Path(os.path.realpath(path))
        try:
            same = os.path.samestat(os.stat(real), status)
        except OSError:
            same = False
        if not same:  # a link through /proc/self/fd/…: its name is not the file it shows
            raise NotRegularFile(path, "a link to a file that has no name of its own")
        return real
    if stat.S_ISREG(status.st_mode):
        return path
    raise NotRegularFile(path, _kind(status.st_mode))


def temporary_beside(path: Path) -> tuple[int, str]:
    """A new temporary file in path's folder (descriptor and name), with the mode path will have."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=PREFIX, suffix=SUFFIX)
    try:
        os.chmod(temporary, _mode_for(path))
    except BaseException:
        os.close(handle)
        Path(temporary).unlink(missing_ok=True)
        raise
    return handle, temporary


def write_temporary(path: Path, content: bytes) -> str:
    """Write content to a temporary file beside path, flushed to disk; its name."""
    handle, temporary = temporary_beside(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def write_atomic(path: Path, content: bytes) -> None:
    """Write to a temporary file beside path, flush it to disk, then rename it over path."""
    path = regular_target(path)
    temporary = write_temporary(path, content)
    try:
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_stray_temporaries(folder: Path, keep: set[Path] = frozenset()) -> list[Path]:
    """Remove the temporary files a killed write left below folder (except those in keep); the
    ones removed.

    Call only while no other vrptool process can be writing there (under the data lock)."""
    removed = []
    for path in folder.rglob(".*.tmp"):
        if TEMPORARY.match(path.name) and path not in keep and path.is_file() and not path.is_symlink():
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
