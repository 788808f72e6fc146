"""The report's JSON text: the same values json.dumps would write, with one chart point, one
interval, one trend per line, and the containers that hold them indented."""

from __future__ import annotations

import json

from tests.conftest import BUNDLED
from vrptool.report.json_text import dumps


def test_nested_containers_are_indented_and_containers_of_values_are_one_line():
    document = {"quarter": "2024-25-Q1", "rows": [
        {"id": "1.1.1.a", "trend": [1, None, 2.5], "spc": {"points": [{"value": 1, "rules": ["shift"]}]}}],
        "empty": {}, "none": []}
    assert dumps(document) == (
        '{\n'
        '  "quarter": "2024-25-Q1",\n'
        '  "rows": [\n'
        '    {\n'
        '      "id": "1.1.1.a",\n'
        '      "trend": [1, null, 2.5],\n'
        '      "spc": {\n'
        '        "points": [\n'
        '          {"value": 1, "rules": ["shift"]}\n'
        '        ]\n'
        '      }\n'
        '    }\n'
        '  ],\n'
        '  "empty": {},\n'
        '  "none": []\n'
        '}\n')


def test_keys_and_text_are_written_as_json_writes_them():
    odd = {None: 1, True: [1, {"a": [1]}], 1.5: {"x": {"y": {}}}, 2: [], "Q1 – “quoted”\n": "1–5 ✓"}
    text = dumps(odd)
    assert json.loads(text) == json.loads(json.dumps(odd))
    assert '"1.5": {' in text and '"null": 1' in text and '"1–5 ✓"' in text  # not \\u-escaped


def test_the_bundled_report_reads_back_as_written_with_a_chart_point_a_line(run):
    result = run("report", "--quarter", "latest", "--format", "json", "--today", "2026-11-21", "--data", BUNDLED)
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert dumps(document) == result.out
    points = [p for area in document["areas"] for outcome in area["outcomes"] for measure in outcome["measures"]
              for row in measure["indicators"] for p in row["spc"]["points"]]
    lines = [line.strip().rstrip(",") for line in result.out.splitlines()]
    assert len(points) > 300
    assert sum(line.startswith('{"quarter": "') for line in lines) == len(points)
    assert [json.loads(line) for line in lines if line.startswith('{"quarter": "')] == points
