"""Turn pydantic's validation errors into findings at the exact key or value in the file."""

from __future__ import annotations

import functools
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from vrptool.findings import Finding
from vrptool.loader import SourceFile
from vrptool.rules.id_format import RULE as ID_FORMAT
from vrptool.rules.id_not_string import RULE as ID_NOT_STRING
from vrptool.rules.schema import RULE as SCHEMA
from vrptool.suggest import did_you_mean, shorten

_ID_RULES = {"id_not_string": ID_NOT_STRING, "id_format": ID_FORMAT}
_DATE_ERRORS = {"date_from_datetime_parsing", "date_parsing", "date_from_datetime_inexact", "date_type"}


def findings_from(error: ValidationError, source: SourceFile, model: type[BaseModel]) -> list[Finding]:
    findings = []
    allowed: dict[tuple, set[str]] = {}  # per mapping: a file may hold thousands of unknown keys
    for detail in error.errors(include_url=False):
        path, missing_key = _tree_path(source.tree, detail["loc"])
        if any(path[: len(stop)] == stop for stop in source.suppressed):
            continue  # the value is an alias: yaml-alias has said so already
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
             model: type[BaseModel], allowed_keys: dict) -> Finding:
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


def _describe(kind: str, detail: dict, shown: Any) -> str:
    context = detail.get("ctx") or {}
    if kind == "literal_error":
        expected = [part.strip().strip("'") for part in context.get("expected", "").replace(" or ", ", ").split(",")]
        return f"'{shown}' is not one of {', '.join(expected)}{did_you_mean(shown, expected)}"
    if kind in _DATE_ERRORS:
        return f"'{shown}' is not a real date; write a date that exists as YYYY-MM-DD"
    if kind == "string_type":
        return f"expected text, found {_type_name(detail.get('input'))} {shown!r}; quote it if it is meant as text"
    if kind == "string_too_short":
        return "this text is empty; write it or remove the key"
    if kind == "string_pattern_mismatch":
        return f"'{shown}' does not match the format {context.get('pattern')}"
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        wanted = "a list" if kind == "list_type" else "a mapping of keys"
        return f"expected {wanted}, found {_type_name(detail.get('input'))}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, found {shown!r}"
    if kind in ("float_type", "float_parsing"):
        return f"expected a number, found {shown!r}"
    if kind == "finite_number":
        return f"{shown} is not a number anyone could return; write a finite number"
    if kind == "too_short":
        return "this list is empty; give at least one entry"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{shown!r} is out of range: {detail['msg'].lower()}"
    return detail["msg"]


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "a mapping"}.get(type(value), type(value).__name__)


def _node(tree: Any, path: tuple) -> Any:
    for part in path:
        tree = tree[part]
    return tree


def _allowed_keys(model: type[BaseModel], mapping: Any) -> set[str]:
    """Field names of the model that best fits `mapping` (the one that knows most of its keys)."""
    keys = set(mapping) if isinstance(mapping, dict) else set()
    best = max(_reachable(model), key=lambda m: len(keys & set(m.model_fields)))
    return set(best.model_fields)


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
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for argument in typing.get_args(annotation):
        found.extend(_models_in(argument))
    return found


