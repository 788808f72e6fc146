"""vrptool meeting add, action add and action close: a meeting's record and what it agreed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TextIO

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from vrptool import layout
from vrptool.commands.editing import (
    Changes,
    UsageRefused,
    flow_ids,
    group_file,
    new_file,
    new_id,
    require_organisations,
    run_edit,
)
from vrptool.edit import DataEdit, EditRefused, find_item, quoted
from vrptool.suggest import did_you_mean

FORMATS = ("online", "in_person", "hybrid")


def meeting_file(edit: DataEdit, group: str, date: dt.date) -> str:
    """meetings/<group>/<date>.yaml of a meeting that is recorded, else refused naming those that are."""
    group_file(edit, group)
    relative = f"meetings/{group}/{date.isoformat()}.yaml"
    if edit.exists(relative):
        return relative
    held = [path.stem for path in layout.meeting_files(edit.data_dir) if path.parent.name == group]
    raise EditRefused(f"no meeting of {group} on {date} is recorded"
                      + (f"; its meetings: {', '.join(held[-5:])}" if held else "; add it with `vrptool meeting add`"))


def meeting_add(data_dir: Path, group: str, date: dt.date, *, format: str, attended: list[str],
                apologies: list[str] | None = None, host: str | None = None, illustrative: bool = False,
                today: dt.date | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    apologies = apologies or []

    def change(edit: DataEdit, changes: Changes) -> None:
        if format not in FORMATS:
            raise UsageRefused(f"--format must be one of {', '.join(FORMATS)}")
        if not attended:
            raise UsageRefused("name the organisations that attended with --attended (e.g. --attended vru,police)")
        both = [o for o in attended if o in apologies]
        if both:
            raise UsageRefused(f"{', '.join(both)} cannot both attend and send apologies")
        if host is not None and format == "online":
            raise UsageRefused("an online meeting has no --host; use --format in_person or hybrid")
        relative_group = group_file(edit, group)
        require_organisations(edit, attended, "--attended")
        require_organisations(edit, apologies, "--apologies")
        if host is not None:
            require_organisations(edit, [host], "--host")
        relative = f"meetings/{group}/{date.isoformat()}.yaml"
        if edit.exists(relative):
            raise EditRefused(f"the meeting of {group} on {date} is recorded already ({edit.path(relative)})")
        name = str(edit.tree(relative_group).get("name") or group)
        document = new_file("../../../schemas/meeting.schema.json", [f"{name}: meeting of {date:%d %B %Y}."], {
            "group": quoted(group), "date": date, "format": format, "host": quoted(host) if host else None,
            "illustrative": True if illustrative else None,
            "attended": flow_ids(attended), "apologies": flow_ids(apologies), "actions": CommentedSeq(),
        })
        edit.create(relative, document)
        changes.note(relative, "meeting", None, f"{name}, {date}, {format.replace('_', ' ')}"
                     + (f", hosted by {host}" if host else ""))
        changes.note(relative, "attended", None, attended)
        changes.note(relative, "apologies", None, apologies)

    return run_edit(data_dir, change, today=today, out=out, err=err)


def action_add(data_dir: Path, group: str, date: dt.date, *, text: str, owner: str, due: dt.date,
               action: str | None = None, today: dt.date | None = None, out: TextIO | None = None,
               err: TextIO | None = None) -> int:
    def change(edit: DataEdit, changes: Changes) -> None:
        relative = meeting_file(edit, group, date)
        require_organisations(edit, [owner], "--owner")
        document = edit.document(relative)
        if not isinstance(document.get("actions"), CommentedSeq):
            document["actions"] = CommentedSeq()
        actions = document["actions"]
        taken = [str(a.get("id")) for a in actions if isinstance(a, dict)]
        identifier = new_id("action", action, "--id") if action else _next_id(taken)
        if identifier in taken:
            raise EditRefused(f"the meeting of {group} on {date} has an action '{identifier}' already")
        if due < date:
            raise UsageRefused(f"--due {due} is before the meeting ({date})")
        entry = CommentedMap()
        entry["id"] = quoted(identifier)
        entry["text"] = text.strip()
        entry["owner"] = quoted(owner)
        entry["due"] = due
        entry["status"] = "open"
        actions.append(entry)
        changes.note(relative, f"action {identifier}", None, f"{text.strip()} (owner {owner}, due {due}, open)")

    return run_edit(data_dir, change, today=today, out=out, err=err)


def _next_id(taken: list[str]) -> str:
    numbers = [int(m[1]) for t in taken if (m := re.fullmatch(r"a(\d+)", t))]
    return f"a{max(numbers, default=0) + 1}"


def action_close(data_dir: Path, group: str, date: dt.date, action: str, *, today: dt.date | None = None,
                 out: TextIO | None = None, err: TextIO | None = None) -> int:
    def change(edit: DataEdit, changes: Changes) -> None:
        relative = meeting_file(edit, group, date)
        actions = edit.document(relative).get("actions")
        found = find_item(actions, "id", action)
        if found is None:
            taken = [str(a.get("id")) for a in actions or [] if isinstance(a, dict)]
            raise EditRefused(f"the meeting of {group} on {date} has no action '{action}'{did_you_mean(action, taken)}"
                              + (f" (its actions: {', '.join(taken)})" if taken else ""))
        entry = found[1]
        old = str(entry.get("status"))
        entry["status"] = "done"
        if old != "done":
            changes.note(relative, f"action {action} ({entry.get('text')})", old, "done")

    return run_edit(data_dir, change, today=today, out=out, err=err)
