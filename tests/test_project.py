"""The project's own house rules: CI runs the README's test command, lint and type checks included,
and the project's pre-commit configuration is one pre-commit accepts."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT


def test_ci_runs_the_readmes_test_command_with_lint_and_type_checks():
    readme = (ROOT / "README.md").read_text("utf-8")
    command = re.search(r"^python3 -m pip install '\.\[test\]' && .*$", readme, re.M).group(0)
    assert "python3 -m ruff check ." in command and "python3 -m mypy" in command
    assert command in (ROOT / ".ci" / "run").read_text("utf-8")


def test_the_projects_pre_commit_configuration_is_valid():
    done = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    config = (ROOT / ".pre-commit-config.yaml").read_text("utf-8")
    for entry in ("python -m ruff check", "python -m mypy", "python -m vrptool.rules.docs --check"):
        assert f"entry: {entry}" in config
