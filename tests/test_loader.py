"""The loader: positions of keys and values, and syntax-level findings at the parser's position."""

from __future__ import annotations

from pathlib import Path

import pytest

from vrptool.loader import load_file, resolve_plain


def load(tmp_path: Path, content: str | bytes):
    path = tmp_path / "file.yaml"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return load_file(path, display="file.yaml")


def only(source, rule):
    found = [(f.rule, f.line, f.column) for f in source.findings]
    assert [f for f in found if f[0] == rule] == found, found
    return found


def test_positions_of_keys_and_values_are_one_based(tmp_path):
    source = load(tmp_path, "id: \"dawg\"\nmembership:\n  - organisation: \"vru\"\n    roles: [a, b]\n")
    assert source.findings == []
    assert source.key_at(("id",)) == (1, 1)
    assert source.at(("id",)) == (1, 5)
    assert source.at(("membership", 0, "organisation")) == (3, 19)
    assert source.key_at(("membership", 0, "roles")) == (4, 5)
    assert source.at(("membership", 0, "roles", 1)) == (4, 16)
    # a path below a scalar falls back to its nearest ancestor
    assert source.at(("membership", 0, "roles", 1, "deeper")) == (4, 16)


@pytest.mark.parametrize("text, value", [
    ("6.10", 6.1), ("12", 12), ("true", True), ("~", None), ("no", "no"), ("on", "on"),
    ("2023-02-30", "2023-02-30"), ("0x1f", 31), (".inf", float("inf")), ("1e3", 1000.0), ("SO1", "SO1"),
])
def test_plain_scalars_follow_the_yaml_1_2_core_schema(text, value):
    assert resolve_plain(text) == value


def test_an_unquoted_number_keeps_its_source_text(tmp_path):
    source = load(tmp_path, "id: 6.10\nname: \"6.10\"\n")
    assert source.tree == {"id": 6.1, "name": "6.10"}
    assert source.raw[("id",)] == "6.10"


def test_a_plain_scalar_seen_again_is_judged_again(tmp_path):
    """Each plain scalar's value is worked out once per file: what is found at one place is still
    found at every other, and each keeps its own source text."""
    source = load(tmp_path, "a: yes\nb: [yes, 6.10, '6.10', 6.10]\nc: .nan\nd: .nan\n")
    assert only(source, "yaml-1.1-boolean") == [("yaml-1.1-boolean", 1, 4), ("yaml-1.1-boolean", 2, 5)]
    assert source.tree["b"] == ["yes", 6.1, "6.10", 6.1]
    assert source.raw[("b", 1)] == source.raw[("b", 3)] == "6.10" and ("b", 2) not in source.raw
    assert source.tree["c"] is not source.tree["d"]  # two NaNs, never one value


def test_duplicate_key_points_at_the_second_and_keeps_the_first(tmp_path):
    source = load(tmp_path, "a: 1\nb:\n  c: 2\n  c: 3\n")
    assert only(source, "duplicate-key") == [("duplicate-key", 4, 3)]
    assert source.tree == {"a": 1, "b": {"c": 2}}
    assert "first is on line 3" in source.findings[0].message


def test_alias_is_reported_and_never_expanded(tmp_path):
    lol = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))
    source = load(tmp_path, lol)
    rules = {f.rule for f in source.findings}
    assert rules == {"yaml-alias"}
    assert ("yaml-alias", 2, 8) in [(f.rule, f.line, f.column) for f in source.findings]
    assert source.tree["b"] == [None, None, None]


@pytest.mark.parametrize("content, line, column, words", [
    ("a: [1, 2\nb: 3\n", 1, 4, "this list, opened with '[', is not closed on its line: close it with ']'"),
    ("a: \"unterminated\nb: 1\n", 1, 4, "opens a double quote that is not closed on its line"),
    ("a:\n\tb: 1\n", 2, 1, "tab character"),
    ("a: 1\n---\nb: 2\n", 2, 1, "one YAML document"),
    ("a: b: c\n", 1, 5, "a colon followed by a space inside text, which YAML reads as a new key: put the text in quotes"),
    ('name: {a: 1\nid: "x"\n', 1, 7, "this mapping, opened with '{', is not closed on its line"),
    ('id: "x"\n  name: y\nabbreviation: Z\n', 2, 3, "indented unlike the other keys of the mapping that starts on line 1: line it up"),
    ("list:\n  - a\n  b: 1\n", 3, 3, "indented unlike the other items of the list that starts on line 2: start each item"),
    ("members: [a, b,, c]\n", 1, 16, "a value is missing here"),
    ("name: @x\n", 1, 7, "YAML text cannot start with '@': put the text in quotes"),
    ("name: &\n", 1, 8, "YAML reads '&' or '*' before a name as an anchor or an alias: put the text in quotes"),
    ("name: |\nx\n", 2, 1, "this line is text without a key (key: value)"),
    ("name: x\n%YAML 1.2\n", 2, 1, "YAML reads a line starting with '%' as a directive"),
])
def test_malformed_yaml_is_one_finding_said_as_what_to_do_where_the_mistake_is(tmp_path, content, line, column, words):
    source = load(tmp_path, content)
    assert only(source, "yaml-syntax") == [("yaml-syntax", line, column)]
    assert words in source.findings[0].message
    assert "did not find" not in source.findings[0].message and "while parsing" not in source.findings[0].message
    assert not source.readable


