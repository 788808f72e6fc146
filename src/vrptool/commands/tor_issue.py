"""vrptool tor issue: a new version of a group's Terms of Reference, recorded in its history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from vrptool.commands.editing import Changes, UsageRefused, day, group_file, run_edit
from vrptool.edit import DataEdit, EditRefused, set_after

#: What the history says of the version in force when the history began (its change is not known).
FIRST_RECORDED = "Version in force when this history began."


def issue_version(group: CommentedMap, relative: str, changes: Changes, *, change: str, on: dt.date,
                  review_by: dt.date | None = None) -> None:
    """Raise the ToR's version, set its issue date and review date, and add the version to its history.

    Without review_by the review falls due as long after this issue as it did after the last."""
    tor = group.get("tor")
    if not isinstance(tor, CommentedMap) or "version" not in tor or "issued" not in tor:
        raise EditRefused(f"{relative} has no ToR (tor: version, issued) to issue a new version of")
    version, issued = int(tor["version"]), tor["issued"]
    if not isinstance(issued, dt.date) or on < issued:
        raise UsageRefused(f"the new version's date {on} is before version {version}'s ({issued})")
    old_review = tor.get("review_by")
    if review_by is None and isinstance(old_review, dt.date):
        review_by = on + (old_review - issued)
    if review_by is not None and review_by <= on:
        raise UsageRefused(f"--review-by {review_by} is not after the issue date {on}")
    history = tor.get("history")
    # The blank line that ended the tor block (the YAML reader keeps it on the block's last key)
    # must end it still, after the new version.
    ending: tuple[CommentedMap, str] = (
        (history[-1], "change") if isinstance(history, CommentedSeq) and len(history)
        and isinstance(history[-1], CommentedMap) else (tor, list(tor.keys())[-1]))
    if not isinstance(history, CommentedSeq):
        history = CommentedSeq([CommentedMap(version=version, issued=day(issued), change=FIRST_RECORDED)])
        set_after(tor, "history", history, after="review_by" if "review_by" in tor else "issued")
    tor["version"] = version + 1
    tor["issued"] = day(on)
    changes.note(relative, "ToR version", version, version + 1)
    changes.note(relative, "ToR issued", issued, on)
    if review_by is not None:
        set_after(tor, "review_by", review_by, after="issued")
        if review_by != old_review:
            changes.note(relative, "ToR review by", old_review, review_by)
    history.append(CommentedMap(version=version + 1, issued=day(on), change=change.strip()))
    _carry_blank_lines(*ending, history[-1], "change")
    changes.note(relative, f"ToR history, version {version + 1}", None, change.strip())


def tor_issue(data_dir: Path, group: str, *, change: str, on: dt.date | None = None, review_by: dt.date | None = None,
              today: dt.date | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    def edit_group(edit: DataEdit, changes: Changes) -> None:
        if not change.strip():
            raise UsageRefused("say what changed in this version with --change TEXT")
        relative = group_file(edit, group)
        issue_version(edit.document(relative), relative, changes, change=change, on=on or edit.today,
                      review_by=review_by)

    return run_edit(data_dir, edit_group, today=today, out=out, err=err)


def _carry_blank_lines(source: CommentedMap, key: str, target: CommentedMap, target_key: str) -> None:
    comments = source.ca.items.get(key)
    if source is target or not comments or comments[2] is None or comments[2].value.strip():
        return  # nothing, or a real comment, which stays where it was written
    target.ca.items[target_key] = [None, None, comments[2], None]
    comments[2] = None
