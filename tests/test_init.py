"""vrptool init is safe by default: the new repository's CI and hooks install one pinned vrptool,
never a bare name from a package index; its pre-commit config, its README and vrptool's README
agree; and the skeleton (with an example meeting and a returns template) validates and renders."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from ruamel.yaml import YAML

from tests.conftest import PINNED_SOURCE, ROOT
from vrptool.commands import init as init_module

COMMIT = "0" * 40


def _yaml(path):
    return YAML(typ="safe").load(path.read_text("utf-8"))


def test_without_a_pinned_source_nothing_is_written(run, tmp_path):
    # The tests' vrptool is installed from a folder, which names no one version of it.
    result = run("init", tmp_path / "new", "--name", "Northshire VRP", cwd=tmp_path)
    assert result.code == 2
    assert result.err.startswith("vrptool: this vrptool was not installed from a git URL at a commit or from a wheel")
    assert "--vrptool-source" in result.err and not (tmp_path / "new").exists()


@pytest.mark.parametrize("source, words", [
    ("vrptool", "'vrptool' is not pinned to one version of vrptool"),
    ("vrptool==1.0", "is not pinned"),
    ("git+https://example.invalid/vrptool@main", "is not pinned"),
    ("git+https://example.invalid/vrptool@0a1b2c3", "is not pinned"),
    ("https://example.invalid/vrptool-1.0-py3-none-any.whl", "there is no wheel"),
    ("other-1.0-py3-none-any.whl", "other-1.0-py3-none-any.whl is not a vrptool wheel"),
])
def test_an_unpinned_source_is_refused(run, tmp_path, source, words):
    result = run("init", tmp_path / "new", "--vrptool-source", source, cwd=tmp_path)
    assert result.code == 2 and words in result.err and not (tmp_path / "new").exists()


def test_a_git_source_pins_the_workflow_the_hooks_and_the_readme_alike(run, tmp_path):
    target = tmp_path / "new"
    result = run("init", target, "--name", "Northshire VRP", "--vrptool-source", PINNED_SOURCE, cwd=tmp_path)
    assert result.code == 0, result.err
    assert f"its CI and hooks install vrptool from {PINNED_SOURCE}\n" in result.out
    workflow = _yaml(target / ".github" / "workflows" / "vrptool.yml")
    assert workflow["env"] == {"VRPTOOL_SOURCE": PINNED_SOURCE}
    installs = [step["run"] for step in workflow["jobs"]["check"]["steps"] if "pip install" in step.get("run", "")]
    assert installs == ['python -m pip install "$VRPTOOL_SOURCE"']
    # the hooks come from the same repository at the same commit, as vrptool's README shows them
    config = _yaml(target / ".pre-commit-config.yaml")
    assert config == {"repos": [{"repo": "https://example.invalid/vrptool", "rev": COMMIT,
                                 "hooks": [{"id": "vrptool-validate"}, {"id": "vrptool-fmt"}]}]}
    readme = (ROOT / "README.md").read_text("utf-8")
    snippet = re.search(r"```yaml\n(repos:\n  - repo: <vrptool's repository>.*?)```", readme, re.S)[1]
    documented = YAML(typ="safe").load(snippet)["repos"][0]
    assert [hook["id"] for hook in documented["hooks"]] == [hook["id"] for hook in config["repos"][0]["hooks"]]
    assert set(documented) == set(config["repos"][0])
    hooks = _yaml(ROOT / ".pre-commit-hooks.yaml")
    assert {hook["id"] for hook in hooks} >= {"vrptool-validate", "vrptool-fmt"}
    # the skeleton's README installs that vrptool and pre-commit, then the hooks
    skeleton = (target / "README.md").read_text("utf-8")
    assert f'python -m pip install "{PINNED_SOURCE}" pre-commit\npre-commit install\n' in skeleton
    checked = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
                             cwd=target, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_wheel_source_is_copied_into_the_repository_and_installed_from_there(run, tmp_path):
    wheel = tmp_path / "vrptool-9.9.9-py3-none-any.whl"
    wheel.write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip: only its bytes and name matter here
    target = tmp_path / "new"
    result = run("init", target, "--vrptool-source", wheel, cwd=tmp_path)
    assert result.code == 0, result.err
    assert (target / "vendor" / wheel.name).read_bytes() == wheel.read_bytes()
    assert _yaml(target / ".github" / "workflows" / "vrptool.yml")["env"] == {
        "VRPTOOL_SOURCE": "./vendor/vrptool-9.9.9-py3-none-any.whl"}
    [local] = _yaml(target / ".pre-commit-config.yaml")["repos"]
    assert local["repo"] == "local"
    assert [(h["id"], h["entry"], h["language"]) for h in local["hooks"]] == [
        ("vrptool-validate", "vrptool validate", "system"), ("vrptool-fmt", "vrptool fmt --check", "system")]
    assert 'python -m pip install "./vendor/vrptool-9.9.9-py3-none-any.whl" pre-commit\n' in (
        target / "README.md").read_text("utf-8")


def test_the_source_this_vrptool_was_installed_from_is_the_default(monkeypatch, tmp_path):
    recorded = {}

    class Distribution:
        def read_text(self, name):
            assert name == "direct_url.json"
            return json.dumps(recorded)

    monkeypatch.setattr(init_module.metadata, "distribution", lambda name: Distribution())
    recorded.update(url="https://example.invalid/vrptool", vcs_info={"vcs": "git", "commit_id": "a" * 40})
    assert init_module.pinned_source(None).install == "git+https://example.invalid/vrptool@" + "a" * 40
    wheel = tmp_path / "vrptool-1.0-py3-none-any.whl"
    wheel.write_bytes(b"wheel")
    recorded.clear()
    recorded.update(url=wheel.as_uri(), archive_info={})
    assert init_module.pinned_source(None).wheel == wheel
    recorded.clear()
    recorded.update(url=tmp_path.as_uri(), dir_info={"editable": True})
    with pytest.raises(init_module.SourceRefused):
        init_module.pinned_source(None)


def test_the_skeleton_validates_and_renders_with_its_example_meeting_and_returns_template(run, tmp_path):
    target = tmp_path / "new"
    assert run("init", target, "--name", "Northshire VRP", "--vrptool-source", PINNED_SOURCE, cwd=tmp_path).code == 0
    [meeting] = (target / "data" / "meetings" / "delivery").glob("*.yaml")
    assert _yaml(meeting)["illustrative"] is True and _yaml(meeting)["actions"][0]["status"] == "open"
    # A new partnership starts with a named disclosure rule, as the bundled data does.
    assert _yaml(target / "data" / "partnership.yaml")["suppression"] == {"profile": "phof"}
    check = run("validate", "--format", "json", cwd=target)
    assert check.code == 0 and check.json["summary"] == {"errors": 0, "warnings": 0, "files": 7}
    assert run("fmt", "--check", cwd=target).code == 0
    for output_format in ("md", "html", "docx"):
        rendered = run("render", "tor", "--all", "-f", output_format, "-o", tmp_path / "tors", cwd=target)
        assert rendered.code == 0, rendered.err
        assert (tmp_path / "tors" / f"delivery.{output_format}").is_file()
        strategy = run("render", "strategy", "-f", output_format, "-o", tmp_path / "strategy", cwd=target)
        assert strategy.code == 0, strategy.err
    assert "## Our strategic objectives\n\n> **To be completed.**" in (
        tmp_path / "strategy" / "strategy.md").read_text("utf-8")
    from openpyxl import load_workbook

    sheet = load_workbook(target / "returns-template.xlsx").worksheets[0]
    assert "1.1.1.a" in [cell.value for row in sheet.iter_rows() for cell in row]
