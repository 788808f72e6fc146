"""vrptool.stats against the reference figures PHEindicatormethods publishes with its own tests.

Every expected number below is copied from that package's test data (tests/testthat/
testdata_Byars_Wilson.xlsx, testdata_Rate.xlsx and testdata_Proportion.xlsx of
ukhsa-collaboration/PHEindicatormethods), or from Newcombe's 1998 table of Wilson intervals,
never from vrptool's own output. The package's tests
compare with testthat's default tolerance (1.5e-8, relative); so do these."""

from __future__ import annotations

import math

import pytest

from vrptool import stats

TOLERANCE = 1.5e-8


def close(actual: float, expected: float) -> bool:
    return math.isclose(actual, expected, rel_tol=TOLERANCE, abs_tol=1e-12)


# testdata_Byars_Wilson.xlsx, sheet testdata_B_W: x, lower, upper, confidence (method Byars).
BYAR = [
    (65, 50.163187710459454, 82.84913854593984, 0.95),
    (1045, 982.5932018073325, 1110.33121298565, 0.95),
    (1, 0.01307213290150435, 5.5637555824752605, 0.95),
    (65, 42.8802614714802, 94.00029084431802, 0.998),
    (1045, 947.9407035610374, 1148.806160988033, 0.998),
    (10, 2.916318374695686, 24.193724927880535, 0.998),
]

# The same sheet, method Wilson: x, n, lower, upper, confidence (proportions of 1).
WILSON = [
    (65, 100, 0.5525444329688797, 0.7363575175690247, 0.95),
    (1045, 5000, 0.19795549880013297, 0.22049130373189027, 0.95),
    (0.445, 1, 0.04381744772058822, 0.9334621276979156, 0.95),
    (65, 100, 0.4954946574070431, 0.7783540614089697, 0.998),
    (1045, 5000, 0.19179381799015244, 0.22731562902525818, 0.998),
    (0.445, 1, 0.019347006132900975, 0.9702259947019541, 0.998),
]

# testdata_Rate.xlsx, sheet testdata_Rate, rows "rate per 100000" (Exact below 10 events, Byars from 10):
# numerator, denominator, value, lower 95 %, upper 95 %, lower 99.8 %, upper 99.8 %, method.
RATES = [
    (1, 100, 1000, 25.317807984289896, 5571.643390938898, 1.0005003335835343, 9233.413476451586, "exact"),
    (5, 100, 5000, 1623.4863901184199, 11668.332079322669, 739.3717319178389, 16454.745203680104, "exact"),
    (20, 100, 20000, 12211.428834875936, 30889.880369197064, 8922.802365144193, 38085.03562504191, "byar"),
    (65, 100, 65000, 50163.18771045945, 82849.13854593984, 42880.261471480204, 94000.290844318, "byar"),
    (9856, 12345, 79837.99108950992, 78269.49058976758, 81430.01654272141, 77375.90543271053, 82354.47277095431,
     "byar"),
    (7776456, 7564336677, 102.80420256339154, 102.73196005302074, 102.87648334092832, 102.690317308454,
     102.91817639509068, "byar"),
    (222, 3215, 6905.132192846034, 6026.574877652674, 7875.729370871851, 5560.737695259853, 8461.04668173341,
     "byar"),
    (999, 3456, 28906.25, 27141.30493609052, 30755.833237378414, 26162.147596445768, 31845.604819822653, "byar"),
    # A count above its denominator (Area12) is still a rate.
    (250, 220, 113636.36363636365, 99984.94738532876, 128631.14487455782, 92710.00554438953, 137651.23772147458,
     "byar"),
]

# testdata_Rate.xlsx, sheet testdata_Rate_g (95 %): two events exactly, ten by Byar's method.
RATES_GROUPED = [
    (2, 200, 1000, 121.10463927198258, 3612.3438338619794, "exact"),
    (10, 200, 5000, 2393.7249569837822, 9195.729302878237, "byar"),
    (40, 200, 20000, 14286.649933218456, 27235.04966001213, "byar"),
]

