"""vrptool validate: every finding in the data directory, in one run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

from vrptool.dataset import DataSet, load_dataset
from vrptool.findings import Finding, Severity
from vrptool.formatters import REPORTERS, Summary
from vrptool.rules import CHECKS, Context

EXIT_OK, EXIT_FINDINGS = 0, 1


def check_data(data_dir: Path, today: dt.date) -> tuple[DataSet, list[Finding]]:
    """The data set and all its findings, sorted by file and position."""
    data = load_dataset(data_dir)
    context = Context(today=today)
    findings = list(data.findings)
    for check in CHECKS:
        findings.extend(check.check(data, context))
    return data, sorted(set(findings))


def validate(data_dir: Path, *, output_format: str = "text", strict: bool = False,
             today: dt.date | None = None, out: TextIO) -> int:
    data, findings = check_data(data_dir, today or dt.date.today())
    summary = Summary.of(findings, len(data.files))
    out.write(REPORTERS[output_format]().render(findings, summary))
    failed = summary.errors > 0 or (strict and any(f.severity is Severity.WARNING for f in findings))
    return EXIT_FINDINGS if failed else EXIT_OK
