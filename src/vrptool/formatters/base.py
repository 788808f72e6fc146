"""The reporter interface: findings and a summary in, text out."""

from __future__ import annotations

import re

from vrptool.findings import Finding, Severity
from vrptool.frozen import Frozen
from vrptool.terminal import words

#: Characters that would end or rewrite a line of terminal or CI-log output: C0 and C1 controls
#: and Unicode's line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """The text on one line, each control character written as its escape (a key holding a
    newline cannot start a line of its own, such as a forged `::warning`)."""
    return _CONTROL.sub(lambda m: _NAMED.get(m.group(), f"\\u{ord(m.group()):04x}"), text)


def error_lines(errors: list[Finding]) -> str:
    """One indented line per finding, control characters escaped (for a refusal's message)."""
    return "\n".join(f"  {printable(f.file)}:{f.line}:{f.column}: [{f.rule}] {printable(f.message)}" for f in errors)


class Summary(Frozen):
    _fields = ("errors", "warnings", "files")
    errors: int
    warnings: int
    files: int

    def __init__(self, errors: int, warnings: int, files: int) -> None:
        self._set(errors=errors, warnings=warnings, files=files)

    @classmethod
    def of(cls, findings: list[Finding], files: int) -> Summary:
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        return cls(errors=errors, warnings=len(findings) - errors, files=files)

    def sentence(self) -> str:
        return f"{words(self.errors, 'error')}, {words(self.warnings, 'warning')} in {words(self.files, 'file')}"


class Reporter:
    """Formats the findings of one run. Subclasses implement render()."""

    def render(self, findings: list[Finding], summary: Summary) -> str:
        raise NotImplementedError
