"""The SPC module against NHSRplotthedots' published test figures and rule cases.

Reference: NHSRplotthedots (nhs-r-community), tests/testthat. Its data is R's `set.seed(123);
rnorm(20)`; the snapshots (tests/testthat/_snaps/ptd_spc.md, ptd_spc_standard.md) give the mean
and limits printed below, and test-ptd_calculate_point_type.R and
test-ptd_calculate_assurance_type.R the rule and assurance cases, transcribed here one for one.
"""

from __future__ import annotations

import pytest

from vrptool.report import spc

# R: set.seed(123); rnorm(20)
RNORM_20 = [-0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621, -1.26506123,
            -0.68685285, -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113, 1.78691314,
            0.49785048, -1.96661716, 0.70135590, -0.47279141]


def approx(value, digits=6):
    return pytest.approx(value, abs=0.5 * 10 ** -digits)


# ptd_spc_standard.md, "it returns expected values" (r1) and ptd_spc.md summary: 0.142, -3.01, 3.29
def test_rnorm_20_mean_and_limits():
    chart = spc.chart(RNORM_20, better="higher")
    assert chart.mean == approx(0.1416238, 7)
    assert chart.lower == approx(-3.01138, 5)
    assert chart.upper == approx(3.294627, 6)
    # summary: n 20, common_cause 20, no special cause; 20 points is not a trial chart
    assert [p.type for p in chart.points] == ["common_cause"] * 20
    assert chart.variation == "common_cause" and chart.rules == () and chart.trial is False
    # ptd_spc_standard.md r1: relative_to_mean of the first 15 points
    assert [spc._sign(v - chart.mean) for v in RNORM_20[:15]] == [-1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1]


# ptd_spc_standard.md r2 and r3: y[15] <- 10, with and without outlier screening
def test_outlier_screening():
    y = list(RNORM_20)
    y[14] = 10
    assert spc.limits(y) == (approx(0.6694159, 7), approx(-2.383666), approx(3.722497))
    assert spc.limits(y, screen_outliers=False) == (approx(0.6694159, 7), approx(-4.596625), approx(5.935457))


# ptd_spc.md summary of s3 (the first and last ten points apart): 0.0746 -2.60 2.75 and 0.209 -3.28 3.70
def test_rebase_starts_a_new_mean_and_limits():
    chart = spc.chart(RNORM_20, better="higher", rebase=[10])
    first, second = chart.groups
    assert (round(first["mean"], 4), round(first["lower"], 2), round(first["upper"], 2)) == (0.0746, -2.60, 2.75)
    assert (round(second["mean"], 3), round(second["lower"], 2), round(second["upper"], 2)) == (0.209, -3.28, 3.70)
    # ten points each: fewer than 13, so both are trial limits (the package warns "n < 12")
    assert first["trial"] and second["trial"] and chart.trial
    assert [p.group for p in chart.points] == [0] * 10 + [1] * 10
    assert (chart.mean, chart.lower, chart.upper) == (second["mean"], second["lower"], second["upper"])


# test-ptd_spc_standard.R "setting fix_after_n_points changes the calculations"
def test_limits_fixed_after_n_points():
    fixed = spc.limits(RNORM_20, fix_after=12)
    assert fixed != spc.limits(RNORM_20)
    assert fixed == spc.limits(RNORM_20[:12])
    # later points do not move fixed limits
    assert spc.limits(RNORM_20[:12] + [50.0] * 8, fix_after=12) == fixed


# test-ptd_calculate_point_type.R, transcribed
def test_seven_point_one_side_mean():
    f = spc.seven_point_one_side_mean
    assert f([]) == []
    assert f([1] * 6) == [0] * 6
    assert f([1] * 6 + [-1]) == [0] * 7
    assert f([1] * 8 + [-1]) == [0, 0, 0, 0, 0, 0, 1, 1, 0]
    assert f([-1] * 8 + [1]) == [0, 0, 0, 0, 0, 0, 1, 1, 0]


def test_part_of_seven_trend():
    f = spc.part_of_run
    assert f([]) == []
    assert f([0] * 6) == [0] * 6
    assert f([0] * 6 + [1, 0]) == [1] * 7 + [0]
    assert f([0] * 7 + [1, 0]) == [0] + [1] * 7 + [0]
    assert f([0] * 6 + [-1, 0]) == [1] * 7 + [0]
    assert f([0] * 7 + [-1, 0]) == [0] + [1] * 7 + [0]


def test_seven_point_trend():
    f = spc.seven_point_trend
    assert f([]) == []
    assert f([1, 2, 3, 4, 5, 6]) == [0] * 6
    assert f([1, 2, 3, 3, 4, 5, 6]) == [0] * 7
    assert f([1, 2, 3, 4, 5, 6, 7]) == [0] * 6 + [1]
    assert f([2, 1, 2, 3, 4, 5, 6, 7, 3]) == [0] * 7 + [1, 0]
    assert f([7, 6, 5, 4, 3, 2, 1]) == [0] * 6 + [-1]
    assert f([2, 7, 6, 5, 4, 3, 2, 1, 3]) == [0] * 7 + [-1, 0]


