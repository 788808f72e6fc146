"""Edits are all or nothing: every file of an edit is prepared and checked before any is renamed,
a failure or a kill leaves all old or all new, and what YAML would misread is quoted."""

from __future__ import annotations

import json
import os
import random
import shutil
import textwrap
import time
from pathlib import Path

import pytest

from tests.processes import Ran
from tests.test_edit import snapshot

ACHIEVE = ["crest", "set", "6.2", "--status", "achieved", "--on", "2024-09-30", "--evidence", "Framework agreed",
           "--update-tors"]
TODAY = "2026-11-21"


@pytest.fixture
def vrptool(vrptool_process):
    """`vrptool ARGS --data data` in the data's folder, as a real process (tests/processes.py), with
    the worker's cache as a user has theirs: a kill may fall in the store's writes too."""
    def run(data: Path, *args: str, patch: str = "", kill_after: float | None = None) -> Ran:
        environment = {name: value for name, value in os.environ.items() if name != "VRPTOOL_NO_CACHE"}
        return vrptool_process(*args, "--data", "data", cwd=data.parent, patch=patch, kill_after=kill_after,
                               env=environment, timeout=120)
    return run


def visible(state: dict[str, str]) -> dict[str, str]:
    """The data files, without the edit's own bookkeeping (temporaries, journal)."""
    return {name: digest for name, digest in state.items() if not Path(name).name.startswith(".")}


@pytest.fixture(scope="module")
def old_and_new(tmp_path_factory, vrptool_process) -> tuple[dict, dict]:
    """The data before and after the two-file edit (crest.yaml and groups/dawg.yaml)."""
    from tests.conftest import BUNDLED

    data = tmp_path_factory.mktemp("reference") / "data"
    shutil.copytree(BUNDLED, data)
    old = snapshot(data)
    done = vrptool_process(*ACHIEVE, "--data", "data", cwd=data.parent, env={**os.environ, "VRPTOOL_NO_CACHE": "1"})
    assert done.returncode == 0, done.stderr
    new = snapshot(data)
    assert {name for name in old if old[name] != new[name]} == {"crest.yaml", "groups/dawg.yaml"}
    return old, new


# Quoting -------------------------------------------------------------------------------------

@pytest.mark.parametrize("word", ["No", "Yes", "y", "on", "OFF", "null", "12", "1e3", "true"])
def test_a_missing_reason_yaml_would_misread_is_quoted(run, data_copy, word):
    result = run("returns", "set", "-q", "2026-27-Q2", "-i", "1.1.1.e", "--missing", word, "--data", "data",
                 cwd=data_copy.parent)
    assert result.code == 0, result.err
    assert f'    missing: "{word}"\n' in (data_copy / "returns" / "2026-27-Q2.yaml").read_text("utf-8")
    assert run("validate", "--data", "data", "--today", TODAY, cwd=data_copy.parent).code == 0


def test_evidence_yes_is_quoted(run, data_copy):
    result = run("crest", "set", "6.2", "--status", "achieved", "--on", "2024-09-30", "--evidence", "Yes",
                 "--data", "data", cwd=data_copy.parent)
    assert result.code == 0, result.err
    assert '    evidence: "Yes"\n' in (data_copy / "crest.yaml").read_text("utf-8")


def test_an_imported_note_no_is_quoted(run, data_copy, tmp_path):
    sheet = tmp_path / "returns.csv"
    sheet.write_text("indicator,value,n,note\n1.1.1.e,,,No\n", "utf-8")
    result = run("returns", "import", str(sheet), "-q", "2026-27-Q2", "--data", "data", cwd=data_copy.parent)
    assert result.code == 0, result.err
    assert '    missing: "No"\n' in (data_copy / "returns" / "2026-27-Q2.yaml").read_text("utf-8")


# Data that already has errors ----------------------------------------------------------------

@pytest.mark.parametrize("damage, rule", [
    (("  - id: \"6.2\"\n", "  - id: \"6.2\"\n    id: \"6.2\"\n"), "duplicate-key"),
    (("  author: Crest Advisory", "  author: Caf\udce9"), "yaml-syntax"),
    (("recommendations:\n", "deep: " + "[" * 10_000 + "]" * 10_000 + "\nrecommendations:\n"), "yaml-syntax"),
])
def test_an_edit_of_a_file_with_errors_names_the_file_and_its_error(run, data_copy, damage, rule):
    crest = data_copy / "crest.yaml"
    text = crest.read_text("utf-8")
    old, new = damage
    assert old in text
    crest.write_bytes(text.replace(old, new, 1).encode("utf-8", "surrogateescape"))
    before = snapshot(data_copy)
    result = run("crest", "set", "6.2", "--status", "in_progress", "--data", "data", cwd=data_copy.parent)
    assert result.code == 1
    assert result.err.startswith("vrptool: data/crest.yaml cannot be edited until its errors are fixed; "
                                 "nothing was changed:\n  data/crest.yaml:"), result.err
    assert f"[{rule}]" in result.err and "Traceback" not in result.err
    assert snapshot(data_copy) == before


