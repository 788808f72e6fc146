"""Id formats fixed by the design, and the pydantic types that check them.

An id written as a YAML number (6.10 loads as the float 6.1) is an error, never quietly turned
back into text: the number has already lost what the analyst typed.
"""

from __future__ import annotations

import functools
import re
from typing import Annotated, Any

from pydantic_core import PydanticCustomError, core_schema

from vrptool.suggest import shorten

PATTERNS: dict[str, str] = {
    "organisation": r"^[a-z][a-z0-9-]*$",
    "group": r"^[a-z][a-z0-9-]*$",
    "partnership": r"^[a-z][a-z0-9-]*$",
    "footnote": r"^[a-z][a-z0-9-]*$",
    "intervention": r"^[a-z][a-z0-9-]*$",
    "strategic objective": r"^SO[1-9][0-9]*$",
    "ToC strand": r"^[1-9]$",
    "ToC activity": r"^[1-9]\.[a-z]$",
    "Crest recommendation": r"^[1-9][0-9]*\.[1-9][0-9]*$",
    "OBPF area": r"^\d+$",
    "OBPF outcome": r"^\d+\.\d+$",
    "OBPF measure": r"^\d+\.\d+\.\d+$",
    "OBPF indicator": r"^\d+\.\d+\.\d+\.[a-z]$",
    "quarter": r"^\d{4}-(\d{2}-)?Q[1-4]$",
    "action": r"^[a-z0-9][a-z0-9-]*$",
    "area": r"^[a-z][a-z0-9-]*$",
}

EXAMPLES: dict[str, str] = {
    "organisation": "hfrs",
    "group": "dawg",
    "partnership": "hips",
    "footnote": "trauma-informed",
    "intervention": "reset",
    "strategic objective": "SO2",
    "ToC strand": "2",
    "ToC activity": "2.e",
    "Crest recommendation": "6.3",
    "OBPF area": "5",
    "OBPF outcome": "5.1",
    "OBPF measure": "5.1.2",
    "OBPF indicator": "5.1.2.a",
    "quarter": "2024-25-Q1",
    "action": "a1",
    "area": "portsmouth",
}

#: Whole-value matches of ASCII digits only: `re.match` with `$` accepts a final newline ("6.2\n"),
#: and `\d` alone accepts full-width and Arabic-Indic digits.
_COMPILED = {kind: re.compile(pattern, re.ASCII) for kind, pattern in PATTERNS.items()}


def matches(kind: str, value: str) -> bool:
    return bool(_COMPILED[kind].fullmatch(value))


@functools.cache
def id_check(kind: str):
    """The check of an id of a kind (one function a kind, which the models' core schemas and
    vrptool.models.records name)."""
    def check(value):
        if isinstance(value, bool) or not isinstance(value, str):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                raise PydanticCustomError(
                    "id_not_string",
                    "the {kind} id is written as a number; quote it, e.g. \"{example}\"",
                    {"kind": kind, "example": EXAMPLES[kind]},
                )
            raise PydanticCustomError("string_type", "Input should be a valid string")
        if not _COMPILED[kind].fullmatch(value):
            raise PydanticCustomError(
                "id_format",
                "'{value}' is not a valid {kind} id (pattern {pattern}, e.g. \"{example}\")",
                {"value": shorten(value), "kind": kind, "pattern": PATTERNS[kind], "example": EXAMPLES[kind]},
            )
        return value

    return check


class _IdType:
    """An id's check for pydantic, with its JSON Schema: one annotation whose core schema is made
    here (text, checked first by `id_check`), not worked out by pydantic for each field anew."""

    def __init__(self, kind: str) -> None:
        self.check = id_check(kind)
        self.json_schema = {"type": "string", "pattern": PATTERNS[kind], "examples": [EXAMPLES[kind]]}

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(self.check, core_schema.str_schema())

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict[str, Any]:
        return dict(self.json_schema, examples=list(self.json_schema["examples"]))


def id_type(kind: str):
    return Annotated[str, _IdType(kind)]


OrganisationId = id_type("organisation")
GroupId = id_type("group")
PartnershipId = id_type("partnership")
FootnoteId = id_type("footnote")
InterventionId = id_type("intervention")
ObjectiveId = id_type("strategic objective")
StrandId = id_type("ToC strand")
ActivityId = id_type("ToC activity")
RecommendationId = id_type("Crest recommendation")
AreaId = id_type("OBPF area")
OutcomeId = id_type("OBPF outcome")
MeasureId = id_type("OBPF measure")
IndicatorId = id_type("OBPF indicator")
QuarterId = id_type("quarter")
ActionId = id_type("action")
#: One of the partnership's local areas (a local authority, a Community Safety Partnership).
LocalAreaId = id_type("area")
