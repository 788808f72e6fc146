"""Which format to write: the one --format names, else the one the -o file's extension names.

`vrptool report -q latest -o board.html` writes HTML; `-o board.html --format md` is refused in
one line rather than writing Markdown into a file every program will open as a web page.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

#: File extensions that name a format, and what a user calls each format.
EXTENSIONS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json",
              ".docx": "docx", ".xlsx": "xlsx", ".csv": "csv"}
NAMES = {"md": "Markdown", "html": "HTML", "json": "JSON", "docx": "Word", "xlsx": "Excel", "csv": "CSV",
         "text": "text"}


class FormatRefused(ValueError):
    """The format and the output file disagree; the message says how to put it right."""


def chosen(output: Path | None, given: str | None, choices: Sequence[str], default: str) -> str:
    """The format to write, from --format (`given`, None when not given) and the -o file's name."""
    if output is None:
        return given or default
    implied = EXTENSIONS.get(output.suffix.lower())
    if given is not None:
        if implied is not None and implied != given:
            raise FormatRefused(f"-o {output.name} asks for {NAMES[implied]} but --format is {given}; "
                                f"leave out --format, or name the file {output.stem}.{given}")
        return given
    if implied is None:
        return default
    if implied not in choices:
        raise FormatRefused(f"-o {output.name}: this command cannot write {NAMES[implied]}; "
                            f"it writes {', '.join(choices)} (--format)")
    return implied
