"""vrptool fmt: one canonical layout for every data file, comments and quoting kept."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from ruamel.yaml.error import YAMLError

from vrptool.edit import DataLock, EditRefused, dump, round_trip
from vrptool.exitcodes import EXIT_OK, EXIT_REFUSED
from vrptool.files import write_atomic
from vrptool.layout import data_files


def fmt(data_dir: Path, *, check: bool = False, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if check:
        return _fmt(data_dir, check, out, err)
    try:
        # Held like an edit's: a file reformatted while an edit writes it would lose the edit.
        with DataLock(data_dir):
            return _fmt(data_dir, check, out, err)
    except EditRefused as refused:
        err.write(f"vrptool: {refused}\n")
        return EXIT_REFUSED


def _fmt(data_dir: Path, check: bool, out: TextIO, err: TextIO) -> int:
    changed, broken = [], []
    for path in data_files(data_dir):
        try:
            text = path.read_text("utf-8")
            formatted = dump(round_trip().load(text))
        except (OSError, UnicodeDecodeError, YAMLError) as error:
            broken.append(path)
            err.write(f"vrptool: cannot format {path}: {str(error).splitlines()[0] if str(error) else error}; "
                      "run vrptool validate\n")
            continue
        if formatted != text:
            changed.append(path)
            if check:
                out.write(f"{path}: not in the canonical layout\n")
            else:
                write_atomic(path, formatted.encode("utf-8"))
                out.write(f"formatted {path}\n")
    if check and changed:
        err.write(f"vrptool: {len(changed)} file(s) would be reformatted; run vrptool fmt\n")
    return EXIT_REFUSED if broken or (check and changed) else EXIT_OK
