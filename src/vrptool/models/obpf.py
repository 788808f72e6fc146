"""obpf.yaml: the Outcomes Based Performance Framework (definitions only)."""

from __future__ import annotations

from typing import Literal

from vrptool.ids import AreaId, IndicatorId, MeasureId, ObjectiveId, OrganisationId, OutcomeId
from vrptool.models.base import Record, Text, described

Unit = Literal["count", "percent", "score", "score_change"]
Better = Literal["higher", "lower"]


class Indicator(Record):
    id: IndicatorId = described("Indicator id, e.g. 5.1.2.a.")
    text: Text = described("What is measured.")
    source: OrganisationId = described("Organisation that supplies the figure.")
    dataset: Text | None = described("Dataset the figure comes from.", default=None)
    unit: Unit = described("count, percent, score or score_change.")
    better: Better = described("Direction of improvement: higher or lower.")
    target: float | None = described("Target value.", default=None)
    baseline: float | None = described("Baseline value.", default=None)


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


class PerformanceFramework(Record):
    areas: list[Area] = described("Areas of the framework.")
