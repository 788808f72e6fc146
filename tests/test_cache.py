"""The result cache: an unchanged data directory is not checked again, and no edit is ever missed.

Every test here fails when the cache is broken: each one shows both that a result is served from
the cache when nothing changed (the rules then never run) and that any change is
checked afresh. They watch the check pipeline from outside, not the cache's own files.
"""

from __future__ import annotations

import shutil

import pytest

import vrptool.checks

# These tests look into the cache and count what it holds: each has its own.
pytestmark = pytest.mark.private_cache

TODAY = "2026-11-21"


@pytest.fixture
def loads(monkeypatch) -> list:
    """A record of each time the data is checked afresh (the rules run over it)."""
    monkeypatch.delenv("VRPTOOL_NO_CACHE", raising=False)
    calls: list = []
    real = vrptool.checks.run_checks

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(vrptool.checks, "run_checks", counting)
    return calls


def validate(run, data_copy, *options: str):
    return run("validate", "--data", "data", "--format", "json", *options, cwd=data_copy.parent)


def test_a_second_run_is_served_from_the_cache(run, data_copy, loads, tmp_path):
    first = validate(run, data_copy, "--today", TODAY)
    assert (first.code, len(loads)) == (0, 1)
    second = validate(run, data_copy, "--today", TODAY)
    assert len(loads) == 1, "the data was checked again although nothing changed"
    assert (second.code, second.out) == (first.code, first.out)


def test_an_edit_between_two_runs_is_seen(run, data_copy, loads):
    first = validate(run, data_copy, "--today", TODAY)
    assert validate(run, data_copy, "--today", TODAY).out == first.out
    assert len(loads) == 1
    crest = data_copy / "crest.yaml"
    crest.write_text(crest.read_text().replace('id: "6.2"', 'id: "6.20"'))
    result = validate(run, data_copy, "--today", TODAY)
    assert len(loads) == 2
    assert result.code == 1
    assert [f["rule"] for f in result.json["findings"] if f["severity"] == "error"] == ["unknown-ref"]
    assert validate(run, data_copy, "--today", TODAY).out == result.out
    assert len(loads) == 2, "the edited data was not cached in its turn"


def test_a_new_file_and_another_day_are_checked_afresh(run, data_copy, loads):
    first = validate(run, data_copy, "--today", TODAY)
    validate(run, data_copy, "--today", TODAY)
    assert len(loads) == 1
    later = validate(run, data_copy, "--today", "2026-11-22")
    assert len(loads) == 2
    assert later.out != first.out  # the review-overdue findings count the days
    (data_copy / "groups" / "new.yaml").write_text("id: new\n")
    with_new = validate(run, data_copy, "--today", TODAY)
    assert len(loads) == 3
    assert with_new.json["summary"]["files"] == first.json["summary"]["files"] + 1


def test_a_damaged_cache_is_ignored_and_replaced(run, data_copy, loads, tmp_path):
    first = validate(run, data_copy, "--today", TODAY)
    entries = [p for p in (tmp_path / "cache").rglob("*") if p.is_file() and p.name != "secret"]
    assert entries
    for entry in entries:
        entry.write_text("{not json")
    again = validate(run, data_copy, "--today", TODAY)
    assert (again.code, again.out, len(loads)) == (first.code, first.out, 2)
    assert validate(run, data_copy, "--today", TODAY).out == first.out
    assert len(loads) == 2, "the damaged entry was not replaced"


def test_no_cache_neither_reads_nor_writes(run, data_copy, loads, tmp_path):
    assert run("validate", "--no-cache", "--data", "data", cwd=data_copy.parent).code == 0
    assert not (tmp_path / "cache").exists()
    validate(run, data_copy, "--today", TODAY)
    validate(run, data_copy, "--today", TODAY)
    assert len(loads) == 2
    assert run("validate", "--no-cache", "--data", "data", "--today", TODAY, cwd=data_copy.parent).code == 0
    assert len(loads) == 3, "--no-cache was served from the cache"


def test_rendering_uses_the_cached_findings_and_still_loads_the_data(run, data_copy, loads, tmp_path):
    validate(run, data_copy)  # rendering judges the data as of today
    result = run("render", "tor", "dawg", "--data", "data", "-o", str(tmp_path / "tors"), cwd=data_copy.parent)
    assert result.code == 0, result.err
    assert len(loads) == 1, "the unchanged data was checked again for rendering"
    assert (tmp_path / "tors" / "dawg.md").read_text().startswith("#")


