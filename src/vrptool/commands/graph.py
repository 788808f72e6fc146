"""vrptool graph: the Theory of Change → groups → indicators picture, as Mermaid or Graphviz."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TextIO

from vrptool import checks
from vrptool.commands.common import streams
from vrptool.exitcodes import EXIT_OK


def _node(kind: str, id_: str) -> str:
    return f"{kind}_{re.sub(r'[^A-Za-z0-9]', '_', id_)}"


def _label(text: str) -> str:
    """Label text that neither Mermaid nor DOT can read as syntax."""
    return re.sub(r"[\"<>{}|\[\]\\]", "", text).replace("#", "no. ")


def graph(data_dir: Path, *, output_format: str = "mermaid", out: TextIO | None = None) -> int:
    out, _ = streams(out, None)
    data = checks.check(data_dir, dt.date.today()).data
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []
    if data.toc and data.toc.model:
        for strand in data.toc.model.strands:
            strand_node = _node("strand", strand.id)
            nodes[strand_node] = f"{strand.id}. {strand.title}"
            for activity in strand.activities:
                nodes[_node("activity", activity.id)] = activity.id
                edges.append((strand_node, _node("activity", activity.id), ""))
    for _, group in data.valid_groups():
        nodes[_node("group", group.id)] = group.abbreviation
        for delivered in group.activities:
            edges.append((_node("activity", delivered.id), _node("group", group.id), "delivered by"))
        for indicator in group.indicators:
            nodes.setdefault(_node("indicator", indicator), indicator)
            edges.append((_node("group", group.id), _node("indicator", indicator), "monitors"))
    if output_format == "dot":
        out.write("digraph vrp {\n  rankdir=LR;\n")
        out.writelines(f'  {name} [label="{_label(label)}"];\n' for name, label in nodes.items())
        for a, b, label in edges:
            attributes = f' [label="{label}"]' if label else ""
            out.write(f"  {a} -> {b}{attributes};\n")
        out.write("}\n")
    else:
        out.write("flowchart LR\n")
        out.writelines(f'  {name}["{_label(label)}"]\n' for name, label in nodes.items())
        out.writelines(f"  {a} -->{f'|{label}|' if label else ''} {b}\n" for a, b, label in edges)
    return EXIT_OK
