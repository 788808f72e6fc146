"""The formats each command writes (the registry the CLI's --format choices and help come from),
and which to write: the one --format names, else the one the -o file's extension names; an
extension that names none of the command's formats is refused, a file with no extension gets the default.

`vrptool report -q latest -o board.html` writes HTML; `-o board.html --format md` is refused in
one line rather than writing Markdown into a file every program will open as a web page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from vrptool.statuses import alternatives

#: File extensions that name a format, and what a user calls each format.
EXTENSIONS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json",
              ".docx": "docx", ".xlsx": "xlsx", ".csv": "csv"}
NAMES = {"md": "Markdown", "html": "HTML", "json": "JSON", "docx": "Word", "xlsx": "Excel", "csv": "CSV",
         "text": "text"}


@dataclass(frozen=True)
class Formats:
    """The formats one command writes, the default first, each with a word on what it gives ("" for none)."""

    notes: dict[str, str]
    #: The -o file's extension picks the format when --format is not given.
    by_extension: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.notes)

    @property
    def default(self) -> str:
        return self.names[0]

    def help(self) -> str:
        """The --format help: "md (default), html or docx.", each format's note in brackets."""
        shown = [f"{name} ({note})" if note else name for name, note in self.notes.items()]
        if not self.by_extension:
            shown[0] += " (default)"
        default = f" (default: from the -o file's extension, else {self.default})" if self.by_extension else ""
        return f"{alternatives(tuple(shown))}{default}."


#: A document of the partnership's: `render tor`, `render strategy`.
DOCUMENT = Formats({"md": "", "html": "", "docx": ""})
REPORT = Formats({"md": "", "html": "", "json": "", "docx": "Word", "xlsx": "every table a sheet",
                  "csv": "the indicators table"}, by_extension=True)
RETURNS_TEMPLATE = Formats({"xlsx": "", "csv": ""}, by_extension=True)
TRACE = Formats({"text": "", "json": ""})
GRAPH = Formats({"mermaid": "", "dot": ""})
DIFF = Formats({"text": "", "md": "", "json": ""})
DUE = Formats({"text": "", "md": "", "json": ""})


class FormatRefused(ValueError):
    """The format and the output file disagree; the message says how to put it right."""


def chosen(output: Path | None, given: str | None, choices: Sequence[str], default: str) -> str:
    """The format to write, from --format (`given`, None when not given) and the -o file's name."""
    if output is None:
        return given or default
    implied = EXTENSIONS.get(output.suffix.lower())
    if output.suffix and implied is None:
        # A file named for a format we do not write would hold one it does not say (Markdown in a .pdf).
        advice = " (print the HTML to PDF from a browser)" if output.suffix.lower() == ".pdf" and "html" in choices else ""
        raise FormatRefused(f"-o {output.name}: vrptool writes no {output.suffix}; "
                            f"use {', '.join(f'.{name}' for name in choices)}{advice}")
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
