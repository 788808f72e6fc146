"""The command line: a thin layer that parses options and calls one command function each.

Command modules are imported inside the commands, so `vrptool --help` and `--version` stay fast.
"""

# No `from __future__ import annotations` here: typer would evaluate every option's annotation
# from a string on each run, which costs more than building the options themselves.

import datetime as dt
import os
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Annotated, NoReturn, Optional, overload

# Plain help and errors: Typer's rich formatting would double the start-up time of every run,
# and vrptool runs on every commit. Set TYPER_USE_RICH=1 to have it back.
os.environ.setdefault("TYPER_USE_RICH", "0")

import typer

from vrptool import __version__, completion, formatters, launch
from vrptool import output_format as outputs
from vrptool.exitcodes import EXIT_OK, EXIT_USAGE
from vrptool.statuses import (
    BETTER,
    CREST_STATUSES,
    DUTIES,
    MEETING_FORMATS,
    MEMBER_STATUSES,
    UNITS,
    alternatives,
)

app = typer.Typer(
    name="vrptool",
    help="Keep a Violence Reduction Partnership's governance data as validated YAML.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _subcommands(name: str, help_text: str) -> typer.Typer:
    """A command with subcommands (`vrptool NAME ...`), listing them when given none."""
    group = typer.Typer(help=help_text, no_args_is_help=True)
    app.add_typer(group, name=name)
    return group


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vrptool {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Print the version and exit.")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on internal errors.")] = False,
) -> None:
    """Keep a Violence Reduction Partnership's governance data as validated YAML."""
    ctx.obj = {"debug": debug}


DataOption = Annotated[
    Path,
    typer.Option("--data", metavar="DIR", envvar="VRPTOOL_DATA", show_envvar=False, show_default=False,
                 help="The data directory (default: $VRPTOOL_DATA, else ./data, else data/ of the "
                      "nearest parent folder that holds partnership.yaml or .git)."),
]


def _data_dir(path: Path) -> Path:
    try:
        return launch.data_dir(path)
    except launch.Refused as refused:
        _fail(str(refused))


@overload
def _parse_date(text: str, option: str) -> dt.date: ...
@overload
def _parse_date(text: None, option: str) -> None: ...
@overload
def _parse_date(text: str | None, option: str) -> dt.date | None: ...
def _parse_date(text: str | None, option: str) -> dt.date | None:
    """A date given as YYYY-MM-DD (None when the option was not given)."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a date; write YYYY-MM-DD", param_hint=option) from None


def _one_of(choices: Sequence[str], noun: str) -> Callable[[Optional[str]], Optional[str]]:
    """An option's check that its value is one of `choices` (those of a registry); None: not given."""
    def check(value: Optional[str]) -> Optional[str]:
        if value is not None and value not in choices:
            raise typer.BadParameter(f"'{value}' is not a {noun}; use {', '.join(choices)}")
        return value
    return check


def _format_option(formats: outputs.Formats) -> typer.models.OptionInfo:
    """--format of a command that writes one of `formats`: its choices, help and completion from the registry."""
    return typer.Option("--format", "-f", metavar="FORMAT", callback=_one_of(formats.names, "format"),
                        autocompletion=lambda: list(formats.names), help=formats.help(),
                        show_default=False)  # formats.help() says the default


def _format_for(output: Path | None, given: str | None, formats: outputs.Formats) -> str:
    """--format, else the format the -o file's extension names, else the default; one line and
    exit 2 when they disagree."""
    try:
        return outputs.chosen(output, given, formats.names, formats.default)
    except outputs.FormatRefused as refused:
        _fail(str(refused))


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    raise typer.Exit(launch.fail(message, code))


def _run(ctx: typer.Context, command: Callable[[], int]) -> NoReturn:
    """Run a command function, its arguments bound with `partial` (which mypy checks against the
    function's signature); an unexpected exception becomes exit 2 with one clear line."""
    raise typer.Exit(launch.guarded(command, bool(ctx.obj and ctx.obj.get("debug"))))


