"""vrptool fmt: one canonical layout for every data file, comments and quoting kept."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from ruamel.yaml.error import YAMLError

from vrptool.edit import DataLock, EditRefused, dump, encoded, read_text, round_trip
from vrptool.exitcodes import EXIT_OK, EXIT_REFUSED
from vrptool.files import write_atomic
from vrptool.layout import data_files
from vrptool.terminal import words


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
    paths = data_files(data_dir)
    for path in paths:
        try:
            text, line_ending = read_text(path)
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
                write_atomic(path, encoded(formatted, line_ending))
                out.write(f"formatted {path}\n")
    checked = f"{words(len(paths), 'file')} in {data_dir}"
    if check and changed:
        err.write(f"vrptool: {len(changed)} of {checked} would be reformatted; run vrptool fmt\n")
    elif changed:
        out.write(f"formatted {len(changed)} of {checked}\n")
    elif not broken:
        out.write(f"checked {checked}: all in the canonical layout\n")
    return EXIT_REFUSED if broken or (check and changed) else EXIT_OK
