"""The collector's pace is raised while a report builds its objects, and restored after, even
when the work fails."""

from __future__ import annotations

import gc

import pytest

from tests.conftest import BUNDLED
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


@pytest.mark.parametrize("command", [["validate", "--today", "2026-11-21"], ["render", "tor", "dawg", "-o", "out"]])
def test_the_checks_read_and_judge_the_data_at_the_raised_pace(run, monkeypatch, tmp_path, command):
    """Every command's check (validate's, a rendering's) reads the data and runs the rules so."""
    import vrptool.checks as checks
    import vrptool.dataset as dataset

    monkeypatch.setenv("VRPTOOL_NO_CACHE", "1")  # every file read and judged afresh
    seen = []
    load, judge = dataset.load_dataset, checks.run_checks
    monkeypatch.setattr(dataset, "load_dataset", lambda *a, **k: (seen.append(gc.get_threshold()[0]), load(*a, **k))[1])
    monkeypatch.setattr(checks, "run_checks", lambda *a, **k: (seen.append(gc.get_threshold()[0]), judge(*a, **k))[1])
    before = gc.get_threshold()
    assert run(*command, "--data", BUNDLED, cwd=tmp_path).code == 0
    assert seen == [PACE, PACE] and gc.get_threshold() == before