@app.command()
def validate(
    ctx: typer.Context,
    data: DataOption = Path("data"),
    output_format: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
        callback=_one_of(tuple(formatters.REPORTERS), "format"), autocompletion=lambda: list(formatters.REPORTERS),
        help=formatters.choices_help(), show_default=False)] = formatters.DEFAULT,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    today: Annotated[Optional[str], typer.Option("--today", metavar="YYYY-MM-DD",
        help="The date to judge review dates against (default: today).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Check afresh; do not read or write the cache.")] = False,
) -> None:
    """Check every data file and every reference between files.

    Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 usage or internal error.
    """
    _parse_date(today, "--today")  # a date typer's way refuses, in typer's words
    raise typer.Exit(launch.validate(data=data, output_format=output_format, strict=strict, today=today,
                                     no_cache=no_cache, debug=bool(ctx.obj and ctx.obj.get("debug"))))


render_app = _subcommands("render", "Render documents from the data.")


def _directory(path: Optional[Path]) -> Optional[Path]:
    if path is not None and not path.is_dir():
        raise typer.BadParameter(f"{path} is not a directory")
    return path


TemplatesOption = Annotated[Optional[Path], typer.Option("--templates", metavar="DIR", callback=_directory,
    help="Directory of templates that override the bundled ones.")]


@render_app.command("tor")
def render_tor(
    ctx: typer.Context,
    groups: Annotated[Optional[list[str]], typer.Argument(help="Group ids, e.g. dawg.", show_default=False,
                                                          autocompletion=completion.group_ids)] = None,
    all_groups: Annotated[bool, typer.Option("--all", help="Every group that has a ToR.")] = False,
    data: DataOption = Path("data"),
    output_format: Annotated[str, _format_option(outputs.DOCUMENT)] = outputs.DOCUMENT.default,
    output: Annotated[Path, typer.Option("-o", "--output", metavar="DIR",
                                         help="Directory to write <group>.<format> into.")] = Path("tors"),
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 naming the files that are not current.")] = False,
    templates: TemplatesOption = None,
) -> None:
    """Render Terms of Reference from the data.

    Exit status: 0 written (or current with --check), 1 data errors or stale files, 2 usage error.
    """
    from vrptool.commands.render_tor import render_tor as run_render

    if bool(groups) == all_groups:
        raise typer.BadParameter("name one or more groups, or pass --all" + (" (not both)" if all_groups else ""),
                                 param_hint="GROUPS")
    _run(ctx, partial(run_render, _data_dir(data), groups or [], all_groups=all_groups,
         output_format=output_format, out_dir=output, check=check, templates=templates))


@render_app.command("strategy")
def render_strategy(
    ctx: typer.Context,
    data: DataOption = Path("data"),
    output_format: Annotated[str, _format_option(outputs.DOCUMENT)] = outputs.DOCUMENT.default,
    output: Annotated[Path, typer.Option("-o", "--output", metavar="DIR",
                                         help="Directory to write strategy.<format> into.")] = Path("strategy"),
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 if the file is not current.")] = False,
    templates: TemplatesOption = None,
) -> None:
    """Render the partnership's Response Strategy from the data.

    A draft's unwritten sections show as placeholders, with DRAFT on every page; a published
    strategy with such a section is refused, naming each.

    Exit status: 0 written (or current with --check), 1 data errors or a stale file, 2 usage error.
    """
    from vrptool.commands.render_strategy import render_strategy as run_render

    _run(ctx, partial(run_render, _data_dir(data), output_format=output_format, out_dir=output, check=check,
         templates=templates))


@app.command()
def report(
    ctx: typer.Context,
    quarter: Annotated[str, typer.Option("--quarter", "-q", metavar="QUARTER", autocompletion=completion.quarter_ids,
        help="2024-25-Q1, '2024/25 Q1', 'FY2024/25 Q1' or latest (the latest complete quarter).")],
    data: DataOption = Path("data"),
    output_format: Annotated[Optional[str], _format_option(outputs.REPORT)] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", metavar="FILE",
        help="File to write (default: standard output); its extension picks the format.")] = None,
    today: Annotated[Optional[str], typer.Option("--today", metavar="YYYY-MM-DD",
        help="The date the report is made on (default: today).")] = None,
) -> None:
    """The quarterly performance report for the strategic board.

    Exit status: 0 written, 1 data errors or no returns for the quarter, 2 usage error.
    """
    from vrptool.commands.report import report as run_report

    day = _parse_date(today, "--today")
    chosen = _format_for(output, output_format, outputs.REPORT)
    _run(ctx, partial(run_report, _data_dir(data), quarter, output_format=chosen, output=output, today=day))