def test_invalid_utf8_points_at_the_bad_byte(tmp_path):
    source = load(tmp_path, b"a: 1\nname: caf\xe9\n")
    assert only(source, "yaml-syntax") == [("yaml-syntax", 2, 10)]
    assert "not valid UTF-8" in source.findings[0].message


def test_utf16_is_refused_with_advice(tmp_path):
    source = load(tmp_path, "a: 1\n".encode("utf-16"))
    assert only(source, "yaml-syntax") == [("yaml-syntax", 1, 1)]
    assert "UTF-16" in source.findings[0].message


def test_utf8_byte_order_mark_and_crlf_are_read(tmp_path):
    source = load(tmp_path, b"\xef\xbb\xbfa: 1\r\nb: two\r\n")
    assert source.findings == []
    assert source.tree == {"a": 1, "b": "two"}
    assert source.at(("b",)) == (2, 4)


def test_empty_file_parses_to_nothing(tmp_path):
    source = load(tmp_path, "")
    assert source.findings == [] and source.tree is None


def test_deep_nesting_is_refused_at_the_limit(tmp_path):
    source = load(tmp_path, "a: " + "[" * 5000 + "]" * 5000 + "\n")
    # the mapping is level 1 and "a: [" level 2: the 64th "[" (column 67) would be level 65
    assert only(source, "yaml-syntax") == [("yaml-syntax", 1, 67)]
    assert "nested more than 64 levels" in source.findings[0].message


@pytest.mark.slow
def test_the_depth_limit_is_a_setting_and_the_reader_never_recurses(tmp_path, monkeypatch):
    monkeypatch.setenv("VRPTOOL_MAX_DEPTH", "20000")
    source = load(tmp_path, "a: " + "[" * 10000 + "]" * 10000 + "\n")
    assert source.findings == []


def test_a_directory_and_an_oversized_file_are_findings(tmp_path):
    folder = tmp_path / "dir.yaml"
    folder.mkdir()
    assert "directory" in load_file(folder).findings[0].message
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 2000 + "\n")
    finding = load_file(big, max_bytes=1000).findings[0]
    assert finding.rule == "yaml-syntax" and "more than the 1,000" in finding.message


def _positions_parsed_again(source):
    """The positions of a file as a second read with positions finds them."""
    from vrptool.loader import SourceFile, parse_text

    again = SourceFile(source.path, source.display)
    parse_text(source.text, again, record=True)
    return again._positions, again._key_positions, again._raw


@pytest.mark.parametrize("content", [
    "id: \"dawg\"\nmembership:\n  - organisation: \"vru\"\n    roles: [a, b]\n",
    "a: {b: [1, [2, {c: 3}], {}], d: []}\ne:\nf: 6.10\n'g': \"x\"\nh: !!str 12\n",
    "- 1\n- - 2\n  - x: yes\n    y: ~\n- {}\n",
    "---\nplain\n", "---\n", "", "# only a comment\n", "é: \"ü\"\nnested:\n  deeper:\n    deepest: [1, 2]\n",
])
def test_positions_are_the_same_whether_or_not_the_file_is_parsed_again(tmp_path, content):
    """A finding's file is located from the marks its first read kept, not parsed again; the
    positions are those a second read with positions finds, and the source texts too."""
    source = load(tmp_path, content)
    assert source._marks is not None and source._positions is None
    parsed = _positions_parsed_again(source)
    assert (source.positions, source.key_positions) == parsed[:2]
    assert source.raw == parsed[2]


def test_positions_of_the_bundled_data_are_the_same_whether_or_not_parsed_again():
    from tests.conftest import BUNDLED

    files = sorted(BUNDLED.rglob("*.yaml"))
    assert len(files) > 20
    for path in files:
        source = load_file(path)
        assert source._marks is not None, path
        assert (source.positions, source.key_positions) == _positions_parsed_again(source)[:2], path


def test_a_file_cut_short_or_with_a_repeated_key_is_located_by_parsing_it_again(tmp_path):
    for content in ("a: 1\na: 2\n", "a: &x 1\nb: *x\n", "a: [1, 2\n", "a: 1\n---\nb: 2\n"):
        source = load(tmp_path, content)
        assert source._marks is None, content
        assert source.at(("a",)) == (1, 4)
