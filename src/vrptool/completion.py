"""Shell completion of ids from the data: group ids, quarter ids and indicator ids.

Completion runs on every press of Tab, so it reads as little as it can: the names of group and
returns files, and the indicator id lines of obpf.yaml, never the models. A data directory that
cannot be read completes nothing; completion never prints an error into the user's command line.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from vrptool import layout

INDICATOR_ID = re.compile(r"""^\s*-?\s*id:\s*["']?(\d+\.\d+\.\d+\.[a-z])["']?\s*(?:#.*)?$""", re.MULTILINE)


def _data_dir(ctx: Any) -> Path:
    """The --data of the line being completed, else $VRPTOOL_DATA, else ./data."""
    given = (ctx.params or {}).get("data") if ctx is not None else None
    return Path(given) if given else Path(os.environ.get("VRPTOOL_DATA") or "data")


def _starting(incomplete: str | None, names: list[str]) -> list[str]:
    return [name for name in names if name.startswith(incomplete or "")]


def group_ids(ctx: Any, incomplete: str | None) -> list[str]:
    try:
        return _starting(incomplete, [path.stem for path in layout.group_files(_data_dir(ctx))])
    except OSError:
        return []


def quarter_ids(ctx: Any, incomplete: str | None) -> list[str]:
    try:
        quarters = sorted((path.stem for path in layout.returns_files(_data_dir(ctx))), reverse=True)
    except OSError:
        return []
    return _starting(incomplete, ["latest", *quarters])


def indicator_ids(ctx: Any, incomplete: str | None) -> list[str]:
    try:
        text = (_data_dir(ctx) / "obpf.yaml").read_text("utf-8", errors="replace")
    except OSError:
        return []
    return _starting(incomplete, list(dict.fromkeys(INDICATOR_ID.findall(text))))


SOURCE = re.compile(r"""^\s*source:\s*["']?([a-z][a-z0-9-]*)["']?\s*(?:#.*)?$""", re.MULTILINE)


def source_ids(ctx: Any, incomplete: str | None) -> list[str]:
    """The organisations obpf.yaml names as the source of an indicator."""
    try:
        text = (_data_dir(ctx) / "obpf.yaml").read_text("utf-8", errors="replace")
    except OSError:
        return []
    return _starting(incomplete, sorted(set(SOURCE.findall(text))))


def any_ids(ctx: Any, incomplete: str | None) -> list[str]:
    """For `trace`: groups and indicators, the ids most often traced."""
    return group_ids(ctx, incomplete) + indicator_ids(ctx, incomplete)
