"""vrptool crest set: move a Crest recommendation along the tracker, and its ToRs with it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, TextIO

from vrptool import layout
from vrptool.commands.common import streams
from vrptool.commands.editing import Changes, UsageRefused, run_edit
from vrptool.commands.tor_issue import issue_version
from vrptool.edit import DataEdit, EditRefused, delete_key, find_item, set_after
from vrptool.suggest import did_you_mean

#: The keys of a recommendation that `crest set` changes, each reported old → new.
TRACKED = ("status", "achieved_on", "evidence")


def crest_set(data_dir: Path, recommendation: str, *, status: str, on: dt.date | None = None,
              evidence: str | None = None, update_tors: bool = False, today: dt.date | None = None,
              out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = streams(out, err)

    def change(edit: DataEdit, changes: Changes) -> None:
        recommendations = edit.document("crest.yaml").get("recommendations")
        found = find_item(recommendations, "id", recommendation)
        if found is None:  # said before the options: no --evidence makes 6.22 a recommendation
            known = [str(item.get("id")) for item in recommendations or []]
            raise EditRefused(f"no recommendation '{recommendation}' in {edit.path('crest.yaml')}"
                              f"{did_you_mean(recommendation, known)}")
        if status == "achieved" and (on is None or not (evidence or "").strip()):
            raise UsageRefused("an achieved recommendation needs --on DATE and --evidence TEXT")
        if status != "achieved" and (on is not None or evidence is not None or update_tors):
            raise UsageRefused("--on, --evidence and --update-tors go with --status achieved only")
        entry = found[1]
        before = {key: entry.get(key) for key in TRACKED}
        entry["status"] = status
        if status == "achieved":
            set_after(entry, "achieved_on", on, after="status")
            set_after(entry, "evidence", (evidence or "").strip(), after="achieved_on")
        else:
            for key in ("achieved_on", "evidence"):
                delete_key(entry, key)
        for key in TRACKED:
            changes.note("crest.yaml", f"recommendation {recommendation} {key}", before[key], entry.get(key))
        owners = _owners(edit, recommendation)
        if owners:
            names = ", ".join(f"{abbreviation} ({path})" for abbreviation, path, _ in owners)
            out.write(f"recommendation {recommendation} is listed in the ToR of {names}\n")
        if status == "achieved" and owners and not update_tors:
            out.write("run again with --update-tors to remove it from those ToRs and raise their versions\n")
        if update_tors:
            for abbreviation, path, group in owners:
                listed = group["recommendations"]
                listed.pop([str(r) for r in listed].index(recommendation))
                if "tor" in group and "version" in group["tor"]:
                    # a new version of the ToR, as `vrptool tor issue` makes one
                    issue_version(group, path, changes, on=edit.today,
                                  change=f"Crest recommendation {recommendation} achieved on {on}: "
                                         "removed from the recommendations to deliver.")
                    out.write(f"{abbreviation}: removed {recommendation}, ToR version now {group['tor']['version']}\n")

    return run_edit(data_dir, change, today=today, out=out, err=err)


def _owners(edit: DataEdit, recommendation: str) -> list[tuple[str, str, Any]]:
    owners = []
    for path in layout.group_files(edit.data_dir):
        relative = str(path.relative_to(edit.data_dir))
        group = edit.document(relative)
        if recommendation in [str(r) for r in (group.get("recommendations") or [])]:
            owners.append((str(group.get("abbreviation") or group.get("id")), relative, group))
    return owners
