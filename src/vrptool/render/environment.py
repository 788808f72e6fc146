"""The Jinja environment: sandboxed, strict about missing values, escaping per format."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from vrptool.installed import bundled_templates

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def markdown_escape(text: object) -> str:
    """Text that Markdown and GitHub's HTML show literally, never as markup or a table cell break."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
    escaped = _ENTITY.sub("&amp;", escaped)
    escaped = re.sub(r"\s*\n\s*", " ", escaped)  # a newline would end a table row or a list item
    # A heading or list marker at line start; a number's marker is escaped at its punctuation
    # ("2\\."), as Markdown's backslash escapes only punctuation.
    escaped = re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", escaped)
    return re.sub(r"^(#+|[-+])(\s)", r"\\\1\2", escaped)


def environment(output_format: str, templates: Path | None = None) -> SandboxedEnvironment:
    """User templates run in Jinja's sandbox; the bundled ones fill any template they lack."""
    loaders = [FileSystemLoader(str(templates))] if templates else []
    loaders.append(FileSystemLoader(str(bundled_templates())))
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=output_format == "html",
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters["md"] = markdown_escape
    return env
