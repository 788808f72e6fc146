"""The id index on its own: where each id is defined and cited, read from the raw trees."""

from __future__ import annotations

from vrptool.dataset import load_dataset
from vrptool.index import DEFINES, strings, walk


def test_definitions_and_references_point_at_their_file_and_path(data_copy):
    data = load_dataset(data_copy, use_cache=False)
    dawg = data.defined("group")["dawg"]
    assert (dawg.source.display, dawg.path, dawg.owner) == (str(data_copy / "groups" / "dawg.yaml"), ("id",), None)
    assert dawg.source.at(dawg.path) == (3, 5)
    cited = [p for p in data.references["OBPF indicator"] if p.owner == "dawg"]
    assert [(p.id, p.path) for p in cited] == [("3.1.1.a", ("indicators", 0))]
    # a returns file cites indicators too, but no group owns that citation
    assert any(p.owner is None and p.source.path.parent.name == "returns" for p in data.references["OBPF indicator"])


def test_footnote_citations_in_prose_are_references(data_copy):
    data = load_dataset(data_copy, use_cache=False)
    sentinel = [p for p in data.references["footnote"] if p.id == "op-sentinel"]
    assert sentinel and sentinel[0].source.path.name == "obpf.yaml"
    assert "op-sentinel" in data.defined("footnote")


def test_a_duplicate_is_kept_in_definitions_and_defined_gives_the_first(data_copy):
    crest = data_copy / "crest.yaml"
    crest.write_text(crest.read_text("utf-8").replace('id: "6.3"', 'id: "6.2"'), "utf-8")
    data = load_dataset(data_copy, use_cache=False)
    twice = [p for p in data.definitions["Crest recommendation"] if p.id == "6.2"]
    assert len(twice) == 2 and data.defined("Crest recommendation")["6.2"] is twice[0]


def test_an_unreadable_single_file_makes_its_kinds_unknown_not_empty(data_copy):
    (data_copy / "obpf.yaml").write_text("areas: [\n", "utf-8")
    data = load_dataset(data_copy, use_cache=False)
    assert data.unknown_kinds == DEFINES["obpf"]
    assert "OBPF indicator" in data.unknown_kinds and "OBPF indicator" not in data.definitions


def test_a_value_that_is_not_text_is_never_indexed(data_copy):
    group = data_copy / "groups" / "dawg.yaml"
    group.write_text(group.read_text("utf-8").replace('indicators: ["3.1.1.a"]', "indicators: [3.1]"), "utf-8")
    data = load_dataset(data_copy, use_cache=False)
    assert not [p for p in data.references["OBPF indicator"] if p.owner == "dawg"]  # id-not-string reports it


def test_walk_follows_a_pattern_and_strings_finds_every_text():
    tree = {"areas": [{"id": "1", "outcomes": [{"id": "1.1"}, {"id": "1.2"}]}, {"id": "2"}], "n": 3}
    assert list(walk(tree, ("areas", "*", "outcomes", "*", "id"))) == [
        (("areas", 0, "outcomes", 0, "id"), "1.1"), (("areas", 0, "outcomes", 1, "id"), "1.2")]
    assert list(walk(tree, ("missing", "*"))) == []
    assert sorted(strings(tree)) == [(("areas", 0, "id"), "1"), (("areas", 0, "outcomes", 0, "id"), "1.1"),
                                     (("areas", 0, "outcomes", 1, "id"), "1.2"), (("areas", 1, "id"), "2")]
    deep: dict = {}
    node = deep
    for _ in range(5000):  # no recursion limit: nesting depth is unbounded
        node["x"] = {}
        node = node["x"]
    node["x"] = "deepest"
    assert [text for _, text in strings(deep)] == ["deepest"]
