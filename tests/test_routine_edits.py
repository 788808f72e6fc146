"""The routine edit commands: each changes exactly the lines it must, says what it changed
old → new, refuses what would make the data invalid (changing nothing), and keeps comments."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import ROOT
from tests.test_edit import changed_lines, edit, edit_running_in, snapshot

TODAY = dt.date.today()


def test_org_add_appends_the_organisation_and_keeps_the_file_as_written(run, data_copy):
    partnership = data_copy / "partnership.yaml"
    before = partnership.read_text("utf-8")
    result = edit(run, data_copy, "org", "add", "uhs", "--name", "University Hospital Southampton",
                  "--abbreviation", "UHS", "--duty", "relevant")
    assert result.code == 0, result.err
    assert result.out == ("data/partnership.yaml: organisation uhs: (none) → University Hospital Southampton (UHS), "
                          "duty: relevant\nchanged data/partnership.yaml\n")
    after = partnership.read_text("utf-8")
    added = changed_lines(before, after)
    assert added == ['+  - id: "uhs"', "+    name: University Hospital Southampton", "+    abbreviation: UHS",
                     "+    duty: relevant"]
    assert after.index('  - id: "uhs"') > after.index('  - id: "probation"')  # at the end of the organisations
    again = edit(run, data_copy, "org", "add", "uhs", "--name", "Other", "--duty", "none")
    assert again.code == 1 and again.err == "vrptool: organisation 'uhs' is in partnership.yaml already\n"
    bad = edit(run, data_copy, "org", "add", "../uhs", "--name", "Other", "--duty", "none")
    assert bad.code == 2 and "ORGANISATION '../uhs' is not a valid organisation id" in bad.err
    assert edit(run, data_copy, "org", "add", "x", "--name", "X", "--duty", "maybe").code == 2


def test_group_add_writes_a_group_with_a_first_tor_that_validates(run, data_copy):
    result = edit(run, data_copy, "group", "add", "knife", "--name", "Knife Crime Working Group",
                  "--abbreviation", "KCWG", "--objective", "SO1", "--issued", "2026-04-01")
    assert result.code == 0, result.err
    assert result.out == (
        "data/groups/knife.yaml: group: (none) → Knife Crime Working Group (KCWG), reports to svrp\n"
        "data/groups/knife.yaml: ToR: (none) → version 1, issued 2026-04-01, review by 2027-03-31\n"
        "created data/groups/knife.yaml\n")
    assert (data_copy / "groups" / "knife.yaml").read_text("utf-8") == (
        "# yaml-language-server: $schema=../../schemas/group.schema.json\n"
        "# Knife Crime Working Group and its Terms of Reference.\n"
        'id: "knife"\nname: Knife Crime Working Group\nabbreviation: KCWG\nreports_to: "svrp"\nobjective: "SO1"\n'
        "tor:\n  version: 1\n  issued: 2026-04-01\n  review_by: 2027-03-31\n  history:\n    - version: 1\n"
        "      issued: 2026-04-01\n      change: First issue.\n"
        "membership: []\nactivities: []\nrecommendations: []\nindicators: []\n")
    assert run("fmt", "--check", "--data", "data", cwd=data_copy.parent).code == 0
    exists = edit(run, data_copy, "group", "add", "knife", "--name", "X", "--abbreviation", "X")
    assert exists.code == 1 and "group 'knife' exists already" in exists.err
    unknown = edit(run, data_copy, "group", "add", "guns", "--name", "G", "--abbreviation", "G", "--reports-to", "svpr")
    assert unknown.code == 1 and unknown.err == "vrptool: no group 'svpr' in data/groups; did you mean 'svrp'?\n"
    objective = edit(run, data_copy, "group", "add", "guns", "--name", "G", "--abbreviation", "G", "--objective", "SO9")
    assert objective.code == 1 and "no strategic objective 'SO9'" in objective.err
    assert not (data_copy / "groups" / "guns.yaml").exists()


def test_member_add_and_remove(run, data_copy):
    dawg = data_copy / "groups" / "dawg.yaml"
    before = dawg.read_text("utf-8")
    more = edit(run, data_copy, "member", "add", "dawg", "hfrs", "--role", "Station Manager")
    assert more.code == 0, more.err
    assert more.out.splitlines()[0] == ("data/groups/dawg.yaml: membership of hfrs: Representation from HFRS "
                                        "(ToR sent 2023-10-19) → Representation from HFRS, Station Manager "
                                        "(ToR sent 2023-10-19)")
    assert changed_lines(before, dawg.read_text("utf-8")) == ["+      - Station Manager"]
    gone = edit(run, data_copy, "member", "remove", "dawg", "hfrs")
    assert gone.code == 0, gone.err
    assert gone.out.splitlines()[0].endswith("Station Manager (ToR sent 2023-10-19) → (none)")
    assert '  - organisation: "hfrs"' not in dawg.read_text("utf-8")
    again = edit(run, data_copy, "member", "remove", "dawg", "hfrs")
    assert again.code == 1 and again.err == "vrptool: 'hfrs' is not a member of dawg\n"
    status = edit(run, data_copy, "member", "add", "dawg", "hfrs", "--status", "not_yet_required", "--sent", "2026-01-05")
    assert status.code == 0 and status.out.splitlines()[0] == (
        "data/groups/dawg.yaml: membership of hfrs: (none) → not yet required (ToR sent 2026-01-05)")
    assert '  - organisation: "hfrs"\n    status: not_yet_required\n    sent: 2026-01-05\n' in dawg.read_text("utf-8")


@pytest.mark.parametrize("args, code, words", [
    (["member", "add", "dawg", "polise", "--role", "Analyst"], 1,
     "vrptool: ORGANISATION: no organisation 'polise' in partnership.yaml; did you mean 'police'? If not, add it with `vrptool org add`\n"),
    (["member", "add", "dawg", "zzzqq", "--role", "Analyst"], 1,
     "vrptool: ORGANISATION: no organisation 'zzzqq' in partnership.yaml; add it with `vrptool org add`\n"),
    (["member", "add", "dwag", "police", "--role", "Analyst"], 1, "vrptool: no group 'dwag' in data/groups; did you mean 'dawg'?\n"),
    (["member", "add", "dawg", "police"], 2, "give the member's roles (--role, once per role) or its --status\n"),
    (["member", "add", "dawg", "police", "--role", "A", "--status", "no_representation"], 2, "not both"),
    (["returns", "set", "-q", "2026-27-Q2", "-i", "1.1.1.e"], 2, "give --value (with --n if known) or --missing REASON\n"),
    (["returns", "set", "-q", "2026-27-Q2", "-i", "1.1.1.e", "--value", "3", "--missing", "late"], 2, "REASON, not both\n"),
    (["member", "add", "dawg", "police", "--role", "analyst@police.invalid"], 1, "[personal-data]"),
    (["meeting", "add", "dawg", "2026-10-07", "--format", "online", "--attended", "vru", "--host", "vru"], 2,
     "an online meeting has no --host"),
    (["meeting", "add", "dawg", "2026-10-07", "--format", "online", "--attended", "vru,police", "--apologies", "police"], 2,
     "police cannot both attend and send apologies"),
    (["meeting", "add", "dawg", "2026-10-07", "--format", "video", "--attended", "vru"], 2,
     "--format must be one of online, in_person, hybrid"),
    (["meeting", "add", "dawg", "2026-10-07", "--format", "online", "--attended", "vrus"], 1,
     "--attended: no organisation 'vrus' in partnership.yaml; did you mean 'vru'?"),
    (["meeting", "add", "dawg", "2026-09-02", "--format", "online", "--attended", "vru"], 1,
     "the meeting of dawg on 2026-09-02 is recorded already"),
    (["meeting", "add", "dawg", "2026-13-02", "--format", "online", "--attended", "vru"], 2, "'2026-13-02' is not a date"),
    (["action", "add", "dawg", "2026-09-03", "--text", "T", "--owner", "vru", "--due", "2026-10-01"], 1,
     "no meeting of dawg on 2026-09-03 is recorded; its meetings: 2026-05-06, 2026-06-03, 2026-07-01, 2026-08-05, 2026-09-02"),
    (["action", "add", "dawg", "2026-09-02", "--text", "T", "--owner", "vru", "--due", "2026-08-01"], 2,
     "--due 2026-08-01 is before the meeting (2026-09-02)"),
    (["action", "close", "dawg", "2026-09-02", "a9"], 1, "the meeting of dawg on 2026-09-02 has no action 'a9' (its actions: a1)"),
    (["activity", "add", "8", "--text", "T"], 1, "no ToC strand '8' in toc.yaml"),
    (["activity", "add", "2", "--text", "T", "--id", "3.z"], 2, "--id 3.z is not an activity of strand 2"),
    (["indicator", "add", "9.1.1", "--text", "T", "--source", "police", "--unit", "count", "--better", "lower"], 1,
     "vrptool: no OBPF area '9' in obpf.yaml for success measure 9.1.1 to belong to\n"),
    (["indicator", "add", "5.1.2", "--text", "T", "--source", "police", "--unit", "pounds", "--better", "lower"], 2,
     "--unit must be one of count, percent, score, score_change"),
    (["tor", "issue", "dawg", "--change", " "], 2, "say what changed in this version with --change TEXT"),
    (["tor", "issue", "dawg", "--change", "x", "--on", "2020-01-01"], 2,
     "the new version's date 2020-01-01 is before version 1's (2023-10-19)"),
    (["tor", "issue", "svrp", "--change", "x"], 1, "has no ToR (tor: version, issued) to issue a new version of"),
])
def test_refusals_change_nothing_and_say_why(run, data_copy, args, code, words):
    before = snapshot(data_copy)
    result = edit(run, data_copy, *args)
    assert result.code == code, result.err
    assert words in result.err and result.out == "" and "Traceback" not in result.err
    assert snapshot(data_copy) == before


def test_a_meeting_without_apologies_says_nothing_of_them(run, data_copy):
    result = edit(run, data_copy, "meeting", "add", "dawg", "2026-10-07", "--format", "online", "--attended", "vru")
    path = "data/meetings/dawg/2026-10-07.yaml"
    assert result.code == 0 and result.out == (
        f"{path}: meeting: (none) → Data and Analysis Working Group, 2026-10-07, online\n"
        f"{path}: attended: (none) → vru\ncreated {path}\n")


def test_meeting_add_then_actions_added_and_closed(run, data_copy):
    result = edit(run, data_copy, "meeting", "add", "dawg", "2026-10-07", "--format", "hybrid", "--host", "hfrs",
                  "--attended", "vru,police", "--attended", "hfrs", "--apologies", "icb")
    assert result.code == 0, result.err
    path = "data/meetings/dawg/2026-10-07.yaml"
    assert result.out == (f"{path}: meeting: (none) → Data and Analysis Working Group, 2026-10-07, hybrid, hosted by hfrs\n"
                          f"{path}: attended: (none) → vru, police, hfrs\n{path}: apologies: (none) → icb\n"
                          f"created {path}\n")
    meeting = data_copy / "meetings" / "dawg" / "2026-10-07.yaml"
    assert meeting.read_text("utf-8") == (
        "# yaml-language-server: $schema=../../../schemas/meeting.schema.json\n"
        "# Data and Analysis Working Group: meeting of 07 October 2026.\n"
        'group: "dawg"\ndate: 2026-10-07\nformat: hybrid\nhost: "hfrs"\nattended: ["vru", "police", "hfrs"]\n'
        'apologies: ["icb"]\nactions: []\n')
    first = edit(run, data_copy, "action", "add", "dawg", "2026-10-07", "--text", "Share the SNA data extract",
                 "--owner", "police", "--due", "2026-11-04")
    assert first.out == (f"{path}: action a1: (none) → Share the SNA data extract (owner police, due 2026-11-04, open)\n"
                         f"changed {path}\n")
    second = edit(run, data_copy, "action", "add", "dawg", "2026-10-07", "--text", "Book the room", "--owner", "hfrs",
                  "--due", "2026-10-21")
    assert second.out.startswith(f"{path}: action a2: (none) → Book the room")
    closed = edit(run, data_copy, "action", "close", "dawg", "2026-10-07", "a1")
    assert closed.code == 0
    assert closed.out == f"{path}: action a1 (Share the SNA data extract): open → done\nchanged {path}\n"
    assert meeting.read_text("utf-8").endswith(
        'actions:\n  - id: "a1"\n    text: Share the SNA data extract\n    owner: "police"\n    due: 2026-11-04\n'
        '    status: done\n  - id: "a2"\n    text: Book the room\n    owner: "hfrs"\n    due: 2026-10-21\n'
        '    status: open\n')
    again = edit(run, data_copy, "action", "close", "dawg", "2026-10-07", "a1")
    assert again.code == 0 and again.out == "nothing to change: the data already says so\n"
    check = run("validate", "--data", "data", "--format", "json", cwd=data_copy.parent)
    assert check.code == 0 and check.json["summary"]["files"] == len(list(data_copy.rglob("*.yaml")))


def test_activity_and_indicator_add_give_the_next_id_and_an_owner(run, data_copy):
    activity = edit(run, data_copy, "activity", "add", "2", "--text", "Run weapon amnesty weeks", "--group", "dawg")
    assert activity.code == 0, activity.err
    assert activity.out.splitlines() == [
        "data/toc.yaml: ToC activity 2.h: (none) → Run weapon amnesty weeks",
        "data/groups/dawg.yaml: activities: 1.d, 2.a, 2.b, 2.c, 2.d, 2.e, 2.f, 2.g → 1.d, 2.a, 2.b, 2.c, 2.d, 2.e, 2.f, 2.g, 2.h",
        "changed data/toc.yaml", "changed data/groups/dawg.yaml"]
    indicator = edit(run, data_copy, "indicator", "add", "5.1.9", "--text", "Knife crime offences", "--source", "police",
                     "--unit", "count", "--better", "lower", "--target", "100", "--group", "dawg")
    assert indicator.code == 0, indicator.err
    assert indicator.out.splitlines()[:2] == [
        "data/obpf.yaml: success measure 5.1.9: (none) → new, under outcome 5.1",
        "data/obpf.yaml: indicator 5.1.9.a: (none) → Knife crime offences (source police, count, lower is better, target 100)"]
    obpf = (data_copy / "obpf.yaml").read_text("utf-8")
    assert ('          - id: "5.1.9"\n            indicators:\n              - id: "5.1.9.a"\n'
            '                text: Knife crime offences\n                source: "police"\n                unit: count\n'
            '                better: lower\n                target: 100\n      - id: "5.2"\n') in obpf
    check = run("validate", "--data", "data", "--format", "json", cwd=data_copy.parent)
    assert check.code == 0
    assert not [f for f in check.json["findings"] if f["rule"].startswith("orphan") and "2.h" in f["message"]]
    trace = run("trace", "5.1.9.a", "--data", "data", cwd=data_copy.parent)
    assert trace.code == 0 and "  monitored by: group dawg (DAWG)\n" in trace.out


def test_tor_issue_records_each_version_and_keeps_the_layout(run, data_copy):
    dawg = data_copy / "groups" / "dawg.yaml"
    before = dawg.read_text("utf-8")
    first = edit(run, data_copy, "tor", "issue", "dawg", "--change", "Reviewed in December 2023", "--on", "2023-12-14",
                 "--review-by", "2024-12-31")
    assert first.code == 0, first.err
    assert first.out == ("data/groups/dawg.yaml: ToR version: 1 → 2\n"
                         "data/groups/dawg.yaml: ToR issued: 2023-10-19 → 2023-12-14\n"
                         "data/groups/dawg.yaml: ToR review by: 2023-12-31 → 2024-12-31\n"
                         "data/groups/dawg.yaml: ToR history, version 2: (none) → Reviewed in December 2023\n"
                         "changed data/groups/dawg.yaml\n")
    second = edit(run, data_copy, "tor", "issue", "dawg", "--change", "Knife crime added", "--on", "2024-06-03")
    assert "ToR review by: 2024-12-31 → 2025-06-21" in second.out  # as long after issue as before (383 days)
    assert changed_lines(before, dawg.read_text("utf-8")) == [
        "-  version: 1", "-  issued: 2023-10-19", "+  version: 3", "+  issued: 2024-06-03",
        "-  review_by: 2023-12-31", "+  review_by: 2025-06-21",
        "+  history:", "+    - version: 1", "+      issued: 2023-10-19",
        "+      change: Version in force when this history began.",
        "+    - version: 2", "+      issued: 2023-12-14", "+      change: Reviewed in December 2023",
        "+    - version: 3", "+      issued: 2024-06-03", "+      change: Knife crime added"]
    # the comments inside the tor block and the blank line after it stay where they were
    assert "  review_by: 2025-06-21\n  history:\n" in dawg.read_text("utf-8")
    assert "      change: Knife crime added\n\nmembership:\n" in dawg.read_text("utf-8")
    assert run("fmt", "--check", "--data", "data", cwd=data_copy.parent).code == 0


def test_an_edit_waits_for_no_one_and_changes_nothing_while_another_runs(run, data_copy):
    before = snapshot(data_copy)
    with edit_running_in(data_copy):
        result = edit(run, data_copy, "action", "close", "dawg", "2026-09-02", "a1")
    assert result.code == 1 and "another vrptool edit" in result.err
    assert snapshot(data_copy) == before


def test_the_rendered_tor_shows_its_version_history_in_every_format(run, data_copy):
    assert edit(run, data_copy, "tor", "issue", "dawg", "--change", "Reviewed: <b>knife</b> | crime added",
                "--on", "2023-12-14").code == 0
    out = data_copy.parent / "tors"
    for output_format in ("md", "html", "docx"):
        result = run("render", "tor", "dawg", "--format", output_format, "-o", out, "--data", "data", cwd=data_copy.parent)
        assert result.code == 0, result.err
    markdown = (out / "dawg.md").read_text("utf-8")
    assert "Terms of Reference (ToR), version 2, December 2023\n" in markdown
    assert ("## Version history\n\n| Version | Issued | What changed |\n|---|---|---|\n"
            "| 1 | 19/10/2023 | Version in force when this history began. |\n"
            "| 2 | 14/12/2023 | Reviewed: \\<b\\>knife\\</b\\> \\| crime added |\n") in markdown
    html = (out / "dawg.html").read_text("utf-8")
    assert ('<tr><th scope="row">2</th><td>14/12/2023</td><td>Reviewed: &lt;b&gt;knife&lt;/b&gt; | crime added</td></tr>'
            in html)
    import docx

    table = docx.Document(str(out / "dawg.docx")).tables[-1]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Version", "Issued", "What changed"], ["1", "19/10/2023", "Version in force when this history began."],
        ["2", "14/12/2023", "Reviewed: <b>knife</b> | crime added"]]
    # a ToR with no history yet has no such section
    assert "Version history" not in (ROOT / "tors" / "tvrp.md").read_text("utf-8")


def test_a_new_groups_tor_leaves_out_the_sections_it_has_nothing_for(run, data_copy):
    assert edit(run, data_copy, "group", "add", "knife", "--name", "Knife Crime Working Group",
                "--abbreviation", "KCWG", "--issued", "2026-04-01").code == 0
    out = data_copy.parent / "tors"
    result = run("render", "tor", "knife", "--format", "md", "-o", out, "--data", "data", cwd=data_copy.parent)
    assert result.code == 0, result.err
    markdown = (out / "knife.md").read_text("utf-8")
    assert ("| Agency | Specified or Relevant Authority[^1] | Name & Role / Partner | Date Sent |\n|---|---|---|---|\n\n"
            "## Vision and mission\n\nOur vision is") in markdown
    assert ("to successfully address the causes and consequences of violence.\n\n"
            "## Crest Advisory recommendations\n\n") in markdown
    assert "## Introduction" not in markdown and "## Aims and activities" not in markdown
    # a group with an introduction and aims keeps both headings
    seeded = (ROOT / "tors" / "dawg.md").read_text("utf-8")
    assert "## Introduction\n\n" in seeded and "## Aims and activities linked to the Theory of Change (ToC)\n\n" in seeded


def test_a_suggestion_is_a_question_of_its_own_and_what_to_do_otherwise_follows_it():
    from vrptool.suggest import did_you_mean
    assert did_you_mean("polise", ["police"], "add it with `vrptool org add`") == (
        "; did you mean 'police'? If not, add it with `vrptool org add`")
    assert did_you_mean("zzzqq", ["police"], "add it with `vrptool org add`") == "; add it with `vrptool org add`"
    assert did_you_mean("polise", ["police"]) == "; did you mean 'police'?"
    assert did_you_mean("zzzqq", ["police"]) == ""
