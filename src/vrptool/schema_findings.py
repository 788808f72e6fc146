"""Turn pydantic's validation errors into findings at the exact key or value in the file."""

from __future__ import annotations

import datetime as dt
import functools
import re
import typing
from typing import TYPE_CHECKING, Any

from pydantic_core import ValidationError
from pydantic_core.core_schema import ErrorType

from vrptool.findings import Finding
from vrptool.loader import SourceFile
from vrptool.rules.id_format import RULE as ID_FORMAT
from vrptool.rules.id_not_string import RULE as ID_NOT_STRING
from vrptool.rules.schema import RULE as SCHEMA
from vrptool.suggest import did_you_mean, shorten

if TYPE_CHECKING:
    from pydantic import BaseModel


_ID_RULES = {"id_not_string": ID_NOT_STRING, "id_format": ID_FORMAT}
_DATE_ERRORS = {"date_from_datetime_parsing", "date_parsing", "date_from_datetime_inexact", "date_type"}


def findings_from(error: ValidationError, source: SourceFile, model: str | type[BaseModel]) -> list[Finding]:
    """The findings of a file's validation error; `model` is the model validated, or the kind of
    the file (its model's field names read from vrptool.models.records, without defining it)."""
    findings = []
    allowed: dict[tuple, set[str]] = {}  # per mapping: a file may hold thousands of unknown keys
    details = error.errors(include_url=False)
    # A union (a number that may be whole or not) reports one error per member at the same value:
    # one mistake, one finding.
    kinds_at: dict[tuple, set[str]] = {}
    for detail in details:
        kinds_at.setdefault(_tree_path(source.tree, detail["loc"]), set()).add(detail["type"])
    told: set[tuple] = set()
    for detail in details:
        located = _tree_path(source.tree, detail["loc"])
        path, missing_key = located
        if any(path[: len(stop)] == stop for stop in source.suppressed):
            continue  # the value is an alias: yaml-alias has said so already
        if detail["type"] in _TYPE_ERRORS and located in told:
            continue
        if detail["type"] in _TYPE_ERRORS:
            told.add(located)
            if {"int_type", "float_type"} <= kinds_at[located]:
                detail = {**detail, "type": "float_type"}
        findings.append(_finding(detail, path, missing_key, source, model, allowed))
    return findings


def _tree_path(tree: Any, loc: tuple) -> tuple[tuple, str | None]:
    """The path into the data tree that pydantic's loc names, and the key named if it is absent.

    pydantic's loc also holds union tags (e.g. 'roles'), which are not keys of the data: they
    are skipped.
    """
    path: list = []
    node = tree
    for index, part in enumerate(loc):
        if isinstance(node, dict):
            if part in node:
                path.append(part)
                node = node[part]
            elif index == len(loc) - 1:
                return tuple(path), str(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
    return tuple(path), None


def _finding(detail: Any, path: tuple, missing_key: str | None, source: SourceFile,
             model: str | type[BaseModel], allowed_keys: dict) -> Finding:
    kind = detail["type"]
    value = detail.get("input")
    shown = shorten(source.raw.get(path, value)) if not isinstance(value, (dict, list)) else value
    if kind in _ID_RULES:
        message = detail["msg"]
        if kind == "id_not_string":
            message = f"'{shown}' is written as a number; ids are text: quote it, \"{shown}\""
        return source.finding(path, _ID_RULES[kind], message)
    if kind == "missing":
        where = f" in '{path[-1]}'" if path and isinstance(path[-1], str) else ""
        return source.finding(path, SCHEMA, f"missing key '{missing_key}'{where}; add it")
    if kind == "extra_forbidden":
        key = shorten(missing_key if missing_key is not None else (path[-1] if path else ""))
        key_path = path if missing_key is None else path + (key,)
        parent = path[:-1] if missing_key is None else path
        if parent not in allowed_keys:
            allowed_keys[parent] = _allowed_keys(model, _node(source.tree, parent))
        allowed = allowed_keys[parent]
        hint = did_you_mean(key, allowed) or (f"; allowed keys: {', '.join(sorted(allowed))}" if allowed else "")
        return source.finding(key_path, SCHEMA, f"unknown key '{key}'{hint}", key=True)
    return source.finding(path, SCHEMA, _describe(kind, detail, shown), key=True)


#: Errors that say a value has the wrong type: one per value is enough.
_TYPE_ERRORS = {"int_type", "float_type", "int_parsing", "float_parsing", "int_from_float", "string_type",
                "bool_type", "bool_parsing"}
#: Formats of the models' own patterns, as a person would write them.
_FORMATS = {r"^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$": "YYYY-MM or YYYY-MM-DD, e.g. 2023-05"}
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
_ISO_LIKE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_BOUND_WORDS = {"greater_than_equal": ("ge", "{bound} or more"), "greater_than": ("gt", "more than {bound}"),
                "less_than_equal": ("le", "{bound} or less"), "less_than": ("lt", "less than {bound}")}


def _describe(kind: str, detail: dict, shown: Any) -> str:
    """The partnership's words for every error the models can raise (tests/hostile/test_messages.py
    walks them all); never pydantic's."""
    context = detail.get("ctx") or {}
    value = detail.get("input")
    if kind == "literal_error":
        expected = [part.strip().strip("'") for part in context.get("expected", "").replace(" or ", ", ").split(",")]
        return f"'{shown}' is not one of {', '.join(expected)}{did_you_mean(shown, expected)}"
    if kind in _DATE_ERRORS:
        return _date_problem(value, shown)
    if kind == "string_type":
        return f"expected text, found {_type_name(value)} {shown!r}; quote it if it is meant as text"
    if kind == "string_too_short":
        return "this text is empty; write it or remove the key"
    if kind == "string_too_long":
        return f"this text is longer than the {context.get('max_length')} characters allowed; shorten it"
    if kind == "string_pattern_mismatch":
        pattern = str(context.get("pattern"))
        return f"'{shown}' is not written as {_FORMATS.get(pattern, 'the format ' + pattern)}"
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type", "tuple_type", "set_type"):
        wanted = "a list" if kind in ("list_type", "tuple_type", "set_type") else "a mapping of keys"
        return f"expected {wanted}, found {_type_name(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float", "int_parsing_size"):
        if isinstance(value, str):
            return _number_as_text(value, shown, whole=True)
        return f"expected a whole number, found {_found(value, shown)}"
    if kind in ("float_type", "float_parsing"):
        if isinstance(value, str):
            return _number_as_text(value, shown, whole=False)
        return f"expected a number, found {_found(value, shown)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, found {_found(value, shown)}; write true or false"
    if kind == "finite_number":
        return f"{shown} is not a number anyone could return; write a finite number"
    if kind == "too_short":
        return "this list is empty; give at least one entry"
    if kind == "too_long":
        return f"this list has more than the {context.get('max_length')} entries allowed"
    if kind in _BOUND_WORDS:
        key, words = _BOUND_WORDS[kind]
        return f"{shown} is out of range: it must be {words.format(bound=context.get(key))}"
    if kind == "value_or_missing":
        if context.get("word") == "both":
            return ("this entry has both 'value' and 'missing': keep the value, or remove it and keep 'missing' "
                    "with the reason")
        return "this entry has neither 'value' nor 'missing': give the value, or 'missing' with the reason"
    if kind == "achieved_without_evidence":
        return f"an achieved recommendation needs {context.get('missing')}: add when and how it was achieved"
    if kind in ("value_error", "assertion_error") and context.get("error") is not None:
        return str(context["error"])  # a ValueError raised by one of vrptool's own validators
    if kind not in _PYDANTIC_ERRORS:
        return detail["msg"]  # a PydanticCustomError of vrptool's own validators, in its own words
    # A kind of error no model raises today: say what is wrong in plain words, never pydantic's.
    return f"{shown!r} is not accepted here; see `vrptool schema` for what this key takes"


