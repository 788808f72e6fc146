"""A report made with the cache (unchanged files read back from it, each indicator's row from the
store where what it rests on is unchanged) is the report made without it, byte for byte, in every
text format, after an edit of returns, of the framework, of the population estimates or of a group;
and only the rows an edit touches are worked out again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import BUNDLED
from vrptool.report import context

TODAY = "2026-11-21"
#: Tests of the store itself, counting the rows worked out: each has its own, empty at its start
#: (rows found in the worker's would have been worked out by another test's copy of the data).
pytestmark = pytest.mark.private_cache


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def rows_of(report: str) -> dict[str, dict]:
    return {r["id"]: r for a in json.loads(report)["areas"] for o in a["outcomes"] for m in o["measures"]
            for r in m["indicators"]}


@pytest.fixture
def reporting(run, tmp_path, monkeypatch):
    """(data directory, report(cache, format) -> text, the indicators whose rows were worked out)."""
    data = tmp_path / "data"
    shutil.copytree(BUNDLED, data)
    computed: list[str] = []
    row = context._row

    def counted(indicator, *args):
        computed.append(indicator.id)
        return row(indicator, *args)

    monkeypatch.setattr(context, "_row", counted)

    def report(cache: bool, output_format: str = "json") -> str:
        if cache:
            monkeypatch.delenv("VRPTOOL_NO_CACHE", raising=False)
        else:
            monkeypatch.setenv("VRPTOOL_NO_CACHE", "1")
        result = run("report", "--quarter", "latest", "--format", output_format, "--today", TODAY, "--data", data)
        assert result.code == 0, result.err
        return result.out

    return data, report, computed


@pytest.mark.parametrize("output_format", ["json", "md", "html", "csv"])
def test_a_report_after_each_kind_of_edit_is_the_report_without_the_cache(reporting, output_format):
    data, report, computed = reporting

    def same_with_and_without_cache() -> list[str]:
        """The rows the cached report worked out; the report equal to one made with --no-cache."""
        computed.clear()
        with_cache = report(cache=True, output_format=output_format)
        worked_out = list(computed)
        assert with_cache == report(cache=False, output_format=output_format)
        return worked_out

    indicators = len(same_with_and_without_cache())  # fills the store with every row
    assert indicators > 20
    assert same_with_and_without_cache() == []  # nothing changed: every row from the store

    edit(data / "returns" / "2026-27-Q2.yaml", "    value: 376\n", "    value: 377\n")
    assert same_with_and_without_cache() == ["1.1.1.e"]
    edit(data / "obpf.yaml", "                better: lower\n              - id: \"1.1.1.f\"",
         "                better: lower\n                target: 300\n              - id: \"1.1.1.f\"")
    assert same_with_and_without_cache() == ["1.1.1.e"]
    edit(data / "groups" / "dawg.yaml", 'indicators: ["3.1.1.a"]', 'indicators: ["3.1.1.a", "1.1.1.e"]')
    assert same_with_and_without_cache() == ["1.1.1.e"]
    # A meeting's record: its group's section and page 1's overdue actions, no row.
    edit(data / "meetings" / "tvrp" / "2026-07-15.yaml", "text: Circulate the cohort", "text: Send round the cohort")
    assert same_with_and_without_cache() == []
    # Every rate rests on the estimates: every row is worked out again.
    edit(data / "population.yaml", "population: 1420000", "population: 1430000")
    assert len(same_with_and_without_cache()) == indicators

    if output_format == "json":  # the edits reached the report
        assert "Send round the cohort" in report(cache=True)
        rows = rows_of(report(cache=True))
        assert rows["1.1.1.e"]["current"]["value"] == 377.0
        assert rows["1.1.1.e"]["target"] == 300
        assert "DAWG" in rows["1.1.1.e"]["monitored_by"]


def test_a_row_rests_on_vrptools_code(reporting, monkeypatch):
    """A new version of the code (here: its fingerprint) works every row out again: a changed
    computation is never served from a row the old code made."""
    from vrptool import cache

    _, report, computed = reporting
    first = report(cache=True)
    computed.clear()
    assert report(cache=True) == first and computed == []
    monkeypatch.setattr(cache, "code_fingerprint", lambda data_dir=None: "another version of vrptool")
    monkeypatch.setattr(context, "plain", lambda text: text.upper() if text else text)
    again = rows_of(report(cache=True))
    assert len(computed) == len(again)
    assert again["1.1.1.e"]["text"] == "THE NUMBER OF VIOLENT OFFENCES IN OP SENTINEL[^OP-SENTINEL] HOTSPOTS"


def test_a_copy_of_the_data_in_another_folder_finds_its_rows_in_the_store(reporting, run, tmp_path):
    """Rows are keyed by the files' names within the data folder, not the folder's: another clone
    or worktree of the data repository works no row out again, and its report is the same."""
    data, report, computed = reporting
    first = report(cache=True)
    assert computed  # worked out here, once
    clone = tmp_path / "another-clone" / "data"
    shutil.copytree(data, clone)
    computed.clear()
    again = run("report", "--quarter", "latest", "--format", "json", "--today", TODAY, "--data", clone)
    assert again.code == 0, again.err
    assert computed == []
    assert again.out == first


def test_a_suppressed_value_stays_suppressed_in_a_row_from_the_store(reporting):
    """A small number withheld in the computed row is withheld in the stored one: the stored JSON
    is the computed row's text, never more."""
    _, report, _ = reporting
    report(cache=True)
    from_store = report(cache=True)
    assert from_store == report(cache=False)
    suppressed = [(r["id"], cell) for r in rows_of(from_store).values()
                  for cell in (r["current"], r["previous"], r["year_before"]) if cell["state"] == "suppressed"]
    assert suppressed, "the bundled data has a suppressed value"
    assert all(cell["value"] is None and cell["n"] is None and cell["interval"] is None for _, cell in suppressed)


