"""One mistake that shows in many places is one finding: at the first place, naming every place.

A misspelt id cited from every quarter's returns, or an organisation missing from a group's
membership and listed at each of its meetings, is one thing to fix. Reported once per place it
would bury the other findings; reported once with no places, the user could not find them all.
Shared by the rules whose one mistake fans out (unknown-ref, not-a-member).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from vrptool.findings import Finding, Rule
from vrptool.index import Place


def cited(places: int, files: int) -> str:
    return f"cited {places} times"


def once(places: Sequence[Place], rule: Rule, message: str, counted: Callable[[int, int], str] = cited) -> Finding:
    """The one finding of a mistake seen at `places`: at the first place (by file, line and
    column), its message followed, when there is more than one place, by how many and where:
    "…; cited 3 times: data/returns/2025-26-Q1.yaml (line 12), data/returns/2025-26-Q2.yaml
    (lines 12, 40)". `counted(places, files)` says how many ("cited 3 times")."""
    return grouped([place.finding(rule, message) for place in places], counted)


def grouped(findings: Sequence[Finding], counted: Callable[[int, int], str] = cited) -> Finding:
    """One finding for findings of one mistake: the first's (by file, line and column), naming every place."""
    findings = sorted(findings)
    first = findings[0]
    if len(findings) == 1:
        return first
    lines: dict[str, list[int]] = {}
    for finding in findings:
        lines.setdefault(finding.file, []).append(finding.line)
    where = ", ".join(f"{file} (line{'s' if len(at) > 1 else ''} {', '.join(str(line) for line in at)})"
                      for file, at in lines.items())
    how_many = counted(len(findings), len(lines))
    message = first.message
    # after a question ("did you mean 'x'?") a new sentence, else one more clause
    joined = f"{message} {how_many[0].upper()}{how_many[1:]}" if message.endswith("?") else f"{message}; {how_many}"
    return dataclasses.replace(first, message=f"{joined}: {where}")
