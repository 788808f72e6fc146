"""vrptool.frozen.Frozen makes what @dataclass(frozen=True) makes, for the classes defined with it
(they were dataclasses): the same repr, equality, hash, refusal to change, and replace."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from vrptool.disclosure import Policy, Protection
from vrptool.files import Kind
from vrptool.findings import Rule, Severity
from vrptool.formatters.base import Summary
from vrptool.frozen import Frozen
from vrptool.group_facts import GroupFacts, MeetingFacts
from vrptool.incremental import Reads
from vrptool.models.behaviour import PlacedIndicator
from vrptool.numbers import Reading
from vrptool.rules.base import Context

#: Each class with two values of its fields: (every field) and (one field changed).
VALUES = [
    (Kind, ("obpf.yaml", 2048, 120_000), {"max_values": 7}),
    (Rule, ("schema", Severity.ERROR, "what it finds", "Its documentation."), {"summary": "else"}),
    (Summary, (1, 2, 38), {"files": 3}),
    (Context, (dt.date(2026, 11, 21),), {"today": dt.date(2026, 1, 1)}),
    (GroupFacts, ("dawg", "tvrp", ("police",), ("police", "vru")), {"reports_to": None}),
    (MeetingFacts, ("dawg", ("police",), ()), {"apologies": ("vru",)}),
    (Reading, (73.3, True), {"percent": False}),
    (Policy, (1, 5, True, "1–5", "PHOF rule"), {"rule": None}),
    (Protection, ({"a": "primary"}, {}), {"protects": {"b": "a"}}),
    (Reads, (frozenset({"groups"}), True, False, frozenset(), frozenset({"returns"})), {"whole": frozenset()}),
    (PlacedIndicator, ("area", "outcome", "measure", "indicator", ("areas", 0)), {"path": ()}),
]


def twin(cls: type[Frozen]) -> type:
    """The dataclass the class was: its fields, frozen, compared but for `_uncompared`."""
    fields = [(name, object, dataclasses.field(compare=name not in cls._uncompared)) for name in cls._fields]
    made = dataclasses.make_dataclass(cls.__name__, fields, frozen=True)
    made.__qualname__ = cls.__qualname__
    return made


@pytest.mark.parametrize(("cls", "values", "change"), VALUES, ids=[cls.__name__ for cls, _, _ in VALUES])
def test_a_frozen_class_is_what_its_dataclass_was(cls, values, change):
    reference = twin(cls)
    made, expected = cls(*values), reference(*values)
    assert repr(made) == repr(expected)
    assert made == cls(*values) and not made != cls(*values)
    assert (made == cls(**dict(zip(cls._fields, values, strict=True)))) is True
    changed = made.replaced(**change)
    assert changed == cls(**{**dict(zip(cls._fields, values, strict=True)), **change})
    assert (changed == made) == (dataclasses.replace(expected, **change) == expected)
    assert (made == object()) is False and made != values
    try:
        expected_hash: int | None = hash(expected)
    except TypeError:
        expected_hash = None
    if expected_hash is None:
        with pytest.raises(TypeError):
            hash(made)
    else:
        assert hash(made) == hash(cls(*values)) and hash(made) == hash(expected)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.x = 1  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del made.x  # type: ignore[attr-defined]
    assert vars(made) == dict(zip(cls._fields, values, strict=True)) or cls is PlacedIndicator


def test_a_rules_documentation_is_not_compared():
    one, other = Rule("schema", Severity.ERROR, "s", "one"), Rule("schema", Severity.ERROR, "s", "other")
    assert one == other and hash(one) == hash(other) and repr(one) != repr(other)


def test_every_field_is_listed():
    for cls, values, _ in VALUES:
        assert tuple(vars(cls(*values))) == cls._fields
