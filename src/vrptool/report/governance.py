"""The report's groups and meetings, worked out once and kept in the store by what they rest on.

What the report says of the partnership's groups and meetings (who monitors each indicator, who
owns each recommendation, each group's section but for its indicators' figures, the overdue
terms of reference and actions) rests on the group and meeting files, the partnership's
organisations, the Crest tracker's statuses, the report's quarter, the day it is made on and
vrptool's code: nothing else. At national scale that is 501 group and 1,500 meeting models to
build; here it is read back as one stored entry while none of those files changed (a returns
edit, or nothing changed), and worked out from the models otherwise.

The store is an aid, never an input: what is read back is what the models give, as plain values
(tests/test_report_cache.py compares every report with --no-cache).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from vrptool.models.group import RoleMembership
from vrptool.quarters import Quarter

if TYPE_CHECKING:
    from vrptool.dataset import CheckedDataSet, Loaded

PREFIX = "report-governance:"
#: Every part an entry has, each of the kind `_work_out` gives it.
PARTS = {"monitors": dict, "owners": dict, "groups": list, "tors_overdue": list, "actions_open": int,
         "actions_overdue": list, "meetings_illustrative": bool}


def governance(data: CheckedDataSet, quarter: Quarter, today: dt.date) -> dict[str, Any]:
    """The groups' and meetings' part of the report (see `_work_out`), from the store where what
    it rests on is unchanged."""
    store = data.store
    key = _key(data, quarter, today) if store is not None else None
    if store is None or key is None:
        return _work_out(data, quarter, today)
    stored = store.get(PREFIX + key)
    if isinstance(stored, dict) and stored.keys() == PARTS.keys() and all(
            type(stored[part]) is kind for part, kind in PARTS.items()):
        return stored
    worked = _work_out(data, quarter, today)
    store.put(PREFIX + key, worked)
    return worked


def _key(data: CheckedDataSet, quarter: Quarter, today: dt.date) -> str | None:
    """A digest of everything the part rests on, or None when a file it rests on has no key in the store."""
    from vrptool import cache

    files: list[Loaded[Any]] = [data.partnership, data.crest, *data.groups, *data.meetings]
    keys = [data.keys.get(loaded.source.display) for loaded in files]
    if any(key is None for key in keys):
        return None
    digest = hashlib.blake2b(f"{cache.code_fingerprint()}\0{quarter.id}\0{today.isoformat()}".encode(), digest_size=20)
    for loaded, key in zip(files, keys, strict=True):
        # a file's place and bytes, and whether it validated (a group that did not is left out)
        digest.update(f"\0{loaded.source.display}\0{key}\0{loaded.is_valid}".encode())
    return digest.hexdigest()


def _work_out(data: CheckedDataSet, quarter: Quarter, today: dt.date) -> dict[str, Any]:
    """From the models: each indicator's monitoring groups and each recommendation's owners (by
    abbreviation), each group's section with its indicators by id (their figures are the rows'),
    the terms of reference overdue, how many actions are open and the overdue ones as page 1
    lists them, and whether the quarter's meeting records are illustrative. Plain values only,
    read back from the store as they were put."""
    partnership = data.partnership.model
    organisations = {o.id: o for o in partnership.organisations}
    statuses = {r.id: r.status for r in data.crest.model.recommendations}
    groups = [g for _, g in data.valid_groups()]
    monitors: dict[str, list[str]] = defaultdict(list)
    owners: dict[str, list[str]] = defaultdict(list)
    for group in groups:
        for indicator in group.indicators:
            monitors[indicator].append(group.abbreviation)
        for recommendation in group.recommendations:
            owners[recommendation].append(group.abbreviation)
    meetings = [m for _, m in data.valid_meetings() if m.date <= quarter.end]
    meetings_of = defaultdict(list)
    for meeting in sorted(meetings, key=lambda m: m.date):
        meetings_of[meeting.group].append(meeting)
    open_actions = [(m, a) for m in meetings for a in m.actions if a.status == "open"]
    tors_overdue = [
        {"group": g.abbreviation, "name": g.name, "review_by": g.tor.review_by.isoformat(),
         "overdue_months": _months_between(g.tor.review_by, today), "overdue_days": (today - g.tor.review_by).days}
        for g in groups if g.tor and g.tor.review_by and g.tor.review_by < today
    ]
    group_names = {g.id: g.abbreviation for g in groups}
    overdue = sorted(
        ({"group": group_names.get(m.group, m.group), "text": a.text, "id": a.id, "meeting": m.date.isoformat(),
          "owner": _label(organisations[a.owner]), "due": a.due.isoformat(), "days_late": (today - a.due).days}
         for m, a in open_actions if a.due < today),
        key=lambda a: (-a["days_late"], a["group"], a["id"]))
    return {
        "monitors": dict(monitors),
        "owners": dict(owners),
        "groups": [_group(g, quarter, meetings_of.get(g.id, []), organisations, statuses, today) for g in groups],
        "tors_overdue": tors_overdue,
        "actions_open": len(open_actions),
        "actions_overdue": overdue,
        "meetings_illustrative": any(m.illustrative for m in meetings if quarter.contains(m.date)),
    }


def _label(organisation) -> str:
    return organisation.abbreviation or organisation.name


def _months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from one date to a later one."""
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def _group(group, quarter: Quarter, meetings, organisations, statuses, today: dt.date) -> dict:
    """One group's section, its indicators by id; `meetings` are the group's own, up to the
    quarter's end, by date."""
    held = [m for m in meetings if quarter.contains(m.date)]
    attendance = []
    for member in group.membership:
        organisation = organisations[member.organisation]
        if organisation.duty == "none" or not isinstance(member, RoleMembership):
            continue
        attended = sum(1 for m in held if member.organisation in m.attended)
        attendance.append({
            "organisation": _label(organisation),
            "duty": organisation.duty,
            "attended": attended,
            "meetings": len(held),
            "rate": round(100 * attended / len(held), 1) if held else None,
        })
    open_actions = [
        {"meeting": m.date.isoformat(), "id": a.id, "text": a.text, "owner": _label(organisations[a.owner]),
         "due": a.due.isoformat(), "overdue": a.due < today}
        for m in meetings for a in m.actions if a.status == "open"
    ]
    return {
        "id": group.id,
        "name": group.name,
        "abbreviation": group.abbreviation,
        "indicators": list(group.indicators),
        "recommendations": [{"id": r, "status": statuses.get(r)} for r in group.recommendations],
        "meetings": [{"date": m.date.isoformat(), "format": m.format} for m in held],
        "attendance": attendance,
        "actions_open": open_actions,
        "actions_overdue": [a for a in open_actions if a["overdue"]],
    }
