"""vrptool validate through the real CLI: exit codes, formats, options, and the bundled data."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import ROOT

# What validate prints is the same whether the result cache is on or off: each test that reads
# data runs in both modes (a usage error, help and the version are refused or said before any
# data is read, where the cache cannot matter).
both_modes = pytest.mark.both_cache_modes


@both_modes
def test_bundled_data_is_valid_and_its_warnings_are_true(run):
    result = run("validate", "--data", "data", "--format", "json", "--today", "2026-11-21", cwd=ROOT)
    assert result.code == 0, result.out
    document = result.json
    assert document["summary"] == {"errors": 0, "warnings": 12, "files": 38}
    found = sorted((f["rule"], f["file"], f["message"].split(";")[0]) for f in document["findings"])
    assert found == sorted([
        # The three ToRs that set a review month were all due for review long before today.
        ("review-overdue", "data/groups/dawg.yaml", "the DAWG ToR was due for review by 2023-12-31 (1056 days ago)"),
        ("review-overdue", "data/groups/engagement.yaml", "the EWG ToR was due for review by 2024-03-31 (965 days ago)"),
        ("review-overdue", "data/groups/ieo.yaml", "the IEO ToR was due for review by 2024-05-31 (904 days ago)"),
        # The TVRP ToR set none; a year after its issue (data/README.md) is long past too.
        ("review-overdue", "data/groups/tvrp.yaml", "the TVRP ToR was due for review by 2024-11-30 (721 days ago)"),
        # No ToR delivers the SVRP-level activities or the Communications activities.
        ("orphan-activity", "data/toc.yaml", "no group delivers ToC activity 1.a"),
        ("orphan-activity", "data/toc.yaml", "no group delivers ToC activity 1.b"),
        ("orphan-activity", "data/toc.yaml", "no group delivers ToC activity 3.e"),
        ("orphan-activity", "data/toc.yaml", "no group delivers ToC activity 3.f"),
        ("orphan-activity", "data/toc.yaml", "no group delivers ToC activity 3.g"),
        # Under the PHOF profile (1–5): the Isle of Wight's n of 5 and of 4, and its count of 3 offences,
        # are suppressed, and the total less the other areas would give each away.
        ("secondary-suppression", "data/returns/2025-26-Q4.yaml",
         "Isle of Wight's n of indicator 2.3.3.a in 2025-26-Q4 is suppressed (1–5, PHOF rule) but could be worked "
         "out from the total and the other areas"),
        ("secondary-suppression", "data/returns/2026-27-Q2.yaml",
         "Isle of Wight's value of indicator 1.1.1.f in 2026-27-Q2 is suppressed (1–5, PHOF rule) but could be "
         "worked out from the total and the other areas"),
        ("secondary-suppression", "data/returns/2026-27-Q2.yaml",
         "Isle of Wight's n of indicator 2.3.3.a in 2026-27-Q2 is suppressed (1–5, PHOF rule) but could be worked "
         "out from the total and the other areas"),
    ])


@both_modes
def test_strict_fails_on_warnings(run):
    assert run("validate", "--strict", "--today", "2026-11-21", cwd=ROOT).code == 1


@both_modes
def test_data_defaults_to_the_environment_variable(run, data_copy, monkeypatch):
    (data_copy / "crest.yaml").write_text("assessment: {}\n")
    monkeypatch.chdir(data_copy.parent)
    monkeypatch.setenv("VRPTOOL_DATA", "data")
    from vrptool.cli import main
    assert main(["validate"]) == 1


@both_modes
def test_text_format_is_one_line_per_finding_then_a_summary(run, data_copy):
    text = (data_copy / "crest.yaml").read_text()
    (data_copy / "crest.yaml").write_text(text.replace('id: "6.1"', "id: 6.10"))
    result = run("validate", "--data", "data", "--today", "2026-11-21", cwd=data_copy.parent)
    assert result.code == 1
    lines = result.out.splitlines()
    assert 'data/crest.yaml:42:9: error [id-not-string] \'6.10\' is written as a number; ids are text: quote it, "6.10"' in lines
    for line in lines[:-1]:
        assert re.match(r"^data/\S+:\d+:\d+: (error|warning) \[[a-z-]+\] .+$", line), line
    assert re.match(r"^\d+ errors?, \d+ warnings? in 38 files$", lines[-1])


@both_modes
def test_json_format_has_the_fixed_shape(run, data_copy):
    (data_copy / "groups" / "dawg.yaml").write_text(
        (data_copy / "groups" / "dawg.yaml").read_text().replace('"svrp"', '"svpr"'))
    result = run("validate", "--data", "data", "--format", "json", "--today", "2026-11-21", cwd=data_copy.parent)
    assert result.code == 1
    document = result.json
    assert set(document) == {"findings", "summary"}
    assert set(document["summary"]) == {"errors", "warnings", "files"}
    finding = next(f for f in document["findings"] if f["rule"] == "unknown-ref")
    assert finding == {"file": "data/groups/dawg.yaml", "line": 8, "column": 13, "severity": "error",
                       "rule": "unknown-ref",
                       "message": "no group 'svpr' is defined in groups/; did you mean 'svrp'?"}


@both_modes
def test_github_format_escapes_workflow_commands(run, data_copy):
    path = data_copy / "groups" / "tvrp.yaml"
    path.write_text(path.read_text().replace("      - VRU Manager\n", "      - \"VRU Manager, 50% time: vru@example.org\"\n"))
    result = run("validate", "--data", "data", "--format", "github", "--today", "2026-11-21", cwd=data_copy.parent)
    assert result.code == 1
    line = next(printed for printed in result.out.splitlines() if "personal-data" in printed)
    assert line.startswith("::error file=data/groups/tvrp.yaml,line=19,col=9,title=vrptool [personal-data]::")
    warning = next(printed for printed in result.out.splitlines() if printed.startswith("::warning "))
    assert "title=vrptool [review-overdue]" in warning
    from vrptool.formatters.github import escape_data, escape_property
    assert escape_data("50% a\nb") == "50%25 a%0Ab"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"


@both_modes
def test_sarif_format_has_one_rule_entry_per_rule_id(run, data_copy):
    (data_copy / "groups" / "dawg.yaml").write_text(
        (data_copy / "groups" / "dawg.yaml").read_text().replace('"svrp"', '"svpr"'))
    result = run("validate", "--data", "data", "--format", "sarif", "--today", "2026-11-21", cwd=data_copy.parent)
    assert result.code == 1
    document = json.loads(result.out)
    assert document["version"] == "2.1.0"
    run_ = document["runs"][0]
    ids = [rule["id"] for rule in run_["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids)) and "unknown-ref" in ids and "orphan-activity" in ids
    result_ = next(r for r in run_["results"] if r["ruleId"] == "unknown-ref")
    assert ids[result_["ruleIndex"]] == "unknown-ref"
    assert result_["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "data/groups/dawg.yaml"}, "region": {"startLine": 8, "startColumn": 13}}


@both_modes
def test_every_finding_is_reported_in_one_run_across_files(run, data_copy):
    edits = {
        "crest.yaml": ('id: "6.2"', "id: 6.2"),
        "toc.yaml": ('id: "4.g"', 'id: "5.g"'),
        "groups/ieo.yaml": ("reports_to:", "reports_too:"),
        "obpf.yaml": ("unit: percent", "unit: percentage"),
    }
    for name, (old, new) in edits.items():
        path = data_copy / name
        path.write_text(path.read_text().replace(old, new, 1))
    result = run("validate", "--data", "data", "--format", "json", "--today", "2026-11-21", cwd=data_copy.parent)
    rules = {(f["file"], f["rule"]) for f in result.json["findings"]}
    assert {("data/crest.yaml", "id-not-string"), ("data/toc.yaml", "hierarchy"),
            ("data/groups/ieo.yaml", "schema"), ("data/obpf.yaml", "schema")} <= rules


@both_modes
def test_a_missing_file_is_a_finding(run, data_copy):
    (data_copy / "obpf.yaml").unlink()
    result = run("validate", "--data", "data", "--format", "json", cwd=data_copy.parent)
    assert result.code == 1
    assert {"file": "data/obpf.yaml", "line": 1, "column": 1, "severity": "error", "rule": "missing-file",
            "message": "the data directory has no obpf.yaml; every partnership needs one. Until it exists, "
                       "references to the OBPF indicators it defines are not reported"} in result.json["findings"]
    # indicators cannot be judged without obpf.yaml: no flood of unknown-ref
    assert not [f for f in result.json["findings"] if f["rule"] == "unknown-ref"]


@pytest.mark.parametrize("args, words", [
    (["validate", "--data", "no-such-dir"], "the data directory no-such-dir does not exist"),
    (["validate", "--today", "2024-02-30"], "'2024-02-30' is not a date"),
    (["validate", "--format", "xml"], "Invalid value"),
    (["validate", "--no-such-option"], "No such option"),
])
def test_usage_errors_exit_2_without_a_traceback(run, args, words):
    result = run(*args, cwd=ROOT)
    assert result.code == 2
    assert words in result.err
    assert "Traceback" not in result.err + result.out


def test_a_file_given_as_the_data_directory_is_a_usage_error(run):
    result = run("validate", "--data", "data/crest.yaml", cwd=ROOT)
    assert result.code == 2 and "is not a directory" in result.err


@both_modes
@pytest.mark.private_cache  # the error is in reading the data, which a kept result would skip
def test_an_internal_error_is_one_line_and_exit_2(run, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("vrptool.dataset.load_dataset", broken)
    result = run("validate", cwd=ROOT)
    assert result.code == 2
    assert result.err.strip() == "vrptool: internal error: RuntimeError: boom (run with --debug for details)"
    debug = run("--debug", "validate", cwd=ROOT)
    assert debug.code == 2 and "Traceback" in debug.err


@both_modes
def test_an_unreadable_file_is_a_finding(run, data_copy, monkeypatch):
    # chmod cannot make a file unreadable to root (as CI runs): refuse the open itself instead.
    import os

    real_open = os.open

    def refusing_open(path, flags, *args):
        if os.fspath(path).endswith("toc.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refusing_open)
    result = run("validate", "--data", "data", "--format", "json", cwd=data_copy.parent)
    assert result.code == 1
    assert any(f["rule"] == "yaml-syntax" and "cannot be read" in f["message"] for f in result.json["findings"])


def test_help_and_version(run):
    result = run("--version")
    assert result.code == 0 and re.match(r"^vrptool \d+\.\d+\.\d+$", result.out.strip())
    top = run("--help")
    assert top.code == 0 and "validate" in top.out
    help_ = run("validate", "--help")
    assert help_.code == 0
    for option in ("--data", "--format", "--strict", "--today", "VRPTOOL_DATA"):
        assert option in help_.out


def test_the_readme_lists_every_rule():
    from vrptool.rules import catalogue

    readme = (ROOT / "README.md").read_text("utf-8")
    for rule in catalogue().values():
        assert f"| `{rule.id}` | {rule.severity.value} |" in readme, rule.id


@both_modes
@pytest.mark.parametrize("content, line, column", [
    (b"id: \"dawg\"\nname: [Data and Analysis\n", 2, 7),  # where the list opens, not past the end
    (b"id: \"dawg\"\nname: Caf\xe9 group\n", 2, 10),
])
def test_malformed_and_non_utf8_files_are_findings_not_tracebacks(run, data_copy, content, line, column):
    (data_copy / "groups" / "dawg.yaml").write_bytes(content)
    result = run("validate", "--data", "data", "--format", "json", cwd=data_copy.parent)
    assert result.code == 1
    assert "Traceback" not in result.err
    syntax = [f for f in result.json["findings"] if f["rule"] == "yaml-syntax"]
    assert [(f["file"], f["line"], f["column"]) for f in syntax] == [("data/groups/dawg.yaml", line, column)]


def test_python_dash_m_runs_the_same_cli():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "vrptool", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("vrptool ")
