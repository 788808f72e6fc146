"""vrptool fmt: one canonical layout for every data file, comments and quoting kept.

Only data that validates is formatted, and a file is formatted only if vrptool reads the same
values from it afterwards: ruamel.yaml reads `+0x1A` as 26 and `1_0.5` as 10.5 where vrptool
reads text, so formatting such a file would change what it says. The files are written together
(vrptool.journal), as an edit's are. A file found in the layout before, its bytes unchanged, is
not laid out again (vrptool.canonical).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, TextIO

from vrptool.canonical import LayoutMemo
from vrptool.commands.common import streams
from vrptool.edit import DataLock, EditRefused, dump, encoded, read_document, read_text
from vrptool.exitcodes import EXIT_OK, EXIT_REFUSED
from vrptool.files import FileRefused
from vrptool.layout import data_files
from vrptool.terminal import words


def fmt(data_dir: Path, *, check: bool = False, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = streams(out, err)
    try:
        if check:
            return _fmt(data_dir, check, out, err)
        # Held like an edit's: a file reformatted while an edit writes it would lose the edit.
        with DataLock(data_dir):
            return _fmt(data_dir, check, out, err)
    except EditRefused as refused:
        err.write(f"vrptool: {refused}\n")
        return EXIT_REFUSED


def _fmt(data_dir: Path, check: bool, out: TextIO, err: TextIO) -> int:
    from vrptool.checks import check as check_data
    from vrptool.commands.common import refused_for_errors

    errors = check_data(data_dir, dt.date.today()).errors
    if refused_for_errors(errors, data_dir, err, "fix them before formatting; nothing was formatted"):
        return EXIT_REFUSED
    changed: dict[Path, bytes] = {}
    altered = []
    paths = data_files(data_dir)
    memo = LayoutMemo(data_dir)
    keys = _layout_keys(paths, data_dir, memo)
    known = memo.known(keys.values())
    for path in paths:
        if keys.get(path) in known:
            continue
        document, text, line_ending = read_document(path, data_dir)
        formatted = dump(document)
        if formatted == text:
            memo.remember(memo.key(text, line_ending))
            continue
        difference = _first_difference(_values(path, text), _values(path, formatted))
        if difference is not None:
            altered.append(path)
            err.write(f"vrptool: {path}: formatting would change what it says at {difference}; "
                      "quote the value so that it reads as written, then run vrptool fmt again\n")
            continue
        changed[path] = encoded(formatted, line_ending)
        if check:
            out.write(f"{path}: not in the canonical layout\n")
    memo.save()
    if altered:
        err.write(f"vrptool: {words(len(altered), 'file')} cannot be formatted without changing a value; "
                  "nothing was formatted\n")
        return EXIT_REFUSED
    checked = f"{words(len(paths), 'file')} in {data_dir}"
    if check and changed:
        err.write(f"vrptool: {len(changed)} of {checked} would be reformatted; run vrptool fmt\n")
        return EXIT_REFUSED
    if changed:
        from vrptool.journal import commit

        try:
            commit(data_dir, changed)
        except OSError as error:
            err.write(f"vrptool: cannot write {error.filename or data_dir}: {error.strerror or error}; "
                      "nothing was formatted\n")
            return EXIT_REFUSED
        for path in changed:
            out.write(f"formatted {path}\n")
        out.write(f"formatted {len(changed)} of {checked}\n")
    else:
        out.write(f"checked {checked}: all in the canonical layout\n")
    return EXIT_OK


def _layout_keys(paths: list[Path], data_dir: Path, memo: LayoutMemo) -> dict[Path, str]:
    """Each readable file's key among the files found in the layout before. A file that cannot be
    read here has none: read_document refuses it in the partnership's words."""
    keys = {}
    for path in paths:
        try:
            keys[path] = memo.key(*read_text(path, data_dir))
        except (FileRefused, UnicodeDecodeError, OSError):
            pass
    return keys


def _values(path: Path, text: str) -> Any:
    """What vrptool reads from a file's text."""
    from vrptool.loader import load_file

    return load_file(path, text=text).tree


def _first_difference(before: Any, after: Any, at: tuple = ()) -> str | None:
    """Where two trees first differ ('values[3].value: '+0x1A' becomes 26'), or None."""
    pending = [(before, after, at)]
    while pending:
        old, new, where = pending.pop(0)
        if type(old) is not type(new) or (not isinstance(old, (dict, list)) and old != new):
            place = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(where))
            return f"{place or 'the top'} ({old!r} would become {new!r})"
        if isinstance(old, dict):
            if list(old) != list(new):
                return f"{'.'.join(map(str, where)) or 'the top'} (its keys would change)"
            pending.extend((old[key], new[key], where + (key,)) for key in old)
        elif isinstance(old, list):
            if len(old) != len(new):
                return f"{'.'.join(map(str, where)) or 'the top'} (its length would change)"
            pending.extend((o, n, where + (i,)) for i, (o, n) in enumerate(zip(old, new)))
    return None
