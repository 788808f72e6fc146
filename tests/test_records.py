"""`vrptool validate` checks each file with a validator made from its model's core schema,
generated ahead of time into vrptool.models.records, and its checks read records, not models
(defining the models was most of a run with no cache). Held here: the generated file is what the
models make; and on valid and invalid files alike, records and models say the same (the same
errors, the same findings, the same values), so that validate's findings are every other
command's."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from tests.conftest import BUNDLED
from tests.hostile.corpus import CASES
from tests.hostile.test_mutations import FILES, REPLACEMENTS, mutate
from vrptool import checks
from vrptool.loader import load_file
from vrptool.models import behaviour, by_kind, generate, records

TODAY = dt.date(2026, 11, 21)
KIND_OF = {"partnership.yaml": "partnership", "toc.yaml": "toc", "obpf.yaml": "obpf", "crest.yaml": "crest",
           "population.yaml": "population", "groups": "group", "returns": "returns", "meetings": "meeting"}


def kind_of(relative: str) -> str:
    return KIND_OF[relative.split("/")[0]]


def plain(value: Any) -> Any:
    """A model or a record as its class's name and its fields, all the way down."""
    if isinstance(value, (BaseModel, behaviour.Light)):
        return (type(value).__name__, {name: plain(field) for name, field in value.__dict__.items()})
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return (type(value).__name__, value)


def outcome(validate, tree: Any) -> Any:
    """What a validator makes of a tree: its fields, or its errors."""
    try:
        return "valid", plain(validate(tree))
    except ValidationError as error:
        return "errors", [{**detail, "input": plain(detail["input"])} for detail in error.errors(include_url=False)]


def test_records_py_is_what_the_models_make():
    """Regenerate it (`python -m vrptool.models.generate`) when a model or pydantic changes. With
    another pydantic-core than records.py's, validate checks with the models (slower, never wrong:
    test_another_pydantic_checks_with_the_models), and this test fails rather than skips, so that
    the fast path is never lost unnoticed."""
    assert records.usable(), (f"models/records.py was generated with pydantic-core {records.PYDANTIC_CORE}, "
                              "not the installed one: run python -m vrptool.models.generate")
    assert generate.source() == generate.TARGET.read_text(encoding="utf-8")


def test_the_install_takes_the_pydantic_records_py_was_generated_with():
    """pyproject.toml pins pydantic exactly, so that an install beside an older pydantic (CI's
    Python has one) upgrades it rather than keeping it and losing the fast path."""
    import tomllib
    from importlib.metadata import version

    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [need for need in project["project"]["dependencies"] if need.startswith("pydantic")]
    assert pins == [f"pydantic=={version('pydantic')}"]


def test_another_pydantic_checks_with_the_models(data_copy, monkeypatch):
    """Schemas generated with another pydantic-core may not be the models' as the installed pydantic
    builds them (or be refused by it): validate then checks with the models, as every other command."""
    import vrptool.dataset

    monkeypatch.setattr(records, "PYDANTIC_CORE", "0.0.0")
    built: list[str] = []
    real = vrptool.dataset.model_of

    def counting(kind):
        built.append(kind)
        return real(kind)

    monkeypatch.setattr(vrptool.dataset, "model_of", counting)
    group = data_copy / "groups" / "dawg.yaml"
    group.write_text(group.read_text(encoding="utf-8").replace('id: "dawg"', 'id: "Dawg"'), encoding="utf-8")
    by_models = checks.check(data_copy, TODAY, use_cache=False).findings
    built.clear()
    assert checks.check(data_copy, TODAY, use_cache=False, records=True).findings == by_models
    assert "group" in built and any(f.rule == "id-format" for f in by_models)


def test_every_model_reached_has_a_record_class_of_its_name_and_methods():
    for kind, model in by_kind().items():
        for name, fields in records.FIELDS[kind]:
            record = getattr(records, name)
            assert issubclass(record, behaviour.Light)
            real = next(m for m in records_models(model) if m.__name__ == name)
            assert tuple(real.model_fields) == fields
            for base in real.__mro__:
                if base.__module__ == behaviour.__name__:
                    assert issubclass(record, base)


