"""population.yaml: mid-year population estimates, the denominators of indicators given as rates."""

from typing import Annotated

from pydantic import StrictInt, StringConstraints

from vrptool.ids import LocalAreaId
from vrptool.models.base import Record, Text, described

#: "all", a range of whole years ("10-17") or an open band ("65+").
AgeBand = Annotated[str, StringConstraints(pattern=r"^(all|\d{1,3}-\d{1,3}|\d{1,3}\+)$")]


class Estimate(Record):
    area: LocalAreaId | None = described("One of the partnership's areas (absent: all of the partnership).",
                                         default=None)
    age_band: AgeBand = described("'all', or the ages covered, e.g. '10-17' or '65+'.", default="all")
    year: StrictInt = described("The year of the mid-year (30 June) estimate, e.g. 2023.", ge=1900, le=2200)
    population: StrictInt = described("The estimated number of people.", gt=0)
    source: Text = described("Who publishes the estimate, e.g. 'ONS mid-year population estimates'.")
    release: Text = described("Which release of it, e.g. 'mid-2023, published 15 July 2024'.")
    illustrative: bool | None = described("True when the figure is made up (overrides the file's setting).",
                                          default=None)


class Population(Record):
    illustrative: bool = described("True when the estimates are made up for illustration.", default=False)
    estimates: list[Estimate] = described("One entry per area, age band and year.")
