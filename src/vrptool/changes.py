"""What changed between two versions of the data, in the partnership's terms: members, activities,
recommendations, indicators, ToR versions, values and meetings (for `vrptool diff`)."""

from __future__ import annotations

from vrptool.models.group import RoleMembership
from vrptool.terminal import words

SECTIONS = ("Groups", "Crest recommendations", "Performance framework", "Theory of Change", "Organisations",
            "Returns", "Meetings")
MAX_VALUE_LINES = 20  # per quarter; beyond this the change is counted, not listed


def _change(section: str, kind: str, text: str, **details) -> dict:
    return {"section": section, "kind": kind, "text": text, **details}


def compare(before, after) -> list[dict]:
    changes: list[dict] = []
    changes += _groups(before, after)
    changes += _crest(before, after)
    changes += _framework(before, after)
    changes += _toc(before, after)
    changes += _organisations(before, after)
    changes += _returns(before, after)
    changes += _meetings(before, after)
    return changes


def _groups(before, after) -> list[dict]:
    old = {g.id: g for _, g in before.valid_groups()}
    new = {g.id: g for _, g in after.valid_groups()}
    changes = []
    for group_id in sorted(new.keys() - old.keys()):
        changes.append(_change("Groups", "group-added", f"new group: {new[group_id].name} ({new[group_id].abbreviation})",
                               group=group_id))
    for group_id in sorted(old.keys() - new.keys()):
        changes.append(_change("Groups", "group-removed", f"group removed: {old[group_id].name}", group=group_id))
    for group_id in sorted(old.keys() & new.keys()):
        a, b = old[group_id], new[group_id]
        name = b.abbreviation
        if (a.tor and a.tor.version) != (b.tor and b.tor.version):
            changes.append(_change("Groups", "tor-version", f"{name}: ToR version {a.tor.version if a.tor else '–'} → "
                                   f"{b.tor.version if b.tor else '–'}", group=group_id))
        if (a.tor and a.tor.review_by) != (b.tor and b.tor.review_by):
            changes.append(_change("Groups", "review-by", f"{name}: ToR review date "
                                   f"{a.tor.review_by if a.tor else None} → {b.tor.review_by if b.tor else None}",
                                   group=group_id))
        members_a = {m.organisation: m for m in a.membership}
        members_b = {m.organisation: m for m in b.membership}
        for organisation in sorted(members_b.keys() - members_a.keys()):
            changes.append(_change("Groups", "member-joined", f"{name}: {organisation} joined", group=group_id,
                                   organisation=organisation))
        for organisation in sorted(members_a.keys() - members_b.keys()):
            changes.append(_change("Groups", "member-left", f"{name}: {organisation} left", group=group_id,
                                   organisation=organisation))
        for organisation in sorted(members_a.keys() & members_b.keys()):
            old_roles, new_roles = _roles(members_a[organisation]), _roles(members_b[organisation])
            for role in sorted(new_roles - old_roles):
                changes.append(_change("Groups", "role-added", f"{name}: {organisation} now represented by {role}",
                                       group=group_id, organisation=organisation))
            for role in sorted(old_roles - new_roles):
                changes.append(_change("Groups", "role-removed", f"{name}: {organisation} no longer represented by {role}",
                                       group=group_id, organisation=organisation))
        for label, kind, getter in (("activity", "activity", lambda g: [x.id for x in g.activities]),
                                    ("Crest recommendation", "recommendation", lambda g: list(g.recommendations)),
                                    ("indicator", "indicator", lambda g: list(g.indicators))):
            added = [x for x in getter(b) if x not in getter(a)]
            removed = [x for x in getter(a) if x not in getter(b)]
            for item in added:
                changes.append(_change("Groups", f"{kind}-added", f"{name}: {label} {item} added", group=group_id, id=item))
            for item in removed:
                changes.append(_change("Groups", f"{kind}-removed", f"{name}: {label} {item} removed", group=group_id,
                                       id=item))
        prose = [field for field in ("introduction", "aims", "responsibilities", "reporting", "meeting_arrangements",
                                     "administration", "data_sharing") if getattr(a, field) != getattr(b, field)]
        if prose:
            changes.append(_change("Groups", "tor-text", f"{name}: ToR wording changed ({', '.join(prose)})",
                                   group=group_id))
    return changes


def _roles(member) -> set[str]:
    if isinstance(member, RoleMembership):
        return set(member.roles)
    return {member.status.replace("_", " ")}


def _crest(before, after) -> list[dict]:
    old = {r.id: r for r in before.crest.model.recommendations} if before.crest and before.crest.model else {}
    new = {r.id: r for r in after.crest.model.recommendations} if after.crest and after.crest.model else {}
    changes = []
    for rec_id in sorted(new.keys() - old.keys()):
        changes.append(_change("Crest recommendations", "added", f"{rec_id} added ({new[rec_id].status})", id=rec_id))
    for rec_id in sorted(old.keys() - new.keys()):
        changes.append(_change("Crest recommendations", "removed", f"{rec_id} removed", id=rec_id))
    for rec_id in sorted(old.keys() & new.keys()):
        a, b = old[rec_id], new[rec_id]
        if a.status != b.status:
            when = f" on {b.achieved_on}" if b.status == "achieved" and b.achieved_on else ""
            changes.append(_change("Crest recommendations", "status",
                                   f"{rec_id}: {a.status.replace('_', ' ')} → {b.status.replace('_', ' ')}{when}",
                                   id=rec_id, before=a.status, after=b.status))
        if a.text != b.text:
            changes.append(_change("Crest recommendations", "text", f"{rec_id}: wording changed", id=rec_id))
    return changes


