"""The result cache: an unchanged data directory is not checked again, and no edit is ever missed."""

from __future__ import annotations

import json

from vrptool import cache


def test_a_second_run_is_served_from_the_cache(run, data_copy, monkeypatch, tmp_path):
    monkeypatch.delenv("VRPTOOL_NO_CACHE", raising=False)
    first = run("validate", "--data", "data", "--format", "json", "--today", "2026-11-21", cwd=data_copy.parent)
    assert first.code == 0

    def must_not_run(*args, **kwargs):
        raise AssertionError("the data was checked again although nothing changed")

    monkeypatch.setattr("vrptool.commands.validate.check_data", must_not_run)
    second = run("validate", "--data", "data", "--format", "json", "--today", "2026-11-21", cwd=data_copy.parent)
    assert (second.code, second.out) == (first.code, first.out)
    assert (tmp_path / "cache" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_an_edit_between_two_runs_is_seen(run, data_copy, monkeypatch):
    monkeypatch.delenv("VRPTOOL_NO_CACHE", raising=False)
    assert run("validate", "--data", "data", "--today", "2026-11-21", cwd=data_copy.parent).code == 0
    crest = data_copy / "crest.yaml"
    crest.write_text(crest.read_text().replace('id: "6.2"', 'id: "6.20"'))
    result = run("validate", "--data", "data", "--format", "json", "--today", "2026-11-21", cwd=data_copy.parent)
    assert result.code == 1
    assert [f["rule"] for f in result.json["findings"] if f["severity"] == "error"] == ["unknown-ref"]


def test_a_new_file_and_another_day_are_new_keys(data_copy, tmp_path):
    import datetime as dt

    today = dt.date(2026, 11, 21)
    before = cache.key(data_copy, today)
    assert cache.key(data_copy, today) == before
    assert cache.key(data_copy, dt.date(2026, 11, 22)) != before
    (data_copy / "groups" / "new.yaml").write_text("id: new\n")
    assert cache.key(data_copy, today) != before


def test_a_damaged_entry_is_ignored(data_copy, monkeypatch, tmp_path):
    import datetime as dt

    monkeypatch.setenv("VRPTOOL_CACHE_DIR", str(tmp_path / "c"))
    key = cache.key(data_copy, dt.date(2026, 11, 21))
    entry = tmp_path / "c" / cache.__version__ / f"{key}.json"
    entry.parent.mkdir(parents=True)
    entry.write_text("{not json")
    assert cache.load(key) is None
    entry.write_text(json.dumps({"findings": [{"file": "x"}], "files": 1}))
    assert cache.load(key) is None


def test_no_cache_writes_nothing(run, data_copy, monkeypatch, tmp_path):
    monkeypatch.delenv("VRPTOOL_NO_CACHE", raising=False)
    assert run("validate", "--no-cache", "--data", "data", cwd=data_copy.parent).code == 0
    assert not (tmp_path / "cache").exists()
