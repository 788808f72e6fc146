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


def _pyproject() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def test_every_template_folder_is_a_listed_package_so_the_build_warns_of_none():
    setuptools = _pyproject()["tool"]["setuptools"]
    folders = {"vrptool.templates" + ".".join(("",) + path.relative_to(ROOT / "templates").parts)
               for path in [ROOT / "templates", *(p for p in (ROOT / "templates").rglob("*") if p.is_dir())]
               if "__pycache__" not in path.parts}
    assert folders <= set(setuptools["packages"])
    assert folders <= set(setuptools["package-data"])


def test_the_licence_is_an_spdx_expression_with_its_file():
    project = _pyproject()["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text("utf-8").startswith("MIT License")
    assert _pyproject()["build-system"]["requires"] == ["setuptools>=77"]  # the first to take the SPDX form


def test_the_version_is_the_newest_release_of_the_changelog():
    import vrptool

    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert "## [Unreleased]" in changelog
    released = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", changelog, re.M)
    assert released and released[0] == vrptool.__version__