@app.command()
def schema(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", metavar="DIR",
                                         help="Directory to write <kind>.schema.json into.")] = Path("schemas"),
) -> None:
    """Write a JSON Schema (draft-07) for each kind of data file, for editors.

    Exit status: 0 written, 2 the directory cannot be written.
    """
    from vrptool.commands.schema import schema as run_schema

    _run(ctx, partial(run_schema, output))


crest_app = _subcommands("crest", "Move Crest recommendations along the tracker.")
returns_app = _subcommands("returns", "Enter a quarter's indicator values.")


@crest_app.command("set")
def crest_set(
    ctx: typer.Context,
    recommendation: Annotated[str, typer.Argument(help="Recommendation id, e.g. 6.2.", show_default=False)],
    status: Annotated[str, typer.Option("--status", metavar="STATUS", callback=_one_of(CREST_STATUSES, "status"),
        autocompletion=lambda: list(CREST_STATUSES), help=f"{', '.join(CREST_STATUSES)}.")],
    on: Annotated[Optional[str], typer.Option("--on", metavar="YYYY-MM-DD", help="Date achieved.")] = None,
    evidence: Annotated[Optional[str], typer.Option("--evidence", metavar="TEXT", help="Evidence of achievement.")] = None,
    update_tors: Annotated[bool, typer.Option("--update-tors",
        help="Remove it from the ToRs that list it and raise their versions.")] = False,
    data: DataOption = Path("data"),
) -> None:
    """Set a recommendation's status in crest.yaml, keeping the file as written.

    Exit status: 0 changed, 1 refused (unknown id, or the data would be invalid), 2 usage error.
    """
    from vrptool.commands.crest_set import crest_set as run_crest_set

    day = _parse_date(on, "--on")
    _run(ctx, partial(run_crest_set, _data_dir(data), recommendation, status=status, on=day, evidence=evidence,
         update_tors=update_tors))


ReceivedOption = Annotated[Optional[str], typer.Option("--received", metavar="YYYY-MM-DD",
    help="Date the source sent it (what `vrptool due` judges timeliness by).")]
AllowOption = Annotated[bool, typer.Option("--allow",
    help="Take a percent value between 0 and 1 although earlier quarters are above 1 (it is not a fraction).")]


@returns_app.command("set")
def returns_set(
    ctx: typer.Context,
    quarter: Annotated[str, typer.Option("--quarter", "-q", metavar="QUARTER", help="The quarter, e.g. 2024-25-Q1.",
                                         autocompletion=completion.quarter_ids)],
    indicator: Annotated[str, typer.Option("--indicator", "-i", metavar="INDICATOR", help="Indicator id, e.g. 5.1.2.a.",
                                           autocompletion=completion.indicator_ids)],
    value: Annotated[Optional[str], typer.Option("--value", metavar="VALUE", help="The value.")] = None,
    n: Annotated[Optional[int], typer.Option("--n", metavar="N", help="How many people or cases it rests on.", min=0)] = None,
    missing: Annotated[Optional[str], typer.Option("--missing", metavar="REASON", help="Why there is no value.")] = None,
    allow: AllowOption = False,
    received: ReceivedOption = None,
    area: Annotated[Optional[str], typer.Option(
        "--area", metavar="AREA", help="One of partnership.yaml's areas: the value is that area's, not the total.")] = None,
    data: DataOption = Path("data"),
) -> None:
    """Set one indicator's value (or its missing reason) for a quarter.

    For a rate (an indicator with 'per'), give the count: the report derives the rate.

    Creates returns/<quarter>.yaml when needed. Exit status: 0 changed, 1 refused, 2 usage error.
    """
    from vrptool.commands.returns_set import returns_set as run_returns_set

    _run(ctx, partial(run_returns_set, _data_dir(data), quarter, indicator, value=value, n=n, missing=missing, allow=allow,
         received=_parse_date(received, "--received"), area=area))


