"""The incremental store: what vrptool made of each file, and each rule's findings, in one SQLite database.

A run after an edit reads back every unchanged file's tree, loader and schema findings from
here instead of parsing and validating it again, and each rule's findings on the files it has
already judged (`vrptool.incremental`). It sits beside the result cache (`vrptool.cache`), in
the same private folder, and keeps the same promises:

- Keys are digests of everything that changes an entry: vrptool's code and templates, the
  limits, the file's kind, its name as findings print it, and its bytes.
- Every entry is signed with this user's secret (a keyed BLAKE2b): an entry written or edited by
  anyone else is a miss, and so is one that cannot be read. A database that is not one is
  replaced; one that another run holds locked is read and, if still locked, not written.
- One database, not a file per entry: thousands of entries are read in a few queries, and each
  run's writes land in one transaction, whole or not at all, however many runs share it.
- Never synced to disk: a run that crashes loses nothing, and a power cut may lose the last
  runs' entries or damage the database, which then reads as misses and is replaced.

Entries unused for `KEEP_DAYS` are deleted. Deleting the database is always safe.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
import stat
import time
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from vrptool import __version__, cache

NAME = "store.sqlite3"
KEEP_DAYS = 30
#: Seconds to wait for another run's write to finish before going on without writing.
LOCK_WAIT = 2.0
#: The first byte of an entry kept as text rather than JSON: no JSON starts with it, so `get` of
#: a text is a miss, as `get_many(text=True)` of a JSON entry is.
TEXT_MARK = b"\x1e"
#: The first part of a bundle's key (`Store.get_many`).
BUNDLE = "bundle:"
#: Keys per query: SQLite allows 999 bound values in old builds.
CHUNK = 900
_SCHEMA = "CREATE TABLE IF NOT EXISTS entry (key TEXT PRIMARY KEY, body BLOB NOT NULL, mac BLOB NOT NULL, used INTEGER NOT NULL)"
#: Without it, each save's clean-up of old entries reads every row, walking each body's overflow
#: pages to reach `used`: a second on a store of a gigabyte, at every save.
_USED_INDEX = "CREATE INDEX IF NOT EXISTS entry_used ON entry (used)"
_CLEAN_UP = "DELETE FROM entry WHERE used < ?"


def _today() -> int:
    return int(time.time() // 86400)


class Store:
    """Signed entries by key (a file's meta, its tree, a rule's findings): `get` and `get_many`
    return only what this user wrote; `put` is best effort and lands at `save()`, or when the
    command ends (`close_all`)."""

    def __init__(self, connection: sqlite3.Connection, secret: bytes, database: Path | None = None) -> None:
        _OPEN.add(self)
        self._connection = connection
        self._secret = secret
        self._database = database  # None once removed (see _failed)
        self._written = False
        self._stale: list[str] = []  # keys read back whose use date is old
        self._day = _today()

    def _mac(self, key: str, body: bytes) -> bytes:
        # the body hashed where it lies, not copied after the key (a report reads 40 MB of rows)
        mac = hashlib.blake2b(key.encode() + b"\0", key=self._secret, digest_size=32)
        mac.update(body)
        return mac.digest()

    def _checked(self, key: str, body: Any, mac: Any, used: Any, text: bool = False) -> Any:
        if not isinstance(body, bytes) or not isinstance(mac, bytes) or not hmac.compare_digest(mac, self._mac(key, body)):
            return None
        try:
            if text:
                value = body[1:].decode("utf-8") if body.startswith(TEXT_MARK) else None
            else:
                value = json.loads(body)
        except (ValueError, RecursionError):
            return None
        if value is None:
            return None
        if used != self._day:
            self._stale.append(key)
        return value

    def get(self, key: str) -> Any:
        """The value stored at key, or None for none or one that cannot be trusted."""
        try:
            row = self._connection.execute("SELECT body, mac, used FROM entry WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as error:
            self._failed(error)
            return None
        return self._checked(key, *row) if row else None

    def get_many(self, keys: Iterable[str], *, text: bool = False, bundle: str | None = None) -> dict[str, Any]:
        """The trusted values among keys; with `text`, the texts `put_text` kept.

        With `bundle` (a name, e.g. a kind of entry and a data folder), the values are read first
        from one entry holding the values this bundle was last asked for, and the rest one by one;
        the bundle is written again when it did not hold exactly the values asked for. Every key
        names what its value rests on (a digest of it), so a value kept under its key in a bundle
        is the value of that key for good: a bundle never serves a value its key would not.
        One entry of 2,000 values read at national scale, rather than 2,000 entries."""
        if bundle is not None and not text:
            return self._bundled(list(dict.fromkeys(keys)), BUNDLE + hashlib.blake2b(
                bundle.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest())
        return self._get_many(keys, text=text)

    def _bundled(self, wanted: list[str], bundle_key: str) -> dict[str, Any]:
        packed = self.get(bundle_key)
        packed = packed if isinstance(packed, dict) else {}
        found = {key: packed[key] for key in wanted if key in packed}
        rest = [key for key in wanted if key not in found]
        found.update(self._get_many(rest))
        if rest or len(packed) != len(found):
            self.put(bundle_key, found)  # written now: what the caller then does to a value is not kept
        return found

    def _get_many(self, keys: Iterable[str], *, text: bool = False) -> dict[str, Any]:
        wanted = list(dict.fromkeys(keys))
        found: dict[str, Any] = {}
        try:
            for start in range(0, len(wanted), CHUNK):
                chunk = wanted[start:start + CHUNK]
                rows = self._connection.execute(
                    f"SELECT key, body, mac, used FROM entry WHERE key IN ({','.join('?' * len(chunk))})", chunk)
                for key, body, mac, used in rows:
                    value = self._checked(key, body, mac, used, text)
                    if value is not None:
                        found[key] = value
        except sqlite3.Error as error:
            self._failed(error)
            return found
        return found

    def put(self, key: str, value: Any) -> None:
        try:
            self._insert(key, json.dumps(value, separators=(",", ":")).encode("utf-8"))
        except (ValueError, TypeError, RecursionError):
            pass

    def put_text(self, key: str, text: str) -> None:
        """Keep a text as it is (read back by get_many(text=True) without decoding: a report's
        rows are 40 MB of JSON text at national scale)."""
        try:
            self._insert(key, TEXT_MARK + text.encode("utf-8"))
        except UnicodeEncodeError:  # a lone surrogate: not kept
            pass

    def _insert(self, key: str, body: bytes) -> None:
        try:
            self._connection.execute("INSERT OR REPLACE INTO entry VALUES (?, ?, ?, ?)",
                                     (key, body, self._mac(key, body), self._day))
            self._written = True
        except sqlite3.Error as error:
            self._failed(error)

    def save(self) -> None:
        """Write this run's entries in one transaction, note the entries used today, drop old ones.
        The store can still be read afterwards (a tree fetched late)."""
        try:
            if self._stale:
                self._connection.executemany("UPDATE entry SET used = ? WHERE key = ?",
                                             ((self._day, key) for key in self._stale))
            if self._written or self._stale:
                self._connection.execute(_CLEAN_UP, (self._day - KEEP_DAYS,))
            self._connection.commit()
        except sqlite3.Error as error:  # locked by another run for longer than the timeout: keep nothing
            self._failed(error)
            try:
                self._connection.rollback()
            except sqlite3.Error:
                pass
        self._stale, self._written = [], False

    def _failed(self, error: sqlite3.Error) -> None:
        """A damaged database (a power cut while unsynced) is removed at once: this run reads on
        as misses from the file it has open, and the next starts a new one."""
        damaged = getattr(error, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
        if damaged and self._database is not None:
            _remove(self._database)
            self._database = None

    def close(self) -> None:
        self.save()
        self._connection.close()


#: The stores this process has open. What a command stores after its checks (the positions of
#: what `trace` shows) would otherwise stay uncommitted, lost at exit, and hold the lock that
#: every other run waits for.
_OPEN: weakref.WeakSet[Store] = weakref.WeakSet()


def close_all() -> None:
    """Land every open store's writes and close it: at the end of each command."""
    for store in list(_OPEN):
        _OPEN.discard(store)
        store.close()


