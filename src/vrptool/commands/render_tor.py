"""vrptool render tor: Terms of Reference rendered from the data, as Markdown, HTML or Word."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

from vrptool import checks, terminal
from vrptool.commands.common import refused_for_errors, streams
from vrptool.dataset import CheckedDataSet
from vrptool.exitcodes import EXIT_REFUSED, EXIT_USAGE
from vrptool.models.group import Group
from vrptool.suggest import did_you_mean


def render_tor(data_dir: Path, groups: list[str], *, all_groups: bool = False, output_format: str = "md",
               out_dir: Path = Path("tors"), check: bool = False, templates: Path | None = None,
               out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = streams(out, err)
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

    from vrptool.render.environment import environment
    from vrptool.render.output import deliver, template_format

    def render() -> dict[Path, bytes]:
        terminal.phase("Rendering ToRs", len(chosen))
        env = environment(template_format(output_format), templates)
        return {output_path(out_dir, group.id, output_format): render_one(data, group, output_format, env, templates)
                for group in chosen}

    return deliver(render, out_dir, check=check, noun="ToR", out=out, err=err)


def output_path(out_dir: Path, group_id: str, extension: str) -> Path:
    """<out_dir>/<group id>.<ext>; ids are validated, and this refuses any that could leave out_dir."""
    path = out_dir / f"{group_id}.{extension}"
    if path.parent != out_dir or "/" in group_id or "\\" in group_id or group_id.startswith("."):
        raise ValueError(f"'{group_id}' cannot name an output file")
    return path


def render_one(data: CheckedDataSet, group: Group, output_format: str, env, templates: Path | None = None) -> bytes:
    """One ToR as bytes, from the Jinja environment of its format. All rendering happens before
    anything is written."""
    tor = group.tor
    if tor is None:
        raise ValueError(f"{group.id} has no Terms of Reference (no 'tor' key) to render")
    from vrptool.render.output import as_bytes, template_format
    from vrptool.render.prose import Notes

    terminal.step()
    from vrptool.render.tor_context import tor_context

    context = tor_context(data, group)
    notes = Notes({note.id: note.text for note in data.partnership.model.footnotes})
    text = env.get_template("tor.j2").render(**context, format=template_format(output_format), notes=notes, note=notes)
    partnership = data.partnership.model
    return as_bytes(text, output_format, title=context["document_title"], author=partnership.name,
                    subject=f"{partnership.name}: Terms of Reference", date=tor.issued,
                    header=f"{context['document_title']}, version {tor.version}", templates=templates)
