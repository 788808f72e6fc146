"""implausible-value after an edit: only the indicators whose values changed are judged again, each
finding of the others is read back where its file is unchanged, and the findings are always those
--no-cache gives, at the same line and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from vrptool.checks import check
from vrptool.rules import implausible_value

TODAY = dt.date(2026, 11, 21)
LATEST = Path("returns") / "2026-27-Q2.yaml"


def implausible(data: Path, **options) -> list[tuple]:
    return [(f.file, f.line, f.column, f.message) for f in check(data, TODAY, **options).findings
            if f.rule == "implausible-value"]


@pytest.fixture
def judged(monkeypatch) -> list[list[str]]:
    """The indicators judged afresh, run by run."""
    runs: list[list[str]] = []
    real = implausible_value._judged

    def watched(data, files, todo, indicators):
        runs.append(list(todo))
        return real(data, files, todo, indicators)

    monkeypatch.setattr(implausible_value, "_judged", watched)
    return runs


@pytest.fixture
def cached(monkeypatch, tmp_path):
    monkeypatch.setenv("VRPTOOL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("VRPTOOL_NO_CACHE", raising=False)


def test_only_the_indicator_whose_value_changed_is_judged_again(data_copy, cached, judged):
    latest = data_copy / LATEST
    latest.write_text(latest.read_text("utf-8").replace("    value: 376\n", "    value: 3760\n", 1), "utf-8")
    first = implausible(data_copy)
    assert len(judged[0]) > 20  # the first run judges every indicator returned
    flagged = [f for f in first if "indicator 1.1.1.e: 3760 is far outside the control limits" in f[3]]
    assert [(f[0], f[1], f[2]) for f in flagged] == [(str(latest), 8, 12)]
    assert first == implausible(data_copy, use_cache=False)

    judged.clear()
    latest.write_text(latest.read_text("utf-8").replace("    value: 3760\n", "    value: 376\n", 1), "utf-8")
    after = implausible(data_copy)
    assert judged == [["1.1.1.e"]]
    assert after == [f for f in first if f not in flagged] == implausible(data_copy, use_cache=False)


def test_a_finding_in_a_file_whose_lines_moved_is_placed_afresh(data_copy, cached, judged):
    latest = data_copy / LATEST
    latest.write_text(latest.read_text("utf-8").replace("    value: 376\n", "    value: 3760\n", 1), "utf-8")
    implausible(data_copy)
    judged.clear()
    # Another indicator's value in the same file, two lines longer: 1.1.1.e's values are as they
    # were, but its finding now stands two lines lower.
    latest.write_text(latest.read_text("utf-8").replace(
        "  - indicator: \"1.1.1.f\"\n", "  - indicator: \"1.1.1.f\"\n    note: >-\n      Provisional.\n", 1), "utf-8")
    after = implausible(data_copy)
    assert "1.1.1.e" in judged[0] and "1.1.1.f" in judged[0]
    assert [(f[1], f[2]) for f in after if "1.1.1.e: 3760" in f[3]] == [(8, 12)]
    assert after == implausible(data_copy, use_cache=False)
    # an edit above it moves it
    judged.clear()
    latest.write_text("# provisional figures\n" + latest.read_text("utf-8"), "utf-8")
    moved = implausible(data_copy)
    assert [(f[1], f[2]) for f in moved if "1.1.1.e: 3760" in f[3]] == [(9, 12)]
    assert moved == implausible(data_copy, use_cache=False)


def test_an_indicator_whose_definition_changed_is_judged_again(data_copy, cached, judged):
    latest = data_copy / LATEST
    latest.write_text(latest.read_text("utf-8").replace("    value: 376\n", "    value: 3760\n", 1), "utf-8")
    assert any("1.1.1.e: 3760" in f[3] for f in implausible(data_copy))
    judged.clear()
    # A rebase at the quarter: its chart, and the limits the value is judged by, start afresh there.
    obpf = data_copy / "obpf.yaml"
    obpf.write_text(obpf.read_text("utf-8").replace(
        "                better: lower\n              - id: \"1.1.1.f\"",
        "                better: lower\n                spc:\n                  rebase:\n"
        "                    - {quarter: \"2026-27-Q2\", reason: New recording rules}\n"
        "              - id: \"1.1.1.f\"", 1), "utf-8")
    after = implausible(data_copy)
    assert judged == [["1.1.1.e"]]
    assert not any("1.1.1.e: 3760" in f[3] for f in after)
    assert after == implausible(data_copy, use_cache=False)


def test_the_entries_judged_are_the_same_from_a_held_tree_as_from_the_files_facts(data_copy, cached):
    """A first run reads each indicator's entries from the file's tree it still holds; a later run
    from the facts kept in the store. Each indicator gets the same entries, in the file's order."""
    from vrptool.dataset import let_trees_go, load_dataset
    from vrptool.returns_facts import returns_facts

    data = load_dataset(data_copy)
    facts = returns_facts(data)
    todo = sorted({indicator for each in facts for indicator in each.entries})[::2]  # every other one

    def by_indicator() -> list[dict[str, list]]:
        found = []
        for loaded, each in zip(data.returns, facts, strict=True):
            grouped: dict[str, list] = {}
            for indicator, entry in implausible_value._entries(loaded, each, todo, set(todo)):
                grouped.setdefault(indicator, []).append(entry)
            found.append(grouped)
        return found

    assert all(loaded.source.held_tree() is not None for loaded in data.returns)
    from_trees = by_indicator()
    data.store.save()
    let_trees_go(data)
    assert all(loaded.source.held_tree() is None for loaded in data.returns)
    assert by_indicator() == from_trees and len(from_trees) > 10
    assert all(set(grouped) <= set(todo) and grouped for grouped in from_trees)


def test_the_indicators_entries_are_read_from_the_data_folders_table(data_copy, cached, judged, monkeypatch):
    """A run reads every unchanged indicator's findings from the one table of the data folder's
    last run, not entry by entry: after one value's edit, only the indicator it changed is looked
    up on its own (and judged again)."""
    from vrptool import store

    looked_up: list[str] = []
    real = store.Store.get_many

    def watching(self, keys, **options):
        keys = list(keys)
        looked_up.extend(key for key in keys if key.startswith(implausible_value.PREFIX))
        return real(self, keys, **options)

    monkeypatch.setattr(store.Store, "get_many", watching)
    first = implausible(data_copy)
    latest = data_copy / LATEST
    latest.write_text(latest.read_text("utf-8").replace("    value: 376\n", "    value: 3760\n", 1), "utf-8")
    looked_up.clear()
    judged.clear()
    after = implausible(data_copy)
    assert judged == [["1.1.1.e"]] and len(looked_up) == 1
    assert after == implausible(data_copy, use_cache=False) != first
    # Put back with another file changed (the whole result is not the one kept): the indicator's
    # findings before the edit, from its own entry, since the table holds the edit's.
    latest.write_text(latest.read_text("utf-8").replace("    value: 3760\n", "    value: 376\n", 1), "utf-8")
    crest = data_copy / "crest.yaml"
    crest.write_text(crest.read_text("utf-8") + "# edited\n", "utf-8")
    looked_up.clear()
    judged.clear()
    assert implausible(data_copy) == first
    assert judged == [] and len(looked_up) == 1
