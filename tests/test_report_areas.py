"""The report's rates, intervals and area comparison, and disclosure control in every format.

With `suppression: {profile: phof}` the Isle of Wight's count of 3 is withheld (1–5), and
Portsmouth's 11, the smallest other area, with it: otherwise 78 − 51 − 13 − 11 would give the 3
away. Neither value, nor anything computed from it (its rate), may appear in any format."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.test_report import row

QUARTER = "2026-27-Q2"
# What the two withheld values would show as: their rates per 100,000 (3 of 141,000; 11 of 210,000).
WITHHELD = ["2.1u per 100,000", "2.12766", "5.238095", "0.438775"]


@pytest.fixture
def protected(data_copy: Path) -> Path:
    assert "suppression:\n  profile: phof\n" in (data_copy / "partnership.yaml").read_text("utf-8")
    returns = data_copy / "returns" / f"{QUARTER}.yaml"
    text = returns.read_text("utf-8")
    for area, before, after in (("portsmouth", 12, 11), ("southampton", 12, 13)):
        old = f'  - indicator: "1.1.1.f"\n    area: "{area}"\n    value: {before}\n'
        assert old in text
        text = text.replace(old, f'  - indicator: "1.1.1.f"\n    area: "{area}"\n    value: {after}\n')
    returns.write_text(text, "utf-8")
    return data_copy


def output(run, data: Path, form: str, tmp_path: Path) -> str:
    target = tmp_path / f"report.{form}"
    result = run("report", "--quarter", QUARTER, "--format", form, "-o", str(target), "--data", "data",
                 "--today", "2026-11-21", cwd=data.parent)
    assert result.code == 0, result.err
    content = target.read_bytes()
    if form == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(content))
        return "\n".join(str(c) for sheet in book for r in sheet.iter_rows(values_only=True) for c in r)
    if form == "docx":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml"))
    return content.decode("utf-8")


def test_a_suppressed_area_and_the_one_withheld_to_protect_it_reach_no_output(run, protected, tmp_path):
    outputs = {form: output(run, protected, form, tmp_path) for form in ("json", "md", "html", "csv", "xlsx", "docx")}
    document = json.loads(outputs["json"])
    offences = row(document, "1.1.1.f")
    states = {a["area"]: a["state"] for a in offences["areas"]}
    assert states == {"hampshire": "value", "isle-of-wight": "suppressed", "portsmouth": "suppressed",
                      "southampton": "value"}
    for area in offences["areas"]:
        if area["state"] == "suppressed":
            assert (area["value"], area["n"], area["interval"], area["rate"]) == (None, None, None, None)
    for form, text in outputs.items():
        for shown in WITHHELD:
            assert shown not in text, (form, shown)
    assert "| Isle of Wight | [c] 1–5 | – |" in outputs["md"] and "| Portsmouth | [c] 1–5 | – |" in outputs["md"]
    assert "| Southampton | 13 (5.2u per 100,000; 2.7–8.8) | similar |" in outputs["md"]


def test_rates_intervals_and_reliability_in_json(run, data_copy, tmp_path):
    document = json.loads(output(run, data_copy, "json", tmp_path))
    offences = row(document, "1.1.1.f")
    current = offences["current"]
    # 78 offences in 2,023,000 people (the four areas' illustrative estimates): 3.86 per 100,000;
    # Byar's 95 % limits of 78 events scaled by 100,000 / 2,023,000.
    assert (current["value"], current["per"], current["reliable"]) == (78.0, 100000, True)
    assert current["rate"] == pytest.approx(78 / 2_023_000 * 100_000, abs=1e-6)
    assert current["interval"]["level"] == 0.95
    assert current["interval"]["low"] < current["rate"] < current["interval"]["high"]
    # Southampton's 12 events: a rate, but an unreliable one (fewer than 20 events); Hampshire's 51, reliable.
    areas = {a["area"]: a for a in offences["areas"]}
    assert (areas["southampton"]["value"], areas["southampton"]["reliable"]) == (12.0, False)
    assert (areas["hampshire"]["value"], areas["hampshire"]["reliable"], areas["hampshire"]["compared"]) == (
        51.0, True, "similar")
    assert document["population_illustrative"] is True and document["illustrative"] is True
    html = output(run, data_copy, "html", tmp_path)
    assert '<h2 id="areas-compared">Areas compared</h2>' in html and '<svg class="areas"' in html