@returns_app.command("template")
def returns_template(
    ctx: typer.Context,
    quarter: Annotated[str, typer.Option("--quarter", "-q", metavar="QUARTER", help="The quarter to fill in, e.g. 2024-25-Q1.",
                                         autocompletion=completion.quarter_ids)],
    output: Annotated[Path, typer.Option("-o", "--output", metavar="FILE", help="The file to write: FILE.xlsx or FILE.csv.")],
    source: Annotated[Optional[str], typer.Option("--source", metavar="ORG",
        help="Only the indicators this organisation supplies (its id in partnership.yaml, e.g. police).",
        autocompletion=completion.source_ids)] = None,
    output_format: Annotated[Optional[str], _format_option(outputs.RETURNS_TEMPLATE)] = None,
    data: DataOption = Path("data"),
) -> None:
    """Write the spreadsheet a data provider fills in for a quarter, for `returns import` to read back.

    One sheet per data source (or one, with --source), a row for each indicator it owes: id,
    wording, unit, whether n is needed and last quarter's value; Excel checks each value by its
    unit. Exit status: 0 written, 1 data errors, 2 usage error.
    """
    from vrptool.commands.returns_template import returns_template as run_template

    chosen = _format_for(output, output_format, outputs.RETURNS_TEMPLATE)
    _run(ctx, partial(run_template, _data_dir(data), quarter, source=source, output=output, output_format=chosen))


@returns_app.command("import")
def returns_import(
    ctx: typer.Context,
    spreadsheet: Annotated[Path, typer.Argument(
        metavar="SPREADSHEET", help="A .csv or .xlsx with columns indicator, value, n, note (and, if given, quarter and area).",
        show_default=False)],
    quarter: Annotated[str, typer.Option("--quarter", "-q", metavar="QUARTER", help="The quarter, e.g. 2024-25-Q1.",
                                         autocompletion=completion.quarter_ids)],
    allow: AllowOption = False,
    received: ReceivedOption = None,
    data: DataOption = Path("data"),
) -> None:
    """Load a provider's quarterly spreadsheet: every row, or nothing if any row is wrong.

    A row with no value takes its note as the reason the value is missing. Values are read as
    written: 1,234,567 with thousands separators, 73.3% for a percentage, and a decimal comma
    only in a semicolon-separated CSV (as Excel saves one where the comma is the decimal mark).
    Prints each value with its change from last quarter.
    Exit status: 0 changed, 1 refused (each bad row is named), 2 usage error or unreadable file.
    """
    from vrptool.commands.returns_import import returns_import as run_returns_import

    _run(ctx, partial(run_returns_import, _data_dir(data), spreadsheet, quarter, allow=allow,
         received=_parse_date(received, "--received")))


@app.command()
def fmt(
    ctx: typer.Context,
    data: DataOption = Path("data"),
    check: Annotated[bool, typer.Option("--check", help="Change nothing; exit 1 naming the files that would change.")] = False,
) -> None:
    """Lay out every data file the one canonical way, keeping comments and quoting.

    Exit status: 0 formatted (or already so with --check), 1 files to format or unreadable.
    """
    from vrptool.commands.fmt import fmt as run_fmt

    _run(ctx, partial(run_fmt, _data_dir(data), check=check))


@app.command()
def trace(
    ctx: typer.Context,
    id_: Annotated[str, typer.Argument(metavar="ID", help="Any id: 2.c, 6.2, 5.1.2.a, hfrs, dawg, SO2.",
                                       show_default=False, autocompletion=completion.any_ids)],
    data: DataOption = Path("data"),
    output_format: Annotated[str, _format_option(outputs.TRACE)] = outputs.TRACE.default,
) -> None:
    """What refers to an id and what it refers to.

    Exit status: 0 found, 1 no such id.
    """
    from vrptool.commands.trace import trace as run_trace

    _run(ctx, partial(run_trace, _data_dir(data), id_, output_format=output_format))


@app.command()
def graph(
    ctx: typer.Context,
    data: DataOption = Path("data"),
    output_format: Annotated[str, _format_option(outputs.GRAPH)] = outputs.GRAPH.default,
) -> None:
    """The Theory of Change → groups → indicators picture, as Mermaid or Graphviz text.

    Draws what the data holds, errors and all (validate reports them). Exit status: 0 drawn, 2 usage error.
    """
    from vrptool.commands.graph import graph as run_graph

    _run(ctx, partial(run_graph, _data_dir(data), output_format=output_format))


@app.command()
def diff(
    ctx: typer.Context,
    base: Annotated[Optional[str], typer.Argument(help="Revision to compare with (default: the merge base with main).",
                                                  show_default=False)] = None,
    head: Annotated[Optional[str], typer.Argument(help="Revision to compare (default: the working tree).",
                                                  show_default=False)] = None,
    data: DataOption = Path("data"),
    output_format: Annotated[str, _format_option(outputs.DIFF)] = outputs.DIFF.default,
) -> None:
    """What a change does to the partnership: members, activities, recommendations, indicators,
    ToR versions and values, in plain words.

    Exit status: 0 compared, 2 not a git repository or an unknown revision.
    """
    from vrptool.commands.diff import diff as run_diff

    _run(ctx, partial(run_diff, _data_dir(data), base, head, output_format=output_format))