def test_values_read_from_a_files_tree_are_the_models(data_copy):
    """A row worked out again reads its values from the files' trees, as the returns model reads
    them (texts stripped), without building the model."""
    from vrptool.dataset import load_dataset
    from vrptool.returns_facts import returns_facts, tree_entries

    path = data_copy / "returns" / "2026-27-Q2.yaml"
    edit(path, "    value: 376\n", "    value: 376\n    note: \"  provisional  \"\n")
    data = load_dataset(data_copy, use_cache=False)
    checked = [loaded for loaded in data.returns if loaded.model is not None]
    assert len(checked) == len(data.returns) > 10
    facts = returns_facts(data)
    for loaded, each in zip(checked, facts, strict=True):
        assert each.quarter == loaded.model.quarter and each.illustrative == loaded.model.illustrative
        ids = list(dict.fromkeys(entry.indicator for entry in loaded.model.values))
        assert tree_entries(each, ids) == sorted(
            ((e.indicator, e.area, e.value, e.n, e.missing, e.note) for e in loaded.model.values),
            key=lambda e: ids.index(e[0]))  # each indicator's entries in the file's order
    assert "provisional" in [e.note for each in facts for e in tree_entries(each, {"1.1.1.e"})]


def test_the_texts_of_the_facts_are_json_dumps_of_the_entries(data_copy):
    """Each indicator's entries are kept as the text json.dumps gives them (keys sorted, text as
    written, not escaped), made by one encoder for all of them."""
    from vrptool import returns_facts as module
    from vrptool.dataset import load_dataset

    path = data_copy / "returns" / "2026-27-Q2.yaml"
    edit(path, "    value: 376\n", "    value: 376\n    note: \"  provisionnel ±é \\\" \\u2028 \"\n")
    data = load_dataset(data_copy, use_cache=False)
    facts = module.returns_facts(data)
    assert len(facts) > 10 and any("±é" in text for each in facts for text in each.entries.values())
    for loaded, each in zip(data.returns, facts, strict=True):
        by_indicator: dict[str, list] = {}
        for entry in loaded.source.tree["values"]:
            by_indicator.setdefault(entry["indicator"], []).append(entry)
        assert each.entries == {indicator: json.dumps(entries, sort_keys=True, separators=(",", ":"),
                                                      ensure_ascii=False) for indicator, entries in by_indicator.items()}


