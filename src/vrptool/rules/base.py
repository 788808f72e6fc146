"""What a rule's check() is given besides the data; `Rule` itself lives with the findings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vrptool.findings import Rule

__all__ = ["Context", "Rule"]


@dataclass(frozen=True)
class Context:
    """What a check may need besides the data."""

    today: dt.date