@app.command()
def init(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="An empty or new directory.", show_default=False)],
    name: Annotated[str, typer.Option("--name", metavar="NAME",
                                      help="The partnership's full name.")] = "Violence Reduction Partnership",
    short_name: Annotated[Optional[str], typer.Option("--short-name", metavar="NAME",
                                                      help="A short name, e.g. 'HIPS VRP'.")] = None,
    partnership_id: Annotated[Optional[str], typer.Option("--id", metavar="ID",
                                                          help="Partnership id (default: from the name).")] = None,
    vrptool_source: Annotated[Optional[str], typer.Option("--vrptool-source", metavar="SOURCE",
        help="The one vrptool its CI and hooks install: git+URL@<40-hex commit>, or a vrptool wheel "
             "(copied into vendor/). Default: where this vrptool was installed from, if that is pinned.")] = None,
) -> None:
    """Start a new partnership's data repository: data, schemas, pre-commit hooks and CI workflow.

    Exit status: 0 written, 1 the directory is not empty, 2 it cannot be written or no pinned source is known.
    """
    from vrptool.commands.init import init as run_init

    _run(ctx, partial(run_init, directory, name=name, short_name=short_name, partnership_id=partnership_id,
         vrptool_source=vrptool_source))


@app.command()
def due(
    ctx: typer.Context,
    within: Annotated[int, typer.Option("--within", metavar="DAYS",
        help="Also list what falls due within this many days.")] = 14,
    quarter: Annotated[Optional[str], typer.Option("--quarter", "-q", metavar="QUARTER",
        help="The quarter whose returns to chase (default: the last quarter to have ended).")] = None,
    output_format: Annotated[str, _format_option(outputs.DUE)] = outputs.DUE.default,
    fail_on_overdue: Annotated[bool, typer.Option("--fail-on-overdue", help="Exit 1 when anything is overdue (for CI).")] = False,
    today: Annotated[Optional[str], typer.Option("--today", metavar="YYYY-MM-DD",
        help="The date to judge against (default: today).")] = None,
    data: DataOption = Path("data"),
) -> None:
    """What needs chasing before the board: actions, ToR reviews, the Duty's dates, returns.

    Exit status: 0 listed, 1 data errors (or anything overdue with --fail-on-overdue), 2 usage error.
    """
    from vrptool.commands.due import due as run

    _run(ctx, partial(run, _data_dir(data), within=within, quarter_text=quarter, output_format=output_format,
         fail_on_overdue=fail_on_overdue, today=_parse_date(today, "--today")))


# Routine edits: each a thin command over a function of vrptool.commands that makes one safe edit
# (locked, checked before writing, comments kept) and prints what it changed, old → new.
group_app = _subcommands("group", "Add a board or working group.")
org_app = _subcommands("org", "Add an organisation of the partnership.")
member_app = _subcommands("member", "Add or remove a group's members.")
meeting_app = _subcommands("meeting", "Record a meeting and its attendance.")
action_app = _subcommands("action", "Add a meeting's actions and close them.")
activity_app = _subcommands("activity", "Add a Theory of Change activity.")
indicator_app = _subcommands("indicator", "Add a performance-framework indicator.")
tor_app = _subcommands("tor", "Issue new versions of Terms of Reference.")

GroupArgument = Annotated[str, typer.Argument(metavar="GROUP", help="Group id, e.g. dawg.", show_default=False)]
OrganisationArgument = Annotated[str, typer.Argument(metavar="ORGANISATION", help="Organisation id, e.g. hfrs.",
                                                     show_default=False)]
MeetingDateArgument = Annotated[str, typer.Argument(metavar="DATE", help="Date of the meeting, YYYY-MM-DD.",
                                                    show_default=False)]


