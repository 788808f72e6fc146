"""vrptool report: every number checked against figures worked out by hand from a small fixture
(tests/cases/report), laid over a copy of the bundled definitions."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import ROOT

FIXTURE = Path(__file__).parent / "cases" / "report"
TODAY = "2025-07-10"


@pytest.fixture
def report_data(data_copy: Path) -> Path:
    """The bundled definitions with the fixture's returns and meetings instead of the bundled ones."""
    shutil.rmtree(data_copy / "returns")
    shutil.rmtree(data_copy / "meetings")
    shutil.copytree(FIXTURE / "returns", data_copy / "returns")
    shutil.copytree(FIXTURE / "meetings", data_copy / "meetings")
    obpf = data_copy / "obpf.yaml"
    obpf.write_text(obpf.read_text("utf-8").replace(
        "source: \"police\"\n                unit: count\n                better: lower\n",
        "source: \"police\"\n                unit: count\n                better: lower\n                target: 340\n", 1),
        "utf-8")
    crest = data_copy / "crest.yaml"
    text = crest.read_text("utf-8")
    at = text.index('id: "8.2"')
    status = text.index("status: open", at)
    crest.write_text(text[:status] + "status: achieved\n    achieved_on: 2025-05-20\n    evidence: Channels agreed"
                     + text[status + len("status: open"):], "utf-8")
    return data_copy


def report(run, data: Path, *args: str):
    return run("report", *args, "--data", "data", "--today", TODAY, cwd=data.parent)


