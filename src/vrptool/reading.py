"""Parsing a national data set's files on two cores: a forked helper parses half of them while
this process parses the rest.

Parsing is the largest part of a first run at national scale (2,045 files, 9 MB: 1.7 of 4.7
CPU s), and a fresh CI job has two cores. Where the system forks (Linux) and there is enough to
parse to pay for a helper (`MIN_BYTES`; never the few files of a small partnership), the files
are split into two halves of about equal size. A child process parses one half, as
`loader.load_raw` parses a file, and writes what it made of each (tree, findings, marks) to a
temporary file, which this process reads once its own half is parsed. The child does nothing
else: it opens no store, prints nothing and runs no exit handlers. Whatever goes wrong with it
(killed, out of memory) leaves its half to be parsed here, as without a helper.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from vrptool.loader import SourceFile, load_raw

#: Bytes to parse below which a helper costs more than it saves (forking, handing the trees
#: back): a partnership's own data is a few hundred KB; scale 10 of the bench, 2 MB.
MIN_BYTES = 3_000_000


def parsed(files: list[tuple[Path, bytes]]) -> dict[Path, SourceFile]:
    """Each file parsed, by path, half of them by a helper; {} where a helper would not pay (the
    caller parses them one by one, as it would anyway)."""
    if not (sys.platform == "linux" and hasattr(os, "fork")) or sum(len(raw) for _, raw in files) < MIN_BYTES:
        return {}
    import pickle  # here: a small partnership's run never imports them
    import signal
    import tempfile

    theirs, ours = _halves(files)
    with tempfile.TemporaryFile() as out:
        pid = os.fork()
        if pid == 0:
            _helper(theirs, out)  # never returns
        try:
            found = {path: _parse(path, raw) for path, raw in ours}
        except BaseException:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) == 0:
            out.seek(0)
            try:
                found.update(pickle.load(out))
            except Exception:  # noqa: BLE001 - a half written wrong is parsed here instead
                pass
    return found


def _halves(files: list[tuple[Path, bytes]]) -> tuple[list[tuple[Path, bytes]], list[tuple[Path, bytes]]]:
    """Two halves of about equal bytes (the largest files first, each to the smaller half)."""
    halves: tuple[list[tuple[Path, bytes]], list[tuple[Path, bytes]]] = ([], [])
    sizes = [0, 0]
    for path, raw in sorted(files, key=lambda file: len(file[1]), reverse=True):
        smaller = 0 if sizes[0] <= sizes[1] else 1
        halves[smaller].append((path, raw))
        sizes[smaller] += len(raw)
    return halves


def _parse(path: Path, raw: bytes) -> SourceFile:
    return load_raw(raw, SourceFile(path, str(path)))


def _helper(files: list[tuple[Path, bytes]], out: IO[bytes]) -> None:
    """The child: parse its half, write it, and end without running anything of the parent's."""
    import pickle

    code = 1
    try:
        pickle.dump({path: _parse(path, raw) for path, raw in files}, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
        code = 0
    finally:
        os._exit(code)
