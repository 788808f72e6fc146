"""What every rule is: a fixed id, a severity, a one-line summary, and (for cross-file rules) a check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vrptool.findings import Severity


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str


@dataclass(frozen=True)
class Context:
    """What a check may need besides the data."""

    today: dt.date
