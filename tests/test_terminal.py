"""The command line as a person at a terminal, a pipe and a Windows laptop meet it: closed pipes,
output files whose extension names the format, counts in words, colour, progress, completion,
whole help texts and line endings."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from vrptool import output_format
from vrptool.cli import app

from .conftest import BUNDLED, ROOT

ANSI = "\x1b["


def vrptool(*args: str, env: dict | None = None, cwd: Path = ROOT, **kwargs) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "VRPTOOL_DATA")}
    return subprocess.run([sys.executable, "-m", "vrptool", *args], cwd=cwd, env={**environment, **(env or {})},
                          capture_output=True, text=True, check=False, **kwargs)


def in_terminal(*args: str, env: dict | None = None, stream: str = "stderr") -> tuple[int, str, str]:
    """Run vrptool with one stream (stdout or stderr) on a pseudo-terminal; the code, what the
    terminal showed and what the other stream carried."""
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    master, slave = pty.openpty()
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, stream: slave}
    child = subprocess.Popen([sys.executable, "-m", "vrptool", *args], cwd=ROOT, stdin=subprocess.DEVNULL,
                             env={**environment, "TERM": "xterm", **(env or {})}, **streams)
    os.close(slave)
    shown = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed its end
                break
            if not chunk:
                break
            shown += chunk
        elif child.poll() is not None:
            break
    os.close(master)
    other = (child.stdout if stream == "stderr" else child.stderr).read().decode()
    return child.wait(), shown.decode(errors="replace"), other


# Pipes

@pytest.mark.parametrize("command", [["trace", "dawg"], ["graph"], ["report", "-q", "latest"],
                                     ["validate", "--format", "json"]], ids=" ".join)
def test_a_closed_pipe_ends_quietly_with_the_status_of_a_killed_pipe(command):
    reader, writer = os.pipe()
    os.close(reader)  # the reader has gone before vrptool writes a byte (as `| head -1` soon is)
    try:
        child = subprocess.run([sys.executable, "-m", "vrptool", *command, "--data", "data"], cwd=ROOT,
                               stdout=writer, stderr=subprocess.PIPE, text=True, check=False)
    finally:
        os.close(writer)
    assert child.returncode == 141
    # the one line a report may say first: which quarter `latest` is
    assert all(line.startswith("--quarter latest: ") for line in child.stderr.splitlines()), child.stderr


# -o and --format

def test_the_output_files_extension_picks_the_format(run, tmp_path):
    for name, opening in [("board.html", "<!DOCTYPE html>"), ("board.json", "{"), ("board.md", "# "),
                          ("board", "# ")]:
        result = run("report", "-q", "latest", "--data", BUNDLED, "-o", tmp_path / name)
        assert result.code == 0, result.err
        assert (tmp_path / name).read_text("utf-8").startswith(opening), name


def test_a_format_the_output_file_contradicts_is_refused_in_one_line(run, tmp_path):
    result = run("report", "-q", "latest", "--data", BUNDLED, "-o", tmp_path / "board.html", "--format", "md")
    assert result.code == 2
    assert result.err == ("vrptool: -o board.html asks for HTML but --format is md; leave out --format, "
                          "or name the file board.md\n")
    assert not (tmp_path / "board.html").exists()
    assert run("report", "-q", "latest", "--data", BUNDLED, "-o", tmp_path / "b.html", "-f", "html").code == 0


def test_an_extension_that_names_no_format_is_refused_with_the_formats_the_command_writes(run, tmp_path):
    result = run("report", "-q", "latest", "--data", BUNDLED, "-o", tmp_path / "x.pdf")
    assert result.code == 2
    assert result.err == ("vrptool: -o x.pdf: vrptool writes no .pdf; use .md, .html, .json, .docx, .xlsx, .csv "
                          "(print the HTML to PDF from a browser)\n")
    assert not (tmp_path / "x.pdf").exists()
    # --format does not make a .txt file hold Markdown either; the returns template names its own formats.
    result = run("report", "-q", "latest", "--data", BUNDLED, "-o", tmp_path / "board.txt", "-f", "md")
    assert (result.code, result.err) == (2, "vrptool: -o board.txt: vrptool writes no .txt; "
                                            "use .md, .html, .json, .docx, .xlsx, .csv\n")
    result = run("returns", "template", "-q", "latest", "--data", BUNDLED, "-o", tmp_path / "t.PDF")
    assert (result.code, result.err) == (2, "vrptool: -o t.PDF: vrptool writes no .PDF; use .xlsx, .csv\n")
    assert not list(tmp_path.iterdir())


def test_an_extension_the_command_cannot_write_is_refused():
    with pytest.raises(output_format.FormatRefused, match=r"^-o board.docx: this command cannot write Word; "
                                                          r"it writes md, html \(--format\)$"):
        output_format.chosen(Path("board.docx"), None, ["md", "html"], "md")
    assert output_format.chosen(Path("BOARD.HTML"), None, ["md", "html"], "md") == "html"
    assert output_format.chosen(None, None, ["md", "html"], "md") == "md"


# Counts in words, and fmt saying what it checked

def test_counts_are_in_words(run, data_copy, tmp_path):
    sheet = tmp_path / "one.csv"
    sheet.write_text("indicator,value,n,note\n5.3.1.a,30,,\n", "utf-8")
    result = run("returns", "import", sheet, "-q", "2026-27-Q2", "--data", data_copy)
    assert result.code == 0 and result.out.startswith("1 value for Q2 2026/27"), result.out
    sheet.write_text("indicator,value,n,note\n5.3.1.a,31,,\n5.3.1.b,9,,\n", "utf-8")
    result = run("returns", "import", sheet, "-q", "2026-27-Q2", "--data", data_copy)
    assert result.out.startswith("2 values for Q2 2026/27"), result.out
    sheet.write_text("indicator,value,n,note\n9.9.9.z,1,,\n", "utf-8")
    result = run("returns", "import", sheet, "-q", "2026-27-Q2", "--data", data_copy)
    assert f"{sheet} has 1 row that cannot be taken" in result.err
    assert "(s)" not in result.out + result.err


@pytest.mark.slow
def test_fmt_check_says_what_it_checked(run, data_copy):
    result = run("fmt", "--check", "--data", data_copy)
    assert (result.code, result.out) == (0, f"checked 38 files in {data_copy}: all in the canonical layout\n")
    crest = data_copy / "crest.yaml"
    crest.write_text(crest.read_text("utf-8").replace("  author: Crest", "  author:    Crest", 1), "utf-8")
    result = run("fmt", "--check", "--data", data_copy)
    assert result.code == 1
    assert result.err == f"vrptool: 1 of 38 files in {data_copy} would be reformatted; run vrptool fmt\n"
    assert run("fmt", "--data", data_copy).out == f"formatted {crest}\nformatted 1 of 38 files in {data_copy}\n"


# Colour

@pytest.fixture
def broken_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(BUNDLED, data)
    dawg = data / "groups" / "dawg.yaml"
    dawg.write_text(dawg.read_text("utf-8").replace('reports_to: "svrp"', 'reports_to: "svpr"'), "utf-8")
    return data


def test_piped_output_has_no_colour_and_does_not_import_rich(broken_data):
    child = subprocess.run([sys.executable, "-c", textwrap.dedent(f"""
        import sys
        from vrptool.cli import main
        main(["validate", "--data", {str(broken_data)!r}])
        main(["report", "-q", "latest", "--data", {str(broken_data)!r}])
        main(["--help"])
        print("rich imported:", "rich" in sys.modules)
        """)], capture_output=True, text=True, check=False, env={k: v for k, v in os.environ.items()
                                                    if k not in ("NO_COLOR", "FORCE_COLOR")})
    assert child.stdout.endswith("rich imported: False\n")
    assert ANSI not in child.stdout + child.stderr
    assert "error [unknown-ref]" in child.stdout and "vrptool: the data has 1 error" in child.stderr


@pytest.mark.slow
def test_errors_and_warnings_are_coloured_on_a_terminal(broken_data):
    code, shown, _ = in_terminal("validate", "--data", str(broken_data), stream="stdout")
    assert code == 1
    line = next(line for line in shown.splitlines() if "unknown-ref" in line)
    assert "\x1b[1;31merror\x1b[0m" in line  # bold red
    assert "\x1b[33mwarning\x1b[0m" in shown  # yellow
    code, shown, _ = in_terminal("report", "-q", "latest", "--data", str(broken_data))
    assert code == 1 and "\x1b[1;31mvrptool:\x1b[0m the data has 1 error" in shown


def test_no_color_turns_colour_off_even_on_a_terminal(broken_data):
    code, shown, _ = in_terminal("validate", "--data", str(broken_data), env={"NO_COLOR": "1", "FORCE_COLOR": "1"},
                                 stream="stdout")
    assert code == 1 and "error [unknown-ref]" in shown and ANSI not in shown


@pytest.mark.slow
def test_force_color_colours_a_pipe(broken_data):
    result = vrptool("validate", "--data", str(broken_data), env={"FORCE_COLOR": "1"})
    assert "\x1b[1;31merror\x1b[0m" in result.stdout
    assert vrptool("validate", "--data", str(broken_data), env={"FORCE_COLOR": "0"}).stdout.count(ANSI) == 0


# Progress

@pytest.mark.slow
def test_long_work_shows_a_progress_bar_on_a_terminal_and_nowhere_else():
    # VRPTOOL_PROGRESS_AFTER=0: the bundled data is read in well under the usual second.
    code, shown, out = in_terminal("validate", "--no-cache", "--data", "data", env={"VRPTOOL_PROGRESS_AFTER": "0"})
    assert code == 0
    assert "Reading data files" in shown and "Checking the data" in shown and "━" in shown
    assert out.endswith("0 errors, 12 warnings in 38 files\n") and ANSI not in out
    piped = vrptool("validate", "--no-cache", "--data", "data", env={"VRPTOOL_PROGRESS_AFTER": "0"})
    assert piped.stderr == "" and piped.stdout == out
    # Work that ends before VRPTOOL_PROGRESS_AFTER (1 s unless set) shows no bar.
    code, shown, _ = in_terminal("validate", "--no-cache", "--data", "data", env={"VRPTOOL_PROGRESS_AFTER": "60"})
    assert code == 0 and shown == ""


@pytest.mark.slow
def test_rendering_every_tor_shows_its_progress(tmp_path):
    code, shown, out = in_terminal("render", "tor", "--all", "--data", "data", "-o", str(tmp_path),
                                   env={"VRPTOOL_PROGRESS_AFTER": "0"})
    assert code == 0 and "Rendering ToRs" in shown and "4/4" in shown  # the four groups with a ToR
    assert out.count("wrote ") == 4


# Completion and help

def complete(line: str, cwd: Path = ROOT) -> list[str]:
    words = line.split()
    index = len(words) if line.endswith(" ") else len(words) - 1
    result = vrptool(env={"_VRPTOOL_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(index)},
                     cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.slow
def test_completion_offers_command_names_and_ids_from_the_data(tmp_path):
    assert complete("vrptool re") == ["report", "render", "returns"]
    assert complete("vrptool render tor ") == ["dawg", "engagement", "ieo", "svrp", "tvrp"]
    assert complete("vrptool render tor e") == ["engagement"]
    assert complete("vrptool report -q 2026") == ["2026-27-Q2", "2026-27-Q1"]
    assert complete("vrptool report --quarter l") == ["latest"]
    assert complete("vrptool returns set -i 5.1.1.") == ["5.1.1.a", "5.1.1.b"]
    assert complete("vrptool trace d") == ["dawg"]
    assert complete("vrptool returns template --source p") == ["police"]  # the data sources of obpf.yaml
    # The line's own --data is the data completed from; one that does not exist completes nothing.
    other = tmp_path / "other"
    (other / "groups").mkdir(parents=True)
    (other / "groups" / "only.yaml").write_text("id: only\n", "utf-8")
    assert complete(f"vrptool render tor --data {other} ") == ["only"]
    assert complete(f"vrptool render tor --data {tmp_path / 'nowhere'} ") == []


def test_completion_can_be_shown_and_installed():
    # --show-completion finds the user's shell among the processes above it, and a test runner
    # may have none (then the flag fails as "Shell  not supported"): typer's own test switch
    # makes it take the shell by name instead.
    result = vrptool("--show-completion", "bash", env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert result.returncode == 0 and "_VRPTOOL_COMPLETE=complete_bash" in result.stdout
    assert "--install-completion" in vrptool("--help").stdout


def test_the_list_of_commands_is_never_cut_short():
    result = vrptool("--help", env={"COLUMNS": "60"})
    listing = result.stdout.split("Commands:")[1]
    assert "..." not in listing and "…" not in listing
    listing = " ".join(listing.split())
    for info in app.registered_commands:
        first = " ".join((info.callback.__doc__ or "").strip().split("\n\n")[0].split())
        assert first.replace("-", "") in listing.replace("- ", "").replace("-", ""), info.callback.__name__


# Windows

@pytest.mark.slow
def test_line_endings_a_file_was_written_with_are_kept(run, data_copy, tmp_path):
    crest = data_copy / "crest.yaml"
    returns = data_copy / "returns" / "2026-27-Q2.yaml"
    for path in (crest, returns):
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    assert run("fmt", "--check", "--data", data_copy).code == 0  # only the line endings differ: canonical
    crest.write_bytes(crest.read_bytes().replace(b"  author: Crest", b"  author:    Crest", 1))
    assert run("fmt", "--data", data_copy).code == 0
    assert b"  author: Crest" in crest.read_bytes() and crest.read_bytes().count(b"\n") == crest.read_bytes().count(b"\r\n")
    result = run("returns", "set", "-q", "2026-27-Q2", "-i", "5.3.1.a", "--value", "30", "--data", data_copy)
    assert result.code == 0, result.err
    text = returns.read_bytes()
    assert b'  - indicator: "5.3.1.a"\r\n    value: 30\r\n' in text and text.count(b"\n") == text.count(b"\r\n")


def test_committed_tors_checked_out_with_windows_line_endings_are_current(run, tmp_path):
    tors = tmp_path / "tors"
    shutil.copytree(ROOT / "tors", tors)
    for path in tors.glob("*.md"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    result = run("render", "tor", "--all", "--check", "--data", BUNDLED, "-o", tors)
    assert result.code == 0, result.out + result.err


@pytest.mark.slow
def test_the_data_repository_workflow_runs_on_windows_as_well_as_linux(tmp_path):
    workflow = YAML(typ="safe").load((ROOT / "docs" / "github-workflow.yml").read_text("utf-8"))
    assert workflow["jobs"]["check"]["strategy"]["matrix"]["os"] == ["ubuntu-latest", "windows-latest"]
    assert workflow["jobs"]["check"]["runs-on"] == "${{ matrix.os }}"
    # `vrptool init` writes the same workflow into a new data repository, with its vrptool pinned.
    pinned = "git+https://example.invalid/vrptool@" + "0" * 40
    assert vrptool("init", str(tmp_path / "new"), "--name", "Test VRP", "--vrptool-source", pinned).returncode == 0
    written = (tmp_path / "new" / ".github" / "workflows" / "vrptool.yml").read_text("utf-8")
    assert written == (ROOT / "docs" / "github-workflow.yml").read_text("utf-8").replace(
        "git+https://<vrptool's repository>@<the 40-hex commit to use>", pinned)


def test_no_posix_only_module_is_imported_anywhere():
    posix_only = {"fcntl", "termios", "tty", "pty", "pwd", "grp", "resource", "posix"}
    for path in (ROOT / "src" / "vrptool").rglob("*.py"):
        for line in path.read_text("utf-8").splitlines():
            words = line.split()
            if words[:1] in (["import"], ["from"]) and len(words) > 1:
                assert words[1].split(".")[0] not in posix_only, f"{path}: {line}"