def _indicators(data) -> dict:
    if not (data.obpf and data.obpf.model):
        return {}
    return {placed.indicator.id: placed.indicator for placed in data.obpf.model.indicators()}


def _framework(before, after) -> list[dict]:
    old, new = _indicators(before), _indicators(after)
    changes = []
    for indicator in sorted(new.keys() - old.keys()):
        changes.append(_change("Performance framework", "added", f"indicator {indicator} added: {new[indicator].text}",
                               id=indicator))
    for indicator in sorted(old.keys() - new.keys()):
        changes.append(_change("Performance framework", "removed", f"indicator {indicator} removed", id=indicator))
    for indicator in sorted(old.keys() & new.keys()):
        a, b = old[indicator], new[indicator]
        for field in ("text", "source", "unit", "better", "target", "baseline"):
            if getattr(a, field) != getattr(b, field):
                changes.append(_change("Performance framework", field,
                                       f"indicator {indicator}: {field} {getattr(a, field)} → {getattr(b, field)}",
                                       id=indicator))
    return changes


def _toc(before, after) -> list[dict]:
    def activities(data):
        if not (data.toc and data.toc.model):
            return {}
        return {a.id: a for s in data.toc.model.strands for a in s.activities}

    old, new = activities(before), activities(after)
    changes = [_change("Theory of Change", "added", f"activity {a} added: {new[a].text}", id=a)
               for a in sorted(new.keys() - old.keys())]
    changes += [_change("Theory of Change", "removed", f"activity {a} removed", id=a) for a in sorted(old.keys() - new.keys())]
    for a in sorted(old.keys() & new.keys()):
        if old[a].text != new[a].text:
            changes.append(_change("Theory of Change", "reworded", f"activity {a} reworded", id=a))
        # The strategy's own wording, where it has one, is a change to the Response Strategy.
        if old[a].strategy_text != new[a].strategy_text:
            changes.append(_change("Theory of Change", "reworded",
                                   f"activity {a} reworded in the Response Strategy", id=a))
    return changes


def _organisations(before, after) -> list[dict]:
    def organisations(data):
        return {o.id: o for o in data.partnership.model.organisations} if data.partnership and data.partnership.model else {}

    old, new = organisations(before), organisations(after)
    changes = [_change("Organisations", "added", f"{new[o].name} ({o}) added, duty: {new[o].duty}", id=o)
               for o in sorted(new.keys() - old.keys())]
    changes += [_change("Organisations", "removed", f"{old[o].name} ({o}) removed", id=o)
                for o in sorted(old.keys() - new.keys())]
    changes += [_change("Organisations", "duty", f"{new[o].name}: duty {old[o].duty} → {new[o].duty}", id=o)
                for o in sorted(old.keys() & new.keys()) if old[o].duty != new[o].duty]
    return changes


def _entries(data) -> dict:
    # A value by area is named "indicator (area)"; the total by its indicator alone.
    return {r.quarter: {e.indicator if e.area is None else f"{e.indicator} ({e.area})": e for e in r.values}
            for _, r in data.valid_returns()}


def _shown(entry) -> str:
    if entry.missing is not None:
        return f"missing ({entry.missing})"
    return f"{entry.value:g}" + (f" (n={entry.n})" if entry.n is not None else "")


def _returns(before, after) -> list[dict]:
    old, new = _entries(before), _entries(after)
    changes = []
    for quarter in sorted(old.keys() | new.keys()):
        a, b = old.get(quarter, {}), new.get(quarter, {})
        lines = []
        for indicator in sorted(b.keys() - a.keys()):
            lines.append(_change("Returns", "value-added", f"{quarter} {indicator}: {_shown(b[indicator])} added",
                                 quarter=quarter, indicator=indicator))
        for indicator in sorted(a.keys() - b.keys()):
            lines.append(_change("Returns", "value-removed", f"{quarter} {indicator}: value removed",
                                 quarter=quarter, indicator=indicator))
        for indicator in sorted(a.keys() & b.keys()):
            if (a[indicator].value, a[indicator].n, a[indicator].missing) != (b[indicator].value, b[indicator].n,
                                                                               b[indicator].missing):
                lines.append(_change("Returns", "value-revised", f"{quarter} {indicator}: {_shown(a[indicator])} → "
                                     f"{_shown(b[indicator])}", quarter=quarter, indicator=indicator))
        if quarter not in old and quarter in new:
            changes.append(_change("Returns", "quarter-added",
                                   f"{quarter}: returns added ({words(len(b), 'indicator')})",
                                   quarter=quarter))
            continue
        changes += lines[:MAX_VALUE_LINES]
        if len(lines) > MAX_VALUE_LINES:
            changes.append(_change("Returns", "more", f"{quarter}: and {len(lines) - MAX_VALUE_LINES} more value changes",
                                   quarter=quarter))
    return changes


def _meetings(before, after) -> list[dict]:
    def meetings(data):
        return {(m.group, m.date.isoformat()) for _, m in data.valid_meetings()}

    old, new = meetings(before), meetings(after)
    changes = [_change("Meetings", "added", f"{group}: meeting of {day} recorded", group=group, date=day)
               for group, day in sorted(new - old)]
    changes += [_change("Meetings", "removed", f"{group}: meeting of {day} removed", group=group, date=day)
                for group, day in sorted(old - new)]
    return changes
