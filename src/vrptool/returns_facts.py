"""What each valid returns file holds, indicator by indicator, known without building its model.

A national data set has 40 returns files of 3,500 values each: building their models, or even
reading back their trees, costs more than a report made from stored rows (`vrptool.report.rows`).
Of each file the report and `implausible-value` need its quarter, whether it is illustrative, and
each indicator's entries; these are read from the file's tree once and kept in the store under
the file's key (its bytes and vrptool's code), each indicator's entries as their JSON text: the
rows and judgements are keyed by that text, and only the entries of an indicator to work out
again are decoded.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from vrptool.dataset import DataSet, Loaded
    from vrptool.loader import SourceFile

#: The store's key of a file's facts is this and the file's own key.
PREFIX = "returns-facts:"


@dataclass(frozen=True)
class ReturnsFacts:
    quarter: str  # the quarter id the file says
    illustrative: bool
    #: each indicator with an entry in the file, and its entries (all of them, in order) as JSON text
    entries: dict[str, str]

    def of(self, indicators: Iterable[str]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        """Each of the indicators with entries in the file, and its entries as the file's tree
        holds them (decoded at once: a first run asks for every indicator)."""
        present = [(indicator, text) for indicator in indicators if (text := self.entries.get(indicator)) is not None]
        return zip((indicator for indicator, _ in present),
                   json.loads("[" + ",".join(text for _, text in present) + "]"), strict=True)


def returns_facts(data: DataSet) -> list[ReturnsFacts]:
    """The facts of each valid returns file, in the data set's order."""
    valid = [loaded for loaded in data.returns if loaded.is_valid]
    global _last
    if _last is not None and len(_last[0]) == len(valid) and all(a is b for a, b in zip(_last[0], valid)):
        return _last[1]  # a report asks four times (the quarters, the latest, the rows, the values)
    found = _facts(data, valid)
    _last = (valid, found)
    return found


#: The last files asked about and their facts.
_last: tuple[list[Loaded[Any]], list[ReturnsFacts]] | None = None
#: The facts the digests were worked out of, and the digests.
_digested: tuple[list[ReturnsFacts], dict[str, str]] | None = None


def entries_digests(data: DataSet) -> dict[str, str]:
    """A digest of each indicator's entries in every valid returns file (with each file's quarter),
    for the rows and judgements that rest on them to be keyed by."""
    global _digested
    facts = returns_facts(data)
    if _digested is not None and _digested[0] is facts:
        return _digested[1]
    quarters = "\0".join(found.quarter for found in facts).encode()
    each = [found.entries for found in facts]
    digests = {}
    for indicator in dict.fromkeys(indicator for entries in each for indicator in entries):
        digest = hashlib.blake2b(quarters, digest_size=20)
        digest.update("\0".join([entries.get(indicator, "") for entries in each]).encode())
        digests[indicator] = digest.hexdigest()
    _digested = (facts, digests)
    return digests


def _facts(data: DataSet, valid: list[Loaded[Any]]) -> list[ReturnsFacts]:
    store = data.store
    keys = {id(loaded): data.keys.get(loaded.source.display) for loaded in valid}
    stored = store.get_many((PREFIX + key for key in keys.values() if key), text=True) if store is not None else {}
    found = []
    for loaded in valid:
        key = keys[id(loaded)]
        facts = _from_text(stored.get(PREFIX + key)) if key else None
        if facts is None:
            facts = _read(loaded)
            if store is not None and key and (text := _as_text(facts)) is not None:
                store.put_text(PREFIX + key, text)
        found.append(facts)
    return found


def _as_text(facts: ReturnsFacts) -> str | None:
    """The facts as kept: a line of JSON (the quarter, whether illustrative, the indicators in
    order), then each indicator's entries' JSON text on a line of its own. JSON text has no line
    break but between values (a string's own are escaped), and these are written on one line:
    decoding 9 MB of JSON strings holding JSON text cost 0.05 s at national scale, splitting
    lines none. None for facts that cannot be kept so (none that _read makes)."""
    texts = list(facts.entries.values())
    if any("\n" in text for text in texts):
        return None
    head = json.dumps({"quarter": facts.quarter, "illustrative": facts.illustrative,
                       "indicators": list(facts.entries)}, ensure_ascii=False, separators=(",", ":"))
    return "\n".join([head, *texts])


