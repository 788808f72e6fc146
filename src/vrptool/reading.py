"""Parsing a national data set's files on two cores: a forked helper parses half of them while
this process parses the rest.

Parsing is the largest part of a first run at national scale (2,045 files, 9 MB: 1.7 of 4.7
CPU s), and a fresh CI job has two cores. Where the system forks (Linux) and there is enough to
parse to pay for a helper (`MIN_BYTES`; never the few files of a small partnership), the files
are shared between this process and a child (`HELPER_SHARE` of the bytes to the child). The
child parses its share, as `loader.load_raw` parses a file, and writes what it made of each
(tree, findings, marks) to a temporary file, which this process reads once it has loaded its
own share (parsed, validated, stored). The child does nothing else: it opens no store, prints
nothing and runs no exit handlers. Whatever goes wrong with it (killed, out of memory) leaves
its share to be parsed here, as without a helper.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from vrptool.loader import SourceFile, load_raw

#: Bytes to parse below which a helper costs more than it saves (forking, handing the trees
#: back): a partnership's own data is a few hundred KB; scale 10 of the bench, 1 MB.
MIN_BYTES = 3_000_000
#: The helper's share of the bytes: more than half, since this process validates and stores
#: the files it parsed while the helper parses on.
HELPER_SHARE = 0.58


class Helper:
    """A forked child parsing some of the files while this process loads the rest."""

    def __init__(self, pid: int, out: IO[bytes], paths: frozenset[Path]) -> None:
        self.pid, self._out, self.paths = pid, out, paths

    def parsed(self) -> dict[Path, SourceFile]:
        """The helper's files, parsed, once it has finished; {} if it failed (the caller parses them)."""
        import pickle

        _, status = os.waitpid(self.pid, 0)
        with self._out:
            if os.waitstatus_to_exitcode(status) != 0:
                return {}
            self._out.seek(0)
            try:
                found = pickle.load(self._out)
            except Exception:  # noqa: BLE001 - what was written wrong is parsed here instead
                return {}
        return found if isinstance(found, dict) else {}

    def stop(self) -> None:
        """End the helper (this process is ending, its work unwanted)."""
        import signal

        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self._out.close()


def helping(files: list[tuple[Path, bytes]]) -> Helper | None:
    """A helper parsing its share of the files, or None where one would not pay."""
    if not (sys.platform == "linux" and hasattr(os, "fork")) or sum(len(raw) for _, raw in files) < MIN_BYTES:
        return None
    import tempfile  # here: a small partnership's run never imports it

    theirs, _ = _shares(files)
    out = tempfile.TemporaryFile()
    pid = os.fork()
    if pid == 0:
        _helper(theirs, out)  # never returns
    return Helper(pid, out, frozenset(path for path, _ in theirs))


def _shares(files: list[tuple[Path, bytes]]) -> tuple[list[tuple[Path, bytes]], list[tuple[Path, bytes]]]:
    """The helper's files and this process's, the helper's about HELPER_SHARE of the bytes (the
    largest files first, each to the share furthest below its part)."""
    shares: tuple[list[tuple[Path, bytes]], list[tuple[Path, bytes]]] = ([], [])
    sizes = [0, 0]
    for path, raw in sorted(files, key=lambda file: len(file[1]), reverse=True):
        to = 0 if sizes[0] * (1 - HELPER_SHARE) <= sizes[1] * HELPER_SHARE else 1
        shares[to].append((path, raw))
        sizes[to] += len(raw)
    return shares


def _parse(path: Path, raw: bytes) -> SourceFile:
    return load_raw(raw, SourceFile(path, str(path)))


def _helper(files: list[tuple[Path, bytes]], out: IO[bytes]) -> None:
    """The child: parse its share, write it, and end without running anything of the parent's."""
    import pickle

    code = 1
    try:
        pickle.dump({path: _parse(path, raw) for path, raw in files}, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
        code = 0
    finally:
        os._exit(code)