def records_models(model: type[BaseModel]) -> tuple[type[BaseModel], ...]:
    from vrptool.schema_findings import _reachable

    return _reachable(model)


BUNDLED_FILES = sorted(str(p.relative_to(BUNDLED)) for p in BUNDLED.rglob("*.yaml"))


@pytest.mark.parametrize("relative", BUNDLED_FILES)
def test_a_bundled_files_record_holds_what_its_model_holds(relative):
    kind = kind_of(relative)
    tree = load_file(BUNDLED / relative).tree
    model = by_kind()[kind].model_validate(tree)
    record = records.validator(kind).validate_python(tree)
    assert plain(record) == plain(model)
    assert record == records.validator(kind).validate_python(tree)
    if kind == "obpf":
        pairs = list(zip(record.indicators(), model.indicators(), strict=True))
        assert pairs
        for made, real in pairs:
            assert made.path == real.path
            assert made.indicator.model_dump_json() == real.indicator.model_dump_json()
    if kind == "partnership" and model.suppression is not None:
        assert record.suppression.range == model.suppression.range


WRONG = [None, True, 0, -1, 1.5, 10**30, "", "   ", "some text", "31/12/2023", "2023-02-30", "2023-12-31T10:00:00",
         "73.3%", [], [1], ["x", {"a": 1}], {}, {"x": 1}, float("nan"), float("inf"), "6.10", 6.1, "achieved",
         {"status": "achieved"}, {"bullets": []}, {"table": {"rows": [["a"]]}}, {"insert": "vision"}, "{nope}"]


