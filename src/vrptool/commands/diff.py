"""vrptool diff: what a change does to the partnership, in its own terms rather than in lines.

The data at each revision comes from `vrptool.git`, the comparison from `vrptool.changes`; this
module says it as text, Markdown or JSON."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TextIO

from vrptool import git
from vrptool.changes import SECTIONS, compare
from vrptool.commands.common import streams
from vrptool.exitcodes import EXIT_OK, EXIT_USAGE


def diff(data_dir: Path, base: str | None = None, head: str | None = None, *, output_format: str = "text",
         out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = streams(out, err)
    from vrptool.dataset import load_dataset

    try:
        top = git.toplevel(data_dir)
        relative = str(data_dir.resolve().relative_to(top.resolve())).replace("\\", "/")
        relative = "" if relative == "." else relative
        base = base or git.merge_base_with_main(top)
        with tempfile.TemporaryDirectory(prefix="vrptool-diff-") as scratch:
            before = load_dataset(git.extract(top, base, relative, Path(scratch) / "base"), use_cache=False)
            after_dir = git.extract(top, head, relative, Path(scratch) / "head") if head else data_dir
            after = load_dataset(after_dir, use_cache=False)
            changes = compare(before, after)
    except git.GitError as error:
        err.write(f"vrptool: diff: {error}\n")
        return EXIT_USAGE
    head_name = head or "the working tree"
    if output_format == "json":
        out.write(json.dumps({"base": base, "head": head or "working tree", "changes": changes},
                             indent=2, ensure_ascii=False) + "\n")
    elif output_format == "md":
        out.write(f"## What this change does to the partnership\n\nCompared with `{base[:12]}`.\n\n")
        if not changes:
            out.write("No changes to the partnership's data.\n")
        for section in SECTIONS:
            lines = [c["text"] for c in changes if c["section"] == section]
            if lines:
                out.write(f"### {section}\n\n" + "".join(f"- {_md(line)}\n" for line in lines) + "\n")
    else:
        out.write(f"Changes from {base[:12]} to {head_name}:\n")
        if not changes:
            out.write("  none to the partnership's data\n")
        for section in SECTIONS:
            lines = [c["text"] for c in changes if c["section"] == section]
            if lines:
                out.write(f"{section}:\n" + "".join(f"  - {line}\n" for line in lines))
    return EXIT_OK


def _md(text: str) -> str:
    from vrptool.render.environment import markdown_escape

    return markdown_escape(text)


