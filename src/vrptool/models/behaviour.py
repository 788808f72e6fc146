"""What the models do beyond their fields, in plain Python: their validators, the functions that
tell a union's members apart, and the methods the checks call.

Importable without defining a model (or importing pydantic's model machinery): `vrptool validate`
checks each file with a validator made from the models' core schema (vrptool.models.records),
whose records call these same functions and carry these same methods.
"""

import datetime as dt
import functools
import re
from collections.abc import Iterator
from typing import Any

from pydantic_core import PydanticCustomError, SchemaValidator, to_json

from vrptool.frozen import Frozen

#: The white space Text strips: Unicode's White_Space (pydantic-core trims as Rust's str::trim
#: does), which str.strip() would exceed by four separators (\x1c-\x1f).
WHITE_SPACE = ("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
               "\u200a\u2028\u2029\u202f\u205f\u3000")


def as_text(value: str) -> str:
    """A Text field's value as the model holds it, read from the tree of a file that validated
    (for a rule that needs a few values of a file and not its model, whose definition costs more)."""
    return value.strip(WHITE_SPACE)


def as_date(value: object) -> dt.date:
    """A Date field's value as the model holds it, read from the tree of a file that validated
    (pydantic reads more than YYYY-MM-DD: a Unix time, a datetime at midnight)."""
    return _date_validator().validate_python(value)


@functools.cache
def _date_validator() -> SchemaValidator:
    return SchemaValidator({"type": "date"})  # what TypeAdapter(datetime.date) builds


