"""Trust nothing the repository holds: output that cannot be forged, files checked before they
are read, a cache that is never an input, edits that are all or nothing."""

from __future__ import annotations

import pytest


FORGED_KEY = '"x\\n::warning file=data/crest.yaml,line=1::all clear\\r\\u2028y": 1\n'


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_a_key_cannot_forge_a_line_of_output(run, data_copy, output_format):
    dawg = data_copy / "groups" / "dawg.yaml"
    dawg.write_text(dawg.read_text("utf-8") + FORGED_KEY, "utf-8")
    result = run("validate", "--data", "data", "--format", output_format, "--today", "2026-11-21",
                 cwd=data_copy.parent)
    assert result.code == 1
    lines = result.out.split("\n")
    assert not [line for line in lines if line.startswith("::warning file=data/crest.yaml,line=1::")]
    forged = [line for line in lines if "all clear" in line]
    assert len(forged) == 1 and "schema" in forged[0] and "dawg.yaml" in forged[0]
    if output_format == "text":
        assert "\u2028" not in result.out and "\r" not in result.out
        assert "'x\\n::warning file=data/crest.yaml,line=1::all clear\\r\\u2028y'" in forged[0]
