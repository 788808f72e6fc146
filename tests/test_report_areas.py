"""The report's rates, intervals and area comparison, and disclosure control in every format.

Under the bundled PHOF profile (1–5) the fixture withholds, in 2026-27-Q2:
- 1.1.1.f: the Isle of Wight's 3 offences, and Portsmouth's 11, the smallest other area, with it
  (otherwise 78 − 51 − 13 − 11 would give the 3 away);
- 2.3.3.a: the Isle of Wight's 47.3 % of n = 4, and Southampton's 58.9 % of n = 8 (the smallest
  other n: 51 − 30 − 9 − 8 would give the 4 away);
- 5.2.1.a: the partnership's 74.3 % of n = 4.
Neither value, nor anything computed from it (its rate, its interval), may appear in any output:
the report in every format, and the returns template that shows last quarter's values. Each
withheld value is a canary: the same outputs with suppression switched off must show it, so the
search could fail."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.test_report import row

QUARTER = "2026-27-Q2"
NEXT = "2026-27-Q3"  # the returns template for it shows QUARTER's values
#: How each withheld value would show: in words (Markdown, HTML, Word), by its interval as a cell
#: shows it ("low–high%", or a rate's "low–high" per 100,000, and a rate's "u"); as data (JSON,
#: CSV, workbooks), by its number, its rate (3 of 141,000 and 11 of 210,000 people, per 100,000)
#: or its limits.
CANARIES = {
    "isle-of-wight 2.3.3.a": (["13.7–83.6%"], ["47.3", "13.652642"]),
    "southampton 2.3.3.a": (["27.8–84.2%"], ["58.9", "27.840824"]),
    "partnership 5.2.1.a": (["29.6–95.2%"], ["74.3", "29.575462"]),
    "isle-of-wight 1.1.1.f": (["2.1u", "0.4–6.2"], ["2.12766", "0.438775"]),
    # not "5.2u": Southampton's 13 of 252,000 shows so too
    "portsmouth 1.1.1.f": (["2.6–9.4"], ["5.238095", "2.611281"]),
}
WORDS = ("md", "html", "docx")
FORMATS = ("json", "md", "html", "csv", "xlsx", "docx")


def _entry(text: str, indicator: str, area: str | None, before: str, after: str) -> str:
    where = f'  - indicator: "{indicator}"\n' + (f'    area: "{area}"\n' if area else "")
    old = where + before
    assert text.count(old) == 1, old
    return text.replace(old, where + after)


@pytest.fixture
def protected(data_copy: Path) -> Path:
    assert "suppression:\n  profile: phof\n" in (data_copy / "partnership.yaml").read_text("utf-8")
    returns = data_copy / "returns" / f"{QUARTER}.yaml"
    text = returns.read_text("utf-8")
    text = _entry(text, "1.1.1.f", "portsmouth", "    value: 12\n", "    value: 11\n")
    text = _entry(text, "1.1.1.f", "southampton", "    value: 12\n", "    value: 13\n")
    text = _entry(text, "2.3.3.a", "isle-of-wight", "    value: 50.0\n    n: 4\n", "    value: 47.3\n    n: 4\n")
    text = _entry(text, "2.3.3.a", "southampton", "    value: 57.1\n    n: 8\n", "    value: 58.9\n    n: 8\n")
    text = _entry(text, "5.2.1.a", None, "    value: 75.0\n    n: 4\n", "    value: 74.3\n    n: 4\n")
    returns.write_text(text, "utf-8")
    return data_copy


def output(run, data: Path, form: str, tmp_path: Path, command: str = "report") -> str:
    """One output as text: a workbook's every cell, a Word file's every XML part."""
    target = tmp_path / f"{command}.{form}"
    args = (("report", "--quarter", QUARTER, "--today", "2026-11-21") if command == "report"
            else ("returns", "template", "--quarter", NEXT))
    result = run(*args, "--format", form, "-o", str(target), "--data", "data", cwd=data.parent)
    assert result.code == 0, result.err
    content = target.read_bytes()
    if form == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(content))
        return "\n".join(str(c) for sheet in book for r in sheet.iter_rows(values_only=True) for c in r)
    if form == "docx":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml"))
    return content.decode("utf-8-sig")


def every_output(run, data: Path, tmp_path: Path) -> dict[str, str]:
    found = {form: output(run, data, form, tmp_path) for form in FORMATS}
    for form in ("xlsx", "csv"):
        found[f"template.{form}"] = output(run, data, form, tmp_path, "template")
    return found


def _walk(node):
    """Every mapping in a JSON document."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def shows(text: str, canary: str) -> bool:
    """Whether the text has the canary as a number of its own ("47.3", not 147.3, 47.336 or the upper
    limit of another value's interval, "36.8–47.3%")."""
    return re.search(rf"(?<![\d.–]){re.escape(canary)}(?!\d)", text) is not None


