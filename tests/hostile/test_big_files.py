"""A data file near its kind's limits is handled, or refused by name before any costly work.

A file's cost is in its values (every key, text, number, list and mapping), not its bytes: a
10 MB returns file of 165,000 entries took 120 s and 1 GB to edit, a 256 KB line of `1,` holds
130,000 values. Each kind of file has a limit of bytes and one of values (vrptool.files.KINDS),
and every command meets them before ruamel.yaml's round trip, which is pure Python. The times
themselves are bench/'s; these tests pin what is deterministic: where the limit falls, that a file
past it is refused by name before the round trip, and that an edit at the limit finishes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BUNDLED
from tests.test_edit import snapshot
from vrptool import edit
from vrptool.loader import load_file

GROUP_LIMIT, RETURNS_LIMIT = 10_000, 60_000


def values(tree: Any) -> int:
    """How many values the loader counts in a tree: each key, and each value, list and mapping."""
    if isinstance(tree, dict):
        return 1 + sum(1 + values(value) for value in tree.values())
    if isinstance(tree, list):
        return 1 + sum(values(item) for item in tree)
    return 1


def board_with_values(data: Path, total: int) -> Path:
    """groups/svrp.yaml with one member whose roles bring the file to `total` values."""
    path = data / "groups" / "svrp.yaml"
    text = (BUNDLED / "groups" / "svrp.yaml").read_text("utf-8")
    # membership: [] (a key and a list) becomes a list of one member: its mapping, two keys, the
    # organisation, the roles list and each role.
    roles = total - values(load_file(BUNDLED / "groups" / "svrp.yaml").tree) - 5
    member = '\n  - organisation: "vru"\n    roles: [' + ", ".join(f"Role {i}" for i in range(roles)) + "]"
    path.write_text(text.replace("membership: []", "membership:" + member), "utf-8")
    with_limit = os.environ.get("VRPTOOL_MAX_VALUES")
    os.environ["VRPTOOL_MAX_VALUES"] = str(10 * total)  # to count them all
    try:
        assert values(load_file(path).tree) == total
    finally:
        os.environ.pop("VRPTOOL_MAX_VALUES")
        if with_limit is not None:
            os.environ["VRPTOOL_MAX_VALUES"] = with_limit
    return path


def many_returns(data: Path, entries: int) -> Path:
    path = data / "returns" / "2026-27-Q3.yaml"
    path.write_text('quarter: "2026-27-Q3"\nvalues:\n' + '  - indicator: "1.1.1.e"\n    value: 1\n' * entries, "utf-8")
    return path


def test_a_group_file_at_its_values_limit_is_read_and_one_value_more_is_refused(data_copy):
    path = board_with_values(data_copy, GROUP_LIMIT)
    assert [f.rule for f in load_file(path).findings] == []
    path = board_with_values(data_copy, GROUP_LIMIT + 1)
    finding = load_file(path, display="groups/svrp.yaml").findings[0]
    # the 10,001st value is the file's last: the introduction's text, whose ">-" stands on line 13
    assert (finding.rule, finding.file, finding.line) == ("yaml-syntax", "groups/svrp.yaml", 13)
    assert finding.message == ("the file holds more than the 10,000 values a group file may have; the rest is not "
                               "read (the limit is the setting VRPTOOL_MAX_VALUES)")


def test_the_values_limit_is_a_setting_for_every_file(data_copy, monkeypatch):
    monkeypatch.setenv("VRPTOOL_MAX_VALUES", "50")
    finding = load_file(data_copy / "crest.yaml", display="crest.yaml").findings[0]
    assert finding.message.startswith("the file holds more than the 50 values a data file may have")


def test_the_same_text_as_two_kinds_of_file_is_judged_by_each_kind(run, data_copy):
    """The store keeps a parse by its bytes: a file's kind, and so its limit, must be in the key,
    or text read as a returns file (60,000 values allowed) would pass as a group (10,000)."""
    text = 'quarter: "2026-27-Q3"\nvalues: [' + "1, " * 15_000 + "1]\n"
    (data_copy / "returns" / "2026-27-Q3.yaml").write_text(text, "utf-8")
    first = run("validate", "--data", data_copy, "--format", "json")
    assert not [f for f in json.loads(first.out)["findings"] if "values" in f["message"] and f["rule"] == "yaml-syntax"]
    (data_copy / "groups" / "copy.yaml").write_text(text, "utf-8")
    second = json.loads(run("validate", "--data", data_copy, "--format", "json").out)["findings"]
    limited = [(f["rule"], f["file"], f["line"]) for f in second if "10,000 values a group file" in f["message"]]
    assert limited == [("yaml-syntax", str(data_copy / "groups" / "copy.yaml"), 2)]


@pytest.fixture
def round_trips(monkeypatch) -> list[str]:
    """Every text ruamel.yaml's round trip loads."""
    loaded: list[str] = []
    real = edit.round_trip

    def counting():
        yaml = real()
        load = yaml.load

        def counted(text):
            loaded.append(text)
            return load(text)
        yaml.load = counted
        return yaml
    monkeypatch.setattr(edit, "round_trip", counting)
    return loaded


