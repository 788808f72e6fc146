"""No data file ignored: a file in groups/, returns/ or meetings/ that vrptool would not read is a
finding at that file (an error for a YAML file, a warning for anything else), never skipped in
silence; and the result cache never hides one."""

from __future__ import annotations

import shutil

import pytest


def findings(run, data):
    result = run("validate", "--data", "data", "--format", "json", "--today", "2026-11-21", cwd=data.parent)
    return result, [(f["rule"], f["file"], f["line"], f["column"], f["severity"]) for f in result.json["findings"]
                    if f["rule"] in ("unread-data-file", "stray-file")]


@pytest.mark.parametrize("make, rule, file, severity", [
    (lambda d: shutil.copy(d / "groups/dawg.yaml", d / "groups/youth.yml"), "unread-data-file", "groups/youth.yml", "error"),
    (lambda d: shutil.copy(d / "groups/dawg.yaml", d / "groups/youth.YAML"), "unread-data-file", "groups/youth.YAML", "error"),
    (lambda d: (d / "returns/2026-27-Q2.yaml").rename(d / "returns/2026-27-Q2.yml"),
     "unread-data-file", "returns/2026-27-Q2.yml", "error"),
    (lambda d: (d / "returns/2026-27-Q2.yaml").rename(d / "returns/2026-27-Q2.Yaml"),
     "unread-data-file", "returns/2026-27-Q2.Yaml", "error"),
    (lambda d: shutil.copy(d / "meetings/dawg/2026-06-03.yaml", d / "meetings/2026-06-03.yaml"),
     "unread-data-file", "meetings/2026-06-03.yaml", "error"),
    (lambda d: shutil.copy(d / "meetings/dawg/2026-06-03.yaml", d / "meetings/dawg/2026-06-03.yml"),
     "unread-data-file", "meetings/dawg/2026-06-03.yml", "error"),
    (lambda d: (d / "groups/old").mkdir() or shutil.copy(d / "groups/dawg.yaml", d / "groups/old/dawg.yaml"),
     "unread-data-file", "groups/old/dawg.yaml", "error"),
    (lambda d: (d / "returns/provider.xlsx").write_bytes(b"PK"), "stray-file", "returns/provider.xlsx", "warning"),
    (lambda d: (d / "meetings/dawg/notes.txt").write_text("notes"), "stray-file", "meetings/dawg/notes.txt", "warning"),
    (lambda d: (d / "returns/archive").mkdir(), "stray-file", "returns/archive", "warning"),
], ids=["yml", "YAML", "returns-yml", "returns-Yaml", "meeting-outside-group", "meeting-yml", "group-subfolder",
        "xlsx", "notes", "folder"])
def test_a_file_vrptool_does_not_read_is_a_finding(run, data_copy, make, rule, file, severity):
    _, before = findings(run, data_copy)
    assert before == []
    make(data_copy)
    result, after = findings(run, data_copy)  # with the cache on, the second run must not be served the first's result
    assert (rule, f"data/{file}", 1, 1, severity) in after, after
    assert result.code == (1 if severity == "error" else 0)


def test_hidden_files_are_not_data(run, data_copy):
    (data_copy / "groups/.gitkeep").write_text("")
    assert findings(run, data_copy)[1] == []


def test_render_all_refuses_while_a_group_file_is_not_read(run, data_copy):
    """`render tor --all` once skipped a group saved as .yml: now the data has an error, named, and nothing is written."""
    shutil.copy(data_copy / "groups/dawg.yaml", data_copy / "groups/youth.yml")
    out = data_copy.parent / "tors"
    result = run("render", "tor", "--all", "--data", "data", "-o", str(out), cwd=data_copy.parent)
    assert result.code == 1
    assert "the data has 1 error" in result.err
    assert "data/groups/youth.yml:1:1: [unread-data-file]" in result.err
    assert not out.exists()