def test_an_edit_of_data_with_an_impossible_date_names_it(run, data_copy):
    dawg = data_copy / "groups" / "dawg.yaml"
    dawg.write_text(dawg.read_text("utf-8").replace("  issued: 2023-10-19", "  issued: 2023-02-30", 1), "utf-8")
    before = snapshot(data_copy)
    result = run("returns", "set", "-q", "2026-27-Q2", "-i", "1.1.1.e", "--value", "3", "--data", "data",
                 cwd=data_copy.parent)
    assert result.code == 1
    assert result.err.startswith("vrptool: the data already has 1 error; fix them first, nothing was changed:\n"
                                 "  data/groups/dawg.yaml:"), result.err
    assert "[schema]" in result.err and "not a real date" in result.err
    assert snapshot(data_copy) == before


def test_an_edit_never_reads_or_writes_through_a_folder_linked_outside(run, data_copy, tmp_path):
    outside = tmp_path / "elsewhere"
    (data_copy / "groups").rename(outside)
    (data_copy / "groups").symlink_to(outside)
    before = snapshot(outside)
    result = run(*ACHIEVE, "--data", "data", cwd=data_copy.parent)
    assert result.code == 1
    assert "[outside-link]" in result.err and "nothing was changed" in result.err
    assert snapshot(outside) == before


# Prepared and checked before any rename ------------------------------------------------------

def test_a_group_id_of_250_characters_is_edited_with_the_rest(run, data_copy):
    long_id = "g" * 250
    dawg = (data_copy / "groups" / "dawg.yaml").read_text("utf-8")
    (data_copy / "groups" / f"{long_id}.yaml").write_text(
        dawg.replace('id: "dawg"', f'id: "{long_id}"', 1).replace("abbreviation: DAWG", "abbreviation: G", 1), "utf-8")
    assert run("validate", "--data", "data", "--today", TODAY, cwd=data_copy.parent).code == 0
    result = run(*ACHIEVE, "--data", "data", cwd=data_copy.parent)
    assert result.code == 0, result.err
    for name in ("dawg", long_id):
        assert '"6.2"' not in (data_copy / "groups" / f"{name}.yaml").read_text("utf-8").split("recommendations:")[1]
    assert "status: achieved" in (data_copy / "crest.yaml").read_text("utf-8").split('id: "6.2"')[1][:400]


def test_a_folder_that_cannot_be_written_leaves_every_file_old(run, data_copy, monkeypatch):
    import tempfile

    real = tempfile.mkstemp

    def refusing(*args, dir=None, **kwargs):  # root ignores chmod: refuse the write itself
        if dir is not None and Path(dir).name == "groups":
            raise PermissionError(13, "Permission denied", str(dir))
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refusing)
    before = snapshot(data_copy)
    result = run(*ACHIEVE, "--data", "data", cwd=data_copy.parent)
    assert result.code == 1
    assert result.err == "vrptool: cannot write data/groups: Permission denied; nothing was changed\n"
    assert snapshot(data_copy) == before


def test_an_edit_that_would_pass_the_size_limit_writes_nothing(run, data_copy, monkeypatch):
    largest = max(path.stat().st_size for path in data_copy.rglob("*.yaml"))
    monkeypatch.setenv("VRPTOOL_MAX_FILE_BYTES", str(largest + 100))
    before = snapshot(data_copy)
    result = run("returns", "set", "-q", "2026-27-Q2", "-i", "1.1.1.e", "--missing", "x" * (largest + 200),
                 "--data", "data", cwd=data_copy.parent)
    assert result.code == 1
    assert "the edit would make the data invalid; nothing was changed" in result.err
    assert f"more than the {largest + 100:,} a data file may have" in result.err
    assert snapshot(data_copy) == before


# Killed part way: all old or all new -----------------------------------------------------------

def kill_at_rename(number: int) -> str:
    """Child code: the process dies at its `number`-th rename of a data file or the journal."""
    return textwrap.dedent(f"""
        import os
        real, seen = os.replace, [0]
        def replace(source, target, *args, **kwargs):
            if os.path.basename(str(target)).endswith((".yaml", ".vrptool-edit.json")):
                seen[0] += 1
                if seen[0] == {number}:
                    os._exit(9)
            return real(source, target, *args, **kwargs)
        os.replace = replace
        """)