#: pydantic's own error types: any other is a PydanticCustomError raised by vrptool's validators.
_PYDANTIC_ERRORS = frozenset(typing.get_args(ErrorType))


def _date_problem(value: Any, shown: Any) -> str:
    """Why a date is not one, and how to write it: 31/12/2023 -> 'write it as 2023-12-31'."""
    import calendar  # here: most runs find no wrong date

    text = str(value) if isinstance(value, str) else None
    if text is not None:
        match = _DAY_FIRST.match(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            try:
                meant = dt.date(year, month, day)
            except ValueError:
                return f"'{shown}' is not a real date; write dates as YYYY-MM-DD, e.g. 2023-12-31"
            return (f"'{shown}' is written day first; write it as {meant.isoformat()} (YYYY-MM-DD) "
                    f"if it means {meant.day} {calendar.month_name[meant.month]} {meant.year}")
        match = _ISO_LIKE.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            if 1 <= month <= 12 and day > 0:
                days = calendar.monthrange(year, month)[1]
                if day > days:
                    return (f"'{shown}' is not a real date: {calendar.month_name[month]} {year} has {days} days")
                return f"'{shown}' needs two digits for the month and day: write {dt.date(year, month, day)}"
        if "T" in text or " " in text.strip():
            return f"'{shown}' is a date and time; write the date alone, as YYYY-MM-DD"
    return f"'{shown}' is not a date; write dates as YYYY-MM-DD, e.g. 2023-12-31"


def _number_as_text(value: str, shown: Any, whole: bool) -> str:
    """A number written so that YAML reads it as text ('73.3%', '1,234', '1,41')."""
    from vrptool import numbers

    try:
        reading = numbers.read_text(value)
    except numbers.NumberError as error:
        return f"expected a {'whole ' if whole else ''}number: {error}"
    written = numbers.shown(reading.value)
    if whole and not isinstance(reading.value, int):
        return f"expected a whole number, found '{shown}'"
    how = "without the % sign" if reading.percent else "as a plain number"
    return f"'{shown}' is text, not a number: write it {how}, {written}"


def _found(value: Any, shown: Any) -> str:
    """'text: maybe', 'a list', 'nothing (an empty value)'."""
    if value is None or isinstance(value, (dict, list)):
        return _type_name(value)
    return f"{_type_name(value)}: {shown}"


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "a mapping"}.get(type(value), type(value).__name__)


def _node(tree: Any, path: tuple) -> Any:
    for part in path:
        tree = tree[part]
    return tree


def _allowed_keys(model: str | type[BaseModel], mapping: Any) -> set[str]:
    """Field names of the model that best fits `mapping` (the one that knows most of its keys)."""
    keys = set(mapping) if isinstance(mapping, dict) else set()
    best = max(_fields(model), key=lambda fields: len(keys & set(fields)))
    return set(best)


def _fields(model: str | type[BaseModel]) -> list[tuple[str, ...]]:
    """The field names of each model reachable from a model (or a kind's), in `_reachable`'s order."""
    if isinstance(model, str):
        from vrptool.models.records import FIELDS

        return [fields for _, fields in FIELDS[model]]
    return [tuple(m.model_fields) for m in _reachable(model)]


@functools.cache
def _reachable(model: type[BaseModel]) -> tuple[type[BaseModel], ...]:
    seen: list[type[BaseModel]] = []
    pending = [model]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.append(current)
        for field in current.model_fields.values():
            pending.extend(_models_in(field.annotation))
    return tuple(seen)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for argument in typing.get_args(annotation):
        found.extend(_models_in(argument))
    return found