# testdata_Proportion.xlsx, sheet testdata_Prop, rows "percentage" (multiplier 100):
# numerator, denominator, value, lower 95 %, upper 95 %, lower 99.8 %, upper 99.8 %.
PERCENTAGES = [
    (1, 100, 1, 0.1767432064140651, 5.44861961787053, 0.0873065697299977, 10.45544528370582),
    (5, 100, 5, 2.154367915436798, 11.17504692319191, 1.3865320725997183, 16.458852282596443),
    (20, 100, 20, 13.33669333310325, 28.882916559315884, 10.519162066711433, 34.71109417008601),
    (222, 3215, 6.905132192846033, 6.07916903636366, 7.833956681383633, 5.647101964624248, 8.418414185270134),
    (999, 3456, 28.90625, 27.418951080009872, 30.440389662818056, 26.583995768074953, 31.344754492799847),
]


@pytest.mark.parametrize(("count", "low", "high", "level"), BYAR)
def test_byar_reproduces_the_reference(count, low, high, level):
    interval = stats.byar(count, level)
    assert close(interval.low, low) and close(interval.high, high), interval
    assert interval.level == level and interval.method == "byar"


def test_byar_refuses_a_count_where_its_lower_limit_would_be_negative():
    # The reference gives no lower limit (NA) for 1 event at 99.8 %: the approximation breaks down.
    with pytest.raises(ValueError, match="does not apply"):
        stats.byar(1, stats.LEVEL_998)


@pytest.mark.parametrize(("successes", "trials", "low", "high", "level"), WILSON)
def test_wilson_reproduces_the_reference(successes, trials, low, high, level):
    interval = stats.wilson(successes, trials, level)
    assert close(interval.low, low) and close(interval.high, high), interval
    assert interval.method == "wilson"


@pytest.mark.parametrize(("count", "population", "value", "low95", "high95", "low998", "high998", "method"), RATES)
def test_rates_per_100000_reproduce_the_reference(count, population, value, low95, high95, low998, high998, method):
    assert close(stats.rate(count, population, 100_000), value)
    at95 = stats.rate_interval(count, population, 100_000)
    at998 = stats.rate_interval(count, population, 100_000, stats.LEVEL_998)
    assert close(at95.low, low95) and close(at95.high, high95), at95
    assert close(at998.low, low998) and close(at998.high, high998), at998
    assert at95.method == at998.method == method
    assert at95.level == 0.95 and at998.level == 0.998


@pytest.mark.parametrize(("count", "population", "value", "low", "high", "method"), RATES_GROUPED)
def test_rates_either_side_of_ten_events_reproduce_the_reference(count, population, value, low, high, method):
    interval = stats.rate_interval(count, population, 100_000)
    assert close(stats.rate(count, population, 100_000), value)
    assert close(interval.low, low) and close(interval.high, high) and interval.method == method


def test_rate_per_100_is_the_same_interval_scaled():
    # testdata_Rate.xlsx, "rate per 100": 5 events in 100 people.
    interval = stats.rate_interval(5, 100, 100)
    assert close(interval.low, 1.62348639011842) and close(interval.high, 11.668332079322669)


def test_exact_poisson_for_small_counts_reproduces_the_reference():
    # The same rows as counts (population = per): 1 and 5 events, 95 % and 99.8 %.
    assert close(stats.exact_poisson(1).low, 0.025317807984289897)
    assert close(stats.exact_poisson(1).high, 5.571643390938898)
    assert close(stats.exact_poisson(5, 0.998).low, 0.739371731917839)
    assert close(stats.exact_poisson(5, 0.998).high, 16.454745203680105)
    assert close(stats.exact_poisson(2).low, 0.12110463927198258 * 2)
    assert close(stats.count_interval(9).high, stats.exact_poisson(9).high)


