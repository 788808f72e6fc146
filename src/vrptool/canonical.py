"""Which data files are already in the canonical layout, remembered in the store by their bytes.

`vrptool fmt --check` runs on every commit that touches the data (the pre-commit hook) and lays
each file out with ruamel.yaml's round trip, which is pure Python and the slowest thing vrptool
does to a file: about half a second for the bundled data, two minutes at national scale. Whether
a file is in the canonical layout depends only on its text, vrptool's code (the round trip's
settings) and ruamel.yaml's version, so that verdict is kept in the store (`vrptool.store`,
signed, never an input) under a digest of all three: a file unchanged since it was found in the
layout is not laid out again. Only "in the layout" is kept: a file that is not is laid out on
every run, to say or to write what would change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from vrptool import cache
from vrptool.store import Store, open_store


class LayoutMemo:
    """The files found in the canonical layout before, by their text; empty without a store."""

    def __init__(self, data_dir: Path) -> None:
        self._store: Store | None = open_store(data_dir)
        self._salt = b""
        if self._store is not None:
            from ruamel.yaml import __version__ as ruamel_version

            self._salt = f"canonical layout\0{cache.code_fingerprint(data_dir)}\0{ruamel_version}\0".encode()

    def key(self, text: str, line_ending: str) -> str:
        digest = hashlib.blake2b(self._salt, digest_size=20)
        digest.update(line_ending.encode())
        digest.update(b"\0")
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def known(self, keys: Iterable[str]) -> set[str]:
        """The keys among these of texts found in the layout before."""
        if self._store is None:
            return set()
        return {key for key, value in self._store.get_many(keys).items() if value is True}

    def remember(self, key: str) -> None:
        if self._store is not None:
            self._store.put(key, True)

    def save(self) -> None:
        if self._store is not None:
            self._store.save()