def test_an_edit_of_a_file_past_its_values_limit_is_refused_before_the_round_trip(run, data_copy, round_trips):
    path = many_returns(data_copy, 12_000)
    before = snapshot(data_copy)
    result = run("returns", "set", "-q", "2026-27-Q3", "-i", "1.1.1.e", "--value", "3", "--data", data_copy)
    assert result.code == 1
    assert f"{path} cannot be edited until its errors are fixed; nothing was changed" in result.err
    assert (f"{path}:24001:5: [yaml-syntax] the file holds more than the 60,000 values a returns file may "
            "have") in result.err
    assert path.read_text("utf-8") not in round_trips
    assert snapshot(data_copy) == before
    assert_round_trips_are_seen(run, data_copy, round_trips)


def assert_round_trips_are_seen(run, data_copy, round_trips) -> None:
    """The watch on the round trip sees one: a file within its limits is round-tripped for an edit
    (which the other file's errors then refuse)."""
    returns = data_copy / "returns" / "2026-27-Q2.yaml"
    text = returns.read_text("utf-8")
    assert run("returns", "set", "-q", "2026-27-Q2", "-i", "1.1.1.e", "--value", "3", "--data", data_copy).code == 1
    assert text in round_trips


def test_an_edit_of_a_file_past_its_size_limit_is_refused_before_the_round_trip(run, data_copy, round_trips):
    path = data_copy / "groups" / "svrp.yaml"
    path.write_text(path.read_text("utf-8") + "#" * 256 * 1024 + "\n", "utf-8")
    before = snapshot(data_copy)
    result = run("member", "add", "svrp", "vru", "--role", "Chair", "--data", data_copy)
    assert result.code == 1
    assert f"{path} cannot be edited until its errors are fixed; nothing was changed" in result.err
    assert f"{path}:1:1: [yaml-syntax] the file is {path.stat().st_size:,} bytes, more than the 262,144 a group " \
           "file may have (the limit is the setting VRPTOOL_MAX_FILE_BYTES)" in result.err
    assert path.read_text("utf-8") not in round_trips
    assert snapshot(data_copy) == before
    assert_round_trips_are_seen(run, data_copy, round_trips)


def test_fmt_refuses_data_with_a_file_past_its_limit_before_any_round_trip(run, data_copy, round_trips):
    path = many_returns(data_copy, 12_000)
    for arguments in (["fmt", "--check"], ["fmt"]):
        result = run(*arguments, "--data", data_copy)
        assert result.code == 1
        assert f"{path}:24001:5: [yaml-syntax] the file holds more than the 60,000 values" in result.err
        assert "nothing was formatted" in result.err
    assert round_trips == []


def test_an_edit_that_would_pass_the_values_limit_writes_nothing(run, data_copy):
    path = board_with_values(data_copy, GROUP_LIMIT - 3)
    before = snapshot(data_copy)
    result = run("member", "add", "svrp", "police", "--role", "Chair", "--data", data_copy)
    assert result.code == 1
    assert "the edit would make the data invalid; nothing was changed" in result.err
    assert f"{path}:" in result.err and "holds more than the 10,000 values a group file may have" in result.err
    assert snapshot(data_copy) == before


@pytest.mark.slow
def test_an_edit_and_fmt_on_a_file_at_its_limit_finish(data_copy):
    """A real process each, under a generous timeout (the speed itself is bench/'s)."""
    path = board_with_values(data_copy, GROUP_LIMIT - 6)
    environment = {**os.environ, "VRPTOOL_NO_CACHE": "1"}
    environment.pop("VRPTOOL_MAX_VALUES", None)

    def vrptool(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "vrptool", *arguments, "--data", str(data_copy)],
                              capture_output=True, text=True, timeout=60, env=environment)

    added = vrptool("member", "add", "svrp", "police", "--role", "Chair")
    assert added.returncode == 0, added.stderr
    assert f"changed {path}" in added.stdout
    assert values(load_file(path).tree) == GROUP_LIMIT
    checked = vrptool("fmt", "--check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "all in the canonical layout" in checked.stdout
