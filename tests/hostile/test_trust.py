"""Trust nothing the repository holds: output that cannot be forged, files checked before they
are read, a cache that is never an input, edits that are all or nothing."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BUNDLED

# These tests damage, forge and look into the cache: each has its own.
pytestmark = pytest.mark.private_cache

FORGED_KEY = '"x\\n::warning file=data/crest.yaml,line=1::all clear\\r\\u2028y": 1\n'


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_a_key_cannot_forge_a_line_of_output(run, data_copy, output_format):
    dawg = data_copy / "groups" / "dawg.yaml"
    dawg.write_text(dawg.read_text("utf-8") + FORGED_KEY, "utf-8")
    result = run("validate", "--data", "data", "--format", output_format, "--today", "2026-11-21",
                 cwd=data_copy.parent)
    assert result.code == 1
    lines = result.out.split("\n")
    assert not [line for line in lines if line.startswith("::warning file=data/crest.yaml,line=1::")]
    forged = [line for line in lines if "all clear" in line]
    assert len(forged) == 1 and "schema" in forged[0] and "dawg.yaml" in forged[0]
    if output_format == "text":
        assert "\u2028" not in result.out and "\r" not in result.out
        assert "'x\\n::warning file=data/crest.yaml,line=1::all clear\\r\\u2028y'" in forged[0]


# -o writes only regular files ---------------------------------------------------------------

def test_report_to_a_link_to_a_device_is_refused_and_the_link_kept(run, data_copy, tmp_path):
    link = tmp_path / "report.md"
    link.symlink_to("/dev/null")
    result = run("report", "--data", "data", "--quarter", "2026-27-Q2", "--today", "2026-11-21", "-o", str(link),
                 cwd=data_copy.parent)
    assert result.code == 2
    assert result.err == (f"vrptool: cannot write {link}: it is a link to a device, not a regular file; "
                          "vrptool writes only regular files\n")
    assert link.is_symlink() and os.readlink(link) == "/dev/null"


def test_rendering_onto_a_named_pipe_is_refused_without_waiting(run, data_copy, tmp_path):
    out_dir = tmp_path / "tors"
    out_dir.mkdir()
    os.mkfifo(out_dir / "dawg.md")
    result = run("render", "tor", "dawg", "--data", "data", "-o", str(out_dir), cwd=data_copy.parent)
    assert result.code == 2
    assert "it is a named pipe, not a regular file" in result.err
    assert stat.S_ISFIFO(os.lstat(out_dir / "dawg.md").st_mode)


def test_schema_onto_a_directory_is_refused(run, tmp_path):
    (tmp_path / "schemas" / "crest.schema.json").mkdir(parents=True)
    result = run("schema", "-o", str(tmp_path / "schemas"), cwd=tmp_path)
    assert result.code == 2 and "it is a directory, not a regular file" in result.err


def test_a_link_to_standard_output_is_refused(data_copy, tmp_path):
    link = tmp_path / "out.md"
    link.symlink_to("/proc/self/fd/1")
    done = subprocess.run([sys.executable, "-m", "vrptool", "report", "--data", "data", "--quarter", "2026-27-Q2",
                           "--today", "2026-11-21", "-o", str(link)], cwd=data_copy.parent, capture_output=True,
                          text=True, env={**os.environ, "VRPTOOL_NO_CACHE": "1"}, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "it is a link to a named pipe, not a regular file" in done.stderr
    assert link.is_symlink() and done.stdout == ""


@pytest.mark.parametrize("target", ["/dev/null", "/dev/zero"])
def test_devices_are_never_targets(target):
    from vrptool.files import NotRegularFile, regular_target

    if not os.path.exists(target):
        pytest.fail(f"{target} is missing on this machine")
    with pytest.raises(NotRegularFile, match="it is a device"):
        regular_target(Path(target))


def test_a_link_to_a_regular_file_writes_that_file(tmp_path):
    from vrptool.files import write_atomic

    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink() and real.read_text() == "new"


# A cache that is never an input ---------------------------------------------------------------

TODAY = "2026-11-21"


@pytest.fixture
def checks_run(monkeypatch) -> list:
    """Each time the data is checked afresh (the cache did not answer)."""
    import vrptool.checks

    monkeypatch.delenv("VRPTOOL_NO_CACHE", raising=False)
    calls: list = []
    real = vrptool.checks.run_checks
    monkeypatch.setattr(vrptool.checks, "run_checks", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def validate_json(run, data_copy):
    return run("validate", "--data", "data", "--format", "json", "--today", TODAY, cwd=data_copy.parent)


def break_the_data(data: Path) -> None:
    crest = data / "crest.yaml"
    crest.write_text(crest.read_text("utf-8").replace('id: "6.2"', 'id: "6.20"'), "utf-8")


def sign(secret: bytes, kind: str, key: str, body: bytes) -> bytes:
    import hashlib
    import hmac

    return hmac.new(secret, f"{kind}\0{key}\0".encode() + body, hashlib.sha256).hexdigest().encode() + b"\n" + body


CLEAN = json.dumps({"findings": [], "files": 37}).encode()


@pytest.mark.slow
def test_a_cache_committed_to_the_repository_is_never_read(tmp_path):
    """The attack: a pull request commits invalid data together with a cache that says it is clean
    (signed with a secret it commits too, at the key vrptool would compute). CI's command, in a
    fresh clone, must still fail."""
    import datetime as dt

    from vrptool import __version__, cache

    origin = tmp_path / "origin"
    shutil.copytree(BUNDLED, origin / "data")
    break_the_data(origin / "data")
    secret = b"k" * 32
    key = cache.key(origin / "data", dt.date.today())
    assert key is not None
    for folder in (origin / ".vrptool-cache", origin / "data" / ".vrptool-cache"):
        (folder / __version__ / "results").mkdir(parents=True)
        (folder / cache.SECRET_NAME).write_bytes(secret)
        (folder / __version__ / "results" / f"{key}.json").write_bytes(sign(secret, "results", key, CLEAN))
        (folder / __version__ / f"{key}.json").write_bytes(CLEAN)  # where earlier versions looked
    git = ["git", "-c", "user.name=A", "-c", "user.email=a@example.org"]
    subprocess.run([*git, "init", "-q", str(origin)], check=True)
    subprocess.run([*git, "-C", str(origin), "add", "-A", "-f"], check=True)
    subprocess.run([*git, "-C", str(origin), "commit", "-qm", "clean, says the cache"], check=True)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
    assert (clone / ".vrptool-cache" / cache.SECRET_NAME).read_bytes() == secret
    home = tmp_path / "home"
    home.mkdir()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("VRPTOOL_", "XDG_"))}
    for settings in ({}, {"VRPTOOL_CACHE_DIR": str(clone / ".vrptool-cache")},
                     {"VRPTOOL_CACHE_DIR": str(clone / "data" / ".vrptool-cache")}, {"XDG_CACHE_HOME": str(clone)}):
        done = subprocess.run([sys.executable, "-m", "vrptool", "validate", "--format", "github"], cwd=clone,
                              capture_output=True, text=True, timeout=60, env={**base, "HOME": str(home), **settings})
        assert done.returncode == 1, (settings, done.stdout, done.stderr)
        assert "title=vrptool [unknown-ref]::no Crest recommendation '6.2'" in done.stdout
    assert subprocess.run(["git", "-C", str(clone), "status", "--porcelain"], capture_output=True,
                          text=True).stdout == ""  # and nothing was written into the working tree
    assert (home / ".cache" / "vrptool" / cache.SECRET_NAME).exists()


def test_an_entry_edited_by_hand_is_a_miss(run, data_copy, checks_run, tmp_path):
    break_the_data(data_copy)
    assert validate_json(run, data_copy).code == 1
    assert validate_json(run, data_copy).code == 1 and len(checks_run) == 1  # served from the cache
    (entry,) = (tmp_path / "cache").rglob("results/*.json")
    signature, _, _body = entry.read_bytes().partition(b"\n")
    entry.write_bytes(signature + b"\n" + CLEAN)
    result = validate_json(run, data_copy)
    assert result.code == 1 and len(checks_run) == 2
    assert [f["rule"] for f in result.json["findings"] if f["severity"] == "error"] == ["unknown-ref"]


def test_an_entry_signed_with_another_secret_is_a_miss(run, data_copy, checks_run, tmp_path):
    break_the_data(data_copy)
    assert validate_json(run, data_copy).code == 1
    (entry,) = (tmp_path / "cache").rglob("results/*.json")
    entry.write_bytes(sign(b"x" * 32, "results", entry.stem, CLEAN))
    assert validate_json(run, data_copy).code == 1 and len(checks_run) == 2


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_a_secret_others_can_read_turns_the_cache_off(run, data_copy, checks_run, tmp_path, mode):
    assert validate_json(run, data_copy).code == 0
    secret = tmp_path / "cache" / "secret"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    secret.chmod(mode)
    validate_json(run, data_copy)
    validate_json(run, data_copy)
    assert len(checks_run) == 3


@pytest.mark.parametrize("damage", ["truncated", "binary", "directory", "pipe", "empty", "deep"])
def test_a_damaged_entry_is_a_miss(run, data_copy, checks_run, tmp_path, damage):
    first = validate_json(run, data_copy)
    (entry,) = (tmp_path / "cache").rglob("results/*.json")
    raw = entry.read_bytes()
    entry.unlink()
    if damage == "truncated":
        entry.write_bytes(raw[: len(raw) // 2])
    elif damage == "binary":
        entry.write_bytes(os.urandom(4096))
    elif damage == "directory":
        entry.mkdir()
    elif damage == "pipe":
        os.mkfifo(entry)
    elif damage == "deep":
        entry.write_bytes(raw.partition(b"\n")[0] + b"\n" + b"[" * 100_000)
    else:
        entry.write_bytes(b"")
    again = validate_json(run, data_copy)
    assert (again.code, again.out, len(checks_run)) == (first.code, first.out, 2)


def test_a_file_replaced_by_a_link_with_the_same_bytes_is_checked_again(run, data_copy, tmp_path):
    assert validate_json(run, data_copy).code == 0
    dawg = data_copy / "groups" / "dawg.yaml"
    outside = tmp_path / "dawg.yaml"
    shutil.move(dawg, outside)
    dawg.symlink_to(outside)
    result = validate_json(run, data_copy)
    assert result.code == 1
    assert [(f["rule"], f["file"]) for f in result.json["findings"] if f["rule"] == "outside-link"] == [
        ("outside-link", "data/groups/dawg.yaml")]


def test_the_limits_are_part_of_the_key(run, data_copy, monkeypatch):
    monkeypatch.setenv("VRPTOOL_MAX_FILE_BYTES", str(100 * 1024 * 1024))
    assert validate_json(run, data_copy).code == 0
    monkeypatch.setenv("VRPTOOL_MAX_FILE_BYTES", "4000")
    result = validate_json(run, data_copy)
    assert result.code == 1
    assert "more than the 4,000" in result.json["findings"][0]["message"]
    monkeypatch.setenv("VRPTOOL_MAX_FILE_BYTES", str(100 * 1024 * 1024))
    monkeypatch.setenv("VRPTOOL_MAX_DEPTH", "2")
    deep = validate_json(run, data_copy)
    assert deep.code == 1 and "nested more than 2 levels" in deep.out


def test_vrptool_code_is_part_of_the_key(tmp_path, monkeypatch):
    """The key holds the bytes of every module and template: a rule's message or a template
    edited is a new key, whatever the file's times say."""
    from vrptool import cache, installed

    names = [name for name, _ in installed.code_files()]
    assert "modules/rules/abbreviation.py" in names and "modules/checks.py" in names
    assert any(name.startswith("templates/") and name.endswith(".j2") for name in names)
    assert "templates/reference.docx" in names
    rule, template = tmp_path / "rule.py", tmp_path / "tor.md.j2"
    rule.write_text('RULE = "the old message"\n')
    template.write_text("{{ group.name }}\n")
    monkeypatch.setattr(installed, "code_files", lambda: [("modules/rule.py", rule), ("templates/tor.md.j2", template)])

    def fingerprint() -> str:
        monkeypatch.setattr(cache, "_FINGERPRINT", None)
        return cache.code_fingerprint()

    before = fingerprint()
    status = rule.stat()
    os.utime(rule, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    assert fingerprint() == before  # the same bytes: the same code
    rule.write_text('RULE = "the new message"\n')
    after_rule = fingerprint()
    assert after_rule != before
    template.write_text("{{ group.name | upper }}\n")
    assert fingerprint() not in (before, after_rule)


def test_the_cache_is_never_written_into_the_working_tree(data_copy, tmp_path):
    """Run from inside data/ with no cache setting: the cache goes to the user's cache folder."""
    home = tmp_path / "home"
    home.mkdir()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("VRPTOOL_", "XDG_"))}
    before = sorted(p.name for p in data_copy.rglob("*"))
    done = subprocess.run([sys.executable, "-m", "vrptool", "validate", "--data", "."], cwd=data_copy,
                          capture_output=True, text=True, timeout=60, env={**base, "HOME": str(home)})
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in data_copy.rglob("*")) == before
    assert list((home / ".cache" / "vrptool").rglob("results/*.json"))
    assert stat.S_IMODE((home / ".cache" / "vrptool").stat().st_mode) == 0o700


def test_a_cache_folder_inside_the_data_is_not_used(run, data_copy, checks_run, monkeypatch):
    monkeypatch.setenv("VRPTOOL_CACHE_DIR", str(data_copy / "cache"))
    validate_json(run, data_copy)
    validate_json(run, data_copy)
    assert len(checks_run) == 2 and not (data_copy / "cache").exists()


def test_diff_against_a_commit_holding_an_absolute_link(data_copy):
    root = data_copy.parent
    git = ["git", "-C", str(root), "-c", "user.name=A", "-c", "user.email=a@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "data"], check=True)
    dawg = data_copy / "groups" / "dawg.yaml"
    dawg.unlink()
    dawg.symlink_to("/etc/passwd")
    subprocess.run([*git, "commit", "-qam", "a link out"], check=True)
    done = subprocess.run([sys.executable, "-m", "vrptool", "diff", "HEAD~1", "HEAD", "--data", "data"], cwd=root,
                          capture_output=True, text=True, timeout=60, env={**os.environ, "VRPTOOL_NO_CACHE": "1"})
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert "  - group removed: Data and Analysis Working Group\n" in done.stdout
