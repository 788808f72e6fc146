"""Entering a quarter's indicator values into returns/<quarter>.yaml: what `returns set` and
`returns import` share.

Every value is read by vrptool.numbers, whichever way it arrives, and judged against the
indicator's earlier quarters (vrptool.plausible) before anything is written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from vrptool import numbers, plausible, quarters
from vrptool.edit import DataEdit, EditRefused, delete_key, quoted, set_after


def quarter_named(edit: DataEdit, text: str) -> quarters.Quarter:
    """The quarter `text` names under the partnership's financial year (never "latest": values go to a named one)."""
    partnership = edit.tree("partnership.yaml")
    start = int(partnership.get("financial_year_start_month", 4)) if isinstance(partnership, dict) else 4
    if text.strip().lower() == "latest":
        raise EditRefused("--quarter latest names the newest quarter with returns; name the quarter to enter")
    return quarters.parse(text, start)



def returns_document(edit: DataEdit, quarter: quarters.Quarter):
    """The quarter's returns file in the edit, created (empty) when it does not exist yet."""
    relative = f"returns/{quarter.id}.yaml"
    if edit.exists(relative):
        return edit.document(relative)
    document = CommentedMap()
    document["quarter"] = quoted(quarter.id)
    document["values"] = CommentedSeq()
    edit.create(relative, document)
    return document


def set_entry(document, indicator: str, value=None, n: int | None = None, missing: str | None = None,
               note: str | None = None, received: dt.date | None = None, area: str | None = None) -> None:
    """Enter a value (or why it is missing) for the indicator's total or one area's, in place of what was there."""
    values = document["values"]
    found = find_entry(values, indicator, area)
    if found is None:
        entry = CommentedMap()
        entry["indicator"] = quoted(indicator)
        if area is not None:
            entry["area"] = quoted(area)
        values.append(entry)
    else:
        entry = found
    first = "area" if "area" in entry else "indicator"
    if missing is not None:
        for key in ("value", "n"):
            delete_key(entry, key)
        set_after(entry, "missing", missing, after=first)
    else:
        delete_key(entry, "missing")
        set_after(entry, "value", value, after=first)
        if n is not None:
            set_after(entry, "n", n, after="value")
    if note is not None:
        set_after(entry, "note", note, after="n" if "n" in entry else ("value" if "value" in entry else "missing"))
    if received is not None:  # when the source sent it: what `vrptool due` judges timeliness by
        set_after(entry, "received", dt.date.fromordinal(received.toordinal()), after=list(entry.keys())[-1])