def report_json(run, data: Path, quarter: str) -> dict:
    result = report(run, data, "--quarter", quarter, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def row(document: dict, indicator: str) -> dict:
    return next(i for a in document["areas"] for o in a["outcomes"] for m in o["measures"]
                for i in m["indicators"] if i["id"] == indicator)


def test_lower_is_better_across_the_q4_to_q1_boundary(run, report_data):
    document = report_json(run, report_data, "2025-26-Q1")
    assert document["quarter"] == {"id": "2025-26-Q1", "label": "Q1 2025/26 (April to June 2025)",
                                   "start": "2025-04-01", "end": "2025-06-30"}
    assert document["previous"]["id"] == "2024-25-Q4" and document["year_before"]["id"] == "2024-25-Q1"
    offences = row(document, "1.1.1.e")
    # 380 this quarter against 350 in Q4 2024/25: up 30, and fewer offences is better.
    assert offences["current"] == {"state": "value", "value": 380.0, "n": None, "reason": None, "note": None,
                                   "interval": {"low": pytest.approx(342.748179), "high": pytest.approx(420.195823),
                                                "level": 0.95},
                                   "rate": None, "per": None, "reliable": None}
    assert offences["previous"]["value"] == 350.0 and offences["year_before"]["value"] == 400.0
    # a change is a figure; only the control chart may call it better or worse
    # Byar's intervals of 380 and 350 overlap: the change is never called a change on its own
    assert offences["change"] == {"value": 30.0, "direction": "up", "intervals_overlap": True}
    assert offences["change_year"] == {"value": -20.0, "direction": "down", "intervals_overlap": True}
    # 400, two quarters with no return, 350, 380: mean 376.67; one moving range (30) between
    # neighbouring quarters, so the limits are 376.67 ± 2.66 × 30, trial limits on three points
    chart = offences["spc"]
    assert chart["mean"] == pytest.approx(376.666667) and chart["lower"] == pytest.approx(296.866667)
    assert chart["upper"] == pytest.approx(456.466667) and offences["verdict"]["trial"] is True
    assert [p["value"] for p in chart["points"]] == [400.0, None, None, 350.0, 380.0]
    assert (chart["variation"], chart["assurance"], chart["rules"]) == ("common_cause", "inconsistent", [])
    assert offences["verdict"]["word"] == "no significant change"
    # target 340, lower is better: 380 misses it
    assert (offences["target"], offences["target_status"]) == (340.0, "not met")
    # eight quarters ending this one: 2023-24-Q2 … 2025-26-Q1; values in the 4th, 7th and 8th
    assert document["trend_quarters"][0] == "2023-24-Q2" and document["trend_quarters"][-1] == "2025-26-Q1"
    assert offences["trend"] == [None, None, None, 400.0, None, None, 350.0, 380.0]


def test_a_higher_is_better_improvement(run, report_data):
    reoffending = row(report_json(run, report_data, "2025-26-Q1"), "5.2.1.a")
    assert reoffending["change"] == {"value": 5.0, "direction": "up", "intervals_overlap": True}
    # up 5 points, but 70 then 75 is no evidence of a change: mean 72.5, limits 72.5 ± 13.3
    assert reoffending["spc"]["variation"] == "common_cause"
    assert (reoffending["spc"]["lower"], reoffending["spc"]["upper"]) == (pytest.approx(59.2), pytest.approx(85.8))
    assert reoffending["current"]["n"] == 12


def test_small_numbers_are_suppressed_and_never_compared(run, report_data):
    document = report_json(run, report_data, "2025-26-Q1")
    ratings = row(document, "2.2.2.a")
    # last quarter rested on n=3 (1–5, the PHOF rule of the bundled partnership.yaml): suppressed, so no
    # change can be given
    # neither the value nor its small n reaches the report
    assert ratings["previous"] == {"state": "suppressed", "value": None, "n": None, "reason": None, "note": None,
                                   "interval": None, "rate": None, "per": None, "reliable": None}
    assert ratings["change"] is None
    # 60, suppressed, 65: no two neighbouring quarters, so no moving range and no chart
    assert ratings["spc"]["variation"] is None and ratings["spc"]["lower"] is None
    assert [p["state"] for p in ratings["spc"]["points"]] == ["value", "none", "none", "suppressed", "value"]
    tracker = row(document, "3.1.1.a")
    assert tracker["current"]["state"] == "suppressed" and tracker["current"]["value"] is None


def test_a_missing_value_carries_its_reason(run, report_data):
    feedback = row(report_json(run, report_data, "2025-26-Q1"), "4.3.1.a")
    assert feedback["current"] == {"state": "missing", "value": None, "n": None,
                                   "reason": "Survey paused while the questions were revised", "note": None,
                                   "interval": None, "rate": None, "per": None, "reliable": None}
    assert feedback["change"] is None


def test_the_summary(run, report_data):
    summary = report_json(run, report_data, "2025-26-Q1")["summary"]
    assert summary == {
        "indicators_expected": 28,
        # 1.1.1.e, 2.2.2.a, 5.2.1.a and the suppressed 3.1.1.a
        "indicators_reported": 4,
        "indicators_missing": 1,
        "indicators_not_returned": 23,
        "indicators_suppressed": 1,
        # no special cause anywhere: 1.1.1.e and 5.2.1.a are common cause, the rest have no chart
        "improved": 0,
        "worsened": 0,
        "no_significant_change": 2,
        "no_chart": 26,
        "targets_set": 1,  # 1.1.1.e, set by the fixture
        "spc_rules": {"shift": 7, "trend": 7, "trial_below": 13},
        "crest": {"total": 13, "open": 12, "in_progress": 0, "achieved": 1, "achieved_this_quarter": ["8.2"]},
        "tors_overdue": [{"group": "DAWG", "review_by": "2023-12-31"}, {"group": "EWG", "review_by": "2024-03-31"},
                         {"group": "IEO", "review_by": "2024-05-31"},
                         {"group": "TVRP", "review_by": "2024-11-30"}],
        # open: a1 of 10 April (due 1 May, overdue on 10 July) and a1 of 15 May (due 1 December)
        "actions_open": 2,
        "actions_overdue": 1,
    }


def test_a_quarter_with_no_previous_quarter(run, report_data):
    document = report_json(run, report_data, "2024-25-Q1")
    assert document["previous"]["id"] == "2023-24-Q4"
    assert row(document, "1.1.1.e")["previous"]["state"] == "none"
    assert row(document, "1.1.1.e")["change"] is None
    assert (document["summary"]["improved"], document["summary"]["worsened"]) == (0, 0)
    assert document["summary"]["crest"]["achieved_this_quarter"] == []


def test_completeness_by_data_source(run, report_data):
    completeness = {c["source"]: c for c in report_json(run, report_data, "2025-26-Q1")["completeness"]}
    # HIOWC supplies 1.1.1.e, 1.1.1.f, 2.3.3.a, 5.2.1.a, 5.2.2.a: two received
    assert completeness["HIOWC"] == {"source": "HIOWC", "name": "Hampshire and Isle of Wight Constabulary",
                                     "expected": 5, "received": 2, "missing": 0,
                                     "not_returned": ["1.1.1.f", "2.3.3.a", "5.2.2.a"]}
    # VRU supplies 2.2.2.a, 3.1.1.a, 4.2.1.a, 4.3.1.a, 4.3.1.b: two received (one suppressed), one missing
    vru = completeness["VRU"]
    assert (vru["expected"], vru["received"], vru["missing"]) == (5, 2, 1)


def test_group_attendance_meetings_and_actions(run, report_data):
    groups = {g["id"]: g for g in report_json(run, report_data, "2025-26-Q1")["groups"]}
    tvrp = groups["tvrp"]
    assert tvrp["meetings"] == [{"date": "2025-04-10", "format": "online"}, {"date": "2025-05-15", "format": "in_person"}]
    # specified and relevant authorities with roles in the TVRP; the VRU has no duty
    assert tvrp["attendance"] == [
        {"organisation": "HIOWC", "duty": "specified", "attended": 2, "meetings": 2, "rate": 100.0},
        {"organisation": "YJS", "duty": "specified", "attended": 1, "meetings": 2, "rate": 50.0},
        {"organisation": "Local Authorities", "duty": "specified", "attended": 1, "meetings": 2, "rate": 50.0},
    ]
    assert [a["id"] for a in tvrp["actions_open"]] == ["a1", "a1"]
    assert [a["due"] for a in tvrp["actions_overdue"]] == ["2025-05-01"]
    assert tvrp["recommendations"] == [{"id": "8.2", "status": "achieved"}]
    assert groups["dawg"]["meetings"] == [] and groups["dawg"]["attendance"][0]["rate"] is None


def test_crest_tracker_lists_every_recommendation_with_its_owner(run, report_data):
    crest = {r["id"]: r for r in report_json(run, report_data, "2025-26-Q1")["crest"]}
    assert len(crest) == 13
    assert crest["8.2"]["owners"] == ["TVRP"] and crest["8.2"]["status"] == "achieved"
    assert crest["8.2"]["achieved_on"] == "2025-05-20"
    assert crest["6.3"]["owners"] == ["DAWG"]


def test_markdown_shows_the_same_numbers_in_words(run, report_data):
    result = report(run, report_data, "--quarter", "2025/26 Q1")
    assert result.code == 0
    text = result.out
    assert text.startswith("# HIPS VRP: quarterly performance report, Q1 2025/26 (April to June 2025)\n")
    assert "ILLUSTRATIVE" not in text  # the fixture's files are not marked illustrative
    assert ("Counts of 1 to 5, and values resting on 1 to 5 people or cases, are suppressed (shown as [c]; 1–5, "
            "PHOF rule), with any other value") in " ".join(text.split())
    assert "- **Indicators reported:** 4 of 28 expected (1 missing with a reason, 23 not returned, 1 suppressed as small numbers: 1–5, PHOF rule)." in text
    assert ("- **Control charts of the latest values:** 0 improved, 0 worsened (special cause variation), "
            "2 no significant change, 26 too few quarters for a chart.") in text
    assert ("| 1.1.1.e | The number of violent offences in Op Sentinel hotspots (lower is better) | HIOWC | 380 (343–420) | 350 (314–389) "
            "| 400 (362–441) | +30 (intervals overlap) | no significant change | 340 (not met) | ") in text
    # a percentage shows its Wilson interval; the suppressed quarter shows none
    assert re.search(r"\| 2\.2\.2\.a \| Percentage of positive ratings in adapted Joint Readiness Assessment \(higher is "
                     r"better\) \| VRU \| 65\.0% \(\d+\.\d–\d+\.\d%\) \| \[c\] 1–5 \| 60\.0% \(\d+\.\d–\d+\.\d%\) \| – \|", text)
    assert "| 4.3.1.a | Number of responses to the Feedback Tree at engagement events (higher is better) | VRU | missing: Survey paused while the questions were revised |" in text
    assert "| YJS | specified | 1 of 2 | 50.0% |" in text
    assert r"- Report on \<script\>alert(1)\</script\> hotspots: Local Authorities, due 2025-12-01" in text
    assert "- Share the hotspot plan: HIOWC, due 2025-05-01 (**overdue**)" in text


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.urls, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.urls += [v for k, v in attrs if k in ("href", "src", "action", "srcset", "data", "xlink:href")]

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_escaped_and_charted(run, report_data):
    out = report_data.parent / "report.html"
    result = report(run, report_data, "--quarter", "2025-26-Q1", "--format", "html", "-o", out)
    assert result.code == 0 and result.err.startswith(f"wrote {out}")
    html = out.read_text("utf-8")
    page = _Page()
    page.feed(html)
    assert not set(page.tags) & {"script", "link", "img", "iframe", "object", "embed"}
    assert page.urls == [] and "url(" not in html and "@import" not in html
    assert "Report on &lt;script&gt;alert(1)&lt;/script&gt; hotspots" in html
    assert page.tags.count("svg") >= 4  # a trend chart for each indicator with a value
    # the chart's accessible name: latest value, verdict and range
    assert ('aria-label="Control chart of 1.1.1.e; latest value 380 in Q1 2025/26; no significant change '
            '(common cause); trial limits 297 to 456, mean 377; values from 350 to 400 over 3 quarters; '
            'each value with its confidence interval as an error bar; lower is better"') in html
    assert html.index(">Main points</h2>") < html.index("<table")
    # the fixture sets one target (340, inside the limits 297 to 456): an assurance column, in words too
    assert '<th scope="col">Assurance</th>' in html
    glance = html[html.index('id="at-a-glance"'):html.index('id="indicators"')]
    assert glance.count("May or may not meet the target") == 1 and glance.count("no target") == 27
    assert '<td class="num">+30 (intervals overlap)</td>\n<td class="no-significant-change">no significant change</td>' in html


def test_illustrative_data_is_flagged_on_every_page(run):
    result = run("report", "--quarter", "latest", "--format", "html", "--today", "2026-11-21", cwd=ROOT)
    assert result.code == 0
    # the title, the notice at the top, and the page's top margin in print (never over content)
    assert result.out.count("ILLUSTRATIVE DATA") == 3
    assert '@top-center { content: "ILLUSTRATIVE DATA' in result.out and "position: fixed" not in result.out
    markdown = run("report", "--quarter", "latest", "--today", "2026-11-21", cwd=ROOT)
    assert markdown.out.splitlines()[2].startswith("> **ILLUSTRATIVE DATA.**")


def test_latest_is_the_latest_complete_quarter(run, report_data):
    # On 10 July 2025 the Q1 returns are still coming in (due 30 July): Q4 is the latest complete quarter.
    assert report_json(run, report_data, "latest")["quarter"]["id"] == "2024-25-Q4"
    assert report(run, report_data, "--quarter", "2025-26-Q1", "--format", "json").code == 0  # named, it is reported


def test_the_json_carries_the_numbers_of_the_markdown(run):
    document = json.loads(run("report", "--quarter", "latest", "--format", "json", "--today", "2026-11-21", cwd=ROOT).out)
    text = run("report", "--quarter", "latest", "--today", "2026-11-21", cwd=ROOT).out
    summary = document["summary"]
    assert (f"- **Indicators reported:** {summary['indicators_reported']} of {summary['indicators_expected']} expected"
            in text)
    assert f"{summary['improved']} improved, {summary['worsened']} worsened (special cause variation)" in text
    assert document["illustrative"] is True


@pytest.mark.parametrize("quarter, code, words", [
    ("2025Q1", 2, "ambiguous"),
    ("2025-27-Q1", 2, "do not follow each other"),
    ("Q9", 2, "is not a quarter"),
    ("2030-31-Q1", 1, "no returns for Q1 2030/31 (April to June 2030)"),
])
def test_refused_quarters(run, report_data, quarter, code, words):
    result = report(run, report_data, "--quarter", quarter)
    assert result.code == code
    assert words in result.err and "Traceback" not in result.err
    assert result.out == ""


def test_invalid_data_gives_no_report(run, report_data):
    (report_data / "returns" / "2025-26-Q1.yaml").write_text('quarter: "2025-26-Q1"\nvalues:\n  - indicator: "9.9.9.z"\n    value: 1\n')
    result = report(run, report_data, "--quarter", "2025-26-Q1")
    assert result.code == 1 and "[unknown-ref]" in result.err and result.out == ""


@pytest.mark.parametrize("quarter, words", [("Q9", "is not a quarter"), ("2025Q1", "ambiguous")])
def test_a_mistyped_quarter_on_data_with_errors_is_a_usage_error(run, report_data, monkeypatch, quarter, words):
    (report_data / "returns" / "2025-26-Q1.yaml").write_text('quarter: "2025-26-Q1"\nvalues:\n  - indicator: "9.9.9.z"\n    value: 1\n')
    if quarter == "Q9":  # a quarter under no financial year is refused before any data is read
        import vrptool.dataset

        def must_not_load(*args, **kwargs):
            raise AssertionError("the data was read before the arguments were checked")

        monkeypatch.setattr(vrptool.dataset, "load_dataset", must_not_load)
    result = report(run, report_data, "--quarter", quarter)
    assert (result.code, result.out) == (2, "")
    assert words in result.err and "[unknown-ref]" not in result.err


SPC_KEYS = {"points", "mean", "lower", "upper", "variation", "assurance", "rules"}


def test_every_indicator_with_data_carries_its_spc(run):
    document = json.loads(run("report", "--quarter", "latest", "--format", "json", "--today", "2026-11-21",
                              cwd=ROOT).out)
    rows = [i for a in document["areas"] for o in a["outcomes"] for m in o["measures"] for i in m["indicators"]]
    assert len(rows) == 28
    for indicator in rows:
        chart = indicator["spc"]
        assert set(chart) == SPC_KEYS, indicator["id"]
        assert chart["variation"] in (None, "common_cause", "special_cause_improvement", "special_cause_concern",
                                      "special_cause_neither")
        assert chart["assurance"] in (None, "consistent_pass", "consistent_fail", "inconsistent")
        assert set(chart["rules"]) <= {"outside_limits", "trend", "two_of_three", "shift"}
        # one point per quarter from the first returns to this one, the latest value last of those with one
        assert [p["quarter"] for p in chart["points"]][-1] == document["quarter"]["id"]
        observed = [p for p in chart["points"] if p["value"] is not None]
        if len(observed) >= 2 and chart["lower"] is not None:
            assert chart["variation"] is not None and chart["mean"] is not None
        # the words follow the verdict
        word = {"special_cause_improvement": "improved", "special_cause_concern": "worsened"}
        assert (indicator["verdict"]["word"] in ("improved", "worsened")) == (chart["variation"] in word)


def test_a_point_outside_the_limits_is_the_only_improvement(run, report_data):
    """Eight quarters of 1.1.1.e (lower is better), worked by hand: mean 388.75; moving ranges 10, 15,
    10, 5, 2, 4 and 102, mean 21.14; 102 ≥ 3.267 × 21.14 is screened out, leaving 46 / 6 = 7.667;
    limits 388.75 ± 2.66 × 7.667 = 368.36 to 409.14. The last point, 300, is below: improved."""
    values = [400, 410, 395, 405, 400, 398, 402, 300]
    quarters = ["2023-24-Q1", "2023-24-Q2", "2023-24-Q3", "2023-24-Q4",
                "2024-25-Q1", "2024-25-Q2", "2024-25-Q3", "2024-25-Q4"]
    shutil.rmtree(report_data / "returns")
    (report_data / "returns").mkdir()
    for quarter, value in zip(quarters, values):
        (report_data / "returns" / f"{quarter}.yaml").write_text(
            f'quarter: "{quarter}"\nvalues:\n  - indicator: "1.1.1.e"\n    value: {value}\n', "utf-8")
    document = report_json(run, report_data, "2024-25-Q4")
    offences = row(document, "1.1.1.e")
    chart = offences["spc"]
    assert chart["mean"] == pytest.approx(388.75)
    assert (chart["lower"], chart["upper"]) == (pytest.approx(368.356667), pytest.approx(409.143333))
    assert (chart["variation"], chart["rules"]) == ("special_cause_improvement", ["outside_limits"])
    # the seven quarters before it all lie above the mean: a shift, a concern at the time, not now;
    # 410 is above the upper limit as well
    assert [p["type"] for p in chart["points"]] == ["special_cause_concern"] * 7 + ["special_cause_improvement"]
    assert [p["rules"] for p in chart["points"]][:2] == [["shift"], ["outside_limits", "shift"]]
    # target 340 (fixture) lies below the lower limit, lower is better: this process will not meet it
    assert chart["assurance"] == "consistent_fail"
    assert offences["verdict"]["word"] == "improved" and offences["verdict"]["trial"] is True
    assert document["summary"]["improved"] == 1 and document["summary"]["worsened"] == 0
    text = report(run, report_data, "--quarter", "2024-25-Q4").out
    # Byar's intervals of 300 (267–336) and 402 (364–443) do not overlap
    assert "| 300 (267–336) | 402 (364–443) | 405 (367–446) | -102 | improved: below the lower process limit of 368 |" in text


def test_the_bundled_series_show_what_the_charts_can_say(run):
    """data/README.md promises these shapes of the illustrative returns; the report must find them."""
    document = run("report", "--quarter", "latest", "--format", "json", "--today", "2026-11-21", cwd=ROOT).json
    rows = {i["id"]: i for a in document["areas"] for o in a["outcomes"] for m in o["measures"]
            for i in m["indicators"]}
    special = {k: (r["spc"]["variation"], r["spc"]["rules"]) for k, r in rows.items()
               if r["spc"]["variation"] not in ("common_cause", None)}
    assert special == {
        "1.1.1.f": ("special_cause_improvement", ["shift"]),  # lower is better: seven quarters below the mean
        "3.1.1.a": ("special_cause_improvement", ["outside_limits", "trend"]),
        "5.1.1.b": ("special_cause_concern", ["outside_limits"]),
        "5.1.3.b": ("special_cause_concern", ["shift"]),
    }
    assert [k for k, r in rows.items() if r["spc"]["variation"] is None] == ["4.3.1.c"]
    seasonal = rows["5.1.5.a"]
    assert seasonal["seasonal"] is True and seasonal["verdict"]["compare"] == "year_before"
    # 535 against 495 in Q2 2025/26; the previous quarter (1,440) is the school term before the holidays
    assert seasonal["verdict"]["difference"] == {"value": 40.0, "direction": "up", "intervals_overlap": True}
    assert seasonal["change"] == {"value": -905.0, "direction": "down", "intervals_overlap": False}
    assert document["summary"]["improved"] == 2 and document["summary"]["worsened"] == 2


def test_improved_and_worsened_only_for_special_cause(run):
    text = run("report", "--quarter", "latest", "--today", "2026-11-21", cwd=ROOT).out
    verdicts = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.split(" | ")]
        if line.startswith("| ") and re.fullmatch(r"\| \d+\.\d+\.\d+\.[a-z]", cells[0]):
            verdicts[cells[0][2:]] = next(m.group(0) for c in cells for m in [re.match(
                "improved|worsened|no significant change|no chart yet|changed", c)] if m)
    assert len(verdicts) == 28
    assert {k for k, v in verdicts.items() if v == "improved"} == {"1.1.1.f", "3.1.1.a"}
    assert {k for k, v in verdicts.items() if v == "worsened"} == {"5.1.1.b", "5.1.3.b"}
    main = text[text.index("## Main points"):text.index("### Targets")]
    improved, concern = main.split("### Needs concern")
    assert re.findall(r"\*\*(\d\.\d\.\d\.[a-z])\*\*", improved) == ["1.1.1.f", "3.1.1.a"]
    assert re.findall(r"\*\*(\d\.\d\.\d\.[a-z])\*\*", concern) == ["5.1.1.b", "5.1.3.b"]
    # two-point wording is gone: 5.1.5.a fell by 905 from the school term to the holidays, a figure only
    assert "| 5.1.5.a |" in text and "| -905 | no significant change; +40 (intervals overlap) on the same quarter last year |" in text


