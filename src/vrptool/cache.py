"""A cache of validation results and parsed files, so that checking unchanged data costs almost nothing.

The cache is never an input: what it holds must be what vrptool itself would compute, or it is
not used.

- It lives in the user's cache directory (`$XDG_CACHE_HOME/vrptool`, `~/.cache/vrptool`,
  `~/Library/Caches/vrptool` on macOS, `%LOCALAPPDATA%\\vrptool\\Cache` on Windows; or
  `$VRPTOOL_CACHE_DIR`), never in the working tree: a cache folder inside the data directory or
  inside the git working tree that holds it is ignored, so a cache committed to a repository
  is never read.
- Every entry is signed with a secret that only this user can read (created on first use with
  owner-only permissions): an entry written by anyone else, or edited by hand, is a miss.
- The key covers everything that changes the result: vrptool's code, the limits, the date,
  and for each file its place, its kind, what it is on disk (kind, device, inode, size, times,
  where a link leads) and its bytes. Any entry that cannot be read or trusted is a miss.

`Store` keeps whole results, one signed file each: the run where nothing changed reads one small
file and imports no model. What each file and rule gave is kept in `vrptool.store`, for the run
after an edit. VRPTOOL_NO_CACHE=1 or --no-cache turns the cache off; deleting it is always safe.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import stat
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vrptool import __version__
from vrptool.files import LIMIT_SETTINGS, FileRefused, RealPaths, identity, read_checked
from vrptool.findings import Finding
from vrptool.layout import JOURNAL, SINGLE_FILES, data_files, unread_entries

KEEP = 64  # results kept; older ones are removed
SECRET_NAME = "secret"
MAX_ENTRY_BYTES = 256 * 1024 * 1024  # an entry larger than this was not written by vrptool


def enabled() -> bool:
    return os.environ.get("VRPTOOL_NO_CACHE", "").strip().lower() not in ("1", "true", "yes")


def directory() -> Path:
    """The cache folder by the platform's convention ($VRPTOOL_CACHE_DIR overrides it)."""
    explicit = os.environ.get("VRPTOOL_CACHE_DIR")
    if explicit:
        return Path(explicit).absolute()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "vrptool" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "vrptool"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache") / "vrptool"


