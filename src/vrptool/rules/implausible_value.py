"""implausible-value: a returned value far outside its indicator's control limits, or a percentage returned as a fraction.

A value far outside the control limits of the quarters before it is usually a typing or export
slip: 3150 for 315, a count for the wrong period. The limits are the report's own (an XmR chart
of the indicator, or of its area's values, since its latest rebase, fixed after `fix_after`
points), computed from the quarters before the value once at least four have values; a value
more than three times as far from their mean as the limits are is flagged, and left out of the
limits the later quarters are judged by (when the next value is as far out, the level has
changed: the one warning says so, suggests a rebase, and the limits start afresh there).

A percent value between 0 and 1 where the quarters before were above 1 is a fraction (0.733
for 73.3%), as a spreadsheet cell formatted as a percentage exports it. A warning, for a second
look: just outside the limits is a change the report shows as special cause; this rule only
asks whether the value was typed as meant.

**Bad**

```yaml
# earlier quarters: 301, 296, 315, 322, 318
- indicator: "1.1.1.e"
  value: 3150
```

**Good**

```yaml
- indicator: "1.1.1.e"
  value: 315
```
"""

import hashlib
from collections.abc import Iterator
from typing import Any

from vrptool import plausible, quarters
from vrptool.areas import indicators_of
from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.returns_facts import returns_facts
from vrptool.rules.base import Context, Rule

RULE = Rule.documented(__doc__, Severity.WARNING)

#: Where each indicator's findings are kept, by a digest of everything they rest on.
PREFIX = "implausible:"
#: Where a data folder's last findings of every indicator are kept, each with its key.
TABLE = "implausible-table:"


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    if not (data.obpf and data.obpf.model):
        return
    indicators = indicators_of(data.obpf.model)
    valid = [loaded for loaded in data.returns if loaded.is_valid]
    files = sorted(((q, loaded, facts) for loaded, facts in zip(valid, returns_facts(data), strict=True)
                    if (q := quarters.from_id(facts.quarter, data.start_month)) is not None), key=lambda t: t[0])
    if not files:
        return
    returned = sorted({indicator for _, _, facts in files for indicator in facts.entries if indicator in indicators})
    # Each indicator is judged on its own values: one whose values are as they were is not judged
    # again (a national data set has 3,500), its findings read back where their files are unchanged.
    keys = _keys(data, files, returned, indicators)
    # The last run's entries of every indicator, in one entry of the data folder's (3,500 entries
    # read one by one cost more than judging the one indicator a returns edit changed); an
    # indicator's own entry where that one does not hold it under the indicator's key.
    table_key = _table_key(data, files) if data.store is not None and keys else None
    table = _table(data.store.get(table_key)) if data.store is not None and table_key else {}
    entries = {indicator_id: table[indicator_id][1] for indicator_id in returned
               if indicator_id in table and table[indicator_id][0] == keys.get(indicator_id)}
    missing = [indicator_id for indicator_id in returned if indicator_id not in entries]
    if data.store is not None and keys and missing:
        stored = data.store.get_many(PREFIX + keys[indicator_id] for indicator_id in missing)
        entries.update((indicator_id, stored[PREFIX + keys[indicator_id]]) for indicator_id in missing
                       if PREFIX + keys[indicator_id] in stored)
    found: list[Finding] = []
    todo = []
    for indicator_id in returned:
        kept = _kept(entries.get(indicator_id), data.keys) if keys else None
        if kept is None:
            todo.append(indicator_id)
        else:
            found.extend(kept)
    if todo:
        for indicator_id, findings in _judged(data, files, todo, indicators).items():
            found.extend(findings)
            if data.store is not None and keys:
                entries[indicator_id] = [{"key": data.keys.get(f.file), "finding": f.as_dict()} for f in findings]
                data.store.put(PREFIX + keys[indicator_id], entries[indicator_id])
    if data.store is not None and table_key and (missing or len(table) != len(returned)):
        data.store.put(table_key, {indicator_id: [keys[indicator_id], entries[indicator_id]] for indicator_id in returned
                                   if indicator_id in entries})
    yield from sorted(found)


