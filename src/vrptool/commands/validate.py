"""vrptool validate: every finding in the data directory, in one run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

from vrptool import checks
from vrptool.exitcodes import EXIT_OK, EXIT_REFUSED
from vrptool.findings import Severity
from vrptool.formatters import reporter as reporter_for
from vrptool.formatters.base import Summary
from vrptool.formatters.text import TextReporter
from vrptool.terminal import Lines, colour


def validate(data_dir: Path, *, output_format: str = "text", strict: bool = False,
             today: dt.date | None = None, use_cache: bool = True, out: TextIO) -> int:
    # Only the findings are needed: the checks read records, and no model is defined.
    checked = checks.check(data_dir, today or dt.date.today(), use_cache=use_cache, records=True)
    summary = Summary.of(checked.findings, checked.files)
    reporter = reporter_for(output_format)
    if isinstance(reporter, TextReporter) and colour(out):
        lines = Lines(out)
        for line in reporter.segments(checked.findings, summary):
            lines.write(*line)
    else:
        out.write(reporter.render(checked.findings, summary))
    failed = summary.errors > 0 or (strict and any(f.severity is Severity.WARNING for f in checked.findings))
    return EXIT_REFUSED if failed else EXIT_OK