@group_app.command("add")
def group_add(
    ctx: typer.Context,
    group: Annotated[str, typer.Argument(metavar="GROUP", help="New group id; the file is groups/<id>.yaml.",
                                         show_default=False)],
    name: Annotated[str, typer.Option("--name", metavar="NAME", help="Full name, e.g. 'Data and Analysis Working Group'.")],
    abbreviation: Annotated[str, typer.Option("--abbreviation", metavar="INITIALS", help="Initials, e.g. DAWG.")],
    reports_to: Annotated[Optional[str], typer.Option("--reports-to", metavar="GROUP",
        help="The group it reports to (default: the top board).")] = None,
    objective: Annotated[Optional[str], typer.Option("--objective", metavar="OBJECTIVE",
                                                     help="Strategic objective it delivers, e.g. SO2.")] = None,
    issued: Annotated[Optional[str], typer.Option("--issued", metavar="YYYY-MM-DD",
        help="Date its first ToR is issued (default: today).")] = None,
    review_by: Annotated[Optional[str], typer.Option("--review-by", metavar="YYYY-MM-DD",
        help="Date its ToR must be reviewed by (default: a year after issue).")] = None,
    data: DataOption = Path("data"),
) -> None:
    """Add a group with a first ToR (version 1): groups/<id>.yaml.

    Exit status: 0 changed, 1 refused (the data would be invalid, or an unknown id), 2 usage error.
    """
    from vrptool.commands.group_edit import group_add as run

    _run(ctx, partial(run, _data_dir(data), group, name=name, abbreviation=abbreviation, reports_to=reports_to,
         objective=objective, issued=_parse_date(issued, "--issued"), review_by=_parse_date(review_by, "--review-by")))


@org_app.command("add")
def org_add(
    ctx: typer.Context,
    organisation: Annotated[str, typer.Argument(metavar="ORGANISATION", help="New organisation id, e.g. hfrs.",
                                                show_default=False)],
    name: Annotated[str, typer.Option("--name", metavar="NAME", help="Full name.")],
    duty: Annotated[str, typer.Option("--duty", metavar="DUTY", help=f"Serious Violence Duty status: {alternatives(DUTIES)}.",
                                      autocompletion=lambda: list(DUTIES))],
    abbreviation: Annotated[Optional[str], typer.Option("--abbreviation", metavar="INITIALS",
                                                        help="Initials, e.g. HFRS.")] = None,
    agency: Annotated[Optional[str], typer.Option("--agency", metavar="NAME",
                                                  help="How ToR distribution tables name it.")] = None,
    data: DataOption = Path("data"),
) -> None:
    """Add an organisation to partnership.yaml.

    Exit status: 0 changed, 1 refused (the data would be invalid, or an unknown id), 2 usage error.
    """
    from vrptool.commands.org_add import org_add as run

    _run(ctx, partial(run, _data_dir(data), organisation, name=name, duty=duty, abbreviation=abbreviation, agency=agency))


@member_app.command("add")
def member_add(
    ctx: typer.Context,
    group: GroupArgument,
    organisation: OrganisationArgument,
    roles: Annotated[Optional[list[str]], typer.Option("--role", metavar="ROLE",
        help="A role that represents it (once per role; never a person's name).")] = None,
    status: Annotated[Optional[str], typer.Option("--status", metavar="STATUS",
        help=f"Instead of roles: {alternatives(MEMBER_STATUSES)}.", autocompletion=lambda: list(MEMBER_STATUSES))] = None,
    sent: Annotated[Optional[str], typer.Option("--sent", metavar="YYYY-MM-DD", help="Date the ToR was sent to it.")] = None,
    data: DataOption = Path("data"),
) -> None:
    """Add an organisation to a group's membership, or roles to a member.

    Exit status: 0 changed, 1 refused (the data would be invalid, or an unknown id), 2 usage error.
    """
    from vrptool.commands.group_edit import member_add as run

    _run(ctx, partial(run, _data_dir(data), group, organisation, roles=roles, status=status, sent=_parse_date(sent, "--sent")))


@member_app.command("remove")
def member_remove(ctx: typer.Context, group: GroupArgument, organisation: OrganisationArgument,
                  data: DataOption = Path("data")) -> None:
    """Remove an organisation from a group's membership.

    Exit status: 0 changed, 1 refused (the data would be invalid, or an unknown id), 2 usage error.
    """
    from vrptool.commands.group_edit import member_remove as run

    _run(ctx, partial(run, _data_dir(data), group, organisation))


