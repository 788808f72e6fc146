"""The Jinja environment: sandboxed, strict about missing values, escaping per format."""

from __future__ import annotations

import os
import re
from pathlib import Path
from types import CodeType

from jinja2 import BaseLoader, ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateNotFound
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.loaders import split_template_path
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


#: The most one template may hold (the bundled ToR template is 20 KB).
MAX_TEMPLATE_BYTES = 1024 * 1024


class CheckedLoader(BaseLoader):
    """A --templates folder's templates, each checked as a data file is before it is read
    (vrptool.files.read_checked): a regular file inside the folder once every link is resolved
    (Jinja's own loader follows a link to /etc/passwd or /dev/zero), of bounded size, UTF-8."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(self, environment, template: str):
        from vrptool.files import FileRefused, read_checked
        from vrptool.render.output import TemplateProblem, template_refusal

        path = self.folder.joinpath(*split_template_path(template))
        if not os.path.lexists(path):
            raise TemplateNotFound(template)  # the bundled one stands in
        try:
            text = read_checked(path, self.folder, max_bytes=MAX_TEMPLATE_BYTES).decode("utf-8")
        except FileRefused as refused:
            raise TemplateProblem(f"the template {path} cannot be used: {template_refusal(refused, 'a template')}") \
                from None
        except UnicodeDecodeError:
            raise TemplateProblem(f"the template {path} cannot be used: it is not UTF-8 text; save it as UTF-8") \
                from None
        modified = os.path.getmtime(path)
        return text, str(path), lambda: os.path.lexists(path) and os.path.getmtime(path) == modified


class _CompiledInProcess(BytecodeCache):
    """Each template's compiled code, kept for the process: compiling is most of the cost of
    rendering a small document, and a process that renders again (a test suite, a caller of the
    commands' functions) compiles each source once. Every template is still read (and a
    --templates folder's checked) each time; the code is reused only for the same source, to the
    byte, in an environment that compiles alike (escaping, filter and test names)."""

    def __init__(self) -> None:
        self._code: dict[tuple, CodeType] = {}

    @staticmethod
    def _key(bucket: Bucket) -> tuple:
        env = bucket.environment
        return (type(env), env.autoescape, frozenset(env.filters), frozenset(env.tests), bucket.key, bucket.checksum)

    def load_bytecode(self, bucket: Bucket) -> None:
        bucket.code = self._code.get(self._key(bucket))

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self._code[self._key(bucket)] = bucket.code


_COMPILED = _CompiledInProcess()


def environment(output_format: str, templates: Path | None = None) -> SandboxedEnvironment:
    """User templates run in Jinja's sandbox; the bundled ones fill any template they lack."""
    loaders: list[BaseLoader] = [CheckedLoader(templates)] if templates else []
    loaders.append(FileSystemLoader(str(bundled_templates())))
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=output_format == "html",
        keep_trailing_newline=True,
        trim_blocks=False,
        bytecode_cache=_COMPILED,
    )
    env.filters["md"] = markdown_escape
    return env
