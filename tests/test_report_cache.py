"""A report made with the cache (unchanged files read back from it, the edited one afresh) is
the report made without it, byte for byte, in every text format."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import BUNDLED

TODAY = "2026-11-21"


@pytest.mark.parametrize("output_format", ["json", "md"])
def test_a_report_after_one_returns_file_changed_is_the_report_without_the_cache(run, tmp_path, monkeypatch,
                                                                                 output_format):
    data = tmp_path / "data"
    shutil.copytree(BUNDLED, data)

    def report(cache: bool) -> str:
        if cache:
            monkeypatch.delenv("VRPTOOL_NO_CACHE", raising=False)
        else:
            monkeypatch.setenv("VRPTOOL_NO_CACHE", "1")
        result = run("report", "--quarter", "latest", "--format", output_format, "--today", TODAY, "--data", data)
        assert result.code == 0, result.err
        return result.out

    report(cache=True)  # fills the cache with every file
    assert report(cache=True) == report(cache=False)
    latest = data / "returns" / "2026-27-Q2.yaml"
    latest.write_text(latest.read_text("utf-8").replace("    value: 376\n", "    value: 377\n", 1), "utf-8")
    with_cache = report(cache=True)
    assert with_cache == report(cache=False)
    if output_format == "json":
        rows = {r["id"]: r for a in json.loads(with_cache)["areas"] for o in a["outcomes"] for m in o["measures"]
                for r in m["indicators"]}
        assert rows["1.1.1.e"]["current"]["value"] == 377.0  # the edit reached the report
