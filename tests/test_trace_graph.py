"""vrptool trace and graph, end to end on the bundled data."""

from __future__ import annotations

from tests.conftest import ROOT


def test_trace_an_activity_through_group_indicator_and_values(run):
    result = run("trace", "2.c", "--format", "json", cwd=ROOT)
    assert result.code == 0
    [match] = result.json["matches"]
    assert match["kind"] == "ToC activity" and match["defined_at"] == "data/toc.yaml:111:13"
    links = {(link["relation"], link["kind"], link["id"]) for link in match["referred_by"]}
    assert ("delivered by", "group", "dawg") in links
    assert ("measured (through DAWG) by", "OBPF indicator", "3.1.1.a") in links
    indicator = run("trace", "3.1.1.a", "--format", "json", cwd=ROOT).json["matches"][0]
    assert indicator["values"][0] == "2023-24-Q2" and len(indicator["values"]) == 13
    assert ("monitored by", "group", "dawg") in {(link["relation"], link["kind"], link["id"]) for link in indicator["referred_by"]}


def test_trace_shows_the_strategy_s_own_wording_of_an_activity(run):
    text = run("trace", "2.a", cwd=ROOT).out
    assert text.startswith("ToC activity 2.a: Ensure the membership is reviewed regularly to represent the Specified and "
                           "Relevant Authorities\n")
    assert ("  the Response Strategy words it: Specified and relevant authorities attend and collaborate at Data and "
            "Analysis Working Group (DAWG)\n") in text
    [match] = run("trace", "2.a", "--format", "json", cwd=ROOT).json["matches"]
    assert match["strategy_label"].startswith("Specified and relevant authorities attend")
    assert run("trace", "2.d", "--format", "json", cwd=ROOT).json["matches"][0]["strategy_label"] is None


def test_trace_text_and_an_id_that_names_two_things(run):
    result = run("trace", "5.1", cwd=ROOT)
    assert result.code == 0
    assert result.out.startswith("Crest recommendation 5.1: open: The Partnership should develop an engagement plan")
    assert "\nOBPF outcome 5.1: Decreased risk factors and increased protective factors" in result.out
    assert "  owned by: group engagement (EWG)\n" in result.out


def test_trace_an_organisation_and_a_group(run):
    hfrs = run("trace", "hfrs", cwd=ROOT).out
    assert "  not yet required of: group tvrp (TVRP)\n" in hfrs
    assert "  member (1 role) of: group dawg (DAWG)\n" in hfrs
    dawg = run("trace", "dawg", "--format", "json", cwd=ROOT).json["matches"][0]
    refers = {(link["relation"], link["id"]) for link in dawg["refers_to"]}
    assert {("reports to", "svrp"), ("objective", "SO2"), ("delivers", "2.e"), ("owns", "6.3"),
            ("monitors", "3.1.1.a")} <= refers
    assert ("met at", "2026-09-02") in {(link["relation"], link["id"]) for link in dawg["referred_by"]}
    text = run("trace", "dawg", cwd=ROOT).out
    # each line says its relation once, in its own direction
    assert "\n  reports to: group svrp\n" in text and "\n  met at: meeting 2026-09-02\n" in text
    assert "refers to" not in text and "referred to by" not in text
    assert "  cited once in: file data/" in run("trace", "hfrs", cwd=ROOT).out


def test_trace_an_unknown_id(run):
    result = run("trace", "2.x", cwd=ROOT)
    assert result.code == 1 and "'2.x' is not the id of anything" in result.err


def test_graph_mermaid_and_dot(run):
    mermaid = run("graph", cwd=ROOT)
    assert mermaid.code == 0
    lines = mermaid.out.splitlines()
    assert lines[0] == "flowchart LR"
    assert '  strand_2["2. Data & Analysis"]' in lines
    assert "  activity_2_c -->|delivered by| group_dawg" in lines
    assert "  group_dawg -->|monitors| indicator_3_1_1_a" in lines
    dot = run("graph", "--format", "dot", cwd=ROOT).out
    assert dot.startswith("digraph vrp {") and dot.rstrip().endswith("}")
    assert '  activity_2_c -> group_dawg [label="delivered by"];' in dot