def canaries(form: str, cell: str) -> list[str]:
    words, data = CANARIES[cell]
    return words if form in WORDS else data


def test_no_withheld_value_reaches_any_output(run, protected, tmp_path):
    outputs = every_output(run, protected, tmp_path)
    for form, text in outputs.items():
        for cell in CANARIES:
            for canary in canaries(form, cell):
                assert not shows(text, canary), (form, cell, canary)
    # the canaries are real: with suppression off, every withheld figure is in every output
    partnership = protected / "partnership.yaml"
    partnership.write_text(partnership.read_text("utf-8").replace(
        "  profile: phof\n", "  profile: custom\n  low: 1000000\n  high: 1000000\n"), "utf-8")
    shown_everywhere = every_output(run, protected, tmp_path / "off")
    for form, text in shown_everywhere.items():
        for cell in CANARIES:
            if form.startswith("template") and "1.1.1.f" in cell:
                # the template shows a count alone ("3"): its row is checked by the mark test below
                continue
            assert any(shows(text, canary) for canary in canaries(form, cell)), (form, cell)


def test_a_withheld_value_is_null_wherever_the_json_carries_it(run, protected, tmp_path):
    document = json.loads(output(run, protected, "json", tmp_path))
    withheld = [node for node in _walk(document) if node.get("state") == "suppressed"]
    # the two areas of each indicator, and the partnership's 5.2.1.a this quarter and in its chart;
    # 2024-25-Q3's 5.2.2.a (n = 4) is in that indicator's chart
    assert len(withheld) >= 7
    for node in withheld:
        assert all(node.get(key) is None for key in ("value", "n", "interval", "rate", "reliable")), node
    for indicator, areas in (("1.1.1.f", {"isle-of-wight", "portsmouth"}),
                             ("2.3.3.a", {"isle-of-wight", "southampton"})):
        figures = row(document, indicator)
        assert {a["area"] for a in figures["areas"] if a["state"] == "suppressed"} == areas
        assert all(a["compared"] is None for a in figures["areas"] if a["state"] == "suppressed")
    reoffending = row(document, "5.2.1.a")
    assert reoffending["current"]["state"] == "suppressed" and reoffending["change"] is None
    assert reoffending["spc"]["points"][-1]["value"] is None and reoffending["trend"][-1] is None


