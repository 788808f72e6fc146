"""The report's indicator rows, kept in the store: one returns file changed recomputes only the rows it changes.

An indicator's row (its values, chart, verdict) rests on its definition, its values and areas' values
in each quarter the row looks at, the partnership's file (disclosure rule, statistics, SPC
settings, areas, organisations), the population estimates, the groups that monitor it, the
report's quarter and span, and vrptool's code. A row is stored under a digest of all of them, in
three parts: the row without its chart's points, the points, and the row's JSON text, so that a
JSON report joins stored text and a template report decodes stored rows instead of computing them.
The values of a row to compute again are read from each file's stored entries of its indicator
(`vrptool.returns_facts`), without reading a returns file's tree or building its model.

The store is an aid, never an input: a report made from it is the report made with --no-cache,
byte for byte (tests/test_report_cache.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from vrptool.report.json_text import Written, text_of
from vrptool.report.values import ValueTable, value_table

if TYPE_CHECKING:
    from vrptool.dataset import CheckedDataSet

ROW, POINTS, TEXT = "report-row:", "report-points:", "report-json:"

#: Rows worked out from one table of values: a first report at national scale works out 3,500,
#: and a table of all their values (140,000 decoded entries) held beside the rows' texts was most
#: of its peak memory.
ROWS_AT_ONCE = 500

#: Computes one indicator's row from the table of values.
Compute = Callable[[ValueTable, Any], dict]


def indicator_rows(data: CheckedDataSet, indicators: list, shared: list[str],
                   looked_at: list[str], monitors: dict[str, list[str]], compute: Compute, *,
                   as_text: bool, depth: int, keys_out: dict[str, str] | None = None,
                   brief_will_do: Callable[[dict], bool] | None = None) -> tuple[dict[str, dict], bool]:
    """Each indicator's row by id, and whether any rests on an illustrative population estimate.

    `shared` names what every row rests on besides the files (the quarter, the chart's span);
    `looked_at` is every quarter a row reads values of. With `as_text`, each row comes back as
    `Written` (its JSON text, and the row without its chart's points) for the JSON writer;
    `depth` is how deep the report's JSON holds a row (its text is kept as written there).
    `keys_out` is given each row's key in the store, where rows are kept there: what rests on
    rows alone is kept by them. As text, a stored row whose brief (`_brief`: all the JSON report
    reads of most rows) satisfies `brief_will_do` comes back as that brief beside its text,
    marked `brief` (`complete_rows` makes it whole), its head not read: 3,500 heads are 4.6 MB
    of JSON at national scale."""
    store = data.store
    keys = _keys(data, indicators, shared, looked_at, monitors) if store is not None else None
    if keys is not None and keys_out is not None:
        keys_out.update(keys)
    if store is None or keys is None:
        table = value_table(data)
        computed: dict[str, dict] = {}
        for indicator in indicators:
            worked = compute(table, indicator)
            computed[indicator.id] = _written(worked, text_of(worked, depth), depth) if as_text else worked
        return computed, table.population_illustrative
    rows: dict[str, dict] = {}
    illustrative, todo = False, []
    if as_text:
        texts = store.get_many((TEXT + keys[i.id] for i in indicators), text=True)
        # each text let go of once split from its brief: 40 MB at national scale, not held twice
        briefs = {i.id: found for i in indicators if (found := _brief_of(texts.pop(TEXT + keys[i.id], None))) is not None}
        del texts
        will_do = {i for i, (brief, _) in briefs.items() if brief_will_do is not None and brief_will_do(brief)}
        heads = store.get_many(ROW + keys[i] for i in briefs if i not in will_do)
        for indicator in indicators:
            if indicator.id not in briefs:
                todo.append(indicator)
                continue
            brief, text = briefs[indicator.id]
            if indicator.id in will_do:
                rows[indicator.id] = _brief_row(brief, text, depth)
                illustrative |= brief["population_illustrative"]
                continue
            head = heads.get(ROW + keys[indicator.id])
            row = _stored(head, text, True, depth)
            if row is None or head is None:
                todo.append(indicator)
                continue
            rows[indicator.id] = row
            illustrative |= bool(head["population_illustrative"])
    else:
        heads = store.get_many(ROW + key for key in keys.values())
        parts = store.get_many(POINTS + keys[i.id] for i in indicators if ROW + keys[i.id] in heads)
        for indicator in indicators:
            key = keys[indicator.id]
            head, part = heads.get(ROW + key), parts.get(POINTS + key)
            row = _stored(head, part, as_text, depth)
            if row is None:
                todo.append(indicator)
                continue
            rows[indicator.id] = row
            illustrative |= bool(head and head["population_illustrative"])
    for start in range(0, len(todo), ROWS_AT_ONCE):
        batch = todo[start:start + ROWS_AT_ONCE]
        table = value_table(data, only={indicator.id for indicator in batch})
        for indicator in batch:
            table.population_illustrative = False  # this row's own, to be kept with it
            row = compute(table, indicator)
            illustrative |= table.population_illustrative
            text = _put(store, keys[indicator.id], row, table.population_illustrative, depth)
            # As text, a row worked out comes back as a stored one does, its points only in its text:
            # a national report's chart points are 100 MB of objects.
            rows[indicator.id] = _written(row, text, depth) if as_text else row
    store.save()  # this run's rows, and any file's facts read for them: nothing left uncommitted
    # The framework's order, as computed rows would be.
    return {indicator.id: rows[indicator.id] for indicator in indicators}, illustrative


def complete_rows(data: CheckedDataSet, rows: dict[str, dict], ids: list[str], keys: dict[str, str],
                  indicators: dict[str, Any], compute: Compute, depth: int) -> None:
    """The rows among `ids` that came back as their brief, made whole (their heads read, or the
    rows worked out again where the store no longer has them): for what reads more of a row."""
    store = data.store
    brief = [i for i in dict.fromkeys(ids) if getattr(rows.get(i), "brief", False)]
    if store is None or not brief:
        return
    heads = store.get_many(ROW + keys[i] for i in brief)
    todo = []
    for i in brief:
        row = _stored(heads.get(ROW + keys[i]), rows[i].text, True, depth)  # type: ignore[attr-defined]
        if row is None:
            todo.append(i)
        else:
            rows[i] = row
    if todo:
        table = value_table(data, only=set(todo))
        for i in todo:
            table.population_illustrative = False
            row = compute(table, indicators[i])
            rows[i] = _written(row, _put(store, keys[i], row, table.population_illustrative, depth), depth)


#: What the JSON report reads of a row not on its first page and without areas: its brief.
def _brief(row: dict, population_illustrative: bool) -> dict:
    return {"current": {"state": row["current"]["state"]},
            "spc": {"variation": row["spc"]["variation"], "assurance": row["spc"]["assurance"]},
            "target": row["target"], "areas": row["areas"] if not row["areas"] else None,
            "population_illustrative": population_illustrative}


def _brief_of(kept: Any) -> tuple[dict, str] | None:
    """A row's brief and its text, from the text kept (`_put`: the brief's JSON on the first line)."""
    if not isinstance(kept, str):
        return None
    line, newline, text = kept.partition("\n")
    try:
        brief = json.loads(line)
    except ValueError:
        return None
    if not (newline and isinstance(brief, dict) and brief.keys() == _BRIEF_KEYS
            and isinstance(brief["current"], dict) and isinstance(brief["spc"], dict)
            and isinstance(brief["population_illustrative"], bool)):
        return None
    return brief, text


_BRIEF_KEYS = {"current", "spc", "target", "areas", "population_illustrative"}


def _brief_row(brief: dict, text: str, depth: int) -> Written:
    """A row as its text and its brief, as a mapping of the row's shape (what it holds is a row's)."""
    assert brief["areas"] == [], "a row with areas is read whole"
    written = Written({"current": brief["current"], "spc": brief["spc"], "target": brief["target"], "areas": []},
                      text=text, depth=depth)
    written.brief = True  # type: ignore[attr-defined]
    return written


def _keys(data: CheckedDataSet, indicators: list, shared: list[str], looked_at: list[str],
          monitors: dict[str, list[str]]) -> dict[str, str] | None:
    """Each indicator's key, or None when a file the rows rest on has no key in the store."""
    from vrptool import cache

    files = [data.partnership.source.display] + ([data.population.source.display] if data.population else [])
    file_keys = [data.keys.get(name) for name in files]
    if any(key is None for key in file_keys):
        return None
    from vrptool.returns_facts import entries_digests

    # A row rests on its indicator's entries in the quarters it looks at; keyed here by its entries
    # in every file (a file after the report's quarter changed works a row out again, needlessly
    # but never wrongly: a report is nearly always of the latest quarter).
    digests = entries_digests(data)
    # The files by their keys, not their paths: a key names its file within the data folder (and
    # its kind and bytes), and no row holds a path, so another copy of the data finds its rows.
    common = "\0".join([cache.code_fingerprint(), *shared, *sorted(set(looked_at)),
                        *(k or "" for k in file_keys), "population" if data.population else "no population"])
    keys = {}
    for indicator in indicators:
        digest = hashlib.blake2b(common.encode(), digest_size=20)
        digest.update("\0".join([indicator.model_dump_json(), json.dumps(monitors.get(indicator.id, [])),
                                 digests.get(indicator.id, "")]).encode())
        keys[indicator.id] = digest.hexdigest()
    return keys


