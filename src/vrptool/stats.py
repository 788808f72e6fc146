"""Confidence intervals and rates, as public-health reporting computes them.

The methods are those of OHID's Fingertips and its method library (PHEindicatormethods), so a
figure in the board report matches the one an analyst gets from the national tools:

- a proportion (a percentage with its ``n``): the Wilson score interval;
- a count, or a rate built on a count: Byar's approximation for 10 or more events, the exact
  Poisson interval below 10;
- a rate on fewer than 20 events is unreliable (ONS's "u" flag).

Only the standard library: the normal quantile is ``statistics.NormalDist``; the exact Poisson
limits are found by bisection on the Poisson distribution function, which for the small counts
they are used for is a short sum (the chi-square quantiles the textbook formula names are the
same numbers). Nothing here knows about the partnership's files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

#: Fingertips' two levels: 95 % for most comparisons, 99.8 % (about three standard errors) for funnels.
LEVEL_95 = 0.95
LEVEL_998 = 0.998
#: Below this many events Byar's approximation is poor, and the exact Poisson interval is used.
BYAR_FROM = 10
#: Below this many events a rate is marked unreliable, as ONS does.
RELIABLE_FROM = 20


@dataclass(frozen=True)
class Interval:
    """A two-sided confidence interval at ``level`` (0.95 for 95 %), found by ``method``."""

    low: float
    high: float
    level: float
    method: str  # "wilson", "byar" or "exact"

    def scaled(self, factor: float) -> Interval:
        return Interval(self.low * factor, self.high * factor, self.level, self.method)

    def overlaps(self, other: Interval) -> bool:
        """Whether the two intervals share any value: if so, the difference may be chance alone."""
        return self.low <= other.high and other.low <= self.high

    def as_dict(self) -> dict:
        return {"low": self.low, "high": self.high, "level": self.level}


def check_level(level: float) -> float:
    """A confidence level as a fraction strictly between 0 and 1 (0.95, 0.998)."""
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0 < level < 1:
        raise ValueError(f"a confidence level is a fraction between 0 and 1, such as 0.95, not {level!r}")
    return float(level)


@lru_cache(maxsize=64)  # a report asks for the same one or two levels for every value it charts
def z_value(level: float) -> float:
    """The standard normal quantile for a two-sided interval at ``level`` (1.96 at 95 %)."""
    return NormalDist().inv_cdf(1 - (1 - check_level(level)) / 2)


def _check_count(count: float, what: str = "count") -> None:
    if isinstance(count, bool) or not isinstance(count, (int, float)) or not math.isfinite(count) or count < 0:
        raise ValueError(f"a {what} is a number of 0 or more, not {count!r}")


def wilson(successes: float, trials: float, level: float = LEVEL_95) -> Interval:
    """The Wilson score interval of the proportion ``successes / trials`` (as a fraction of 1).

    ``successes`` need not be whole: a percentage returned with its ``n`` gives ``value / 100 * n``."""
    _check_count(successes, "number of successes")
    _check_count(trials, "number of trials")
    if trials <= 0:
        raise ValueError("a proportion needs a number of trials above 0")
    if successes > trials:
        raise ValueError(f"{successes} successes cannot come from {trials} trials")
    z = z_value(level)
    p = successes / trials
    centre = 2 * successes + z * z
    spread = z * math.sqrt(z * z + 4 * successes * (1 - p))
    denominator = 2 * (trials + z * z)
    # At 0 or n the limit is 0 or 1 exactly; rounding must not push it past.
    low = 0.0 if successes == 0 else max(0.0, (centre - spread) / denominator)
    high = 1.0 if successes == trials else min(1.0, (centre + spread) / denominator)
    return Interval(low, high, level, "wilson")


def byar(count: float, level: float = LEVEL_95) -> Interval:
    """Byar's approximation to the Poisson interval of an observed ``count`` of events.

    Good from about 10 events; below, use :func:`count_interval`, which switches to the exact interval.
    Raises ValueError where the approximation's lower limit would be negative (it does not apply)."""
    _check_count(count)
    if count == 0:
        raise ValueError("Byar's method does not apply to a count of 0")
    z = z_value(level)
    low = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    if low < 0:
        raise ValueError(f"Byar's method does not apply to a count of {count} at {level:.1%}")
    after = count + 1
    high = after * (1 - 1 / (9 * after) + z / (3 * math.sqrt(after))) ** 3
    return Interval(low, high, level, "byar")


def poisson_cdf(count: int, mean: float) -> float:
    """P(X <= count) for X Poisson with the given mean."""
    if mean == 0:
        return 1.0
    log_mean = math.log(mean)
    return min(1.0, math.fsum(math.exp(k * log_mean - mean - math.lgamma(k + 1)) for k in range(count + 1)))


def _mean_where(count: int, probability: float) -> float:
    """The Poisson mean at which P(X <= count) equals ``probability`` (the CDF falls as the mean grows)."""
    low, high = 0.0, count + 10.0
    while poisson_cdf(count, high) > probability:
        high *= 2
    for _ in range(200):
        middle = (low + high) / 2
        if poisson_cdf(count, middle) > probability:
            low = middle
        else:
            high = middle
        if high - low <= 1e-15 * high:
            break
    return (low + high) / 2


@lru_cache(maxsize=4096)  # whole counts below 10 at one or two levels: a report asks for the same few often
def exact_poisson(count: int, level: float = LEVEL_95) -> Interval:
    """The exact (Garwood) Poisson interval of an observed whole ``count`` of events.

    The limits are the chi-square quantiles chi2((1-level)/2, 2x)/2 and chi2((1+level)/2, 2x+2)/2."""
    _check_count(count)
    if count != int(count):
        raise ValueError(f"the exact Poisson interval needs a whole count, not {count}")
    count = int(count)
    tail = (1 - check_level(level)) / 2
    low = 0.0 if count == 0 else _mean_where(count - 1, 1 - tail)
    return Interval(low, _mean_where(count, tail), level, "exact")


def count_interval(count: float, level: float = LEVEL_95) -> Interval:
    """The interval of a count of events: Byar's method from 10 events, exact Poisson below."""
    _check_count(count)
    return byar(count, level) if count >= BYAR_FROM else exact_poisson(round(count), level)


def rate(count: float, population: float, per: int) -> float:
    """Events per ``per`` people (per 100,000, say)."""
    _check_count(count)
    if isinstance(population, bool) or not isinstance(population, (int, float)) or not population > 0:
        raise ValueError(f"a population is a number above 0, not {population!r}")
    return count / population * per


def rate_interval(count: float, population: float, per: int, level: float = LEVEL_95) -> Interval:
    """The interval of a rate per ``per`` people: the count's interval scaled by ``per / population``."""
    return count_interval(count, level).scaled(rate(1, population, per))


def percent_interval(percent: float, n: float, level: float = LEVEL_95) -> Interval:
    """The Wilson interval of a percentage of ``n`` people or cases, in percent."""
    if isinstance(percent, bool) or not isinstance(percent, (int, float)) or not 0 <= percent <= 100:
        raise ValueError(f"a percentage is between 0 and 100, not {percent!r}")
    return wilson(percent / 100 * n, n, level).scaled(100)


def reliable(count: float, least: int = RELIABLE_FROM) -> bool:
    """Whether a rate on ``count`` events is reliable enough to compare (ONS: 20 events or more)."""
    return count >= least
