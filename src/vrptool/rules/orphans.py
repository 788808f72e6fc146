"""Shared by the orphan-* rules: which ids no group cites."""

from vrptool.dataset import DataSet
from vrptool.index import ids_readable


def cited_by_groups(data: DataSet, kind: str) -> set:
    return data.cited_by_groups().get(kind, set())


def has_groups(data: DataSet) -> bool:
    """Orphans can only be judged when every group file could be read."""
    return bool(data.groups) and all(ids_readable(loaded.source) for loaded in data.groups)


def unreferenced(data: DataSet, kind: str):
    """Each id of a kind that no group cites, with where it is defined (when groups can be judged)."""
    if not has_groups(data):
        return
    cited = cited_by_groups(data, kind)
    for id_, place in data.defined(kind).items():
        if id_ not in cited:
            yield id_, place
