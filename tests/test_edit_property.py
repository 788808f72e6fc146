"""Property: changing one value of any bundled file, through the round-trip editor, changes
that value's line and nothing else: comments, quoting, order and blank lines all stay."""

from __future__ import annotations

import difflib
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from tests.conftest import BUNDLED
from vrptool.edit import dump, round_trip

pytestmark = pytest.mark.slow  # Many generated edits (hypothesis).


def leaves(node, path=()):
    """Every scalar of a round-trip document with its path, in document order."""
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            yield from leaves(value, path + (key,))
    elif isinstance(node, CommentedSeq):
        for index, value in enumerate(node):
            yield from leaves(value, path + (index,))
    else:
        yield path, node


@cache
def single_line_leaves() -> list[tuple[Path, tuple]]:
    """Scalars written on one line (block scalars span several and are edited as a whole); found
    when a test first needs them, not while every worker collects the suite."""
    chosen = []
    for file in sorted(BUNDLED.rglob("*.yaml")):
        text = file.read_text("utf-8")
        document = round_trip().load(text)
        for path, value in leaves(document):
            if isinstance(value, str) and ("\n" in value or len(value) > 70):
                continue
            chosen.append((file, path))
    return chosen


@cache
def parsed(file: Path) -> tuple[str, object]:
    """A file's text and its round-trip document, parsed once: each example changes one value in
    it, dumps it, and puts the value back (a value set again keeps its key's place and comments),
    at a fraction of the cost of parsing it again or copying it. A value not put back as it was
    would show in every later example's comparison with the file's text."""
    text = file.read_text("utf-8")
    document = round_trip().load(text)
    assert dump(document) == text, file
    return text, document


WORDS = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"), max_codepoint=0x7F),
                min_size=1, max_size=20)


@settings(max_examples=300, deadline=None)
@given(st.deferred(lambda: st.sampled_from(single_line_leaves())), WORDS)
def test_one_changed_value_changes_one_line(leaf, word):
    file, path = leaf
    original, document = parsed(file)
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    new_value = f"x{word}"
    old_value = parent[path[-1]]
    if old_value == new_value:
        return
    parent[path[-1]] = new_value
    try:
        edited = dump(document)
    finally:
        parent[path[-1]] = old_value
    changes = list(difflib.ndiff(original.splitlines(), edited.splitlines()))
    removed = [change for change in changes if change.startswith("- ")]
    added = [change for change in changes if change.startswith("+ ")]
    assert len(removed) == 1 and len(added) == 1, (file, path, removed, added)
    assert new_value in added[0]
    # everything before the value on that line (indentation, key, dash) is unchanged
    before_value = removed[0][2:].rstrip()
    prefix = added[0][2:].split(new_value)[0]
    assert before_value.startswith(prefix.rstrip() or prefix), (before_value, added[0])


def test_the_property_covers_every_bundled_file():
    leaves_found = single_line_leaves()
    assert {file for file, _ in leaves_found} == set(BUNDLED.rglob("*.yaml"))
    assert len(leaves_found) > 1000