def working_tree(data_dir: Path) -> Path | None:
    """The git working tree that holds the data directory, if any (the nearest folder with .git)."""
    folder = Path(os.path.realpath(data_dir))
    for candidate in (folder, *folder.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return None


def _within(path: Path, top: Path) -> bool:
    path_, top_ = os.path.realpath(path), os.path.realpath(top)
    return os.path.commonpath([path_, top_]) == top_


def usable_directory(data_dir: Path | None) -> Path | None:
    """The cache folder, or None when it stands where the repository could have put it."""
    folder = directory()
    if data_dir is not None:
        tree = working_tree(data_dir)
        if _within(folder, data_dir) or (tree is not None and _within(folder, tree)):
            return None
    return folder


def secret(folder: Path) -> bytes | None:
    """This user's secret, created with owner-only permissions on first use; None when the folder
    or the secret could have been written by anyone else."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _owned_and_private(os.lstat(folder), directory=True):
            return None
        path = folder / SECRET_NAME
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(os.urandom(32))  # secrets.token_bytes(32)
                stream.flush()
                os.fsync(stream.fileno())
        if not _owned_and_private(os.lstat(path), directory=False):
            return None
        value = read_checked(path, max_bytes=64)
        return value if len(value) == 32 else None
    except (OSError, FileRefused):
        return None


def _owned_and_private(status: os.stat_result, directory: bool) -> bool:
    if directory and not stat.S_ISDIR(status.st_mode):
        return False
    if not directory and not stat.S_ISREG(status.st_mode):
        return False
    if not hasattr(os, "getuid"):  # Windows: the user's own profile folder is private already
        return True
    # Others may read a folder (a shared home), but only the owner may write it or read the secret.
    forbidden = 0o022 if directory else 0o077
    return status.st_uid == os.getuid() and not status.st_mode & forbidden


class Store:
    """Signed JSON entries of one kind, one file each: `get` returns None for anything it cannot trust."""

    def __init__(self, folder: Path, secret: bytes, kind: str) -> None:
        self.folder = folder
        self.kind = kind
        self._secret = secret
        self.used: set[str] = set()

    def _signature(self, key: str, body: bytes) -> str:
        return hmac.new(self._secret, f"{self.kind}\0{key}\0".encode() + body, hashlib.sha256).hexdigest()

    def get(self, key: str) -> Any:
        try:
            raw = read_checked(self.folder / f"{key}.json", max_bytes=MAX_ENTRY_BYTES)
            signature, _, body = raw.partition(b"\n")
            if not hmac.compare_digest(signature, self._signature(key, body).encode()):
                return None
            value = json.loads(body)
        except (FileRefused, OSError, ValueError, RecursionError):
            return None
        self.used.add(key)
        return value

    def put(self, key: str, value: Any) -> None:
        """Best effort: a cache that cannot be written is no cache, never an error."""
        self.used.add(key)
        try:
            body = json.dumps(value, separators=(",", ":")).encode("utf-8")
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            temporary = self.folder / f".{key[:16]}.{os.getpid()}.tmp"
            temporary.write_bytes(self._signature(key, body).encode() + b"\n" + body)
            os.replace(temporary, self.folder / f"{key}.json")
        except (OSError, ValueError, TypeError, RecursionError):
            pass

    def keep_newest(self, count: int) -> None:
        try:
            entries = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
            for old in entries[:-count]:
                old.unlink(missing_ok=True)
        except OSError:
            pass

    def prune(self) -> None:
        """Drop entries not used in this run, once they outnumber the live ones."""
        try:
            entries = list(self.folder.glob("*.json"))
            if len(entries) > 2 * len(self.used) + 100:
                for entry in entries:
                    if entry.stem not in self.used:
                        entry.unlink(missing_ok=True)
        except OSError:
            pass


def open_store(kind: str, data_dir: Path | None, use_cache: bool = True) -> Store | None:
    """The store of one kind of entry, or None when there is no cache to trust."""
    if not (use_cache and enabled()):
        return None
    folder = usable_directory(data_dir)
    if folder is None:
        return None
    key = secret(folder)
    if key is None:
        return None
    return Store(folder / __version__ / kind, key, kind)


def code_fingerprint(data_dir: Path | None = None) -> str:
    """A digest of vrptool's version, Python's, and the bytes of every module and template of the
    installed package: editing a rule's message or a template is a new key (an editable install
    changes without a release).

    The bytes are hashed again only when a file's identity on disk (its place, device, inode,
    size and times) is not one a signed memo in the cache folder has seen (`data_dir` as for
    `usable_directory`): a run then reads no module or template at all."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        from vrptool.installed import code_files

        files = code_files()
        memo_key, settled = _code_identity(files)
        memo = open_store("code", data_dir) if memo_key is not None else None
        known = memo.get(memo_key) if memo is not None and memo_key is not None else None
        if isinstance(known, str) and len(known) == 40:
            _FINGERPRINT = known
        else:
            _FINGERPRINT = _code_digest(files)
            if memo is not None and memo_key is not None and settled:
                memo.put(memo_key, _FINGERPRINT)
                memo.keep_newest(KEEP)
    return _FINGERPRINT


_FINGERPRINT: str | None = None
#: A file changed less than this long ago may change again within the file system's clock tick,
#: its times unchanged: its identity is not memoised (git's "racily clean" entries, likewise).
SETTLED_NS = 2_000_000_000


