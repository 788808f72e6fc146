"""Reading and writing files safely: a file is checked for what it is before it is read, and a
failure at any point of a write leaves the old file whole, never half of a new one."""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from collections.abc import Set as AbstractSet
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


def remove_stray_temporaries(folder: Path, keep: AbstractSet[Path] = frozenset()) -> list[Path]:
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


# Reading ---------------------------------------------------------------------------------------

#: The most a data file may hold; the setting VRPTOOL_MAX_FILE_BYTES overrides it.
MAX_FILE_BYTES = 10 * 1024 * 1024


def limit(name: str, default: int) -> int:
    """A limit from its environment variable (a whole number of 1 or more), else the default."""
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


def max_file_bytes() -> int:
    return limit("VRPTOOL_MAX_FILE_BYTES", MAX_FILE_BYTES)


class FileRefused(Exception):
    """A file vrptool will not read: `rule` is the finding it makes, `message` says why."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule, self.message = rule, message


def inside(path: Path, root: Path) -> bool:
    """True when path, with every link on the way resolved (its folders' too), is below root."""
    target, top = os.path.realpath(path), os.path.realpath(root)
    return os.path.commonpath([target, top]) == top


def read_checked(path: Path, root: Path | None = None, max_bytes: int | None = None) -> bytes:
    """The bytes of a file, once it is known to be what a data file must be: inside root (when
    given) after resolving every link, a regular file (never a pipe that would block or a device
    that never ends), within the size limit. Every reader of data goes through here.

    Raises FileRefused with the finding's rule and a message in the partnership's words."""
    max_bytes = max_bytes or max_file_bytes()
    if root is not None and not inside(path, root):
        raise FileRefused("outside-link", "this file, or a folder on its way, is a link to somewhere outside the "
                          "data directory; vrptool does not follow it")
    try:
        # Non-blocking: opening a named pipe must not wait for a writer. The checks below are made
        # on the open file itself, so nothing can be swapped in between.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError:
        raise FileRefused("yaml-syntax", "this is a directory where a YAML file was expected") from None
    except OSError as error:
        raise FileRefused("yaml-syntax", f"the file cannot be read: {error.strerror or error}") from None
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise FileRefused("yaml-syntax", "this is a directory where a YAML file was expected")
        if not stat.S_ISREG(status.st_mode):
            raise FileRefused("yaml-syntax", "this is not a regular file (a pipe, socket or device); "
                              "a data file must be a plain file")
        if status.st_size > max_bytes:
            raise FileRefused("yaml-syntax", f"the file is {status.st_size:,} bytes, more than the {max_bytes:,} a "
                              "data file may have (the limit is the setting VRPTOOL_MAX_FILE_BYTES)")
        chunks, total = [], 0
        while True:  # never more than the limit, even if the file grows while it is read
            chunk = os.read(descriptor, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise FileRefused("yaml-syntax", f"the file is more than the {max_bytes:,} bytes a data file may "
                                  "have (the limit is the setting VRPTOOL_MAX_FILE_BYTES)")
        return b"".join(chunks)
    except OSError as error:
        raise FileRefused("yaml-syntax", f"the file cannot be read: {error.strerror or error}") from None
    finally:
        os.close(descriptor)


def identity(path: Path) -> tuple:
    """What a file is, beyond its bytes: its kind, device, inode, size and times, and where it
    really is (a cached result must not outlive a file being replaced by a link)."""
    try:
        status = os.lstat(path)
    except OSError as error:
        return ("missing", error.errno)
    return (stat.S_IFMT(status.st_mode), status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns,
            status.st_ctime_ns, os.path.realpath(path))
