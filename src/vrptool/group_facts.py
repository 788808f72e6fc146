"""What the rules across groups need of each valid group and meeting file, known without its model.

After one group's edit, the rules that must see every group (cycle, authority-unrepresented,
not-a-member) would build 501 group models and 1,500 meeting models at national scale from the
stored trees. They need only a group's id, whom it reports to and its members, and a meeting's
group and who came: those are taken from the file's model once and kept in the store under the
file's key (its bytes and vrptool's code), so that they are what the model reads, always.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vrptool.frozen import Frozen

if TYPE_CHECKING:
    from vrptool.dataset import DataSet, Loaded
    from vrptool.loader import SourceFile


class GroupFacts(Frozen):
    _fields = ("id", "reports_to", "roles", "listed")
    id: str
    reports_to: str | None
    roles: tuple[str, ...]  # the organisations its membership gives roles, in its order
    listed: tuple[str, ...]  # every organisation its membership lists, with or without roles

    def __init__(self, id: str, reports_to: str | None, roles: tuple[str, ...], listed: tuple[str, ...]) -> None:
        self._set(id=id, reports_to=reports_to, roles=roles, listed=listed)


class MeetingFacts(Frozen):
    _fields = ("group", "attended", "apologies")
    group: str
    attended: tuple[str, ...]
    apologies: tuple[str, ...]

    def __init__(self, group: str, attended: tuple[str, ...], apologies: tuple[str, ...]) -> None:
        self._set(group=group, attended=attended, apologies=apologies)


def group_facts(data: DataSet) -> list[tuple[SourceFile, GroupFacts]]:
    """Each valid group's file and facts, in the data set's order."""
    return _facts(data, data.groups, "group-facts:", _of_group, _group_entry)


def meeting_facts(data: DataSet) -> list[tuple[SourceFile, MeetingFacts]]:
    """Each valid meeting's file and facts, in the data set's order."""
    return _facts(data, data.meetings, "meeting-facts:", _of_meeting, _meeting_entry)


#: Where a file's facts are kept once known (the checks build several subsets of one data set's files).
_MEMO = "_group_facts"


def _facts(data: DataSet, files: list[Loaded[Any]], prefix: str, of_model: Any, from_entry: Any) -> list[tuple[SourceFile, Any]]:
    valid = [loaded for loaded in files if loaded.is_valid]
    pending = [loaded for loaded in valid if _MEMO not in loaded.source.__dict__]
    keys = {id(loaded): data.keys.get(loaded.source.display) for loaded in pending}
    store = data.store
    # every file of the kind at once (not a subset a rule is shown): from the data folder's bundle
    bundle = f"{prefix}{data.root}" if len(pending) == len(valid) else None
    stored = (store.get_many((prefix + key for key in keys.values() if key), bundle=bundle)
              if store is not None and pending else {})
    for loaded in pending:
        key = keys[id(loaded)]
        facts = from_entry(stored.get(prefix + key)) if key else None
        if facts is None:
            model = loaded.model
            facts = of_model(model) if model is not None else None
            if facts is not None and store is not None and key:
                store.put(prefix + key, _entry(facts))
        loaded.source.__dict__[_MEMO] = facts
    return [(loaded.source, facts) for loaded in valid if (facts := loaded.source.__dict__[_MEMO]) is not None]


def _of_group(group: Any) -> GroupFacts:
    # a member with roles (RoleMembership), told by its field: the group may be a model or a record
    return GroupFacts(group.id, group.reports_to,
                      tuple(member.organisation for member in group.membership if hasattr(member, "roles")),
                      tuple(member.organisation for member in group.membership))


def _of_meeting(meeting: Any) -> MeetingFacts:
    return MeetingFacts(meeting.group, tuple(meeting.attended), tuple(meeting.apologies))


def _entry(facts: GroupFacts | MeetingFacts) -> dict[str, Any]:
    return {name: list(value) if isinstance(value, tuple) else value for name, value in vars(facts).items()}


def _texts(value: Any) -> tuple[str, ...] | None:
    return tuple(value) if isinstance(value, list) and all(isinstance(item, str) for item in value) else None


def _group_entry(entry: Any) -> GroupFacts | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not isinstance(
            entry.get("reports_to"), str | None):
        return None
    roles, listed = _texts(entry.get("roles")), _texts(entry.get("listed"))
    if roles is None or listed is None:
        return None
    return GroupFacts(entry["id"], entry["reports_to"], roles, listed)


def _meeting_entry(entry: Any) -> MeetingFacts | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("group"), str):
        return None
    attended, apologies = _texts(entry.get("attended")), _texts(entry.get("apologies"))
    if attended is None or apologies is None:
        return None
    return MeetingFacts(entry["group"], attended, apologies)
