"""Financial-year quarters: every accepted and refused form, labels, and arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from vrptool.quarters import Quarter, QuarterError, containing, from_id, parse


@pytest.mark.parametrize("text", ["2024-25-Q1", "2024/25 Q1", "FY2024/25 Q1", "fy2024/25 q1", "2024-25 Q1",
                                  " 2024/2025 Q1 ", "2024/25Q1", "FY 2024/25 Q1", "Q1 2024/25", "q1 2024-25"])
def test_accepted_forms_of_a_quarter(text):
    assert parse(text).id == "2024-25-Q1"


def test_label_names_the_financial_year_and_its_months():
    assert parse("2024-25-Q1").label == "Q1 2024/25 (April to June 2024)"
    assert parse("2024-25-Q3").label == "Q3 2024/25 (October to December 2024)"
    assert parse("2024-25-Q4").label == "Q4 2024/25 (January to March 2025)"
    assert parse("1999-00-Q2").label == "Q2 1999/00 (July to September 1999)"


def test_start_and_end_dates():
    quarter = parse("2024-25-Q4")
    assert (quarter.start, quarter.end) == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert quarter.contains(dt.date(2025, 2, 14)) and not quarter.contains(dt.date(2025, 4, 1))


def test_previous_quarter_crosses_the_year_boundary():
    assert parse("2024-25-Q1").previous.id == "2023-24-Q4"
    assert parse("2023-24-Q4").previous.id == "2023-24-Q3"
    assert parse("2024-25-Q1").year_before.id == "2023-24-Q1"
    assert parse("2024-25-Q4").shifted(1).id == "2025-26-Q1"


def test_the_quarter_a_date_falls_in():
    assert containing(dt.date(2025, 3, 31)).id == "2024-25-Q4"
    assert containing(dt.date(2025, 4, 1)).id == "2025-26-Q1"
    assert containing(dt.date(2025, 4, 1), start_month=1).id == "2025-Q2"


def test_bare_2024q1_is_refused_naming_both_readings():
    with pytest.raises(QuarterError) as refused:
        parse("2024Q1")
    message = str(refused.value)
    assert "ambiguous" in message
    assert "2024-25-Q1, Q1 2024/25 (April to June 2024)" in message
    assert "2023-24-Q4, Q4 2023/24 (January to March 2024)" in message


@pytest.mark.parametrize("text, words", [
    ("2024-26-Q1", "do not follow each other"),
    ("2024-25-Q5", "is not a quarter"),
    ("Q1", "is not a quarter"),
    ("", "is not a quarter"),
    ("2024-25", "is not a quarter"),
    ("Q1 2024/26", "do not follow each other"),
    ("Q1 2024/25 (April to June 2024)", "is not a quarter"),
])
def test_refused_forms(text, words):
    with pytest.raises(QuarterError, match=words):
        parse(text)


def test_a_calendar_financial_year():
    assert parse("2024Q1", start_month=1).id == "2024-Q1"
    assert parse("2024 q3", start_month=1).label == "Q3 2024 (July to September 2024)"
    assert parse("FY2024 Q4", start_month=1).end == dt.date(2024, 12, 31)
    with pytest.raises(QuarterError, match="calendar year"):
        parse("2024/25 Q1", start_month=1)


def test_a_year_starting_in_another_month():
    quarter = Quarter(2024, 1, start_month=7)
    assert quarter.label == "Q1 2024/25 (July to September 2024)"
    assert quarter.shifted(2).label == "Q3 2024/25 (January to March 2025)"


def test_canonical_ids_only():
    assert from_id("2024-25-Q2") == Quarter(2024, 2)
    assert from_id("2024-26-Q2") is None
    assert from_id("2024-Q2") is None
    assert from_id("2024-Q2", start_month=1) == Quarter(2024, 2, 1)
