"""vrptool validate: every finding in the data directory, in one run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from vrptool import cache
from vrptool.findings import Finding, Severity
from vrptool.formatters import REPORTERS, Summary

if TYPE_CHECKING:
    from vrptool.dataset import DataSet

EXIT_OK, EXIT_FINDINGS = 0, 1


def check_data(data_dir: Path, today: dt.date, use_cache: bool = True) -> tuple["DataSet", list[Finding]]:
    """The data set and all its findings, sorted by file and position (the findings from the
    cache when the data is unchanged: rendering and reporting need the models, not the checks)."""
    # Imported here: a cached `validate` never needs the models (or pydantic) at all.
    from vrptool.dataset import load_dataset

    cache_key = cache.key(data_dir, today) if use_cache and cache.enabled() else None
    cached = cache.load(cache_key) if cache_key else None
    data = load_dataset(data_dir, use_cache)
    if cached is not None:
        return data, cached[0]
    findings = run_checks(data, today)
    if cache_key:
        cache.store(cache_key, findings, len(data.files))
    return data, findings


def run_checks(data: "DataSet", today: dt.date) -> list[Finding]:
    from vrptool.rules import CHECKS, Context

    context = Context(today=today)
    findings = list(data.findings)
    for check in CHECKS:
        findings.extend(check.check(data, context))
    return sorted(set(findings))


def findings_for(data_dir: Path, today: dt.date, use_cache: bool = True) -> tuple[list[Finding], int]:
    """All findings and the number of files read, from the cache when the data is unchanged."""
    cache_key = cache.key(data_dir, today) if use_cache and cache.enabled() else None
    cached = cache.load(cache_key) if cache_key else None
    if cached is not None:
        return cached
    from vrptool.dataset import load_dataset

    data = load_dataset(data_dir, use_cache)
    findings = run_checks(data, today)
    if cache_key:
        cache.store(cache_key, findings, len(data.files))
    return findings, len(data.files)


def validate(data_dir: Path, *, output_format: str = "text", strict: bool = False,
             today: dt.date | None = None, use_cache: bool = True, out: TextIO) -> int:
    findings, files = findings_for(data_dir, today or dt.date.today(), use_cache)
    summary = Summary.of(findings, files)
    out.write(REPORTERS[output_format]().render(findings, summary))
    failed = summary.errors > 0 or (strict and any(f.severity is Severity.WARNING for f in findings))
    return EXIT_FINDINGS if failed else EXIT_OK
