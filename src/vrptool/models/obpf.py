"""obpf.yaml: the Outcomes Based Performance Framework (definitions only)."""

from typing import Literal

from pydantic import model_validator

from vrptool.ids import AreaId, IndicatorId, LocalAreaId, MeasureId, ObjectiveId, OrganisationId, OutcomeId, QuarterId
from vrptool.models.base import Record, Text, described
from vrptool.models.behaviour import FrameworkIndicators, rate_of_a_count
from vrptool.models.population import AgeBand
from vrptool.statuses import BETTER, UNITS, Better, Unit, alternatives

#: Rates are given per so many people.
Per = Literal[1000, 10000, 100000, 1000000]


class RatePopulation(Record):
    age_band: AgeBand = described("The age band of population.yaml the rate is of, e.g. '10-17'.", default="all")
    area: LocalAreaId | None = described("The area whose population the total is a rate of (default: all of it).",
                                         default=None)


class Rebase(Record):
    quarter: QuarterId = described("First quarter of the new mean and limits, e.g. 2025-26-Q1.")
    reason: Text = described("Why the process changed then (shown on the chart).")


class ChartOptions(Record):
    """How the indicator's control chart is drawn (see README, 'Statistical process control')."""

    fix_after: int | None = described(
        "Fix the mean and limits after this many points with a value (at least 12, as NHSRplotthedots asks).",
        default=None, ge=12)
    rebase: list[Rebase] = described("Quarters where a new mean and limits start, each with its reason.", default=[])


class Indicator(Record):
    id: IndicatorId = described("Indicator id, e.g. 5.1.2.a.")
    text: Text = described("What is measured.")
    source: OrganisationId = described("Organisation that supplies the figure.")
    dataset: Text | None = described("Dataset the figure comes from.", default=None)
    unit: Unit = described(f"{alternatives(UNITS)}.")
    better: Better = described(f"Direction of improvement: {alternatives(BETTER)}.")
    target: float | None = described("Target value (of a rate: per `per` people, as the report charts it).",
                                     default=None)
    baseline: float | None = described("Baseline value.", default=None)
    seasonal: bool = described(
        "True when the value follows the time of year: the report compares with the same quarter last year.",
        default=False)
    spc: ChartOptions | None = described("Control chart options: limits fixed after N points, rebases.",
                                         default=None)
    per: Per | None = described("A rate per so many people (e.g. 100000): the returns give the count.", default=None)
    population: RatePopulation | None = described("Whose population the rate is of (default: everyone).",
                                                  default=None)

    _rate_of_a_count = model_validator(mode="after")(rate_of_a_count)


class Measure(Record):
    id: MeasureId = described("Success measure id, e.g. 5.1.2.")
    text: Text | None = described("The success measure.", default=None)
    indicators: list[Indicator] = described("Indicators of the measure.")


class Outcome(Record):
    id: OutcomeId = described("Outcome id, e.g. 5.1.")
    text: Text | None = described("The outcome.", default=None)
    measures: list[Measure] = described("Success measures of the outcome.")


class Area(Record):
    id: AreaId = described("Area id, e.g. 5.")
    title: Text = described("Area title.")
    objective: ObjectiveId | None = described("Strategic objective of the area.", default=None)
    outcomes: list[Outcome] = described("Outcomes of the area.")


class PerformanceFramework(FrameworkIndicators, Record):
    areas: list[Area] = described("Areas of the framework.")