def test_the_print_footer_cannot_be_broken_out_of(run, data_copy):
    partnership = data_copy / "partnership.yaml"
    partnership.write_text(partnership.read_text("utf-8").replace(
        'short_name: HIPS VRP\n', 'short_name: "HIPS \\" } </style><script>x</script>"\n'), "utf-8")
    html = run("report", "--quarter", "latest", "--format", "html", "--data", "data", "--today", "2026-11-21",
               cwd=data_copy.parent).out
    footer = html[html.index("@bottom-left"):html.index("@bottom-right")]
    assert 'content: "HIPS \\000022  \\00007d  \\00003c ' in footer  # each character hex-escaped
    assert '"' not in footer.split('content: "', 1)[1].rsplit('";', 1)[0]
    assert "</style>" not in footer and "<script>" not in html


def _chart_of(html: str, indicator: str) -> str:
    at = html.index(f'aria-label="Control chart of {indicator};')
    return html[html.rindex("<svg", 0, at):html.index("</svg>", at)]


def test_the_html_chart_shows_limits_target_gaps_and_special_cause_by_shape(run, report_data):
    """The eight hand-worked quarters of 1.1.1.e, with the fixture's target of 340, and one quarter
    missing: every element a board member needs is in the chart, drawn from the numbers."""
    values = [400, 410, 395, 405, 400, 398, None, 300]
    quarters = ["2023-24-Q1", "2023-24-Q2", "2023-24-Q3", "2023-24-Q4",
                "2024-25-Q1", "2024-25-Q2", "2024-25-Q3", "2024-25-Q4"]
    shutil.rmtree(report_data / "returns")
    (report_data / "returns").mkdir()
    for quarter, value in zip(quarters, values):
        entry = f"value: {value}" if value is not None else "missing: Recording system changed"
        (report_data / "returns" / f"{quarter}.yaml").write_text(
            f'quarter: "{quarter}"\nvalues:\n  - indicator: "1.1.1.e"\n    {entry}\n', "utf-8")
    html = report(run, report_data, "--quarter", "2024-25-Q4", "--format", "html").out
    chart = _chart_of(html, "1.1.1.e")
    # mean 386.86, limits 364.51 to 409.20 (no moving range spans the gap): 410 lies above, a concern
    # when it was returned (a triangle); 300 below, the latest, an improvement (a square)
    assert chart.count("<rect") == 1 and chart.count('fill="#1d5fa8"') == 1
    assert chart.count('<path d="M') == 1 and chart.count('fill="#c75000"') == 1
    assert chart.count("<circle") == 5  # common cause: circles
    assert chart.count('stroke-dasharray="4 3"') == 2  # the two process limits
    assert 'stroke-dasharray="1 2"' in chart and ">target</text>" in chart  # the target line, labelled
    # the missing quarter is a gap: two polylines (no line across it) and a × with its state
    assert chart.count("<polyline") == 1 and ">×<title>Q3 2024/25: missing</title>" in chart
    assert ">count</text>" in chart and "▼ lower is better" in chart and ">300</text>" in chart
    assert ">trial limits</text>" in chart  # seven quarters: fewer than 13
    # a concern is a triangle: the same series where higher is better
    obpf = report_data / "obpf.yaml"
    obpf.write_text(obpf.read_text("utf-8").replace("better: lower\n                target: 340",
                                                    "better: higher\n                target: 340", 1), "utf-8")
    chart = _chart_of(report(run, report_data, "--quarter", "2024-25-Q4", "--format", "html").out, "1.1.1.e")
    assert chart.count("<rect") == 1 and chart.count('<path d="M') == 1
    assert chart.index('fill="#1d5fa8"') < chart.index('fill="#c75000"')  # 410 now the improvement, 300 the concern
    assert "worsened (special cause, concern)" in chart