def test_two_in_three():
    f = spc.two_in_three
    assert f([], []) == []
    assert f([1, 0, 1], [1, 1, 1]) == f([0, 1, 1], [1, 1, 1]) == f([1, 1, 0], [1, 1, 1]) == [1, 1, 1]
    assert f([0, 0, 1, 0, 1, 0, 0], [1] * 7) == [0, 0, 1, 1, 1, 0, 0]
    assert f([0, 0, 1, 1, 0, 0, 0], [1] * 7) == [0, 1, 1, 1, 1, 0, 0]
    # points on opposite sides of the mean
    assert f([1, 0, 1], [1, -1, 1]) == f([0, 1, 1], [1, -1, 1]) == f([1, 1, 0], [1, -1, 1]) == [0, 0, 0]
    assert f([0, 0, 1, 0, 1, 0, 0], [1, -1, 1, -1, 1, -1, 1]) == [0] * 7
    assert f([0, 0, 1, 1, 0, 0, 0], [-1, 1, -1, 1, -1, 1, -1]) == [0] * 7


def test_part_of_two_in_three():
    def part(close, side):
        return spc.part_of_two_in_three(spc.two_in_three(close, side), close)

    assert part([1, 0, 1], [1, 1, 1]) == [1, 0, 1]
    assert part([0, 1, 1], [1, 1, 1]) == [0, 1, 1]
    assert part([1, 1, 0], [1, 1, 1]) == [1, 1, 0]
    assert part([0, 0, 1, 0, 1, 0, 0], [1] * 7) == [0, 0, 1, 0, 1, 0, 0]
    assert part([1, 0, 0, 1], [1] * 4) == [0, 0, 0, 0]
    assert part([1, 0, 0, 1, 1], [1] * 5) == [0, 0, 0, 1, 1]


# test-ptd_spc_standard.R: "it only reports special cause for 2of3 points close to limits when they
# are on the same side of the mean"
def test_two_close_points_on_opposite_sides_are_common_cause():
    data = [1, -1] * 8
    data[14], data[15] = 5.5, -5.5
    chart = spc.chart(data, better="higher")
    assert [p.type for p in chart.points[-2:]] == ["common_cause", "common_cause"]


# test-ptd_calculate_assurance_type.R: limits (1, 3), (5, 7), (1, 5) against a target of 4
@pytest.mark.parametrize("better, expected", [
    ("higher", ["consistent_fail", "consistent_pass", "inconsistent"]),
    ("lower", ["consistent_pass", "consistent_fail", "inconsistent"]),
    (None, [None, None, None]),
])
def test_assurance(better, expected):
    assert [spc.assurance(4, lower, upper, better) for lower, upper in [(1, 3), (5, 7), (1, 5)]] == expected


def test_no_target_no_assurance():
    assert spc.assurance(None, 1, 3, "higher") is None
    assert spc.chart(RNORM_20, better="higher").assurance is None
    assert spc.chart(RNORM_20, better="higher", target=0.5).assurance == "inconsistent"


# The four rules end to end, read in both directions (and with no direction)
BASE = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9]


@pytest.mark.parametrize("series, rule, side", [
    (BASE + [11.5] * 7, "shift", 1),  # 7 in a row above the mean
    (BASE + [10.5, 10.6, 10.7, 10.8, 10.9, 11.0, 11.05], "trend", 1),  # 7 rising
    (BASE + [9.9, 9.8, 9.7, 9.6, 9.5, 9.4, 9.3], "trend", -1),  # 7 falling
    (BASE + [11, 13.1, 13.2], "two_of_three", 1),  # 2 of 3 beyond 2 sigma, all 3 above the mean
    (BASE + [9, 6.9, 6.8], "two_of_three", -1),
    (BASE + [20], "outside_limits", 1),
    (BASE + [0], "outside_limits", -1),
])
def test_rule_cases_in_both_directions(series, rule, side):
    higher = spc.chart(series, better="higher")
    lower = spc.chart(series, better="lower")
    neither = spc.chart(series, better=None)
    assert higher.rules[0] == rule and higher.points[-1].side == side
    up, down = ("special_cause_improvement", "special_cause_concern")[:: side]
    assert (higher.variation, lower.variation, neither.variation) == (up, down, "special_cause_neither")
    # the same series without its last point, or the base, is common cause
    assert spc.chart(BASE, better="higher").variation == "common_cause"


def test_shift_length_is_a_setting():
    series = BASE + [11.5] * 6
    assert spc.chart(series, better="higher").variation == "common_cause"
    assert spc.chart(series, better="higher", settings=spc.Settings(shift=6)).rules == ("shift",)


def test_trial_limits_below_a_sound_number_of_points():
    assert spc.chart(RNORM_20[:12], better="higher").trial is True
    assert spc.chart(RNORM_20[:13], better="higher").trial is False
    assert spc.chart(RNORM_20[:13], better="higher", settings=spc.Settings(trial_below=20)).trial is True


def test_gaps_are_never_joined():
    # no moving range spans a gap: 1 → (gap) → 100 adds nothing to the mean moving range
    assert spc.limits([1, 2, None, 100, 101]) == spc.limits([1, 2, None, None, 100, 101])
    mean, _lower, upper = spc.limits([1, 2, None, 100, 101])
    assert mean == 51 and upper - mean == pytest.approx(2.66)
    # a gap breaks a run: six above, a gap, one above is no shift
    broken = spc.chart(BASE + [11.5] * 6 + [None, 11.5], better="higher")
    assert broken.points[-1].type == "common_cause" and broken.points[-2].type is None
    assert spc.chart(BASE + [11.5] * 7, better="higher").variation == "special_cause_improvement"


def test_too_few_points_for_a_chart():
    assert spc.chart([], better="higher").variation is None
    one = spc.chart([None, 5, None], better="higher")
    assert (one.mean, one.lower, one.upper, one.variation) == (5, None, None, None)
    # two values a year apart have no moving range either
    annual = spc.chart([5, None, None, None, 6], better="higher")
    assert annual.lower is None and annual.variation is None
