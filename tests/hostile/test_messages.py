"""Messages in the partnership's words: every kind of error the models can raise is told in
vrptool's own words, never in pydantic's.

The walk gives every field of every model (every kind of data file, down to its smallest
record) each of the wrong values an analyst could type, plus the model-level mistakes (a
missing key, an unknown key, the validators' own rules), and turns each error into a finding
exactly as `validate` does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from vrptool.loader import load_file
from vrptool.models import by_kind
from vrptool.schema_findings import _reachable, findings_from

WRONG_VALUES = [None, True, 0, -1, 1.5, 10**30, "", "   ", "some text", "31/12/2023", "2023-02-30", "2023-2-3",
                "2023-12-31T10:00:00", "73.3%", "1,41", "1,234", "maybe", [], [1], ["x", {"a": 1}], {}, {"x": 1},
                "__NAN__", "__INF__"]
#: What pydantic says in its own words: none of it may reach a user.
LIBRARY_WORDING = ["Input should", "input should", "should be a valid", "Field required", "field required",
                   "Extra inputs", "greater than or equal", "less than or equal", "unable to interpret",
                   "Value error", "Assertion failed", "validation error", "errors.pydantic.dev", "type=",
                   "neither 'value' and", "not accepted here"]
#: Model-level mistakes that a field's wrong value cannot show: the validators' own rules.
MODEL_CASES = [
    ("Entry", {"indicator": "1.1.1.a"}),
    ("Entry", {"indicator": "1.1.1.a", "value": 1, "missing": "late"}),
    ("Recommendation", {"id": "1.1", "text": "A text", "status": "achieved"}),
]


def text_of(tree) -> str:
    text = json.dumps(tree)  # JSON is YAML
    return text.replace('"__NAN__"', ".nan").replace('"__INF__"', ".inf")


def errors(model, tree) -> tuple[set[str], list[str]]:
    """The error types pydantic raised for this tree, and the messages `validate` would report."""
    source = load_file(Path("walk.yaml"), text=text_of(tree))
    try:
        model.model_validate(source.tree)
    except ValidationError as error:
        return {detail["type"] for detail in error.errors()}, [f.message for f in findings_from(error, source, model)]
    return set(), []


def messages(model, tree) -> list[str]:
    return errors(model, tree)[1]


def walk() -> tuple[set[str], dict[str, list[str]]]:
    """Every error type raised, and every message given, with the trees that gave it."""
    models = {model.__name__: model for top in by_kind().values() for model in _reachable(top)}
    kinds: set[str] = set()
    said: dict[str, list[str]] = {}
    for model in models.values():
        cases = [{}, {"no_such_key": 1}] + [{name: value} for name in model.model_fields for value in WRONG_VALUES]
        cases += [tree for name, tree in MODEL_CASES if name == model.__name__]
        for tree in cases:
            raised, told = errors(model, tree)
            kinds |= raised
            for message in told:
                said.setdefault(message, []).append(f"{model.__name__} {tree}")
    return kinds, said


@pytest.fixture(scope="module")
def walked():
    return walk()


def test_the_walk_meets_every_kind_of_error_the_models_raise(walked):
    kinds, _ = walked
    expected = {"missing", "extra_forbidden", "string_type", "int_type", "float_type", "int_from_float",
                "bool_parsing", "literal_error", "date_from_datetime_parsing", "date_from_datetime_inexact", "list_type",
                "model_type", "too_short", "string_too_short", "greater_than_equal", "less_than_equal",
                "finite_number", "id_not_string", "id_format", "value_or_missing", "achieved_without_evidence",
                "string_pattern_mismatch"}
    assert expected <= kinds, sorted(expected - kinds)


def test_no_error_reaches_the_user_in_the_librarys_words(walked):
    _, said = walked
    assert len(said) > 100  # the walk really walked
    wrong = {message: trees[:2] for message, trees in said.items() if any(p in message for p in LIBRARY_WORDING)}
    assert wrong == {}


@pytest.mark.parametrize("typed, message", [
    ("31/12/2023", "'31/12/2023' is written day first; write it as 2023-12-31 (YYYY-MM-DD) if it means 31 December 2023"),
    ("1.2.2024", "write it as 2024-02-01 (YYYY-MM-DD) if it means 1 February 2024"),
    ("31/02/2023", "'31/02/2023' is not a real date; write dates as YYYY-MM-DD"),
    ("2023-02-30", "'2023-02-30' is not a real date: February 2023 has 28 days"),
    ("2023-2-3", "'2023-2-3' needs two digits for the month and day: write 2023-02-03"),
    ("2023-12-31T10:00:00", "is a date and time; write the date alone, as YYYY-MM-DD"),
    ("soon", "'soon' is not a date; write dates as YYYY-MM-DD, e.g. 2023-12-31"),
])
def test_a_date_says_how_to_write_it(typed, message):
    from vrptool.models.group import Tor

    [said] = messages(Tor, {"version": 1, "issued": typed, "review_by": "2024-12-31"})
    assert message in said


@pytest.mark.parametrize("typed, message", [
    ("73.3%", "'73.3%' is text, not a number: write it without the % sign, 73.3"),
    ("1,234", "'1,234' is text, not a number: write it as a plain number, 1234"),
    ("1,41", "'1,41' has a decimal comma, which vrptool does not guess at: write 1.41"),
    (True, "expected a number, found true/false: true"),
])
def test_a_value_that_is_not_a_number_gives_one_finding_that_says_what_to_write(typed, message):
    from vrptool.models.returns import Entry

    found = messages(Entry, {"indicator": "1.1.1.a", "value": typed})
    assert len(found) == 1, found  # not one per member of the union (whole number, number)
    assert message in found[0]
