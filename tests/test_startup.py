"""What each path imports at start-up: every module imported is paid for on every run (pre-commit
runs validate on every commit), so what a path must not need is held here, by module name.
The speeds themselves are measured by bench/, never here."""

from __future__ import annotations

import subprocess
import sys


def imported_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running code."""
    done = subprocess.run([sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sys.modules))"],
                          capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_a_groups_model_does_not_define_the_partnerships():
    """Validating a group file after an edit needs the group's model and the ToR wording it may
    carry, not the twenty models of partnership.yaml."""
    modules = imported_after("import vrptool.models.group")
    assert "vrptool.models.tor_wording" in modules
    assert "vrptool.models.partnership" not in modules


def test_importing_the_rules_defines_no_partnership_model():
    modules = imported_after("import vrptool.rules\nvrptool.rules.checks()")
    assert "vrptool.rules.strategy_placeholder" in modules
    assert "vrptool.models.partnership" not in modules
