"""The rule catalogue: one module per rule, and every finding vrptool reports comes from one.

Each module's docstring is its rule's documentation (what it finds, why it matters, a bad and a
good example); `RULE = Rule.documented(__doc__, severity)` reads the id and summary from it.
Rules the loader and the models apply while reading a file have only a RULE; rules over the
whole data set also have `check(data, context)`, which yields findings.

To add a rule:

1. Write `rules/<rule_id>.py` (the id in kebab-case, the module's name in snake_case): the
   docstring, `RULE = Rule.documented(__doc__, Severity.ERROR)` (or WARNING), and
   `def check(data: DataSet, context: Context) -> Iterator[Finding]` yielding
   `place.finding(RULE, message)` or `source.finding(path, RULE, message)`.
2. Add the module's name to MODULES below (findings are sorted; the order is the docs' order).
3. Add a case to tests/cases/injections.yaml: the mistake, and the file, line and column.
4. Run `python -m vrptool.rules.docs` to regenerate docs/rules.md and the README's rule table.

The package imports no rule module until asked, so that the loader can import the rules it
applies without importing the data set the other rules check.
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

from vrptool.rules.base import Context, Rule

#: Every rule's module, in the order of the catalogue and its documentation.
MODULES = (
    # applied while reading each file
    "yaml_syntax",
    "duplicate_key",
    "yaml_alias",
    "yaml_tag",
    "yaml_1_1_boolean",
    "schema",
    "id_format",
    "id_not_string",
    "outside_link",
    "missing_file",
    # checks over the whole data set
    "interrupted_edit",
    "duplicate_id",
    "unknown_ref",
    "hierarchy",
    "file_name",
    "unread_data_file",
    "stray_file",
    "cycle",
    "personal_data",
    "value_range",
    "implausible_value",
    "future_quarter",
    "orphan_activity",
    "orphan_recommendation",
    "orphan_indicator",
    "achieved_in_tor",
    "review_overdue",
    "strategy_placeholder",
    "tor_issued_after_review",
    "achieved_in_future",
    "meeting_in_future",
    "action_due_before_meeting",
    "authority_unrepresented",
    "abbreviation",
    "not_a_member",
    "area_total",
    "no_population",
    "secondary_suppression",
)


@cache
def modules() -> tuple[ModuleType, ...]:
    return tuple(importlib.import_module(f"{__name__}.{name}") for name in MODULES)


def catalogue() -> dict[str, Rule]:
    """Every rule vrptool can report, by id."""
    return {module.RULE.id: module.RULE for module in modules()}


def checks() -> list[ModuleType]:
    """The rule modules that check the whole data set (those with a check())."""
    return [module for module in modules() if hasattr(module, "check")]


__all__ = ["MODULES", "Context", "Rule", "catalogue", "checks", "modules"]
