"""The rule catalogue. Each cross-file rule is a module with a RULE and a check()."""

from vrptool.rules import (
    abbreviation,
    achieved_in_tor,
    authority_unrepresented,
    cycle,
    duplicate_id,
    file_name,
    future_quarter,
    hierarchy,
    not_a_member,
    orphan_activity,
    orphan_indicator,
    orphan_recommendation,
    personal_data,
    quarter_id,
    review_overdue,
    syntax,
    unknown_ref,
    value_range,
)
from vrptool.rules.base import Context, Rule

#: Checks over the whole data set, in the order their findings are listed.
CHECKS = [
    duplicate_id,
    unknown_ref,
    hierarchy,
    file_name,
    cycle,
    personal_data,
    quarter_id,
    value_range,
    future_quarter,
    orphan_activity,
    orphan_recommendation,
    orphan_indicator,
    achieved_in_tor,
    review_overdue,
    authority_unrepresented,
    abbreviation,
    not_a_member,
]

#: Every rule id vrptool can report, with its severity and summary.
CATALOGUE: dict[str, Rule] = {rule.id: rule for rule in syntax.RULES + [module.RULE for module in CHECKS]}

__all__ = ["CATALOGUE", "CHECKS", "Context", "Rule"]
