"""What the commands share: where they write, and how a refusal for data errors and the outcome of an
edit are told."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from vrptool import quarters
from vrptool.exitcodes import EXIT_OK, EXIT_REFUSED
from vrptool.findings import Finding
from vrptool.formatters.base import error_lines
from vrptool.terminal import words

if TYPE_CHECKING:
    from vrptool.edit import DataEdit, EditOutcome


def streams(out: TextIO | None, err: TextIO | None) -> tuple[TextIO, TextIO]:
    """Where a command writes: the streams it was given, else the process's own (looked up at
    each call, so that a test capturing them sees the output)."""
    return out or sys.stdout, err or sys.stderr


def mistyped_quarter(text: str, err: TextIO) -> bool:
    """Refuse a --quarter that is no quarter under any financial year, before any data is read."""
    try:
        quarters.check_form(text)
    except quarters.QuarterError as error:
        err.write(f"vrptool: --quarter: {error}\n")
        return True
    return False


def write_errors(err: TextIO, headline: str, errors: list[Finding], data_dir: Path | None = None,
                 shown: int = 5) -> None:
    """Why a command refused: the headline, the first errors, and where to see them all."""
    err.write(f"vrptool: {headline}. The first:\n" if len(errors) > shown else f"vrptool: {headline}:\n")
    if errors:
        err.write(error_lines(errors[:shown]) + "\n")
    if len(errors) > shown and data_dir is not None:
        err.write(f"Run `vrptool validate --data {data_dir}` for all of them.\n")


def refused_for_errors(errors: list[Finding], data_dir: Path, err: TextIO, outcome: str) -> bool:
    """True (having said why) when the data has errors, so a command must not go on."""
    if errors:
        write_errors(err, f"the data has {words(len(errors), 'error')}; {outcome}", errors, data_dir)
    return bool(errors)


def report_edit(outcome: EditOutcome, data_dir: Path, out: TextIO, err: TextIO) -> int:
    """Say what an edit did (or why it did nothing) and return the command's exit status."""
    if outcome.existing_errors:
        write_errors(err, f"the data already has {words(len(outcome.existing_errors), 'error')}; fix them first, "
                          "nothing was changed", outcome.existing_errors, data_dir, shown=10)
        return EXIT_REFUSED
    if outcome.new_errors:
        write_errors(err, "the edit would make the data invalid; nothing was changed", outcome.new_errors, shown=10)
        return EXIT_REFUSED
    if not outcome.changed:
        out.write("nothing to change: the data already says so\n")
    for path in outcome.changed:
        out.write(f"{'created' if path in outcome.created else 'changed'} {path}\n")
    return EXIT_OK


def apply_and_say(edit: DataEdit, out: TextIO, err: TextIO, lines: list[str]) -> int:
    """Apply the edit; say what was entered (`lines`) only once it is written."""
    written = io.StringIO()
    code = report_edit(edit.apply(), edit.data_dir, written, err)
    if code == EXIT_OK:
        out.writelines(lines)
    out.write(written.getvalue())
    return code