def test_zero_events_have_a_lower_limit_of_zero_and_an_upper_limit_of_minus_log_the_tail():
    # chi2(0.975, 2)/2 = -ln(0.025): the Poisson mean under which 0 events has probability 2.5 %.
    interval = stats.count_interval(0)
    assert interval.low == 0 and close(interval.high, -math.log(0.025))


@pytest.mark.parametrize(("successes", "trials", "value", "low95", "high95", "low998", "high998"), PERCENTAGES)
def test_percentages_reproduce_the_reference(successes, trials, value, low95, high95, low998, high998):
    at95 = stats.percent_interval(value, trials)
    at998 = stats.percent_interval(value, trials, stats.LEVEL_998)
    assert close(at95.low, low95) and close(at95.high, high95), at95
    assert close(at998.low, low998) and close(at998.high, high998), at998


# Newcombe RG (1998), "Two-sided confidence intervals for the single proportion: comparison of seven
# methods", Statistics in Medicine 17(8): 857-872, Table I, method 3 (Wilson's score method without
# continuity correction), 95 %: x of n, lower and upper limits as printed there, to four decimals.
# (No published figure for 8 of 20 was found; these are the paper's own worked examples.)
NEWCOMBE_TABLE_I = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
]


@pytest.mark.parametrize(("successes", "trials", "low", "high"), NEWCOMBE_TABLE_I)
def test_wilson_reproduces_newcombes_table(successes, trials, low, high):
    interval = stats.wilson(successes, trials)
    assert (round(interval.low, 4), round(interval.high, 4)) == (low, high), interval
    # and as the report shows a percentage of n: 81 of 263 is 30.8 % (25.5–36.6 %)
    shown = stats.percent_interval(successes / trials * 100, trials)
    assert (round(shown.low, 2), round(shown.high, 2)) == (round(low * 100, 2), round(high * 100, 2))


# insightsengineering/cards, tests/testthat/_snaps/proportion_ci.md: its Wilson intervals without
# continuity correction (R's prop.test), to seven decimals: 5 of 10 at 90 %, and 32 and 0 of 32 at
# 95 %, where a limit meets 1 or 0.
CARDS_SNAPSHOT = [
    (5, 10, 0.90, 0.2692718, 0.7307282),
    (32, 32, 0.95, 0.8928208, 1.0),
    (0, 32, 0.95, 0.0, 0.1071792),
]


@pytest.mark.parametrize(("successes", "trials", "level", "low", "high"), CARDS_SNAPSHOT)
def test_wilson_reproduces_a_published_snapshot_at_90_and_95_percent(successes, trials, level, low, high):
    interval = stats.wilson(successes, trials, level)
    assert (round(interval.low, 7), round(interval.high, 7)) == (low, high), interval
    assert interval.level == level


def test_wilson_limits_stay_within_zero_and_one():
    assert stats.wilson(0, 20).low == 0 and stats.wilson(20, 20).high == 1


def test_the_switch_from_exact_to_byar_is_at_ten_events():
    assert stats.count_interval(9).method == "exact" and stats.count_interval(10).method == "byar"


def test_reliability_follows_ons_twenty_events():
    assert not stats.reliable(19) and stats.reliable(20) and not stats.reliable(4, least=5)


def test_overlap():
    a = stats.Interval(1, 2, 0.95, "byar")
    assert a.overlaps(stats.Interval(2, 3, 0.95, "byar")) and not a.overlaps(stats.Interval(2.01, 3, 0.95, "byar"))
    assert a.as_dict() == {"low": 1, "high": 2, "level": 0.95}


@pytest.mark.parametrize("call", [
    lambda: stats.wilson(-1, 10), lambda: stats.wilson(11, 10), lambda: stats.wilson(1, 0),
    lambda: stats.count_interval(-4), lambda: stats.rate(5, 0, 100_000), lambda: stats.z_value(95),
    lambda: stats.z_value(1), lambda: stats.exact_poisson(2.5), lambda: stats.percent_interval(101, 10),
])
def test_impossible_input_is_refused(call):
    with pytest.raises(ValueError):
        call()