@dataclass
class History:
    """The values of the quarters before the one entered, by indicator and area (None: the total),
    and what each new value is judged by: the control limits the implausible-value rule uses
    (vrptool.plausible). An area's value is judged against that area's, never the total's."""

    values: dict[tuple[str, str | None], dict[quarters.Quarter, numbers.Number]]  # by quarter
    quarter: quarters.Quarter  # the quarter being entered
    options: dict[str, tuple[int | None, set[str]]] = field(default_factory=dict)  # fix_after, rebase quarters

    @classmethod
    def before(cls, data_dir: Path, quarter: quarters.Quarter, edit: DataEdit | None = None) -> History:
        from vrptool.dataset import stored_trees
        from vrptool.loader import load_file

        values: dict[tuple[str, str | None], dict[quarters.Quarter, numbers.Number]] = {}
        earlier = []
        for path in (data_dir / "returns").glob("*.yaml"):
            found = quarters.from_id(path.stem, quarter.start_month)
            if found is not None and found < quarter:
                earlier.append((path, found))
        # Read-only, as the loader reads them (from the store where it holds them): the files are
        # never part of the edit.
        stored = stored_trees(data_dir, "returns", [path for path, _ in earlier])
        for path, found in earlier:
            tree = stored[path] if path in stored else load_file(path).tree
            for entry in (tree.get("values") if isinstance(tree, dict) else None) or []:
                if not isinstance(entry, dict):
                    continue
                indicator, value, area = entry.get("indicator"), entry.get("value"), entry.get("area")
                if isinstance(indicator, str) and isinstance(value, (int, float)) and not isinstance(value, bool):
                    values.setdefault((indicator, None if area is None else str(area)), {}).setdefault(found, value)
        return cls(values, quarter, _chart_options(edit) if edit is not None else {})

    def earlier(self, indicator: str, area: str | None = None) -> list[numbers.Number]:
        """The values before the quarter, newest first."""
        known = self.values.get((indicator, area), {})
        return [known[q] for q in sorted(known, reverse=True)]

    def baseline(self, indicator: str, area: str | None = None) -> plausible.Baseline | None:
        """The control limits a value for the quarter is judged by (None when too few quarters have values)."""
        known = self.values.get((indicator, area))
        if not known:
            return None
        fix_after, rebase = self.options.get(indicator, (None, set()))
        series = [(q.id, known.get(q)) for q in min(known).through(self.quarter)]  # the quarter itself: no value yet
        return plausible.judged(series, fix_after=fix_after, rebase=rebase)[1]

    def problem(self, indicator: str, value: numbers.Number, unit: str | None, allow: bool,
                area: str | None = None) -> str | None:
        """Why the value must not be taken as it stands (a fraction for a percentage), or None."""
        previous = self.earlier(indicator, area)
        if not allow and plausible.looks_like_fraction(value, unit, previous):
            return f"{plausible.fraction_problem(value, previous)}, or pass --allow if {numbers.shown(value)}% is right"
        return None

    def line(self, indicator: str, value: numbers.Number | None, missing: str | None,
             replaced: str | None = None, area: str | None = None) -> str:
        """One line of what was entered: what it replaced (old → new), its change from last quarter, and
        a second look if needed."""
        was = "" if replaced is None else f"{replaced} → "
        what = indicator if area is None else f"{indicator} ({area})"
        if value is None:
            return f"  {what}: {was}missing ({missing})\n"
        last_quarter = self.quarter.previous
        last = self.values.get((indicator, area), {}).get(last_quarter)
        if last is None:
            said = f"no value in {last_quarter.id}"
        else:
            said = f"{last_quarter.id}: {numbers.shown(last)}, {plausible.change(value, last)}"
        text = f"  {what}: {was}{numbers.shown(value)} ({said})"
        baseline = self.baseline(indicator, area)
        if baseline is not None and baseline.far_outside(value):
            text += f"; {baseline.problem(value)}"
        return text + "\n"


def entered(entry) -> str | None:
    """What an existing entry holds, as `returns set` shows it (None: no entry yet)."""
    if entry is None:
        return None
    if "value" in entry:
        return numbers.shown(entry["value"]) if isinstance(entry["value"], (int, float)) else str(entry["value"])
    return f"missing ({entry.get('missing')})"


def find_entry(values, indicator: str, area: str | None):
    """The entry of the indicator's total (area None) or of one area's value."""
    for item in values if isinstance(values, list) else []:
        if isinstance(item, dict) and str(item.get("indicator")) == indicator and (
                None if item.get("area") is None else str(item.get("area"))) == area:
            return item
    return None


def _indicators(edit: DataEdit):
    """Every indicator of the framework, as its mapping in obpf.yaml in the edit (before it is checked)."""
    for area in edit.tree("obpf.yaml").get("areas") or []:
        for outcome in area.get("outcomes") or []:
            for measure in outcome.get("measures") or []:
                yield from measure.get("indicators") or []


def indicator_units(edit: DataEdit) -> dict[str, str]:
    """Each indicator's unit, by id, as obpf.yaml in the edit says it (before it is checked)."""
    return {str(indicator.get("id")): str(indicator.get("unit")) for indicator in _indicators(edit)}


def _chart_options(edit: DataEdit) -> dict[str, tuple[int | None, set[str]]]:
    """Each indicator's `spc:` options that move its control limits: fix_after and the rebase quarters."""
    options = {}
    for indicator in _indicators(edit):
        spc = indicator.get("spc")
        if isinstance(spc, dict):
            fix_after = spc.get("fix_after")
            rebase = {str(r.get("quarter")) for r in spc.get("rebase") or [] if isinstance(r, dict)}
            options[str(indicator.get("id"))] = (fix_after if isinstance(fix_after, int) else None, rebase)
    return options


def area_ids(edit: DataEdit) -> dict[str, str]:
    """partnership.yaml's areas in the edit: each id, by itself and by the area's name in lower case."""
    partnership = edit.tree("partnership.yaml")
    found: dict[str, str] = {}
    for area in (partnership.get("areas") if isinstance(partnership, dict) else None) or []:
        if isinstance(area, dict) and area.get("id") is not None:
            found[str(area["id"])] = str(area["id"])
            if area.get("name"):
                found.setdefault(str(area["name"]).strip().lower(), str(area["id"]))
    return found
