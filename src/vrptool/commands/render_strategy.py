"""vrptool render strategy: the partnership's Response Strategy rendered from the data, as
Markdown, HTML or Word (strategy/strategy.<format>)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

from vrptool import checks
from vrptool.commands.common import refused_for_errors, streams
from vrptool.dataset import CheckedDataSet
from vrptool.exitcodes import EXIT_REFUSED
from vrptool.models.partnership import Strategy

#: The strategy's file name in the output directory, before the format's extension.
NAME = "strategy"


def render_strategy(data_dir: Path, *, output_format: str = "md", out_dir: Path = Path("strategy"),
                    check: bool = False, templates: Path | None = None,
                    out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = streams(out, err)
    checked = checks.check(data_dir, dt.date.today())
    # A published strategy with a section still to be completed is an error (strategy-placeholder),
    # so it is refused here with every such section named at its line.
    if refused_for_errors(checked.errors, data_dir, err, "nothing was rendered"):
        return EXIT_REFUSED
    data = checked.valid()
    strategy = data.partnership.model.strategy
    if strategy is None:
        err.write(f"vrptool: {data_dir / 'partnership.yaml'} has no Response Strategy (no 'strategy' key)\n")
        return EXIT_REFUSED

    from vrptool.render.output import deliver

    def render() -> dict[Path, bytes]:
        return {out_dir / f"{NAME}.{output_format}": render_document(data, strategy, output_format, templates)}

    return deliver(render, out_dir, check=check, noun="strategy", out=out, err=err)


def render_document(data: CheckedDataSet, strategy: Strategy, output_format: str, templates: Path | None) -> bytes:
    """The strategy as bytes. Its Word file's date is the newest ToR issue date, or 1 January of
    the strategy's year: a date from the data, so the same data gives the same bytes."""
    from vrptool.render.environment import environment
    from vrptool.render.output import as_bytes, template_format
    from vrptool.render.prose import Notes
    from vrptool.render.strategy_context import strategy_context

    context = strategy_context(data, strategy)
    partnership = data.partnership.model
    notes = Notes({note.id: note.text for note in partnership.footnotes})
    text = environment(template_format(output_format), templates).get_template("strategy.j2").render(
        **context, format=template_format(output_format), notes=notes, note=notes)
    issued = [group.tor.issued for _, group in data.valid_groups() if group.tor]
    date = max(issued) if issued else dt.date(strategy.year or 2000, 1, 1)
    return as_bytes(text, output_format, title=context["document_title"], author=partnership.name,
                    subject=f"{partnership.name}: {strategy.title}", date=date,
                    header=" ".join(part for part in (context["document_title"], context["subtitle"]) if part),
                    draft=context["draft"], templates=templates)
