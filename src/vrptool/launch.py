"""Where every run starts: `vrptool validate` with options it is sure of runs without typer.

Pre-commit runs `vrptool validate` on every commit, and importing typer (with its own copy of
click) costs a quarter of `python -c "import pydantic, ruamel.yaml"`, more than the whole run
on unchanged data (bench/). So `[--debug] validate` followed only by validate's own options,
each once, with values it can check here (a format vrptool writes, a date) goes straight to the
command. Anything else (help, completion, another command, an unknown option or a value typer
would refuse) goes to the typer app in vrptool.cli, so that every usage message is typer's own.
The options are those cli.py declares for validate; tests/test_startup.py holds the two alike.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from vrptool import terminal
from vrptool.exitcodes import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE

#: validate's options that take a value, by each of their names, with cli.validate's parameter
#: each sets; and its flags. `--data` also comes from DATA_VARIABLE.
VALUED = {"--data": "data", "--format": "output_format", "-f": "output_format", "--today": "today"}
FLAGS = {"--strict": "strict", "--no-cache": "no_cache"}
DATA_VARIABLE = "VRPTOOL_DATA"


class Refused(Exception):
    """A usage error found before the command runs (its message; exit 2)."""


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    stderr = sys.stderr
    if terminal.colour(stderr):
        sys.stderr = terminal.ErrorStream(stderr)
    try:
        return _main(arguments)
    finally:
        sys.stderr.flush()
        sys.stderr = stderr


def plain_validate(arguments: list[str]) -> dict | None:
    """The arguments of cli.validate, when the words are `[--debug] validate` and its options,
    each known here to be valid; None when typer must read them."""
    if os.environ.get("_VRPTOOL_COMPLETE"):  # shell completion: typer's
        return None
    words = list(arguments)
    debug = False
    while words and words[0] == "--debug":
        debug, words = True, words[1:]
    if not words or words[0] != "validate":
        return None
    given: dict = {"debug": debug, "strict": False, "no_cache": False}
    rest = words[1:]
    while rest:
        word, rest = rest[0], rest[1:]
        if word in FLAGS:
            given[FLAGS[word]] = True
            continue
        name, equals, attached = word.partition("=")
        value: str | None = attached
        if not equals or not name.startswith("--"):
            name, value = word, None
        if name not in VALUED or VALUED[name] in given:
            return None  # not one of validate's options, or given twice
        if value is None:
            if not rest:
                return None
            value, rest = rest[0], rest[1:]
        if not value or value.startswith("-"):
            return None
        given[VALUED[name]] = value
    return _checked(given)


def _checked(given: dict) -> dict | None:
    from vrptool import formatters

    output_format = given.get("output_format", formatters.DEFAULT)
    if output_format not in formatters.REPORTERS:
        return None
    today = given.get("today")
    if today is not None:
        try:
            dt.date.fromisoformat(today)
        except ValueError:
            return None
    data = given.get("data")
    if data is None:
        data = os.environ.get(DATA_VARIABLE)
        if data == "":
            return None
    return {**given, "data": Path(data if data is not None else "data"), "output_format": output_format,
            "today": today}


def validate(*, data: Path, output_format: str, strict: bool, today: str | None, no_cache: bool,
             debug: bool) -> int:
    """cli.validate's command, run as typer runs it."""
    from vrptool.commands.validate import validate as run_validate

    day = dt.date.fromisoformat(today) if today is not None else None
    try:
        folder = data_dir(data)
    except Refused as refused:
        return fail(str(refused))
    return guarded(partial(run_validate, folder, output_format=output_format, strict=strict, today=day,
                           use_cache=not no_cache, out=sys.stdout), debug)


def data_dir(path: Path) -> Path:
    """The data directory --data names (or, not given, the one found from here); Refused when
    there is none to read."""
    from vrptool.layout import DEFAULT_DATA, find_data_dir

    if path == DEFAULT_DATA and not path.exists():
        # Not given: found as git finds its repository, so commands work from any folder of it.
        found = find_data_dir(Path.cwd())
        if found is None:
            raise Refused("no data directory here: not ./data, nor data/ in a parent folder holding "
                          "partnership.yaml or .git; pass --data DIR or set VRPTOOL_DATA")
        path = Path(os.path.relpath(found))  # findings name files relative to where the command runs
    if not path.exists():
        raise Refused(f"the data directory {path} does not exist; pass --data DIR or set VRPTOOL_DATA")
    if not path.is_dir():
        raise Refused(f"{path} is not a directory; pass --data DIR")
    if not os.access(path, os.R_OK | os.X_OK):
        raise Refused(f"the data directory {path} cannot be read")
    return path


def guarded(command: Callable[[], int], debug: bool) -> int:
    """A command function's exit status; an unexpected exception becomes exit 2 with one clear
    line (and its traceback with --debug)."""
    try:
        with terminal.working():
            return command()
    except BrokenPipeError:  # before click, which would end it with status 1
        return _reader_gone()
    except KeyboardInterrupt:
        return fail("interrupted", EXIT_INTERRUPTED)
    except Exception as error:  # noqa: BLE001 - the last line of defence against tracebacks
        cache = sys.modules.get("vrptool.cache")  # read every data file, if any was read
        if cache is not None and isinstance(error, cache.FileChanged):
            return fail(str(error))
        if debug:
            import traceback

            traceback.print_exc()
        return fail(f"internal error: {type(error).__name__}: {error} (run with --debug for details)")
    finally:
        stores = sys.modules.get("vrptool.store")  # only a command that read data opened one
        if stores is not None:
            stores.close_all()


def fail(message: str, code: int = EXIT_USAGE) -> int:
    """Say what is wrong, as every vrptool message is said (typer's echo), and return the status."""
    import typer

    typer.echo(f"vrptool: {message}", err=True)
    return code


def _reader_gone() -> int:
    """The reader of standard output went away (`vrptool graph | head -1`): stop quietly, with the
    status a shell gives a process a closed pipe ends (128 + SIGPIPE)."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
    except (OSError, ValueError):  # standard output is not a file (in tests)
        pass
    return EXIT_BROKEN_PIPE


def _run(arguments: list[str]) -> int:
    plain = plain_validate(arguments)
    if plain is not None:
        return validate(**plain)
    from vrptool.cli import app_for

    app_for(arguments)(args=arguments, prog_name="vrptool")
    return EXIT_OK


def _main(arguments: list[str]) -> int:
    try:
        try:
            code = _run(arguments)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else EXIT_USAGE)
        # A closed pipe shows here, while it can still be handled, rather than as Python's
        # complaint at exit when it flushes what is left.
        sys.stdout.flush()
        return code
    except KeyboardInterrupt:
        return fail("interrupted", EXIT_INTERRUPTED)
    except BrokenPipeError:
        return _reader_gone()
    except Exception as error:  # noqa: BLE001 - whatever escaped a command: one line, never a traceback
        if "--debug" in arguments:
            import traceback

            traceback.print_exc()
        return fail(f"internal error: {type(error).__name__}: {error} (run with --debug for details)")
