"""GitHub Actions workflow commands, so findings annotate the changed lines of a pull request."""

from __future__ import annotations

from pathlib import PurePath

from vrptool.findings import Finding
from vrptool.formatters.base import Reporter, Summary


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GitHubReporter(Reporter):
    def render(self, findings: list[Finding], summary: Summary) -> str:
        lines = []
        for f in findings:
            properties = ",".join([
                f"file={escape_property(PurePath(f.file).as_posix())}",  # a Windows path too
                f"line={f.line}",
                f"col={f.column}",
                f"title={escape_property(f'vrptool [{f.rule}]')}",
            ])
            lines.append(f"::{f.severity.value} {properties}::{escape_data(f.message)}")
        lines.append(summary.sentence())
        return "\n".join(lines) + "\n"
