"""Shared fixtures: a private copy of the bundled data, and running the real CLI in-process."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from vrptool.cli import main

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data"
SEEDS = ROOT.parent / "shared" / "seeds"
#: A pinned vrptool for `vrptool init --vrptool-source` (the tests' vrptool is an editable install, which is not).
PINNED_SOURCE = "git+https://example.invalid/vrptool@" + "0" * 40


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self):
        return json.loads(self.out)


@pytest.fixture(params=["cache", "no-cache"])
def run(request, capsys, monkeypatch, tmp_path):
    """Run `vrptool ARGS` in-process and return its exit code and output.

    Every test that runs the CLI runs twice: with the result cache and without it, so that the
    cache can never change what a test sees."""
    monkeypatch.setenv("VRPTOOL_CACHE_DIR", str(tmp_path / "cache"))
    if request.param == "no-cache":
        monkeypatch.setenv("VRPTOOL_NO_CACHE", "1")
    else:
        monkeypatch.delenv("VRPTOOL_NO_CACHE", raising=False)

    def invoke(*args: str, cwd: Path | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        monkeypatch.delenv("VRPTOOL_DATA", raising=False)
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled data, as tmp_path/data."""
    target = tmp_path / "data"
    shutil.copytree(BUNDLED, target)
    return target
