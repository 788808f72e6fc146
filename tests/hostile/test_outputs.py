"""An output file (-o of report and returns template) never replaces a file of the data
directory nor lands among its data: `report -o data/crest.yaml` would lose the tracker."""

from __future__ import annotations

import os

import pytest

from tests.test_edit import snapshot

REFUSED = "it is in the data directory data, where it would replace or stand among the data; write it somewhere else"

CASES = {
    "a report over a data file": (["report", "--quarter", "latest", "-f", "md"], "data/crest.yaml"),
    "a report over the data's README": (["report", "--quarter", "latest", "-f", "md"], "data/README.md"),
    "a workbook among the returns": (["report", "--quarter", "latest"], "data/returns/report.xlsx"),
    "a report in a new folder of groups": (["report", "--quarter", "latest"], "data/groups/new/report.md"),
    "a report as a new YAML file": (["report", "--quarter", "latest", "-f", "md"], "data/new.yaml"),
    "a link to a data file": (["report", "--quarter", "latest", "-f", "md"], "toc-link.md"),
    "a template over a data file": (["returns", "template", "-q", "2026-27-Q3", "-f", "csv"], "data/toc.yaml"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_an_output_among_the_data_is_refused_and_nothing_changes(run, data_copy, name):
    arguments, output = CASES[name]
    os.symlink("data/toc.yaml", data_copy.parent / "toc-link.md")
    before = snapshot(data_copy)
    result = run(*arguments, "-o", output, "--data", "data", cwd=data_copy.parent)
    assert result.code == 2
    if output.endswith(".yaml"):  # no command writes YAML: the name is refused before the place is looked at
        formats = ".xlsx, .csv" if arguments[0] == "returns" else ".md, .html, .json, .docx, .xlsx, .csv"
        assert result.err == f"vrptool: -o {os.path.basename(output)}: vrptool writes no .yaml; use {formats}\n"
    else:
        assert result.err.endswith(f"vrptool: cannot write {output}: {REFUSED}\n")
    assert snapshot(data_copy) == before
    assert not (data_copy / "groups" / "new").exists()


def test_a_new_file_at_the_top_of_the_data_directory_is_written(run, data_copy):
    """An analyst who runs vrptool from inside data/ may write the report beside the files."""
    result = run("report", "--quarter", "latest", "-o", "report.md", "--data", ".", cwd=data_copy)
    assert result.code == 0, result.err
    assert (data_copy / "report.md").read_text("utf-8").startswith("# ")
