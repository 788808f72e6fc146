"""path:line:col: severity [rule] message, then a one-line summary."""

from __future__ import annotations

from vrptool.findings import Finding
from vrptool.formatters.base import Reporter, Summary, printable


class TextReporter(Reporter):
    def render(self, findings: list[Finding], summary: Summary) -> str:
        lines = [f"{printable(f.file)}:{f.line}:{f.column}: {f.severity.value} [{f.rule}] {printable(f.message)}"
                 for f in findings]
        lines.append(summary.sentence())
        return "\n".join(lines) + "\n"
