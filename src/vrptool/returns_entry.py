"""Entering a quarter's indicator values into returns/<quarter>.yaml: what `returns set` and
`returns import` share.

Every value is read by vrptool.numbers, whichever way it arrives, and judged against the
indicator's earlier quarters (vrptool.plausible) before anything is written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from vrptool import numbers, plausible, quarters
from vrptool.edit import DataEdit, EditRefused, delete_key, quoted, set_after


def quarter_named(edit: DataEdit, text: str) -> quarters.Quarter:
    """The quarter `text` names under the partnership's financial year (never "latest": values go to a named one)."""
    partnership = edit.document("partnership.yaml")
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
    """The values of earlier quarters, by indicator and area (None: the total), newest first; and
    last quarter's on their own. An area's value is judged against that area's, never the total's."""

    earlier: dict[tuple[str, str | None], list[numbers.Number]]
    last: dict[tuple[str, str | None], numbers.Number]
    last_quarter: quarters.Quarter

    @classmethod
    def before(cls, data_dir: Path, quarter: quarters.Quarter) -> History:
        from vrptool.loader import load_file

        earlier: dict[tuple[str, str | None], list[numbers.Number]] = {}
        last: dict[tuple[str, str | None], numbers.Number] = {}
        files = sorted(((q, path) for path in (data_dir / "returns").glob("*.yaml")
                        if (q := quarters.from_id(path.stem, quarter.start_month)) is not None and q < quarter),
                       reverse=True)
        # Read-only, through the loader: the files are never part of the edit.
        for found, path in files[:plausible.RECENT_QUARTERS]:
            tree = load_file(path).tree
            for entry in (tree.get("values") if isinstance(tree, dict) else None) or []:
                if not isinstance(entry, dict):
                    continue
                indicator, value, area = entry.get("indicator"), entry.get("value"), entry.get("area")
                if isinstance(indicator, str) and isinstance(value, (int, float)) and not isinstance(value, bool):
                    key = (indicator, None if area is None else str(area))
                    earlier.setdefault(key, []).append(value)
                    if found == quarter.previous:
                        last[key] = value
        return cls(earlier, last, quarter.previous)

    def problem(self, indicator: str, value: numbers.Number, unit: str | None, allow: bool,
                area: str | None = None) -> str | None:
        """Why the value must not be taken as it stands (a fraction for a percentage), or None."""
        previous = self.earlier.get((indicator, area), [])
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
        last = self.last.get((indicator, area))
        if last is None:
            said = f"no value in {self.last_quarter.id}"
        else:
            said = f"{self.last_quarter.id}: {numbers.shown(last)}, {plausible.change(value, last)}"
        text = f"  {what}: {was}{numbers.shown(value)} ({said})"
        outside = plausible.outside_recent_range(value, self.earlier.get((indicator, area), []))
        if outside:
            text += (f"; far outside its recent range {numbers.shown(outside[0])} to {numbers.shown(outside[1])}: "
                     "check it")
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


def indicator_units(edit: DataEdit) -> dict[str, str]:
    """Each indicator's unit, by id, as obpf.yaml in the edit says it (before it is checked)."""
    units = {}
    for area in edit.document("obpf.yaml").get("areas") or []:
        for outcome in area.get("outcomes") or []:
            for measure in outcome.get("measures") or []:
                for indicator in measure.get("indicators") or []:
                    units[str(indicator.get("id"))] = str(indicator.get("unit"))
    return units


def area_ids(edit: DataEdit) -> dict[str, str]:
    """partnership.yaml's areas in the edit: each id, by itself and by the area's name in lower case."""
    partnership = edit.document("partnership.yaml")
    found: dict[str, str] = {}
    for area in (partnership.get("areas") if isinstance(partnership, dict) else None) or []:
        if isinstance(area, dict) and area.get("id") is not None:
            found[str(area["id"])] = str(area["id"])
            if area.get("name"):
                found.setdefault(str(area["name"]).strip().lower(), str(area["id"]))
    return found
