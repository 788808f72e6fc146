"""Safe edits: crest set, returns set / import and fmt change exactly the lines they must,
refuse anything that would make the data invalid, and are atomic and locked."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import hashlib
import io
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import BUNDLED, ROOT
from vrptool.commands.fmt import fmt


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def edit(run, data: Path, *args: str):
    return run(*args, "--data", "data", cwd=data.parent)


def test_crest_set_achieved_changes_only_its_lines(run, data_copy):
    crest = data_copy / "crest.yaml"
    before = crest.read_text("utf-8")
    result = edit(run, data_copy, "crest", "set", "6.2", "--status", "achieved", "--on", "2024-09-30",
                  "--evidence", "Unified framework agreed by the DAWG")
    assert result.code == 0, result.err
    assert "recommendation 6.2 is listed in the ToR of DAWG (groups/dawg.yaml)" in result.out
    # what changed, old → new, each on its own line
    assert ("data/crest.yaml: recommendation 6.2 status: open → achieved\n"
            "data/crest.yaml: recommendation 6.2 achieved_on: (none) → 2024-09-30\n"
            "data/crest.yaml: recommendation 6.2 evidence: (none) → Unified framework agreed by the DAWG\n"
            ) in result.out
    assert changed_lines(before, crest.read_text("utf-8")) == [
        "-    status: open", "+    status: achieved", "+    achieved_on: 2024-09-30",
        "+    evidence: Unified framework agreed by the DAWG"]
    # the comment that followed the entry still stands above the next one
    assert "    evidence: Unified framework agreed by the DAWG\n  # The DAWG ToR prints 6.3" in crest.read_text("utf-8")
    back = edit(run, data_copy, "crest", "set", "6.2", "--status", "open")
    assert back.code == 0 and crest.read_text("utf-8") == before
    assert "data/crest.yaml: recommendation 6.2 evidence: Unified framework agreed by the DAWG → (none)\n" in back.out


@pytest.mark.private_cache  # counts what is read afresh
def test_an_edit_reads_from_its_text_only_the_files_it_changes(run, data_copy, monkeypatch):
    """An edit checks the data as it would leave it; the files it leaves alone come from the store
    (a national data set is not read again for each value set), and what it refuses is refused."""
    import vrptool.dataset

    read_afresh: list[str] = []
    real = vrptool.dataset._Loader._afresh

    def afresh(self, kind, path, raw, key):
        read_afresh.append(str(path))
        return real(self, kind, path, raw, key)

    monkeypatch.setattr(vrptool.dataset._Loader, "_afresh", afresh)
    assert edit(run, data_copy, "validate").code == 0
    assert len(read_afresh) == 38
    read_afresh.clear()
    result = edit(run, data_copy, "returns", "set", "-q", "2026-27-Q2", "-i", "5.3.1.a", "--value", "999")
    assert result.code == 0, result.err
    assert read_afresh == ["data/returns/2026-27-Q2.yaml"]
    read_afresh.clear()
    result = edit(run, data_copy, "returns", "set", "-q", "2026-27-Q2", "-i", "2.2.2.a", "--value", "130")
    assert result.code == 1 and "would make the data invalid" in result.err, result.err
    assert read_afresh == ["data/returns/2026-27-Q2.yaml"] * 2  # as the last edit wrote it, then its new text
    read_afresh.clear()
    monkeypatch.setenv("VRPTOOL_NO_CACHE", "1")
    assert edit(run, data_copy, "returns", "set", "-q", "2026-27-Q2", "-i", "5.3.1.a", "--value", "998").code == 0
    assert len(read_afresh) == 38 * 2  # without the cache: the data before the edit, and after it


@pytest.mark.private_cache  # counts what is parsed
def test_returns_set_reads_the_earlier_quarters_from_the_store(run, data_copy, tmp_path, monkeypatch):
    """The values of the quarters before the one entered (what a new value is compared with and
    judged by) come from the store where it holds their files, and say what parsing them says."""
    import vrptool.loader

    parsed: list[str] = []
    real = vrptool.loader.load_file
    monkeypatch.setattr(vrptool.loader, "load_file",
                        lambda path, *args, **kwargs: parsed.append(path.name) or real(path, *args, **kwargs))
    entered = ("returns", "set", "-q", "2026-27-Q2", "-i", "5.3.1.a", "--value", "999")
    assert edit(run, data_copy, "validate").code == 0
    parsed.clear()
    from_store = edit(run, data_copy, *entered)
    assert from_store.code == 0, from_store.err
    earlier = sorted(p.name for p in (data_copy / "returns").glob("*.yaml") if p.stem < "2026-27-Q2")
    assert len(earlier) >= 8 and not set(parsed) & set(earlier)
    again = tmp_path / "again" / "data"
    shutil.copytree(BUNDLED, again)
    monkeypatch.setenv("VRPTOOL_NO_CACHE", "1")
    parsed.clear()
    parsing = edit(run, again, *entered)
    assert set(earlier) <= set(parsed)
    assert parsing.out == from_store.out.replace(str(data_copy), str(again))
    assert "999 is far outside the control limits of the 12 quarters 2023-24-Q1 to" in parsing.out


def test_returns_set_shows_the_value_it_replaces(run, data_copy):
    returns = data_copy / "returns" / "2026-27-Q2.yaml"
    old = next(entry for entry in YAML(typ="safe").load(returns.read_text("utf-8"))["values"]
               if entry["indicator"] == "5.3.1.a" and "area" not in entry)
    result = edit(run, data_copy, "returns", "set", "-q", "2026-27-Q2", "-i", "5.3.1.a", "--value", "999")
    assert result.code == 0, result.err
    assert result.out.startswith(f"  5.3.1.a: {old['value']} → 999 (")
    result = edit(run, data_copy, "returns", "set", "-q", "2026-27-Q2", "-i", "5.3.1.a", "--missing", "not sent")
    assert result.code == 0, result.err
    assert result.out.startswith("  5.3.1.a: 999 → missing (not sent)\n")
    sheet = data_copy.parent / "returns.csv"
    sheet.write_text("indicator,value,n\n5.3.1.a,40,\n", "utf-8")
    result = edit(run, data_copy, "returns", "import", str(sheet), "-q", "2026-27-Q2")
    assert result.code == 0, result.err
    assert "\n  5.3.1.a: missing (not sent) → 40 (" in result.out


def test_crest_set_update_tors_removes_it_and_raises_the_version(run, data_copy):
    dawg = data_copy / "groups" / "dawg.yaml"
    before = dawg.read_text("utf-8")
    result = edit(run, data_copy, "crest", "set", "6.2", "--status", "achieved", "--on", "2024-09-30",
                  "--evidence", "Framework agreed", "--update-tors")
    assert result.code == 0, result.err
    assert "DAWG: removed 6.2, ToR version now 2" in result.out
    # a new version of the ToR, issued today, as `vrptool tor issue` makes one
    today = dt.date.today()
    review = today + (dt.date(2023, 12, 31) - dt.date(2023, 10, 19))  # as long after issue as before
    assert f"data/groups/dawg.yaml: ToR issued: 2023-10-19 → {today}\n" in result.out
    assert changed_lines(before, dawg.read_text("utf-8")) == [
        "-  version: 1", "-  issued: 2023-10-19", "+  version: 2", f"+  issued: {today}",
        "-  review_by: 2023-12-31", f"+  review_by: {review}",
        "+  history:", "+    - version: 1", "+      issued: 2023-10-19",
        "+      change: Version in force when this history began.",
        "+    - version: 2", f"+      issued: {today}",
        "+      change: 'Crest recommendation 6.2 achieved on 2024-09-30: removed from the recommendations to deliver.'",
        '-recommendations: ["1.1", "1.2", "3.2", "6.1", "6.2", "6.3"]',
        '+recommendations: ["1.1", "1.2", "3.2", "6.1", "6.3"]']
    check = run("validate", "--data", "data", "--format", "json", "--today", "2026-11-21", cwd=data_copy.parent)
    assert check.code == 0 and not [f for f in check.json["findings"] if f["rule"] == "achieved-in-tor"]


@pytest.mark.parametrize("args, code, words", [
    (["crest", "set", "6.9", "--status", "in_progress"], 1, "no recommendation '6.9'"),
    (["crest", "set", "6.2", "--status", "achieved"], 2, "needs --on DATE and --evidence TEXT"),
    (["crest", "set", "6.2", "--status", "open", "--update-tors"], 2, "go with --status achieved only"),
    (["returns", "set", "-q", "2026-27-Q2", "-i", "2.2.2.a", "--value", "130"], 1, "would make the data invalid"),
    (["returns", "set", "-q", "2026-27-Q2", "-i", "9.9.9.z", "--value", "1"], 1, "[unknown-ref]"),
    (["returns", "set", "-q", "2026-27-Q2", "-i", "2.2.2.a"], 2, "give --value"),
    (["returns", "set", "-q", "2026-27-Q2", "-i", "2.2.2.a", "--value", "x"], 2, "is not a number"),
    (["returns", "set", "-q", "2026Q2", "-i", "2.2.2.a", "--value", "1"], 2, "ambiguous"),
    (["returns", "set", "-q", "2030-31-Q1", "-i", "2.2.2.a", "--value", "1"], 1, "[future-quarter]"),
])
def test_refused_edits_change_nothing(run, data_copy, args, code, words):
    before = snapshot(data_copy)
    result = edit(run, data_copy, *args)
    assert result.code == code
    assert words in result.err and "Traceback" not in result.err
    assert snapshot(data_copy) == before


def test_crest_set_names_an_unknown_recommendation_before_the_options_it_lacks(run, data_copy):
    before = snapshot(data_copy)
    result = edit(run, data_copy, "crest", "set", "6.22", "--status", "achieved", "--on", "2026-01-01")
    assert (result.code, result.err) == (1, "vrptool: no recommendation '6.22' in data/crest.yaml; did you mean '6.2'?\n")
    result = edit(run, data_copy, "crest", "set", "6.2", "--status", "achieved", "--on", "2026-01-01")
    assert (result.code, result.err) == (2, "vrptool: an achieved recommendation needs --on DATE and --evidence TEXT\n")
    assert snapshot(data_copy) == before


def test_returns_set_revises_a_value_in_place(run, data_copy):
    returns = data_copy / "returns" / "2026-27-Q2.yaml"
    before = returns.read_text("utf-8")
    assert edit(run, data_copy, "returns", "set", "-q", "2026-27-Q2", "-i", "5.3.1.a", "--value", "30", "--n", "12").code == 0
    assert changed_lines(before, returns.read_text("utf-8")) == ["-    value: 26", "+    value: 30", "+    n: 12"]
    assert edit(run, data_copy, "returns", "set", "-q", "2026-27-Q2", "-i", "5.3.1.a", "--missing", "Return late").code == 0
    assert changed_lines(before, returns.read_text("utf-8")) == ["-    value: 26", "+    missing: Return late"]


def test_returns_set_creates_the_quarters_file(run, data_copy):
    result = edit(run, data_copy, "returns", "set", "-q", "2026/27 Q3", "-i", "1.1.1.e", "--value", "301")
    assert result.code == 0, result.err
    assert (data_copy / "returns" / "2026-27-Q3.yaml").read_text("utf-8") == (
        'quarter: "2026-27-Q3"\nvalues:\n  - indicator: "1.1.1.e"\n    value: 301\n')


def test_returns_import_takes_every_row_or_none(run, data_copy, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,value,n,note\n1.1.1.f,70,,\n9.9.9.z,1,,\n3.1.1.a,abc,,\n2.2.2.a,55,2.5,\n1.1.1.f,71,,\n")
    before = snapshot(data_copy)
    result = edit(run, data_copy, "returns", "import", str(bad), "-q", "2026-27-Q3")
    assert result.code == 1
    assert result.err.splitlines()[1:] == [
        "  row 3: '9.9.9.z' is not an indicator of obpf.yaml",
        "  row 4: value of indicator 3.1.1.a: 'abc' is not a number",
        "  row 5: n '2.5' of indicator 2.2.2.a is not a whole number of 0 or more",
        "  row 6: indicator 1.1.1.f is also on row 2",
    ]
    assert snapshot(data_copy) == before
    good = tmp_path / "good.csv"
    good.write_text('indicator,value,n,note\n1.1.1.f,70,,\n2.2.2.a,55.5,30,"=HYPERLINK(""http://x"",""y"")"\n'
                    "4.3.1.c,,,Annual survey: results in Q3 only\n")
    result = edit(run, data_copy, "returns", "import", str(good), "-q", "2026-27-Q3")
    assert result.code == 0, result.err
    assert (data_copy / "returns" / "2026-27-Q3.yaml").read_text("utf-8") == textwrap.dedent('''\
        quarter: "2026-27-Q3"
        values:
          - indicator: "1.1.1.f"
            value: 70
          - indicator: "2.2.2.a"
            value: 55.5
            n: 30
            note: =HYPERLINK("http://x","y")
          - indicator: "4.3.1.c"
            missing: 'Annual survey: results in Q3 only'
        ''')


def test_returns_import_reads_xlsx(run, data_copy, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Indicator", "Value", "n", "Note"])
    sheet.append(["5.1.3.a", 41, None, None])
    sheet.append(["5.1.1.b", 66.5, 22, "Partial quarter"])
    path = tmp_path / "provider.xlsx"
    book.save(path)
    result = edit(run, data_copy, "returns", "import", str(path), "-q", "2026-27-Q3")
    assert result.code == 0, result.err
    text = (data_copy / "returns" / "2026-27-Q3.yaml").read_text("utf-8")
    assert '  - indicator: "5.1.3.a"\n    value: 41\n' in text
    assert '  - indicator: "5.1.1.b"\n    value: 66.5\n    n: 22\n    note: Partial quarter\n' in text


def test_fmt_check_passes_on_the_bundled_data(run):
    result = run("fmt", "--check", cwd=ROOT)
    assert result.code == 0, result.out


@pytest.mark.private_cache  # counts what is read afresh
def test_fmt_lays_out_again_only_the_files_not_found_in_the_layout_before(run, data_copy, monkeypatch):
    """The pre-commit hook's `fmt --check` lays out only what changed since a run found it in the
    layout; a file that is not in it is looked at on every run, and new code is a new verdict."""
    import ruamel.yaml

    import vrptool.cache
    import vrptool.canonical
    import vrptool.commands.fmt as fmt_command

    laid_out: list[str] = []
    real = fmt_command.read_document
    monkeypatch.setattr(fmt_command, "read_document",
                        lambda path, root: laid_out.append(str(path.relative_to(root))) or real(path, root))

    def fmt_check(*args: str) -> list[str]:
        laid_out.clear()
        result = run("fmt", *args, "--data", "data", cwd=data_copy.parent)
        return [result.code, sorted(laid_out)]

    everything = sorted(str(p.relative_to(data_copy)) for p in data_copy.rglob("*.yaml"))
    assert len(everything) == 38
    assert fmt_check("--check") == [0, everything]
    assert fmt_check("--check") == [0, []]
    crest = data_copy / "crest.yaml"
    crest.write_text(crest.read_text("utf-8").replace("  author: Crest", "  author:    Crest"), "utf-8")
    assert fmt_check("--check") == [1, ["crest.yaml"]]
    assert fmt_check("--check") == [1, ["crest.yaml"]]  # not in the layout: looked at every time
    assert fmt_check() == [0, ["crest.yaml"]]  # formatted: back to the text found in the layout
    assert fmt_check("--check") == [0, []]
    crest.write_text(crest.read_text("utf-8").replace("  author: Crest", "  author: The Crest"), "utf-8")
    assert fmt_check("--check") == [0, ["crest.yaml"]]  # new text, found in the layout once
    assert fmt_check("--check") == [0, []]
    # another vrptool's code, or another ruamel.yaml, is another verdict
    def key() -> str:
        return vrptool.canonical.LayoutMemo(data_copy).key("x: 1\n", "\n")

    first = key()
    for module, name, value in ((vrptool.cache, "_FINGERPRINT", "0" * 40), (ruamel.yaml, "__version__", "0.0.0")):
        with pytest.MonkeyPatch.context() as other:
            other.setattr(module, name, value)
            assert key() != first
    assert key() == first
    monkeypatch.setenv("VRPTOOL_NO_CACHE", "1")
    assert fmt_check("--check") == [0, everything]


@pytest.mark.slow
def test_fmt_lays_out_a_file_keeping_comments_and_is_idempotent(run, data_copy):
    crest = data_copy / "crest.yaml"
    messy = crest.read_text("utf-8").replace("assessment:\n  title:", "assessment:\n    title:    ", 1)
    messy = messy.replace("  author: Crest Advisory", "    author:   Crest Advisory  # who wrote it")
    messy = messy.replace('  published: "2023-05"', '    published: "2023-05"')
    crest.write_text(messy, "utf-8")
    check = run("fmt", "--check", "--data", "data", cwd=data_copy.parent)
    assert check.code == 1 and check.out.strip() == "data/crest.yaml: not in the canonical layout"
    assert run("fmt", "--data", "data", cwd=data_copy.parent).code == 0
    formatted = crest.read_text("utf-8")
    assert "assessment:\n  title: Joint Readiness Assessment" in formatted
    assert next(line for line in formatted.splitlines() if "author:" in line).startswith("  author: Crest Advisory")
    assert "# who wrote it" in formatted
    assert "# Only the recommendations the ToRs cite are known" in formatted
    assert run("fmt", "--check", "--data", "data", cwd=data_copy.parent).code == 0


def _child(code: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


@contextlib.contextmanager
def edit_running_in(data: Path):
    """Another process holding the data directory as an edit does, until the block ends."""
    holder = _child(textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from vrptool.edit import DataEdit
        with DataEdit(Path({str(data)!r})):
            print("locked", flush=True)
            time.sleep(30)
        """), data.parent)
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.kill()
        holder.wait()


