"""vrptool render tor: Terms of Reference rendered from the data, as Markdown, HTML or Word."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import TextIO

from vrptool import checks, terminal
from vrptool.commands.common import refused_for_errors
from vrptool.dataset import CheckedDataSet
from vrptool.exitcodes import EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from vrptool.files import write_atomic
from vrptool.models.group import Group
from vrptool.suggest import did_you_mean
from vrptool.terminal import words

EXTENSIONS = {"md": "md", "html": "html", "docx": "docx"}


def render_tor(data_dir: Path, groups: list[str], *, all_groups: bool = False, output_format: str = "md",
               out_dir: Path = Path("tors"), check: bool = False, templates: Path | None = None,
               out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    checked = checks.check(data_dir, dt.date.today())
    if refused_for_errors(checked.errors, data_dir, err, "nothing was rendered"):
        return EXIT_REFUSED
    data = checked.valid()

    known = {group.id: group for _, group in data.valid_groups()}
    if all_groups:
        chosen = [group for group in known.values() if group.tor is not None]
        for group in known.values():
            if group.tor is None:
                err.write(f"vrptool: skipping {group.id}: it has no Terms of Reference in the data (no 'tor' key)\n")
    else:
        chosen = []
        for group_id in groups:
            if group_id not in known:
                err.write(f"vrptool: no group '{group_id}' in {data_dir / 'groups'}"
                          f"{did_you_mean(group_id, known)} (groups: {', '.join(sorted(known))})\n")
                return EXIT_USAGE
            if known[group_id].tor is None:
                err.write(f"vrptool: {group_id} has no Terms of Reference in the data (no 'tor' key)\n")
                return EXIT_REFUSED
            chosen.append(known[group_id])

    from jinja2 import TemplateError, TemplateSyntaxError

    from vrptool.render.environment import environment

    terminal.phase("Rendering ToRs", len(chosen))
    try:
        env = environment("html" if output_format == "docx" else output_format, templates)
        rendered = {output_path(out_dir, group.id, EXTENSIONS[output_format]):
                    render_one(data, group, output_format, env) for group in chosen}
    except TemplateSyntaxError as error:
        err.write(f"vrptool: template error in {error.filename or error.name}, line {error.lineno}: {error.message}\n")
        return EXIT_USAGE
    except TemplateError as error:
        err.write(f"vrptool: template error: {error.message or error}; nothing was written\n")
        return EXIT_USAGE
    if check:
        return _check(rendered, out, err)
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


def output_path(out_dir: Path, group_id: str, extension: str) -> Path:
    """<out_dir>/<group id>.<ext>; ids are validated, and this refuses any that could leave out_dir."""
    path = out_dir / f"{group_id}.{extension}"
    if path.parent != out_dir or "/" in group_id or "\\" in group_id or group_id.startswith("."):
        raise ValueError(f"'{group_id}' cannot name an output file")
    return path


def render_one(data: CheckedDataSet, group: Group, output_format: str, env) -> bytes:
    """One ToR as bytes, from the Jinja environment of its format. All rendering happens before
    anything is written."""
    tor = group.tor
    if tor is None:
        raise ValueError(f"{group.id} has no Terms of Reference (no 'tor' key) to render")
    terminal.step()
    from vrptool.render.prose import Notes
    from vrptool.render.tor_context import tor_context

    context = tor_context(data, group)
    template_format = "html" if output_format == "docx" else output_format
    notes = Notes({note.id: note.text for note in data.partnership.model.footnotes})
    text = env.get_template("tor.j2").render(
        **context, format=template_format, notes=notes, note=notes)
    if output_format == "md":
        return (re.sub(r"\n{3,}", "\n\n", text).strip() + "\n").encode("utf-8")
    if output_format == "html":
        return text.encode("utf-8")
    from vrptool.render.docx_writer import html_to_docx

    return html_to_docx(text, title=context["document_title"],
                        author=data.partnership.model.short_name, date=tor.issued)


def _same(committed: bytes, rendered: bytes) -> bool:
    """A committed rendering is current if only its line endings differ: git on Windows checks
    text files out with "\r\n"."""
    return committed == rendered or committed.replace(b"\r\n", b"\n") == rendered


def _check(rendered: dict[Path, bytes], out: TextIO, err: TextIO) -> int:
    stale = [path for path, content in rendered.items() if not path.is_file() or not _same(path.read_bytes(), content)]
    for path in stale:
        reason = "missing" if not path.exists() else "out of date with the data"
        out.write(f"{path}: {reason}\n")
    if stale:
        err.write(f"vrptool: {len(stale)} rendered ToR{'s are' if len(stale) != 1 else ' is'} not current; "
                  "run the same command without --check to update\n")
        return EXIT_REFUSED
    out.write(f"{words(len(rendered), 'rendered ToR')} {'is' if len(rendered) == 1 else 'are'} current\n")
    return EXIT_OK
