"""The pre-commit hook, installed by the real pre-commit tool in a fresh data repository:
a bad commit is refused, a good one accepted, and what is checked is what is staged."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BUNDLED, ROOT

pytestmark = pytest.mark.slow  # Runs pre-commit in a real git repository.


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=check,
                          env={**os.environ, "GIT_AUTHOR_NAME": "Analyst", "GIT_AUTHOR_EMAIL": "analyst@vru.invalid",
                               "GIT_COMMITTER_NAME": "Analyst", "GIT_COMMITTER_EMAIL": "analyst@vru.invalid"})


def test_the_hook_refuses_a_bad_commit_and_accepts_a_good_one(tmp_path):
    revision = git(ROOT, "rev-parse", "HEAD").stdout.strip()
    hooks = git(ROOT, "show", f"{revision}:.pre-commit-hooks.yaml", check=False)
    assert hooks.returncode == 0, "commit .pre-commit-hooks.yaml: pre-commit installs hooks from a commit"
    repo = tmp_path / "partnership"
    shutil.copytree(BUNDLED, repo / "data")
    shutil.copytree(ROOT / "schemas", repo / "schemas")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {revision}\n    hooks:\n      - id: vrptool-validate\n")
    git(repo, "init", "-q", "-b", "main")
    # The hook's own environment sees the packages of the Python running the tests (as
    # virtualenv's --system-site-packages): pip still builds vrptool from the commit into it and
    # checks every declared dependency is met, but does not unpack the same releases a second
    # time (two fifths of the test's time).
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
                   "VIRTUALENV_SYSTEM_SITE_PACKAGES": "1"}
    environment.pop("VRPTOOL_DATA", None)
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, check=True, env=environment,
                   capture_output=True)

    def commit(message: str) -> subprocess.CompletedProcess:
        git(repo, "add", "-A")
        return subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, capture_output=True, text=True,
                              env={**environment, "GIT_AUTHOR_NAME": "Analyst", "GIT_AUTHOR_EMAIL": "a@vru.invalid",
                                   "GIT_COMMITTER_NAME": "Analyst", "GIT_COMMITTER_EMAIL": "a@vru.invalid"})

    good = commit("HIPS data")
    assert good.returncode == 0, good.stdout + good.stderr

    dawg = repo / "data" / "groups" / "dawg.yaml"
    text = dawg.read_text()
    dawg.write_text(text.replace('- id: "2.c"', '- id: "2.x"'))
    bad = commit("a typo in an activity id")
    assert bad.returncode != 0
    output = bad.stdout + bad.stderr  # git passes the hook's output through on stderr
    assert "data/groups/dawg.yaml" in output and "[unknown-ref]" in output
    assert git(repo, "log", "--oneline").stdout.count("\n") == 1

    # a good change staged, a bad one left unstaged: the hook checks what is committed
    dawg.write_text(text.replace("abbreviation: DAWG", "abbreviation: DAWG  # data and analysis"))
    git(repo, "add", "data/groups/dawg.yaml")
    dawg.write_text(text.replace('- id: "2.c"', '- id: "2.x"'))
    staged = subprocess.run(["git", "commit", "-q", "-m", "a comment"], cwd=repo, capture_output=True, text=True,
                            env={**environment, "GIT_AUTHOR_NAME": "Analyst", "GIT_AUTHOR_EMAIL": "a@vru.invalid",
                                 "GIT_COMMITTER_NAME": "Analyst", "GIT_COMMITTER_EMAIL": "a@vru.invalid"})
    assert staged.returncode == 0, staged.stdout + staged.stderr
    assert '- id: "2.x"' in dawg.read_text()  # the unstaged change is back, untouched

    # a group saved as .yml is a finding, never skipped in silence: the commit is refused
    dawg.write_text(text)
    shutil.copy(dawg, repo / "data" / "groups" / "youth.yml")
    yml = commit("a group saved as .yml")
    assert yml.returncode != 0
    assert "data/groups/youth.yml" in yml.stdout + yml.stderr and "[unread-data-file]" in yml.stdout + yml.stderr
