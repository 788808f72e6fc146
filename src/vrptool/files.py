"""Reading and writing files safely: a file is checked for what it is before it is read, and a
failure at any point of a write leaves the old file whole, never half of a new one."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Set as AbstractSet
from pathlib import Path

from vrptool.frozen import Frozen

#: What write_atomic names its temporary files: short whatever the file's own name (a name of
#: 250 characters plus a suffix would pass the file system's limit), eight random characters.
#: The second form is what earlier versions wrote, so that their strays are removed too.
TEMPORARY = re.compile(r"^\.(?:vrptool-|.+\.yaml\.)[a-z0-9_]{8}\.tmp$")
PREFIX, SUFFIX = ".vrptool-", ".tmp"


class NotRegularFile(OSError):
    """A path to write that is a device, pipe, socket, directory or dangling link."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(errno.EINVAL, f"it is {what}, not a regular file; vrptool writes only regular files", str(path))


def _file_type(mode: int) -> str:
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
            raise NotRegularFile(path, f"a link to {_file_type(status.st_mode)}")
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
    raise NotRegularFile(path, _file_type(status.st_mode))


def temporary_beside(path: Path) -> tuple[int, str]:
    """A new temporary file in path's folder (descriptor and name), with the mode path will have."""
    import tempfile  # here: a run that writes no file never imports it (nor shutil, random, bz2, lzma)

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


class AmongTheData(OSError):
    """An output (-o) that would replace a file of the data directory or stand among its data files."""

    def __init__(self, path: Path, data_dir: Path) -> None:
        super().__init__(errno.EEXIST, f"it is in the data directory {data_dir}, where it would replace or stand "
                         "among the data; write it somewhere else", str(path))


def write_output(path: Path, content: bytes, data_dir: Path) -> None:
    """Write a command's output file (-o) atomically, never over a file of the data directory
    (`report -o data/crest.yaml` would lose the tracker) nor into its data folders (groups/,
    returns/, meetings/), where it would be a file validate does not read, nor as a YAML file
    (`-o data/population.yaml` would become data). A new file at the top
    of the data directory is allowed: an analyst may run vrptool from inside it. Its folder is
    made when missing, once the file is known to be one vrptool may write."""
    from vrptool.layout import DATA_FOLDERS

    target = regular_target(path)
    if inside(target, data_dir):
        relative = Path(os.path.relpath(os.path.realpath(target), os.path.realpath(data_dir)))
        if os.path.lexists(target) or relative.parts[0] in DATA_FOLDERS or relative.suffix == ".yaml":
            raise AmongTheData(path, data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, content)


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

class Kind(Frozen):
    """What a data file of one kind may hold: `max_bytes` bytes and `max_values` values (every
    key, text, number and list or mapping counts one)."""

    _fields = ("name", "max_bytes", "max_values")
    name: str  # as a message says it
    max_bytes: int
    max_values: int

    def __init__(self, name: str, max_bytes: int, max_values: int) -> None:
        self._set(name=name, max_bytes=max_bytes, max_values=max_values)


KiB = 1024
#: The limits of each kind of data file, set from the largest such file a realistic partnership
#: has (bench/generate.py at scale 100, a national roll-up of 500 groups and 3,500 indicators;
#: bytes and values): obpf.yaml 780 KB and 59,003 values, a quarter's returns 183 KB and 24,507,
#: partnership.yaml 142 KB and 14,017, crest.yaml 84 KB and 9,111, toc.yaml 15 KB and 1,308; a
#: group, a meeting and population.yaml have a few hundred (the bundled IEO ToR, 9 KB and 244, is
#: the largest). Each limit leaves room of twice that or more. Not higher, because the cost of a
#: file is in its values, not its bytes: ruamel.yaml's round trip (edits, `vrptool fmt`) is pure
#: Python, and a 10 MB file of 165,000 returns entries took 120 s and 1 GB to edit.
KINDS = {
    "obpf.yaml": Kind("obpf.yaml", 2048 * KiB, 120_000),
    "partnership.yaml": Kind("partnership.yaml", 1024 * KiB, 50_000),
    "crest.yaml": Kind("crest.yaml", 1024 * KiB, 30_000),
    "toc.yaml": Kind("toc.yaml", 256 * KiB, 10_000),
    "population.yaml": Kind("population.yaml", 256 * KiB, 10_000),
    "groups": Kind("a group file", 256 * KiB, 10_000),
    "returns": Kind("a returns file", 1024 * KiB, 60_000),
    "meetings": Kind("a meeting file", 256 * KiB, 10_000),
}
#: Any other file vrptool reads as data.
OTHER = Kind("a data file", 2048 * KiB, 120_000)
BYTES_SETTING, VALUES_SETTING = "VRPTOOL_MAX_FILE_BYTES", "VRPTOOL_MAX_VALUES"
#: The loader's limit on nesting (vrptool.loader reads it).
DEPTH_SETTING = "VRPTOOL_MAX_DEPTH"
#: Every setting that can change what vrptool makes of the data (the cache's key holds them):
#: here, not in the loader, so that a run on unchanged data never imports the YAML parser.
LIMIT_SETTINGS = (BYTES_SETTING, VALUES_SETTING, DEPTH_SETTING)


