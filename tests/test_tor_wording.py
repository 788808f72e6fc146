"""A ToR's fixed sentences are the partnership's data, and whatever validate accepts renders.

The bundled partnership's wording lives in partnership.yaml (`tor_wording`) and a group's own
file; templates carry none of it. Data without that wording, without the Duty's authorities or
made by the benchmark generator renders, in every format, with sensible defaults.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PINNED_SOURCE, ROOT

FORMATS = ("md", "html", "docx")


def render(run, data: Path, *args: str):
    return run("render", "tor", *args, "--data", data, cwd=data.parent)


def test_no_template_carries_a_partnership_s_wording():
    folder = ROOT / "templates"
    templates = "".join(path.read_text("utf-8") for path in [folder / "tor.j2", *(folder / "formats").glob("*.j2")])
    for words in ("Home Office commissioned Crest Advisory", "Outcomes Based Performance Framework on behalf",
                  "under the SVRP", "Readiness Tracker", "collaborate and plan to prevent",
                  "in alignment with the", "success measure", "data source", "svd-guidance", "numbering"):
        assert words not in templates, words


def test_the_partnership_s_wording_reaches_every_tor_and_a_group_may_word_its_own(run, data_copy):
    partnership = data_copy / "partnership.yaml"
    partnership.write_text(partnership.read_text("utf-8").replace(
        "be considered and delivered by the {group}[^crest-numbering]:",
        "be taken forward by the {group}[^crest-numbering]:"), "utf-8")
    out = data_copy.parent / "tors"
    assert render(run, data_copy, "--all", "-o", out).code == 0
    dawg = (out / "dawg.md").read_text("utf-8")
    assert "Readiness Tracker, which will be taken forward by the DAWG[^7]:" in dawg
    # The IEO ToR words that sentence its own way (groups/ieo.yaml), so the change passes it by.
    ieo = (out / "ieo.md").read_text("utf-8")
    assert "which will be considered and delivered by the IEO working group[^8]:" in ieo
    assert "taken forward" not in ieo
    assert "and the IEO ToR will also be revised" in ieo
    assert "- Conduct gap analysis of existing provision within communities (4.a):\n" in ieo


def test_an_unknown_placeholder_is_refused_at_its_line(run, data_copy):
    group = data_copy / "groups" / "ieo.yaml"
    text = group.read_text("utf-8").replace('focus_lead: ":"', 'focus_lead: "{focus}:"')
    group.write_text(text, "utf-8")
    line = text.splitlines().index('  focus_lead: "{focus}:"') + 1
    result = run("validate", "--data", "data", "--format", "json", cwd=data_copy.parent)
    assert result.code == 1
    [finding] = [f for f in result.json["findings"] if f["severity"] == "error"]
    assert (finding["file"], finding["line"], finding["rule"]) == ("data/groups/ieo.yaml", line, "schema")
    assert "'{focus}' is not a ToR placeholder" in finding["message"] and "{group}" in finding["message"]


def test_deleting_a_cited_footnote_is_a_finding_not_a_crash(run, data_copy):
    partnership = data_copy / "partnership.yaml"
    text = partnership.read_text("utf-8")
    start = text.index('  - id: "svd-guidance"')
    end = text.index("  - id:", start + 1)
    partnership.write_text(text[:start] + text[end:], "utf-8")
    result = render(run, data_copy, "--all", "-o", data_copy.parent / "tors")
    assert result.code == 1
    assert "internal error" not in result.err and "KeyError" not in result.err
    assert re.search(r"data/partnership\.yaml:\d+:\d+: \[unknown-ref\] .*svd-guidance", result.err), result.err


def test_without_the_partnership_s_wording_a_tor_renders_plain_sentences(run, data_copy):
    partnership = data_copy / "partnership.yaml"
    text = partnership.read_text("utf-8")
    start = text.index("tor_wording:")
    end = text.index("\n# ", start)
    partnership.write_text(text[:start] + text[end + 1:], "utf-8")
    for group in ("ieo", "engagement"):
        path = data_copy / "groups" / f"{group}.yaml"
        text = path.read_text("utf-8")
        start = text.index("tor_wording:")
        path.write_text(text[:start] + text[text.index("\n# Prose", start) + 1:], "utf-8")
    out = data_copy.parent / "tors"
    for output_format in FORMATS:
        assert render(run, data_copy, "--all", "-f", output_format, "-o", out).code == 0
    dawg = (out / "dawg.md").read_text("utf-8")
    assert "| Agency | Specified or Relevant Authority | Name & Role / Partner | Date Sent |" in dawg
    assert "delivered by the DAWG, in alignment with the Theory of Change:" in dawg
    assert "Home Office commissioned" not in dawg
    assert "(2.a).\n" in dawg


def _dangling_leads(markdown: str) -> list[str]:
    """Lines ending in a colon that no list follows: a lead-in over nothing."""
    lines = [line for line in markdown.splitlines() if line.strip()]
    return [line for line, after in zip(lines, lines[1:] + [""])
            if line.rstrip().endswith(":") and not re.match(r"\s*- ", after)]


def test_a_new_partnership_s_skeleton_renders_every_format_without_empty_leads(run, tmp_path):
    assert run("init", tmp_path / "vrp", "--name", "Northshire Violence Reduction Partnership",
               "--vrptool-source", PINNED_SOURCE).code == 0
    data = tmp_path / "vrp" / "data"
    assert "duty_authorities" not in (data / "partnership.yaml").read_text("utf-8")
    out = tmp_path / "tors"
    for output_format in FORMATS:
        result = render(run, data, "--all", "-f", output_format, "-o", out)
        assert result.code == 0, result.err
    [markdown] = [path.read_text("utf-8") for path in out.glob("*.md")]
    assert _dangling_leads(markdown) == []
    assert "Specified Authorities" not in markdown and "## Partner responsibilities" not in markdown
    assert markdown.splitlines()[2] == "**Northshire Violence Reduction Partnership**"


def test_the_bundled_tors_have_no_empty_leads():
    for path in (ROOT / "tors").glob("*.md"):
        assert _dangling_leads(path.read_text("utf-8")) == [], path.name


@pytest.mark.slow
def test_generated_data_at_scale_10_renders_in_every_format(tmp_path, capsys):
    from vrptool.cli import main

    data = tmp_path / "data"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--scale", "10", "-o", str(data)],
                   check=True, capture_output=True)
    for output_format in FORMATS:
        out = tmp_path / output_format
        assert main(["render", "tor", "--all", "--data", str(data), "-f", output_format, "-o", str(out)]) == 0
        assert len(list(out.glob(f"*.{output_format}"))) == len(re.findall(r"^wrote ", capsys.readouterr().out, re.M)) >= 40


def test_a_tor_words_only_the_indicators_its_group_monitors(run, data_copy):
    group = data_copy / "groups" / "dawg.yaml"
    group.write_text(group.read_text("utf-8").replace('  "3.1.1.a": >-', '  "5.1.1.a": >-'), "utf-8")
    result = run("validate", "--data", "data", "--format", "json", cwd=data_copy.parent)
    assert result.code == 1
    [finding] = [f for f in result.json["findings"] if f["severity"] == "error"]
    assert (finding["file"], finding["rule"]) == ("data/groups/dawg.yaml", "schema")
    assert "indicator_lines words 5.1.1.a, which the group does not monitor" in finding["message"]


def test_a_tor_s_own_indicator_line_replaces_the_framework_s(run, data_copy):
    out = data_copy.parent / "tors"
    assert render(run, data_copy, "dawg", "-o", out).code == 0
    dawg = (out / "dawg.md").read_text("utf-8")
    assert ("- The Partnership Data Tracker will record the percentage of data sources with a green RAG status "
            "(3.1.1.a).\n") in dawg
    assert "VRU: Percentage of data sources" not in dawg