def test_a_second_edit_while_one_runs_is_refused(run, data_copy):
    with edit_running_in(data_copy):
        before = snapshot(data_copy)
        result = edit(run, data_copy, "returns", "set", "-q", "2026-27-Q2", "-i", "5.3.1.a", "--value", "30")
        assert result.code == 1
        assert "another vrptool edit of data is running" in result.err
        assert snapshot(data_copy) == before
    assert edit(run, data_copy, "returns", "set", "-q", "2026-27-Q2", "-i", "5.3.1.a", "--value", "30").code == 0


@pytest.mark.slow
def test_fmt_while_an_edit_runs_is_refused_and_writes_nothing(run, data_copy):
    crest = data_copy / "crest.yaml"
    crest.write_text(crest.read_text("utf-8").replace("  author: Crest", "  author:    Crest", 1), "utf-8")
    with edit_running_in(data_copy):
        before = snapshot(data_copy)
        result = edit(run, data_copy, "fmt")
        assert result.code == 1
        assert "another vrptool edit of data is running" in result.err
        assert snapshot(data_copy) == before
        assert edit(run, data_copy, "fmt", "--check").code == 1  # checking writes nothing: no lock needed
    assert edit(run, data_copy, "fmt").code == 0
    assert "  author: Crest" in crest.read_text("utf-8")


