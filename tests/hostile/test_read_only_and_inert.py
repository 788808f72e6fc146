"""Read-only commands change no data file, and text from the data comes out inert in every
output format: never markup, template code, a broken table or a live formula."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import BUNDLED

GIT = {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@vru.invalid", "GIT_COMMITTER_NAME": "A",
       "GIT_COMMITTER_EMAIL": "a@vru.invalid"}


def digest(folder: Path) -> dict[str, str]:
    """Every file below folder (hidden ones too), with its content hash and mode."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() + oct(p.stat().st_mode)
            for p in sorted(folder.rglob("*")) if p.is_file()}


READ_ONLY = [
    ["validate", "--data", "data"],
    ["validate", "--data", "data", "--format", "sarif"],
    ["render", "tor", "--all", "--data", "data", "-o", "out/tors"],
    ["render", "tor", "--all", "--data", "data", "-o", "out/tors", "--format", "docx"],
    ["render", "tor", "--all", "--data", "data", "-o", "out/tors", "--check"],
    ["report", "--quarter", "latest", "--data", "data", "--format", "html", "-o", "out/report.html"],
    ["report", "--quarter", "latest", "--data", "data", "--format", "json"],
    ["trace", "2.c", "--data", "data"],
    ["graph", "--data", "data"],
    ["diff", "--data", "data"],
    ["fmt", "--check", "--data", "data"],
    ["schema", "-o", "out/schemas"],
    ["due", "--data", "data", "--format", "json"],
]


@pytest.fixture
def repo(tmp_path) -> Path:
    import shutil

    shutil.copytree(BUNDLED, tmp_path / "data")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "data"]):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True, env={**os.environ, **GIT})
    return tmp_path


@pytest.mark.parametrize("args", READ_ONLY, ids=[" ".join(a[:2]) + (" " + a[-1] if "--format" in a else "")
                                                 for a in READ_ONLY])
def test_read_only_commands_change_no_data_file(run, repo, args):
    before = digest(repo / "data")
    result = run(*args, cwd=repo)
    assert result.code in (0, 1), result.err
    assert digest(repo / "data") == before


HOSTILE = '<script>alert(1)</script> {{ 7*7 }} {% include "x" %} a | b =HYPERLINK("http://x","y")'


def test_data_text_is_inert_in_reports(run, repo):
    meeting = repo / "data" / "meetings" / "dawg" / "2026-09-02.yaml"
    meeting.write_text(meeting.read_text().replace("text: Send the Partnership Data Tracker RAG update to all members",
                                                   f"text: '{HOSTILE}'"))
    returns = repo / "data" / "returns" / "2026-27-Q2.yaml"
    returns.write_text(returns.read_text().replace("    note: Small RESET cohort this quarter",
                                                   "    note: \"line one\\nline | two {{ 7*7 }}\""))
    html = run("report", "--quarter", "latest", "--format", "html", "--data", "data", cwd=repo).out
    assert "<script>alert" not in html
    assert ("&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% include &#34;x&#34; %} a | b "
            "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)") in html
    markdown = run("report", "--quarter", "latest", "--data", "data", cwd=repo).out
    assert r"\<script\>alert(1)\</script\> {{ 7\*7 }} {% include " in markdown
    assert "49" not in markdown.split("Open actions")[0][-10:]  # {{ 7*7 }} was never evaluated
    document = json.loads(run("report", "--quarter", "latest", "--format", "json", "--data", "data", cwd=repo).out)
    texts = [a["text"] for g in document["groups"] for a in g["actions_open"]]
    assert HOSTILE in texts


def test_a_newline_in_data_cannot_break_a_markdown_table(run, repo):
    group = repo / "data" / "groups" / "ieo.yaml"
    group.write_text(group.read_text().replace("      - Senior Probation Officer\n",
                                               '      - "Senior Probation Officer\\n| injected | row |"\n'))
    out = repo / "tors"
    assert run("render", "tor", "ieo", "--data", "data", "-o", str(out), cwd=repo).code == 0
    rows = [line for line in (out / "ieo.md").read_text().splitlines() if line.startswith("|")]
    assert len(rows) == 2 + 11  # header, rule and one row per member: nothing injected
    assert r"Senior Probation Officer \| injected \| row \|" in (out / "ieo.md").read_text()


def test_output_file_names_cannot_leave_the_output_directory(run, repo):
    group = repo / "data" / "groups" / "dawg.yaml"
    group.write_text(group.read_text().replace('id: "dawg"', 'id: "../../escaped"'))
    result = run("render", "tor", "--all", "--data", "data", "-o", "out", cwd=repo)
    assert result.code == 1 and "[id-format]" in result.err
    assert not (repo / "escaped.md").exists() and not (repo.parent / "escaped.md").exists()
    from vrptool.commands.render_tor import output_path

    with pytest.raises(ValueError):
        output_path(repo / "out", "../escaped", "md")
