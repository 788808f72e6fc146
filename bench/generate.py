"""Write a valid data repository N times the size of the bundled HIPS data.

    python bench/generate.py --scale N -o DIR

Scale 1 is about the bundled data (5 groups, 28 indicators, 14 quarters of returns); scale 100
is a national roll-up (500 groups, 2,800 indicators, 40 quarters, about 112,000 values). Every id
keeps its format, so the Theory of Change stops growing at 9 strands of 26 activities. The
output validates with no errors, so that timings measure a full check, not an early stop.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import string
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from vrptool.quarters import Quarter

LETTERS = string.ascii_lowercase
UNITS = [("count", "higher"), ("percent", "higher"), ("score_change", "higher"), ("count", "lower")]


def generate(scale: int, out: Path, seed: int = 1) -> dict:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "groups").mkdir(parents=True)
    (out / "returns").mkdir()
    (out / "meetings").mkdir()

    organisations = [f"org-{i}" for i in range(16 * scale)]
    duties = ["specified", "relevant", "none", "none"]
    objectives = [f"SO{i + 1}" for i in range(4 * scale)]
    lines = ['id: "roll-up"', "name: National Violence Reduction Roll-up", "short_name: National VRP",
             "vision: A place where people can live their lives free from violence.",
             "mission: To prevent violence by building a collaborative partnership.",
             "financial_year_start_month: 4", "strategic_objectives:"]
    for objective in objectives:
        lines += [f'  - id: "{objective}"', f"    title: Objective {objective}",
                  f"    statement: The partnership will pursue objective {objective}."]
    lines.append("organisations:")
    for index, organisation in enumerate(organisations):
        lines += [f'  - id: "{organisation}"', f"    name: Organisation {index}", f"    duty: {duties[index % 4]}"]
    (out / "partnership.yaml").write_text("\n".join(lines) + "\n")

    strands = min(9, 4 * scale)
    per_strand = min(26, max(6, (23 * scale) // strands))
    activities = []
    lines = ["strands:"]
    for s in range(1, strands + 1):
        lines += [f'  - id: "{s}"', f"    title: Strand {s}", f'    objective: "{objectives[(s - 1) % len(objectives)]}"',
                  "    activities:"]
        for letter in LETTERS[:per_strand]:
            activities.append(f"{s}.{letter}")
            lines += [f'      - id: "{s}.{letter}"', f"        text: Activity {s}.{letter} of the strand"]
        lines += ["    outputs: [An output]", "    outcomes: [An outcome]"]
    (out / "toc.yaml").write_text("\n".join(lines) + "\n")

    indicators = []
    lines = ["areas:"]
    for area in range(1, 5 * scale + 1):
        lines += [f'  - id: "{area}"', f"    title: Area {area}", "    outcomes:"]
        for outcome in (1, 2):
            lines += [f'      - id: "{area}.{outcome}"', f"        text: Outcome {area}.{outcome}", "        measures:"]
            for measure in (1, 2):
                lines += [f'          - id: "{area}.{outcome}.{measure}"', "            indicators:"]
                count = 2 if (outcome, measure) != (2, 2) else 1  # 7 per area: 28 per 4 areas... about 28 per scale
                for letter in LETTERS[:count]:
                    indicator = f"{area}.{outcome}.{measure}.{letter}"
                    unit, better = UNITS[len(indicators) % len(UNITS)]
                    indicators.append((indicator, unit))
                    lines += [f'              - id: "{indicator}"', f"                text: Indicator {indicator}",
                              f'                source: "{organisations[len(indicators) % len(organisations)]}"',
                              f"                unit: {unit}", f"                better: {better}"]
    (out / "obpf.yaml").write_text("\n".join(lines) + "\n")

    recommendations = [f"{i // 4 + 1}.{i % 4 + 1}" for i in range(13 * scale)]
    lines = ["assessment:", "  title: Readiness assessment", "  author: Crest Advisory", '  published: "2023-05"',
             "recommendations:"]
    for recommendation in recommendations:
        lines += [f'  - id: "{recommendation}"', f"    text: Recommendation {recommendation}.", "    status: open"]
    (out / "crest.yaml").write_text("\n".join(lines) + "\n")

    groups = [f"group-{i}" for i in range(5 * scale)]
    (out / "groups" / "board.yaml").write_text(
        'id: "board"\nname: Strategic Board\nabbreviation: SB\nmembership: []\n')
    members_of = {}
    for index, group in enumerate(groups):
        members = rng.sample(organisations, min(8, len(organisations)))
        members_of[group] = members
        own = lambda items, index=index: [item for n, item in enumerate(items) if n % len(groups) == index]  # noqa: E731
        lines = [f'id: "{group}"', f"name: Working Group {index}", f"abbreviation: WG{index}", 'reports_to: "board"',
                 "tor:", "  version: 1", "  issued: 2024-04-01", "  review_by: 2030-03-31", "membership:"]
        for member in members:
            lines += [f'  - organisation: "{member}"', "    roles: [Representative]", "    sent: 2024-04-01"]
        lines.append("activities:")
        lines += [f'  - id: "{a}"' for a in own(activities)] or []
        if not own(activities):
            lines[-1] = "activities: []"
        lines.append("recommendations: [" + ", ".join(f'"{r}"' for r in own(recommendations)) + "]")
        lines.append("indicators: [" + ", ".join(f'"{i}"' for i, _ in own(indicators)) + "]")
        lines += ["reporting:", f"  - The chair of working group {index} reports to the board quarterly."]
        (out / "groups" / f"{group}.yaml").write_text("\n".join(lines) + "\n")

    quarters = [Quarter(2016, 1).shifted(i) for i in range(40)] if scale > 1 else \
        [Quarter(2023, 1).shifted(i) for i in range(14)]
    values = 0
    # Each indicator keeps its own level and varies about it from quarter to quarter, as real
    # returns do: values drawn afresh each quarter would trip implausible-value hundreds of times.
    levels = {indicator: rng.uniform(20, 500) for indicator, _ in indicators}
    for quarter in quarters:
        lines = [f'quarter: "{quarter.id}"', "illustrative: true", "values:"]
        for indicator, unit in indicators:
            level = levels[indicator]
            value = {"count": round(level * rng.uniform(0.85, 1.15)),
                     "percent": round(min(99.0, level / 5.1 * rng.uniform(0.9, 1.1)), 1),
                     "score_change": round(rng.uniform(-2, 2), 2)}[unit]
            lines += [f'  - indicator: "{indicator}"', f"    value: {value}", f"    n: {rng.randint(3, 60)}"]
            values += 1
        (out / "returns" / f"{quarter.id}.yaml").write_text("\n".join(lines) + "\n")

    meetings = 0
    for index, group in enumerate(groups):
        for k in range(3):
            day = dt.date(2025, 1 + (index + 4 * k) % 12, 1 + index % 28)
            folder = out / "meetings" / group
            folder.mkdir(exist_ok=True)
            members = members_of[group]
            lines = [f'group: "{group}"', f"date: {day}", "format: online", "illustrative: true",
                     "attended: [" + ", ".join(f'"{m}"' for m in members[:6]) + "]",
                     "apologies: [" + ", ".join(f'"{m}"' for m in members[6:]) + "]",
                     "actions:", '  - id: "a1"', "    text: Report back to the board", f'    owner: "{members[0]}"',
                     f"    due: {day + dt.timedelta(days=30)}", "    status: done"]
            (folder / f"{day}.yaml").write_text("\n".join(lines) + "\n")
            meetings += 1
    return {"groups": len(groups) + 1, "organisations": len(organisations), "activities": len(activities),
            "recommendations": len(recommendations), "indicators": len(indicators), "quarters": len(quarters),
            "values": values, "meetings": meetings}


def main() -> int:
    parser = argparse.ArgumentParser(description="Write a valid vrptool data repository of a given scale.")
    parser.add_argument("--scale", type=int, default=1, help="1 is about the bundled data; 100 a national roll-up")
    parser.add_argument("-o", "--output", type=Path, required=True, help="directory to write (replaced)")
    args = parser.parse_args()
    if args.scale < 1:
        parser.error("--scale must be 1 or more")
    sizes = generate(args.scale, args.output)
    print(", ".join(f"{value:,} {name}" for name, value in sizes.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