@meeting_app.command("add")
def meeting_add(
    ctx: typer.Context,
    group: GroupArgument,
    date: MeetingDateArgument,
    meeting_format: Annotated[str, typer.Option("--format", metavar="FORMAT",
        help=f"{alternatives(MEETING_FORMATS)}.", autocompletion=lambda: list(MEETING_FORMATS))],
    attended: Annotated[list[str], typer.Option("--attended", metavar="ORG",
                                                help="Organisations that attended (repeat, or vru,police).")],
    apologies: Annotated[Optional[list[str]], typer.Option(
        "--apologies", metavar="ORG", help="Organisations that sent apologies (repeat, or icb,hfrs).")] = None,
    host: Annotated[Optional[str], typer.Option("--host", metavar="ORG", help="Organisation that hosted it in person.")] = None,
    illustrative: Annotated[bool, typer.Option("--illustrative", help="Mark the record as made up for illustration.")] = False,
    data: DataOption = Path("data"),
) -> None:
    """Record a meeting: meetings/<group>/<date>.yaml.

    Exit status: 0 changed, 1 refused (the data would be invalid, or an unknown id), 2 usage error.
    """
    from vrptool.commands.editing import id_list
    from vrptool.commands.meeting_edit import meeting_add as run

    day = _parse_date(date, "DATE")
    _run(ctx, partial(run, _data_dir(data), group, day, format=meeting_format, attended=id_list(attended),
         apologies=id_list(apologies), host=host, illustrative=illustrative))


@action_app.command("add")
def action_add(
    ctx: typer.Context,
    group: GroupArgument,
    date: MeetingDateArgument,
    text: Annotated[str, typer.Option("--text", metavar="TEXT", help="What is to be done.")],
    owner: Annotated[str, typer.Option("--owner", metavar="ORG", help="Organisation that owns it (never a person).")],
    due: Annotated[str, typer.Option("--due", metavar="YYYY-MM-DD", help="Date it is due.")],
    action: Annotated[Optional[str], typer.Option("--id", metavar="ID",
                                                  help="Action id (default: the next a1, a2, ...).")] = None,
    data: DataOption = Path("data"),
) -> None:
    """Add an open action to a recorded meeting.

    Exit status: 0 changed, 1 refused (the data would be invalid, or an unknown id), 2 usage error.
    """
    from vrptool.commands.meeting_edit import action_add as run

    _run(ctx, partial(run, _data_dir(data), group, _parse_date(date, "DATE"), text=text, owner=owner,
         due=_parse_date(due, "--due"), action=action))


@action_app.command("close")
def action_close(
    ctx: typer.Context,
    group: GroupArgument,
    date: MeetingDateArgument,
    action: Annotated[str, typer.Argument(metavar="ACTION", help="Action id, e.g. a1.", show_default=False)],
    data: DataOption = Path("data"),
) -> None:
    """Mark a meeting's action done.

    Exit status: 0 changed, 1 refused (the data would be invalid, or an unknown id), 2 usage error.
    """
    from vrptool.commands.meeting_edit import action_close as run

    _run(ctx, partial(run, _data_dir(data), group, _parse_date(date, "DATE"), action))


@activity_app.command("add")
def activity_add(
    ctx: typer.Context,
    strand: Annotated[str, typer.Argument(metavar="STRAND", help="ToC strand id, e.g. 2.", show_default=False)],
    text: Annotated[str, typer.Option("--text", metavar="TEXT", help="The activity, as the Theory of Change words it.")],
    activity: Annotated[Optional[str], typer.Option("--id", metavar="ID",
                                                    help="Activity id (default: the strand's next letter).")] = None,
    group: Annotated[Optional[str], typer.Option("--group", metavar="GROUP", help="A group whose ToR delivers it.")] = None,
    data: DataOption = Path("data"),
) -> None:
    """Add an activity to a strand of toc.yaml (and to a group's activities).

    Exit status: 0 changed, 1 refused (the data would be invalid, or an unknown id), 2 usage error.
    """
    from vrptool.commands.framework_add import activity_add as run

    _run(ctx, partial(run, _data_dir(data), strand, text=text, activity=activity, group=group))


