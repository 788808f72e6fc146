"""Financial-year quarters: parsing what people type, canonical ids, labels and arithmetic.

The financial year starts in `financial_year_start_month` (4, April, in the UK). Canonical ids
are `2024-25-Q1` for such a year and `2024-Q1` when the year starts in January.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

_SPLIT_YEAR = re.compile(r"^(?:FY)?\s*(\d{4})\s*[-/]\s*(\d{2}|\d{4})\s*[-\s]?\s*Q([1-4])$", re.IGNORECASE | re.ASCII)
_CALENDAR_YEAR = re.compile(r"^(?:FY)?\s*(\d{4})\s*[-\s]?\s*Q([1-4])$", re.IGNORECASE | re.ASCII)
#: The quarter first, as vrptool's labels write it: 'Q1 2024/25' (without the months).
_LABEL_FIRST = re.compile(r"^Q([1-4])\s+((?:FY)?\s*\d{4}(?:\s*[-/]\s*\d{2,4})?)$", re.IGNORECASE | re.ASCII)


#: The financial years whose quarters have dates: a year starting in 9999 ends in 10000, past the
#: last date there is, and there is no year 0.
FIRST_YEAR, LAST_YEAR = 1, 9998


def _within_calendar(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


class QuarterError(ValueError):
    """What someone typed is not a quarter; the message says what to write instead."""


@dataclass(frozen=True, order=True)
class Quarter:
    year: int  # the calendar year in which the financial year starts
    number: int  # 1 to 4
    start_month: int = 4

    @cached_property  # a report looks it up for every indicator in every quarter of its charts
    def id(self) -> str:
        if self.start_month == 1:
            return f"{self.year}-Q{self.number}"
        return f"{self.year}-{(self.year + 1) % 100:02d}-Q{self.number}"

    @property
    def start(self) -> dt.date:
        month0 = self.start_month - 1 + 3 * (self.number - 1)
        return dt.date(self.year + month0 // 12, month0 % 12 + 1, 1)

    @property
    def end(self) -> dt.date:
        month0 = self.start_month - 1 + 3 * (self.number - 1) + 2
        year, month = self.year + month0 // 12, month0 % 12 + 1
        return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)  # the month's last day

    @property
    def year_label(self) -> str:
        return str(self.year) if self.start_month == 1 else f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def label(self) -> str:
        """'Q1 2024/25 (April to June 2024)'."""
        import calendar  # here: few runs name a quarter's months

        first, last = self.start, self.end
        months = f"{calendar.month_name[first.month]} to {calendar.month_name[last.month]} {last.year}"
        if first.year != last.year:
            months = f"{calendar.month_name[first.month]} {first.year} to {calendar.month_name[last.month]} {last.year}"
        return f"Q{self.number} {self.year_label} ({months})"

    def shifted(self, quarters: int) -> Quarter:
        index = self.year * 4 + (self.number - 1) + quarters
        return Quarter(index // 4, index % 4 + 1, self.start_month)

    def through(self, last: Quarter) -> list[Quarter]:
        """Every quarter from this one to `last`, both included (none when `last` is earlier)."""
        count = (last.year - self.year) * 4 + last.number - self.number + 1
        return [self.shifted(i) for i in range(count)]

    @property
    def previous(self) -> Quarter:
        return self.shifted(-1)

    @property
    def year_before(self) -> Quarter:
        return self.shifted(-4)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def containing(day: dt.date, start_month: int = 4) -> Quarter:
    """The quarter a date falls in."""
    months = (day.year * 12 + day.month - 1) - (start_month - 1)
    year, month_in_year = divmod(months, 12)
    return Quarter(year, month_in_year // 3 + 1, start_month)


def parse(text: str, start_month: int = 4) -> Quarter:
    """A quarter from '2024-25-Q1', '2024/25 Q1', 'FY2024/25 Q1', 'Q1 2024/25' as the labels write it
    (any case); '2024Q1' only when the financial year is the calendar year."""
    cleaned = text.strip()
    label_first = _LABEL_FIRST.fullmatch(cleaned)
    if label_first:
        cleaned = f"{label_first.group(2)} Q{label_first.group(1)}"
    written_year = re.match(r"\D*(\d{4})", cleaned, re.ASCII)
    if written_year and not _within_calendar(int(written_year.group(1))) and (
            _SPLIT_YEAR.fullmatch(cleaned) or _CALENDAR_YEAR.fullmatch(cleaned)):
        raise QuarterError(f"'{text}' names the financial year {written_year.group(1)}, which vrptool cannot date; "
                           f"write a year from {FIRST_YEAR:04d} to {LAST_YEAR}")
    match = _SPLIT_YEAR.fullmatch(cleaned)
    if match:
        first, second, number = int(match.group(1)), match.group(2), int(match.group(3))
        expected = first + 1
        if int(second) != (expected if len(second) == 4 else expected % 100):
            raise QuarterError(f"'{text}' names the years {first} and {second}, which do not follow each other; "
                               f"write {Quarter(first, number, start_month).id}")
        if start_month == 1:
            raise QuarterError(f"'{text}' names a split year, but this partnership's financial year is the "
                               f"calendar year; write {first}-Q{number} or {first + 1}-Q{number}")
        return Quarter(first, number, start_month)
    match = _CALENDAR_YEAR.fullmatch(cleaned)
    if match:
        year, number = int(match.group(1)), int(match.group(2))
        if start_month == 1:
            return Quarter(year, number, 1)
        financial = Quarter(year, number, start_month)
        import calendar

        calendar_quarter = containing(dt.date(year, 3 * number - 2, 1), start_month)
        raise QuarterError(
            f"'{text}' is ambiguous: it could mean {financial.id}, {financial.label}, or the calendar quarter "
            f"{calendar.month_name[3 * number - 2]} to {calendar.month_name[3 * number]} {year}, which is "
            f"{calendar_quarter.id}, {calendar_quarter.label}; write one of those ids")
    example = Quarter(2024, 1, start_month).id
    raise QuarterError(f"'{text}' is not a quarter; write it like {example}, "
                       f"{'2024/25 Q1' if start_month != 1 else '2024 Q1'} or latest")


def check_form(text: str) -> None:
    """Refuse what is a quarter under no financial year (a typing slip), before any data is read.

    Which quarter the text names, and whether `2024Q1` is ambiguous, depends on the partnership's
    financial year: `parse` judges that once the data is loaded."""
    if text.strip().lower() == "latest":
        return
    try:
        parse(text, 4)
    except QuarterError as error:
        try:
            parse(text, 1)
        except QuarterError:
            raise error from None


def from_id(text: str, start_month: int = 4) -> Quarter | None:
    """The quarter a canonical id names, or None when it is not one."""
    pattern = r"^(\d{4})-Q([1-4])$" if start_month == 1 else r"^(\d{4})-(\d{2})-Q([1-4])$"
    match = re.fullmatch(pattern, text, re.ASCII)
    if not match or not _within_calendar(int(match.group(1))):
        return None
    if start_month == 1:
        return Quarter(int(match.group(1)), int(match.group(2)), 1)
    year = int(match.group(1))
    if int(match.group(2)) != (year + 1) % 100:
        return None
    return Quarter(year, int(match.group(3)), start_month)
