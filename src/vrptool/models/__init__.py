"""Typed models of each kind of data file.

The model modules do not defer their annotations (`from __future__ import annotations`): pydantic
would then compile and evaluate every field's annotation from its text when the model is
defined, and defining the models is most of a validate that has no cache.
"""

from __future__ import annotations

import os

# No pydantic plugin sees the partnership's data: vrptool's models are its own, and finding
# plugins scans every installed package's entry points (15 ms of a 60 ms start) when the first
# model is defined. A plugin could also send what it observes elsewhere.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def by_kind() -> dict:
    """The model of each kind of data file, by the kind's name (as its JSON Schema is named).

    A function, so that importing one model module never defines all of them."""
    from vrptool.models.crest import CrestTracker
    from vrptool.models.group import Group
    from vrptool.models.meeting import Meeting
    from vrptool.models.obpf import PerformanceFramework
    from vrptool.models.partnership import Partnership
    from vrptool.models.population import Population
    from vrptool.models.returns import Returns
    from vrptool.models.toc import TheoryOfChange

    return {"partnership": Partnership, "group": Group, "toc": TheoryOfChange, "obpf": PerformanceFramework,
            "crest": CrestTracker, "returns": Returns, "meeting": Meeting,
            "population": Population}
