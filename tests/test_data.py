"""The bundled data carries the seed documents' content, faithfully.

Each check reads the seed text itself (normalised for white space, bullets, bookmarks and
footnote markers), so it fails if data/ drops or rewords anything the documents say.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.seedtext import CORRECTIONS, SEEDS, STRATEGY, TORS, contains, normalise, seed

ROOT = Path(__file__).resolve().parent.parent


def load(name: str):
    return YAML(typ="safe").load((ROOT / "data" / name).read_text("utf-8"))


GROUPS = {group: load(f"groups/{group}.yaml") for group in TORS}
TOC = load("toc.yaml")
CREST = {r["id"]: r for r in load("crest.yaml")["recommendations"]}
OBPF = load("obpf.yaml")
INDICATORS = {
    i["id"]: i
    for area in OBPF["areas"] for outcome in area["outcomes"]
    for measure in outcome["measures"] for i in measure["indicators"]
}
ACTIVITIES = {a["id"]: a for strand in TOC["strands"] for a in strand["activities"]}
PARTNERSHIP = load("partnership.yaml")


@pytest.mark.parametrize("group", TORS)
def test_every_number_a_tor_cites_is_in_its_group(group):
    raw = (SEEDS / TORS[group]).read_text("utf-8")
    data = GROUPS[group]
    assert {a["id"] for a in data["activities"]} == set(re.findall(r"\((\d\.[a-z])\)", raw))
    assert set(data["recommendations"]) == set(re.findall(r"\((\d\.\d)\)", raw))
    assert set(data["indicators"]) == set(re.findall(r"\((\d+\.\d+\.\d+\.[a-z])\)", raw))


@pytest.mark.parametrize("group", TORS)
def test_activity_focus_recommendation_and_indicator_wording_is_the_tors(group):
    text = seed(TORS[group])
    data = GROUPS[group]
    for activity in data["activities"]:
        assert contains(text, ACTIVITIES[activity["id"]]["text"]), activity["id"]
        for focus in activity.get("focus", []):
            assert contains(text, focus), focus
    for recommendation in data["recommendations"]:
        assert contains(text, CREST[recommendation]["text"]), recommendation
    for indicator in data["indicators"]:
        assert contains(text, INDICATORS[indicator]["text"]), indicator


@pytest.mark.parametrize("group", TORS)
def test_every_membership_row_and_role_is_the_tors(group):
    raw = (SEEDS / TORS[group]).read_text("utf-8")
    text = seed(TORS[group])
    members = GROUPS[group]["membership"]
    for member in members:
        for role in member.get("roles", []):
            assert contains(text, role), role
    # Every role-like line of the seed's table is a role in the data.
    roles = {normalise(role) for member in members for role in member.get("roles", [])}
    table = raw.split("introduction")[0]
    for line in table.splitlines():
        if re.match(r"\s*(Representation|Representative|VRU |Senior |Head of )", line):
            assert normalise(line) in roles, line
    statuses = [m["status"] for m in members if "status" in m]
    assert statuses.count("not_yet_required") == raw.split("introduction")[0].count("Attendance not yet required")
    assert statuses.count("no_representation") == raw.count("No representation at this stage")


@pytest.mark.parametrize("group", TORS)
def test_every_prose_section_is_the_tors(group):
    text = seed(TORS[group])
    data = GROUPS[group]
    for section in ("introduction", "aims", "responsibilities", "reporting", "meeting_arrangements",
                    "administration", "data_sharing"):
        for paragraph in data.get(section, []):
            assert contains(text, paragraph), (section, paragraph)


def test_toc_activities_not_quoted_by_a_tor_are_the_strategys():
    text = seed(STRATEGY)
    quoted = {a["id"] for group in GROUPS.values() for a in group["activities"]}
    for activity_id, activity in ACTIVITIES.items():
        if activity_id not in quoted:
            assert contains(text, activity["text"]), activity_id


def test_toc_outputs_outcomes_inputs_and_impacts_are_the_strategys():
    text = seed(STRATEGY)
    for strand in TOC["strands"]:
        for line in strand["outputs"] + strand["outcomes"]:
            assert contains(text, line), line
    for group in TOC["inputs"]:
        for item in group["items"]:
            assert contains(text, item), item
    for impact in TOC["impacts"]:
        assert contains(text, impact), impact


def test_strategy_content_is_carried():
    text = seed(STRATEGY)
    for key in ("vision", "mission"):
        assert contains(text, PARTNERSHIP[key])
    for objective in PARTNERSHIP["strategic_objectives"]:
        assert contains(text, objective["statement"])
    for kind in PARTNERSHIP["serious_violence_definition"]["includes"]:
        assert contains(text, kind)
    strategy = PARTNERSHIP["strategy"]
    for line in strategy["title_lines"] + [strategy["title"]]:
        assert contains(text, line), line
    texts = list(_strategy_texts(strategy["sections"]))
    assert len(texts) > 150
    for line in texts:
        assert contains(text, line), line
    names = {i["name"] for i in PARTNERSHIP["interventions"]}
    assert {"CHOICES", "A&E Navigators", "RESET", "Trauma informed practitioners (TIPS)"} == names


def _strategy_texts(sections):
    """Every heading, paragraph, list item and table cell of the strategy's sections."""
    def items(entries):
        for entry in entries:
            if isinstance(entry, dict):
                yield entry["text"]
                yield from items(entry.get("points", []))
            else:
                yield entry
    for section in sections:
        # "SO1: Multi-agency and Systems Change": the draft heads the section "SO1", then the title.
        yield from section["heading"].split(": ") if section.get("objective") else [section["heading"]]
        for block in section.get("content", []):
            if isinstance(block, str):
                yield block
            elif "bullets" in block:
                yield from items(block["bullets"])
            elif "table" in block:
                for row in block["table"]["rows"]:
                    for cell in row:
                        yield from items(cell if isinstance(cell, list) else [cell])
            elif block.get("vision"):
                yield block["vision"]
        yield from _strategy_texts(section.get("sections", []))


def test_the_strategy_s_wording_of_activities_is_the_strategy_s():
    text = seed(STRATEGY)
    for activity_id, activity in ACTIVITIES.items():
        if "strategy_text" in activity:
            assert contains(text, activity["strategy_text"]), activity_id


def test_each_correction_is_listed_in_the_data_readme():
    readme = (ROOT / "data" / "README.md").read_text("utf-8")
    for wrong, right in CORRECTIONS.items():
        assert wrong in readme and right in readme, wrong
