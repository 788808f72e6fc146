"""Trust nothing the repository holds: output that cannot be forged, files checked before they
are read, a cache that is never an input, edits that are all or nothing."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest


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