def test_a_rebase_is_drawn_with_its_reason(run, data_copy):
    obpf = data_copy / "obpf.yaml"
    anchor = 'source: "police"\n                unit: count\n                better: lower\n'
    obpf.write_text(obpf.read_text("utf-8").replace(anchor, anchor + (
        "                spc:\n                  rebase:\n                    - quarter: \"2025-26-Q1\"\n"
        "                      reason: Hotspot boundaries redrawn\n"), 1), "utf-8")
    html = run("report", "--quarter", "latest", "--format", "html", "--data", "data", "--today", "2026-11-21",
               cwd=data_copy.parent).out
    chart = _chart_of(html, "1.1.1.e")
    assert "<title>Rebased: Hotspot boundaries redrawn</title>" in chart and ">rebased</text>" in chart
    # two stretches of mean and limits: two mean lines, four limit lines
    assert chart.count('stroke="#333" stroke-width="1.2"') == 2 and chart.count('stroke-dasharray="4 3"') == 4


def test_markdown_sparklines_leave_gaps(run):
    text = run("report", "--quarter", "latest", "--today", "2026-11-21", cwd=ROOT).out
    rows = {line.split(" | ")[0][2:]: line for line in text.splitlines() if line.startswith("| ")}
    # an annual survey: 1,154 in Q3 2024/25 and 1,271 in Q3 2025/26 of the last eight quarters; the rest gaps
    assert rows["4.3.1.c"].endswith(" | no chart yet | ▁···█··· |")
    # 5.1.5.b was missing in Q2 2025/26, the fourth of the eight
    assert rows["5.1.5.b"].endswith(" | ▆▃▆·▁▄█▅ |")
