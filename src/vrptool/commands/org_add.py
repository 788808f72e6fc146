"""vrptool org add: a new organisation of the partnership."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from vrptool.commands.editing import Changes, UsageRefused, new_id, organisation_ids, run_edit
from vrptool.edit import DataEdit, EditRefused, quoted

DUTIES = ("specified", "relevant", "none")


def org_add(data_dir: Path, organisation: str, *, name: str, duty: str, abbreviation: str | None = None,
            agency: str | None = None, today: dt.date | None = None, out: TextIO | None = None,
            err: TextIO | None = None) -> int:
    def change(edit: DataEdit, changes: Changes) -> None:
        new_id("organisation", organisation, "ORGANISATION")
        if duty not in DUTIES:
            raise UsageRefused(f"--duty must be one of {', '.join(DUTIES)}")
        if organisation in organisation_ids(edit):
            raise EditRefused(f"organisation '{organisation}' is in partnership.yaml already")
        partnership = edit.document("partnership.yaml")
        if not isinstance(partnership.get("organisations"), CommentedSeq):
            partnership["organisations"] = CommentedSeq()
        entry = CommentedMap()
        entry["id"] = quoted(organisation)
        entry["name"] = name.strip()
        if abbreviation:
            entry["abbreviation"] = abbreviation.strip()
        if agency:
            entry["agency"] = agency.strip()
        entry["duty"] = duty
        partnership["organisations"].append(entry)
        label = f"{name.strip()} ({abbreviation.strip()})" if abbreviation else name.strip()
        changes.note("partnership.yaml", f"organisation {organisation}", None, f"{label}, duty: {duty}")

    return run_edit(data_dir, change, today=today, out=out, err=err)