def test_a_written_text_placed_at_another_depth_is_indented_for_its_place():
    """A stored row's text is kept as written at its depth; placed elsewhere it is what the
    writer would write there."""
    from vrptool.report.json_text import Written, dumps, text_of

    row = {"id": "1.1.1.e", "text": "line one\nline two", "spc": {"points": [{"value": 1.5, "rules": []}] * 2},
           "areas": []}
    for depth in (0, 3, 8):
        written = Written(row, text=text_of(row, depth), depth=depth)
        for placed in ({"rows": [written]}, [[{"rows": [written]}]], {"a": {"b": {"c": [written]}}}):
            assert dumps(placed) == dumps(_swap(placed, written, row)), (depth, placed)


def _swap(value, written, row):
    """The same context with the plain row in the Written's place."""
    if value is written:
        return row
    if isinstance(value, dict):
        return {k: _swap(v, written, row) for k, v in value.items()}
    if isinstance(value, list):
        return [_swap(v, written, row) for v in value]
    return value


def test_a_text_kept_in_the_store_is_read_back_only_as_a_text(tmp_path, monkeypatch):
    """The rows' JSON texts are kept undecoded: read back as they were written, never as a JSON
    value (nor a JSON value as a text), and not at all once edited."""
    import sqlite3

    from vrptool import store as stores

    monkeypatch.setenv("VRPTOOL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("VRPTOOL_NO_CACHE", raising=False)
    store = stores.open_store(None)
    assert store is not None
    store.put_text("report-json:a", '{\n  "value": "é\\n"\n}')
    store.put("report-row:a", {"value": 1})
    store.save()
    assert store.get_many(["report-json:a", "report-row:a"], text=True) == {"report-json:a": '{\n  "value": "é\\n"\n}'}
    assert store.get_many(["report-json:a", "report-row:a"]) == {"report-row:a": {"value": 1}}
    assert store.get("report-json:a") is None
    store.close()
    database = stores.path(None)
    assert database is not None
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE entry SET body = ? WHERE key = ?", (b"\x1e{}", "report-json:a"))
    again = stores.open_store(None)
    assert again is not None and again.get_many(["report-json:a"], text=True) == {}
    again.close()


def test_a_returns_files_tree_let_go_after_the_checks_reads_back_as_it_was(data_copy, tmp_path, monkeypatch):
    """A returns file read afresh lets go of its tree once the checks are done (the first report
    at national scale held every quarter's); what asks again gets the same tree, positions and
    model, from the store or from the text."""
    import datetime as dt

    from vrptool import checks
    from vrptool.dataset import _PENDING, load_dataset

    edit(data_copy / "returns" / "2026-27-Q2.yaml", "    value: 376\n", "    value: 376\n    note: \"  provisional  \"\n")
    monkeypatch.setenv("VRPTOOL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("VRPTOOL_NO_CACHE", raising=False)
    plain = load_dataset(data_copy, use_cache=False)
    checked = checks.check(data_copy, dt.date.fromisoformat(TODAY))
    let_go = checked.data.returns
    assert len(let_go) == len(plain.returns) > 10
    assert all(loaded.source.__dict__["_tree"] is _PENDING for loaded in let_go)  # let go
    for loaded, fresh in zip(let_go, plain.returns, strict=True):
        assert loaded.source.tree == fresh.source.tree
        assert loaded.source.positions == fresh.source.positions
        assert loaded.source.raw == fresh.source.raw
        assert loaded.model == fresh.model
    assert checked.findings == checks.check(data_copy, dt.date.fromisoformat(TODAY), use_cache=False).findings


def test_a_returns_file_read_afresh_is_located_from_its_first_reads_marks(data_copy, tmp_path, monkeypatch):
    """A finding in a national returns file is placed without parsing the file again, before and
    after it lets go of its tree, at the positions a second read finds."""
    from vrptool import dataset, loader

    monkeypatch.setenv("VRPTOOL_CACHE_DIR", str(tmp_path / "cache"))
    data = dataset.load_dataset(data_copy)
    source = data.returns[0].source
    expected = source._parsed_positions()[:2]
    parsed: list[str] = []
    monkeypatch.setattr(dataset, "parse_text", lambda *args, **kwargs: parsed.append("tree"))
    monkeypatch.setattr(loader, "parse_text", lambda *args, **kwargs: parsed.append("positions"))
    assert (source.positions, source.key_positions) == expected
    data.store.save()
    dataset.let_trees_go(data)
    assert (source.positions, source.key_positions) == expected
    assert parsed == []


def test_a_report_with_nothing_changed_reads_each_file_once(reporting, monkeypatch):
    """The bytes read for the result's key are the ones the data set is loaded from: no file is
    read a second time (and a report so made is the one made without the cache)."""
    from vrptool import dataset

    _, report, _ = reporting
    first = report(cache=True)
    again: list = []
    read = dataset._read
    monkeypatch.setattr(dataset, "_read", lambda path, root: again.append(path) or read(path, root))
    assert report(cache=True) == first
    assert again == []
    assert first == report(cache=False)


def test_a_groups_section_is_made_again_only_when_its_group_or_its_indicators_rows_change(reporting, monkeypatch):
    """The JSON report keeps each group's section as text: a returns edit makes again the sections
    of the groups that monitor the indicator it changed, and no other."""
    data, report, _ = reporting
    made: list[str] = []
    group = context._group

    def counted(section, rows):
        made.append(section["id"])
        return group(section, rows)

    monkeypatch.setattr(context, "_group", counted)
    report(cache=True)
    everyone = len(made)
    assert everyone > 3
    made.clear()
    kept = report(cache=True)
    assert made == []
    assert kept == report(cache=False)
    monitoring = [g["id"] for g in json.loads(kept)["groups"] if any(i["id"] == "1.1.1.e" for i in g["indicators"])]
    assert monitoring and len(monitoring) < everyone
    edit(data / "returns" / "2026-27-Q2.yaml", "    value: 376\n", "    value: 377\n")
    made.clear()
    kept = report(cache=True)
    assert sorted(made) == sorted(monitoring)
    assert kept == report(cache=False)


@pytest.mark.private_cache  # its store's heads are deleted
def test_the_json_report_reads_whole_only_the_rows_it_shows_more_of_than_their_brief(reporting, monkeypatch):
    """A stored row comes back as its brief and its text; its head (the row as values) is read
    only for a row on page 1 or with areas, and for the indicators of a group's section made
    again. Where the store no longer has a head, the row is worked out again: the report is the
    one --no-cache makes either way."""
    import sqlite3

    from vrptool import store
    from vrptool.report import rows as rows_module

    data, report, computed = reporting
    heads: list[str] = []
    real = store.Store.get_many

    def watching(self, keys, **options):
        keys = list(keys)
        heads.extend(key for key in keys if key.startswith(rows_module.ROW))
        return real(self, keys, **options)

    monkeypatch.setattr(store.Store, "get_many", watching)
    report(cache=True)
    heads.clear()
    kept = report(cache=True)
    assert kept == report(cache=False)
    shown = json.loads(kept)
    on_page_one = {p["id"] for name in ("improvement", "concern", "neither", "failing_targets")
                   for p in shown["main_points"][name]} | {r["id"] for r in shown["compared"]}
    assert on_page_one and len(heads) == len(on_page_one) < len(rows_of(kept))
    # A meeting's record: its group's section is made again, from its indicators' rows read whole.
    edit(data / "meetings" / "tvrp" / "2026-07-15.yaml", "text: Circulate the cohort", "text: Send round the cohort")
    heads.clear()
    assert report(cache=True) == report(cache=False)
    tvrp = next(g for g in shown["groups"] if g["id"] == "tvrp")
    assert len(heads) > len(on_page_one) and tvrp["indicators"]
    # No head left in the store: each row read whole is worked out again.
    database = store.path(data)
    assert database is not None and database.is_relative_to(data.parent / "cache")
    with sqlite3.connect(database) as connection:
        connection.execute("DELETE FROM entry WHERE key LIKE 'report-row:%'")
    edit(data / "meetings" / "tvrp" / "2026-07-15.yaml", "text: Send round the cohort", "text: Pass round the cohort")
    computed.clear()
    kept = report(cache=True)
    worked_out = list(computed)
    assert kept == report(cache=False)
    assert worked_out and len(set(worked_out)) < len(rows_of(kept))
