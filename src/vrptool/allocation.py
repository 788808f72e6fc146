"""Python's cycle collector, paced for work that builds many objects and keeps them.

CPython looks for reference cycles after every 700 new container objects. A national report
builds millions (a dict per chart point, a model per returned value) and keeps them all to the
end, so those collections free nothing; they took a third of the report's time, and a fifth of
a national validate's that reads every file (its trees, kept to the end). Inside
`many_objects()` (the check pipeline's reading and rules, a report's whole work) the collector
looks once per 100,000 new objects instead (vrptool's data makes no cycles to speak of), and
its pace is restored afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

PACE = 100_000


@contextmanager
def many_objects() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(max(PACE, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
