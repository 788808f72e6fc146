"""The yardstick returns are judged by: the report's own control limits of the quarters before a value."""

from __future__ import annotations

import pytest
from pytest import approx

from vrptool import plausible
from vrptool.report import spc

QUARTERS = [f"2024-25-Q{n}" for n in (1, 2, 3, 4)] + [f"2025-26-Q{n}" for n in (1, 2, 3, 4)]


def series(*values):
    return list(zip(QUARTERS, values))


def test_the_limits_worked_out_by_hand():
    # 301, 296, 315, 322, 318: mean 310.4; moving ranges 5, 19, 7, 4, mean 8.75 (none 3.267 times it);
    # limits 310.4 ± 2.66 × 8.75 = 287.125 to 333.675
    far, after = plausible.judged(series(301, 296, 315, 322, 318, 3150))
    assert list(far) == [5]
    baseline = far[5]
    assert (baseline.mean, baseline.lower, baseline.upper) == (approx(310.4), approx(287.125), approx(333.675))
    assert (baseline.first, baseline.last, baseline.quarters) == ("2024-25-Q1", "2025-26-Q1", 5)
    assert after == baseline  # 3150 is left out: the next quarter is judged by the same limits
    assert not baseline.far_outside(333.7) and not baseline.far_outside(380)
    # three times as far from the mean as the limits are: 310.4 ± 69.825
    assert baseline.far_outside(380.3) and baseline.far_outside(240.5) and not baseline.far_outside(240.6)
    assert baseline.problem(3150) == (
        "3150 is far outside the control limits of the 5 quarters 2024-25-Q1 to 2025-26-Q1, 287.125 to 333.675 "
        "(mean 310.4): more than 3 times as far from the mean; check it was typed as meant")


def test_too_few_quarters_are_not_judged():
    assert plausible.judged(series(301, 296, 3150)) == ({}, None)
    assert plausible.judged(series(301, 296, 3150, 3220))[1] is not None  # four: a next quarter is judged


def test_the_limits_are_those_the_reports_chart_draws_from_the_quarters_before():
    values = [12.0, 15.5, None, 14.0, 30.0, 13.5, 16.0, None]
    for i in range(len(values) + 1):
        _, after = plausible.judged(series(*values[:i]))
        chart = spc.chart(values[:i], better="higher")
        if after is None:
            assert sum(v is not None for v in values[:i]) < plausible.FEWEST_QUARTERS
        else:
            assert (after.mean, after.lower, after.upper) == (chart.mean, chart.lower, chart.upper)
    assert plausible.judged(series(*values))[1].quarters == 6


def test_a_value_far_outside_is_left_out_of_the_later_quarters_limits():
    far, after = plausible.judged(series(301, 296, 315, 322, 3180, 318, 310, 305))
    assert list(far) == [4]  # not 318, 310 and 305 as well
    assert after == plausible.judged(series(301, 296, 315, 322, None, 318, 310, 305))[1]


def test_a_rebase_starts_the_limits_afresh():
    values = (10, 11, 10, 12, 50, 52, 51, 53)
    far, after = plausible.judged(series(*values), rebase={"2025-26-Q1"})
    assert far == {} and (after.first, after.last, after.mean) == ("2025-26-Q1", "2025-26-Q4", 51.5)
    far, after = plausible.judged(series(*values))  # without it, 50 is flagged: once, as a change of level
    assert list(far) == [4] and far[4].shifted and not plausible.judged(series(*values[:5], 11))[0][4].shifted
    assert far[4].problem(50).endswith("check it was typed as meant, and if the indicator changed (the quarters "
                                       "after it stay as far out), start its chart afresh there with spc: rebase "
                                       "in obpf.yaml")
    assert (after.first, after.quarters, after.mean) == ("2025-26-Q1", 4, 51.5)  # afresh from the change


def test_limits_fixed_after_n_points_stay_fixed():
    far, after = plausible.judged(series(10, 11, 10, 12, 13, 11, 12, 10), fix_after=4)
    assert far == {} and after.last == "2024-25-Q4" and after.quarters == 4
    assert (after.mean, after.upper) == (approx(10.75), approx(10.75 + 2.66 * 4 / 3))


@pytest.mark.parametrize("value, flagged", [(130, False), (131, True), (69, True), (70, False)])
def test_a_flat_history_is_judged_by_a_tenth_of_its_level(value, flagged):
    far, _ = plausible.judged(series(100, 100, 100, 100, value))
    assert (4 in far) is flagged