def paths(tree: Any, here: tuple = ()) -> list[tuple]:
    found = [here]
    if isinstance(tree, dict):
        for key, value in tree.items():
            found += paths(value, (*here, key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            found += paths(value, (*here, index))
    return found


def replaced(tree: Any, path: tuple, value: Any, how: str) -> Any:
    """A copy of the tree with the node at path replaced (or deleted, or given an unknown key)."""
    if not path:
        if how == "unknown" and isinstance(tree, dict):
            return {**tree, "no_such_key": 1}
        return value if how == "replace" else tree
    head, rest = path[0], path[1:]
    if isinstance(tree, dict):
        copy = dict(tree)
        if how == "delete" and not rest:
            del copy[head]
        else:
            copy[head] = replaced(tree[head], rest, value, how)
        return copy
    copy = list(tree)
    if how == "delete" and not rest:
        del copy[head]
    else:
        copy[head] = replaced(tree[head], rest, value, how)
    return copy


#: One file of each kind (and each group: memberships and ToR wordings differ).
SWEPT = ["partnership.yaml", "toc.yaml", "obpf.yaml", "crest.yaml", "returns/2024-25-Q1.yaml",
         *[f for f in BUNDLED_FILES if f.startswith("groups/")],
         next(f for f in BUNDLED_FILES if f.startswith("meetings/"))]


@pytest.mark.parametrize("relative", [f for f in SWEPT if (BUNDLED / f).exists()])
def test_every_value_of_a_file_made_wrong_gives_the_models_errors(relative):
    """Each value of the file replaced by a wrong one (in turn), each key deleted, an unknown key
    added to each mapping: the record's validator raises exactly the model's errors (type, place,
    message, context, input), or makes a record holding exactly what the model holds."""
    kind = kind_of(relative)
    model, validator = by_kind()[kind].model_validate, records.validator(kind).validate_python
    tree = load_file(BUNDLED / relative).tree
    rng = random.Random(relative)
    compared = 0
    for number, path in enumerate(paths(tree)):
        for how in ("replace", "replace", "delete", "unknown"):
            if how == "delete" and not path:
                continue
            value = WRONG[(number + rng.randrange(len(WRONG))) % len(WRONG)]
            mutated = replaced(tree, path, value, how)
            assert outcome(validator, mutated) == outcome(model, mutated), (path, how, value)
            compared += 1
    assert compared > 20


def findings_both_ways(data: Path, cache: Path | None, monkeypatch) -> tuple[list, list]:
    """validate's findings (records, through the store when there is a cache) and the models'
    with no cache."""
    if cache is not None:
        monkeypatch.setenv("VRPTOOL_CACHE_DIR", str(cache))
    by_records = checks.check(data, TODAY, use_cache=cache is not None, records=True).findings
    by_models = checks.check(data, TODAY, use_cache=False).findings
    return by_records, by_models


@pytest.fixture(scope="module")
def bundled_in_store(tmp_path_factory) -> tuple[Path, Path]:
    """A folder for a copy of the bundled data, and a cache whose store holds that copy's files,
    shared by the module's cases (checked once, not once a case: a store is keyed by each file's
    place and bytes, so a fresh copy in the same folder finds them, beside what earlier cases left)."""
    root = tmp_path_factory.mktemp("hostile-records")
    data, cache = root / "data", root / "cache"
    shutil.copytree(BUNDLED, data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VRPTOOL_CACHE_DIR", str(cache))
        checks.check(data, TODAY, records=True)
    shutil.rmtree(data)
    return data, cache


@pytest.mark.slow  # every case of the hostile corpus, checked three ways
@pytest.mark.parametrize("case", [c for c in CASES if c.validates_in_process], ids=lambda c: c.name)
def test_a_hostile_data_set_gives_the_same_findings_by_records_as_by_models(case, bundled_in_store, monkeypatch):
    data, cache = bundled_in_store
    shutil.copytree(BUNDLED, data)  # where the store holds the bundled files: then one is damaged
    try:
        case.build(data)
        by_records, by_models = findings_both_ways(data, cache, monkeypatch)
        assert by_records == by_models
        assert checks.check(data, TODAY, use_cache=False, records=True).findings == by_models
    finally:
        shutil.rmtree(data)


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> tuple[Path, Path]:
    """A copy of the bundled data and a cache that holds it, as pre-commit finds them."""
    root = tmp_path_factory.mktemp("records")
    data, cache = root / "data", root / "cache"
    shutil.copytree(BUNDLED, data)
    return data, cache


@pytest.mark.slow  # generated damage, each checked twice
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(file=st.sampled_from(FILES), choice=st.integers(0, 4), where=st.floats(0, 0.999),
       replacement=st.sampled_from(REPLACEMENTS), seed=st.integers(0, 2**16))
def test_damage_gives_the_same_findings_by_records_after_an_edit_as_by_models(warm, monkeypatch, file, choice, where,
                                                                              replacement, seed):
    """The pre-commit path: every other file read from the store, the damaged one afresh."""
    data, cache = warm
    path = data / file
    before = path.read_text(encoding="utf-8")
    try:
        path.write_text(mutate(before, choice, where, replacement, random.Random(seed)), encoding="utf-8")
        by_records, by_models = findings_both_ways(data, cache, monkeypatch)
        assert by_records == by_models
    finally:
        path.write_text(before, encoding="utf-8")


@settings(max_examples=200, deadline=None)
@given(target=st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**20, 10**20)),
       fix_after=st.one_of(st.none(), st.integers(12, 10**6)),
       text=st.text(min_size=1).filter(lambda text: text.strip(behaviour.WHITE_SPACE) != ""))
def test_an_indicators_json_is_its_models(target, fix_after, text):
    """implausible-value keys its stored findings by the indicator's JSON: a report after validate
    finds what validate kept only if a record writes the JSON its model writes."""
    from vrptool.models.obpf import Indicator

    tree = {"id": "1.1.1.a", "text": text, "source": "police", "unit": "count", "better": "lower",
            "target": target, "baseline": target, "spc": {"fix_after": fix_after, "rebase": [
                {"quarter": "2024-25-Q1", "reason": text}]}, "per": 100000, "population": {"age_band": "10-17"}}
    framework = {"areas": [{"id": "1", "title": "t", "outcomes": [{"id": "1.1", "measures": [
        {"id": "1.1.1", "indicators": [tree]}]}]}]}
    made = next(records.validator("obpf").validate_python(framework).indicators()).indicator
    assert made.model_dump_json() == Indicator.model_validate(tree).model_dump_json()