@pytest.mark.slow  # four real processes each, one of them killed
@pytest.mark.parametrize("number, expected", [(1, "old"), (2, "new"), (3, "new")])
def test_a_kill_at_each_rename_of_a_two_file_edit(vrptool, data_copy, old_and_new, number, expected):
    """Rename 1 writes the journal; 2 and 3 rename crest.yaml and groups/dawg.yaml. Killed before the
    journal, the edit never happened; killed after it, validate reports the mixed state and the next
    command finishes the edit."""
    old, new = old_and_new
    killed = vrptool(data_copy, *ACHIEVE, patch=kill_at_rename(number))
    assert killed.returncode == 9
    check = vrptool(data_copy, "validate", "--format", "json", "--today", TODAY)
    if number == 1:
        assert check.returncode == 0 and visible(snapshot(data_copy)) == visible(old)
    else:
        assert check.returncode == 1
        assert [(f["rule"], f["file"]) for f in json.loads(check.stdout)["findings"] if f["severity"] == "error"] \
            == [("interrupted-edit", "data/.vrptool-edit.json")]
    finish = vrptool(data_copy, "fmt")
    assert finish.returncode == 0, finish.stderr
    assert snapshot(data_copy) == (old if expected == "old" else new)
    assert vrptool(data_copy, "validate", "--today", TODAY).returncode == 0


@pytest.mark.slow  # ten real edits killed at random moments, each followed by a real fmt
def test_random_kills_during_a_two_file_edit_leave_all_old_or_all_new(vrptool, data_copy, old_and_new):
    old, new = old_and_new
    pristine = data_copy.parent / "pristine"
    shutil.copytree(data_copy, pristine)
    start = time.perf_counter()
    assert vrptool(data_copy, *ACHIEVE).returncode == 0
    duration = time.perf_counter() - start
    rng = random.Random(12)
    outcomes = set()
    for _ in range(10):
        shutil.rmtree(data_copy)
        shutil.copytree(pristine, data_copy)
        # the process was forked after Python's start-up: each kill falls in the edit's own work
        vrptool(data_copy, *ACHIEVE, kill_after=rng.uniform(0.3, 1.0) * duration)
        assert vrptool(data_copy, "fmt").returncode == 0  # finishes a journal, removes temporaries
        state = snapshot(data_copy)
        assert state in (old, new)
        outcomes.add("new" if state == new else "old")
    assert outcomes  # each run ended in one of the two states


def test_a_journal_vrptool_did_not_write_is_refused(vrptool, data_copy, tmp_path):
    outside = tmp_path / "victim.yaml"
    outside.write_text("kept\n")
    (data_copy / ".vrptool-x1234567.tmp").write_text("planted\n")
    (data_copy / ".vrptool-edit.json").write_text(json.dumps({"renames": [[".vrptool-x1234567.tmp",
                                                                        "../victim.yaml"]]}))
    done = vrptool(data_copy, "returns", "set", "-q", "2026-27-Q2", "-i", "1.1.1.e", "--value", "3")
    assert done.returncode == 1
    assert done.stderr == ("vrptool: data/.vrptool-edit.json is not the journal of a vrptool edit; "
                           "look at it, then remove it\n")
    assert outside.read_text() == "kept\n"


# fmt -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["+0x1A", "1_0.5", "1_000", "0b101", "+.5e-1_0"])
def test_fmt_never_changes_what_a_value_means(run, data_copy, written):
    """ruamel.yaml alone reads +0x1A as 26 and 1_0.5 as 10.5; vrptool reads text, and fmt keeps it."""
    crest = data_copy / "crest.yaml"
    text = crest.read_text("utf-8")
    crest.write_text(text.replace("  author: Crest Advisory", f"  author:   {written}", 1), "utf-8")
    result = run("fmt", "--data", "data", cwd=data_copy.parent)
    assert result.code == 0, result.err
    assert crest.read_text("utf-8") == text.replace("  author: Crest Advisory", f"  author: {written}", 1)
    check = run("validate", "--data", "data", "--format", "json", "--today", TODAY, cwd=data_copy.parent)
    assert check.code == 0


def test_fmt_refuses_a_file_whose_values_it_would_change(run, data_copy, monkeypatch):
    import vrptool.commands.fmt as fmt_command

    crest = data_copy / "crest.yaml"
    crest.write_text(crest.read_text("utf-8").replace("  author: Crest", "  author:    Crest"), "utf-8")
    real = fmt_command.dump
    monkeypatch.setattr(fmt_command, "dump", lambda document: real(document).replace("Crest Advisory", "26"))
    before = snapshot(data_copy)
    result = run("fmt", "--data", "data", cwd=data_copy.parent)
    assert result.code == 1
    assert ("vrptool: data/crest.yaml: formatting would change what it says at assessment.author "
            "('Crest Advisory' would become 26)") in result.err
    assert snapshot(data_copy) == before


def test_fmt_refuses_data_that_does_not_validate(run, data_copy):
    crest = data_copy / "crest.yaml"
    crest.write_text(crest.read_text("utf-8").replace('id: "6.2"', 'id: "6.20"').replace("  author: Crest",
                                                                                           "  author:    Crest"), "utf-8")
    before = snapshot(data_copy)
    for args in (["fmt"], ["fmt", "--check"]):
        result = run(*args, "--data", "data", cwd=data_copy.parent)
        assert result.code == 1
        assert result.err.startswith("vrptool: the data has 1 error; fix them before formatting; nothing was "
                                     "formatted:\n  data/groups/dawg.yaml:")
    assert snapshot(data_copy) == before
