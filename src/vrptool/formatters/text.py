"""path:line:col: severity [rule] message, then a one-line summary."""

from __future__ import annotations

from vrptool.findings import Finding
from vrptool.formatters.base import Reporter, Summary, printable

#: How a terminal shows each part (rich styles); piped output is the same text without them.
STYLES = {"error": "bold red", "warning": "yellow", "rule": "dim", "file": "bold"}


class TextReporter(Reporter):
    def render(self, findings: list[Finding], summary: Summary) -> str:
        return "".join(text for line in self.segments(findings, summary) for text, _ in line)

    def segments(self, findings: list[Finding], summary: Summary) -> list[list[tuple[str, str]]]:
        """Each line as (text, style) parts, for a terminal to colour."""
        lines = [[(f"{printable(f.file)}:{f.line}:{f.column}:", STYLES["file"]), (" ", ""),
                  (f.severity.value, STYLES[f.severity.value]), (" ", ""), (f"[{f.rule}]", STYLES["rule"]),
                  (f" {printable(f.message)}\n", "")] for f in findings]
        style = STYLES["error"] if summary.errors else (STYLES["warning"] if summary.warnings else "green")
        lines.append([(summary.sentence(), style), ("\n", "")])
        return lines
