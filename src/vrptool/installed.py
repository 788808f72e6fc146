"""Where vrptool's own files are: its modules and its templates (the cache's keys hold their bytes)."""

from __future__ import annotations

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
    found = []
    for prefix, top, pattern in (("modules", PACKAGE, "*.py"), ("templates", bundled_templates(), "*")):
        for path in sorted(top.rglob(pattern)):
            if "__pycache__" not in path.parts and path.is_file():
                found.append((f"{prefix}/{path.relative_to(top).as_posix()}", path))
    return found