def _from_text(text: Any) -> ReturnsFacts | None:
    if not isinstance(text, str):
        return None
    head_text, _, rest = text.partition("\n")
    try:
        head = json.loads(head_text)
    except ValueError:
        return None
    if not (isinstance(head, dict) and isinstance(head.get("quarter"), str)
            and isinstance(head.get("illustrative"), bool) and isinstance(head.get("indicators"), list)):
        return None
    indicators = head["indicators"]
    texts = rest.split("\n") if indicators else []
    if len(texts) != len(indicators) or not all(isinstance(indicator, str) for indicator in indicators):
        return None
    return ReturnsFacts(head["quarter"], head["illustrative"], dict(zip(indicators, texts, strict=True)))


def _read(loaded: Loaded[Any]) -> ReturnsFacts:
    """From the file's tree: it validated, so its keys are those of the returns model."""
    tree = loaded.source.tree
    entries: dict[str, list[Any]] = {}
    for entry in tree["values"]:
        entries.setdefault(entry["indicator"], []).append(entry)
    text = _encoder()
    texts = {indicator: text(found) for indicator, found in entries.items()}
    illustrative = tree.get("illustrative", False)
    if not isinstance(illustrative, bool):  # a word the model reads as true or false: as it reads it
        illustrative = loaded.model.illustrative if loaded.model is not None else False
    return ReturnsFacts(tree["quarter"], illustrative, texts)


def _text(entries: list[Any]) -> str:
    # The tree as written (keys sorted: their order means nothing to the model): an entry that
    # reads the same to the model but is written otherwise is a new key, never a stale one.
    return json.dumps(entries, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=repr)


def _encoder() -> Callable[[list[Any]], str]:
    """`_text`, made once for the 140,000 texts of a national data set: json.dumps builds a new
    encoder for each call, which cost more than the encoding (0.33 -> 0.14 CPU s at scale 100).
    A tree from the loader holds no cycle (aliases are never expanded), so none is looked for."""
    from json import encoder

    make = getattr(encoder, "c_make_encoder", None)  # the C accelerator (CPython's)
    if make is None:
        return _text
    encode = make(None, repr, encoder.encode_basestring, None, ":", ",", True, False, True)
    return lambda entries: "".join(encode(entries, 0))


class TreeEntry(NamedTuple):
    """One returned value as the returns model reads it (`vrptool.models.returns.Entry`), taken
    from a valid file's tree: the model only checks these fields, but for its texts, which it strips."""

    indicator: str
    area: str | None
    value: int | float | None
    n: int | None
    missing: str | None
    note: str | None


def tree_entries(facts: ReturnsFacts, indicators: Collection[str]) -> list[TreeEntry]:
    """The entries of a valid returns file for the given indicators (each indicator's in the
    file's order), as its model reads them."""
    return [_tree_entry(entry) for _, entries in facts.of(indicators) for entry in entries]


def _tree_entry(entry: dict[str, Any]) -> TreeEntry:
    missing, note = entry.get("missing"), entry.get("note")
    return TreeEntry(entry["indicator"], entry.get("area"), entry.get("value"), entry.get("n"),
                     missing.strip() if isinstance(missing, str) else missing,
                     note.strip() if isinstance(note, str) else note)


class TreeReturns(NamedTuple):
    """A valid returns file's quarter and every entry, in the file's order, as its model reads
    them: the rules over each quarter's values read these, and a returns model (2 MB a quarter at
    national scale, 80 MB for 40) is never kept."""

    quarter: str
    values: list[TreeEntry]


def tree_returns(data: DataSet) -> list[tuple[SourceFile, TreeReturns]]:
    """Each valid returns file and its quarter and entries from its tree (made once per file:
    several rules read them)."""
    found = []
    for loaded in data.returns:
        if loaded.is_valid:
            source = loaded.source
            read = source.__dict__.get("_tree_returns")
            if read is None:
                tree = source.tree
                read = source.__dict__["_tree_returns"] = TreeReturns(tree["quarter"], [_tree_entry(e) for e in tree["values"]])
            found.append((source, read))
    return found
