"""Every rule of the catalogue: one mistake injected into the bundled data is reported by its
rule, at the exact file, line and column of the mistake."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from vrptool.rules import catalogue

CASES = YAML(typ="safe").load((Path(__file__).parent / "cases" / "injections.yaml").read_text("utf-8"))


def line_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def inject(data: Path, case: dict) -> tuple[str, int, int]:
    """Apply the case's edit; return the file, line and column where the finding must point."""
    path = data / case["edit"]
    text = path.read_text("utf-8")
    offset = text.index(case["replace"])
    edited = text[:offset] + case["with"] + text[offset + len(case["replace"]):]
    path.write_text(edited, "utf-8")
    if "at_in_file" in case:
        target = (data / case["file"]).read_text("utf-8")
        return case["file"], *line_column(target, target.index(case["at_in_file"]))
    return case["edit"], *line_column(edited, offset + case["with"].index(case["at"]))


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_injected_mistake_is_reported_at_its_place(case, data_copy, run):
    file, line, column = inject(data_copy, case)
    result = run("validate", "--data", "data", "--format", "json", "--today", case.get("today", "2026-11-21"),
                 cwd=data_copy.parent)
    findings = result.json["findings"]
    matching = [f for f in findings if f["rule"] == case["rule"]]
    assert {"file": f"data/{file}", "line": line, "column": column} in [
        {k: f[k] for k in ("file", "line", "column")} for f in matching
    ], findings
    here = next(f for f in matching if (f["file"], f["line"], f["column"]) == (f"data/{file}", line, column))
    assert here["severity"] == catalogue()[case["rule"]].severity.value
    assert case.get("message", "") in here["message"]
    assert result.code == (1 if here["severity"] == "error" else 0)


def test_every_rule_of_the_catalogue_has_a_case():
    """yaml-syntax and missing-file cannot be injected as a text edit: test_loader and test_validate test them."""
    # yaml-syntax, missing-file, outside-link and interrupted-edit are not text edits: test_loader,
    # test_validate and tests/hostile test them; unread-data-file and stray-file are files, not
    # edits: tests/hostile/test_discovery.py tests them.
    covered = {case["rule"] for case in CASES} | {"yaml-syntax", "missing-file", "outside-link", "interrupted-edit",
                                                 "unread-data-file", "stray-file"}
    assert set(catalogue()) <= covered