class Light:
    """A record of a data file as `vrptool validate` reads it: a model's fields, made by the
    validator of vrptool.models.records as the model's own validator makes the model (its
    `__dict__` set by pydantic-core), without defining a model class. Frozen, compared and hashed
    by its fields as the frozen models are."""

    __slots__ = ("__dict__", "__pydantic_extra__", "__pydantic_fields_set__", "__pydantic_private__")

    def __setattr__(self, name: str, value: Any) -> None:
        raise TypeError(f"{type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise TypeError(f"{type(self).__name__} is frozen")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash(tuple(self.__dict__.values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"

    def model_dump_json(self) -> str:
        """The record's fields as JSON, as the model's model_dump_json writes them."""
        return to_json(_plain(self), inf_nan_mode="null").decode()


def _plain(value: Any) -> Any:
    if isinstance(value, Light):
        return {name: _plain(field) for name, field in value.__dict__.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def record(cls: type, fields: dict) -> Any:
    """A record with these fields (a default value in a schema of vrptool.models.records)."""
    made: Any = object.__new__(cls)
    object.__setattr__(made, "__dict__", fields)
    object.__setattr__(made, "__pydantic_fields_set__", set())
    object.__setattr__(made, "__pydantic_extra__", None)
    object.__setattr__(made, "__pydantic_private__", None)
    return made


# --- partnership.yaml

#: The common disclosure-control rules: small counts 1–5 as the Public Health Outcomes Framework
#: publishes them, 1–7 as NHS Digital does, or a range of the partnership's own.
PROFILES: dict[str, tuple[int, int]] = {"phof": (1, 5), "nhs-digital": (1, 7)}


def suppression_range(self):
    """Suppression's model validator: a custom profile gives its range, the others none."""
    if self.profile == "custom":
        if self.low is None or self.high is None:
            raise PydanticCustomError("suppression_range", "a custom suppression profile needs 'low' and 'high'")
        if self.low > self.high:
            raise PydanticCustomError("suppression_range", "'low' must not be above 'high'")
    elif self.low is not None or self.high is not None:
        raise PydanticCustomError(
            "suppression_range", "the {profile} profile fixes its own range; use profile: custom to give one",
            {"profile": self.profile})
    return self


class SuppressionRange:
    """Suppression's range of suppressed numbers."""

    __slots__ = ()

    @property
    def range(self) -> tuple[int, int]:
        if self.profile == "custom":  # type: ignore[attr-defined]
            return (self.low or 0, self.high or 0)  # type: ignore[attr-defined]
        return PROFILES[self.profile]  # type: ignore[attr-defined]


def item_kind(value) -> str:
    """A list item's member: a sentence, or a sentence with points under it."""
    return "point" if isinstance(value, dict) else "text"


def cell_kind(value) -> str:
    """A table cell's member: a sentence, or a list of items."""
    return "items" if isinstance(value, list) else "text"


def block_kind(value) -> str:
    """A section's block's member: a paragraph, bullets, a table or an insert."""
    if isinstance(value, dict):
        for kind in ("bullets", "table", "insert"):
            if kind in value:
                return kind
        return "insert"  # reported against the shape of an insert
    return "paragraph"


def placeholders(sections: list, path: tuple = ("strategy", "sections")):
    """(path, heading) of every section still to be completed, in document order."""
    for index, section in enumerate(sections):
        here = (*path, index)
        if section.to_be_completed:
            yield (*here, "to_be_completed"), section.heading
        yield from placeholders(section.sections, (*here, "sections"))


# --- groups

def membership_kind(value) -> str:
    """A membership's member: roles, or a status."""
    return "status" if isinstance(value, dict) and "status" in value else "roles"


def lines_of_own_indicators(self):
    """Group's model validator: indicator_lines words only indicators the group monitors."""
    strangers = sorted(set(self.indicator_lines) - set(self.indicators))
    if strangers:
        raise PydanticCustomError(
            "indicator_line_not_monitored",
            "indicator_lines words {strangers}, which the group does not monitor (not in its indicators)",
            {"strangers": ", ".join(strangers)})
    return self


#: What a ToR sentence may say in braces; the ToR context fills each in for the group it renders.
TOR_PLACEHOLDERS = {
    "group": "how the ToR names the group, e.g. 'the DAWG'",
    "elements": "'element' or 'elements', by the number of indicators",
    "measures": "'measure' or 'measures', by the number of success measures of an outcome",
    "sources": "'source' or 'sources', by the number of indicators of a success measure",
    "date": "the date the ToR was sent to a member (date_sent only)",
    "version": "the ToR's version number",
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def known_placeholders(value):
    """TorWording's field validator: a sentence names only the ToR's placeholders."""
    for name in _PLACEHOLDER.findall(value) if isinstance(value, str) else ():
        if name not in TOR_PLACEHOLDERS:
            raise PydanticCustomError(
                "unknown_placeholder", "'{placeholder}' is not a ToR placeholder; use one of {known}",
                {"placeholder": "{" + name + "}", "known": ", ".join("{" + known + "}" for known in TOR_PLACEHOLDERS)})
    return value


# --- obpf.yaml

def rate_of_a_count(self):
    """Indicator's model validator: the returns give the count; the rate is derived, never typed."""
    if self.per is not None and self.unit != "count":
        raise PydanticCustomError("rate_unit", "a rate ('per') is of a count: give unit: count, not {unit}",
                                  {"unit": self.unit})
    if self.population is not None and self.per is None:
        raise PydanticCustomError("rate_unit", "'population' needs 'per' (e.g. per: 100000)")
    return self


class PlacedIndicator(Frozen):
    """An indicator with the measure, outcome and area it belongs to, and its path in obpf.yaml."""

    _fields = ("area", "outcome", "measure", "indicator", "path")
    area: Any
    outcome: Any
    measure: Any
    indicator: Any
    path: tuple[str | int, ...]

    def __init__(self, area: Any, outcome: Any, measure: Any, indicator: Any, path: tuple[str | int, ...]) -> None:
        set_field = object.__setattr__  # as a dataclass's __init__: the report walks 3,500 of them
        set_field(self, "area", area)
        set_field(self, "outcome", outcome)
        set_field(self, "measure", measure)
        set_field(self, "indicator", indicator)
        set_field(self, "path", path)


class FrameworkIndicators:
    """The performance framework's indicators, each with where it stands."""

    __slots__ = ()

    def indicators(self) -> Iterator[PlacedIndicator]:
        """Every indicator of the framework, in order, with where it stands."""
        for a, area in enumerate(self.areas):  # type: ignore[attr-defined]
            for o, outcome in enumerate(area.outcomes):
                for m, measure in enumerate(outcome.measures):
                    for i, indicator in enumerate(measure.indicators):
                        path = ("areas", a, "outcomes", o, "measures", m, "indicators", i)
                        yield PlacedIndicator(area, outcome, measure, indicator, path)


# --- crest.yaml

def achieved_needs_evidence(self):
    """Recommendation's model validator: an achieved recommendation says when and how."""
    if self.status == "achieved":
        missing = [name for name in ("achieved_on", "evidence") if getattr(self, name) is None]
        if missing:
            raise PydanticCustomError(
                "achieved_without_evidence",
                "an achieved recommendation needs {missing}",
                {"missing": " and ".join(f"'{name}'" for name in missing)},
            )
    return self


# --- returns

def value_or_missing(self):
    """Entry's model validator: a value, or why it is missing, never both or neither."""
    if (self.value is None) == (self.missing is None):
        word = "both" if self.value is not None else "neither"
        # schema_findings words the finding; this is what pydantic itself would print
        raise PydanticCustomError(
            "value_or_missing",
            "this entry has {word} 'value' " + ("and" if word == "both" else "nor") + " 'missing'",
            {"word": word},
        )
    return self
