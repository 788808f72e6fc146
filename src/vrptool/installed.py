"""Where vrptool's own files are: its modules and its templates (the cache's keys hold their bytes)."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def bundled_templates() -> Path:
    """templates/ inside the installed package, or at the top of a source checkout."""
    installed = PACKAGE / "templates"
    if installed.is_dir():
        return installed
    return PACKAGE.parents[1] / "templates"


def code_files() -> list[tuple[str, Path]]:
    """Every module and template, each with a name that does not depend on where vrptool is installed."""
    found: list[tuple[str, Path]] = []
    # os.scandir, not Path.rglob: the glob took as long as reading and hashing every file
    _walk(PACKAGE, "modules/", ".py", found)
    _walk(bundled_templates(), "templates/", "", found)
    return sorted(found)


def _walk(folder: Path | str, name: str, suffix: str, found: list[tuple[str, Path]]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.is_dir():
            if entry.name != "__pycache__":
                _walk(entry.path, f"{name}{entry.name}/", suffix, found)
        elif entry.name.endswith(suffix) and entry.is_file():
            found.append((f"{name}{entry.name}", Path(entry.path)))