def _code_identity(files: list[tuple[str, Path]]) -> tuple[str | None, bool]:
    """The memo's key for these files as they are on disk (None when one cannot be looked at),
    and whether every one of them has stood unchanged long enough to memoise."""
    digest = hashlib.blake2b(f"vrptool {__version__}\0{sys.version}\0".encode(), digest_size=20)
    newest = 0
    for name, path in files:
        try:
            status = os.stat(path)
        except OSError:
            return None, False
        newest = max(newest, status.st_mtime_ns, status.st_ctime_ns)
        digest.update(f"{name}\0{path}\0{status.st_dev}\0{status.st_ino}\0{status.st_size}\0"
                      f"{status.st_mtime_ns}\0{status.st_ctime_ns}\0".encode())
    return digest.hexdigest(), newest < time.time_ns() - SETTLED_NS


def _code_digest(files: list[tuple[str, Path]]) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"vrptool {__version__}\0{sys.version}\0".encode())
    for name, path in files:
        try:
            content = path.read_bytes()
        except OSError:
            continue
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def settings() -> str:
    """The settings that change what vrptool makes of a file, as set in the environment."""
    return "\0".join(f"{name}={os.environ.get(name, '')}" for name in LIMIT_SETTINGS)


def kind_of(path: Path, root: Path) -> str:
    """Which model reads a data file, from where it stands."""
    parts = path.parts[len(root.parts):]  # as path.relative_to(root) has them, for a path below root
    if path.parts[:len(root.parts)] != root.parts:
        parts = path.relative_to(root).parts  # raises, as it always did
    if len(parts) == 1 and parts[0] in SINGLE_FILES:
        return parts[0].removesuffix(".yaml")
    return {"groups": "group", "returns": "returns", "meetings": "meeting"}.get(parts[0], "?")


def read_data(data_dir: Path) -> dict[Path, bytes | FileRefused]:
    """The bytes of every data file, read once for the key and the checks alike (or why not)."""
    contents: dict[Path, bytes | FileRefused] = {}
    real = RealPaths()
    for path in data_files(data_dir):
        try:
            contents[path] = read_checked(path, data_dir, real=real)
        except FileRefused as refused:
            contents[path] = refused
    return contents


def content_digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=20).hexdigest()


class NotRead:
    """Stands in `Read.contents` for a file known by its identity on disk (see `read_known`):
    its bytes are those its digest was made of, and are read only if a command asks for them."""

    def __repr__(self) -> str:
        return "NOT_READ"


NOT_READ = NotRead()


class FileChanged(Exception):
    """A data file changed while vrptool was checking it: its bytes, read late, are not those the
    run was keyed by (a user error, said in one line: run the command again)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} changed while vrptool was reading the data; run the command again")


@dataclass
class Read:
    """The data files as one run reads them: each file's bytes (or why not, or NOT_READ), the
    digest of each file's bytes, and what each file is on disk (`files.identity`)."""

    contents: dict[Path, bytes | FileRefused | NotRead]
    digests: dict[Path, str]
    identities: dict[Path, tuple]


#: The clock a file's times are compared with (the tests move it on).
_now = time.time_ns


def read_known(data_dir: Path) -> Read:
    """Every data file's bytes, as `read_data` reads them, except those a signed manifest in the
    cache folder knows: a file whose identity on disk (kind, device, inode, size, modification
    and change times in ns, where it really is) is the one the manifest noted beside its bytes'
    digest is not read, its digest taken from there (a national data set is 2,045 files, 18 MB).

    Safe as git's index is: a file is noted only once it has stood unchanged for `SETTLED_NS`
    before this run began, its times older than that. Any later write sets its change time
    (which no user can set back) to a time after that, so a file rewritten with the same size and
    modification time, within the file system's clock tick or not, is never the one noted. A
    link is never noted (its target can change under it). The manifest is keyed by vrptool's code,
    the limits and the data directory, and signed: one written by anyone else is a miss."""
    started = _now()
    settled_before = started - SETTLED_NS
    real = RealPaths()
    paths = data_files(data_dir)
    identities = {path: identity(path, real) for path in paths}
    manifests = open_store("manifest", data_dir)
    manifest_key = _manifest_key(data_dir) if manifests is not None else None
    known = _manifest(manifests.get(manifest_key)) if manifests is not None and manifest_key is not None else {}
    contents: dict[Path, bytes | FileRefused | NotRead] = {}
    digests: dict[Path, str] = {}
    noted: dict[str, list] = {}
    for path in paths:
        name, now = str(path), identities[path]
        settled = now[0] == stat.S_IFREG and max(now[4], now[5]) < settled_before
        entry = known.get(name)
        if settled and entry is not None and entry[:-1] == list(now):
            contents[path], digests[path], noted[name] = NOT_READ, entry[-1], entry
            continue
        try:
            content = contents[path] = read_checked(path, data_dir, real=real)
        except FileRefused as refused:
            contents[path] = refused
            continue
        digests[path] = content_digest(content)
        if settled:
            noted[name] = [*now, digests[path]]
    if manifests is not None and manifest_key is not None and noted != known:
        manifests.put(manifest_key, {"files": noted})
        manifests.keep_newest(KEEP)
    return Read(contents, digests, identities)