@indicator_app.command("add")
def indicator_add(
    ctx: typer.Context,
    measure: Annotated[str, typer.Argument(metavar="MEASURE", help="Success measure id, e.g. 5.1.2 (made if new).",
                                           show_default=False)],
    text: Annotated[str, typer.Option("--text", metavar="TEXT", help="What the indicator counts or measures.")],
    source: Annotated[str, typer.Option("--source", metavar="ORG", help="Organisation that provides the data.")],
    unit: Annotated[str, typer.Option("--unit", metavar="UNIT", help=f"{alternatives(UNITS)}.",
                                      autocompletion=lambda: list(UNITS))],
    better: Annotated[str, typer.Option("--better", metavar="DIRECTION", help=f"{alternatives(BETTER)}.",
                                        autocompletion=lambda: list(BETTER))],
    dataset: Annotated[Optional[str], typer.Option("--dataset", metavar="NAME", help="The source's dataset.")] = None,
    target: Annotated[Optional[float], typer.Option("--target", metavar="NUMBER", help="Target value.")] = None,
    indicator: Annotated[Optional[str], typer.Option("--id", metavar="ID",
                                                     help="Indicator id (default: the measure's next letter).")] = None,
    group: Annotated[Optional[str], typer.Option("--group", metavar="GROUP", help="A group whose ToR monitors it.")] = None,
    data: DataOption = Path("data"),
) -> None:
    """Add an indicator to obpf.yaml (and to a group's indicators).

    Exit status: 0 changed, 1 refused (the data would be invalid, or an unknown id), 2 usage error.
    """
    from vrptool.commands.framework_add import indicator_add as run

    _run(ctx, partial(run, _data_dir(data), measure, text=text, source=source, unit=unit, better=better, dataset=dataset,
         target=target, indicator=indicator, group=group))


@tor_app.command("issue")
def tor_issue(
    ctx: typer.Context,
    group: GroupArgument,
    change: Annotated[str, typer.Option("--change", metavar="TEXT", help="What changed in this version (shown in its history).")],
    on: Annotated[Optional[str], typer.Option("--on", metavar="YYYY-MM-DD", help="Date of issue (default: today).")] = None,
    review_by: Annotated[Optional[str], typer.Option("--review-by", metavar="YYYY-MM-DD",
        help="Review date (default: as long after this issue as the last was after its own).")] = None,
    data: DataOption = Path("data"),
) -> None:
    """Issue a new version of a group's ToR: version + 1, issue date, and a line in its version history.

    Exit status: 0 changed, 1 refused (the data would be invalid, or an unknown id), 2 usage error.
    """
    from vrptool.commands.tor_issue import tor_issue as run

    _run(ctx, partial(run, _data_dir(data), group, change=change, on=_parse_date(on, "--on"),
         review_by=_parse_date(review_by, "--review-by")))


def _untruncated(application: typer.Typer) -> None:
    """Each command's whole first paragraph in the list of commands: click would cut it at the
    terminal's width with "...", and a user choosing a command needs all of it."""
    def first_paragraph(text: object) -> str:
        return " ".join(str(text or "").strip().split("\n\n")[0].split())

    for info in application.registered_commands:
        if info.short_help is None:
            info.short_help = first_paragraph(info.help or (info.callback.__doc__ if info.callback else None))
    for group in application.registered_groups:
        if group.typer_instance is not None:
            if not isinstance(group.short_help, str):
                group.short_help = first_paragraph(group.typer_instance.info.help)
            _untruncated(group.typer_instance)


_untruncated(app)


def app_for(arguments: list[str]) -> typer.Typer:
    """The app with only the command the arguments name, when they name one.

    Typer turns every registered command into click parameters on each run, about 10 ms for all
    of them, and `validate` runs on every commit. A command's own help and errors never mention
    its siblings, so they read the same; anything else (no command, an unknown one) gets the
    whole app, whose help lists every command, except --version, which needs no command at all.
    Shell completion (the shell sets _VRPTOOL_COMPLETE and passes the line in COMP_WORDS) gets the
    whole app: it completes command names too."""
    if os.environ.get("_VRPTOOL_COMPLETE"):
        return app
    # The root options are all flags, so the first word that is not an option names the command.
    name = next((word for word in arguments if not word.startswith("-")), None)
    commands = [info for info in app.registered_commands
                if (info.name or typer.main.get_command_name(getattr(info.callback, "__name__", ""))) == name]
    groups = [info for info in app.registered_groups if info.name == name]
    # --version is eager: it answers before any command is looked at.
    asks_version = "--version" in arguments and set(arguments) <= {"--version", "--debug"}
    if not commands and not groups and not asks_version:
        return app
    narrowed = typer.Typer()
    narrowed.info = app.info
    narrowed.registered_callback = app.registered_callback
    narrowed.registered_commands, narrowed.registered_groups = commands, groups
    return narrowed


#: The entry point (vrptool.launch.main): here too, for those that call vrptool.cli.main.
main = launch.main