def test_every_withheld_cell_says_so_by_the_profile(run, protected, tmp_path):
    outputs = every_output(run, protected, tmp_path)
    for name in ("Isle of Wight", "Portsmouth"):  # 1.1.1.f's, then 2.3.3.a's
        assert f"| {name} | [c] 1–5 | – |" in outputs["md"]
    assert "| Southampton | 13 (5.2u per 100,000; 2.7–8.8) | similar |" in outputs["md"]
    assert "| Southampton | [c] 1–5 | – |" in outputs["md"]
    # the spreadsheets: each withheld cell's row has the mark and no number beside it
    rows = list(csv.reader(io.StringIO(outputs["csv"])))
    header = rows[0]
    this = header.index(f"this quarter ({QUARTER})")
    withheld = {(r[3], r[4]) for r in rows[1:] if r[this] == "[c] 1–5"}
    assert withheld == {("1.1.1.f", "Isle of Wight"), ("1.1.1.f", "Portsmouth"), ("2.3.3.a", "Isle of Wight"),
                        ("2.3.3.a", "Southampton"), ("5.2.1.a", "whole partnership")}
    for r in rows[1:]:
        if r[this] == "[c] 1–5":
            assert all(r[header.index(k)] == "" for k in ("n", "rate", "interval low", "interval high")), r
    template = list(csv.reader(io.StringIO(outputs["template.csv"])))
    previous = template[0].index(f"previous ({QUARTER})")
    assert {(r[1], r[2]) for r in template[1:] if r[previous] == "[c] 1–5"} == {
        ("1.1.1.f", "isle-of-wight"), ("1.1.1.f", "portsmouth"), ("2.3.3.a", "isle-of-wight"),
        ("2.3.3.a", "southampton"), ("5.2.1.a", "")}
    assert "1–5, PHOF rule" in outputs["html"] and "1–5, PHOF rule" in outputs["docx"]


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


NOTICE = ("The values and meeting records in this report are made up for demonstration. They are not the "
          "partnership's figures. Its rates rest on illustrative population estimates, not a cited release.")


def test_every_formats_illustrative_banner_names_the_population_estimates(run, data_copy, tmp_path):
    assert f"> **ILLUSTRATIVE DATA.** {NOTICE}\n" in output(run, data_copy, "md", tmp_path)
    assert (f'<p class="banner" role="note"><strong>ILLUSTRATIVE DATA.</strong> '
            f"{NOTICE.replace(chr(39), '&#39;')}</p>") in output(run, data_copy, "html", tmp_path)
    import docx

    target = tmp_path / "banner.docx"
    assert run("report", "--quarter", QUARTER, "--today", "2026-11-21", "--format", "docx", "-o", str(target),
               "--data", "data", cwd=data_copy.parent).code == 0
    assert f"ILLUSTRATIVE DATA. {NOTICE}" in [p.text for p in docx.Document(str(target)).paragraphs]


def test_the_illustrative_notice_names_only_what_is_illustrative():
    from vrptool.report.context import illustrative_notice

    assert illustrative_notice(False, False, False) is None
    assert illustrative_notice(True, False, False) == ("The values in this report are made up for demonstration. "
                                                       "They are not the partnership's figures.")
    assert illustrative_notice(False, False, True) == ("The rates in this report rest on illustrative population "
                                                       "estimates, not a cited release.")
    assert illustrative_notice(True, True, True) == NOTICE


def test_the_u_after_a_rate_is_explained_in_markdown_as_in_html(run, data_copy, tmp_path):
    sentence = "A rate marked u rests on fewer events than a reliable rate needs."
    markdown = output(run, data_copy, "md", tmp_path)
    assert ("## Areas compared\n\nEach area's value with its 95% confidence interval, and whether the interval lies "
            "wholly above or below the partnership's value (\"similar\": it includes it). " + sentence + "\n") in markdown
    assert "| Southampton | 12 (4.8u per 100,000; 2.5–8.3) |" in markdown  # a rate so marked is in it
    html = output(run, data_copy, "html", tmp_path)
    assert f"lies wholly to one side. {sentence}</p>" in html


def test_page_ones_counts_agree_with_their_verbs(run, data_copy, tmp_path):
    from vrptool.report.context import everything_else

    html = output(run, data_copy, "html", tmp_path)
    assert ("<p><strong>Everything else:</strong> 23 indicators show no significant change (common cause "
            "variation); 1 has too few neighbouring quarters for a chart. Reported this quarter:") in html
    assert "; 1 has too few neighbouring quarters for a chart." in output(run, data_copy, "docx", tmp_path)
    assert everything_else(1, 2) == ("1 indicator shows no significant change (common cause variation); "
                                     "2 have too few neighbouring quarters for a chart.")
