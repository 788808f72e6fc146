"""vrptool due: what needs chasing before the board, worked out from the data's own dates."""

from __future__ import annotations

import pytest

from tests.test_edit import edit


def due(run, data, *args):
    return run("due", *args, "--data", "data", cwd=data.parent)


def test_actions_reviews_and_returns_on_the_bundled_data(run, data_copy):
    result = due(run, data_copy, "--today", "2026-10-10", "--within", "3")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "What is due on 2026-10-10 (and within 3 days): 12 overdue"
    # 2026-03-18 to 2026-10-10: 13 days of March, 183 of April to September, 10 of October
    assert lines[2:4] == [
        "Actions overdue (8):",
        "  IEO 2026-02-18 a1: Circulate the gap analysis of commissioned interventions (owner Education, "
        "due 2026-03-18, 206 days late)"]
    assert lines[10] == ("  DAWG 2026-09-02 a1: Send the Partnership Data Tracker RAG update to all members "
                         "(owner Local Authorities, due 2026-09-30, 10 days late)")
    assert lines[11:13] == ["Actions due within 3 days (1):",
                            "  TVRP 2026-07-15 a1: Circulate the cohort identification method for comment "
                            "(owner YJS, due 2026-10-13, in 3 days)"]
    assert lines[13:18] == ["ToR reviews (4):", "  DAWG (version 1): review by 2023-12-31, 1014 days late",
                            "  EWG (version 1): review by 2024-03-31, 923 days late",
                            "  IEO (version 1): review by 2024-05-31, 862 days late",
                            "  TVRP (version 2): review by 2024-11-30, 679 days late"]
    assert lines[18:20] == ["Duty dates (0):", "  none"]
    # the last quarter to have ended; its returns are due 30 days after it (returns_due_days)
    assert lines[20] == "Returns for Q2 2026/27 (July to September 2026), due 2026-10-30 (in 20 days): 0 outstanding"
    assert "  HFRS [specified authority]: 0, 0, 0 (n/a, n/a)" in lines  # every specified authority is listed
    closed = edit(run, data_copy, "action", "close", "dawg", "2026-09-02", "a1")
    assert closed.code == 0
    after = due(run, data_copy, "--today", "2026-10-10", "--within", "3").out
    assert after.startswith("What is due on 2026-10-10 (and within 3 days): 11 overdue\n\nActions overdue (7):\n")
    assert "Send the Partnership Data Tracker RAG update" not in after
    # past the returns' date with every return in: not late
    late = due(run, data_copy, "--today", "2026-12-01").out.splitlines()
    assert "Returns for Q2 2026/27 (July to September 2026), due 2026-10-30 (all in): 0 outstanding" in late
    markdown = due(run, data_copy, "--today", "2026-12-01", "--format", "md").out
    assert "## Returns for Q2 2026/27 (July to September 2026)\n\nDue 2026-10-30 (all in); 0 outstanding.\n" in markdown


def test_outstanding_returns_completeness_and_timeliness_by_organisation(run, data_copy):
    returns = data_copy / "returns" / "2026-27-Q2.yaml"
    text = returns.read_text("utf-8")
    entry = text[text.index('  - indicator: "5.1.2.a"'):text.index('  - indicator: "5.1.2.b"')]
    returns.write_text(text.replace(entry, ""), "utf-8")
    # the OPCC's one indicator, received on time; then late
    assert edit(run, data_copy, "returns", "set", "-q", "2026-27-Q2", "-i", "4.3.1.c", "--value", "3",
                "--received", "2026-10-30").code == 0
    lines = due(run, data_copy, "--today", "2026-11-02").out.splitlines()
    at = lines.index("Returns for Q2 2026/27 (July to September 2026), due 2026-10-30 (3 days late): 1 outstanding")
    assert lines[at + 1].startswith("  Society of St James: 5.1.2.a Average score change for 'emotional and mental health'")
    assert "  OPCC: 1, 1, 1 (100%, 100%)" in lines
    assert "  Society of St James: 9, 8, 0 (8 received with no date) (88.9%, n/a)" in lines
    assert lines[0].endswith(": 16 overdue")  # 11 actions, 4 reviews and the return outstanding past its date
    assert edit(run, data_copy, "returns", "set", "-q", "2026-27-Q2", "-i", "4.3.1.c", "--value", "3",
                "--received", "2026-10-31").code == 0
    found = due(run, data_copy, "--today", "2026-11-02", "--format", "json").json
    opcc = next(r for r in found["returns"]["by_organisation"] if r["organisation_id"] == "opcc")
    assert opcc == {"organisation": "OPCC", "organisation_id": "opcc", "duty": "none", "expected": 1, "received": 1,
                    "on_time": 0, "received_undated": 0, "completeness": 100.0, "timeliness": 0.0}
    assert found["returns"]["outstanding"] == [
        {"indicator": "5.1.2.a", "text": "Average score change for 'emotional and mental health' outcomes star score",
         "source": "Society of St James", "source_id": "ssj", "dataset": found["returns"]["outstanding"][0]["dataset"]}]
    assert (found["returns"]["quarter"], found["returns"]["due"], found["returns"]["days_late"]) == (
        "2026-27-Q2", "2026-10-30", 3)


def test_the_duty_s_own_dates_and_fail_on_overdue(run, data_copy):
    partnership = data_copy / "partnership.yaml"
    partnership.write_text(partnership.read_text("utf-8") + (
        "duty_dates:\n  - what: Response Strategy annual review | board\n    due: 2026-10-01\n"
        "  - what: Strategic Needs Assessment refresh\n    due: 2027-03-31\n"), "utf-8")
    text = due(run, data_copy, "--today", "2026-10-10")
    assert text.code == 0
    assert "Duty dates (1):\n  Response Strategy annual review | board: 2026-10-01, 9 days late\n" in text.out
    markdown = due(run, data_copy, "--today", "2026-10-10", "--format", "md").out
    assert markdown.startswith("# What is due on 2026-10-10\n\nOverdue: **13**.")
    assert "| Response Strategy annual review \\| board | 2026-10-01 | 9 days late |\n" in markdown
    assert "| DAWG | 1 | 2023-12-31 | 1014 days late |\n" in markdown
    failing = due(run, data_copy, "--today", "2026-10-10", "--fail-on-overdue")
    assert failing.code == 1 and failing.out == text.out
    soon = due(run, data_copy, "--today", "2026-10-10", "--within", "200", "--format", "json").json
    assert soon["duty_dates"][1] == {"what": "Strategic Needs Assessment refresh", "due": "2027-03-31", "days_left": 172}


@pytest.mark.parametrize("args, code, words", [
    (["--within", "-1"], 2, "--within takes a number of days, 0 or more"),
    (["--quarter", "2024Q9"], 2, "--quarter"),
    (["--format", "xml"], 2, "xml"),
])
def test_usage_errors(run, data_copy, args, code, words):
    result = due(run, data_copy, *args)
    assert result.code == code and words in result.err and "Traceback" not in result.err


def test_data_with_errors_is_refused(run, data_copy):
    group = data_copy / "groups" / "dawg.yaml"
    group.write_text(group.read_text("utf-8").replace('reports_to: "svrp"', 'reports_to: "svpr"'), "utf-8")
    result = due(run, data_copy)
    assert result.code == 1 and "nothing was worked out" in result.err and result.out == ""
