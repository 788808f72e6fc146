"""The pull-request workflow keeps vrptool's cache between runs with actions/cache, keyed on
vrptool's version, in a folder outside the working tree (where vrptool trusts a cache), and the
folder it restores carries its own secret, so a restored cache is trusted and used."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from ruamel.yaml import YAML

from tests.conftest import BUNDLED, ROOT
from vrptool import __version__

WORKFLOW = ROOT / "docs" / "github-workflow.yml"


def _steps() -> list[dict]:
    return YAML(typ="safe").load(WORKFLOW.read_text("utf-8"))["jobs"]["check"]["steps"]


def _step(uses: str) -> dict:
    return next(s for s in _steps() if s.get("uses", "").startswith(uses + "@"))


def test_the_cache_is_restored_before_vrptool_runs_and_keyed_on_its_version():
    workflow = YAML(typ="safe").load(WORKFLOW.read_text("utf-8"))
    # A pull request restores only its base branch's entries: runs on main fill them.
    assert workflow["on"]["push"] == {"branches": ["main"], "paths": workflow["on"]["pull_request"]["paths"]}
    steps = _steps()
    cache = _step("actions/cache")
    version = next(s for s in steps if s.get("id") == "vrptool")
    first_run = next(i for i, s in enumerate(steps) if s.get("run", "").startswith("vrptool validate"))
    assert steps.index(version) < steps.index(cache) < first_run
    key, restore = cache["with"]["key"], cache["with"]["restore-keys"]
    assert key.startswith("vrptool-${{ steps.vrptool.outputs.version }}-${{ runner.os }}-")
    assert key == restore + "${{ hashFiles('data/**') }}"  # the newest entry of this version is restored
    assert cache["with"]["path"] == "${{ runner.temp }}/vrptool-cache"  # outside the checked-out tree


def _run_version_step(tmp_path: Path) -> tuple[dict, dict]:
    """The version step's script as the runner runs it: (its outputs, the environment it sets)."""
    output, environment, temp = tmp_path / "output", tmp_path / "env", tmp_path / "runner-temp"
    script = next(s for s in _steps() if s.get("id") == "vrptool")["run"]
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    subprocess.run(["bash", "-euc", script], check=True, env={
        **os.environ, "PATH": path, "GITHUB_OUTPUT": str(output), "GITHUB_ENV": str(environment),
        "RUNNER_TEMP": str(temp)})

    def pairs(file: Path) -> dict:
        return dict(line.split("=", 1) for line in file.read_text("utf-8").splitlines())
    return pairs(output), pairs(environment)


def test_the_version_step_gives_vrptools_version_and_points_vrptool_at_the_cached_folder(tmp_path):
    outputs, environment = _run_version_step(tmp_path)
    assert outputs == {"version": __version__}
    cached = _step("actions/cache")["with"]["path"].replace("${{ runner.temp }}", str(tmp_path / "runner-temp"))
    assert environment == {"VRPTOOL_CACHE_DIR": cached}


def _state(folder: Path) -> dict:
    return {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def test_a_restored_cache_carries_its_secret_and_is_trusted(run, tmp_path, monkeypatch):
    _, environment = _run_version_step(tmp_path)
    folder = Path(environment["VRPTOOL_CACHE_DIR"])
    monkeypatch.setenv("VRPTOOL_CACHE_DIR", str(folder))
    data = tmp_path / "workspace" / "data"
    shutil.copytree(BUNDLED, data)
    first = run("validate", "--data", data)
    assert first.code == 0
    secret = (folder / "secret").read_bytes()
    assert len(secret) == 32 and (folder / "secret").stat().st_mode & 0o077 == 0
    # The job ends: actions/cache saves the folder as a tar archive; the next job restores it.
    with tarfile.open(tmp_path / "cache.tgz", "w:gz") as archive:
        archive.add(folder, arcname="vrptool-cache")
    shutil.rmtree(folder)
    with tarfile.open(tmp_path / "cache.tgz") as archive:
        archive.extractall(folder.parent, filter="tar")
    restored = _state(folder)
    # The next pull request changes one file: vrptool trusts the restored folder and adds to it,
    # with the same secret (an untrusted folder would get no entries at all).
    group = data / "groups" / "dawg.yaml"
    group.write_text(group.read_text("utf-8").replace("name: Data and Analysis", "name: The Data and Analysis"),
                     encoding="utf-8")
    second = run("validate", "--data", data)
    assert (second.code, second.out) == (first.code, first.out)
    assert (folder / "secret").read_bytes() == secret
    assert _state(folder) != restored
