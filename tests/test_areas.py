"""Populations for rates: the estimate nearest a quarter, and the total from its areas."""

from __future__ import annotations

from vrptool.areas import Populations, estimate_year
from vrptool.disclosure import TOTAL
from vrptool.models.partnership import LocalArea
from vrptool.models.population import Population
from vrptool.quarters import parse as parse_quarter

AREAS = [LocalArea(id="portsmouth", name="Portsmouth"), LocalArea(id="southampton", name="Southampton")]


def population(*rows, illustrative=False) -> Population:
    return Population.model_validate({"illustrative": illustrative, "estimates": [
        {"area": area, "age_band": band, "year": year, "population": people, "source": "ONS", "release": "mid-year"}
        for area, band, year, people in rows]})


def test_the_latest_estimate_up_to_the_quarter_and_else_the_earliest():
    known = Populations(population(("portsmouth", "all", 2022, 208000), ("portsmouth", "all", 2024, 210000)), AREAS)
    assert known.estimate("portsmouth", "all", 2023)[0] == 208000
    assert known.estimate("portsmouth", "all", 2030)[0] == 210000
    assert known.estimate("portsmouth", "all", 2000)[0] == 208000
    assert known.estimate("portsmouth", "10-17", 2023) is None


def test_the_total_is_the_sum_of_the_top_level_areas_only_when_every_one_has_an_estimate():
    both = Populations(population(("portsmouth", "all", 2024, 210000), ("southampton", "all", 2024, 250000),
                                  illustrative=True), AREAS)
    assert both.estimate(TOTAL, "all", 2024) == (460000, None, True)
    one = Populations(population(("portsmouth", "all", 2024, 210000)), AREAS)
    assert one.estimate(TOTAL, "all", 2024) is None


def test_a_quarter_is_measured_against_the_mid_year_of_its_middle():
    assert estimate_year(parse_quarter("2025-26-Q4", 4)) == 2026
    assert estimate_year(parse_quarter("2025-26-Q1", 4)) == 2025
