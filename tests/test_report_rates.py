"""Rates charted as rates, every value's interval as an error bar, and the area caterpillar chart.

The bundled 1.1.1.f is a count of offences per 100,000 people; its populations (illustrative) are
the four areas' 2025 estimates, 2,023,000 in all, so each quarter's rate is its count over
20.23. The expected figures below are worked from the returns files and population.yaml."""

from __future__ import annotations

import json
import re
import struct
import zlib
from pathlib import Path

from ruamel.yaml import YAML

from tests.conftest import BUNDLED
from tests.test_report import row

QUARTER = "2026-27-Q2"
POPULATION = 1_420_000 + 141_000 + 210_000 + 252_000


def _report(run, data: Path, form: str) -> str:
    result = run("report", "--quarter", QUARTER, "--format", form, "--data", "data", "--today", "2026-11-21",
                 cwd=data.parent)
    assert result.code == 0, result.err
    return result.out


def _counts(indicator: str) -> dict[str, int]:
    """The whole partnership's count of an indicator in each quarter, read straight from the returns."""
    found = {}
    for path in sorted((BUNDLED / "returns").glob("*.yaml")):
        for entry in YAML(typ="safe").load(path.read_text("utf-8"))["values"]:
            if entry["indicator"] == indicator and "area" not in entry and "value" in entry:
                found[path.stem] = entry["value"]
    return found


def _svg(html: str, start: str) -> str:
    """The inline SVG whose accessible name starts with ``start``."""
    at = html.index(f'aria-label="{start}')
    return html[html.rindex("<svg", 0, at):html.index("</svg>", at)]


def test_a_rate_is_charted_as_its_rate_never_its_count(run):
    document = json.loads(_report(run, BUNDLED, "json"))
    offences = row(document, "1.1.1.f")
    assert (offences["chart_unit"], offences["per"]) == ("rate", 100000)
    counts = _counts("1.1.1.f")
    points = offences["spc"]["points"]
    assert [p["quarter"] for p in points] == list(counts)
    for point in points:
        assert abs(point["value"] - counts[point["quarter"]] / POPULATION * 100_000) < 1e-6, point
    # the mean and limits are of the rates: the 14 quarters' mean of 82 offences is 4.05 per 100,000
    assert abs(offences["spc"]["mean"] - sum(counts.values()) / len(counts) / POPULATION * 100_000) < 1e-6
    # a quarter exactly on the mean (82 offences in 2023-24 Q2) breaks the run, as with the counts
    assert [p["type"] for p in points][:8] == ["common_cause"] * 7 + ["special_cause_improvement"]
    # the trend and the main points are in the chart's terms too
    assert abs(offences["trend"][-1] - 78 / POPULATION * 100_000) < 1e-6
    improved = next(p for p in document["main_points"]["improvement"] if p["id"] == "1.1.1.f")
    assert (improved["unit"], improved["per"], round(improved["value"], 4)) == ("rate", 100000, 3.8557)
    html = _report(run, BUNDLED, "html")
    assert ("<strong>3.9 per 100,000</strong> in Q2 2026/27, 7 quarters in a row below the average of 4.1; "
            "previous quarter 4.0 per 100,000 (-0.1 (intervals overlap))") in html
    chart = _svg(html, "Control chart of 1.1.1.f")
    assert ">rate per 100,000</text>" in chart and "values are rates per 100,000 people" in chart
    markdown = _report(run, BUNDLED, "md")
    assert "**3.9 per 100,000** in Q2 2026/27" in markdown


