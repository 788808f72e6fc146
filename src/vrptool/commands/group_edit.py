"""vrptool group add, member add and member remove: a group and who sits on it."""

from __future__ import annotations

import datetime as dt
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
from vrptool.commands.editing import day as fresh
from vrptool.edit import DataEdit, EditRefused, find_item, quoted, set_after
from vrptool.suggest import did_you_mean

STATUSES = ("not_yet_required", "no_representation")


def default_review_by(issued: dt.date) -> dt.date:
    """A ToR is reviewed within a year of its issue: the day before its anniversary."""
    try:
        return issued.replace(year=issued.year + 1) - dt.timedelta(days=1)
    except ValueError:  # issued on 29 February
        return issued.replace(year=issued.year + 1, day=28)


def group_add(data_dir: Path, group: str, *, name: str, abbreviation: str, reports_to: str | None = None,
              objective: str | None = None, issued: dt.date | None = None, review_by: dt.date | None = None,
              today: dt.date | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    def change(edit: DataEdit, changes: Changes) -> None:
        new_id("group", group, "GROUP")
        relative = f"groups/{group}.yaml"
        if edit.exists(relative):
            raise EditRefused(f"group '{group}' exists already ({edit.path(relative)})")
        parent = reports_to or _top_board(edit)
        if parent is not None:
            group_file(edit, parent)
        if objective is not None:
            known = [str(o.get("id")) for o in edit.tree("partnership.yaml").get("strategic_objectives") or []]
            if objective not in known:
                raise EditRefused(f"--objective: no strategic objective '{objective}' in partnership.yaml"
                                  f"{did_you_mean(objective, known)}")
        day = issued or edit.today
        review = review_by or default_review_by(day)
        if review <= day:
            raise UsageRefused(f"--review-by {review} is not after the ToR's issue date {day}")
        tor = CommentedMap(version=1, issued=fresh(day), review_by=review)
        tor["history"] = CommentedSeq([CommentedMap(version=1, issued=fresh(day), change="First issue.")])
        document = new_file("../../schemas/group.schema.json", [f"{name.strip()} and its Terms of Reference."], {
            "id": quoted(group), "name": name.strip(), "abbreviation": abbreviation.strip(),
            "reports_to": quoted(parent) if parent else None, "objective": quoted(objective) if objective else None,
            "tor": tor, "membership": CommentedSeq(), "activities": CommentedSeq(),
            "recommendations": flow_ids([]), "indicators": flow_ids([]),
        })
        edit.create(relative, document)
        changes.note(relative, "group", None, f"{name.strip()} ({abbreviation.strip()})"
                     + (f", reports to {parent}" if parent else ", the top board"))
        changes.note(relative, "ToR", None, f"version 1, issued {day}, review by {review}")

    return run_edit(data_dir, change, today=today, out=out, err=err)


def _top_board(edit: DataEdit) -> str | None:
    """The group that reports to no other: where a new group reports unless told otherwise."""
    tops = []
    for path in layout.group_files(edit.data_dir):
        document = edit.document(f"groups/{path.name}")
        if isinstance(document, dict) and not document.get("reports_to"):
            tops.append(str(document.get("id")))
    if len(tops) > 1:
        raise UsageRefused(f"several groups report to no other ({', '.join(tops)}); say which with --reports-to")
    return tops[0] if tops else None


def member_add(data_dir: Path, group: str, organisation: str, *, roles: list[str] | None = None,
               status: str | None = None, sent: dt.date | None = None, today: dt.date | None = None,
               out: TextIO | None = None, err: TextIO | None = None) -> int:
    roles = [role.strip() for role in roles or [] if role.strip()]

    def change(edit: DataEdit, changes: Changes) -> None:
        if bool(roles) == (status is not None):
            raise UsageRefused("give the member's roles (--role, once per role) or its --status"
                               + (", not both" if roles else ""))
        if status is not None and status not in STATUSES:
            raise UsageRefused(f"--status must be one of {', '.join(STATUSES)}")
        relative = group_file(edit, group)
        require_organisations(edit, [organisation], "ORGANISATION")
        document = edit.document(relative)
        if not isinstance(document.get("membership"), CommentedSeq):
            document["membership"] = CommentedSeq()
        found = find_item(document["membership"], "organisation", organisation)
        what = f"membership of {organisation}"
        if found is None:
            entry = CommentedMap()
            entry["organisation"] = quoted(organisation)
            document["membership"].append(entry)
            old = None
        else:
            entry = found[1]
            old = _describe(entry)
        if roles:
            held = [str(r) for r in entry.get("roles") or []]
            if "status" in entry:
                del entry["status"]
            listed = entry.get("roles") if isinstance(entry.get("roles"), CommentedSeq) else CommentedSeq(held)
            listed.extend(role for role in roles if role not in held)
            set_after(entry, "roles", listed, after="organisation")
        else:
            if "roles" in entry:
                del entry["roles"]
            set_after(entry, "status", status, after="organisation")
        if sent is not None:
            set_after(entry, "sent", sent, after="status" if "status" in entry else "roles")
        if _describe(entry) != old:
            changes.note(relative, what, old, _describe(entry))

    return run_edit(data_dir, change, today=today, out=out, err=err)


def member_remove(data_dir: Path, group: str, organisation: str, *, today: dt.date | None = None,
                  out: TextIO | None = None, err: TextIO | None = None) -> int:
    def change(edit: DataEdit, changes: Changes) -> None:
        relative = group_file(edit, group)
        membership = edit.document(relative).get("membership")
        found = find_item(membership, "organisation", organisation)
        if found is None:
            members = [str(m.get("organisation")) for m in membership or [] if isinstance(m, dict)]
            raise EditRefused(f"'{organisation}' is not a member of {group}{did_you_mean(organisation, members)}")
        index, entry = found
        old = _describe(entry)
        membership.pop(index)
        changes.note(relative, f"membership of {organisation}", old, None)

    return run_edit(data_dir, change, today=today, out=out, err=err)


def _describe(entry: CommentedMap) -> str:
    held = entry.get("roles")
    text = ", ".join(str(r) for r in held) if held else str(entry.get("status", "")).replace("_", " ")
    return f"{text} (ToR sent {entry['sent']})" if entry.get("sent") else text
