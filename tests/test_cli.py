"""The command line builds only the command it is asked for, and reads the same as the whole app."""

from __future__ import annotations

import re

import pytest
import typer

from vrptool import cli


def _output(application: typer.Typer, arguments: list[str], capsys) -> tuple[int, str, str]:
    try:
        application(args=arguments, prog_name="vrptool")
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _command_lines() -> list[list[str]]:
    """Every command and subcommand, as the words that name it."""
    lines = [[info.name or typer.main.get_command_name(info.callback.__name__)] for info in cli.app.registered_commands]
    for group in cli.app.registered_groups:
        lines.append([group.name])
        lines += [[group.name, info.name] for info in group.typer_instance.registered_commands]
    return lines


def test_every_command_is_listed():
    assert {" ".join(words) for words in _command_lines()} == {
        "validate", "render", "render tor", "render strategy", "report", "schema", "crest", "crest set", "returns", "returns set",
        "returns import", "returns template", "fmt", "trace", "graph", "diff", "init",
        "group", "group add", "org", "org add", "member", "member add", "member remove", "meeting", "meeting add",
        "action", "action add", "action close", "activity", "activity add", "indicator", "indicator add",
        "tor", "tor issue", "due"}


@pytest.mark.parametrize("words", _command_lines(), ids=" ".join)
def test_a_command_alone_reads_as_in_the_whole_app(words, capsys):
    narrowed = cli.app_for(words)
    assert narrowed is not cli.app
    for arguments in (words + ["--help"], words + ["--no-such-option"], ["--debug"] + words + ["--help"]):
        assert _output(narrowed, arguments, capsys) == _output(cli.app, arguments, capsys)


@pytest.mark.parametrize("arguments", [[], ["--help"], ["nope"], ["--debug"], ["--help", "--version"]])
def test_no_command_or_an_unknown_one_gets_the_whole_app(arguments):
    assert cli.app_for(arguments) is cli.app


@pytest.mark.parametrize("arguments", [["--version"], ["--debug", "--version"]])
def test_version_needs_no_command(arguments, capsys):
    narrowed = cli.app_for(arguments)
    assert narrowed is not cli.app and not narrowed.registered_commands and not narrowed.registered_groups
    assert _output(narrowed, arguments, capsys) == _output(cli.app, arguments, capsys) == (0, "vrptool 0.1.0\n", "")


def test_an_unknown_command_is_named_with_a_usage_exit(capsys):
    assert cli.main(["nope"]) == 2
    assert "No such command 'nope'" in capsys.readouterr().err


@pytest.mark.parametrize("words", _command_lines(), ids=" ".join)
def test_every_help_names_each_value_in_capitals_and_says_a_default_once(words, capsys):
    """Placeholders say what to give (QUARTER, ORG, DIR), never the type typer would show
    (<str>, <path>); a default the help text states is not repeated in typer's brackets."""
    code, out, _ = _output(cli.app, words + ["--help"], capsys)
    assert code == 0
    assert not re.search(r"<(str|path|text|integer|float)>", out), out
    assert "[env var:" not in out  # --data's help says $VRPTOOL_DATA itself
    for option in re.split(r"\n(?=  -)", out.partition("Options:")[2]):
        if "(default" in option:
            assert "[default:" not in option, option


def test_returns_import_names_every_column_it_reads(capsys):
    from vrptool.returns_sheet import COLUMNS, OPTIONAL_COLUMNS

    _, out, _ = _output(cli.app, ["returns", "import", "--help"], capsys)
    arguments = " ".join(out.partition("Arguments:")[2].partition("Options:")[0].split())
    assert all(column in arguments for column in COLUMNS + OPTIONAL_COLUMNS), arguments


@pytest.mark.parametrize("words", [w for w in _command_lines() if len(w) > 1 or w[0] not in {
    g.name for g in cli.app.registered_groups}], ids=" ".join)
def test_every_commands_help_says_its_exit_status(words, capsys):
    _, out, _ = _output(cli.app, words + ["--help"], capsys)
    assert "Exit status: 0 " in " ".join(out.split()), out