def test_the_same_files_in_another_folder_are_not_parsed_again_and_findings_name_that_folder(
        run, data_copy, loads, monkeypatch, tmp_path):
    """A second clone or worktree of the data repository (or `--data` named another way) holds the
    same files: each is taken from the store, and what the store kept for it (its loader's and its
    schema's findings) is given at the file in the folder checked."""
    import vrptool.dataset

    dawg = data_copy / "groups" / "dawg.yaml"
    dawg.write_text(dawg.read_text().replace("abbreviation: DAWG", "abbreviation: DAWG\nabreviation: D")
                    .replace("tor:", "tor:\n  quorum: yes", 1))
    first = validate(run, data_copy, "--today", TODAY)
    mine = {(f["rule"], f["line"]) for f in first.json["findings"] if f["file"] == "data/groups/dawg.yaml"}
    assert {"schema", "yaml-1.1-boolean"} <= {rule for rule, _ in mine}, first.out
    parsed: list[str] = []
    real = vrptool.dataset._Loader._afresh

    def afresh(self, kind, path, raw, key):
        parsed.append(str(path))
        return real(self, kind, path, raw, key)

    monkeypatch.setattr(vrptool.dataset._Loader, "_afresh", afresh)
    other = tmp_path / "clone" / "data"
    shutil.copytree(data_copy, other)
    second = run("validate", "--data", str(other), "--format", "json", "--today", TODAY)
    assert parsed == [], "files the store holds were parsed again in another folder"
    assert second.code == first.code
    assert [(f["file"], f["rule"], f["line"], f["message"]) for f in second.json["findings"]] == [
        (f["file"].replace("data", str(other), 1), f["rule"], f["line"], f["message"]) for f in first.json["findings"]]


# What a run on unchanged data imports: pre-commit runs validate on every commit, so the warm
# path must not pay for the YAML parser, the models (pydantic) or the rules.
WARM_RUN = """
import sys, runpy
sys.argv = ["vrptool", "validate", "--data", sys.argv[1], "--today", "2026-11-21"]
try:
    runpy.run_module("vrptool", run_name="__main__")
except SystemExit as stop:
    code = stop.code
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "pydantic_core", "ruamel", "jinja2")
               or m.startswith(("vrptool.rules", "vrptool.models", "vrptool.loader")))
print("IMPORTED", code, heavy, file=sys.stderr)
"""


def test_a_run_on_unchanged_data_imports_neither_the_parser_nor_the_models_nor_the_rules(data_copy, monkeypatch):
    import subprocess
    import sys

    monkeypatch.delenv("VRPTOOL_NO_CACHE", raising=False)
    # a cache of its own: the worker's may hold these files' findings from another test's copy
    monkeypatch.setenv("VRPTOOL_CACHE_DIR", str(data_copy.parent / "cache"))
    runs = [subprocess.run([sys.executable, "-c", WARM_RUN, str(data_copy)], capture_output=True, text=True,
                           check=False) for _ in range(2)]
    first, second = (run.stderr.strip().splitlines()[-1] for run in runs)
    assert first.startswith("IMPORTED 0 [") and "'vrptool.models.records'" in first  # the first run checks the data
    assert second == "IMPORTED 0 []", second


@pytest.fixture
def code(tmp_path, monkeypatch):
    """vrptool's code as two files of a test's own, with a cache folder of its own: code.key()
    is the code key a new run would compute, code.hashed the runs that read the files' bytes."""
    from vrptool import cache, installed

    monkeypatch.setenv("VRPTOOL_CACHE_DIR", str(tmp_path / "cache"))
    rule, template = tmp_path / "rule.py", tmp_path / "tor.md.j2"
    rule.write_text('RULE = "the old message"\n')
    template.write_text("{{ group.name }}\n")
    monkeypatch.setattr(installed, "code_files", lambda: [("modules/rule.py", rule), ("templates/tor.md.j2", template)])
    hashed: list[int] = []
    real = cache._code_digest

    def counting(files):
        hashed.append(1)
        return real(files)

    monkeypatch.setattr(cache, "_code_digest", counting)

    class Code:
        def key(self) -> str:
            monkeypatch.setattr(cache, "_FINGERPRINT", None)  # as a new process
            return cache.code_fingerprint()

    found = Code()
    found.rule, found.template, found.hashed = rule, template, hashed  # type: ignore[attr-defined]
    found.digest = lambda: real(installed.code_files())  # type: ignore[attr-defined]
    return found


def test_the_code_key_is_remembered_while_every_file_stands_as_it_was(code, monkeypatch):
    """A run on unchanged data reads no module or template: the code key is remembered by each
    file's identity on disk, and any change to a file is a new identity, so its bytes are hashed."""
    from vrptool import cache

    monkeypatch.setattr(cache, "SETTLED_NS", 0)  # the files were written just now
    first = code.key()
    assert code.key() == first and len(code.hashed) == 1, "the bytes were read again although no file changed"
    code.rule.write_text('RULE = "the new message"\n')  # the same size, in place: same inode
    second = code.key()
    assert second != first and len(code.hashed) == 2
    assert second == code.digest()
    code.template.unlink()
    code.template.write_text("{{ group.name }}\n")  # the same bytes, in a new file: hashed again
    assert code.key() == second and len(code.hashed) == 3


def test_a_code_key_memo_edited_by_hand_is_not_believed(code, monkeypatch, tmp_path):
    from vrptool import cache

    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    first = code.key()
    [memo] = (tmp_path / "cache").rglob("code/*.json")
    signature, _, body = memo.read_bytes().partition(b"\n")
    memo.write_bytes(signature + b"\n" + body.replace(first[:8].encode(), b"00000000"))
    assert code.key() == first and len(code.hashed) == 2


def test_a_file_changed_within_the_last_moments_is_hashed_on_every_run(code):
    """A file written less than SETTLED_NS ago could be written again within the same tick of
    the file system's clock, its times unchanged: such code is hashed every time, never memoised."""
    first = code.key()
    assert code.key() == first and len(code.hashed) == 2
