"""The report's JSON as text: indented for a reader, written at the speed of Python's C encoder.

`json.dumps(indent=2)` runs Python's pure-Python encoder over every value; at national scale
(3,500 indicators with 40 quarters of chart points each) that alone took seconds. Here each
container of plain values (a chart point, an interval, the quarters of a trend) is one line,
written by the C encoder, and only containers that hold such containers are indented. The text
parses to exactly what `json.dumps` would give.
"""

from __future__ import annotations

import json
from typing import Any

_ONE_LINE = json.JSONEncoder(ensure_ascii=False).encode
_CONTAINERS = (dict, list)


class Written(dict):
    """A mapping whose JSON text is known already (kept from an earlier run): written as that text.
    The mapping itself may hold less than the text (a row without its chart's points)."""

    def __init__(self, mapping: dict, *, text: str, depth: int) -> None:
        super().__init__(mapping)
        self.text, self.depth = text, depth


def text_of(value: Any, depth: int) -> str:
    """`value`'s text as `dumps` writes it `depth` containers deep, for a `Written` to carry.
    Placed at another depth, each line break takes the indentation of its place (JSON text has
    line breaks only between values: a string's own are escaped)."""
    parts: list[str] = []
    _write(value, parts, _newline(depth))
    return "".join(parts)


def dumps(value: Any) -> str:
    """`value` as JSON text, ending with a newline."""
    return "".join(chunks(value))


def chunks(value: Any) -> list[str]:
    """`value` as JSON text in pieces, to be written one after another (a national report is
    40 MB: joined, it would be held twice)."""
    parts: list[str] = []
    _write(value, parts, "\n")
    parts.append("\n")
    return parts


def _newline(depth: int) -> str:
    return "\n" + "  " * depth


def _plain(value: dict | list) -> bool:
    """True when the container holds values, or containers of values, and nothing deeper."""
    for item in value.values() if isinstance(value, dict) else value:
        if isinstance(item, dict):
            if any(isinstance(inner, _CONTAINERS) for inner in item.values()):
                return False
        elif isinstance(item, list) and any(isinstance(inner, _CONTAINERS) for inner in item):
            return False
    return True


def _key(key: Any) -> str:
    """A key as JSON writes it: text as it is; true, false, null and numbers as their JSON."""
    if isinstance(key, str):
        return _ONE_LINE(key)
    if key is None or isinstance(key, (bool, int, float)):
        return _ONE_LINE(_ONE_LINE(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _write(value: Any, parts: list[str], newline: str) -> None:
    """Append `value`'s text; `newline` is a line break and the indentation of the line it is on."""
    if isinstance(value, Written):
        written = _newline(value.depth)
        parts.append(value.text if newline == written else value.text.replace(written, newline))
    elif isinstance(value, dict) and value and not _plain(value):
        inner = newline + "  "
        parts.append("{")
        separator = inner
        for key, item in value.items():
            parts += (separator, _key(key), ": ")
            _write(item, parts, inner)
            separator = "," + inner
        parts.append(newline + "}")
    elif isinstance(value, list) and value and not _plain(value):
        inner = newline + "  "
        parts.append("[")
        separator = inner
        for item in value:
            parts.append(separator)
            _write(item, parts, inner)
            separator = "," + inner
        parts.append(newline + "]")
    else:
        parts.append(_ONE_LINE(value))
