"""The benchmark's edits: each timed "one file changed" run must follow a real edit that leaves
the data valid (so the run measures a full check) and gives the file text it never held before
(so no cache, per-file or whole, can have seen it)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from run import change_first_value, rename_group  # noqa: E402


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


def test_each_group_edit_is_new_text_and_the_data_stays_valid(data: Path, run) -> None:
    group = data / "groups" / "dawg.yaml"
    edit = rename_group(group)
    seen = {group.read_text("utf-8")}
    for _ in range(3):
        edit()
        seen.add(group.read_text("utf-8"))
    assert len(seen) == 4
    assert "name: Data and Analysis Working Group (edit 3)\n" in group.read_text("utf-8")
    assert "(edit 1)" not in group.read_text("utf-8")  # one suffix, replaced, not piled up
    result = run("validate", "--data", data, "--format", "json")
    assert result.code == 0 and result.json["summary"]["errors"] == 0


def test_each_returns_edit_counts_the_first_value_up(data: Path, run) -> None:
    returns = data / "returns" / "2026-27-Q2.yaml"
    before = returns.read_text("utf-8")
    edit = change_first_value(returns)
    edit()
    edit()
    after = returns.read_text("utf-8")
    assert before.replace("    value: 376\n", "    value: 378\n", 1) == after
    assert run("validate", "--data", data).code == 0