def path(data_dir: Path | None) -> Path | None:
    """Where the database is, or None when there is no cache to trust."""
    folder = cache.usable_directory(data_dir)
    return folder / __version__ / NAME if folder is not None else None


def open_store(data_dir: Path | None, use_cache: bool = True) -> Store | None:
    """The store, or None when the cache is off or cannot be trusted (then every file is read afresh)."""
    if not (use_cache and cache.enabled()):
        return None
    folder = cache.usable_directory(data_dir)
    if folder is None:
        return None
    secret = cache.secret(folder)
    if secret is None:
        return None
    database = folder / __version__ / NAME
    for attempt in range(2):
        try:
            database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            _refuse_anything_but_a_file(database)
            if not database.exists():
                database.touch(mode=0o600)  # private, as the cache folder is
            connection = sqlite3.connect(database, timeout=LOCK_WAIT, isolation_level="DEFERRED")
            # No syncing to disk, set first so that not even the switch to WAL waits for one: a
            # fresh store's first run synced 8 times, ~25 ms, and each run after an edit 4. A run
            # that crashes loses nothing (its writes are the system's); a power cut may lose or
            # damage the store, and a damaged one reads as misses and is replaced (Store._failed).
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(_SCHEMA)
            connection.execute(_USED_INDEX)
            connection.commit()
            return Store(connection, secret, database)
        except sqlite3.DatabaseError:
            if attempt == 0:  # not a database (damaged, or something else): start a new one
                _remove(database)
        except (sqlite3.Error, OSError):
            return None
    return None


def _refuse_anything_but_a_file(database: Path) -> None:
    try:
        status = os.lstat(database)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(status.st_mode):
        raise sqlite3.DatabaseError("not a regular file")


def _remove(database: Path) -> None:
    for name in (database, database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")):
        try:
            if os.path.isdir(name) and not os.path.islink(name):
                os.rmdir(name)
            else:
                os.unlink(name)
        except OSError:
            pass
