"""Every choice the command line offers comes from its one registry: each command's --format from
vrptool.output_format, validate's from the reporter registry, the data's fixed words from
vrptool.statuses; and each command writes every format its registry lists."""

from __future__ import annotations

import pytest

from vrptool import formatters, output_format
from vrptool.statuses import BETTER, CREST_STATUSES, DUTIES, MEETING_FORMATS, MEMBER_STATUSES, UNITS, alternatives

from .conftest import BUNDLED

FORMAT_OPTIONS = [
    (("render", "tor", "--all"), output_format.DOCUMENT.names),
    (("render", "strategy"), output_format.DOCUMENT.names),
    (("report", "-q", "latest"), output_format.REPORT.names),
    (("returns", "template", "-q", "2024-25-Q1", "-o", "t.xlsx"), output_format.RETURNS_TEMPLATE.names),
    (("trace", "dawg"), output_format.TRACE.names),
    (("graph",), output_format.GRAPH.names),
    (("diff",), output_format.DIFF.names),
    (("due",), output_format.DUE.names),
    (("validate",), tuple(formatters.REPORTERS)),
]


@pytest.mark.parametrize(("args", "names"), FORMAT_OPTIONS, ids=lambda value: " ".join(value[:2]))
def test_a_format_outside_the_registry_is_refused_naming_the_registrys(run, args, names):
    result = run(*args, "--format", "pdf", "--data", BUNDLED)
    assert result.code == 2
    assert f"'pdf' is not a format; use {', '.join(names)}" in result.err


def test_the_format_help_is_the_registrys():
    assert output_format.DOCUMENT.help() == "md (default), html or docx."
    assert output_format.REPORT.help() == ("md, html, json, docx (Word), xlsx (every table a sheet) or csv "
                                           "(the indicators table) (default: from the -o file's extension, else md).")
    assert output_format.GRAPH.default == "mermaid"


@pytest.mark.parametrize(("args", "formats"), [(("trace", "dawg"), output_format.TRACE),
                                               (("graph",), output_format.GRAPH),
                                               (("due", "--today", "2026-11-21"), output_format.DUE)])
def test_each_registered_format_is_written(run, args, formats):
    outputs = {}
    for name in formats.names:
        result = run(*args, "--format", name, "--data", BUNDLED)
        assert result.code == 0, result.err
        outputs[name] = result.out
    assert len(set(outputs.values())) == len(formats.names)  # each format its own output, none empty
    assert all(outputs.values())


def test_a_status_outside_the_tracker_is_refused(run):
    result = run("crest", "set", "6.2", "--status", "done", "--data", BUNDLED)
    assert result.code == 2
    assert f"'done' is not a status; use {', '.join(CREST_STATUSES)}" in result.err


@pytest.mark.parametrize(("args", "option", "words"), [
    (("org", "add"), "--duty", DUTIES), (("member", "add"), "--status", MEMBER_STATUSES),
    (("meeting", "add"), "--format", MEETING_FORMATS), (("indicator", "add"), "--unit", UNITS),
    (("indicator", "add"), "--better", BETTER)])
def test_the_datas_fixed_words_are_offered_as_the_models_check_them(run, args, option, words):
    result = run(*args, "--help")
    assert result.code == 0
    help_text = " ".join(result.out.split())
    assert alternatives(words) in help_text


def test_the_models_accept_exactly_the_fixed_words():
    from vrptool.models.meeting import Meeting
    from vrptool.models.obpf import Indicator
    from vrptool.models.partnership import Organisation

    assert Meeting.model_json_schema()["properties"]["format"]["enum"] == list(MEETING_FORMATS)
    indicator = Indicator.model_json_schema()["properties"]
    assert indicator["unit"]["enum"] == list(UNITS)
    assert indicator["better"]["enum"] == list(BETTER)
    assert Organisation.model_json_schema()["properties"]["duty"]["enum"] == list(DUTIES)


def test_alternatives_reads_as_a_sentence():
    assert alternatives(("a",)) == "a"
    assert alternatives(("a", "b")) == "a or b"
    assert alternatives(("a", "b", "c")) == "a, b or c"
