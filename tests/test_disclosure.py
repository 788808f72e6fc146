"""Disclosure control: primary suppression by profile, and secondary suppression so that no
withheld value can be worked out from a total and its other parts."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from vrptool.disclosure import TOTAL, Policy, additive, parts_of, policy_of, primary, protect, recoverable
from vrptool.models.partnership import LocalArea, Suppression

AREAS = [LocalArea(id=i, name=i.title()) for i in ("hampshire", "isle-of-wight", "portsmouth", "southampton")]
CHILDREN = parts_of(AREAS)
PHOF = Policy(1, 5, counts=True, mark="1–5", rule="PHOF rule")


def test_one_suppressed_area_would_be_the_total_less_the_others_so_a_second_is_withheld():
    # 68 − 41 − 12 − 12 = 3: without a second withheld value the Isle of Wight's 3 is disclosed.
    numbers = {TOTAL: 68, "hampshire": 41, "isle-of-wight": 3, "portsmouth": 12, "southampton": 12}
    hidden = [c for c, v in numbers.items() if PHOF.hides(v)]
    assert hidden == ["isle-of-wight"]
    assert recoverable(numbers, hidden, CHILDREN) == ["isle-of-wight"]
    protection = protect(numbers, hidden, CHILDREN)
    # The smallest shown area (ties broken by id) is withheld too, and nothing is recoverable after.
    assert protection.withheld == {"isle-of-wight": "primary", "portsmouth": "secondary"}
    assert protection.protects == {"portsmouth": "isle-of-wight"}
    assert recoverable(numbers, protection.withheld, CHILDREN) == []


def test_two_suppressed_areas_protect_each_other():
    numbers = {TOTAL: 60, "hampshire": 40, "isle-of-wight": 3, "portsmouth": 4, "southampton": 13}
    protection = protect(numbers, ["isle-of-wight", "portsmouth"], CHILDREN)
    assert protection.withheld == {"isle-of-wight": "primary", "portsmouth": "primary"}


def test_a_suppressed_total_is_not_left_to_be_summed_from_its_areas():
    numbers = {TOTAL: 4, "hampshire": 0, "portsmouth": 0}
    protection = protect(numbers, [TOTAL], CHILDREN)
    assert set(protection.withheld) == {TOTAL, "hampshire"}


def test_with_one_area_beside_a_suppressed_one_the_total_goes_too_when_no_area_is_left():
    numbers = {TOTAL: 9, "portsmouth": 3}
    protection = protect(numbers, ["portsmouth"], CHILDREN)
    assert protection.withheld == {"portsmouth": "primary", TOTAL: "secondary"}


def test_areas_within_areas_are_protected_at_each_level():
    areas = AREAS + [LocalArea(id="fareham", name="Fareham", within="hampshire"),
                     LocalArea(id="gosport", name="Gosport", within="hampshire")]
    numbers = {TOTAL: 80, "hampshire": 50, "portsmouth": 30, "fareham": 2, "gosport": 48}
    protection = protect(numbers, ["fareham"], parts_of(areas))
    # Gosport goes (Hampshire = Fareham + Gosport), then Hampshire's own equation has two unknowns.
    assert protection.withheld == {"fareham": "primary", "gosport": "secondary"}
    assert recoverable(numbers, protection.withheld, parts_of(areas)) == []


@pytest.mark.parametrize(("profile", "expected", "label"), [("phof", (1, 5), "1–5, PHOF rule"),
                                                            ("nhs-digital", (1, 7), "1–7, NHS Digital rule")])
def test_named_profiles(profile, expected, label):
    policy = policy_of(SimpleNamespace(suppression=Suppression(profile=profile), small_number_threshold=5))
    assert (policy.low, policy.high, policy.counts) == (*expected, True)
    assert policy.label == label
    assert not policy.hides(0) and policy.hides(expected[1]) and not policy.hides(expected[1] + 1)


def test_a_custom_profile_and_the_threshold_without_one():
    custom = policy_of(SimpleNamespace(suppression=Suppression(profile="custom", low=1, high=9),
                                       small_number_threshold=5))
    assert custom.hides(9) and not custom.hides(10) and custom.label == "1–9, the partnership's own rule"
    assert custom.sentence == ("Counts of 1 to 9, and values resting on 1 to 9 people or cases, are suppressed "
                               "(shown as [c]; 1–9, the partnership's own rule), with any other value that would "
                               "let one be worked out from a total and its areas.")
    legacy = policy_of(SimpleNamespace(suppression=None, small_number_threshold=5))
    assert legacy.hides(4) and not legacy.hides(5) and not legacy.counts and legacy.label == "n<5"
    assert legacy.sentence == "Values resting on fewer than 5 people are suppressed (shown as [c])."


def test_a_custom_profile_needs_its_range_and_a_named_one_refuses_one():
    with pytest.raises(ValueError, match="needs 'low' and 'high'"):
        Suppression(profile="custom", low=1)
    with pytest.raises(ValueError, match="fixes its own range"):
        Suppression(profile="phof", high=9)


def test_counts_n_and_rates_on_counts_are_what_is_suppressed():
    assert primary(3, None, "count", PHOF)            # a count of 3 (and any rate built on it)
    assert primary(55.0, 4, "percent", PHOF)          # a percentage of 4 people
    assert not primary(0, None, "count", PHOF)        # zero is published
    assert not primary(55.0, None, "percent", PHOF)   # nothing to count
    assert additive(3, None, "count", PHOF) == 3 and additive(55.0, 40, "percent", PHOF) == 40