def limit(name: str, default: int) -> int:
    """A limit from its environment variable (a whole number of 1 or more), else the default."""
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


def kind_of(path: Path | None) -> Kind:
    """The kind of data file a path is, by where it stands: groups/, returns/, meetings/<group>/,
    or one of the single files by name."""
    if path is None or path.suffix != ".yaml":
        return OTHER
    if path.parent.name in ("groups", "returns"):
        return KINDS[path.parent.name]
    if path.parent.parent.name == "meetings":
        return KINDS["meetings"]
    return KINDS.get(path.name, OTHER)


def _named(kind: Kind, setting: str) -> str:
    # A limit the user set holds for every file: the message names no kind.
    return OTHER.name if os.environ.get(setting) else kind.name


def max_file_bytes(path: Path | None = None) -> int:
    """The most bytes a data file at path may hold: VRPTOOL_MAX_FILE_BYTES for every file when it
    is set, else its kind's limit."""
    return limit(BYTES_SETTING, kind_of(path).max_bytes)


def max_values(path: Path | None = None) -> int:
    """The most values a data file at path may hold: VRPTOOL_MAX_VALUES when set, else its kind's."""
    return limit(VALUES_SETTING, kind_of(path).max_values)


def too_large(path: Path | None, size: int | None, max_bytes: int, would: bool = False) -> str:
    """Why a file over its size limit is refused, naming the limit and how to raise it."""
    verb = "would be" if would else "is"
    amount = f"{size:,} bytes, more than the {max_bytes:,}" if size is not None else f"more than the {max_bytes:,} bytes"
    return (f"the file {verb} {amount} {_named(kind_of(path), BYTES_SETTING)} may have "
            f"(the limit is the setting {BYTES_SETTING})")


def too_many_values(path: Path | None, maximum: int) -> str:
    """Why a file of more values than its kind's limit is refused (and read no further)."""
    return (f"the file holds more than the {maximum:,} values {_named(kind_of(path), VALUES_SETTING)} may have; "
            f"the rest is not read (the limit is the setting {VALUES_SETTING})")


class FileRefused(Exception):
    """A file vrptool will not read: `rule` is the finding it makes, `message` says why."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule, self.message = rule, message


class RealPaths:
    """Where files really are, each folder's links resolved once: one pass over a data directory
    resolves 2,000 files in a few folders, and os.path.realpath looks at every folder on the way
    for each. Made afresh for each pass (a link changed later is seen)."""

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}

    def __call__(self, path: Path | str) -> str:
        return os.path.realpath(path) if os.path.islink(path) else self.not_a_link(path)

    def not_a_link(self, path: Path | str) -> str:
        """Where a path that is not itself a link really is (its folders' links resolved)."""
        folder, name = os.path.split(os.fspath(path))
        if not name or name in (".", ".."):
            return os.path.realpath(path)
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = os.path.realpath(folder or ".")
        return os.path.join(real, name)


def inside(path: Path, root: Path, real: RealPaths | None = None) -> bool:
    """True when path, with every link on the way resolved (its folders' too), is below root."""
    resolve = real or os.path.realpath
    target, top = resolve(path), resolve(root)
    return os.path.commonpath([target, top]) == top


def read_checked(path: Path, root: Path | None = None, max_bytes: int | None = None,
                 real: RealPaths | None = None) -> bytes:
    """The bytes of a file, once it is known to be what a data file must be: inside root (when
    given) after resolving every link, a regular file (never a pipe that would block or a device
    that never ends), within the size limit. Every reader of data goes through here.

    Raises FileRefused with the finding's rule and a message in the partnership's words."""
    max_bytes = max_bytes or max_file_bytes(path)
    if root is not None and not inside(path, root, real):
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
            raise FileRefused("yaml-syntax", too_large(path, status.st_size, max_bytes))
        chunks, total = [], 0
        while True:  # never more than the limit, even if the file grows while it is read
            chunk = os.read(descriptor, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise FileRefused("yaml-syntax", too_large(path, None, max_bytes))
        return b"".join(chunks)
    except OSError as error:
        raise FileRefused("yaml-syntax", f"the file cannot be read: {error.strerror or error}") from None
    finally:
        os.close(descriptor)


def identity(path: Path, real: RealPaths | None = None) -> tuple:
    """What a file is, beyond its bytes: its kind, device, inode, size and times, and where it
    really is (a cached result must not outlive a file being replaced by a link)."""
    try:
        status = os.lstat(path)
    except OSError as error:
        return ("missing", error.errno)
    return (stat.S_IFMT(status.st_mode), status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns,
            status.st_ctime_ns,
            real.not_a_link(path) if real is not None and not stat.S_ISLNK(status.st_mode) else os.path.realpath(path))
