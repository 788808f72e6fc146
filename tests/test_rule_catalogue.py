"""The rule catalogue: one module per rule, each documented, every finding from one of them, and
the generated rule documentation current."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import vrptool
from tests.conftest import ROOT
from vrptool import rules
from vrptool.findings import Rule, Severity
from vrptool.rules import docs

RULES_DIR = Path(rules.__file__).parent
SOURCE = Path(vrptool.__file__).parent


def test_the_rule_docs_and_the_readme_table_are_generated_from_the_catalogue():
    for path, text in docs.wanted(ROOT).items():
        assert path.read_text("utf-8") == text, f"{path} is stale: run python -m vrptool.rules.docs"


def test_the_docs_check_fails_when_a_rule_changes(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    readme = (ROOT / "README.md").read_text("utf-8").replace("| a mapping repeats a key |", "| a key |")
    (tmp_path / "README.md").write_text(readme, "utf-8")
    (tmp_path / "docs" / "rules.md").write_text(docs.rules_markdown(), "utf-8")
    monkeypatch.chdir(tmp_path)
    assert docs.main(["--check"]) == 1
    assert docs.main([]) == 0 and docs.main(["--check"]) == 0
    assert "| `duplicate-key` | error | a mapping repeats a key |" in (tmp_path / "README.md").read_text("utf-8")


@pytest.mark.parametrize("module", rules.modules(), ids=rules.MODULES)
def test_each_rule_module_documents_what_why_and_a_bad_and_a_good_example(module):
    rule = module.RULE
    assert isinstance(rule, Rule) and rule.severity in Severity
    assert re.fullmatch(r"[a-z][a-z0-9.]*(-[a-z0-9.]+)*", rule.id)
    assert module.__name__.rsplit(".", 1)[-1] == re.sub(r"[-.]", "_", rule.id)
    why, _, examples = rule.doc.partition("**Bad**")
    bad, _, good = examples.partition("**Good**")
    assert len(why.split()) >= 15, "say why the rule matters"
    assert "```" in bad and "```" in good


def test_every_rule_module_is_registered():
    defined = {path.stem for path in RULES_DIR.glob("*.py") if re.search(r"^RULE = ", path.read_text("utf-8"), re.M)}
    assert defined == set(rules.MODULES)
    assert len(rules.catalogue()) == len(rules.MODULES)


def _constructs_findings_by_hand(path: Path) -> list[str]:
    """Calls of Finding(...) or of a .finding()/.at() with a string literal where the rule goes."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name == "Finding":
                found.append(f"{path.name}:{node.lineno}")
            if name == "finding" and any(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                         and re.fullmatch(r"[a-z][a-z0-9.-]+", a.value) for a in node.args[:2]):
                found.append(f"{path.name}:{node.lineno}")
    return found


def test_every_finding_comes_from_a_catalogue_entry():
    """No module but findings.py builds a Finding itself or names a rule by a string."""
    offenders = [where for path in sorted(SOURCE.rglob("*.py")) if path.name != "findings.py"
                 for where in _constructs_findings_by_hand(path)]
    assert offenders == []
