"""The reporter interface: findings and a summary in, text out."""

from __future__ import annotations

from dataclasses import dataclass

from vrptool.findings import Finding, Severity


@dataclass(frozen=True)
class Summary:
    errors: int
    warnings: int
    files: int

    @classmethod
    def of(cls, findings: list[Finding], files: int) -> "Summary":
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        return cls(errors=errors, warnings=len(findings) - errors, files=files)

    def sentence(self) -> str:
        def plural(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        return f"{plural(self.errors, 'error')}, {plural(self.warnings, 'warning')} in {plural(self.files, 'file')}"


class Reporter:
    """Formats the findings of one run. Subclasses implement render()."""

    def render(self, findings: list[Finding], summary: Summary) -> str:
        raise NotImplementedError