@pytest.mark.parametrize("command", [["fmt"], ["returns", "set", "-q", "2026-27-Q2", "-i", "5.3.1.a", "--value", "30"]])
def test_temporaries_a_killed_write_left_are_removed_by_the_next_writer(run, data_copy, command):
    stray = [data_copy / ".crest.yaml.k2_x9abq.tmp", data_copy / "groups" / ".dawg.yaml.a1b2c3d4.tmp"]
    kept = [data_copy / ".notes.tmp", data_copy / ".crest.yaml.tmp", data_copy / "groups" / ".draft.txt.a1b2c3d4.tmp"]
    for path in stray + kept:
        path.write_text("half a file", "utf-8")
    assert edit(run, data_copy, *command).code == 0
    assert [path for path in stray if path.exists()] == []
    assert [path for path in kept if not path.exists()] == []


@pytest.mark.slow
def test_two_edits_at_once_both_land_or_one_is_refused(data_copy):
    commands = [
        ["returns", "set", "-q", "2026-27-Q2", "-i", "5.3.1.a", "--value", "30"],
        ["returns", "set", "-q", "2026-27-Q2", "-i", "5.3.1.b", "--value", "9"],
    ]
    children = [subprocess.Popen([sys.executable, "-m", "vrptool", *c, "--data", "data"], cwd=data_copy.parent,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    results = [(child.wait(), child.stderr.read()) for child in children]
    text = (data_copy / "returns" / "2026-27-Q2.yaml").read_text("utf-8")
    for (code, err), expected in zip(results, ('  - indicator: "5.3.1.a"\n    value: 30\n',
                                               '  - indicator: "5.3.1.b"\n    value: 9\n')):
        if code == 0:
            assert expected in text  # it landed, and was not overwritten by the other
        else:
            assert code == 1 and "another vrptool edit" in err


@pytest.mark.slow
def test_a_crash_between_write_and_rename_leaves_the_old_file(data_copy):
    before = snapshot(data_copy)
    child = _child(textwrap.dedent("""
        import os
        os.replace = lambda *args: os._exit(9)  # the process dies after writing, before renaming
        from vrptool.cli import main
        main(["returns", "set", "-q", "2026-27-Q2", "-i", "5.3.1.a", "--value", "30", "--data", "data"])
        """), data_copy.parent)
    assert child.wait() == 9
    after = snapshot(data_copy)
    assert {k: v for k, v in after.items() if not Path(k).name.startswith(".")} == before
    leftovers = [p.name for p in (data_copy / "returns").iterdir() if p.name.startswith(".")]
    assert all(name.endswith(".tmp") for name in leftovers)
    result = subprocess.run([sys.executable, "-m", "vrptool", "validate", "--no-cache", "--data", "data"],
                            cwd=data_copy.parent, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_a_failure_while_writing_leaves_the_old_file(data_copy, monkeypatch):
    from vrptool import files

    path = data_copy / "crest.yaml"
    before = path.read_bytes()

    def broken_fsync(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        files.write_atomic(path, b"half")
    assert path.read_bytes() == before
    assert [p.name for p in data_copy.iterdir() if p.name.startswith(".")] == []


def test_a_data_directory_that_cannot_be_opened_is_refused_in_one_line(data_copy, monkeypatch):
    real_scandir = os.scandir

    def refuse_the_directory(path, *args):
        if Path(path) == data_copy:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path, *args)

    monkeypatch.setattr("vrptool.edit.os.scandir", refuse_the_directory)
    out, err = io.StringIO(), io.StringIO()
    assert fmt(data_copy, out=out, err=err) == 1
    assert err.getvalue() == f"vrptool: cannot open {data_copy}: Permission denied\n" and out.getvalue() == ""


def test_apply_returns_the_errors_and_writes_nothing(data_copy):
    import datetime as dt

    from vrptool.edit import DataEdit

    before = snapshot(data_copy)
    with DataEdit(data_copy, dt.date(2026, 11, 21)) as data_edit:
        data_edit.document("crest.yaml")["recommendations"][0]["id"] = "99.1"
        outcome = data_edit.apply()
    assert outcome.changed == [] and outcome.existing_errors == []
    assert sorted({f.rule for f in outcome.new_errors}) == ["unknown-ref"]
    assert all(f.file == str(data_copy / "groups" / f.file.rsplit("/", 1)[-1]) for f in outcome.new_errors)
    assert snapshot(data_copy) == before
    with DataEdit(data_copy, dt.date(2026, 11, 21)) as data_edit:
        data_edit.document("crest.yaml")["recommendations"][0]["text"] = "A changed text."
        outcome = data_edit.apply()
    assert outcome.changed == [data_copy / "crest.yaml"] and not outcome.new_errors
    assert "A changed text." in (data_copy / "crest.yaml").read_text()


def test_a_lock_that_cannot_be_taken_is_refused_in_one_line(data_copy, monkeypatch, tmp_path):
    # The lock file lives in the temporary folder; one that cannot be written there refuses the edit.
    (tmp_path / "a-file").write_text("not a folder", "utf-8")
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(tmp_path / "a-file"))
    out, err = io.StringIO(), io.StringIO()
    assert fmt(data_copy, out=out, err=err) == 1
    assert err.getvalue().startswith(f"vrptool: cannot take the lock for {data_copy}: ") and out.getvalue() == ""
    assert len(err.getvalue().splitlines()) == 1


def test_the_lock_leaves_nothing_in_the_data_and_no_posix_only_module_is_imported(data_copy):
    before = sorted(p.relative_to(data_copy) for p in data_copy.rglob("*"))
    child = subprocess.run([sys.executable, "-c", textwrap.dedent(f"""
        import sys
        sys.modules["fcntl"] = None  # as on Windows: importing it fails
        from vrptool.cli import main
        code = main(["returns", "set", "-q", "2026-27-Q2", "-i", "5.3.1.a", "--value", "30", "--data", {str(data_copy)!r}])
        sys.exit(code)
        """)], capture_output=True, text=True)
    assert child.returncode == 0, child.stderr
    after = sorted(p.relative_to(data_copy) for p in data_copy.rglob("*"))
    assert [p for p in after if p not in before] == []
