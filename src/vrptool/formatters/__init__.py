"""The reporter registry: every output format of `vrptool validate`, and the CLI's --format choices.

Each format names the module and class of its reporter, imported only when that format is
asked for, so the command line can list the formats without importing any of them.
To add a format: write `formatters/<format>.py` with a `Reporter` subclass and add it here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vrptool.formatters.base import Reporter

#: format name: (module, reporter class, what it is for). The first is the default.
REPORTERS: dict[str, tuple[str, str, str]] = {
    "text": ("vrptool.formatters.text", "TextReporter", "one line per finding, then a summary"),
    "json": ("vrptool.formatters.json", "JsonReporter", "findings and summary for other tools"),
    "github": ("vrptool.formatters.github", "GitHubReporter", "GitHub workflow annotations"),
    "sarif": ("vrptool.formatters.sarif", "SarifReporter", "SARIF 2.1.0 for code-scanning dashboards"),
}
DEFAULT = next(iter(REPORTERS))


def reporter(name: str) -> Reporter:
    """A reporter for the named format (KeyError for an unknown one)."""
    module, class_name, _ = REPORTERS[name]
    return getattr(importlib.import_module(module), class_name)()


def choices_help() -> str:
    """The --format help: each format and what it is for."""
    return "; ".join(f"{name}: {purpose}" for name, (_, _, purpose) in REPORTERS.items()) + f" (default: {DEFAULT})."


__all__ = ["DEFAULT", "REPORTERS", "choices_help", "reporter"]
