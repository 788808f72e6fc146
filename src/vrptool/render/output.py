"""What every render command shares: a rendered template as the bytes of its format, and the
whole set of documents checked against, or written to, their files (all rendered before any is
written, each written atomically)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from vrptool.exitcodes import EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from vrptool.files import write_atomic
from vrptool.terminal import words


class TemplateProblem(Exception):
    """A file of a --templates folder vrptool cannot use; the message says which and why."""


def template_refusal(refused, what: str) -> str:
    """Why vrptool.files.read_checked refused a file of a --templates folder, in a template's words."""
    if refused.rule == "outside-link":
        return "it is a link to somewhere outside the templates folder; vrptool does not follow it"
    return refused.message.replace("a data file may have (the limit is the setting VRPTOOL_MAX_FILE_BYTES)",
                                   f"{what} may have").replace("a data file must be", f"{what} must be")


def template_format(output_format: str) -> str:
    """The template format an output format is rendered from: Word is built from the HTML."""
    return "html" if output_format == "docx" else output_format


def as_bytes(text: str, output_format: str, *, title: str, author: str, date: dt.date, subject: str = "",
             header: str = "", draft: bool = False, templates: Path | None = None) -> bytes:
    """A rendered template as the bytes of its output format."""
    if output_format == "md":
        return (re.sub(r"\n{3,}", "\n\n", text).strip() + "\n").encode("utf-8")
    if output_format == "html":
        return text.encode("utf-8")
    from vrptool.render.docx_writer import html_to_docx, reference_in

    return html_to_docx(text, title=title, author=author, date=date, subject=subject, header=header, draft=draft,
                        reference=reference_in(templates))


def deliver(render: Callable[[], dict[Path, bytes]], out_dir: Path, *, check: bool, noun: str,
            out: TextIO, err: TextIO) -> int:
    """Render every document, then with --check compare each with its file, else write them all."""
    from jinja2 import TemplateError, TemplateSyntaxError

    try:
        rendered = render()
    except TemplateSyntaxError as error:
        err.write(f"vrptool: template error in {error.filename or error.name}, line {error.lineno}: {error.message}\n")
        return EXIT_USAGE
    except TemplateError as error:
        err.write(f"vrptool: template error: {error.message or error}; nothing was written\n")
        return EXIT_USAGE
    except TemplateProblem as problem:
        err.write(f"vrptool: {problem}; nothing was written\n")
        return EXIT_USAGE
    except RecursionError as error:
        names = templates_on_the_way(error)
        if not names:
            raise  # not a template's: vrptool's own fault, reported as an internal error
        what = (f"{names[0]} includes, extends or calls itself" if len(names) == 1 else
                f"the templates {' → '.join(names)} include, extend or call each other")
        err.write(f"vrptool: template error: {what} without end; make the recursion stop (a macro needs a case "
                  "that does not call itself); nothing was written\n")
        return EXIT_USAGE
    if check:
        return _check(rendered, noun, out, err)
    if out_dir.exists() and not out_dir.is_dir():
        err.write(f"vrptool: -o names a folder to write into, but {out_dir} is a file; name a folder\n")
        return EXIT_USAGE
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for path, content in rendered.items():
            write_atomic(path, content)
    except OSError as error:
        err.write(f"vrptool: cannot write to {out_dir}: {error.strerror or error}\n")
        return EXIT_USAGE
    for path in rendered:
        out.write(f"wrote {path}\n")
    return EXIT_OK


def templates_on_the_way(error: BaseException) -> list[str]:
    """The templates a recursion went round, in the order it first met them: Jinja compiles each
    template to code named after its file, so the traceback's frames say which they are."""
    names: list[str] = []
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(".j2") and filename not in names:
            names.append(filename)
        trace = trace.tb_next
    return names


def _same(committed: bytes, rendered: bytes) -> bool:
    """A committed rendering is current if only its line endings differ: git on Windows checks
    text files out with "\r\n"."""
    return committed == rendered or committed.replace(b"\r\n", b"\n") == rendered


def _check(rendered: dict[Path, bytes], noun: str, out: TextIO, err: TextIO) -> int:
    stale = [path for path, content in rendered.items() if not path.is_file() or not _same(path.read_bytes(), content)]
    for path in stale:
        reason = "missing" if not path.exists() else "out of date with the data"
        out.write(f"{path}: {reason}\n")
    if stale:
        err.write(f"vrptool: {len(stale)} rendered {noun}{'s are' if len(stale) != 1 else ' is'} not current; "
                  "run the same command without --check to update\n")
        return EXIT_REFUSED
    out.write(f"{words(len(rendered), 'rendered ' + noun)} {'is' if len(rendered) == 1 else 'are'} current\n")
    return EXIT_OK
