"""vrptool render strategy: the Response Strategy rendered from the data, word for word the draft's."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT

FORMATS = ("md", "html", "docx")
TOP_HEADINGS = [
    "Foreword", "Executive Summary", "Introduction",
    "What does serious violence look like in Hampshire, the Isle of Wight, Portsmouth and Southampton?",
    "What is the VRP vision, mission and strategic objectives?", "SO1: Multi-agency and Systems Change",
    "SO2: Data and Analysis", "SO3: Engagement and Communications",
    "SO4: Interventions, Evaluation and Opportunities", "How will the VRP monitor impact?",
]
PLACEHOLDERS = ["Foreword", "Executive Summary", "How will the VRP review the strategy?"]


def render(run, data: Path, *args: str):
    return run("render", "strategy", *args, "--data", data, cwd=data.parent)


@pytest.fixture(scope="module")
def markdown() -> str:
    return (ROOT / "strategy" / "strategy.md").read_text("utf-8")


def test_the_committed_strategy_is_current(run):
    """strategy/strategy.md is the rendered strategy; CI fails when the data moves on without it."""
    result = run("render", "strategy", "--check", cwd=ROOT)
    assert result.code == 0, result.out + result.err
    assert result.out.strip() == "1 rendered strategy is current"


def test_check_names_a_stale_strategy(run, data_copy):
    out = data_copy.parent / "strategy"
    assert render(run, data_copy, "-o", out).code == 0
    partnership = data_copy / "partnership.yaml"
    partnership.write_text(partnership.read_text("utf-8").replace("Riot\n", "Riot and affray\n"), "utf-8")
    result = render(run, data_copy, "-o", out, "--check")
    assert result.code == 1
    assert result.out.strip() == f"{out / 'strategy.md'}: out of date with the data"
    assert "1 rendered strategy is not current" in result.err


def test_the_strategy_is_laid_out_as_the_draft(markdown):
    headings = [line[3:] for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == TOP_HEADINGS
    assert markdown.startswith("# Response Strategy\n\n**DRAFT**\n\n"
                               "**Hampshire, Isle of Wight, Portsmouth and Southampton (HIPS)**\n")
    for question in ("### Why must the Violence Reduction Partnership (VRP) reduce Serious Violence?",
                     "### How is the partnership defining serious violence?", "### Strategic Objectives",
                     "### Why?", "### What?", "### How?", "### How will the VRP review the strategy?"):
        assert f"\n{question}\n" in markdown, question
    assert "| Strategic Vision | Strategic Objectives |" in markdown
    assert "| Inputs | Activities | Outputs | Outcomes (Medium-term) | Impacts (Long-term) |" in markdown
    # Each strand of the Theory of Change is a row; inputs and impacts sit beside the first.
    rows = [line for line in markdown.splitlines() if (line.startswith("| ") and "(1.a)" in line)
            or re.match(r"\|  \| \*\*[234]\\\. ", line)]
    assert len(rows) == 4
    assert "CHOICES: Social skills and awareness sessions for year 6 and 7 school children - around peer " \
           "relationships, knife crime, gang violence, county lines and exploitation, delivered by Artswork & " \
           "Bearface" in markdown
    assert "- SO2: Data and Analysis\n" in markdown


def test_a_draft_shows_each_unwritten_section_and_marks_every_page(run, data_copy, markdown):
    sections = re.split(r"\n#+ ", markdown)
    shown = [section.splitlines()[0] for section in sections if "> **To be completed.**" in section]
    assert shown == PLACEHOLDERS
    out = data_copy.parent / "out"
    for output_format in ("html", "docx"):
        assert render(run, data_copy, "-f", output_format, "-o", out).code == 0
    html = (out / "strategy.html").read_text("utf-8")
    assert '@page { @top-right { content: "DRAFT"' in html  # the margin of every printed page
    assert '<aside class="draft-mark" role="note">DRAFT</aside>' in html  # on screen
    assert html.count('<p class="placeholder">To be completed.</p>') == 3
    with zipfile.ZipFile(out / "strategy.docx") as docx:
        headers = [docx.read(name).decode() for name in docx.namelist() if name.startswith("word/header")]
    assert any(">DRAFT<" in header for header in headers)


def _publish(data: Path, *, complete: bool) -> None:
    partnership = data / "partnership.yaml"
    text = partnership.read_text("utf-8").replace("  status: draft\n", "  status: published\n")
    if complete:
        text = re.sub(r"(?m)^( +)to_be_completed: true$", r"\1content: [\"Written at last.\"]", text)
    partnership.write_text(text, "utf-8")


def test_a_published_strategy_with_a_placeholder_is_refused_naming_each(run, data_copy):
    _publish(data_copy, complete=False)
    lines = (data_copy / "partnership.yaml").read_text("utf-8").splitlines()
    expected = [number for number, line in enumerate(lines, start=1) if line.strip() == "to_be_completed: true"]
    out = data_copy.parent / "strategy"
    result = render(run, data_copy, "-o", out)
    assert result.code == 1 and not out.exists()
    named = re.findall(r"partnership\.yaml:(\d+):\d+: \[strategy-placeholder\] the published strategy's "
                       r"section '([^']+)' is still to be completed", result.err)
    assert [(int(line), heading) for line, heading in named] == list(zip(expected, PLACEHOLDERS))
    validate = run("validate", "--data", data_copy, cwd=data_copy.parent)
    assert validate.code == 1 and validate.out.count("[strategy-placeholder]") == 3


def test_a_published_strategy_carries_no_draft_mark(run, data_copy):
    _publish(data_copy, complete=True)
    out = data_copy.parent / "strategy"
    for output_format in FORMATS:
        assert render(run, data_copy, "-f", output_format, "-o", out).code == 0
    markdown = (out / "strategy.md").read_text("utf-8")
    assert "DRAFT" not in markdown and "To be completed" not in markdown and "Written at last." in markdown
    assert "DRAFT" not in (out / "strategy.html").read_text("utf-8")
    with zipfile.ZipFile(out / "strategy.docx") as docx:
        assert not any("DRAFT" in docx.read(name).decode() for name in docx.namelist() if name.endswith(".xml"))


def test_the_strategy_renders_its_own_wording_of_activities_and_the_tors_theirs(markdown):
    toc = YAML(typ="safe").load((ROOT / "data" / "toc.yaml").read_text("utf-8"))
    activities = {a["id"]: a for strand in toc["strands"] for a in strand["activities"]}
    reworded = {i: a for i, a in activities.items() if "strategy_text" in a}
    assert len(reworded) == 16
    readme = (ROOT / "data" / "README.md").read_text("utf-8")
    tors = {path.stem: path.read_text("utf-8") for path in (ROOT / "tors").glob("*.md")}
    for activity_id, activity in reworded.items():
        assert f"{activity['strategy_text']} ({activity_id})" in markdown, activity_id
        assert activity["text"] not in markdown, activity_id
        assert f"| {activity_id} | {activity['text']} | {activity['strategy_text']} |" in readme, activity_id
        assert any(f"{activity['text']} ({activity_id})" in tor for tor in tors.values()), activity_id


def test_every_insert_the_model_offers_is_rendered():
    from vrptool.models.partnership import INSERTS
    from vrptool.render.strategy_context import INSERTED

    assert set(INSERTED) == set(INSERTS)


def test_data_text_comes_out_literally(run, data_copy):
    partnership = data_copy / "partnership.yaml"
    partnership.write_text(partnership.read_text("utf-8").replace(
        "    - Riot\n", "    - \"<script>alert(1)</script> {{ 7*7 }} | *x*\"\n"), "utf-8")
    out = data_copy.parent / "out"
    for output_format in FORMATS:
        assert render(run, data_copy, "-f", output_format, "-o", out).code == 0
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} | *x*" in (out / "strategy.html").read_text("utf-8")
    assert r"- \<script\>alert(1)\</script\> {{ 7\*7 }} \| \*x\*" in (out / "strategy.md").read_text("utf-8")


def test_without_a_strategy_the_command_says_so(run, data_copy):
    partnership = data_copy / "partnership.yaml"
    text = partnership.read_text("utf-8")
    partnership.write_text(text[:text.index("\nstrategy:")] + "\n", "utf-8")
    result = render(run, data_copy, "-o", data_copy.parent / "strategy")
    assert result.code == 1
    assert "has no Response Strategy (no 'strategy' key)" in result.err


def test_templates_can_be_overridden(run, data_copy, tmp_path):
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "strategy.j2").write_text("{{ title }} for {{ title_lines[0] }}\n", "utf-8")
    out = tmp_path / "out"
    assert render(run, data_copy, "-o", out, "--templates", custom).code == 0
    assert (out / "strategy.md").read_text("utf-8") == \
        "Response Strategy for Hampshire, Isle of Wight, Portsmouth and Southampton (HIPS)\n"