def _manifest_key(data_dir: Path) -> str:
    digest = hashlib.blake2b(f"{code_fingerprint(data_dir)}\0{settings()}\0{data_dir}\0"
                             f"{os.path.realpath(data_dir)}\0".encode(), digest_size=20)
    return digest.hexdigest()


def _manifest(value: Any) -> dict[str, list]:
    """The manifest's entries (file name: its identity and its bytes' digest), or none when it is
    not as `read_known` writes it."""
    files = value.get("files") if isinstance(value, dict) else None
    if not isinstance(files, dict):
        return {}
    return {name: entry for name, entry in files.items()
            if isinstance(entry, list) and len(entry) == 8 and isinstance(entry[-1], str)}


def key(data_dir: Path, today: dt.date, contents: dict[Path, bytes | FileRefused | NotRead] | None = None,
        digests: dict[Path, str] | None = None, unread: list[Path] | None = None,
        identities: dict[Path, tuple] | None = None) -> str | None:
    """The key of this data as it is now (`contents` as read_data or read_known give them,
    `digests` of them where known, which a file NOT_READ must have; `identities` of the files
    where known); None when a file is not one vrptool reads (no caching then: the checks say
    what is wrong with it)."""
    if contents is None:
        contents = dict(read_data(data_dir))
    digests = digests or {}
    identities = identities or {}
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{code_fingerprint(data_dir)}\0{settings()}\0{today.isoformat()}\0{data_dir}\0"
                  f"{os.path.realpath(data_dir)}\0".encode())
    digest.update(repr(identity(data_dir / JOURNAL)).encode())  # an interrupted edit is a finding
    digest.update(repr(unread_entries(data_dir) if unread is None else unread).encode())  # so is a file vrptool does not read
    real = RealPaths()
    for path, content in contents.items():
        if isinstance(content, FileRefused):
            return None
        found = identities.get(path) or identity(path, real)
        digest.update(f"\0{path}\0{kind_of(path, data_dir)}\0{found!r}\0".encode())
        known = digests.get(path)
        if known is None:
            if not isinstance(content, bytes):
                return None
            known = content_digest(content)
        digest.update(known.encode())
    return digest.hexdigest()


def load(cache_key: str, data_dir: Path | None = None) -> tuple[list[Finding], int] | None:
    store = open_store("results", data_dir)
    document = store.get(cache_key) if store else None
    if document is None:
        return None
    try:
        findings = [Finding.from_dict(f) for f in document["findings"]]
        return findings, int(document["files"])
    except (ValueError, KeyError, TypeError):
        return None  # no entry, or one we cannot read: validate afresh


def store(cache_key: str, findings: list[Finding], files: int, data_dir: Path | None = None) -> None:
    results = open_store("results", data_dir)
    if results is not None:
        results.put(cache_key, {"findings": [f.as_dict() for f in findings], "files": files})
        results.keep_newest(KEEP)