def _table_key(data: DataSet, files: list) -> str:
    """The key of the data folder's table of every indicator's entry (by the quarters, as _keys)."""
    from vrptool import cache

    common = "\0".join([cache.code_fingerprint(), RULE.id, "table", str(data.root), str(data.start_month),
                        *(q.id for q, _, _ in files)])
    return TABLE + hashlib.blake2b(common.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _table(value: Any) -> dict[str, list]:
    """The table's rows (indicator: [its key, its entry]) as `check` writes them; none otherwise."""
    if not isinstance(value, dict):
        return {}
    return {indicator_id: row for indicator_id, row in value.items()
            if isinstance(row, list) and len(row) == 2 and isinstance(row[0], str)}


def _keys(data: DataSet, files: list, returned: list[str], indicators: dict) -> dict[str, str]:
    """Each indicator's key: vrptool's code, its definition, its entries' digest in each quarter's file."""
    if data.store is None:
        return {}
    from vrptool import cache
    from vrptool.returns_facts import entries_digests

    # The files' quarters as this rule orders them, and each indicator's entries in every file.
    common = "\0".join([cache.code_fingerprint(), RULE.id, str(data.start_month), *(q.id for q, _, _ in files), ""])
    digests = entries_digests(data)
    keys = {}
    for indicator_id in returned:
        digest = hashlib.blake2b(common.encode(), digest_size=20)
        digest.update(indicators[indicator_id].model_dump_json().encode())
        digest.update(digests[indicator_id].encode())
        keys[indicator_id] = digest.hexdigest()
    return keys


def _kept(entry: Any, file_keys: dict[str, str]) -> list[Finding] | None:
    """The findings kept for an indicator, or None when there are none or one's file has changed
    since (its place in the file may have moved)."""
    if not isinstance(entry, list):
        return None
    try:
        kept = []
        for item in entry:
            if item["key"] is None or file_keys.get(item["finding"]["file"]) != item["key"]:
                return None
            kept.append(Finding.from_dict(item["finding"]))
        return kept
    except (KeyError, TypeError, ValueError):
        return None


def _judged(data: DataSet, files: list, todo: list[str], indicators: dict) -> dict[str, list[Finding]]:
    """The findings of each indicator in `todo`, from its entries in each file's facts."""
    # Quarters by their place from the first with returns: a national data set has 100,000 values.
    every = files[0][0].through(files[-1][0])
    place = {q: i for i, q in enumerate(every)}
    ids = [q.id for q in every]
    # by indicator and area (None: the whole partnership), each quarter's value and its file
    returned: dict[tuple, dict[int, tuple[float, Any]]] = {}
    judging = set(todo)
    for quarter, loaded, facts in files:
        at = place[quarter]
        # read as the returns model reads them (the file validated): an area or none, a number or none
        for indicator_id, entry in _entries(loaded, facts, todo, judging):
            if entry.get("value") is not None:
                returned.setdefault((indicator_id, entry.get("area")), {}).setdefault(at, (entry["value"], loaded))
    found: list[tuple[str, Any, str, Any, str]] = []
    for (indicator_id, area), by_quarter in returned.items():
        indicator = indicators[indicator_id]
        first, latest = min(by_quarter), max(by_quarter)
        span = range(first, latest + 1)
        values = [by_quarter[i][0] if i in by_quarter else None for i in span]
        options = indicator.spc
        far, _ = plausible.judged(list(zip(ids[first:latest + 1], values)),
                                  fix_after=options.fix_after if options else None,
                                  rebase={r.quarter for r in options.rebase} if options else set())
        for k, i in enumerate(span):
            if i not in by_quarter:
                continue
            value, loaded = by_quarter[i]
            # the quarters before, newest first, only where a fraction is possible (they cost a list each)
            fraction = 0 < value < 1  # only then can it be a fraction (the rest cost no list, no call)
            previous = [v for v in reversed(values[:k]) if v is not None] if fraction else []
            if fraction and plausible.looks_like_fraction(value, indicator.unit, previous):
                problem = plausible.fraction_problem(value, previous)
            elif k in far:
                problem = far[k].problem(value)
            else:
                continue
            found.append((loaded.source.display, indicator_id, area, loaded, f"indicator {indicator_id}: {problem}"))
    # Each finding at its value: the first entry of its indicator and area with a value, as judged.
    # Only a file with a finding is looked at, and file by file: locating a finding in a file it
    # has let go of parses that file again.
    placed = []
    for display, indicator_id, area, loaded, message in sorted(found, key=lambda f: f[0]):
        index = next(i for i, entry in enumerate(loaded.source.tree["values"])
                     if entry["indicator"] == indicator_id and entry.get("area") == area
                     and entry.get("value") is not None)
        placed.append((display, index, indicator_id, loaded.source, message))
    located: dict[str, list[Finding]] = {indicator_id: [] for indicator_id in todo}
    for _, index, indicator_id, source, message in sorted(placed, key=lambda f: (f[0], f[1])):
        located[indicator_id].append(source.finding(("values", index, "value"), RULE, message))
    return located


def _entries(loaded: Any, facts: Any, todo: list[str], judging: set[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each entry of the indicators judged, with its indicator: from the file's tree while it is
    held (a first run, which judges every indicator: its facts' texts were just made from that
    tree, and decoding them again cost 0.3 CPU s at national scale), else from its facts. Each
    indicator's entries come in the file's order either way, which is all the judging reads."""
    tree = loaded.source.held_tree()
    if isinstance(tree, dict) and isinstance(tree.get("values"), list):
        for entry in tree["values"]:
            if entry["indicator"] in judging:
                yield entry["indicator"], entry
        return
    for indicator_id, entries in facts.of(todo):
        for entry in entries:
            yield indicator_id, entry
