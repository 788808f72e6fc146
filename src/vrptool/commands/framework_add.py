"""vrptool activity add and indicator add: grow the Theory of Change and the performance framework."""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path
from typing import TextIO

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from vrptool.commands.editing import Changes, UsageRefused, group_file, new_id, require_organisations, run_edit
from vrptool.edit import DataEdit, EditRefused, find_item, quoted
from vrptool.suggest import did_you_mean

UNITS = ("count", "percent", "score", "score_change")
BETTER = ("higher", "lower")


def _next_letter(parent: str, taken: list[str], kind: str) -> str:
    for letter in string.ascii_lowercase:
        if f"{parent}.{letter}" not in taken:
            return f"{parent}.{letter}"
    raise EditRefused(f"{parent} has an {kind} for every letter a to z; no id is left")


def _listed(mapping: CommentedMap, key: str) -> CommentedSeq:
    if not isinstance(mapping.get(key), CommentedSeq):
        mapping[key] = CommentedSeq()
    return mapping[key]


def _deliver(edit: DataEdit, changes: Changes, group: str, key: str, identifier: str, what: str) -> None:
    """List a new activity or indicator in a group's ToR, so that it has an owner from the start."""
    relative = group_file(edit, group)
    listed = _listed(edit.document(relative), key)
    old = [str(item.get("id")) if isinstance(item, dict) else str(item) for item in listed]
    listed.append(CommentedMap(id=quoted(identifier)) if key == "activities" else quoted(identifier))
    changes.note(relative, what, old, [*old, identifier])


def activity_add(data_dir: Path, strand: str, *, text: str, activity: str | None = None, group: str | None = None,
                 today: dt.date | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    def change(edit: DataEdit, changes: Changes) -> None:
        strands = edit.document("toc.yaml").get("strands")
        found = find_item(strands, "id", strand)
        if found is None:
            known = [str(s.get("id")) for s in strands or [] if isinstance(s, dict)]
            raise EditRefused(f"no ToC strand '{strand}' in toc.yaml{did_you_mean(strand, known)}")
        activities = _listed(found[1], "activities")
        taken = [str(a.get("id")) for a in activities if isinstance(a, dict)]
        identifier = new_id("ToC activity", activity, "--id") if activity else _next_letter(strand, taken, "activity")
        if identifier in taken:
            raise EditRefused(f"ToC activity {identifier} exists already")
        if not identifier.startswith(f"{strand}."):
            raise UsageRefused(f"--id {identifier} is not an activity of strand {strand} (it must start {strand}.)")
        activities.append(CommentedMap(id=quoted(identifier), text=text.strip()))
        changes.note("toc.yaml", f"ToC activity {identifier}", None, text.strip())
        if group:
            _deliver(edit, changes, group, "activities", identifier, "activities")

    return run_edit(data_dir, change, today=today, out=out, err=err)


def indicator_add(data_dir: Path, measure: str, *, text: str, source: str, unit: str, better: str,
                  dataset: str | None = None, target: float | None = None, indicator: str | None = None,
                  group: str | None = None, today: dt.date | None = None, out: TextIO | None = None,
                  err: TextIO | None = None) -> int:
    def change(edit: DataEdit, changes: Changes) -> None:
        new_id("OBPF measure", measure, "MEASURE")
        if unit not in UNITS:
            raise UsageRefused(f"--unit must be one of {', '.join(UNITS)}")
        if better not in BETTER:
            raise UsageRefused(f"--better must be one of {', '.join(BETTER)}")
        require_organisations(edit, [source], "--source")
        measure_entry = _measure(edit, changes, measure)
        indicators = _listed(measure_entry, "indicators")
        taken = [str(i.get("id")) for i in indicators if isinstance(i, dict)]
        identifier = new_id("OBPF indicator", indicator, "--id") if indicator else _next_letter(measure, taken, "indicator")
        if identifier in taken:
            raise EditRefused(f"indicator {identifier} exists already")
        if identifier.rsplit(".", 1)[0] != measure:
            raise UsageRefused(f"--id {identifier} is not an indicator of success measure {measure}")
        entry = CommentedMap()
        entry["id"] = quoted(identifier)
        entry["text"] = text.strip()
        entry["source"] = quoted(source)
        if dataset:
            entry["dataset"] = dataset.strip()
        entry["unit"] = unit
        entry["better"] = better
        if target is not None:
            entry["target"] = int(target) if float(target).is_integer() else target
        indicators.append(entry)
        changes.note("obpf.yaml", f"indicator {identifier}", None,
                     f"{text.strip()} (source {source}, {unit}, {better} is better"
                     + (f", target {entry['target']}" if target is not None else "") + ")")
        if group:
            _deliver(edit, changes, group, "indicators", identifier, "indicators")

    return run_edit(data_dir, change, today=today, out=out, err=err)


def _measure(edit: DataEdit, changes: Changes, measure: str) -> CommentedMap:
    """The success measure's entry; a new measure (and outcome) is made under an area that exists."""
    area_id, outcome_id = measure.split(".")[0], ".".join(measure.split(".")[:2])
    areas = edit.document("obpf.yaml").get("areas")
    area = find_item(areas, "id", area_id)
    if area is None:
        known = [str(a.get("id")) for a in areas or [] if isinstance(a, dict)]
        raise EditRefused(f"no OBPF area '{area_id}' in obpf.yaml for success measure {measure} to belong to"
                          f"{did_you_mean(area_id, known)}")
    outcome = _found_or_added(_listed(area[1], "outcomes"), outcome_id, "measures", changes,
                              f"outcome {outcome_id}", f"new, in area {area_id}")
    return _found_or_added(_listed(outcome, "measures"), measure, "indicators", changes,
                           f"success measure {measure}", f"new, under outcome {outcome_id}")


def _found_or_added(items, item_id: str, children: str, changes: Changes, what: str, said: str):
    """The entry of that id in the list; a new one (with an empty list of its children) if there is none."""
    found = find_item(items, "id", item_id)
    if found is not None:
        return found[1]
    items.append(CommentedMap([("id", quoted(item_id)), (children, CommentedSeq())]))
    changes.note("obpf.yaml", what, None, said)
    return items[-1]
