"""What a rule's check() is given besides the data; `Rule` itself lives with the findings."""

from __future__ import annotations

import datetime as dt

from vrptool.findings import Rule
from vrptool.frozen import Frozen

__all__ = ["Context", "Rule"]


class Context(Frozen):
    """What a check may need besides the data."""

    _fields = ("today",)
    today: dt.date

    def __init__(self, today: dt.date) -> None:
        self._set(today=today)
