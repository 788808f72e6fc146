"""The collector's pace is raised while a report builds its objects, and restored after, even
when the work fails."""

from __future__ import annotations

import gc

import pytest

from vrptool.allocation import PACE, many_objects


def test_the_pace_is_raised_inside_and_restored_after_even_on_an_error():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), many_objects():
        assert gc.get_threshold() == (PACE, *before[1:])
        raise RuntimeError
    assert gc.get_threshold() == before


def test_a_report_runs_at_the_raised_pace(run, monkeypatch):
    import vrptool.report.context as context

    seen = []
    original = context.report_context
    monkeypatch.setattr(context, "report_context", lambda *a, **k: (seen.append(gc.get_threshold()[0]),
                                                                     original(*a, **k))[1])
    before = gc.get_threshold()
    assert run("report", "--quarter", "latest", "--today", "2026-11-21", "--format", "json").code == 0
    assert seen == [PACE] and gc.get_threshold() == before