def _stored(head: Any, part: Any, as_text: bool, depth: int) -> dict | None:
    """The row from its stored parts, or None when a part is missing or not what was written."""
    if not (isinstance(head, dict) and isinstance(head.get("row"), dict)
            and isinstance(head.get("population_illustrative"), bool)):
        return None
    row = head["row"]
    spc = row.get("spc")
    if not isinstance(spc, dict) or "points" not in spc:
        return None
    if as_text:
        if not isinstance(part, str):
            return None
        del spc["points"]  # in the text: a reader of the row's points here is a mistake, and fails
        return Written(row, text=part, depth=depth)
    if not isinstance(part, list):
        return None
    spc["points"] = part
    return row


def _written(row: dict, text: str, depth: int) -> Written:
    """The row as its text and the row without its chart's points (which only the text has)."""
    spc = {key: value for key, value in row["spc"].items() if key != "points"}
    return Written({**row, "spc": spc}, text=text, depth=depth)


def _put(store: Any, key: str, row: dict, population_illustrative: bool, depth: int) -> str:
    """Keep the row's three parts; its text is returned."""
    head = {**row, "spc": {**row["spc"], "points": None}}  # the points' place kept: the order of keys is the row's
    store.put(ROW + key, {"row": head, "population_illustrative": population_illustrative})
    store.put(POINTS + key, row["spc"]["points"])
    text = text_of(row, depth)
    brief = json.dumps(_brief(row, population_illustrative), ensure_ascii=False, separators=(",", ":"))
    store.put_text(TEXT + key, brief + "\n" + text)  # JSON as dumps writes it holds no line break
    return text
