"""A finding: one problem in the data, at one place, under one rule of the catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from vrptool.frozen import Frozen


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "rule": self.rule,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, entry: dict) -> Finding:
        """The finding as_dict() wrote; KeyError or ValueError when it is not one."""
        return cls(str(entry["file"]), int(entry["line"]), int(entry["column"]), Severity(entry["severity"]),
                   str(entry["rule"]), str(entry["message"]))


class Rule(Frozen):
    """A rule of the catalogue: a fixed id, a severity, and its documentation.

    Each rule is a module of `vrptool.rules` whose docstring is the rule's documentation: the
    first line is `<id>: <what it finds>.`, the rest says why it matters, with a bad and a good
    example (Markdown). `Rule.documented(__doc__, Severity.ERROR)` reads it from there."""

    _fields = ("id", "severity", "summary", "doc")
    _uncompared = frozenset({"doc"})
    id: str
    severity: Severity
    summary: str
    doc: str

    def __init__(self, id: str, severity: Severity, summary: str, doc: str = "") -> None:
        self._set(id=id, severity=severity, summary=summary, doc=doc)

    @classmethod
    def documented(cls, docstring: str | None, severity: Severity) -> Rule:
        first, _, rest = (docstring or "").strip().partition("\n")
        rule_id, colon, summary = first.partition(": ")
        if not colon or not rule_id or " " in rule_id:
            raise ValueError(f"a rule's docstring starts '<rule-id>: <what it finds>.', not {first!r}")
        return cls(rule_id, severity, summary.strip().removesuffix("."), rest.strip())

    def at(self, file: str, line: int, column: int, message: str) -> Finding:
        """A finding of this rule at a place."""
        return Finding(file, line, column, self.severity, self.id, message)
