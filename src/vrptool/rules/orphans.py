"""Shared by the orphan-* rules: which ids no group cites."""

from vrptool.dataset import DataSet


def cited_by_groups(data: DataSet, kind: str) -> set:
    return {place.id for place in data.references.get(kind, []) if place.owner is not None}


def has_groups(data: DataSet) -> bool:
    """Orphans can only be judged when every group file could be read."""
    return bool(data.groups) and all(loaded.source.readable for loaded in data.groups)
