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


def errors_in(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


def write_errors(err: TextIO, headline: str, errors: list[Finding], data_dir: Path | None = None,
                 shown: int = 5) -> None:
    """Why a command refused: the headline, the first errors, and where to see them all."""
    err.write(f"vrptool: {headline}. The first:\n" if len(errors) > shown else f"vrptool: {headline}:\n")
    for finding in errors[:shown]:
        err.write(f"  {finding.file}:{finding.line}:{finding.column}: [{finding.rule}] {finding.message}\n")
    if len(errors) > shown and data_dir is not None:
        err.write(f"Run `vrptool validate --data {data_dir}` for all of them.\n")


def refused_for_errors(findings: list[Finding], data_dir: Path, err: TextIO, outcome: str) -> bool:
    """True (having said why) when the data has errors, so a command must not go on."""
    errors = errors_in(findings)
    if errors:
        count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
        write_errors(err, f"the data has {count}; {outcome}", errors, data_dir)
    return bool(errors)


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
