"""Returns facts as the store keeps them: a line of JSON, then each indicator's entries' text on a line of its own."""

from __future__ import annotations

from vrptool.returns_facts import ReturnsFacts, _as_text, _from_text


def test_facts_read_back_as_they_were_kept():
    facts = ReturnsFacts("2025-26-Q4", True, {"1.1.1.e": '[{"indicator":"1.1.1.e","value":388}]',
                                               "2.1\u2028x": '[{"indicator":"2.1\u2028x","note":"a\\nb"}]'})
    assert _from_text(_as_text(facts)) == facts
    assert _from_text(_as_text(ReturnsFacts("2025-26-Q4", False, {}))) == ReturnsFacts("2025-26-Q4", False, {})


def test_facts_not_as_kept_are_a_miss():
    kept = _as_text(ReturnsFacts("2025-26-Q4", False, {"1.1.1.e": "[]", "1.1.2": "[]"}))
    assert kept is not None
    assert _from_text(kept + "\n[]") is None  # a line more than indicators
    assert _from_text(kept.rpartition("\n")[0]) is None  # one fewer
    assert _from_text("not json\n[]") is None
    assert _from_text(None) is None
    assert _as_text(ReturnsFacts("2025-26-Q4", False, {"1.1.1.e": "[\n]"})) is None  # never made by _read
