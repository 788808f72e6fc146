"""A new partnership's first months, from `vrptool init` to the board, with no YAML written by hand.

Every step is a vrptool command an analyst would type, and every step's output is asserted: the
repository it makes, the lines each edit says it changed, the rendered ToR, the report and what
is due. Dates are today's, as an analyst's would be.
"""

from __future__ import annotations

import datetime as dt

from tests.conftest import PINNED_SOURCE
from vrptool import quarters

TODAY = dt.date.today()


def test_from_init_to_the_board_meeting(run, tmp_path):
    repo = tmp_path / "northshire"
    made = run("init", repo, "--name", "Northshire Violence Reduction Partnership", "--short-name", "Northshire VRP",
               "--vrptool-source", PINNED_SOURCE, cwd=tmp_path)
    assert made.code == 0, made.err
    assert made.out.splitlines()[:2] == [f"a new data repository for Northshire Violence Reduction Partnership is in {repo}",
                                         f"its CI and hooks install vrptool from {PINNED_SOURCE}"]

    def step(*args: str, where=repo) -> str:
        """One command, run from a folder of the repository (its data directory is found from there)."""
        result = run(*args, cwd=where)
        assert result.code == 0, (args, result.out, result.err)
        return result.out

    data = "data"
    # Organisations and a working group with its members.
    assert step("org", "add", "police", "--name", "Northshire Police", "--abbreviation", "NP", "--duty", "specified") == (
        f"{data}/partnership.yaml: organisation police: (none) → Northshire Police (NP), duty: specified\n"
        f"changed {data}/partnership.yaml\n")
    step("org", "add", "yjs", "--name", "Youth Justice Service", "--abbreviation", "YJS", "--duty", "specified")
    assert step("group", "add", "knife", "--name", "Knife Crime Working Group", "--abbreviation", "KCWG",
                "--objective", "SO1") == (
        f"{data}/groups/knife.yaml: group: (none) → Knife Crime Working Group (KCWG), reports to board\n"
        f"{data}/groups/knife.yaml: ToR: (none) → version 1, issued {TODAY}, review by "
        f"{TODAY.replace(year=TODAY.year + 1) - dt.timedelta(days=1)}\n"
        f"created {data}/groups/knife.yaml\n")
    groups = repo / "data" / "groups"
    assert step("member", "add", "knife", "vru", "--role", "VRU Manager and Chair", "--sent", TODAY.isoformat(),
                where=groups) == (f"knife.yaml: membership of vru: (none) → VRU Manager and Chair (ToR sent {TODAY})\n"
                                  "changed knife.yaml\n".replace("knife.yaml", "../groups/knife.yaml"))
    step("member", "add", "knife", "police", "--role", "Knife crime lead", "--role", "Analyst")
    step("member", "add", "knife", "yjs", "--role", "Youth Justice Manager")
    step("member", "add", "board", "police", "--role", "Chief Superintendent")
    step("member", "add", "board", "yjs", "--role", "Head of Service")
    # What the group delivers and how it is measured.
    assert step("activity", "add", "1", "--text", "Run weapon surrender weeks in schools", "--group", "knife"
                ).splitlines()[:2] == [f"{data}/toc.yaml: ToC activity 1.b: (none) → Run weapon surrender weeks in schools",
                                       f"{data}/groups/knife.yaml: activities: (none) → 1.b"]
    assert step("indicator", "add", "1.1.2", "--text", "Knife crime offences recorded", "--source", "police",
                "--unit", "count", "--better", "lower", "--group", "knife").splitlines()[1] == (
        f"{data}/obpf.yaml: indicator 1.1.2.a: (none) → Knife crime offences recorded (source police, count, "
        "lower is better)")

    # A meeting with its attendance and two actions.
    met = TODAY - dt.timedelta(days=20)
    meeting = f"{data}/meetings/knife/{met}.yaml"
    assert step("meeting", "add", "knife", met.isoformat(), "--format", "hybrid", "--host", "police",
                "--attended", "vru,police", "--apologies", "yjs") == (
        f"{meeting}: meeting: (none) → Knife Crime Working Group, {met}, hybrid, hosted by police\n"
        f"{meeting}: attended: (none) → vru, police\n{meeting}: apologies: (none) → yjs\ncreated {meeting}\n")
    late, soon = TODAY - dt.timedelta(days=6), TODAY + dt.timedelta(days=5)
    assert step("action", "add", "knife", met.isoformat(), "--text", "Map knife crime hotspots", "--owner", "police",
                "--due", late.isoformat()).startswith(f"{meeting}: action a1: (none) → Map knife crime hotspots")
    step("action", "add", "knife", met.isoformat(), "--text", "Draft the schools plan", "--owner", "vru",
         "--due", soon.isoformat())

    # A quarter's returns, each with the date it arrived.
    quarter = quarters.containing(TODAY, 4).previous
    received = (quarter.end + dt.timedelta(days=10)).isoformat()
    for said, (indicator, value) in zip(("created", "changed"), (("1.1.1.a", "412"), ("1.1.2.a", "97"))):
        out = step("returns", "set", "--quarter", quarter.id, "--indicator", indicator, "--value", value,
                   "--received", received)
        assert out.endswith(f"{said} {data}/returns/{quarter.id}.yaml\n")  # the quarter's file is new, then changed

    # The ToR re-issued, an action closed.
    assert step("tor", "issue", "knife", "--change", "Knife crime indicator and weapon surrender activity added",
                "--review-by", (TODAY + dt.timedelta(days=180)).isoformat()).splitlines()[0] == (
        f"{data}/groups/knife.yaml: ToR version: 1 → 2")
    assert step("action", "close", "knife", met.isoformat(), "a1") == (
        f"{meeting}: action a1 (Map knife crime hotspots): open → done\nchanged {meeting}\n")

    # The data is valid and in its canonical layout: no file was written by hand.
    check = run("validate", "--format", "json", cwd=repo)
    assert check.code == 0, check.out
    assert check.json["summary"] == {"errors": 0, "warnings": 0, "files": 10}, check.json["findings"]
    assert run("fmt", "--check", cwd=repo).code == 0

    # The ToR, the report and what is due.
    step("render", "tor", "knife", "-o", "tors")
    tor = (repo / "tors" / "knife.md").read_text("utf-8")
    assert f"Terms of Reference (ToR), version 2, {TODAY:%B %Y}" in tor
    assert "| Northshire Police (NP) | Specified Authority | Knife crime lead<br>Analyst |" in tor
    assert "Run weapon surrender weeks in schools (1.b)" in tor
    assert "Knife crime offences recorded (1.1.2.a)" in tor
    assert (f"| 1 | {TODAY:%d/%m/%Y} | First issue. |\n"
            f"| 2 | {TODAY:%d/%m/%Y} | Knife crime indicator and weapon surrender activity added |\n") in tor
    report = run("report", "--quarter", quarter.id, "--format", "json", cwd=repo)
    assert report.code == 0, report.err
    values = {i["id"]: i["current"]["value"] for area in report.json["areas"] for outcome in area["outcomes"]
              for measure in outcome["measures"] for i in measure["indicators"]}
    assert values == {"1.1.1.a": 412, "1.1.2.a": 97}
    due = step("due")
    assert f"Actions due within 14 days (1):\n  KCWG {met} a2: Draft the schools plan (owner VRU, due {soon}, " in due
    assert "Actions overdue (0):\n  none\n" in due and "Map knife crime hotspots" not in due
    assert f"Returns for {quarter.label}, due {quarter.end + dt.timedelta(days=30)}" in due
    assert "  NP [specified authority]: 1, 1, 1 (100%, 100%)\n" in due
    assert "  YJS [specified authority]: 0, 0, 0 (n/a, n/a)\n" in due
    assert run("due", "--fail-on-overdue", cwd=repo).code == 0
