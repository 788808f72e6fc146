"""What the routine edit commands share: running one edit, saying what it changed, finding ids.

Every routine command (`group add`, `member add`, `meeting add`, `tor issue`, ...) is a function
that changes round-trip documents of a `DataEdit` and notes each change here; `run_edit` checks
the data as it would be after the change, writes it only if it has no errors, and only then
prints what changed, old → new, so nothing is reported that was not written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from vrptool import ids, layout
from vrptool.commands.common import report_edit, streams
from vrptool.edit import DataEdit, EditRefused, quoted
from vrptool.exitcodes import EXIT_REFUSED, EXIT_USAGE
from vrptool.suggest import did_you_mean, shorten

NOTHING = "(none)"


class UsageRefused(EditRefused):
    """The options asked for something that cannot be (exit 2, as any usage error)."""


class Changes:
    """The lines that say what an edit changed: `file: what: old → new`."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.lines: list[str] = []

    def note(self, relative: str, what: str, old: Any, new: Any) -> None:
        """Say that `what` in data file `relative` went from old to new (None: it was not there / is gone)."""
        if old != new and not (_nothing(old) and _nothing(new)):  # (none) → (none) says nothing
            self.lines.append(f"{self.data_dir / relative}: {what}: {shown(old)} → {shown(new)}\n")


def _nothing(value: Any) -> bool:
    return value is None or value == [] or value == ""


def shown(value: Any) -> str:
    if _nothing(value):
        return NOTHING
    if isinstance(value, (list, tuple)):
        return ", ".join(shorten(item, 120) for item in value)
    return shorten(value, 200)


def day(value: dt.date) -> dt.date:
    """A date object of its own: the YAML writer would turn one object written twice into an alias."""
    return dt.date.fromordinal(value.toordinal())


def run_edit(data_dir: Path, change: Callable[[DataEdit, Changes], None], *, today: dt.date | None = None,
             out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Make one edit: `change` edits the documents and notes what it did; the rest is here."""
    out, err = streams(out, err)
    changes = Changes(data_dir)
    try:
        with DataEdit(data_dir, today) as edit:
            change(edit, changes)
            outcome = edit.apply()
    except UsageRefused as refused:
        err.write(f"vrptool: {refused}\n")
        return EXIT_USAGE
    except EditRefused as refused:
        err.write(f"vrptool: {refused}\n")
        return EXIT_REFUSED
    if outcome.changed:
        out.writelines(changes.lines)
    return report_edit(outcome, data_dir, out, err)

def new_id(kind: str, value: str, option: str) -> str:
    """An id the user gives for something new: it names a file or a key, so its form is checked first."""
    if not ids.matches(kind, value):
        raise UsageRefused(f"{option} '{shorten(value)}' is not a valid {kind} id "
                           f"(pattern {ids.PATTERNS[kind]}, e.g. \"{ids.EXAMPLES[kind]}\")")
    return value


def group_file(edit: DataEdit, group: str) -> str:
    """groups/<group>.yaml, refused with a suggestion when there is no such group."""
    relative = f"groups/{group}.yaml"
    if ids.matches("group", group) and edit.exists(relative):
        return relative
    known = [path.stem for path in layout.group_files(edit.data_dir)]
    raise EditRefused(f"no group '{shorten(group)}' in {edit.path('groups')}{did_you_mean(group, known)}")


def organisation_ids(edit: DataEdit) -> list[str]:
    return [str(o.get("id")) for o in edit.tree("partnership.yaml").get("organisations") or []
            if isinstance(o, dict)]


def require_organisations(edit: DataEdit, wanted: Iterable[str], option: str) -> None:
    known = organisation_ids(edit)
    for organisation in wanted:
        if organisation not in known:
            raise EditRefused(f"{option}: no organisation '{shorten(organisation)}' in partnership.yaml"
                              f"{did_you_mean(organisation, known, 'add it with `vrptool org add`')}")


def id_list(values: Iterable[str] | None) -> list[str]:
    """Ids given as repeated options or comma-separated (`--attended vru,police`), in order, once each."""
    seen: list[str] = []
    for value in values or []:
        for part in value.split(","):
            if part.strip() and part.strip() not in seen:
                seen.append(part.strip())
    return seen


def flow_ids(values: Iterable[str]) -> CommentedSeq:
    """A list of ids as the data writes short lists of ids: `["vru", "police"]`."""
    sequence = CommentedSeq(quoted(value) for value in values)
    sequence.fa.set_flow_style()
    return sequence


def new_file(schema: str, lines: Iterable[str], content: dict) -> CommentedMap:
    """A new data file: its schema line and a comment on top, then the content in order."""
    document = CommentedMap()
    for key, value in content.items():
        if value is not None:
            document[key] = value
    document.yaml_set_start_comment("\n".join([f"yaml-language-server: $schema={schema}", *lines]))
    return document
