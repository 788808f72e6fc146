"""vrptool validate: every finding in the data directory, in one run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

from vrptool import checks
from vrptool.exitcodes import EXIT_OK, EXIT_REFUSED
from vrptool.findings import Severity
from vrptool.formatters import REPORTERS, Summary


def validate(data_dir: Path, *, output_format: str = "text", strict: bool = False,
             today: dt.date | None = None, use_cache: bool = True, out: TextIO) -> int:
    checked = checks.check(data_dir, today or dt.date.today(), use_cache=use_cache)
    summary = Summary.of(checked.findings, checked.files)
    out.write(REPORTERS[output_format]().render(checked.findings, summary))
    failed = summary.errors > 0 or (strict and any(f.severity is Severity.WARNING for f in checked.findings))
    return EXIT_REFUSED if failed else EXIT_OK
