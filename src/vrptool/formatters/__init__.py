"""One reporter class per output format of `vrptool validate`."""

from __future__ import annotations

from vrptool.formatters.base import Reporter, Summary
from vrptool.formatters.github import GitHubReporter
from vrptool.formatters.json import JsonReporter
from vrptool.formatters.sarif import SarifReporter
from vrptool.formatters.text import TextReporter

REPORTERS: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "github": GitHubReporter,
    "sarif": SarifReporter,
}

__all__ = ["REPORTERS", "Reporter", "Summary"]