def test_every_charted_value_has_its_interval_as_an_error_bar(run):
    document = json.loads(_report(run, BUNDLED, "json"))
    html = _report(run, BUNDLED, "html")
    for indicator in ("1.1.1.e", "1.1.1.f", "2.2.2.a"):  # a count, a rate, a percentage of n
        figures = row(document, indicator)
        points = [p for p in figures["spc"]["points"] if p["value"] is not None]
        assert all(p["interval"]["low"] < p["value"] < p["interval"]["high"] for p in points), indicator
        # the latest point's interval is the one the table shows for this quarter
        latest = points[-1]["interval"]
        assert (latest["low"], latest["high"]) == (figures["current"]["interval"]["low"],
                                                   figures["current"]["interval"]["high"])
        chart = _svg(html, f"Control chart of {indicator}")
        bars = re.findall(r'<path class="interval" d="M([\d.]+),([\d.]+) V([\d.]+)', chart)
        assert len(bars) == len(points), indicator
        assert all(float(top) < float(bottom) for _, top, bottom in bars)  # high above low
    # 1.1.1.f's latest error bar says what it spans: Byar's 95 % limits of 78 events, per 100,000
    assert "<title>Q2 2026/27: 3.0 to 4.8</title>" in _svg(html, "Control chart of 1.1.1.f")
    assert "<title>Q2 2026/27: 40.8% to 75.5%</title>" in _svg(html, "Control chart of 2.2.2.a")
    # a score has no interval: no error bars
    score = row(document, "5.1.2.a")
    assert all(p["interval"] is None for p in score["spc"]["points"])
    assert 'class="interval"' not in _svg(html, "Control chart of 5.1.2.a")


def _pixels(png: bytes) -> bytes:
    """The RGB rows of one of the report's own PNGs (8-bit RGB, no filter), without filter bytes."""
    width, height = struct.unpack(">II", png[16:24])
    data = zlib.decompress(png[png.index(b"IDAT") + 4:png.index(b"IEND") - 8])
    return b"".join(data[y * (width * 3 + 1) + 1:(y + 1) * (width * 3 + 1)] for y in range(height))


def test_the_word_reports_chart_draws_the_error_bars_too(run):
    from vrptool.report.chart_png import INTERVAL, spc_chart

    figures = row(json.loads(_report(run, BUNDLED, "json")), "1.1.1.f")
    pixels = _pixels(spc_chart(figures))
    assert bytes(INTERVAL) in pixels
    for point in figures["spc"]["points"]:
        point["interval"] = None
    assert bytes(INTERVAL) not in _pixels(spc_chart(figures))


def test_the_area_chart_shows_each_area_against_the_partnership(run, data_copy):
    # Hampshire's 20 offences (1.4 per 100,000) lie wholly below the partnership's 3.9, Southampton's
    # 43 (17.1) wholly above; lower is better. The Isle of Wight's 3 stays withheld, with Portsmouth's.
    returns = data_copy / "returns" / f"{QUARTER}.yaml"
    text = returns.read_text("utf-8")
    for area, before, after in (("hampshire", 51, 20), ("southampton", 12, 43)):
        old = f'  - indicator: "1.1.1.f"\n    area: "{area}"\n    value: {before}\n'
        assert old in text
        text = text.replace(old, f'  - indicator: "1.1.1.f"\n    area: "{area}"\n    value: {after}\n')
    returns.write_text(text, "utf-8")
    html = _report(run, data_copy, "html")
    chart = _svg(html, "Areas compared for indicator 1.1.1.f")
    label = re.search(r'aria-label="([^"]*)"', chart).group(1)
    assert label == (
        "Areas compared for indicator 1.1.1.f: each area&#39;s value with its 95% confidence interval, against "
        "the partnership&#39;s value; Partnership 3.9 (3.0–4.8); Hampshire 1.4 (0.9–2.2), better than the "
        "partnership; Isle of Wight [c] 1–5: withheld; Portsmouth [c] 1–5: withheld; Southampton 17.1 "
        "(12.3–23.0), worse than the partnership")
    rows = re.findall(r'<text x="126" y="[\d.]+" text-anchor="end"( font-weight="bold")?>([^<]+)</text>', chart)
    assert rows == [(' font-weight="bold"', "Partnership"), ("", "Hampshire"), ("", "Isle of Wight"),
                    ("", "Portsmouth"), ("", "Southampton")]
    assert chart.count('<rect x=') == 1 + 1  # Hampshire's square, and the legend's
    assert chart.count('fill="#c75000"/>') == 1 + 1  # Southampton's triangle, and the legend's
    assert ">rate per 100,000</text>" in chart and ">0.0</text>" in chart and ">30.0</text>" in chart
    assert chart.count(">[c] 1–5: withheld</text>") == 2 and "3.6" not in chart
    assert "<td>lower (better)</td>" in html and "<td>higher (worse)</td>" in html
    markdown = _report(run, data_copy, "md")
    assert "| Hampshire | 20 (1.4 per 100,000; 0.9–2.2) | lower (better) |" in markdown
